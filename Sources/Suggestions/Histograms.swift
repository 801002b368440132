/// Per-node, per-feature, per-bin sums of the target for one tree level: the
/// weight, the weighted sum and sum of squares of the target, and the number
/// of rows (target missing or not). Features are filled in parallel.
struct Histograms {
    /// `[feature][slot * (bins + 1) + bin]`.
    var weight: [[Double]]
    var sum: [[Double]]
    var sumOfSquares: [[Double]]
    var rows: [[Int32]]

    static func build(features: [BinnedFeature], slotCount: Int, rows: [Int32], slots: [Int32],
                      values: [Double], weights: [Double]) -> Histograms {
        let featureCount = features.count
        let weight = SharedBuffer<[Double]>(repeating: [], count: featureCount)
        let sum = SharedBuffer<[Double]>(repeating: [], count: featureCount)
        let squares = SharedBuffer<[Double]>(repeating: [], count: featureCount)
        let counts = SharedBuffer<[Int32]>(repeating: [], count: featureCount)
        defer { weight.free(); sum.free(); squares.free(); counts.free() }
        ParallelWork.forEach(featureCount) { f in
            let width = features[f].binCount + 1
            var w = [Double](repeating: 0, count: slotCount * width)
            var s = [Double](repeating: 0, count: slotCount * width)
            var ss = [Double](repeating: 0, count: slotCount * width)
            var c = [Int32](repeating: 0, count: slotCount * width)
            features[f].codes.withUnsafeBufferPointer { codes in
                rows.withUnsafeBufferPointer { rows in
                    slots.withUnsafeBufferPointer { slots in
                        values.withUnsafeBufferPointer { values in
                            weights.withUnsafeBufferPointer { weights in
                                w.withUnsafeMutableBufferPointer { w in
                                    s.withUnsafeMutableBufferPointer { s in
                                        ss.withUnsafeMutableBufferPointer { ss in
                                            c.withUnsafeMutableBufferPointer { c in
                                                for k in 0..<rows.count {
                                                    let cell = Int(slots[k]) * width + Int(codes[Int(rows[k])])
                                                    c[cell] &+= 1
                                                    let weight = weights[k]
                                                    if weight > 0 {
                                                        let y = values[k]
                                                        w[cell] += weight
                                                        s[cell] += weight * y
                                                        ss[cell] += weight * y * y
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            weight[f] = w
            sum[f] = s
            squares[f] = ss
            counts[f] = c
        }
        return Histograms(weight: weight.toArray(), sum: sum.toArray(), sumOfSquares: squares.toArray(), rows: counts.toArray())
    }

    private func cell(_ feature: Int, _ slot: Int, _ bin: Int, width: Int) -> (SampleSummary, Int) {
        let i = slot * width + bin
        return (SampleSummary(count: weight[feature][i], sum: sum[feature][i], sumOfSquares: sumOfSquares[feature][i]),
                Int(rows[feature][i]))
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
        var cells: [(SampleSummary, Int)] = []
        cells.reserveCapacity(width)
        for b in 0..<width { cells.append(cell(f, slot, b, width: width)) }
        let missing = cells[bins]
        var best: SuggestionTree.Split?

        func consider(left: SampleSummary, leftMembers: Int, leftBins: () -> [Bool], threshold: (threshold: Double, next: Double)?) {
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
            best = SuggestionTree.Split(feature: f, leftBins: leftBins(), threshold: threshold, left: left,
                                        leftMembers: leftMembers, gain: gain)
        }

        switch binned.kind {
        case .numeric:
            var prefix = SampleSummary()
            var prefixMembers = 0
            for b in 0..<(bins - 1) {
                let (summary, members) = cells[b]
                prefix = SampleSummary(count: prefix.count + summary.count, sum: prefix.sum + summary.sum,
                                       sumOfSquares: prefix.sumOfSquares + summary.sumOfSquares)
                prefixMembers += members
                guard summary.count > 0 || members > 0 else { continue }
                let leftWithoutMissing = { (0..<width).map { $0 <= b } }
                let point = binned.splitPoints[b]
                consider(left: prefix, leftMembers: prefixMembers, leftBins: leftWithoutMissing, threshold: point)
                if missing.0.count > 0 {
                    let withMissing = SampleSummary(
                        count: prefix.count + missing.0.count, sum: prefix.sum + missing.0.sum,
                        sumOfSquares: prefix.sumOfSquares + missing.0.sumOfSquares)
                    consider(left: withMissing, leftMembers: prefixMembers + missing.1,
                             leftBins: { (0..<width).map { $0 <= b || $0 == bins } }, threshold: point)
                }
            }
        case .categorical, .boolean:
            // Bins with target values, ordered by mean (ties by bin); the rest go right.
            let present = (0..<width).filter { cells[$0].0.count > 0 }
            let ordered = present.sorted { (cells[$0].0.mean, $0) < (cells[$1].0.mean, $1) }
            var prefix = SampleSummary()
            var prefixMembers = 0
            for k in 0..<max(0, ordered.count - 1) {
                let (summary, members) = cells[ordered[k]]
                prefix = SampleSummary(count: prefix.count + summary.count, sum: prefix.sum + summary.sum,
                                       sumOfSquares: prefix.sumOfSquares + summary.sumOfSquares)
                prefixMembers += members
                let leftSet = Set(ordered[0...k])
                consider(left: prefix, leftMembers: prefixMembers, leftBins: { (0..<width).map { leftSet.contains($0) } },
                         threshold: nil)
            }
        }
        return best
    }
}
