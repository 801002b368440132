import Foundation
import Testing

@Suite struct SuggestCommandTests {
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    /// A segment's member count from `segment list --json`.
    static func memberCount(_ cli: CLI, segment: String) throws -> Int? {
        let list = try #require(try json(try cli.succeed("segment", "list", "-w", "ws", "--json")) as? [[String: Any]])
        return list.first { $0["name"] as? String == segment }?["memberCount"] as? Int
    }

    /// Measure suggestions are stored; the top one, accepted, becomes a dynamic segment with
    /// the suggestion's members; decided suggestions cannot be decided again.
    @Test func measureSuggestionsBecomeSegments() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let fixture = CLI.packageRoot.appendingPathComponent("fixtures/credit-g").path
        try cli.succeed("init", "ws", "--from", fixture)
        try cli.succeed("ingest", "-w", "ws")

        let run = try #require(try Self.json(try cli.succeed("suggest", "measure", "credit_amount", "-w", "ws", "--json")) as? [String: Any])
        let id = try #require(run["id"] as? Int)
        let suggestions = try #require((run["run"] as? [String: Any])?["suggestions"] as? [[String: Any]])
        let top = try #require(suggestions.first)
        let definition = try #require(top["definition_text"] as? String)
        let members = try #require(top["member_count"] as? Int)
        let statistics = try #require(top["statistics"] as? [String: Any])
        #expect((statistics["lift"] as? Double).map { abs($0 - 1) > 0.1 } == true)
        #expect((statistics["p_value"] as? Double ?? 1) < 0.05)
        #expect(!definition.contains("credit_amount"), "the definition uses the influencing attributes")

        let list = try #require(try Self.json(try cli.succeed("suggest", "list", "-w", "ws", "--json")) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list.first?["newCount"] as? Int == suggestions.count)

        let accepted = try #require(try Self.json(try cli.succeed(
            "suggest", "accept", String(id), "1", "-w", "ws", "--name", "Big loans", "--json")) as? [String: Any])
        #expect(accepted["type"] as? String == "dynamic")
        try cli.succeed("segment", "refresh", "Big loans", "-w", "ws")
        #expect(try Self.memberCount(cli, segment: "Big loans") == members)
        let shown = try cli.succeed("segment", "show", "Big loans", "-w", "ws")
        #expect(shown.contains(definition))

        let twice = try cli.run("suggest", "accept", String(id), "1", "-w", "ws", "--name", "Again")
        #expect(twice.status == 3)
        #expect(twice.stderr.contains("already accepted"))
        #expect(try Self.memberCount(cli, segment: "Again") == nil, "no segment is left behind")
        let dismissAccepted = try cli.run("suggest", "dismiss", String(id), "1", "-w", "ws")
        #expect(dismissAccepted.status == 3)

        let badEdit = try cli.run("suggest", "accept", String(id), "2", "-w", "ws", "--definition", "no_such_field > 3")
        #expect(badEdit.status == 3, "an edited definition is validated")
        try cli.succeed("suggest", "accept", String(id), "2", "-w", "ws", "--name", "Long", "--definition", "duration > 40")
        try cli.succeed("suggest", "dismiss", String(id), "3", "-w", "ws")

        let show = try #require(try Self.json(try cli.succeed("suggest", "show", String(id), "-w", "ws", "--json")) as? [String: Any])
        let decisions = try #require(show["decisions"] as? [[String: Any]])
        #expect(decisions.prefix(3).map { $0["status"] as? String } == ["accepted", "accepted", "dismissed"])
        #expect(decisions.first?["segment"] as? String == "Big loans")
        let statuses = ((show["run"] as? [String: Any])?["suggestions"] as? [[String: Any]])?.prefix(3).map { $0["status"] as? String }
        #expect(statuses == ["accepted", "accepted", "dismissed"])

        try cli.succeed("suggest", "show", String(id), "-w", "ws", "--report", "report.html")
        let html = try String(contentsOfFile: cli.path("report.html"), encoding: .utf8)
        #expect(html.contains("<html") && html.contains("credit_amount"))
        try cli.succeed("suggest", "show", String(id), "-w", "ws", "--report", "report.md")
        #expect(try String(contentsOfFile: cli.path("report.md"), encoding: .utf8).contains("| "))

        #expect(try cli.run("suggest", "show", "99", "-w", "ws").status == 3)
        #expect(try cli.run("suggest", "measure", "no_such_attribute", "-w", "ws").status == 3)
        #expect(try cli.run("suggest", "accept", "x", "1", "-w", "ws").status == 2)
    }

    /// An accepted RFM suggestion is a dynamic segment whose definition states its thresholds
    /// and that re-evaluates to the suggestion's members at the run's date.
    @Test func activitySuggestionsBecomeDynamicSegments() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let fixture = CLI.packageRoot.appendingPathComponent("fixtures/retail").path
        try cli.succeed("init", "ws", "--from", fixture)
        try cli.succeed("ingest", "-w", "ws")

        let run = try #require(try Self.json(try cli.succeed(
            "suggest", "activity", "-w", "ws", "--as-of", "2026-01-01", "--no-clusters", "--json")) as? [String: Any])
        let id = try #require(run["id"] as? Int)
        let suggestions = try #require((run["run"] as? [String: Any])?["suggestions"] as? [[String: Any]])
        #expect(!suggestions.contains { $0["kind"] as? String == "cluster" }, "--no-clusters")
        let champions = try #require(suggestions.first { $0["kind"] as? String == "rfm_segment" })
        let rank = try #require(champions["rank"] as? Int)
        let members = try #require(champions["member_count"] as? Int)

        try cli.succeed("suggest", "accept", String(id), String(rank), "-w", "ws", "--name", "Best")
        let shown = try cli.succeed("segment", "show", "Best", "-w", "ws")
        #expect(shown.contains("days_since_last") || shown.contains("within last"), "the definition states its thresholds")
        try cli.succeed("segment", "refresh", "Best", "-w", "ws", "--as-of", "2026-01-01")
        #expect(try Self.memberCount(cli, segment: "Best") == members)
        let list = try #require(try Self.json(try cli.succeed("segment", "list", "-w", "ws", "--json")) as? [[String: Any]])
        #expect(list.first { $0["name"] as? String == "Best" }?["type"] as? String == "dynamic")

        // A scope segment limits the customers and is named in every definition.
        try cli.succeed("segment", "create", "Gold", "-w", "ws", "--definition", #"loyalty_tier = "gold""#)
        let unrefreshed = try cli.run("suggest", "activity", "-w", "ws", "--scope", "Gold", "--no-clusters")
        #expect(unrefreshed.status == 3, "a scope that was never refreshed has no members")
        try cli.succeed("segment", "refresh", "Gold", "-w", "ws", "--as-of", "2026-01-01")
        let gold = try #require(try Self.memberCount(cli, segment: "Gold"))
        let scoped = try #require(try Self.json(try cli.succeed(
            "suggest", "activity", "-w", "ws", "--scope", "Gold", "--period", "last-year", "--as-of", "2026-01-01",
            "--no-clusters", "--json")) as? [String: Any])
        let scopedSuggestions = try #require((scoped["run"] as? [String: Any])?["suggestions"] as? [[String: Any]])
        #expect(!scopedSuggestions.isEmpty)
        #expect(scopedSuggestions.allSatisfy { ($0["definition_text"] as? String)?.hasPrefix(#"in segment "Gold""#) == true })
        #expect(scopedSuggestions.allSatisfy { ($0["member_count"] as? Int ?? .max) <= gold })
        let runs = try #require(try Self.json(try cli.succeed("suggest", "list", "-w", "ws", "--json")) as? [[String: Any]])
        #expect(runs.map { $0["id"] as? Int } == [scoped["id"] as? Int, id], "newest first")

        let bad = try cli.run("suggest", "activity", "-w", "ws", "--period", "sometime")
        #expect(bad.status == 2)
        let unknownType = try cli.run("suggest", "activity", "-w", "ws", "--types", "teleport", "--no-clusters")
        #expect(unknownType.status == 3)
    }
}
