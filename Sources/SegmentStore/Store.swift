import Foundation
import Synchronization

/// The workspace store: one SQLite file in WAL mode, shared safely by threads
/// and processes.
///
/// A store owns two connections, each behind a `Mutex`: the writer, used by
/// ``write(_:)`` inside `BEGIN IMMEDIATE` … `COMMIT`, and a query-only reader,
/// used by ``read(_:)`` inside a deferred transaction. In WAL mode readers
/// never block the writer and see the last committed state, never a write in
/// progress. Another process writing to the same file makes ``write(_:)`` wait
/// up to the busy timeout and then throw a ``DatabaseError`` whose `isBusy` is
/// true.
///
/// ```swift
/// let store = try Store(path: "my-workspace/audience.sqlite")
/// let live = try store.liveSnapshot()
/// try store.write { db in try db.execute("…") }
/// ```
public final class Store: Sendable {
    /// The store file.
    public let path: String
    /// The writer connection.
    private let writer: Mutex<LockedConnection>
    /// The query-only reader connection.
    private let reader: Mutex<LockedConnection>
    /// The thread inside ``write(_:)``, or 0, to catch nested writes.
    private let writingThread = Atomic<UInt>(0)
    /// The thread inside ``read(_:)``, or 0, to catch nested reads.
    private let readingThread = Atomic<UInt>(0)

    /// Opens the store at `path`, creating the file if needed, and applies
    /// pending migrations (by default the store's own, ``Store/migrator``).
    ///
    /// - Parameters:
    ///   - busyTimeout: how long a statement waits for another process's lock
    ///     before throwing a busy ``DatabaseError``.
    /// - Throws: ``DatabaseError`` (cannot open, not a database, busy),
    ///   ``StoreError/unknownMigrations(store:names:)`` for a store written by
    ///   a newer Audience.
    public init(path: String, busyTimeout: Duration = .seconds(5), migrator: Migrator = Store.migrator) throws {
        self.path = path
        let writerConnection = try Database(path: path, configuration: .init(busyTimeout: busyTimeout))
        try migrator.migrate(writerConnection)
        let readerConnection = try Database(
            path: path,
            configuration: .init(busyTimeout: busyTimeout, isQueryOnly: true)
        )
        writer = Mutex(LockedConnection(writerConnection))
        reader = Mutex(LockedConnection(readerConnection))
    }

    /// Runs `body` in a write transaction (`BEGIN IMMEDIATE`) and commits;
    /// when `body` throws, rolls back, so nothing it did remains, and rethrows.
    ///
    /// Writes from threads of this process queue on a mutex; a write of
    /// another process makes this one wait up to the busy timeout.
    /// - Returns: what `body` returns.
    /// - Throws: what `body` throws; ``DatabaseError`` with `isBusy` when
    ///   another process holds the write lock past the timeout.
    /// - Precondition: not called from inside `write` or `read` of this store
    ///   on the same thread; use the `Database` already passed in.
    public func write<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        let thread = Self.currentThread()
        precondition(
            writingThread.load(ordering: .relaxed) != thread,
            "Store.write(_:): nested write on the same store; use the Database the outer write passes in"
        )
        precondition(
            readingThread.load(ordering: .relaxed) != thread,
            "Store.write(_:): write inside read on the same store; read in the write instead"
        )
        return try writer.withLock { connection in
            writingThread.store(thread, ordering: .relaxed)
            defer { writingThread.store(0, ordering: .relaxed) }
            let db = connection.database
            return try db.inTransaction(.immediate) { try body(db) }
        }
    }

    /// Runs `body` in a read transaction and returns its result.
    ///
    /// `body` sees one consistent, committed state of the store even while
    /// another thread or process writes; it cannot write (the connection is
    /// query-only).
    /// - Precondition: not called from inside `write` or `read` of this store
    ///   on the same thread; use the `Database` already passed in.
    public func read<T: Sendable>(_ body: (Database) throws -> T) throws -> T {
        let thread = Self.currentThread()
        precondition(
            writingThread.load(ordering: .relaxed) != thread,
            "Store.read(_:): read inside write on the same store would not see the write; use the Database the write passes in"
        )
        precondition(
            readingThread.load(ordering: .relaxed) != thread,
            "Store.read(_:): nested read on the same store; use the Database the outer read passes in"
        )
        return try reader.withLock { connection in
            readingThread.store(thread, ordering: .relaxed)
            defer { readingThread.store(0, ordering: .relaxed) }
            let db = connection.database
            return try db.inTransaction(.deferred) { try body(db) }
        }
    }

    /// An identifier of the calling thread, never 0.
    private static func currentThread() -> UInt {
        UInt(pthread_self())
    }
}
