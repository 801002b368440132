import LinearAlgebra

/// How often a suggested segment comes back when the data is resampled.
///
/// Each resample is a Poisson(1) bootstrap (every row gets a multiplicity
/// drawn from Poisson(1), the usual large-sample stand-in for drawing n rows
/// with replacement), seeded from the run's seed and the resample's index. The
/// run's trees are grown again on it with the same limits (one per leading
/// first split, re-ranked on the resample); the segment *recurs* when some
/// node of those trees has a Jaccard similarity of at least
/// `recurrenceJaccard` with it, both taken as sets of customers (every row in
/// scope, weights aside). Stability is the share of resamples in which it recurs.
enum Stability {
    static func measure(trees: [SuggestionTree], nodes: [TreeOverlap.NodeID], target: [Double], features: [BinnedFeature],
                        inScope: [Bool]?, limits: SuggestionTree.Limits, options: MeasureSuggestionOptions) -> [Double?] {
        guard !nodes.isEmpty else { return [] }
        let n = target.count
        let mainLeaves = trees.map(TreeOverlap.leafIndex)
        let mainLeafSets = nodes.map { id in trees[id.tree].leaves(under: id.node).map { mainLeaves[id.tree].index[$0] } }
        let usedTrees = Set(nodes.map(\.tree))
        var recurrences = [Int](repeating: 0, count: nodes.count)
        for resample in 0..<options.bootstrapResamples {
            var rng = SeededGenerator(seed: options.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(resample) &+ 1)
            var weights = [UInt8](repeating: 0, count: n)
            for i in 0..<n { weights[i] = poissonOne(&rng) }
            let others = MeasureSuggestions.fitTrees(target: target, features: features, inScope: inScope, weights: weights,
                                                     limits: limits, alternatives: trees.count)
            var best = [Double](repeating: 0, count: nodes.count)
            for other in others {
                let otherLeaves = TreeOverlap.leafIndex(other)
                let width = otherLeaves.count
                let otherSets = other.nodes.indices.dropFirst().map { node in
                    (other.leaves(under: node).map { otherLeaves.index[$0] }, other.nodes[node].memberCount)
                }
                for t in usedTrees.sorted() {
                    let table = TreeOverlap.table(trees[t], mainLeaves[t], other, otherLeaves)
                    for (k, id) in nodes.enumerated() where id.tree == t {
                        let size = trees[t].nodes[id.node].memberCount
                        for (leaves, otherSize) in otherSets {
                            var intersection = 0
                            for a in mainLeafSets[k] {
                                for b in leaves { intersection += table[a * width + b] }
                            }
                            let union = size + otherSize - intersection
                            if union > 0 { best[k] = max(best[k], Double(intersection) / Double(union)) }
                        }
                    }
                }
            }
            for k in nodes.indices where best[k] >= options.recurrenceJaccard { recurrences[k] += 1 }
        }
        return recurrences.map { Double($0) / Double(options.bootstrapResamples) }
    }

    /// A Poisson(1) draw by inversion, capped at 255.
    private static func poissonOne(_ rng: inout SeededGenerator) -> UInt8 {
        let u = rng.nextUnit()
        var k = 0
        var p = 0.36787944117144233  // e^−1
        var cumulative = p
        while u > cumulative && k < 255 {
            k += 1
            p /= Double(k)
            cumulative += p
        }
        return UInt8(k)
    }
}
