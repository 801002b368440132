import CustomerData
import Foundation
import Lookalike
import Testing
import Workspace

@Suite struct ScoreActivitiesCommandTests {
    /// A retail workspace (Europe/Berlin, activity features) with an expansion segment made as of 2026-01-01.
    static func retailModel(_ cli: CLI) throws -> (model: String, topMembers: [[String: Any]]) {
        let fixture = CLI.packageRoot.appendingPathComponent("fixtures/retail").path
        try cli.succeed("init", "ws", "--from", fixture)
        try cli.succeed("ingest", "--workspace", "ws")
        try cli.succeed("segment", "create", "--workspace", "ws", "Big spenders", "--definition", "spend_365d > 400")
        try cli.succeed("segment", "refresh", "--workspace", "ws", "Big spenders", "--as-of", "2026-01-01")
        let text = try cli.succeed("similar", "--workspace", "ws", "Big spenders", "--as-of", "2026-01-01", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let modelFile = try #require(json["modelFile"] as? String)
        return (cli.path("ws/\(modelFile)"), try #require(json["topMembers"] as? [[String: Any]]))
    }

    /// `audience score --activities` gives every customer the score the workspace gives it; without the
    /// activities the scores differ and the command says why.
    @Test func scoringWithActivitiesGivesTheWorkspaceScores() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let (modelFile, topMembers) = try Self.retailModel(cli)
        let customers = CLI.packageRoot.appendingPathComponent("fixtures/retail/customers.csv").path
        let activities = CLI.packageRoot.appendingPathComponent("fixtures/retail/activities.csv").path
        let summary = try cli.succeed("score", "--model", modelFile, "--input", customers, "--activities", activities,
                                      "--output", "scores.csv", "--batch", "700")
        #expect(summary.contains("activities of"))
        let batch = try SimilarCommandTests.scores(cli.path("scores.csv"))
        #expect(batch.count == 5_000)

        // Every customer, against the model scoring the workspace's snapshot.
        let workspace = try Workspace.open(at: URL(fileURLWithPath: cli.path("ws")))
        let snapshot = try workspace.liveSnapshot()
        let model = try LookalikeModel.load(from: URL(fileURLWithPath: modelFile))
        let rows = (0..<snapshot.customers.rowCount).map { UInt32($0) }
        let inside = try model.score(snapshot, rows: rows)
        var largest = 0.0, close = 0
        for row in rows {
            let id = snapshot.customerID(ofRow: Int(row))
            let difference = abs((batch[id] ?? -1) - inside[Int(row)])
            largest = max(largest, difference)
            if difference < 1e-5 { close += 1 }
        }
        // Neighbour ties may fall differently in another batch shape: scores agree closely, not all bit for bit.
        #expect(largest < 0.05, "largest difference \(largest)")
        #expect(close >= 4_900, "only \(close) of 5,000 agree to 1e-5")
        for member in topMembers {
            let id = try #require(member["customerID"] as? String)
            #expect(abs((batch[id] ?? -1) - (member["score"] as? Double ?? 2)) < 1e-5, "customer \(id)")
        }

        // Without the activities every customer counts as inactive: the command warns, and the scores move.
        let alone = try cli.run("score", "--model", modelFile, "--input", customers, "--output", "alone.csv")
        #expect(alone.status == 0)
        #expect(alone.stderr.contains("--activities"))
        let aloneScores = try SimilarCommandTests.scores(cli.path("alone.csv"))
        #expect(aloneScores.filter { abs($0.value - (batch[$0.key] ?? -1)) > 0.01 }.count > 500)
    }

    /// Shards with activities split the customers exactly, a threshold keeps the high scores, and an
    /// activities file without the workspace's columns is refused with the columns it needs.
    @Test func activitiesWorkWithShardsThresholdsAndRefuseOtherFiles() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let (modelFile, _) = try Self.retailModel(cli)
        let customers = CLI.packageRoot.appendingPathComponent("fixtures/retail/customers.csv").path
        let activities = CLI.packageRoot.appendingPathComponent("fixtures/retail/activities.csv").path
        try cli.succeed("score", "--model", modelFile, "--input", customers, "--activities", activities, "--output", "all.csv")
        let all = try SimilarCommandTests.scores(cli.path("all.csv"))
        var merged: [String: Double] = [:]
        for shard in ["1/3", "2/3", "3/3"] {
            try cli.succeed("score", "--model", modelFile, "--input", customers, "--activities", activities,
                            "--output", "part.csv", "--shard", shard)
            let part = try SimilarCommandTests.scores(cli.path("part.csv"))
            #expect(Set(part.keys).isDisjoint(with: merged.keys))
            merged.merge(part) { a, _ in a }
        }
        #expect(Set(merged.keys) == Set(all.keys))
        #expect(merged.allSatisfy { abs($0.value - (all[$0.key] ?? -1)) < 0.05 })

        try cli.succeed("score", "--model", modelFile, "--input", customers, "--activities", activities,
                        "--output", "high.csv", "--threshold", "0.7")
        let high = try SimilarCommandTests.scores(cli.path("high.csv"))
        #expect(!high.isEmpty && high.values.allSatisfy { $0 >= 0.7 })
        #expect(high.count == all.values.filter { $0 >= 0.7 }.count)
        let text = try String(contentsOfFile: cli.path("high.csv"), encoding: .utf8)
        #expect(text.split(separator: "\n").dropFirst().allSatisfy { $0.split(separator: ",").count >= 4 },
                "every row has its reasons")

        try cli.write("customer,event,when\n1,purchase,2025-05-01T10:00:00\n", to: "other.csv")
        let refused = try cli.run("score", "--model", modelFile, "--input", customers, "--activities", cli.path("other.csv"),
                                  "--output", "x.csv")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("customer_id, type, timestamp, amount"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("x.csv")))
    }
}
