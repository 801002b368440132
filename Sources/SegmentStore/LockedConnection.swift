/// A ``Database`` that lives inside a `Mutex` of a ``Store``.
///
/// The store hands the connection to its caller's closure while holding the
/// lock; a non-`Sendable` value in the mutex would be merged into the caller's
/// region by that call, which the compiler rejects, so the box is `Sendable`.
// @unchecked Sendable: the database is reached only through Store's Mutex, one thread at a time.
final class LockedConnection: @unchecked Sendable {
    /// The connection; use only while holding the owning mutex.
    let database: Database

    init(_ database: Database) {
        self.database = database
    }
}
