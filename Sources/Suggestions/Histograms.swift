/// Per-node, per-feature, per-bin sums of the target for one tree level: the
/// weight and the weighted sum and sum of squares of the target, interleaved.
/// Features are filled in parallel.
struct Histograms {
    /// `[feature][(slot * (bins + 1) + bin) * 3 + (0 weight, 1 sum, 2 sum of squares)]`.
    var cells: [[Double]]

    static func build(features: [BinnedFeature], slotCount: Int, rows: [Int32], slots: [Int32],
                      values: [Double], weights: [Double]) -> Histograms {
        let featureCount = features.count
        let out = SharedBuffer<[Double]>(repeating: [], count: featureCount)
        defer { out.free() }
        ParallelWork.forEach(featureCount) { f in
            let width = features[f].binCount + 1
            var h = [Double](repeating: 0, count: slotCount * width * 3)
            features[f].codes.withUnsafeBufferPointer { codes in
                rows.withUnsafeBufferPointer { rows in
                    slots.withUnsafeBufferPointer { slots in
                        values.withUnsafeBufferPointer { values in
                            weights.withUnsafeBufferPointer { weights in
                                h.withUnsafeMutableBufferPointer { h in
                                    let h = h.baseAddress!
                                    for k in 0..<rows.count {
                                        let cell = (Int(slots[k]) * width + Int(codes[Int(rows[k])])) * 3
                                        let w = weights[k], y = values[k]
                                        let wy = w * y
                                        h[cell] += w
                                        h[cell + 1] += wy
                                        h[cell + 2] += wy * y
                                    }
                                }
                            }
                        }
                    }
                }
            }
            out[f] = h
        }
        return Histograms(cells: out.toArray())
    }

    private func cell(_ feature: Int, _ slot: Int, _ bin: Int, width: Int) -> SampleSummary {
        let i = (slot * width + bin) * 3
        let h = cells[feature]
        return SampleSummary(count: h[i], sum: h[i + 1], sumOfSquares: h[i + 2])
    }

    /// The best split of a node on one feature, or nil when no split leaves
    /// `minimumLeafSize` on both sides or none reduces the error.
    func bestSplit(slot: Int, feature f: Int, features: [BinnedFeature], node: SuggestionTree.Node,
                   minimumLeafSize: Double, criterion: SuggestionTree.Criterion, rootMean: Double) -> SuggestionTree.Split? {
        let binned = features[f]
        let bins = binned.binCount
        let width = bins + 1
        let total = node.summary
        guard total.count > 0 else { return nil }
        let base = total.sum * total.sum / total.count
        let tolerance = 1e-10 * max(1, total.sumOfSquares)
        var cells: [SampleSummary] = []
        cells.reserveCapacity(width)
        for b in 0..<width { cells.append(cell(f, slot, b, width: width)) }
        let missing = cells[bins]
        var best: SuggestionTree.Split?

        func consider(left: SampleSummary, leftBins: () -> [Bool], threshold: (threshold: Double, next: Double)?) {
            let right = total.subtracting(left)
            guard left.count >= minimumLeafSize, right.count >= minimumLeafSize else { return }
            let gain: Double
            switch criterion {
            case .squaredError:
                gain = left.sum * left.sum / left.count + right.sum * right.sum / right.count - base
                guard gain > tolerance else { return }
            case .subgroupQuality:
                gain = max(left.count.squareRoot() * abs(left.mean - rootMean), right.count.squareRoot() * abs(right.mean - rootMean))
                let sse = left.sum * left.sum / left.count + right.sum * right.sum / right.count - base
                guard sse > tolerance else { return }
            }
            guard gain > (best?.gain ?? 0) else { return }
            best = SuggestionTree.Split(feature: f, leftBins: leftBins(), threshold: threshold, left: left, gain: gain)
        }

        switch binned.kind {
        case .numeric:
            var prefix = SampleSummary()
            for b in 0..<(bins - 1) {
                let summary = cells[b]
                guard summary.count > 0 else { continue }
                prefix = SampleSummary(count: prefix.count + summary.count, sum: prefix.sum + summary.sum,
                                       sumOfSquares: prefix.sumOfSquares + summary.sumOfSquares)
                let point = binned.splitPoints[b]
                consider(left: prefix, leftBins: { (0..<width).map { $0 <= b } }, threshold: point)
                if missing.count > 0 {
                    let withMissing = SampleSummary(
                        count: prefix.count + missing.count, sum: prefix.sum + missing.sum,
                        sumOfSquares: prefix.sumOfSquares + missing.sumOfSquares)
                    consider(left: withMissing, leftBins: { (0..<width).map { $0 <= b || $0 == bins } }, threshold: point)
                }
            }
        case .categorical, .boolean:
            // Bins with target values, ordered by mean (ties by bin); the rest go right.
            let present = (0..<width).filter { cells[$0].count > 0 }
            let ordered = present.sorted { (cells[$0].mean, $0) < (cells[$1].mean, $1) }
            var prefix = SampleSummary()
            for k in 0..<max(0, ordered.count - 1) {
                let summary = cells[ordered[k]]
                prefix = SampleSummary(count: prefix.count + summary.count, sum: prefix.sum + summary.sum,
                                       sumOfSquares: prefix.sumOfSquares + summary.sumOfSquares)
                let leftSet = Set(ordered[0...k])
                consider(left: prefix, leftBins: { (0..<width).map { leftSet.contains($0) } }, threshold: nil)
            }
        }
        return best
    }
}
