/// Reusable per-worker storage for one customer's activities while they are
/// drawn and sorted.
struct SyntheticActivityScratch {
    /// One activity before it is formatted.
    struct Event {
        /// Local wall-clock seconds since 00:00:00 of the generator's first day.
        var time: Int
        var type: UInt8
        var channel: UInt8
        /// The amount in cents; 0 for visits and email clicks.
        var cents: Int

        /// A total order, so the sorted result never depends on the sort algorithm.
        static func precedes(_ lhs: Event, _ rhs: Event) -> Bool {
            (lhs.time, lhs.type, lhs.channel, lhs.cents) < (rhs.time, rhs.type, rhs.channel, rhs.cents)
        }
    }

    var events: [Event] = []
    var clickTimes: [Int] = []
    var purchaseIndices: [Int] = []

    mutating func removeAll() {
        events.removeAll(keepingCapacity: true)
        clickTimes.removeAll(keepingCapacity: true)
        purchaseIndices.removeAll(keepingCapacity: true)
    }
}
