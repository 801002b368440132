import Dispatch
import Synchronization

/// Runs work items on a few threads with dynamic scheduling.
public enum Parallel {
    /// The number of online processors.
    public static var processorCount: Int { max(1, BLAS.processorCount) }

    /// Calls `body` with consecutive ranges of `0..<count`, `blockSize` long (the last may be shorter),
    /// on every processor; for loops whose iterations write disjoint outputs.
    public static func forEachBlock(of count: Int, blockSize: Int = 4_096, _ body: (Range<Int>) -> Void) {
        precondition(blockSize > 0, "Parallel.forEachBlock: blockSize must be positive, got \(blockSize)")
        forEach(items: (count + blockSize - 1) / blockSize, threads: processorCount) { item, _ in
            body((item * blockSize)..<min(count, (item + 1) * blockSize))
        }
    }

    /// Calls `body(item)` for every item in `0..<items` on up to `threads` threads; each thread takes the next
    /// unclaimed item, so a slow (shared) core takes fewer.
    ///
    /// `body` also gets the worker index in `0..<threads` for per-thread scratch memory.
    public static func forEach(items: Int, threads: Int, _ body: (_ item: Int, _ worker: Int) -> Void) {
        let workers = max(1, min(threads, items))
        if workers == 1 {
            for item in 0..<items { body(item, 0) }
            return
        }
        let next = Atomic<Int>(0)
        withoutActuallyEscaping(body) { escapable in
            let work = UncheckedSendableBody(call: escapable)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                while true {
                    let item = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    if item >= items { break }
                    work.call(item, worker)
                }
            }
        }
    }
}

/// A work closure handed to `concurrentPerform`.
private struct UncheckedSendableBody: @unchecked Sendable {  // reason: callers give each item disjoint output and per-worker scratch; concurrentPerform joins before returning
    let call: (Int, Int) -> Void
}

/// Holds OpenBLAS at a thread count while a computation runs, then restores the previous count.
///
/// OpenBLAS's thread count is process-wide; overlapping scopes share one saved
/// value and the last one out restores it.
enum BLASThreadScope {
    private static let state = Mutex<(active: Int, saved: Int)>((0, 0))

    static func with<R>(threads: Int, _ body: () throws -> R) rethrows -> R {
        state.withLock { s in
            if s.active == 0 { s.saved = BLAS.threadCount }
            s.active += 1
            BLAS.threadCount = threads
        }
        defer {
            state.withLock { s in
                s.active -= 1
                if s.active == 0 { BLAS.threadCount = s.saved }
            }
        }
        return try body()
    }
}

/// A raw pointer handed to worker threads that write disjoint parts of one buffer.
struct SharedPointer<T>: @unchecked Sendable {  // reason: workers write disjoint index ranges only
    let base: UnsafeMutablePointer<T>
}
