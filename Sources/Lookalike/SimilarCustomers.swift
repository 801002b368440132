import CustomerData
import Foundation
import LinearAlgebra

/// Finds the customers who look like a source segment's members: trains a model, scores the target, selects.
public enum SimilarCustomers {
    /// Below this many source members there is nothing to learn from.
    public static let minimumSourceCount = 10
    /// Below this many source members the result comes with a warning.
    public static let recommendedSourceCount = 100

    /// Runs the whole expansion on a snapshot: encode, backtest and calibrate, train, score, select, explain.
    ///
    /// The model is first trained without a random 20 % of the source and half
    /// of the target; its scores of the held-out members against the other half
    /// give the backtest and the calibration. Then it is retrained on the whole
    /// source and target and scores the target audience.
    ///
    /// - Throws: ``LookalikeError/sourceTooSmall(segment:members:minimum:)``, ``LookalikeError/emptyTarget(segment:)``,
    ///   ``LookalikeError/rowOutOfRange(row:rowCount:)``, encoder and numeric errors.
    public static func run(_ request: SimilarCustomersRequest, on snapshot: Snapshot) throws -> SimilarCustomersResult {
        let rowCount = snapshot.customers.rowCount
        let source = Array(Set(try FeatureEncoder.checkedRows(request.sourceRows, rowCount: rowCount))).sorted()
        guard source.count >= minimumSourceCount else {
            throw LookalikeError.sourceTooSmall(segment: request.sourceSegment, members: source.count, minimum: minimumSourceCount)
        }
        let sourceSet = Set(source)
        let target: [Int]
        if let rows = request.targetRows {
            target = Array(Set(try FeatureEncoder.checkedRows(rows, rowCount: rowCount)).subtracting(sourceSet)).sorted()
        } else {
            target = (0..<rowCount).filter { !sourceSet.contains($0) }
        }
        guard !target.isEmpty else { throw LookalikeError.emptyTarget(segment: request.sourceSegment) }
        var warnings: [String] = []
        if source.count < recommendedSourceCount {
            warnings.append("source segment \"\(request.sourceSegment)\" has only \(source.count) members; "
                + "scores from fewer than \(recommendedSourceCount) are unreliable")
        }

        // A fitted encoder hands its measure columns on, so the snapshot's measures are computed once.
        let encoder: FeatureEncoder, embedding: Matrix<Float>
        if let given = request.encoder {
            encoder = given
            embedding = try encoder.encode(snapshot)
        } else {
            let fitted = try FeatureEncoder.fitKeepingMeasures(on: snapshot, options: request.encoderOptions,
                                                               measures: request.measures)
            encoder = fitted.encoder
            embedding = try encoder.encode(snapshot, measureColumns: fitted.measureColumns)
        }
        for field in encoder.leftOut where field.reason != "excluded by name" {
            warnings.append("field \(field.name) left out: \(field.reason)")
        }
        let trained = try train(embedding: embedding, encoder: encoder, source: source, target: target,
                                selection: request.selection, parameters: request.parameters,
                                idOfRow: { snapshot.customerID(ofRow: $0) })
        var model = trained.model
        model.metadata.name = request.modelName ?? "\(request.sourceSegment)-lookalike"
        model.metadata.sourceSegment = request.sourceSegment

        // Score the target (and the source), each customer left out of its own vote.
        var referenceOfRow: [Int: Int] = [:]
        for (i, id) in model.referenceIDs.enumerated() {
            if let row = snapshot.customerRow(forID: id) { referenceOfRow[row] = i }
        }
        let targetScores = model.scores(LookalikeModel.gather(embedding, rows: target),
                                        selfReference: target.map { referenceOfRow[$0] ?? -1 })
        let histogram = ScoreHistogram(scores: targetScores)
        let threshold: Double
        switch request.selection {
        case .threshold(let t): threshold = t
        case .topShare(let share):
            precondition(share > 0 && share <= 1, "SimilarCustomers.run: top share \(share) must be in (0, 1]")
            threshold = histogram.threshold(forSize: Int((share * Double(target.count)).rounded()))
        }
        var chosen: [(row: Int, score: Double, isSource: Bool)] = target.indices
            .filter { targetScores[$0] >= threshold }
            .map { (target[$0], targetScores[$0], false) }
        if request.includesSource {
            let sourceScores = model.scores(LookalikeModel.gather(embedding, rows: source),
                                            selfReference: source.map { referenceOfRow[$0] ?? -1 })
            chosen += zip(source, sourceScores).map { ($0, $1, true) }
        }
        chosen.sort { $0.score != $1.score ? $0.score > $1.score : $0.row < $1.row }
        let reasons = model.reasons(of: embedding, rows: chosen.map(\.row))
        let members = chosen.indices.map { i in
            SimilarCustomersResult.Member(row: UInt32(chosen[i].row), score: chosen[i].score,
                                          band: SimilarityBand(score: chosen[i].score), reasons: reasons[i],
                                          isSource: chosen[i].isSource)
        }
        return SimilarCustomersResult(model: model, targetRows: target.map { UInt32($0) }, targetScores: targetScores,
                                      members: members, threshold: threshold, histogram: histogram, warnings: warnings)
    }

    /// Backtests, calibrates and trains a model on embedding rows (the snapshot-free core of ``run(_:on:)``).
    ///
    /// - Parameters:
    ///   - embedding: the encoded customers; `source` and `target` index its rows and must not overlap.
    ///   - idOfRow: the customer id of a row (stored with the neighbour set so batch scoring can leave a
    ///     customer out of its own vote).
    public static func train(embedding: Matrix<Float>, encoder: FeatureEncoder, source: [Int], target: [Int],
                             selection: SimilarCustomersRequest.Selection = .topShare(0.2),
                             parameters: LookalikeParameters = LookalikeParameters(),
                             idOfRow: (Int) -> String) throws -> (model: LookalikeModel, heldOut: [Int]) {
        precondition(source.count >= 2 && !target.isEmpty, "SimilarCustomers.train: needs at least 2 source and 1 target rows")
        precondition(parameters.holdoutFraction > 0 && parameters.holdoutFraction < 1,
                     "SimilarCustomers.train: holdoutFraction \(parameters.holdoutFraction) must be in (0, 1)")
        var generator = SeededGenerator(seed: parameters.seed)
        let shuffledSource = LookalikeModel.sample(source, count: source.count, using: &generator)
        let heldCount = min(source.count - 1, max(1, Int((Double(source.count) * parameters.holdoutFraction).rounded())))
        let heldOut = Array(shuffledSource[0..<heldCount])
        let kept = Array(shuffledSource[heldCount...])
        let shuffledTarget = LookalikeModel.sample(target, count: target.count, using: &generator)
        let evaluationCount = target.count < 2 ? target.count : min(parameters.maxTrainingTargetRows, target.count / 2)
        let evaluation = Array(shuffledTarget[0..<evaluationCount])
        let backtestNegatives = target.count < 2 ? target : Array(shuffledTarget[evaluationCount...])

        // Backtest: train without the held-out source and the evaluation half of the target.
        var backtestGenerator = SeededGenerator(seed: parameters.seed &+ 1)
        let probe = try LookalikeModel.fitCore(embedding: embedding, encoder: encoder, source: kept, target: backtestNegatives,
                                               parameters: parameters, idOfRow: idOfRow, generator: &backtestGenerator)
        let heldRaw = probe.rawScores(LookalikeModel.gather(embedding, rows: heldOut), selfReference: heldOut.map { _ in -1 })
        let evaluationRaw = probe.rawScores(LookalikeModel.gather(embedding, rows: evaluation),
                                            selfReference: evaluation.map { _ in -1 })
        let calibratedProbe = try probe.calibrated(positives: heldRaw, negatives: evaluationRaw)
        let heldScores = heldRaw.map(calibratedProbe.calibrated)
        let evaluationScores = evaluationRaw.map(calibratedProbe.calibrated)
        let cut: Double
        switch selection {
        case .threshold(let t): cut = t
        case .topShare(let share):
            cut = ScoreHistogram(scores: evaluationScores).threshold(forSize: Int((share * Double(evaluation.count)).rounded()))
        }
        let backtest = Backtest(
            heldOutCount: heldOut.count, auc: Metrics.auc(positives: heldScores, negatives: evaluationScores),
            recall: Double(heldScores.filter { $0 >= cut }.count) / Double(heldScores.count), threshold: cut,
            selectedShare: Double(evaluationScores.filter { $0 >= cut }.count) / Double(max(1, evaluationScores.count)))

        // The model itself: the whole source against the whole target, with the backtest's calibration.
        var finalGenerator = SeededGenerator(seed: parameters.seed &+ 2)
        var model = try LookalikeModel.fitCore(embedding: embedding, encoder: encoder, source: source, target: target,
                                               parameters: parameters, idOfRow: idOfRow, generator: &finalGenerator)
            .withCalibration(of: calibratedProbe)
        let targetSample = LookalikeModel.sample(target, count: parameters.maxTrainingTargetRows, using: &generator)
        model.metadata.backtest = backtest
        model.metadata.sourceCount = source.count
        model.metadata.targetCount = target.count
        model.metadata.influences = model.influences(source: LookalikeModel.gather(embedding, rows: source),
                                                     target: LookalikeModel.gather(embedding, rows: targetSample))
        return (model, heldOut)
    }
}
