import Foundation
import Testing
import Workspace

@Suite struct RefreshProcessTests {
    /// A generated workspace big enough that a refresh takes a while, with a few segments refreshed once.
    private func workspace(_ cli: CLI, seed: String) throws -> URL {
        try cli.succeed("fixtures", "generate", "--customers", "60000", "--activities", "600000", "--seed", seed, "--out", "data")
        try cli.succeed("init", "ws", "--from", cli.path("data"))
        try cli.succeed("ingest", "--workspace", "ws")
        let definitions = [
            ("Gold", #"loyalty_tier = "gold""#),
            ("Spenders", "spend_365d > 100"),
            ("Frequent", "purchases_365d >= 3"),
            ("Recent buyers", "sum(amount of purchase within last 60 days) > 20 or count(visit within last 30 days) >= 2"),
            ("Gold spenders", #"in segment "Gold" and in segment "Spenders""#),
        ]
        for (name, definition) in definitions {
            try cli.succeed("segment", "create", name, "--workspace", "ws", "--definition", definition)
        }
        try cli.succeed("segment", "refresh", "--all", "--workspace", "ws")
        return URL(fileURLWithPath: cli.path("ws"))
    }

    /// Waits until `process` has a run refreshing in the workspace; false if it ended first.
    private func waitForRefreshing(_ process: Process, in workspace: Workspace) -> Bool {
        for _ in 0..<20_000 where process.isRunning {
            if let runs = try? workspace.refreshRuns(named: "Gold spenders", limit: 1),
               let run = runs.first, run.status == "refreshing" || run.status == "queued" {
                if (try? workspace.refreshRuns(named: "Gold", limit: 1).first?.status) == "refreshing" { return true }
            }
            usleep(500)
        }
        return false
    }

    /// Per segment: member count and the number of history rows.
    private func state(_ workspace: Workspace) throws -> [String: [Int]] {
        var state: [String: [Int]] = [:]
        for segment in try workspace.segments() {
            let trend = try workspace.memberTrend(named: segment.name, from: Date(timeIntervalSince1970: 0), through: Date().addingTimeInterval(86_400))
            state[segment.name] = [segment.memberCount ?? -1, trend.points.reduce(0) { $0 + $1.refreshCount }]
        }
        return state
    }

    @Test func aRefreshKilledMidwayLeavesThePreviousMembershipAndHistory() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let directory = try workspace(cli, seed: "5")
        let observer = try Workspace.open(at: directory)
        let before = try state(observer)

        let (process, _, _) = try cli.start(["segment", "refresh", "--all", "--workspace", "ws"])
        let caught = waitForRefreshing(process, in: observer)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(caught, "the refresh finished before it could be killed; the test needs more data")
        #expect(process.terminationReason == .uncaughtSignal)

        // Nothing committed halfway: the killed runs never stored members or history.
        #expect(try state(observer) == before)
        let again = try cli.succeed("segment", "refresh", "--all", "--workspace", "ws")
        #expect(again.contains("Marked"))
        let after = try state(observer)
        for (name, values) in before {
            #expect(after[name] == [values[0], values[1] + 1], "segment \(name)")
        }
        let runs = try observer.refreshRuns(named: "Gold")
        #expect(runs.map(\.status).prefix(2) == ["succeeded", "failed"])
        #expect(runs[1].message?.contains("stopped before it finished") == true)
    }

    @Test func readersWorkDuringARefreshAndConcurrentRefreshesNeverCorrupt() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let directory = try workspace(cli, seed: "6")
        let observer = try Workspace.open(at: directory)
        let before = try state(observer)

        let (first, _, _) = try cli.start(["segment", "refresh", "--all", "--workspace", "ws"])
        let (second, _, secondErr) = try cli.start(["segment", "refresh", "--all", "--workspace", "ws"])
        let list = try cli.run("segment", "list", "--workspace", "ws", "--json")
        let members = try cli.run("segment", "members", "Gold", "--workspace", "ws", "--limit", "3")
        first.waitUntilExit()
        second.waitUntilExit()
        let secondStderr = String(decoding: secondErr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)

        #expect(list.status == 0)
        #expect(members.status == 0)
        // Each refresh either ran whole or was refused as busy (exit 5); never half.
        let statuses = [first.terminationStatus, second.terminationStatus]
        #expect(statuses.allSatisfy { $0 == 0 || $0 == 5 })
        #expect(statuses.contains(0))
        if second.terminationStatus == 5 { #expect(secondStderr.contains("busy")) }
        let completed = statuses.filter { $0 == 0 }.count
        let after = try state(observer)
        for (name, values) in before {
            #expect(after[name] == [values[0], values[1] + completed], "segment \(name)")
        }
    }

    @Test func aRefreshWhileAnotherHoldsTheLockExitsBusy() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("id,age\n1,30\n2,40\n", to: "people.csv")
        try cli.succeed("init", "ws", "--customers", "people.csv", "--id", "id")
        try cli.succeed("ingest", "--workspace", "ws")
        try cli.succeed("segment", "create", "Old", "--workspace", "ws", "--definition", "age > 35")
        // Hold the refresh lock as a running refresh would.
        let descriptor = open(cli.path("ws/data/.refresh.lock"), O_RDWR | O_CREAT, 0o644)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        try #require(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let busy = try cli.run("segment", "refresh", "Old", "--workspace", "ws")
        #expect(busy.status == 5)
        #expect(busy.stderr.contains("busy: another audience process is running a segment refresh"))
        #expect(try cli.succeed("segment", "runs", "Old", "--workspace", "ws").contains("No refresh runs"))
        flock(descriptor, LOCK_UN)
        try cli.succeed("segment", "refresh", "Old", "--workspace", "ws")
    }
}
