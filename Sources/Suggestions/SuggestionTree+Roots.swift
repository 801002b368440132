// Ranking the features by their best split of the root, so a run can grow
// one tree per strong first split: a greedy tree commits to its first split,
// and a confounded attribute there can hide a group that another first split
// finds (see "Alternative first splits" in docs/suggestions.md).
extension SuggestionTree {
    /// The features in order of their best root split's score (best first);
    /// features without a valid split are left out.
    public static func rankRootFeatures(
        target: [Double], features: [BinnedFeature], inScope: [Bool]? = nil, weights: [UInt8]? = nil, limits: Limits
    ) -> [Int] {
        rootRanking(target: target, features: features, inScope: inScope, weights: weights, limits: limits).ranking
    }

    /// The ranking and the root's histograms, which the run's trees then share.
    static func rootRanking(
        target: [Double], features: [BinnedFeature], inScope: [Bool]?, weights: [UInt8]?, limits: Limits
    ) -> (ranking: [Int], histograms: Histograms?) {
        let n = target.count
        var root = SampleSummary()
        var rows: [Int32] = [], values: [Double] = [], rowWeights: [Double] = []
        for i in 0..<n where inScope?[i] ?? true {
            let y = target[i]
            let w = Double(weights?[i] ?? 1)
            guard !y.isNaN, w > 0 else { continue }
            root.add(y, weight: w)
            rows.append(Int32(i))
            values.append(y)
            rowWeights.append(w)
        }
        guard root.count >= 2 * limits.minimumLeafSize, root.variance > 0 else { return ([], nil) }
        let histograms = Histograms.build(features: features, slotCount: 1, rows: rows,
                                          slots: [Int32](repeating: 0, count: rows.count), values: values, weights: rowWeights)
        let node = Node(parent: nil, depth: 0, children: nil, summary: root, memberCount: 0, splitFeature: nil, constraints: [])
        let scored = features.indices.compactMap { f -> (Int, Double)? in
            histograms.bestSplit(slot: 0, feature: f, features: features, node: node, minimumLeafSize: limits.minimumLeafSize,
                                 criterion: limits.criterion, rootMean: root.mean).map { (f, $0.gain) }
        }
        return (scored.sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.map(\.0), histograms)
    }
}
