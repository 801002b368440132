/// Ranking metrics used by backtests and evaluations.
public enum Metrics {
    /// The area under the ROC curve: the chance that a random positive scores above a random negative (ties count ½).
    ///
    /// Computed from mid-ranks (the Mann–Whitney U statistic); 0.5 when either side is empty.
    /// - Complexity: O(n log n).
    public static func auc(positives: [Double], negatives: [Double]) -> Double {
        guard !positives.isEmpty, !negatives.isEmpty else { return 0.5 }
        var all = positives.map { ($0, true) } + negatives.map { ($0, false) }
        all.sort { $0.0 < $1.0 }
        var rankSum = 0.0
        var i = 0
        while i < all.count {
            var j = i
            while j + 1 < all.count && all[j + 1].0 == all[i].0 { j += 1 }
            let midRank = Double(i + j) / 2 + 1
            for k in i...j where all[k].1 { rankSum += midRank }
            i = j + 1
        }
        let p = Double(positives.count), n = Double(negatives.count)
        return (rankSum - p * (p + 1) / 2) / (p * n)
    }
}
