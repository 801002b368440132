import Foundation
import LinearAlgebra

extension LookalikeModel {
    /// Trains the uncalibrated model: logistic regression of `source` against a sample of `target`, the neighbour
    /// set, and the rank references. Rows index `embedding`; `idOfRow` names the customer of a row.
    static func fitCore(embedding: Matrix<Float>, encoder: FeatureEncoder, source: [Int], target: [Int],
                        parameters p: LookalikeParameters, idOfRow: (Int) -> String,
                        generator: inout SeededGenerator) throws -> LookalikeModel {
        precondition(!source.isEmpty && !target.isEmpty, "LookalikeModel.fitCore: empty source or target")
        let d = embedding.columns
        let negatives = Self.sample(target, count: p.maxTrainingTargetRows, using: &generator)
        let trainRows = source + negatives
        let train = Self.gather(embedding, rows: trainRows)

        // Hinges at the median of every column with more than two distinct values.
        var hingeColumns: [Int] = []
        var knots: [Double] = []
        for j in 0..<d {
            let column = (0..<train.rows).map { Double(train[$0, j]) }
            // More than two distinct values: a third value unlike the first two seen.
            var seen: [Double] = []
            for v in column where !seen.contains(v) {
                seen.append(v)
                if seen.count > 2 { break }
            }
            if seen.count > 2 {
                hingeColumns.append(j)
                knots.append(FeatureEncoder.percentiles(of: column, [0.5])[0])
            }
        }
        let design = Self.design(train, hingeColumns: hingeColumns, knots: knots)
        let n = Double(trainRows.count)
        let positiveWeight = 0.5 * n / Double(source.count), negativeWeight = 0.5 * n / Double(negatives.count)
        let labels = trainRows.indices.map { $0 < source.count }
        let weights = labels.map { $0 ? positiveWeight : negativeWeight }
        let regression = try LogisticRegression.fit(features: design, labels: labels, weights: weights, l2Penalty: p.l2Penalty)

        // The neighbour set: everyone, or half from the source (all of it when smaller) and the rest from the
        // target, so that a small source still has members among a customer's neighbours.
        let population = source.count + target.count
        var referenceRows: [Int]
        if population <= p.maxReferenceRows {
            referenceRows = source + target
        } else {
            let sourcePart = Self.sample(source, count: max(1, p.maxReferenceRows / 2), using: &generator)
            let targetPart = Self.sample(target, count: max(1, p.maxReferenceRows - sourcePart.count), using: &generator)
            referenceRows = sourcePart + targetPart
        }
        let sourceSet = Set(source)
        var model = LookalikeModel(
            encoder: encoder, parameters: p,
            metadata: LookalikeMetadata(name: "", sourceSegment: "", trainedAt: Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)), sourceCount: source.count,
                                        targetCount: target.count,
                                        backtest: Backtest(heldOutCount: 0, auc: 0.5, recall: 0, threshold: 1, selectedShare: 0),
                                        influences: []),
            coefficients: regression.coefficients, intercept: regression.intercept,
            hingeColumns: hingeColumns, hingeKnots: knots,
            reference: Self.gather(embedding, rows: referenceRows),
            referenceIsSource: referenceRows.map { sourceSet.contains($0) },
            referenceIDs: referenceRows.map(idOfRow),
            linearQuantiles: [], voteQuantiles: [], calibrationSlope: 1, calibrationOffset: 0,
            baselineContributions: [Double](repeating: 0, count: d), targetColumnMeans: [Double](repeating: 0, count: d))

        // Rank references: the target members of the neighbour set, each left out of its own vote.
        let targetReference = referenceRows.indices.filter { !model.referenceIsSource[$0] }
        let quantileRows = Self.gather(model.reference, rows: targetReference)
        let parts = model.margins(quantileRows, selfReference: targetReference)
        let negativeRows = Self.gather(embedding, rows: negatives)
        let baseline = Self.meanContributions(of: negativeRows, model: model)
        let columnMeans = (0..<d).map { j in (0..<negativeRows.rows).reduce(0.0) { $0 + Double(negativeRows[$1, j]) } / Double(negativeRows.rows) }
        model = LookalikeModel(
            encoder: encoder, parameters: p, metadata: model.metadata, coefficients: model.coefficients,
            intercept: model.intercept, hingeColumns: hingeColumns, hingeKnots: knots, reference: model.reference,
            referenceIsSource: model.referenceIsSource, referenceIDs: model.referenceIDs,
            linearQuantiles: parts.linear.sorted(), voteQuantiles: parts.vote.sorted(),
            calibrationSlope: 1, calibrationOffset: 0, baselineContributions: baseline,
            targetColumnMeans: columnMeans)
        return model
    }

    /// The same model with Platt scaling fitted on raw scores of positives and negatives (equal total weight).
    func calibrated(positives: [Double], negatives: [Double]) throws -> LookalikeModel {
        let values = positives + negatives
        let labels = values.indices.map { $0 < positives.count }
        let n = Double(values.count)
        let weights = labels.map { $0 ? 0.5 * n / Double(positives.count) : 0.5 * n / Double(negatives.count) }
        let fit = try LogisticRegression.fit(features: Matrix(rows: values.count, columns: 1, elements: values),
                                             labels: labels, weights: weights, l2Penalty: 1)
        return LookalikeModel(
            encoder: encoder, parameters: parameters, metadata: metadata, coefficients: coefficients,
            intercept: intercept, hingeColumns: hingeColumns, hingeKnots: hingeKnots, reference: reference,
            referenceIsSource: referenceIsSource, referenceIDs: referenceIDs, linearQuantiles: linearQuantiles,
            voteQuantiles: voteQuantiles, calibrationSlope: fit.coefficients[0], calibrationOffset: fit.intercept,
            baselineContributions: baselineContributions, targetColumnMeans: targetColumnMeans)
    }

    /// The same model with other calibration parameters taken from `other`.
    func withCalibration(of other: LookalikeModel) -> LookalikeModel {
        LookalikeModel(
            encoder: encoder, parameters: parameters, metadata: metadata, coefficients: coefficients,
            intercept: intercept, hingeColumns: hingeColumns, hingeKnots: hingeKnots, reference: reference,
            referenceIsSource: referenceIsSource, referenceIDs: referenceIDs, linearQuantiles: linearQuantiles,
            voteQuantiles: voteQuantiles, calibrationSlope: other.calibrationSlope,
            calibrationOffset: other.calibrationOffset, baselineContributions: baselineContributions,
            targetColumnMeans: targetColumnMeans)
    }

    /// Up to `count` elements drawn without replacement, in a seeded order (all of them, shuffled, when fewer).
    static func sample(_ rows: [Int], count: Int, using generator: inout SeededGenerator) -> [Int] {
        var rows = rows
        let m = min(count, rows.count)
        for i in 0..<m {
            let j = i + Int(generator.next() % UInt64(rows.count - i))
            rows.swapAt(i, j)
        }
        return Array(rows[0..<m])
    }

    /// The listed rows of a matrix, copied.
    static func gather(_ m: Matrix<Float>, rows: [Int]) -> Matrix<Float> {
        let d = m.columns
        var out = Matrix<Float>(rows: rows.count, columns: d)
        m.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (i, r) in rows.enumerated() {
                    for j in 0..<d { dst[i * d + j] = src[r * d + j] }
                }
            }
        }
        return out
    }
}
