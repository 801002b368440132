import CustomerData
import Foundation
import LinearAlgebra
import Segments

/// Suggested segments from a measure or attribute: a CART tree over the
/// influencing attributes proposes candidates (every node), significance tests
/// against the rest of the customers with Benjamini–Hochberg keep the real
/// ones, redundant ones are dropped, and each gets a stability from bootstrap
/// resamples. `docs/suggestions.md` gives the method and formulas.
public enum MeasureSuggestions {
    /// Suggestions for a primary that is a column of the snapshot's customers table:
    /// a number (mean), or a category or boolean with `request.shareOf` (share of that value).
    ///
    /// - Parameter scopeRows: the customer rows of the scope segment; nil means every customer.
    /// - Throws: `SuggestionError` naming the primary or influencing attribute at fault.
    public static func run(_ request: MeasureSuggestionRequest, snapshot: Snapshot, scopeRows: [Int]? = nil) throws -> SuggestionRun {
        let target = try SnapshotFeatures.target(request, snapshot: snapshot)
        return try run(request, snapshot: snapshot, primaryValues: target.values, kind: target.kind, scopeRows: scopeRows)
    }

    /// Suggestions for a primary given as one value per customer row (NaN missing),
    /// such as a measure computed by the engine: its mean when `kind` is `.mean`,
    /// or, with 0/1 values, its share when `kind` is `.share`.
    public static func run(_ request: MeasureSuggestionRequest, snapshot: Snapshot, primaryValues: [Double],
                           kind: SuggestionStatistics.Kind = .mean, scopeRows: [Int]? = nil) throws -> SuggestionRun {
        guard primaryValues.count == snapshot.customers.rowCount else {
            throw SuggestionError(field: "primary \"\(request.primary)\"",
                                  reason: "\(primaryValues.count) values for \(snapshot.customers.rowCount) customers")
        }
        let features = try SnapshotFeatures.influencing(request, snapshot: snapshot)
        return run(request, target: primaryValues, kind: kind, features: features, scopeRows: scopeRows)
    }

    /// The method on prepared inputs: a target per row and binned features with one code per row.
    public static func run(_ request: MeasureSuggestionRequest, target: [Double], kind: SuggestionStatistics.Kind,
                           features: [BinnedFeature], scopeRows: [Int]? = nil) -> SuggestionRun {
        let started = Date()
        let options = request.options
        let n = target.count
        var inScope: [Bool]?
        if let scopeRows {
            var mask = [Bool](repeating: false, count: n)
            for r in scopeRows {
                precondition(r >= 0 && r < n, "MeasureSuggestions.run: scope row \(r) outside 0..<\(n)")
                mask[r] = true
            }
            inScope = mask
        }
        let scopeCount = scopeRows.map { Set($0).count } ?? n
        let limits = SuggestionTree.Limits(maximumDepth: options.maximumDepth,
                                           minimumLeafSize: Double(options.leafSize(forCustomers: scopeCount)),
                                           criterion: options.criterion)
        let tree = SuggestionTree.fit(target: target, features: features, inScope: inScope, limits: limits)
        let root = tree.nodes[0].summary

        // Every node but the root is a candidate; test it against the rest.
        let candidates = Array(1..<max(1, tree.nodes.count))
        var tests: [(statistic: Double?, df: Double?, p: Double)] = []
        for c in candidates {
            let segment = tree.nodes[c].summary
            let rest = root.subtracting(segment)
            switch kind {
            case .mean:
                let w = WelchTest(segment, rest)
                tests.append((w.t.finiteOrNil, w.degreesOfFreedom.finiteOrNil, w.pValue))
            case .share:
                let z = TwoProportionTest(successes1: segment.sum, count1: segment.count,
                                          successes2: max(0, rest.sum), count2: rest.count)
                tests.append((z.z.finiteOrNil, nil, z.pValue))
            }
        }
        let adjusted = BenjaminiHochberg.adjusted(tests.map(\.p))
        let overall = root.mean
        func quality(_ node: Int) -> Double {
            let s = tree.nodes[node].summary
            return s.count.squareRoot() * abs(s.mean - overall)
        }
        // Significant candidates, best first; drop those too similar to a better one.
        let significant = candidates.indices
            .filter { adjusted[$0] <= options.falseDiscoveryRate && tree.nodes[candidates[$0]].summary.count > 0 }
            .sorted { (-quality(candidates[$0]), candidates[$0]) < (-quality(candidates[$1]), candidates[$1]) }
        var kept: [Int] = []
        for index in significant where kept.count < options.maximumSuggestions {
            let node = candidates[index]
            let redundant = kept.contains { other in
                treeJaccard(tree, candidates[other], node) > options.redundancyJaccard
            }
            if !redundant { kept.append(index) }
        }
        let keptNodes = kept.map { candidates[$0] }
        let stability = options.bootstrapResamples > 0
            ? Stability.measure(tree: tree, nodes: keptNodes, target: target, features: features, inScope: inScope,
                                limits: limits, options: options)
            : [Double?](repeating: nil, count: keptNodes.count)

        var suggestions: [Suggestion] = []
        var leafMembers = [[Int]](repeating: [], count: tree.nodes.count)
        for row in 0..<n where tree.leafOfRow[row] >= 0 {
            leafMembers[Int(tree.leafOfRow[row])].append(row)
        }
        let z = Distributions.normalQuantile(0.5 + options.confidenceLevel / 2)
        for (position, index) in kept.enumerated() {
            let node = candidates[index]
            let summary = tree.nodes[node].summary
            let rest = root.subtracting(summary)
            var conditions = tree.conditions(ofNode: node, features: features)
            if let scope = request.scopeSegment {
                conditions.insert(.segment(SegmentCondition(segment: scope)), at: 0)
            }
            let definition = SegmentDefinition(.and, conditions)
            var low: Double?, high: Double?
            switch kind {
            case .mean:
                if summary.count >= 2 {
                    let t = Distributions.studentTQuantile(0.5 + options.confidenceLevel / 2, degreesOfFreedom: summary.count - 1)
                    let half = t * (summary.variance / summary.count).squareRoot()
                    low = (summary.mean - half).finiteOrNil
                    high = (summary.mean + half).finiteOrNil
                }
            case .share:
                let p = summary.mean, m = summary.count
                let centre = (p + z * z / (2 * m)) / (1 + z * z / m)
                let half = z * (p * (1 - p) / m + z * z / (4 * m * m)).squareRoot() / (1 + z * z / m)
                low = centre - half
                high = centre + half
            }
            let statistics = SuggestionStatistics(
                kind: kind, primary: request.primary, shareOf: kind == .share ? request.shareOf : nil,
                valueCount: Int(summary.count.rounded()), segmentValue: summary.mean, overallValue: overall,
                restValue: rest.mean.finiteOrNil, lift: overall != 0 ? (summary.mean / overall).finiteOrNil : nil,
                testStatistic: tests[index].statistic, degreesOfFreedom: tests[index].df, pValue: tests[index].p,
                adjustedPValue: adjusted[index], confidenceLevel: options.confidenceLevel,
                confidenceLow: low, confidenceHigh: high)
            let rows = tree.leaves(under: node).flatMap { leafMembers[$0] }.sorted()
            suggestions.append(Suggestion(
                rank: position + 1, kind: .measure, title: definition.text, definition: definition,
                memberCount: tree.nodes[node].memberCount,
                shareOfCustomers: scopeCount > 0 ? Double(tree.nodes[node].memberCount) / Double(scopeCount) : 0,
                statistics: statistics, stability: stability[position], quality: quality(node).finiteOrNil,
                memberRows: rows))
        }
        let rankOfNode = Dictionary(uniqueKeysWithValues: keptNodes.enumerated().map { ($1, $0 + 1) })
        let treeSummary = tree.nodes.indices.map { i -> TreeNodeSummary in
            let node = tree.nodes[i]
            var condition = "all customers"
            if let parent = node.parent, let f = tree.nodes[parent].splitFeature,
               let constraint = node.constraints.first(where: { $0.feature == f }) {
                condition = SegmentDefinition(.and, constraint.conditions(for: features[f])).text
            }
            return TreeNodeSummary(node: i, parent: node.parent, depth: node.depth, condition: condition,
                                   memberCount: node.memberCount, value: node.summary.mean.finiteOrNil,
                                   suggestionRank: rankOfNode[i])
        }
        return SuggestionRun(kind: .measure, createdAt: started, measureRequest: request, customerCount: scopeCount,
                             candidateCount: candidates.count, suggestions: suggestions, tree: treeSummary,
                             seconds: Date().timeIntervalSince(started))
    }

    /// Jaccard similarity of two nodes of one tree: nested nodes give the smaller over the larger, others 0.
    static func treeJaccard(_ tree: SuggestionTree, _ a: Int, _ b: Int) -> Double {
        let na = tree.nodes[a].memberCount, nb = tree.nodes[b].memberCount
        if tree.isAncestor(a, of: b) || tree.isAncestor(b, of: a) {
            return max(na, nb) > 0 ? Double(min(na, nb)) / Double(max(na, nb)) : 0
        }
        return 0
    }
}
