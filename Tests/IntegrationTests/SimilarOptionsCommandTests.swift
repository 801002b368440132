import CustomerData
import Foundation
import Lookalike
import Testing
import Workspace

/// The encoder options of `audience similar` (--measures, --no-activity-features, --pca) and scoring a model
/// that encodes measures with `audience score`.
@Suite struct SimilarOptionsCommandTests {
    static let asOf = "2026-01-01"

    /// A retail workspace with the refreshed source segment "Gold" (an attribute, not a measure).
    static func retailWorkspace(_ cli: CLI) throws {
        let fixture = CLI.packageRoot.appendingPathComponent("fixtures/retail").path
        try cli.succeed("init", "ws", "--from", fixture)
        try cli.succeed("ingest", "--workspace", "ws")
        try cli.succeed("segment", "create", "--workspace", "ws", "Gold", "--definition", #"loyalty_tier = "gold""#)
        try cli.succeed("segment", "refresh", "--workspace", "ws", "Gold", "--as-of", asOf)
    }

    /// Runs `audience similar` on "Gold" and returns its JSON summary and the saved model's JSON.
    static func similar(_ cli: CLI, _ options: String...) throws -> (summary: [String: Any], model: [String: Any]) {
        let run = try cli.run(["similar", "--workspace", "ws", "Gold", "--as-of", asOf, "--json"] + options)
        try #require(run.status == 0, "audience similar \(options): \(run.stderr)")
        let text = run.stdout
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let modelFile = try #require(summary["modelFile"] as? String)
        let model = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: cli.path("ws/\(modelFile)")))) as? [String: Any])
        return (summary, model)
    }

    static func encoder(_ model: [String: Any]) throws -> [String: Any] { try #require(model["encoder"] as? [String: Any]) }

    /// The inputs of the encoder's fields, as their JSON keys (`column`, `activityFrequency`, …).
    static func inputKinds(_ model: [String: Any]) throws -> [String] {
        let fields = try #require(try encoder(model)["fields"] as? [[String: Any]])
        return try fields.map { try #require(($0["input"] as? [String: Any])?.keys.first) }
    }

    @Test func optionsReachTheModelAndItsRefresh() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.retailWorkspace(cli)

        let (_, plain) = try Self.similar(cli, "--name", "Plain")
        #expect(plain["formatVersion"] as? Int == 1, "without measures a model is saved as before")
        #expect(try Self.inputKinds(plain).contains("activityFrequency"), "activity features are on by default")
        let plainFields = try #require(try Self.encoder(plain)["fields"] as? [[String: Any]]).compactMap { $0["name"] as? String }
        #expect(!plainFields.contains("spend_365d"), "measures are off by default")

        let (_, projected) = try Self.similar(cli, "--name", "Projected", "--pca", "5")
        let projection = try #require(try Self.encoder(projected)["projection"] as? [String: Any])
        #expect(projection["dimension"] as? Int == 5)
        #expect((projected["targetColumnMeans"] as? [Any])?.count == 5, "the model works on 5 columns")

        let (_, quiet) = try Self.similar(cli, "--name", "Profile only", "--no-activity-features")
        #expect(try Self.inputKinds(quiet).allSatisfy { $0 == "column" })
        // The saved request keeps the options, so a refresh retrains the same way.
        try cli.succeed("segment", "refresh", "--workspace", "ws", "Profile only", "--as-of", Self.asOf)
        let requests = try FileManager.default.contentsOfDirectory(atPath: cli.path("ws/models")).filter { $0.hasSuffix(".request.json") }
        var sawQuiet = false
        for name in requests {
            let request = try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: cli.path("ws/models/\(name)")))) as? [String: Any])
            if request["includesActivityFeatures"] as? Bool == false {
                sawQuiet = true
                let model = name.replacingOccurrences(of: ".request.json", with: ".json")
                let refreshed = try #require(try JSONSerialization.jsonObject(
                    with: Data(contentsOf: URL(fileURLWithPath: cli.path("ws/models/\(model)")))) as? [String: Any])
                #expect(try Self.inputKinds(refreshed).allSatisfy { $0 == "column" }, "the refreshed model has no activity features")
            }
        }
        #expect(sawQuiet)

        let (summary, measured) = try Self.similar(cli, "--name", "With measures", "--measures")
        #expect(measured["formatVersion"] as? Int == 2)
        let influences = try #require(summary["influences"] as? [[String: Any]]).compactMap { $0["feature"] as? String }
        let measures = ["spend_90d", "spend_365d", "purchases_365d", "avg_purchase_value", "days_since_last_purchase",
                        "days_since_last_activity", "returns_365d", "visits_30d", "email_clicks_30d",
                        "app_purchases_365d", "store_purchases_365d"]
        #expect(influences.contains { measures.contains($0) }, "measures take part in the explanation: \(influences)")
    }

    @Test func pcaOutsideOneToTheEncodedColumnsIsAUsageErrorNamingTheOption() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.retailWorkspace(cli)
        let zero = try cli.run("similar", "--workspace", "ws", "Gold", "--pca", "0")
        #expect(zero.status == 2)
        #expect(zero.stderr.contains("--pca"))
        let many = try cli.run("similar", "--workspace", "ws", "Gold", "--pca", "500", "--no-activity-features")
        #expect(many.status == 2)
        #expect(many.stderr.contains("--pca 500"), "\(many.stderr)")
        let segments = try cli.succeed("segment", "list", "--workspace", "ws")
        #expect(!segments.contains("Similar to Gold"), "a refused request leaves no segment behind")
    }

    /// `audience score` reads a model's measures from columns named like them and gives the workspace's scores;
    /// without such a column, or with a cell that is not a number, it fails naming the file, line and column.
    @Test func scoringAModelWithMeasuresGivesTheWorkspaceScores() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try Self.retailWorkspace(cli)
        let (summary, _) = try Self.similar(cli, "--measures")
        let modelFile = cli.path("ws/" + (try #require(summary["modelFile"] as? String)))
        let model = try LookalikeModel.load(from: URL(fileURLWithPath: modelFile))
        let names = try #require(model.encoder.measures).definitions.map(\.name)
        #expect(names.count >= 5)

        // The customers file plus each customer's measures as the workspace computes them at the model's as-of.
        let workspace = try Workspace.open(at: URL(fileURLWithPath: cli.path("ws")))
        let snapshot = try workspace.liveSnapshot()
        let values = try workspace.evaluator(asOf: model.encoder.options.asOf).measureValues(names)
        let customers = CLI.packageRoot.appendingPathComponent("fixtures/retail/customers.csv")
        var lines = try String(contentsOf: customers, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[0] += "," + names.joined(separator: ",")
        for i in 1..<lines.count {
            let id = String(lines[i].prefix { $0 != "," })
            let row = try #require(snapshot.customerRow(forID: id))
            lines[i] += "," + names.map { name in values[name]![row].isNaN ? "" : "\(values[name]![row])" }.joined(separator: ",")
        }
        try cli.write(lines.joined(separator: "\n") + "\n", to: "with-measures.csv")
        let activities = CLI.packageRoot.appendingPathComponent("fixtures/retail/activities.csv").path
        try cli.succeed("score", "--model", modelFile, "--input", cli.path("with-measures.csv"), "--activities", activities,
                        "--output", "scores.csv", "--batch", "900")
        let batch = try SimilarCommandTests.scores(cli.path("scores.csv"))
        #expect(batch.count == 5_000)
        try SimilarCommandTests.expectAgreement(batch, with: model, on: snapshot, topMembers: summary)

        // Without the measure columns or the activities to compute them the scores would be wrong: refused,
        // naming the file and the column.
        let missing = try cli.run("score", "--model", modelFile, "--input", customers.path, "--output", "missing.csv")
        #expect(missing.status == 3)
        #expect(missing.stderr.contains("customers.csv:1: column \"\(names[0])\": is missing"), "\(missing.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.path("missing.csv")))

        var bad = lines
        bad[3] = bad[3].split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") + ",forty"
        try cli.write(bad.joined(separator: "\n") + "\n", to: "bad.csv")
        let refused = try cli.run("score", "--model", modelFile, "--input", cli.path("bad.csv"), "--output", "bad-scores.csv")
        #expect(refused.status == 3)
        #expect(refused.stderr.contains("bad.csv:4: column \"\(names.last!)\": \"forty\" is not a number"), "\(refused.stderr)")
    }
}
