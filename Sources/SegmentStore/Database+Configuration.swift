extension Database {
    /// How a connection is opened.
    public struct Configuration: Sendable, Equatable {
        /// How long a statement waits for another connection's lock before
        /// failing with a busy ``DatabaseError``. Default 5 seconds.
        public var busyTimeout: Duration
        /// Open the file read-only (it must exist). WAL and `synchronous` are
        /// left as the file has them.
        public var isReadOnly: Bool
        /// Refuse writes on this connection (`PRAGMA query_only`) while still
        /// opening it read-write, so it can read a WAL file it did not create.
        public var isQueryOnly: Bool

        /// Creates a configuration; the defaults suit a writer connection.
        public init(busyTimeout: Duration = .seconds(5), isReadOnly: Bool = false, isQueryOnly: Bool = false) {
            self.busyTimeout = busyTimeout
            self.isReadOnly = isReadOnly
            self.isQueryOnly = isQueryOnly
        }

        /// `busyTimeout` in whole milliseconds, clamped to what SQLite accepts.
        var busyTimeoutMilliseconds: Int32 {
            let (seconds, attoseconds) = busyTimeout.components
            let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
            return Int32(clamping: max(0, milliseconds))
        }
    }
}
