import Foundation
import Testing

@Suite struct SegmentCommandTests {
    /// A small workspace whose members can be counted by hand.
    private func workspace(_ cli: CLI) throws {
        try cli.makeSmallWorkspace(events: "1,2025-06-20T10:00:00,purchase,120\n4,2025-06-29T09:00:00,purchase,30\n")
    }

    private func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    @Test func createRefreshInspectAndDownload() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try workspace(cli)
        try cli.succeed("segment", "create", "Gold", "-w", "ws", "--definition", #"tier = "gold""#, "--tag", "crm")
        try cli.write(#"sum(amount of purchase within last 30 days) >= 30"#, to: "recent.txt")
        try cli.succeed("segment", "create", "Recent", "-w", "ws", "--file", "recent.txt")
        let refreshed = try cli.succeed("segment", "refresh", "Gold", "Recent", "-w", "ws", "--as-of", "2025-07-01", "--json")
        let runs = try #require((try json(refreshed) as? [String: Any])?["runs"] as? [[String: Any]])
        #expect(runs.map { $0["memberCount"] as? Int } == [2, 2])

        let list = try #require(try json(try cli.succeed("segment", "list", "-w", "ws", "--sort", "name", "--json")) as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == ["Gold", "Recent"])
        #expect(list.map { $0["memberCount"] as? Int } == [2, 2])
        let tagged = try #require(try json(try cli.succeed("segment", "list", "-w", "ws", "--tag", "CRM", "--json")) as? [[String: Any]])
        #expect(tagged.count == 1)

        let overlap = try cli.succeed("insights", "overlap", "Gold", "Recent", "-w", "ws")
        #expect(overlap.contains("Gold ∩ Recent: 1"))
        try cli.succeed("segment", "download", "Gold", "-w", "ws", "--out", "gold.csv", "--fields", "id,age")
        #expect(try String(contentsOfFile: cli.path("gold.csv"), encoding: .utf8) == "id,age\r\n1,34\r\n3,51\r\n")
        let customer = try cli.succeed("customer", "segments", "1", "-w", "ws")
        #expect(customer == "Gold\nRecent\n")
        let show = try cli.succeed("segment", "show", "gold", "-w", "ws")
        #expect(show.contains(#"v1: tier = "gold""#))
    }

    @Test func badInputExitsThreeAndChangesNothing() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try workspace(cli)
        try cli.succeed("segment", "create", "Gold", "-w", "ws", "--definition", #"tier = "gold""#)
        let before = try cli.succeed("segment", "list", "-w", "ws", "--json")

        let unknown = try cli.run("segment", "show", "Gld", "-w", "ws")
        #expect(unknown.status == 3)
        #expect(unknown.stderr.contains(#"no segment named "Gld"; did you mean "Gold"?"#))
        let duplicate = try cli.run("segment", "create", "GOLD", "-w", "ws", "--definition", "age > 3")
        #expect(duplicate.status == 3)
        #expect(duplicate.stderr.contains("already exists"))
        let badReference = try cli.run("segment", "create", "X", "-w", "ws", "--definition", #"in segment "Gould""#)
        #expect(badReference.status == 3)
        let badTime = try cli.run("segment", "deactivate", "Gold", "-w", "ws", "--at", "yesterday")
        #expect(badTime.status == 3)
        #expect(badTime.stderr.contains(#"at: "yesterday" is not a date"#))
        let past = try cli.run("segment", "deactivate", "Gold", "-w", "ws", "--at", "2001-01-01")
        #expect(past.status == 3)
        #expect(past.stderr.contains("not in the future"))
        let tags = (0..<21).flatMap { ["--add", "t\($0)"] }
        let tooMany = try cli.run(["segment", "tag", "Gold", "-w", "ws"] + tags)
        #expect(tooMany.status == 3)
        let badSchedule = try cli.run("schedule", "set", "-w", "ws", "--daily", "--at", "06:00", "--at", "07:00", "--at", "08:00", "--at", "09:00", "--at", "10:00")
        #expect(badSchedule.status == 3)
        #expect(badSchedule.stderr.contains("at most 4"))
        let usage = try cli.run("segment", "refresh", "-w", "ws")
        #expect(usage.status == 2)

        #expect(try cli.succeed("segment", "list", "-w", "ws", "--json") == before)
        #expect(try cli.succeed("schedule", "show", "-w", "ws").contains("off"))
    }
}
