import LinearAlgebra

extension LookalikeModel {
    /// Each embedding column's contribution to the logistic margin of one row: `β_j·x_j + Σ β_h·max(0, x_j − knot_h)`.
    func contributions(_ x: UnsafeBufferPointer<Float>) -> [Double] {
        let d = x.count
        var c = (0..<d).map { coefficients[$0] * Double(x[$0]) }
        for (h, j) in hingeColumns.enumerated() {
            c[j] += coefficients[d + h] * max(0, Double(x[j]) - hingeKnots[h])
        }
        return c
    }

    /// The mean contribution of every column over the rows.
    static func meanContributions(of rows: Matrix<Float>, model: LookalikeModel) -> [Double] {
        let d = rows.columns
        var sum = [Double](repeating: 0, count: d)
        rows.withUnsafeBufferPointer { x in
            for i in 0..<rows.rows {
                let c = model.contributions(UnsafeBufferPointer(rebasing: x[(i * d)..<((i + 1) * d)]))
                for j in 0..<d { sum[j] += c[j] }
            }
        }
        return sum.map { rows.rows == 0 ? 0 : $0 / Double(rows.rows) }
    }

    /// The features that make the source distinctive and drive the scores, largest mean effect first.
    func influences(source: Matrix<Float>, target: Matrix<Float>) -> [FeatureInfluence] {
        let d = dimension
        let names = encoder.embeddingColumnNames
        let fieldOfColumn = encoder.projection == nil
            ? encoder.fields.flatMap { field in Array(repeating: field.name, count: field.columnCount) }
            : names
        let sourceEffect = Self.meanContributions(of: source, model: self)
        func moments(_ m: Matrix<Float>) -> (mean: [Double], sd: [Double]) {
            var mean = [Double](repeating: 0, count: d), square = [Double](repeating: 0, count: d)
            for i in 0..<m.rows {
                for j in 0..<d {
                    let v = Double(m[i, j])
                    mean[j] += v
                    square[j] += v * v
                }
            }
            let n = Double(max(1, m.rows))
            let means = mean.map { $0 / n }
            let sd = (0..<d).map { max(0, square[$0] / n - means[$0] * means[$0]).squareRoot() }
            return (means, sd)
        }
        let s = moments(source), t = moments(target)
        let total = Double(max(1, source.rows + target.rows))
        let sourceWeight = Double(source.rows) / total, targetWeight = Double(target.rows) / total
        return (0..<d).map { j in
            // The spread of both groups together: within each group, plus between their means.
            let gap = s.mean[j] - t.mean[j]
            let variance = sourceWeight * s.sd[j] * s.sd[j] + targetWeight * t.sd[j] * t.sd[j]
                + sourceWeight * targetWeight * gap * gap
            return FeatureInfluence(
                feature: names[j], field: fieldOfColumn[j], effect: sourceEffect[j] - baselineContributions[j],
                sourceMean: s.mean[j], targetMean: t.mean[j],
                standardizedDifference: variance > 0 ? gap / variance.squareRoot() : 0)
        }
        .sorted { abs($0.effect) > abs($1.effect) }
    }

    /// The top `count` reasons a row scores as it does: the columns that raise its margin most over the target's
    /// typical customer, described by what the customer has.
    func reasons(_ x: UnsafeBufferPointer<Float>, count: Int = 3) -> [ScoreReason] {
        reasons(x, count: count, texts: ReasonTexts(encoder: encoder))
    }

    /// ``reasons(_:count:)`` with the column texts worked out beforehand; ties keep the lower column first.
    func reasons(_ x: UnsafeBufferPointer<Float>, count: Int = 3, texts: ReasonTexts) -> [ScoreReason] {
        precondition(count >= 0 && count <= 8, "LookalikeModel.reasons: count \(count) must be in 0...8")
        return withUnsafeTemporaryAllocation(of: (column: Int, gain: Double).self, capacity: count + 1) { best in
            (0..<bestGains(x, count: count, into: best.baseAddress!)).map { i in
                let j = best[i].column
                return ScoreReason(text: texts.text(column: j, value: Double(x[j]), targetMean: targetColumnMeans[j]),
                                   contribution: best[i].gain)
            }
        }
    }

    /// The columns with the best `count` positive gains over the target's typical customer, best first, written
    /// to `best`; returns how many. Ties keep the lower column first.
    ///
    /// The gains go to a buffer padded with −∞ to whole vectors; each pick is the largest remaining gain
    /// (a vectorised maximum) at its lowest column, which is then taken out: no data-dependent branches but
    /// one per pick.
    @inline(__always)
    private func bestGains(_ x: UnsafeBufferPointer<Float>, count: Int,
                           into best: UnsafeMutablePointer<(column: Int, gain: Double)>) -> Int {
        typealias Lanes = SIMD4<Double>
        let d = x.count
        if count == 0 { return 0 }
        let vectors = (d + Lanes.scalarCount - 1) / Lanes.scalarCount
        return withUnsafeTemporaryAllocation(of: Lanes.self, capacity: max(1, vectors)) { lanes in
            let gain = UnsafeMutableRawPointer(lanes.baseAddress!).assumingMemoryBound(to: Double.self)
            coefficients.withUnsafeBufferPointer { beta in
                for j in 0..<d { gain[j] = beta[j] * Double(x[j]) }
                for (h, j) in hingeColumns.enumerated() {
                    gain[j] += beta[d + h] * max(0, Double(x[j]) - hingeKnots[h])
                }
            }
            baselineContributions.withUnsafeBufferPointer { baseline in
                for j in 0..<d { gain[j] -= baseline[j] }
            }
            for j in d..<(vectors * Lanes.scalarCount) { gain[j] = -.infinity }
            var found = 0
            while found < count {
                var largest = Lanes(repeating: -.infinity)
                for v in 0..<vectors { largest.replace(with: lanes[v], where: lanes[v] .> largest) }
                let g = largest.max()
                guard g > 0 else { break }
                var j = 0
                while gain[j] != g { j += 1 }
                best[found] = (j, g)
                gain[j] = -.infinity
                found += 1
            }
            return found
        }
    }

    /// The reasons of the listed rows as indices into ``reasonTexts``, `count` per row (−1 past a row's last
    /// reason), worked out on every core: the same reasons as ``reasons(of:rows:count:)`` without building text.
    public func reasonIndices(of embedding: Matrix<Float>, rows: [Int], count: Int = 3) -> [Int32] {
        precondition(count >= 0 && count <= 8, "LookalikeModel.reasonIndices: count \(count) must be in 0...8")
        let d = embedding.columns
        let usesMean = reasonComparesWithMean
        var out = [Int32](repeating: -1, count: rows.count * count)
        embedding.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { result in
                Parallel.forEachBlock(of: rows.count) { block in
                    withUnsafeTemporaryAllocation(of: (column: Int, gain: Double).self, capacity: count + 1) { best in
                        for i in block {
                            let row = UnsafeBufferPointer(rebasing: x[(rows[i] * d)..<((rows[i] + 1) * d)])
                            for r in 0..<bestGains(row, count: count, into: best.baseAddress!) {
                                let j = best[r].column
                                let isHigh = ReasonTexts.isHigh(column: j, value: Double(row[j]), targetMean: targetColumnMeans[j],
                                                                comparesWithMean: usesMean)
                                result[i * count + r] = Int32(2 * j + (isHigh ? 0 : 1))
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// The texts ``reasonIndices(of:rows:count:)`` point into: for column `j`, `2j` is what a high value (or a
    /// set flag) says and `2j + 1` what a low one says.
    public var reasonTexts: [String] {
        let texts = ReasonTexts(encoder: encoder)
        return texts.whenHigh.indices.flatMap { [texts.whenHigh[$0], texts.whenLow[$0]] }
    }

    /// Per column: whether "high" compares with the target's mean (numbers, components) rather than with 0 (flags).
    private var reasonComparesWithMean: [Bool] { ReasonTexts(encoder: encoder).comparesWithMean }

    /// The reasons of the listed rows of an embedding (up to `count` each), worked out on every core.
    public func reasons(of embedding: Matrix<Float>, rows: [Int], count: Int = 3) -> [[ScoreReason]] {
        let texts = ReasonTexts(encoder: encoder)
        let d = embedding.columns
        var out = [[ScoreReason]](repeating: [], count: rows.count)
        let block = 2_048
        embedding.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { result in
                Parallel.forEach(items: (rows.count + block - 1) / block, threads: Parallel.processorCount) { item, _ in
                    for i in (item * block)..<min(rows.count, (item + 1) * block) {
                        let r = rows[i]
                        result[i] = reasons(UnsafeBufferPointer(rebasing: x[(r * d)..<((r + 1) * d)]), count: count, texts: texts)
                    }
                }
            }
        }
        return out
    }
}
