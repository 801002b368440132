import Foundation
import Testing

@Suite struct KilledIngestTests {
    /// A process killed (SIGKILL) while it writes a new generation leaves the previous
    /// snapshot live and readable; the next ingest cleans up and succeeds.
    @Test func killedIngestLeavesThePreviousSnapshotLive() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.succeed("fixtures", "generate", "--customers", "40000", "--activities", "400000", "--seed", "3", "--out", "data")
        try cli.succeed("init", "ws", "--from", cli.path("data"))
        try cli.succeed("ingest", "--workspace", "ws")
        let before = try cli.rowCounts(cli.path("ws"))
        let live = cli.path("ws/data")
        let generationsBefore = Set(try FileManager.default.contentsOfDirectory(atPath: live))

        let (process, _, _) = try cli.start(["ingest", "--workspace", "ws"])
        // Kill as soon as the new generation folder exists, i.e. mid-write.
        var sawNewGeneration = false
        for _ in 0..<4000 where process.isRunning {
            let now = Set((try? FileManager.default.contentsOfDirectory(atPath: live)) ?? [])
            if !now.subtracting(generationsBefore).filter({ $0.hasPrefix("gen-") }).isEmpty {
                sawNewGeneration = true
                break
            }
            usleep(1000)
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try #require(sawNewGeneration, "the ingest finished before it could be killed; the test needs more data")
        #expect(process.terminationReason == .uncaughtSignal)

        #expect(try cli.rowCounts(cli.path("ws")) == before)
        let again = try cli.succeed("ingest", "--workspace", "ws")
        #expect(again.contains("is live"))
        #expect(try cli.rowCounts(cli.path("ws")) == before)
    }

    /// Two ingests at once: the second is refused with a clear busy error (exit 5).
    @Test func secondConcurrentIngestIsBusy() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.succeed("fixtures", "generate", "--customers", "40000", "--activities", "400000", "--seed", "4", "--out", "data")
        try cli.succeed("init", "ws", "--from", cli.path("data"))
        let (first, _, _) = try cli.start(["ingest", "--workspace", "ws"])
        // Wait until the first holds the ingest lock (its generation folder appears).
        for _ in 0..<4000 where first.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: cli.path("ws/data"))) ?? []
            if names.contains(where: { $0.hasPrefix("gen-") }) { break }
            usleep(1000)
        }
        try #require(first.isRunning, "the first ingest finished too soon; the test needs more data")
        let second = try cli.run("ingest", "--workspace", "ws")
        first.waitUntilExit()
        #expect(second.status == 5)
        #expect(second.stderr.contains("busy"))
        #expect(first.terminationStatus == 0)
    }
}
