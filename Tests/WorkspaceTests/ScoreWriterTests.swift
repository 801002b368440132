import Testing
@testable import Workspace

/// The reasons field `audience score` writes from reason indices.
@Suite struct ScoreWriterTests {
    /// Texts that need quotes, doubled quotes or a formula guard come out as the joined text would.
    @Test func reasonFieldsQuoteAsTheJoinedTextWould() {
        let texts = ["age is high", "purpose = radio, tv", #"note = "vip""#, "=SUM(A1) is high", "-1 is low", "plain"]
        let field = BatchScoring.ReasonField(texts: texts)
        let lists: [[Int32]] = [[0, 5, -1], [1, 0, 5], [2, -1, -1], [3, 0, -1], [0, 3, -1], [4, 2, 1], [-1, -1, -1], [5, 5, 5]]
        for list in lists {
            var fromIndices: [UInt8] = []
            field.append(list[...], to: &fromIndices)
            var fromText: [UInt8] = []
            let joined = list.prefix { $0 >= 0 }.map { texts[Int($0)] }.joined(separator: "; ")
            BatchScoring.ScoreWriter.appendField(joined, to: &fromText)
            #expect(String(decoding: fromIndices, as: UTF8.self) == String(decoding: fromText, as: UTF8.self), "\(list)")
        }
        var guarded: [UInt8] = []
        field.append([3, 1, -1][...], to: &guarded)
        #expect(String(decoding: guarded, as: UTF8.self) == #""'=SUM(A1) is high; purpose = radio, tv""#)
    }
}
