import Synchronization

/// Memory blocks of computed columns, kept after a batch so the next batch
/// reuses them instead of asking the kernel for fresh pages.
///
/// A batch over a million customers fills one 4–8 MB column per aggregate
/// output; fresh memory costs a page fault per 4 KB page on first touch, which
/// was about a fifth of a large batch's time. Blocks come back here when the
/// last column using them is gone and are handed out again by exact size.
/// At most `limitBytes` are kept; a block that would exceed it is freed.
final class BufferPool: Sendable {
    /// The most bytes the pool keeps between batches.
    let limitBytes: Int
    private let state = Mutex<State>(State())

    private struct State {
        /// Free blocks by size in bytes, as addresses.
        var free: [Int: [UInt]] = [:]
        var keptBytes = 0
    }

    /// The alignment of every block: a cache line.
    static let alignment = 64

    /// A pool that keeps at most `limitBytes` between batches.
    init(limitBytes: Int) {
        precondition(limitBytes >= 0, "BufferPool.init(limitBytes:): limit \(limitBytes) is negative")
        self.limitBytes = limitBytes
    }

    /// A block of `bytes` bytes (uninitialised), reused when the pool has one of that size.
    func take(bytes: Int) -> UnsafeMutableRawPointer {
        let reused: UInt? = state.withLock { state in
            guard let address = state.free[bytes]?.popLast() else { return nil }
            state.keptBytes -= bytes
            return address
        }
        if let reused, let pointer = UnsafeMutableRawPointer(bitPattern: reused) { return pointer }
        return UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes), alignment: BufferPool.alignment)
    }

    /// Takes back a block `take(bytes:)` gave out; frees it when the pool is full.
    func recycle(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        let kept = state.withLock { state in
            guard state.keptBytes + bytes <= limitBytes else { return false }
            state.free[bytes, default: []].append(UInt(bitPattern: pointer))
            state.keptBytes += bytes
            return true
        }
        if !kept { pointer.deallocate() }
    }

    /// The bytes kept for reuse now.
    var keptBytes: Int { state.withLock { $0.keptBytes } }

    deinit {
        state.withLock { state in
            for addresses in state.free.values {
                for address in addresses { UnsafeMutableRawPointer(bitPattern: address)?.deallocate() }
            }
            state.free = [:]
        }
    }
}
