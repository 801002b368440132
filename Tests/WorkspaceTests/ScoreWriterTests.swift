import Testing
@testable import Workspace

/// The reasons field `audience score` writes from reason indices.
@Suite struct ScoreWriterTests {
    /// Texts that need quotes, doubled quotes or a formula guard come out as the joined text would.
    @Test func reasonFieldsQuoteAsTheJoinedTextWould() {
        let texts = ["age is high", "purpose = radio, tv", #"note = "vip""#, "=SUM(A1) is high", "-1 is low", "plain"]
        let field = BatchScoring.ReasonField(texts: texts)
        let lists: [[Int32]] = [[0, 5, -1], [1, 0, 5], [2, -1, -1], [3, 0, -1], [0, 3, -1], [4, 2, 1], [-1, -1, -1], [5, 5, 5]]
        func append(_ list: [Int32], to bytes: inout [UInt8]) {
            field.withView { view in list.withUnsafeBufferPointer { view.append($0, to: &bytes) } }
        }
        for list in lists {
            var fromIndices: [UInt8] = []
            append(list, to: &fromIndices)
            var fromText: [UInt8] = []
            let joined = list.prefix { $0 >= 0 }.map { texts[Int($0)] }.joined(separator: "; ")
            BatchScoring.ScoreWriter.appendField(joined, to: &fromText)
            #expect(String(decoding: fromIndices, as: UTF8.self) == String(decoding: fromText, as: UTF8.self), "\(list)")
        }
        var guarded: [UInt8] = []
        append([3, 1, -1], to: &guarded)
        #expect(String(decoding: guarded, as: UTF8.self) == #""'=SUM(A1) is high; purpose = radio, tv""#)
    }

    /// Scores come out with six decimals, rounded, clamped to [0, 1].
    @Test func scoresHaveSixDecimals() {
        let cases: [(Double, String)] = [(0, "0.000000"), (1, "1.000000"), (0.85321, "0.853210"), (0.0000004, "0.000000"),
                                         (0.0000005, "0.000001"), (0.9999996, "1.000000"), (0.1234564, "0.123456"),
                                         (-0.2, "0.000000"), (1.5, "1.000000")]
        for (score, text) in cases {
            var bytes: [UInt8] = []
            BatchScoring.ScoreWriter.appendScore(score, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == text, "\(score)")
        }
    }
}
