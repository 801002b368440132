import Foundation
import Testing
@testable import SegmentStore

@Suite("Crash recovery")
struct CrashRecoveryTests {
    /// Reads `handle` until `marker` appears; returns false at end of file.
    private func readUntil(_ marker: String, from handle: FileHandle) -> Bool {
        var seen = ""
        while !seen.contains(marker) {
            let chunk = handle.availableData
            if chunk.isEmpty { return false }
            seen += String(decoding: chunk, as: UTF8.self)
        }
        return true
    }

    @Test("a process killed in the middle of a write leaves the last committed state intact")
    func killedWriterLeavesCommittedState() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("audience.sqlite")
        let store = try Store(path: path)
        let committed = try store.recordSnapshot(directoryName: "gen-000001", customers: 10, activities: 20, reportJSON: "{}")
        let run = try store.startIngestRun()

        // Another process (the sqlite3 shell) opens a write transaction, writes
        // far more than its page cache holds so the uncommitted pages spill
        // into the WAL file, and is killed before it commits.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", #"exec sqlite3 -bail "$0""#, path]
        let input = Pipe()
        let output = Pipe()
        let errors = Pipe()
        child.standardInput = input
        child.standardOutput = output
        child.standardError = errors
        try child.run()
        let script = """
            PRAGMA busy_timeout = 10000;
            PRAGMA cache_size = 8;
            BEGIN IMMEDIATE;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO snapshots (directory_name, created_at, customer_count, activity_count, report_json)
            SELECT 'gen-crash-' || i, 0, i, i, hex(randomblob(2000)) FROM n;
            UPDATE workspace_state SET live_snapshot_id = (SELECT max(id) FROM snapshots);
            UPDATE ingest_runs SET status = 'succeeded', ended_at = 1 WHERE id = \(run.id);
            SELECT 'ready';

            """
        input.fileHandleForWriting.write(Data(script.utf8))
        let ready = readUntil("ready", from: output.fileHandleForReading)
        if !ready {
            child.waitUntilExit()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            Issue.record("the sqlite3 shell (Debian package sqlite3) did not reach the kill point: \(message)")
            return
        }
        let walSize = try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int ?? 0
        #expect(walSize > 1_000_000, "the uncommitted write reached the WAL file before the kill")
        // While the child holds the write lock, this store reads the old state.
        #expect(try store.liveSnapshot() == committed)

        #expect(kill(child.processIdentifier, SIGKILL) == 0)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(child.terminationStatus == SIGKILL)
        try input.fileHandleForWriting.close()

        // A fresh open (as the next audience command would do) recovers.
        let reopened = try Store(path: path)
        #expect(try reopened.snapshots() == [committed])
        #expect(try reopened.liveSnapshot() == committed)
        #expect(try reopened.ingestRun(id: run.id)?.status == .running)
        let integrity = try reopened.read { db in
            try db.prepare("PRAGMA integrity_check").map { try $0.decode(String.self, at: 0) }
        }
        #expect(integrity == ["ok"])
        // The dead process's lock is gone: writing works at once.
        let next = try reopened.recordSnapshot(directoryName: "gen-000002", customers: 11, activities: 21, reportJSON: "{}")
        #expect(try store.liveSnapshot() == next)
    }
}
