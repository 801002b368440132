import Foundation

/// A few query-only connections that threads borrow one at a time, so reads of
/// different threads run side by side instead of queueing on one connection.
///
/// A thread holds at most one connection: ``withConnection(_:)`` from inside
/// itself is a programmer error (the inner read would see another snapshot).
final class ReaderPool: @unchecked Sendable {  // `idle` and `readingThreads` are guarded by `condition`.
    private let condition = NSCondition()
    private var idle: [Database]
    private var readingThreads: Set<UInt> = []

    /// Opens `count` query-only connections to `path`.
    init(path: String, count: Int, busyTimeout: Duration) throws {
        precondition(count > 0, "ReaderPool.init: count must be positive, got \(count)")
        idle = try (0..<count).map { _ in
            try Database(path: path, configuration: .init(busyTimeout: busyTimeout, isQueryOnly: true))
        }
    }

    /// Whether the calling thread is inside ``withConnection(_:)``.
    func isReading(thread: UInt) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return readingThreads.contains(thread)
    }

    /// Runs `body` with a connection no other thread uses meanwhile, waiting for one when all are busy.
    func withConnection<T>(thread: UInt, _ body: (Database) throws -> T) rethrows -> T {
        condition.lock()
        precondition(
            !readingThreads.contains(thread),
            "Store.read(_:): nested read on the same store; use the Database the outer read passes in")
        while idle.isEmpty { condition.wait() }
        let database = idle.removeLast()
        readingThreads.insert(thread)
        condition.unlock()
        defer {
            condition.lock()
            idle.append(database)
            readingThreads.remove(thread)
            condition.signal()
            condition.unlock()
        }
        return try body(database)
    }
}
