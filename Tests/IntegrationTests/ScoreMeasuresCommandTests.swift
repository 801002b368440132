import CustomerData
import Foundation
import Lookalike
import Testing
import Workspace

/// `audience score --activities` computes a model's measures from the activity files when the customers file has
/// no column for them.
@Suite struct ScoreMeasuresCommandTests {
    static let asOf = "2025-10-15"

    /// Measures of several aggregates and windows, one with a condition, added to the retail workspace's.
    static var extraMeasures: [[String: Any]] { [
        ["name": "max_purchase", "aggregate": "max", "field": "amount", "activityTypes": ["purchase"]],
        ["name": "web_spend_180d", "aggregate": "sum", "field": "amount", "activityTypes": ["purchase"],
         "window": ["kind": "last_days", "days": 180], "conditions": [#"channel = "web""#]],
        ["name": "min_purchase_365d", "aggregate": "min", "field": "amount", "activityTypes": ["purchase"],
         "window": ["kind": "last_days", "days": 365]],
        ["name": "first_purchase_amount", "aggregate": "first", "field": "amount", "activityTypes": ["purchase"]],
        ["name": "last_visit", "aggregate": "last", "field": "timestamp", "activityTypes": ["visit"]],
        ["name": "days_since_first_activity", "aggregate": "days_since_first"],
        ["name": "spend_ytd", "aggregate": "sum", "field": "amount", "activityTypes": ["purchase"],
         "window": ["kind": "year_to_date"]],
        ["name": "avg_spend_h1", "aggregate": "avg", "field": "amount", "activityTypes": ["purchase"],
         "window": ["kind": "between", "from": "2025-01-01", "to": "2025-06-30"]],
    ] }

    /// A retail workspace with the extra measures, the refreshed segment "Gold" and a model that encodes the
    /// measures, made as of mid-October 2025 (later activities in the files must not count).
    static func measuredModel(_ cli: CLI) throws -> (model: String, summary: [String: Any]) {
        let fixture = CLI.packageRoot.appendingPathComponent("fixtures/retail").path
        try cli.succeed("init", "ws", "--from", fixture)
        let configURL = URL(fileURLWithPath: cli.path("ws/audience.json"))
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        config["measures"] = (config["measures"] as? [Any] ?? []) + extraMeasures
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted]).write(to: configURL)
        try cli.succeed("ingest", "--workspace", "ws")
        try cli.succeed("segment", "create", "--workspace", "ws", "Gold", "--definition", #"loyalty_tier = "gold""#)
        try cli.succeed("segment", "refresh", "--workspace", "ws", "Gold", "--as-of", asOf)
        let text = try cli.succeed("similar", "--workspace", "ws", "Gold", "--as-of", asOf, "--measures", "--json")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let modelFile = try #require(summary["modelFile"] as? String)
        return (cli.path("ws/\(modelFile)"), summary)
    }

    @Test func scoringWithActivitiesComputesTheMeasuresAsTheWorkspaceDoes() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let (modelFile, summary) = try Self.measuredModel(cli)
        let model = try LookalikeModel.load(from: URL(fileURLWithPath: modelFile))
        let encoded = Set(try #require(model.encoder.measures).definitions.map(\.name))
        for measure in Self.extraMeasures {
            let name = try #require(measure["name"] as? String)
            #expect(encoded.contains(name), "\(name) is encoded: \(model.encoder.leftOut)")
        }

        let customers = CLI.packageRoot.appendingPathComponent("fixtures/retail/customers.csv").path
        let activities = CLI.packageRoot.appendingPathComponent("fixtures/retail/activities.csv").path
        try cli.succeed("score", "--model", modelFile, "--input", customers, "--activities", activities,
                        "--output", "scores.csv", "--batch", "700")
        let batch = try SimilarCommandTests.scores(cli.path("scores.csv"))
        #expect(batch.count == 5_000)

        let workspace = try Workspace.open(at: URL(fileURLWithPath: cli.path("ws")))
        let snapshot = try workspace.liveSnapshot()
        try SimilarCommandTests.expectAgreement(batch, with: model, on: snapshot, topMembers: summary)

        // A column named like a measure still wins over the activities: a constant column moves the scores.
        var lines = try String(contentsOfFile: customers, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[0] += ",max_purchase"
        for i in 1..<lines.count { lines[i] += ",0" }
        try cli.write(lines.joined(separator: "\n") + "\n", to: "with-column.csv")
        try cli.succeed("score", "--model", modelFile, "--input", cli.path("with-column.csv"), "--activities", activities,
                        "--output", "column.csv")
        let column = try SimilarCommandTests.scores(cli.path("column.csv"))
        #expect(column.filter { abs($0.value - (batch[$0.key] ?? -1)) > 1e-6 }.count > 100, "the column's values are used")

        // Neither a column nor activities: refused, naming the file, the column and the option.
        let missing = try cli.run("score", "--model", modelFile, "--input", customers, "--output", "missing.csv")
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("customers.csv:1: column \""), "\(missing.stderr)")
        #expect(missing.stderr.contains("--activities"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("missing.csv")))
    }
}
