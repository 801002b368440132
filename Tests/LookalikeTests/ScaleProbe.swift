import Foundation
#if canImport(Glibc)
import Glibc
#endif
import LinearAlgebra
import Lookalike
import Testing

/// Times training and scoring at the benchmark's size (50,000 source, 1,000,000 target, d = 64) on random data.
///
/// Runs only when `AUDIENCE_LOOKALIKE_SCALE_PROBE` is set, in a release build:
/// `AUDIENCE_LOOKALIKE_SCALE_PROBE=1 swift test -c release -Xswiftc -enable-testing --filter ScaleProbe`.
/// Prints one line per figure; asserts only that the scores are sane, never a time.
@Suite struct ScaleProbe {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["AUDIENCE_LOOKALIKE_SCALE_PROBE"] != nil))
    func trainAndScoreAtBenchmarkSize() throws {
        let sourceCount = 50_000, targetCount = 1_000_000, d = 64
        var generator = SeededGenerator(seed: 11)
        let shift = (0..<d).map { _ in Float(generator.nextGaussian() * 0.3) }
        var values = ContiguousArray<Float>(repeating: 0, count: (sourceCount + targetCount) * d)
        for i in 0..<(sourceCount + targetCount) {
            let isSource = i < sourceCount || (i >= sourceCount && i < sourceCount + 50_000)
            var norm: Float = 0
            for j in 0..<d {
                let v = Float(generator.nextGaussian()) + (isSource ? shift[j] : 0)
                values[i * d + j] = v
                norm += v * v
            }
            for j in 0..<d { values[i * d + j] /= norm.squareRoot() }
        }
        let embedding = Matrix<Float>(rows: sourceCount + targetCount, columns: d, elements: values)
        let clock = ContinuousClock()
        let start = clock.now
        let cpuStart = Self.processorSeconds()
        let encoder = try JSONDecoder().decode(FeatureEncoder.self, from: Data(Self.encoderJSON(d).utf8))
        let trained = try SimilarCustomers.train(embedding: embedding, encoder: encoder, source: Array(0..<sourceCount),
                                                 target: Array(sourceCount..<(sourceCount + targetCount)),
                                                 idOfRow: { String($0) })
        let trainedAt = clock.now
        let cpuTrained = Self.processorSeconds()
        let targetRows = embedding.rows(sourceCount..<(sourceCount + targetCount)).copied()
        let scores = trained.model.score(embedding: targetRows)
        let scoredAt = clock.now
        let cpuScored = Self.processorSeconds()
        print("scale probe: train (backtest + final) \(trainedAt - start) wall, \(cpuTrained - cpuStart) s CPU over all threads")
        print("scale probe: score 1,000,000 target rows \(scoredAt - trainedAt) wall, \(cpuScored - cpuTrained) s CPU over all threads")
        print("scale probe: backtest AUC \(trained.model.metadata.backtest.auc)")
        let planted = Array(scores[0..<50_000]), others = Array(scores[50_000...])
        print("scale probe: AUC of the 50,000 shifted target rows \(Metrics.auc(positives: planted, negatives: Array(others.prefix(200_000))))")
        #expect(scores.allSatisfy { $0 >= 0 && $0 <= 1 })
    }

    /// User + system CPU seconds of the process so far (all threads); the corresponding C function is `getrusage`.
    static func processorSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return .nan }
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// An encoder of `d` plain number columns (the probe feeds an embedding directly).
    static func encoderJSON(_ d: Int) -> String {
        let fields = (0..<d).map { j in
            #"{"name": "x\#(j)", "input": {"column": {"name": "x\#(j)", "type": "number"}}, "transform": {"identity": {}}, "hasMissingIndicator": false}"#
        }.joined(separator: ",")
        return #"{"options": {"excludedFields": [], "maxCategoryLevels": 30, "skewnessThreshold": 1, "clipLimit": 5, "includesActivityFeatures": false, "channelColumn": "channel", "asOf": 0}, "fields": [\#(fields)], "leftOut": []}"#
    }
}
