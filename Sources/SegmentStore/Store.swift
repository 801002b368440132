import Foundation
import Synchronization

/// The workspace store: one SQLite file in WAL mode, shared safely by threads
/// and processes.
///
/// A store owns a writer connection behind a `Mutex`, used by ``write(_:)``
/// inside `BEGIN IMMEDIATE` … `COMMIT`, and a small pool of query-only readers,
/// used by ``read(_:)`` inside deferred transactions, so reads of several
/// threads (the server's) run side by side. In WAL mode readers
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
    /// The query-only reader connections.
    private let readers: ReaderPool
    /// The thread inside ``write(_:)``, or 0, to catch nested writes.
    private let writingThread = Atomic<UInt>(0)

    /// How many reader connections a store opens.
    public static let readerCount = 4

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
        readers = try ReaderPool(path: path, count: Self.readerCount, busyTimeout: busyTimeout)
        writer = Mutex(LockedConnection(writerConnection))
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
            !readers.isReading(thread: thread),
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
        return try readers.withConnection(thread: thread) { db in
            try db.inTransaction(.deferred) { try body(db) }
        }
    }

    /// An identifier of the calling thread, never 0.
    private static func currentThread() -> UInt {
        UInt(pthread_self())
    }
}
