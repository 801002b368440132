import Synchronization

/// The members of every condition evaluated so far in a batch, so a condition
/// that several definitions share (`country = "DE"`, `measure spend_90d > 100`)
/// makes one pass over its column. Shared by the threads that evaluate the batch.
final class ConditionCache: Sendable {
    private let entries = Mutex<[Condition: Bitset]>([:])

    /// The cached members of `condition`, or `make()`'s, remembered.
    ///
    /// Two threads may compute the same condition at once; both get equal sets.
    func members(of condition: Condition, _ make: () -> Bitset) -> Bitset {
        if let known = entries.withLock({ $0[condition] }) { return known }
        let made = make()
        entries.withLock { $0[condition] = made }
        return made
    }

    /// Remembers `members` as the members of `condition` (computed ahead, e.g. by the scan).
    func remember(_ condition: Condition, _ members: Bitset) {
        entries.withLock { $0[condition] = members }
    }
}
