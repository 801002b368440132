import CustomerData
import Foundation
import Lookalike
import Testing

@Suite struct SimilarCommandTests {
    /// `audience similar` makes an expansion segment with a saved model, its scores and result,
    /// an explanation and a backtest; refreshing it retrains on the source's current members;
    /// deleting it removes its files.
    @Test func similarMakesARefreshableExpansionSegment() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let fixture = CLI.packageRoot.appendingPathComponent("fixtures/credit-g").path
        try cli.succeed("init", "ws", "--from", fixture)
        try cli.succeed("ingest", "--workspace", "ws")
        try cli.succeed("segment", "create", "--workspace", "ws", "Bad credit", "--definition", #"class = "bad""#)
        let tooEarly = try cli.run("similar", "--workspace", "ws", "Bad credit")
        #expect(tooEarly.status != 0, "a source that was never refreshed has no members to learn from")
        try cli.succeed("segment", "refresh", "--workspace", "ws", "Bad credit")

        let text = try cli.succeed("similar", "--workspace", "ws", "Bad credit", "--exclude", "class", "--top", "10", "--json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["segment"] as? String == "Similar to Bad credit")
        #expect(json["memberCount"] as? Int == 70, "the top 10 % of the 700 customers outside the source")
        let backtest = try #require(json["backtest"] as? [String: Any])
        #expect((backtest["auc"] as? Double ?? 0) > 0.6)
        let members = try #require(json["topMembers"] as? [[String: Any]])
        #expect((members.first?["reasons"] as? [String])?.isEmpty == false)
        let modelFile = try #require(json["modelFile"] as? String)
        #expect(FileManager.default.fileExists(atPath: cli.path("ws/\(modelFile)")))
        // The command line keeps the scores and the result the web page shows, as the API does.
        let stem = cli.path("ws/" + modelFile.dropLast(".json".count))
        #expect(FileManager.default.fileExists(atPath: stem + ".scores.bin"))
        let stored = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: stem + ".result.json"))) as? [String: Any])
        #expect((stored["summary"] as? [String: Any])?["memberCount"] as? Int == 70)

        // Batch scoring gives the in-workspace scores; the shards split the file exactly.
        let input = CLI.packageRoot.appendingPathComponent("fixtures/credit-g/customers.csv").path
        try cli.succeed("score", "--model", cli.path("ws/\(modelFile)"), "--input", input, "--output", "all.csv")
        let scores = try Self.scores(cli.path("all.csv"))
        #expect(scores.count == 1000)
        for member in members {
            let id = try #require(member["customerID"] as? String)
            let score = try #require(member["score"] as? Double)
            #expect(abs((scores[id] ?? -1) - score) < 1e-5, "customer \(id)")
        }
        // And the same reasons, as one field.
        let reasons = try Self.reasons(cli.path("all.csv"))
        for member in members {
            let id = try #require(member["customerID"] as? String)
            let texts = try #require(member["reasons"] as? [String])
            #expect(reasons[id] == texts.joined(separator: "; "), "customer \(id)")
        }
        try cli.succeed("score", "--model", cli.path("ws/\(modelFile)"), "--input", input, "--output", "a.csv", "--shard", "1/2")
        try cli.succeed("score", "--model", cli.path("ws/\(modelFile)"), "--input", input, "--output", "b.csv", "--shard", "2/2")
        let a = try Self.scores(cli.path("a.csv")), b = try Self.scores(cli.path("b.csv"))
        #expect(Set(a.keys).isDisjoint(with: b.keys))
        let merged = a.merging(b) { x, _ in x }
        #expect(Set(merged.keys) == Set(scores.keys))
        // Neighbour ties may fall differently in another batch: scores agree closely, not bit for bit.
        #expect(merged.allSatisfy { abs($0.value - (scores[$0.key] ?? -1)) < 0.02 })
        let top = try Self.scores(cli.path("top.csv"), after: cli.succeed(
            "score", "--model", cli.path("ws/\(modelFile)"), "--input", input, "--output", "top.csv", "--top", "3"))
        #expect(top.count == 3)
        #expect(top.values.min() == scores.values.sorted().suffix(3).min())

        let refreshed = try cli.succeed("segment", "refresh", "--workspace", "ws", "Similar to Bad credit")
        #expect(refreshed.contains("succeeded"))
        let deleted = try cli.run("segment", "delete", "--workspace", "ws", "Bad credit")
        #expect(deleted.status == 3, "the expansion segment depends on its source")
        try cli.succeed("segment", "delete", "--workspace", "ws", "Similar to Bad credit")
        for suffix in [".json", ".bin", ".request.json", ".scores.bin", ".result.json"] {
            #expect(!FileManager.default.fileExists(atPath: stem + suffix), "\(suffix) goes with the segment")
        }
    }

    /// Batch scores of a 5,000-customer snapshot agree with the model's scores inside the workspace, and the
    /// result's top members have their in-workspace scores.
    static func expectAgreement(_ batch: [String: Double], with model: LookalikeModel, on snapshot: Snapshot,
                                topMembers summary: [String: Any],
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let rows = (0..<snapshot.customers.rowCount).map { UInt32($0) }
        let inside = try model.score(snapshot, rows: rows)
        var largest = 0.0, close = 0
        for row in rows {
            let difference = abs((batch[snapshot.customerID(ofRow: Int(row))] ?? -1) - inside[Int(row)])
            largest = max(largest, difference)
            if difference < 1e-5 { close += 1 }
        }
        // Neighbour ties may fall differently in another batch shape: scores agree closely, not all bit for bit.
        #expect(largest < 0.05, "largest difference \(largest)", sourceLocation: sourceLocation)
        #expect(close >= 4_900, "only \(close) of 5,000 agree to 1e-5", sourceLocation: sourceLocation)
        for member in try #require(summary["topMembers"] as? [[String: Any]], sourceLocation: sourceLocation) {
            let id = try #require(member["customerID"] as? String, sourceLocation: sourceLocation)
            #expect(abs((batch[id] ?? -1) - (member["score"] as? Double ?? 2)) < 1e-5, "customer \(id)",
                    sourceLocation: sourceLocation)
        }
    }

    /// `customer_id → reasons field` from a scores CSV (the last field, unquoted).
    static func reasons(_ path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var reasons: [String: String] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", maxSplits: 3, omittingEmptySubsequences: false)
            var field = String(fields[3])
            if field.hasPrefix("\"") {
                field = String(field.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
            }
            reasons[String(fields[0])] = field
        }
        return reasons
    }

    /// `customer_id → score` from a scores CSV.
    static func scores(_ path: String, after _: String = "") throws -> [String: Double] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var scores: [String: Double] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: ",", maxSplits: 2)
            scores[String(fields[0])] = Double(fields[1])
        }
        return scores
    }
}
