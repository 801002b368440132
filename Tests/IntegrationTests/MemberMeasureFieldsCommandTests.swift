import CustomerData
import Foundation
import Lookalike
import Testing
import Workspace

/// Measures as fields of `audience segment members` and `segment download`, and a downloaded file with a
/// model's measures scored by `audience score` without the activities.
@Suite struct MemberMeasureFieldsCommandTests {
    @Test func membersPreviewShowsMeasuresAndSuggestsThemForTypos() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try SimilarOptionsCommandTests.retailWorkspace(cli)
        let asOf = SimilarOptionsCommandTests.asOf

        let text = try cli.succeed("segment", "members", "--workspace", "ws", "Gold", "--fields", "id,spend_90d,loyalty_tier",
                                   "--limit", "30", "--json")
        let preview = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(preview["fields"] as? [String] == ["id", "spend_90d", "loyalty_tier"])
        let rows = try #require(preview["rows"] as? [[Any]])
        #expect(rows.count == 30)

        let workspace = try Workspace.open(at: URL(fileURLWithPath: cli.path("ws")))
        let snapshot = try workspace.liveSnapshot()
        let refreshedAt = try workspace.instant(asOf)
        let spend = try #require(try workspace.evaluator(asOf: refreshedAt).measureValues(["spend_90d"])["spend_90d"])
        for cells in rows {
            let id = try #require(cells[0] as? String)
            let row = try #require(snapshot.customerRow(forID: id))
            #expect((cells[1] as? String).flatMap(Double.init) == spend[row], "customer \(id)")
            #expect(cells[2] as? String == "gold")
        }

        let plain = try cli.succeed("segment", "members", "--workspace", "ws", "Gold", "--fields", "id,spend_90d", "--limit", "1")
        #expect(plain.contains("id\tspend_90d"), "\(plain)")

        let typo = try cli.run("segment", "members", "--workspace", "ws", "Gold", "--fields", "id,spend90d")
        #expect(typo.status != 0)
        #expect(typo.stderr.contains(#"did you mean "spend_90d"?"#), "\(typo.stderr)")
    }

    /// A file downloaded with a model's fields and measures scores as the workspace scores, with no activities: the
    /// model encodes the profile and the measures (`--measures --no-activity-features`), so the file is all it needs.
    @Test func aDownloadWithTheModelsMeasuresScoresAsTheWorkspaceDoes() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let asOf = ScoreMeasuresCommandTests.asOf
        let fixture = CLI.packageRoot.appendingPathComponent("fixtures/retail").path
        try cli.succeed("init", "ws", "--from", fixture)
        let configURL = URL(fileURLWithPath: cli.path("ws/audience.json"))
        var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
        config["measures"] = (config["measures"] as? [Any] ?? []) + ScoreMeasuresCommandTests.extraMeasures
        try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted]).write(to: configURL)
        try cli.succeed("ingest", "--workspace", "ws")
        try cli.succeed("segment", "create", "--workspace", "ws", "Gold", "--definition", #"loyalty_tier = "gold""#)
        try cli.succeed("segment", "refresh", "--workspace", "ws", "Gold", "--as-of", asOf)
        let text = try cli.succeed("similar", "--workspace", "ws", "Gold", "--as-of", asOf, "--measures",
                                   "--no-activity-features", "--json")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let modelFile = cli.path("ws/" + (try #require(summary["modelFile"] as? String)))
        let model = try LookalikeModel.load(from: URL(fileURLWithPath: modelFile))
        let measures = try #require(model.encoder.measures).definitions.map(\.name)
        #expect(measures.contains("last_visit"), "a datetime measure goes through the file too")

        try cli.succeed("segment", "create", "--workspace", "ws", "Everyone", "--definition", "age >= 0 or age is empty")
        try cli.succeed("segment", "refresh", "--workspace", "ws", "Everyone", "--as-of", asOf)
        let workspace = try Workspace.open(at: URL(fileURLWithPath: cli.path("ws")))
        let snapshot = try workspace.liveSnapshot()
        let fields = snapshot.customers.columns.map(\.name) + measures
        #expect(fields.first == "customer_id")
        try cli.succeed("segment", "download", "--workspace", "ws", "Everyone", "--out", "download.csv",
                        "--fields", fields.joined(separator: ","))

        let scored = try cli.run("score", "--model", modelFile, "--input", cli.path("download.csv"), "--output", "scores.csv")
        #expect(scored.status == 0, "\(scored.stderr)")
        #expect(!scored.stderr.contains("warning"), "\(scored.stderr)")
        let batch = try SimilarCommandTests.scores(cli.path("scores.csv"))
        #expect(batch.count == snapshot.customers.rowCount)
        try SimilarCommandTests.expectAgreement(batch, with: model, on: snapshot, topMembers: summary)
    }
}
