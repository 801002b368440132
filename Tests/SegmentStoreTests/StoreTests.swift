import Foundation
import Synchronization
import Testing
@testable import SegmentStore

@Suite("Store")
struct StoreTests {
    /// A store with a scratch table `items (id, name)` beside the schema.
    private func makeStore(_ directory: TemporaryDirectory, busyTimeout: Duration = .seconds(5)) throws -> Store {
        var migrator = Store.migrator
        migrator.register(Migration("test-items", sql: "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)"))
        return try Store(path: directory.path("audience.sqlite"), busyTimeout: busyTimeout, migrator: migrator)
    }

    private func itemNames(_ store: Store) throws -> [String] {
        try store.read { db in
            try db.prepare("SELECT name FROM items ORDER BY id").map { try $0.decode(String.self, at: 0) }
        }
    }

    @Test("write commits and returns the closure's value")
    func writeCommits() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        let id = try store.write { db -> Int64 in
            try db.execute("INSERT INTO items (name) VALUES (?)", arguments: ["first"])
            return db.lastInsertRowID
        }
        #expect(id == 1)
        #expect(try itemNames(store) == ["first"])
    }

    @Test("a write whose closure throws changes nothing")
    func writeRollsBack() throws {
        struct Refused: Error {}
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in try db.execute("INSERT INTO items (name) VALUES ('kept')") }
        #expect(throws: Refused.self) {
            try store.write { db in
                try db.execute("INSERT INTO items (name) VALUES ('dropped')")
                try db.execute("UPDATE items SET name = 'changed'")
                throw Refused()
            }
        }
        #expect(try itemNames(store) == ["kept"])
        // The store is usable afterwards.
        try store.write { db in try db.execute("INSERT INTO items (name) VALUES ('next')") }
        #expect(try itemNames(store) == ["kept", "next"])
    }

    @Test("reads cannot write")
    func readsAreQueryOnly() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        let error = try #require(throws: DatabaseError.self) {
            try store.read { db in try db.execute("INSERT INTO items (name) VALUES ('sneaky')") }
        }
        #expect(error.message.contains("readonly") || error.message.contains("read-only") || error.message.contains("query_only"))
        #expect(try itemNames(store).isEmpty)
    }

    @Test("a reader sees the last committed state while another store is mid-write")
    func readersSeeCommittedState() throws {
        let directory = try TemporaryDirectory()
        let writerStore = try makeStore(directory)
        let readerStore = try makeStore(directory)
        try writerStore.write { db in try db.execute("INSERT INTO items (name) VALUES ('committed')") }
        try writerStore.write { db in
            try db.execute("INSERT INTO items (name) VALUES ('in progress')")
            // Readers are not blocked by the open write and do not see it.
            #expect(try itemNames(readerStore) == ["committed"])
        }
        #expect(try itemNames(readerStore) == ["committed", "in progress"])
    }

    @Test("a second writer gets a clear busy error while the first holds the write lock, and succeeds after")
    func secondWriterIsBusy() throws {
        let directory = try TemporaryDirectory()
        let first = try makeStore(directory)
        let second = try makeStore(directory, busyTimeout: .milliseconds(50))
        try first.write { db in
            try db.execute("INSERT INTO items (name) VALUES ('first')")
            let error = try #require(throws: DatabaseError.self) {
                try second.write { db in try db.execute("INSERT INTO items (name) VALUES ('second')") }
            }
            #expect(error.isBusy)
            #expect(error.description.contains("the workspace store is busy: another audience process is writing; try again"))
            // Reading still works for the waiting store.
            #expect(try itemNames(second).isEmpty)
        }
        try second.write { db in try db.execute("INSERT INTO items (name) VALUES ('second')") }
        #expect(try itemNames(first) == ["first", "second"])
    }

    @Test("a store opens and reads at once while another process holds the write lock")
    func openWhileWriting() throws {
        let directory = try TemporaryDirectory()
        let writer = try makeStore(directory)
        try writer.write { db in try db.execute("INSERT INTO items (name) VALUES ('committed')") }
        try writer.write { db in
            try db.execute("INSERT INTO items (name) VALUES ('in progress')")
            let late = try makeStore(directory, busyTimeout: .milliseconds(50))
            #expect(try itemNames(late) == ["committed"])
        }
    }

    @Test("a second writer within its busy timeout waits for the first and then succeeds")
    func secondWriterWaits() throws {
        let directory = try TemporaryDirectory()
        let first = try makeStore(directory)
        let second = try makeStore(directory, busyTimeout: .seconds(60))
        let holding = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let errors = Mutex<[String]>([])
        Thread {
            do {
                try first.write { db in
                    try db.execute("INSERT INTO items (name) VALUES ('first')")
                    holding.signal()
                    release.wait()
                }
            } catch {
                errors.withLock { $0.append("first: \(error)") }
            }
            finished.signal()
        }.start()
        holding.wait()
        Thread {
            do {
                try second.write { db in try db.execute("INSERT INTO items (name) VALUES ('second')") }
            } catch {
                errors.withLock { $0.append("second: \(error)") }
            }
            finished.signal()
        }.start()
        // Give the second writer time to start waiting on the lock; the result
        // does not depend on it.
        Thread.sleep(forTimeInterval: 0.2)
        release.signal()
        finished.wait()
        finished.wait()
        #expect(errors.withLock { $0 }.isEmpty)
        #expect(try itemNames(first) == ["first", "second"])
    }

    @Test("threads of one process share a store: concurrent writes all land")
    func concurrentWrites() async throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for item in 0..<25 {
                        try store.write { db in
                            try db.execute("INSERT INTO items (name) VALUES (?)", arguments: ["\(task)-\(item)"])
                        }
                        _ = try store.read { db in try db.prepare("SELECT count(*) FROM items").singleValue(Int64.self) }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try itemNames(store).count == 200)
    }

    @Test("reads of two threads run side by side, each on its own connection")
    func readsOverlap() throws {
        let directory = try TemporaryDirectory()
        let store = try makeStore(directory)
        try store.write { db in try db.execute("INSERT INTO items (name) VALUES ('a')") }
        let firstInside = DispatchSemaphore(value: 0)
        let secondInside = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let sawTheSecond = Atomic<Bool>(false)
        // The first read waits, inside its transaction, for the second to be inside its own:
        // with one shared connection the second could never start.
        let first = Thread {
            _ = try? store.read { db in
                firstInside.signal()
                sawTheSecond.store(secondInside.wait(timeout: .now() + 30) == .success, ordering: .relaxed)
                return try db.prepare("SELECT count(*) FROM items").singleValue(Int64.self)
            }
            done.signal()
        }
        first.start()
        #expect(firstInside.wait(timeout: .now() + 30) == .success)
        let count = try store.read { db in
            secondInside.signal()
            return try db.prepare("SELECT count(*) FROM items").singleValue(Int64.self)
        }
        #expect(count == 1)
        #expect(done.wait(timeout: .now() + 30) == .success)
        let overlapped = sawTheSecond.load(ordering: .relaxed)
        #expect(overlapped)
    }

    @Test("a nested write is a programmer error")
    func nestedWriteTraps() async {
        await #expect(processExitsWith: .failure) {
            do {
                let directory = try TemporaryDirectory()
                let store = try Store(path: directory.path("audience.sqlite"))
                try store.write { _ in
                    try store.write { _ in }
                }
            } catch {
                // Only the precondition may end this process with a failure.
                exit(0)
            }
        }
    }
}
