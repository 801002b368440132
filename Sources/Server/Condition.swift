import Foundation

/// Waits until a predicate holds, woken by `signal()`.
///
/// A thin wrapper over `NSCondition`, which is thread-safe.
final class Condition: @unchecked Sendable {  // NSCondition is thread-safe but not marked Sendable.
    private let condition = NSCondition()

    /// Blocks until `predicate` returns true; the predicate is checked after each signal.
    func wait(until predicate: () -> Bool) {
        condition.lock()
        defer { condition.unlock() }
        while !predicate() {
            condition.wait()
        }
    }

    /// Wakes every waiter to check its predicate again.
    func signal() {
        condition.lock()
        condition.broadcast()
        condition.unlock()
    }
}
