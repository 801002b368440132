import CustomerData
import Foundation
import LinearAlgebra
import Testing
@testable import Lookalike

/// Writes the method's scores on the evaluation protocols, and the example models, for the evaluation notebook.
///
/// Runs only when `AUDIENCE_LOOKALIKE_EVAL_DIR` names a folder (scripts/run-notebooks sets it);
/// `AUDIENCE_LOOKALIKE_EVAL_SEEDS` sets the number of seeds (default 20 on credit-g, a quarter of that on retail).
/// Files: `scores.csv` (`dataset,seed,customer_id,role,score` with role `source`, `hidden` or `other`)
/// and `models/` with a credit-g bad-credit and a retail high-value lookalike.
@Suite struct EvaluationExport {
    static let directory = ProcessInfo.processInfo.environment["AUDIENCE_LOOKALIKE_EVAL_DIR"]

    @Test(.enabled(if: directory != nil)) func exportScoresAndExampleModels() throws {
        let out = URL(fileURLWithPath: try #require(Self.directory))
        let seeds = UInt64(ProcessInfo.processInfo.environment["AUDIENCE_LOOKALIKE_EVAL_SEEDS"] ?? "") ?? 20
        let temporary = try TemporaryDirectory()
        var csv = "dataset,seed,customer_id,role,score\n"

        let credit = try Fixtures.snapshot("credit-g", in: temporary)
        let creditEncoder = try FeatureEncoder.fit(on: credit, options: FeatureEncoderOptions(excludedFields: ["class"]))
        let bad = rows(of: credit, where: "class", is: "bad")
        csv += try export("credit-g", snapshot: credit, encoder: creditEncoder, positives: bad, seeds: 0..<seeds)

        let retail = try Fixtures.snapshot("retail", in: temporary)
        let retailEncoder = try FeatureEncoder.fit(on: retail, options: FeatureEncoderOptions(asOf: Fixtures.retailAsOf))
        let personas = try Fixtures.csvRows("retail/personas.csv")
        let loyal = personas.filter { $0["persona"] == "loyal_high_spender" }.map { retail.customerRow(forID: $0["customer_id"]!)! }
        csv += try export("retail", snapshot: retail, encoder: retailEncoder, positives: loyal, seeds: 0..<max(1, seeds / 4))
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try csv.write(to: out.appendingPathComponent("scores.csv"), atomically: true, encoding: .utf8)

        // The example models: every bad-credit customer, and the retail customers with the top 10 % of spend.
        let models = out.appendingPathComponent("models")
        let creditModel = try SimilarCustomers.run(
            SimilarCustomersRequest(sourceSegment: "bad credit", sourceRows: bad.map { UInt32($0) }, encoder: creditEncoder,
                                    modelName: "credit-g-bad-credit"), on: credit).model
        try creditModel.save(to: models)
        let spend = try #require(retailEncoder.fields.firstIndex { $0.name == "purchase monetary" })
        let spendValues = try retailEncoder.fieldValues(retail, rows: nil)[spend]
        let cut = spendValues.sorted(by: >)[spendValues.count / 10]
        let highValue = spendValues.indices.filter { spendValues[$0] > cut }.map { UInt32($0) }
        let retailModel = try SimilarCustomers.run(
            SimilarCustomersRequest(sourceSegment: "high value", sourceRows: highValue, encoder: retailEncoder,
                                    modelName: "retail-high-value"), on: retail).model
        try retailModel.save(to: models)
    }

    func export(_ name: String, snapshot: Snapshot, encoder: FeatureEncoder, positives: [Int], seeds: Range<UInt64>) throws -> String {
        var lines = ""
        for seed in seeds {
            var generator = SeededGenerator(seed: 1000 + seed)
            let shuffled = LookalikeModel.sample(positives, count: positives.count, using: &generator)
            let source = Array(shuffled[0..<(positives.count / 2)])
            let hidden = Set(shuffled[(positives.count / 2)...])
            let result = try SimilarCustomers.run(
                SimilarCustomersRequest(sourceSegment: "half", sourceRows: source.map { UInt32($0) }, encoder: encoder), on: snapshot)
            for row in source { lines += "\(name),\(seed),\(snapshot.customerID(ofRow: row)),source,\n" }
            for (row, score) in zip(result.targetRows, result.targetScores) {
                lines += "\(name),\(seed),\(snapshot.customerID(ofRow: Int(row))),\(hidden.contains(Int(row)) ? "hidden" : "other"),\(score)\n"
            }
        }
        return lines
    }
}
