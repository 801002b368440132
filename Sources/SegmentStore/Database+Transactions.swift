extension Database {
    /// How a transaction takes its locks.
    public enum TransactionKind: String, Sendable {
        /// Takes a read lock at the first read and a write lock at the first
        /// write (`BEGIN DEFERRED`). Used for reads.
        case deferred = "DEFERRED"
        /// Takes the write lock at once (`BEGIN IMMEDIATE`), waiting up to the
        /// busy timeout, so the transaction cannot fail later for want of it.
        case immediate = "IMMEDIATE"
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back and
    /// rethrows when it throws. Returns what `body` returns.
    ///
    /// - Precondition: no transaction is open on this connection; nested
    ///   transactions are a programmer error.
    /// - Throws: what `body` throws, or a ``DatabaseError`` from `BEGIN` or
    ///   `COMMIT` (busy when another writer holds the lock past the timeout).
    public func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        precondition(!isInTransaction, "Database.inTransaction(_:_:): a transaction is already open on \(path)")
        try execute("BEGIN \(kind.rawValue) TRANSACTION")
        let result: T
        do {
            result = try body()
            try execute("COMMIT TRANSACTION")
        } catch {
            rollbackIfNeeded()
            throw error
        }
        return result
    }

    /// Rolls back the open transaction, if SQLite has not already done so.
    private func rollbackIfNeeded() {
        guard isInTransaction else { return }
        do {
            try execute("ROLLBACK TRANSACTION")
        } catch {
            // A failed rollback leaves the transaction to be rolled back when
            // the connection closes or the next BEGIN fails; the original error
            // is the one the caller needs.
            assertionFailure("Database.inTransaction(_:_:): ROLLBACK failed: \(error)")
        }
    }
}
