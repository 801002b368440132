import Foundation
import Testing

@Suite struct EvalCommandTests {
    /// A small workspace whose members can be counted by hand.
    private func workspace(_ cli: CLI) throws {
        try cli.makeSmallWorkspace(
            events: "1,2025-06-20T10:00:00,purchase,120\n1,2025-01-02T11:00:00,purchase,5\n"
                + "3,2025-06-25T12:00:00,visit,\n4,2025-06-29T09:00:00,purchase,30\n")
    }

    @Test func evalPrintsCountsRulesAndMembers() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try workspace(cli)
        let text = try cli.succeed(
            "eval", "--workspace", "ws", "--as-of", "2025-07-01", "--json",
            #"sum(amount of purchase within last 30 days) >= 30 union tier = "gold" except age > 50"#)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(json["memberCount"] as? Int == 2)
        #expect(json["firstMembers"] as? [String] == ["1", "4"])
        let rules = try #require(json["rules"] as? [[String: Any]])
        #expect(rules.map { $0["count"] as? Int } == [2, 2, 1])
        #expect(rules.map { $0["runningCount"] as? Int } == [2, 3, 2])
    }

    @Test func didNotDoCountsCustomersWithoutActivity() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try workspace(cli)
        let text = try cli.succeed("eval", "--workspace", "ws", "--as-of", "2025-07-01", "did not do purchase within last 7 days", "--counts")
        #expect(text.hasPrefix("3 of 4 customers"))
    }

    @Test func badDefinitionsExitThreeAndPointAtTheCondition() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try workspace(cli)
        let unknown = try cli.run("eval", "--workspace", "ws", #"age > 3 and tierr = "gold""#)
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains("rules[0].conditions[1]: unknown attribute \"tierr\"; did you mean \"tier\"?"))
        let syntax = try cli.run("eval", "--workspace", "ws", "age >")
        #expect(syntax.status == 3)
        #expect(syntax.stderr.contains("1:"))
        let asOf = try cli.run("eval", "--workspace", "ws", "--as-of", "yesterday", "age > 3")
        #expect(asOf.status == 3)
        #expect(asOf.stderr.contains("as-of: \"yesterday\" is not a date"))
    }
}
