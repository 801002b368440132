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
        return (0..<d).map { j in
            FeatureInfluence(feature: names[j], field: fieldOfColumn[j], effect: sourceEffect[j] - baselineContributions[j],
                             sourceMean: s.mean[j], targetMean: t.mean[j],
                             standardizedDifference: t.sd[j] > 0 ? (s.mean[j] - t.mean[j]) / t.sd[j] : 0)
        }
        .sorted { abs($0.effect) > abs($1.effect) }
    }

    /// The top `count` reasons a row scores as it does: the columns that raise its margin most over the target's
    /// typical customer, described by what the customer has.
    func reasons(_ x: UnsafeBufferPointer<Float>, count: Int = 3) -> [ScoreReason] {
        let c = contributions(x)
        let ranked = c.indices.map { ($0, c[$0] - baselineContributions[$0]) }
            .filter { $0.1 > 0 }
            .sorted { $0.1 > $1.1 }
            .prefix(count)
        return ranked.map { j, value in ScoreReason(text: describe(column: j, value: Double(x[j]), targetMean: targetColumnMeans[j]), contribution: value) }
    }

    /// What a column's value says about a customer: `age is high`, `checking_status = <0`, `income is missing`.
    func describe(column j: Int, value: Double, targetMean: Double) -> String {
        let names = encoder.embeddingColumnNames
        guard encoder.projection == nil else { return "\(names[j]) is \(value >= targetMean ? "high" : "low")" }
        var offset = 0
        for field in encoder.fields {
            if j < offset + field.columnCount {
                switch field.columnRoles[j - offset] {
                case .value:
                    return "\(field.name) is \(value >= targetMean ? "high" : "low")"
                case .level(let level):
                    return value > 0 ? "\(field.name) = \(level)" : "\(field.name) is not \(level)"
                case .missing:
                    return value > 0 ? "\(field.name) is missing" : "\(field.name) is known"
                }
            }
            offset += field.columnCount
        }
        return names[j]
    }
}
