import Foundation
import Testing

@Suite struct SimilarCommandTests {
    /// `audience similar` makes an expansion segment with a saved model, an explanation and a
    /// backtest; refreshing it retrains on the source's current members.
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

        let refreshed = try cli.succeed("segment", "refresh", "--workspace", "ws", "Similar to Bad credit")
        #expect(refreshed.contains("succeeded"))
        let deleted = try cli.run("segment", "delete", "--workspace", "ws", "Bad credit")
        #expect(deleted.status == 3, "the expansion segment depends on its source")
    }
}
