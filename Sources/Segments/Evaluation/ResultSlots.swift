import Synchronization

/// One place per definition for the threads of a batch to put their results in.
final class ResultSlots: Sendable {
    private let slots: Mutex<[EvaluationResult?]>

    init(count: Int) {
        slots = Mutex([EvaluationResult?](repeating: nil, count: count))
    }

    func store(_ result: EvaluationResult, at index: Int) {
        slots.withLock { $0[index] = result }
    }

    /// Every stored result, in index order.
    var results: [EvaluationResult] {
        slots.withLock { $0.compactMap { $0 } }
    }
}
