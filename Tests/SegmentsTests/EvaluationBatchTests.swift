import Foundation
import Segments
import Testing

@Suite("Evaluation: rules, set operations, segment references and batches")
struct EvaluationBatchTests {
    static let rules: [MemberCase] = [
        MemberCase(#"country = "DE" union country = "FR""#, ["c1", "c3", "c5", "c8"]),
        MemberCase(#"tier = "gold" except age = 30"#, ["c1"]),
        MemberCase(#"tier = "gold" intersect opt_in is true"#, ["c1", "c4"]),
        // Strictly left to right: (gold ∪ silver) ∩ opted in …
        MemberCase(#"tier = "gold" union tier = "silver" intersect opt_in is true"#, ["c1", "c4", "c8"]),
        // … against (silver ∩ opted in) ∪ gold.
        MemberCase(#"tier = "silver" intersect opt_in is true union tier = "gold""#, ["c1", "c4", "c7", "c8"]),
        MemberCase(#"country = "DE" and (age > 60 or opt_in is false)"#, ["c5"]),
        MemberCase(#"country = "FR" or (tier = "gold" and age < 30)"#, ["c1", "c3", "c8"]),
        MemberCase(#"(country = "FR" or (tier = "gold" and (age < 30 or age > 29))) and opt_in is true"#, ["c1", "c4", "c8"]),
        MemberCase(#"age > 100 and country = "DE""#, []),
    ]

    @Test("rules and subrules", arguments: rules)
    func rule(_ test: MemberCase) throws {
        #expect(try EvaluationFixture().members(test.text) == test.expected)
    }

    @Test("per-rule and running counts after each set operation")
    func ruleCounts() throws {
        let fixture = try EvaluationFixture()
        let definition = try fixture.evaluator.catalog.definition(
            text: #"tier = "gold" union tier = "silver" except opt_in is true"#)
        let result = try fixture.evaluator.evaluate(definition)
        #expect(result.ruleCounts == [
            RuleCount(rule: 0, combine: nil, count: 3, runningCount: 3),
            RuleCount(rule: 1, combine: .union, count: 2, runningCount: 5),
            RuleCount(rule: 2, combine: .except, count: 4, runningCount: 2),
        ])
        #expect(result.count == 2)
        #expect(fixture.evaluator.customerIDs(of: result.members) == ["c2", "c7"])
        #expect(fixture.evaluator.customerIDs(of: result.members, limit: 1) == ["c2"])
    }

    @Test("segment references given from outside, and their complement")
    func externalSegments() throws {
        let fixture = try EvaluationFixture()
        let stored = ["S": fixture.bitset(["c1", "c2"])]
        #expect(try fixture.members(#"in segment "S" and age > 30"#, segments: stored) == ["c2"])
        #expect(try fixture.members(#"not in segment "S""#, segments: stored)
                == ["c3", "c4", "c5", "c6", "c7", "c8"])
    }

    @Test("segments of a batch evaluate in dependency order, whatever the batch order")
    func dependencyOrder() throws {
        let fixture = try EvaluationFixture()
        let catalog = SegmentCatalog(
            snapshot: fixture.snapshot, config: fixture.config,
            segments: ["A": SegmentDefinition(rules: []), "B": SegmentDefinition(rules: []), "C": SegmentDefinition(rules: [])])
        let a = try catalog.definition(text: #"in segment "B" and opt_in is true"#)
        let b = try catalog.definition(text: #"tier = "gold" union in segment "C""#)
        let c = try catalog.definition(text: #"country = "FR""#)
        let results = try fixture.evaluator.evaluate([("A", a), ("B", b), ("C", c)])
        #expect(fixture.evaluator.customerIDs(of: results["C"]!.members) == ["c3", "c8"])
        #expect(fixture.evaluator.customerIDs(of: results["B"]!.members).sorted() == ["c1", "c3", "c4", "c7", "c8"])
        #expect(fixture.evaluator.customerIDs(of: results["A"]!.members).sorted() == ["c1", "c4", "c8"])
    }

    @Test("a batch shares measures and aggregates and gives each definition its own result")
    func sharedScan() throws {
        let fixture = try EvaluationFixture()
        let catalog = fixture.evaluator.catalog
        let texts = [
            "big": "measure spend_90d > 20",
            "small": "measure spend_90d > 0 and measure spend_90d <= 20",
            "none": "count(purchase within last 90 days) = 0",
        ]
        let batch = try texts.sorted { $0.key < $1.key }.map { (name: $0.key, definition: try catalog.definition(text: $0.value)) }
        let results = try fixture.evaluator.evaluate(batch)
        #expect(fixture.evaluator.customerIDs(of: results["big"]!.members).sorted() == ["c1", "c5"])
        #expect(fixture.evaluator.customerIDs(of: results["small"]!.members).sorted() == ["c8"])
        #expect(fixture.evaluator.customerIDs(of: results["none"]!.members).sorted() == ["c2", "c3", "c4", "c6", "c7"])
    }

    @Test("problems stop the whole batch with the segment and the path named")
    func errors() throws {
        let fixture = try EvaluationFixture()
        let good = SegmentDefinition(.and, [.attribute(FieldCondition(field: "age", test: .greaterThan(.number(1))))])
        let bad = SegmentDefinition(.and, [.attribute(FieldCondition(field: "agee", test: .greaterThan(.number(1))))])
        #expect {
            try fixture.evaluator.evaluate([("fine", good), ("broken", bad)])
        } throws: { error in
            let text = "\(error)"
            return text.contains("segment \"broken\"") && text.contains("rules[0].conditions[0]")
                && text.contains("did you mean \"age\"")
        }
        let reference = SegmentDefinition(.and, [.segment(SegmentCondition(segment: "Missing"))])
        #expect(throws: EvaluationError.unknownSegment("Missing", referencedBy: "X")) {
            try fixture.evaluator.evaluate([("X", reference)])
        }
        #expect(throws: EvaluationError.duplicateSegment("fine")) {
            try fixture.evaluator.evaluate([("fine", good), ("fine", good)])
        }
        let loopA = SegmentDefinition(.and, [.segment(SegmentCondition(segment: "B"))])
        let loopB = SegmentDefinition(.and, [.segment(SegmentCondition(segment: "A"))])
        #expect {
            try fixture.evaluator.evaluate([("A", loopA), ("B", loopB)])
        } throws: { error in
            "\(error)".contains("cycle")
        }
        #expect(throws: EvaluationError.membersDoNotFit(segment: "Missing", capacity: 3, customers: 8)) {
            try fixture.evaluator.evaluate(reference, named: "X", segmentMembers: { _ in Bitset(capacity: 3) })
        }
    }
}
