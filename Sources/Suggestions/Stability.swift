import LinearAlgebra

/// How often a suggested segment comes back when the data is resampled.
///
/// Each resample is a Poisson(1) bootstrap (every row gets a multiplicity
/// drawn from Poisson(1), the usual large-sample stand-in for drawing n rows
/// with replacement), seeded from the run's seed and the resample's index. A
/// tree is fitted on it with the same limits; the segment *recurs* when some
/// node of that tree has a Jaccard similarity of at least `recurrenceJaccard`
/// with it, both taken as sets of customers (every row in scope, weights
/// aside). Stability is the share of resamples in which it recurs.
enum Stability {
    static func measure(tree: SuggestionTree, nodes: [Int], target: [Double], features: [BinnedFeature],
                        inScope: [Bool]?, limits: SuggestionTree.Limits, options: MeasureSuggestionOptions) -> [Double?] {
        guard !nodes.isEmpty else { return [] }
        let n = target.count
        let mainLeaves = leafIndex(tree)
        let mainLeafSets = nodes.map { tree.leaves(under: $0).map { mainLeaves.index[$0] } }
        var recurrences = [Int](repeating: 0, count: nodes.count)
        for resample in 0..<options.bootstrapResamples {
            var rng = SeededGenerator(seed: options.seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(resample) &+ 1)
            var weights = [UInt8](repeating: 0, count: n)
            for i in 0..<n { weights[i] = poissonOne(&rng) }
            let other = SuggestionTree.fit(target: target, features: features, inScope: inScope, weights: weights, limits: limits)
            let otherLeaves = leafIndex(other)
            // Rows per (main leaf, resample leaf): every intersection of a main node and a resample node is a sum of these.
            let width = otherLeaves.count
            var table = [Int](repeating: 0, count: mainLeaves.count * width)
            for i in 0..<n {
                let a = tree.leafOfRow[i], b = other.leafOfRow[i]
                guard a >= 0, b >= 0 else { continue }
                table[mainLeaves.index[Int(a)] * width + otherLeaves.index[Int(b)]] += 1
            }
            let otherSets = other.nodes.indices.dropFirst().map { node in
                (other.leaves(under: node).map { otherLeaves.index[$0] }, other.nodes[node].memberCount)
            }
            for (k, node) in nodes.enumerated() {
                let size = tree.nodes[node].memberCount
                var best = 0.0
                for (leaves, otherSize) in otherSets {
                    var intersection = 0
                    for a in mainLeafSets[k] {
                        for b in leaves { intersection += table[a * width + b] }
                    }
                    let union = size + otherSize - intersection
                    if union > 0 { best = max(best, Double(intersection) / Double(union)) }
                }
                if best >= options.recurrenceJaccard { recurrences[k] += 1 }
            }
        }
        return recurrences.map { Double($0) / Double(options.bootstrapResamples) }
    }

    /// A dense index of a tree's leaves: `index[node]` for leaf nodes, and their count.
    private static func leafIndex(_ tree: SuggestionTree) -> (index: [Int], count: Int) {
        var index = [Int](repeating: -1, count: tree.nodes.count)
        var count = 0
        for (i, node) in tree.nodes.enumerated() where node.children == nil {
            index[i] = count
            count += 1
        }
        return (index, count)
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
