import Dispatch
import Foundation

/// Runs independent work items on the machine's cores.
enum ParallelWork {
    /// The number of active processors.
    static var processorCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Calls `body(i)` for every `i` in `0..<count`, spread over up to `threads` threads
    /// (dynamic scheduling); returns when all are done. Callers give each item disjoint output.
    static func forEach(_ count: Int, threads: Int = processorCount, _ body: (Int) -> Void) {
        let workers = max(1, min(threads, count))
        if workers <= 1 {
            for i in 0..<count { body(i) }
            return
        }
        let next = NextItem()
        withoutActuallyEscaping(body) { escapable in
            let work = SendableBody(call: escapable)
            DispatchQueue.concurrentPerform(iterations: workers) { _ in
                while true {
                    let item = next.take()
                    if item >= count { break }
                    work.call(item)
                }
            }
        }
    }
}

/// A work closure handed to `concurrentPerform`.
private struct SendableBody: @unchecked Sendable {  // reason: callers give each item disjoint output; concurrentPerform joins before returning
    let call: (Int) -> Void
}

/// A shared counter handing out work items.
private final class NextItem: @unchecked Sendable {  // reason: every access goes through the lock
    private let lock = NSLock()
    private var value = 0

    func take() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let v = value
        value += 1
        return v
    }
}

/// A mutable buffer written by several threads at disjoint indices.
struct SharedBuffer<Element>: @unchecked Sendable {  // reason: workers write disjoint index ranges only; the owner frees it after joining
    let base: UnsafeMutablePointer<Element>
    let count: Int

    init(repeating value: Element, count: Int) {
        base = .allocate(capacity: max(1, count))
        base.initialize(repeating: value, count: max(1, count))
        self.count = count
    }

    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }

    func toArray() -> [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func free() {
        base.deinitialize(count: max(1, count))
        base.deallocate()
    }
}
