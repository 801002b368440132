import CustomerData
import Foundation
import Segments
import Suggestions
import Testing

@Suite struct MeasureSuggestionTests {
    static let creditInfluencing = ["checking_status", "duration", "credit_history", "purpose", "credit_amount",
                                    "savings_status", "employment", "age", "housing", "own_telephone"]

    @Test func everyDefinitionSelectsExactlyItsMembers() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try ingestFixture("credit-g", into: folder)
        let request = MeasureSuggestionRequest(primary: "class", shareOf: "bad", influencing: Self.creditInfluencing)
        let run = try MeasureSuggestions.run(request, snapshot: snapshot)
        #expect(!run.suggestions.isEmpty)
        let checker = DefinitionChecker(snapshot: snapshot)
        for s in run.suggestions {
            #expect(checker.members(s.definition) == Set(s.memberRows), "\(s.definitionText)")
            #expect(s.memberCount == s.memberRows.count)
            // The printed text parses back to the same definition.
            let parsed = try SegmentParser.parse(s.definitionText).definition
            #expect(parsed == s.definition)
        }
        // Every kept suggestion passed Benjamini–Hochberg at q = 0.05 and shares are in 0 … 1.
        for s in run.suggestions {
            let st = try #require(s.statistics)
            #expect(st.kind == .share)
            #expect(st.adjustedPValue <= 0.05)
            #expect(st.adjustedPValue >= st.pValue)
            #expect((0...1).contains(st.segmentValue))
            #expect(abs(st.overallValue - 0.3) < 1e-12)  // 300 of 1,000 credit-g customers are "bad"
            let low = try #require(st.confidenceLow), high = try #require(st.confidenceHigh)
            #expect(low <= st.segmentValue && st.segmentValue <= high)
        }
    }

    @Test func treeRespectsLeafSizeAndDepthAndPartitionsEachNode() throws {
        var rng = SplitMix(seed: 7)
        let n = 4000
        let x = (0..<n).map { _ in Double(rng.next() % 100) }
        let group = (0..<n).map { _ in UInt32(rng.next() % 5) }
        let y = (0..<n).map { i in (x[i] > 60 ? 10.0 : 0) + Double(group[i]) + Double(rng.next() % 100) / 10 }
        let labels = ["a", "b", "c", "d", "e"]
        let features = [
            BinnedFeature.numeric(x, expression: .attribute("x", .number), maximumBins: 128),
            group.withUnsafeBufferPointer { BinnedFeature.categorical(codes: $0, labels: labels, expression: .attribute("g", .category)) },
        ]
        let limits = SuggestionTree.Limits(maximumDepth: 4, minimumLeafSize: 50)
        let tree = SuggestionTree.fit(target: y, features: features, limits: limits)
        #expect(tree.nodes.count > 7)
        for (i, node) in tree.nodes.enumerated() {
            #expect(node.depth <= 4)
            if i > 0 { #expect(node.summary.count >= 50) }
            if let (l, r) = node.children {
                #expect(tree.nodes[l].memberCount + tree.nodes[r].memberCount == node.memberCount)
                #expect(abs(tree.nodes[l].summary.sum + tree.nodes[r].summary.sum - node.summary.sum) < 1e-6)
            }
        }
        // The leaves partition the rows.
        let leaves = tree.nodes.indices.filter { tree.nodes[$0].children == nil }
        #expect(leaves.map { tree.nodes[$0].memberCount }.reduce(0, +) == n)
        // The first split finds the step at 60.
        let root = tree.nodes[0]
        #expect(root.splitFeature == 0)
        let left = try #require(root.children?.left)
        #expect(tree.conditions(ofNode: left, features: features) == [.attribute(FieldCondition(field: "x", test: .lessThanOrEqual(.number(60))))])
    }

    @Test func sameSeedGivesTheSameRun() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try ingestFixture("credit-g", into: folder)
        var request = MeasureSuggestionRequest(primary: "credit_amount", influencing: Self.creditInfluencing.filter { $0 != "credit_amount" })
        request.options.seed = 42
        var first = try MeasureSuggestions.run(request, snapshot: snapshot)
        var second = try MeasureSuggestions.run(request, snapshot: snapshot)
        first.seconds = 0
        second.seconds = 0
        second.createdAt = first.createdAt
        #expect(first == second)
        #expect(first.suggestions.contains { $0.stability != nil })
        // The run survives JSON.
        let decoded = try SuggestionRun(json: first.jsonData())
        #expect(decoded.suggestions.map(\.definition) == first.suggestions.map(\.definition))
        #expect(decoded.suggestions.map(\.statistics) == first.suggestions.map(\.statistics))
        #expect(decoded.measureRequest == request)
        #expect(first.text.contains("Tree"))
        #expect(first.markdown.contains("| # |"))
    }

    @Test func scopeLimitsTheCustomersAndNamesTheSegment() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try ingestFixture("credit-g", into: folder)
        let scope = Array(stride(from: 0, to: 1000, by: 2))
        let request = MeasureSuggestionRequest(primary: "class", shareOf: "bad", influencing: Self.creditInfluencing,
                                               scopeSegment: "Even rows")
        let run = try MeasureSuggestions.run(request, snapshot: snapshot, scopeRows: scope)
        #expect(run.customerCount == 500)
        let scopeSet = Set(scope)
        for s in run.suggestions {
            #expect(Set(s.memberRows).isSubset(of: scopeSet))
            #expect(s.definitionText.hasPrefix("in segment \"Even rows\" and "))
        }
    }

    @Test func badInputsNameTheField() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try ingestFixture("credit-g", into: folder)
        func failure(_ request: MeasureSuggestionRequest) -> String {
            do {
                _ = try MeasureSuggestions.run(request, snapshot: snapshot)
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(failure(MeasureSuggestionRequest(primary: "agee", influencing: ["duration"])).hasPrefix("primary \"agee\": no such customer attribute"))
        #expect(failure(MeasureSuggestionRequest(primary: "purpose", influencing: ["age"]))
            == "primary \"purpose\": is a category: name the value whose share to compare")
        #expect(failure(MeasureSuggestionRequest(primary: "class", shareOf: "ugly", influencing: ["age"]))
            .hasPrefix("primary \"class\": has no value \"ugly\""))
        #expect(failure(MeasureSuggestionRequest(primary: "age", influencing: ["age"])) == "influencing[0] \"age\": is the primary itself")
        #expect(failure(MeasureSuggestionRequest(primary: "age", influencing: ["duration", "nope"]))
            .hasPrefix("influencing[1] \"nope\": no such customer attribute"))
    }
}

/// A tiny seeded generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
