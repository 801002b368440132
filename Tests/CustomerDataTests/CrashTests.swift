import Foundation
import Testing
@testable import CustomerData

/// A process killed in the middle of an ingest leaves the previous generation
/// intact and the new one without a manifest (so it never opens).
///
/// The child is this test binary itself, run with a filter that selects
/// `CrashChild` and an environment variable that tells it which workspace to
/// ingest; it stops (sleeps) in the middle of reading the activities until it
/// is killed with SIGKILL.
@Suite("Killed ingest")
struct CrashTests {
    static let childVariable = "AUDIENCE_INGEST_CRASH_CHILD"

    static func config() -> WorkspaceConfig {
        simpleConfig(activities: [activitySource(columns: ["note": .text])])
    }

    @Test func killedIngestLeavesThePreviousGenerationIntact() throws {
        let ws = TestWorkspace()
        var customers = "id,score\n"
        for i in 0..<2000 { customers += "\(i),\(i % 17)\n" }
        ws.write("customers.csv", customers)
        var events = "customer,type,ts,amount,note\n"
        for i in 0..<100_000 { events += "\(i % 2000),t\(i % 3),2024-01-01T10:00:00Z,\(i),\"n \(i)\"\n" }
        ws.write("events.csv", events)
        try ws.ingest(Self.config(), into: "gen-000001")
        let before = try ws.open("gen-000001")
        let checksum = before.touchAllColumns()
        let customerCells = cells(before.customers)

        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        child.arguments = ["--testing-library", "swift-testing", "--filter", "CrashChild"]
        var environment = ProcessInfo.processInfo.environment
        environment[Self.childVariable] = ws.url.path
        child.environment = environment
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()
        let marker = ws.url.appendingPathComponent("child-is-ingesting").path
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: marker) && Date() < deadline && child.isRunning {
            Thread.sleep(forTimeInterval: 0.02)
        }
        let reachedTheMiddle = FileManager.default.fileExists(atPath: marker)
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(reachedTheMiddle, "the child ingest did not start")
        #expect(child.terminationReason == .uncaughtSignal)

        let partial = ws.generation("gen-000002")
        #expect(FileManager.default.fileExists(atPath: partial.appendingPathComponent("customers").path),
                "the child had written part of its generation")
        #expect(!FileManager.default.fileExists(atPath: partial.appendingPathComponent("manifest.json").path))
        #expect(throws: IngestError.self) { try Snapshot(directory: partial) }

        let after = try ws.open("gen-000001")
        #expect(after.touchAllColumns() == checksum)
        #expect(cells(after.customers) == customerCells)
        #expect(after.activities.rowCount == 100_000)
    }
}

@Suite("CrashChild")
struct CrashChild {
    /// Does nothing unless started by `killedIngestLeavesThePreviousGenerationIntact`.
    @Test func ingestUntilKilled() throws {
        guard let path = ProcessInfo.processInfo.environment[CrashTests.childVariable] else { return }
        let workspace = URL(fileURLWithPath: path)
        let marker = workspace.appendingPathComponent("child-is-ingesting")
        _ = try Ingest.run(
            config: CrashTests.config(), workspaceDirectory: workspace,
            generationDirectory: workspace.appendingPathComponent("data/gen-000002"),
            options: IngestOptions(threads: 2, chunkBytes: 64 << 10),
            progress: { progress in
                if progress.source == "events" && progress.phase == .reading {
                    _ = FileManager.default.createFile(atPath: marker.path, contents: Data())
                    Thread.sleep(forTimeInterval: 600)
                }
            })
        Issue.record("the child ingest was not killed")
    }
}
