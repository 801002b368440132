import CustomerData
import Foundation
import LinearAlgebra
import Testing
@testable import Lookalike

@Suite struct SimilarCustomersTests {
    /// credit-g with half of the bad-credit customers as the source (seeded), and the hidden half.
    struct CreditG {
        let directory: TemporaryDirectory
        let snapshot: Snapshot
        let encoder: FeatureEncoder
        let source: [UInt32]
        let hidden: Set<Int>

        init() throws {
            directory = try TemporaryDirectory()
            snapshot = try Fixtures.snapshot("credit-g", in: directory)
            encoder = try FeatureEncoder.fit(on: snapshot, options: FeatureEncoderOptions(excludedFields: ["class"]))
            let bad = rows(of: snapshot, where: "class", is: "bad")
            var generator = SeededGenerator(seed: 7)
            let shuffled = LookalikeModel.sample(bad, count: bad.count, using: &generator)
            source = shuffled[0..<150].map { UInt32($0) }
            hidden = Set(shuffled[150...])
        }

        func request(_ selection: SimilarCustomersRequest.Selection = .topShare(0.2), includesSource: Bool = false) -> SimilarCustomersRequest {
            SimilarCustomersRequest(sourceSegment: "bad credit", sourceRows: source, includesSource: includesSource,
                                    selection: selection, encoder: encoder, modelName: "credit-g-bad")
        }
    }

    @Test func bandsFollowTheSeedsBoundaries() {
        #expect(SimilarityBand(score: 0) == .notSimilar)
        #expect(SimilarityBand(score: 0.5499) == .notSimilar)
        #expect(SimilarityBand(score: 0.55) == .somewhatSimilar)
        #expect(SimilarityBand(score: 0.7) == .similar)
        #expect(SimilarityBand(score: 0.8499) == .similar)
        #expect(SimilarityBand(score: 0.85) == .verySimilar)
        #expect(SimilarityBand(score: 1) == .verySimilar)
        #expect(SimilarityBand.verySimilar.rawValue == "very similar")
    }

    @Test func aSourceBelowTenIsAnErrorAndBelowAHundredAWarning() throws {
        let data = try CreditG()
        var request = data.request()
        request.sourceRows = Array(data.source.prefix(9))
        #expect(throws: LookalikeError.sourceTooSmall(segment: "bad credit", members: 9, minimum: 10)) {
            try SimilarCustomers.run(request, on: data.snapshot)
        }
        #expect("\(LookalikeError.sourceTooSmall(segment: "bad credit", members: 9, minimum: 10))".contains("\"bad credit\" has 9 members"))
        request.sourceRows = Array(data.source.prefix(40))
        let result = try SimilarCustomers.run(request, on: data.snapshot)
        #expect(result.warnings.contains { $0.contains("only 40 members") })
    }

    @Test func topShareSelectsTheBestFifthAndThresholdsMatchTheEstimatedSize() throws {
        let data = try CreditG()
        let top = try SimilarCustomers.run(data.request(), on: data.snapshot)
        #expect(top.targetRows.count == 850)
        #expect(top.members.count >= 170 && top.members.count <= 175)  // ties at the cut may add a few
        #expect(top.members.allSatisfy { $0.score >= top.threshold && !$0.isSource })
        #expect(zip(top.members, top.members.dropFirst()).allSatisfy { $0.score >= $1.score })
        #expect(top.histogram.counts.reduce(0, +) == 850)
        #expect(top.targetScores.allSatisfy { $0 >= 0 && $0 <= 1 })

        let byThreshold = try SimilarCustomers.run(data.request(.threshold(0.7)), on: data.snapshot)
        #expect(byThreshold.members.count == byThreshold.estimatedSize(atThreshold: 0.7))
        #expect(byThreshold.members.allSatisfy { $0.band >= .similar })
        #expect(byThreshold.estimatedSize(atThreshold: 0.55) >= byThreshold.estimatedSize(atThreshold: 0.85))

        let withSource = try SimilarCustomers.run(data.request(includesSource: true), on: data.snapshot)
        #expect(withSource.members.filter(\.isSource).count == 150)
    }

    @Test func higherBandsHoldMoreHiddenMembersAndTheBacktestIsReported() throws {
        let data = try CreditG()
        let result = try SimilarCustomers.run(data.request(), on: data.snapshot)
        var hiddenIn: [SimilarityBand: (hits: Int, all: Int)] = [:]
        for (row, score) in zip(result.targetRows, result.targetScores) {
            let band = SimilarityBand(score: score)
            hiddenIn[band, default: (0, 0)].all += 1
            if data.hidden.contains(Int(row)) { hiddenIn[band, default: (0, 0)].hits += 1 }
        }
        func share(_ bands: [SimilarityBand]) -> Double {
            let hits = bands.reduce(0) { $0 + (hiddenIn[$1]?.hits ?? 0) }, all = bands.reduce(0) { $0 + (hiddenIn[$1]?.all ?? 0) }
            return Double(hits) / Double(max(1, all))
        }
        #expect(share([.similar, .verySimilar]) > 2 * share([.notSimilar]))
        let backtest = result.backtest
        #expect(backtest.heldOutCount == 30)
        #expect(backtest.auc > 0.65 && backtest.auc <= 1)
        #expect(backtest.recall > 0.2 && backtest.recall <= 1)
        #expect(abs(backtest.selectedShare - 0.2) < 0.05)
        #expect(result.model.metadata.sourceSegment == "bad credit")
    }

    @Test func aLevelOnlyTheSourceHasIsDistinctiveNotZero() throws {
        var generator = SeededGenerator(seed: 5)
        var csv = "customer_id,a,plan\n"
        var source: [UInt32] = []
        for i in 0..<400 {
            let isSource = i % 4 == 0
            let plan = isSource ? "gold" : ["silver", "bronze"][Int(generator.next() % 2)]
            csv += "\(i + 1),\(generator.nextGaussian()),\(plan)\n"
            if isSource { source.append(UInt32(i)) }
        }
        let directory = try TemporaryDirectory()
        let snapshot = try makeSnapshot(in: directory, customers: csv, columns: ["a": "number", "plan": "category"])
        let result = try SimilarCustomers.run(SimilarCustomersRequest(sourceSegment: "gold", sourceRows: source,
                                                                      encoderOptions: FeatureEncoderOptions()), on: snapshot)
        // Every source member is gold and no target customer is: no spread within either group,
        // yet the level separates them completely (about 1.7 standard deviations of both together).
        let gold = try #require(result.influences.first { $0.feature == "plan = gold" })
        #expect(gold.isHigherInSource)
        #expect(gold.standardizedDifference > 1.5)
    }

    @Test func aPlantedRuleIsTheTopInfluenceAndAReason() throws {
        var generator = SeededGenerator(seed: 3)
        var csv = "customer_id,a,b,c,plan\n"
        var planted: [UInt32] = []
        for i in 0..<600 {
            let a = generator.nextGaussian(), b = generator.nextGaussian(), c = generator.nextGaussian()
            let plan = ["x", "y", "z"][Int(generator.next() % 3)]
            csv += "\(i + 1),\(a),\(b),\(c),\(plan)\n"
            if b > 0.8 { planted.append(UInt32(i)) }
        }
        let directory = try TemporaryDirectory()
        let snapshot = try makeSnapshot(in: directory, customers: csv,
                                        columns: ["a": "number", "b": "number", "c": "number", "plan": "category"])
        let result = try SimilarCustomers.run(SimilarCustomersRequest(sourceSegment: "high b", sourceRows: planted,
                                                                      encoderOptions: FeatureEncoderOptions()), on: snapshot)
        let top = try #require(result.influences.first)
        #expect(top.field == "b")
        #expect(top.isHigherInSource && top.effect > 0 && top.standardizedDifference > 1)
        let best = try #require(result.members.first)
        #expect(best.reasons.first?.text == "b is high")
        #expect(best.reasons.count <= 3)
    }

    @Test func aSavedModelScoresLikeTheOriginalAndOtherVersionsFailClearly() throws {
        let data = try CreditG()
        let result = try SimilarCustomers.run(data.request(), on: data.snapshot)
        let folder = data.directory.url.appendingPathComponent("models")
        let json = try result.model.save(to: folder)
        #expect(json.lastPathComponent == "credit-g-bad.json")
        let loaded = try LookalikeModel.load(from: json)
        #expect(loaded.metadata == result.model.metadata)
        #expect(loaded.encoder == result.model.encoder)
        let again = try loaded.score(data.snapshot, rows: result.targetRows)
        expectAgreement(again, result.targetScores)

        var text = try String(contentsOf: json, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"formatVersion\" : 1", with: "\"formatVersion\" : 99")
        let newer = folder.appendingPathComponent("newer.json")
        try text.write(to: newer, atomically: true, encoding: .utf8)
        #expect(throws: LookalikeError.unsupportedModelVersion(file: "newer.json", version: 99, supported: LookalikeModel.supportedFormatVersions)) {
            try LookalikeModel.load(from: newer)
        }
        #expect("\(LookalikeError.unsupportedModelVersion(file: "newer.json", version: 99, supported: LookalikeModel.supportedFormatVersions))".contains("upgrade Audience"))
        let older = folder.appendingPathComponent("older.json")
        try text.replacingOccurrences(of: "\"formatVersion\" : 99", with: "\"formatVersion\" : 0").write(to: older, atomically: true, encoding: .utf8)
        #expect("\(catching { try LookalikeModel.load(from: older) })".contains("older than"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("credit-g-bad.bin"))
        #expect("\(catching { try LookalikeModel.load(from: json) })".contains("binary file is missing"))
    }

    @Test func chunkedScoringEqualsWholeScoring() throws {
        let data = try CreditG()
        let result = try SimilarCustomers.run(data.request(), on: data.snapshot)
        let rows = result.targetRows.map { Int($0) }
        let embedding = LookalikeModel.gather(try data.encoder.encode(data.snapshot), rows: rows)
        let selfReference = rows.map { row in result.model.referenceIDs.firstIndex(of: data.snapshot.customerID(ofRow: row)) ?? -1 }
        let whole = result.model.scores(embedding, selfReference: selfReference)
        let chunked = result.model.scores(embedding, selfReference: selfReference, chunkRows: 37)
        expectAgreement(whole, chunked)
        expectAgreement(whole, result.targetScores)
    }

    @Test func batchScoringOfCSVRecordsMatchesWorkspaceScoring() throws {
        let data = try CreditG()
        let result = try SimilarCustomers.run(data.request(), on: data.snapshot)
        let records = try Fixtures.csvRows("credit-g/customers.csv").map { CustomerRecord(id: $0["customer_id"]!, attributes: $0) }
        var batch: [ScoredCustomer] = []
        for start in stride(from: 0, to: records.count, by: 128) {  // as a streaming reader would
            batch += try result.model.score(records: Array(records[start..<min(records.count, start + 128)]))
        }
        let byID = Dictionary(uniqueKeysWithValues: batch.map { ($0.id, $0) })
        let batchScores = try result.targetRows.map { row in try #require(byID[data.snapshot.customerID(ofRow: Int(row))]).score }
        expectAgreement(batchScores, result.targetScores)
        let member = try #require(result.members.first)
        #expect(byID[data.snapshot.customerID(ofRow: Int(member.row))]?.reasons == member.reasons)
    }

    /// The reasons batch scoring writes from indices are the reasons worked out as text, for every customer.
    @Test func reasonIndicesNameTheSameReasonsAsTheirTexts() throws {
        let data = try CreditG()
        let result = try SimilarCustomers.run(data.request(), on: data.snapshot)
        let embedding = try data.encoder.encode(data.snapshot)
        let rows = Array(0..<embedding.rows)
        let texts = result.model.reasonTexts
        #expect(texts.count == 2 * embedding.columns)
        for count in [0, 1, 3] {
            let indices = result.model.reasonIndices(of: embedding, rows: rows, count: count)
            let expected = result.model.reasons(of: embedding, rows: rows, count: count)
            #expect(indices.count == rows.count * count)
            let named = rows.map { i in indices[(i * count)..<((i + 1) * count)].filter { $0 >= 0 }.map { texts[Int($0)] } }
            #expect(named == expected.map { $0.map(\.text) })
        }
        #expect(result.model.reasonIndices(of: embedding, rows: rows).contains { $0 >= 0 }, "customers have reasons")
    }

    @Test func retrainingOnTheSameDataGivesTheSameScores() throws {
        let data = try CreditG()
        let first = try SimilarCustomers.run(data.request(), on: data.snapshot)
        let second = try SimilarCustomers.run(data.request(), on: data.snapshot)
        expectAgreement(first.targetScores, second.targetScores)
        #expect(abs(first.backtest.auc - second.backtest.auc) < 0.01)
    }
}

/// The error a throwing call throws (or a marker when it does not).
func catching(_ body: () throws -> Any) -> Any {
    do { return try body() } catch { return error }
}

/// Two scorings of the same customers agree: almost all to rounding, and none by more than a neighbour swap.
///
/// Dot products in `sgemm` round differently with the tile shapes and thread counts, so a neighbour tied with
/// the k-th may swap places; that moves one vote by 1/k and the score by at most a few hundredths.
func expectAgreement(_ a: [Double], _ b: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.count == b.count, sourceLocation: sourceLocation)
    let differences = zip(a, b).map { abs($0 - $1) }
    let largest = differences.max() ?? 0
    let close = Double(differences.filter { $0 < 1e-6 }.count) / Double(max(1, differences.count))
    #expect(largest < 0.05, "largest difference \(largest)", sourceLocation: sourceLocation)
    #expect(close >= 0.98, "only \(close) of the scores agree to 1e-6", sourceLocation: sourceLocation)
}
