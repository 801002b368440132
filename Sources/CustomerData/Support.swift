import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Low-level helpers of the ingest and the snapshot: memory maps, growable
// buffers without copy-on-write checks, a byte-string hash table and a
// two-core parallel loop.

/// Wraps a value that is shared between threads under a discipline the
/// compiler cannot check (disjoint indices, or read-only after building).
struct UncheckedSendable<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs `body(0..<count)` on up to `count` threads and waits for all.
func parallelFor(_ count: Int, _ body: @Sendable (Int) -> Void) {
    if count <= 1 {
        if count == 1 { body(0) }
        return
    }
    DispatchQueue.concurrentPerform(iterations: count, execute: body)
}

/// The number of threads the ingest uses: the machine's active cores.
var defaultThreadCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

// MARK: - Memory maps

/// A read-only (or read-write) memory map of a whole file.
final class MappedFile: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer?
    let count: Int

    enum Failure: Error { case open(Int32), map(Int32) }

    /// Maps `path`; an empty file maps to a nil pointer and count 0.
    init(path: String, writable: Bool = false) throws {
        let fd = open(path, writable ? O_RDWR : O_RDONLY)
        if fd < 0 { throw Failure.open(errno) }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw Failure.open(errno) }
        let size = Int(st.st_size)
        count = size
        if size == 0 {
            pointer = nil
            return
        }
        let prot = writable ? (PROT_READ | PROT_WRITE) : PROT_READ
        let mapped = mmap(nil, size, prot, MAP_SHARED, fd, 0)
        if mapped == MAP_FAILED || mapped == nil { throw Failure.map(errno) }
        pointer = mapped
    }

    var bytes: UnsafePointer<UInt8>? { pointer.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) } }

    /// Typed view of the whole file (its size must be a multiple of the stride).
    func buffer<T>(of type: T.Type) -> UnsafeBufferPointer<T> {
        guard let pointer else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: T.self), count: count / MemoryLayout<T>.stride)
    }

    func mutableBuffer<T>(of type: T.Type) -> UnsafeMutableBufferPointer<T> {
        guard let pointer else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
        return UnsafeMutableBufferPointer(start: pointer.assumingMemoryBound(to: T.self), count: count / MemoryLayout<T>.stride)
    }

    func adviseSequential() {
        if let pointer { _ = madvise(pointer, count, MADV_SEQUENTIAL) }
    }

    /// Gives back the pages of `[0, offset)` (rounded down to a page), so that
    /// a file read once from front to back does not stay in the resident set.
    func release(upTo offset: Int) {
        guard let pointer else { return }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = (min(offset, count) / page) * page
        if end > 0 { _ = madvise(pointer, end, MADV_DONTNEED) }
    }

    deinit {
        if let pointer { munmap(pointer, count) }
    }
}

/// A file read into anonymous memory backed by huge pages where the kernel
/// allows: for random access (a gather through a permutation), where the
/// TLB misses of 4 KiB pages would dominate.
final class HugePageCopy: @unchecked Sendable {
    private let raw: UnsafeMutableRawPointer
    private let rawSize: Int
    let pointer: UnsafeMutableRawPointer
    let count: Int

    init(path: String) throws {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw IngestError(file: path, reason: "cannot open the file") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) != 0 { throw IngestError(file: path, reason: "cannot read the file's size") }
        count = Int(st.st_size)
        let huge = 2 << 20
        let rounded = (count + huge - 1) / huge * huge
        rawSize = rounded + huge
        guard let mapped = mmap(nil, rawSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
              mapped != MAP_FAILED else {
            throw IngestError(file: path, reason: "cannot allocate \(rawSize) bytes")
        }
        raw = mapped
        let aligned = (Int(bitPattern: mapped) + huge - 1) / huge * huge
        pointer = UnsafeMutableRawPointer(bitPattern: aligned)!
        if rounded > 0 { _ = madvise(pointer, rounded, 14 /* MADV_HUGEPAGE */) }
        var done = 0
        while done < count {
            let n = pread(fd, pointer + done, count - done, off_t(done))
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                munmap(raw, rawSize)
                throw IngestError(file: path, reason: "cannot read the file")
            }
            done += n
        }
    }

    func buffer<T>(of type: T.Type) -> UnsafeBufferPointer<T> {
        UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: T.self), count: count / MemoryLayout<T>.stride)
    }

    deinit { munmap(raw, rawSize) }
}

// MARK: - Growable buffers

/// An append-only buffer of trivial values: no copy-on-write, no exclusivity
/// bookkeeping in the hot loop.
final class GrowableBuffer<T: BitwiseCopyable>: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<T>
    private(set) var count: Int = 0
    private(set) var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(16, capacity)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    func append(_ value: T) {
        if count == capacity { grow(to: capacity * 2) }
        base[count] = value
        count += 1
    }

    func append(repeating value: T, count n: Int) {
        if n <= 0 { return }
        reserve(count + n)
        (base + count).initialize(repeating: value, count: n)
        count += n
    }

    func append(contentsOf pointer: UnsafePointer<T>, count n: Int) {
        if n <= 0 { return }
        reserve(count + n)
        (base + count).update(from: pointer, count: n)
        count += n
    }

    func reserve(_ needed: Int) {
        if needed > capacity { grow(to: max(needed, capacity * 2)) }
    }

    private func grow(to newCapacity: Int) {
        let fresh = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = newCapacity
    }

    /// Drops the values after the first `newCount`.
    func truncate(to newCount: Int) { if newCount < count { count = newCount } }

    func removeAll() { count = 0 }

    subscript(index: Int) -> T {
        get { base[index] }
        set { base[index] = newValue }
    }

    var buffer: UnsafeBufferPointer<T> { UnsafeBufferPointer(start: base, count: count) }
}

// MARK: - Hashing

/// FNV-1a, 64 bits: the hash of the customer id index on disk (see docs/snapshot-format.md), of batch
/// scoring's shards and of its table of customers with activities.
@inline(__always)
public func fnv1a64(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    guard let base = bytes.baseAddress else { return fnv1a64(UnsafePointer(bitPattern: 1)!, 0) }
    return fnv1a64(base, bytes.count)
}

/// ``fnv1a64(_:)`` of `count` bytes at `pointer`.
@inline(__always)
public func fnv1a64(_ pointer: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    var i = 0
    while i < count {
        hash ^= UInt64(pointer[i])
        hash &*= 0x0000_0100_0000_01b3
        i += 1
    }
    return hash
}

@inline(__always)
func bytesEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    if count > 16 { return memcmp(a, b, count) == 0 }
    var i = 0
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}

/// A set of byte strings, each numbered in insertion order (0, 1, 2, ...):
/// the dictionaries of category columns and the customer id index.
final class ByteStringTable: @unchecked Sendable {
    let heap = GrowableBuffer<UInt8>(capacity: 4096)
    /// Start of each entry in `heap`, plus the end of the last one.
    let offsets = GrowableBuffer<Int>(capacity: 64)
    private var slots: UnsafeMutablePointer<UInt32>
    private var hashes = GrowableBuffer<UInt64>(capacity: 64)
    private(set) var slotCount: Int
    static let empty = UInt32.max

    init(expectedCount: Int = 16) {
        var capacity = 16
        while capacity < expectedCount * 2 { capacity <<= 1 }
        slotCount = capacity
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Self.empty, count: capacity)
        offsets.append(0)
    }

    deinit { slots.deallocate() }

    var count: Int { offsets.count - 1 }

    @inline(__always)
    func entry(_ code: Int) -> UnsafeBufferPointer<UInt8> {
        let start = offsets[code]
        return UnsafeBufferPointer(start: heap.base + start, count: offsets[code + 1] - start)
    }

    func string(_ code: Int) -> String {
        String(decoding: entry(code), as: UTF8.self)
    }

    /// The entry's number, or nil.
    @inline(__always)
    func find(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt32? {
        let hash = fnv1a64(pointer, length)
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let code = slots[slot]
            if code == Self.empty { return nil }
            if hashes[Int(code)] == hash {
                let start = offsets[Int(code)]
                if offsets[Int(code) + 1] - start == length && bytesEqual(heap.base + start, pointer, length) {
                    return code
                }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The entry's number, inserting it when new.
    @inline(__always)
    func intern(_ pointer: UnsafePointer<UInt8>, _ length: Int) -> UInt32 {
        let hash = fnv1a64(pointer, length)
        let mask = slotCount - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let code = slots[slot]
            if code == Self.empty { break }
            if hashes[Int(code)] == hash {
                let start = offsets[Int(code)]
                if offsets[Int(code) + 1] - start == length && bytesEqual(heap.base + start, pointer, length) {
                    return code
                }
            }
            slot = (slot + 1) & mask
        }
        let code = UInt32(count)
        heap.append(contentsOf: pointer, count: length)
        offsets.append(heap.count)
        hashes.append(hash)
        slots[slot] = code
        if count * 2 > slotCount { rehash() }
        return code
    }

    func intern(_ string: String) -> UInt32 {
        var string = string
        return string.withUTF8 { intern($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
    }

    private func rehash() {
        let newCount = slotCount * 2
        slots.deallocate()
        slots = .allocate(capacity: newCount)
        slots.initialize(repeating: Self.empty, count: newCount)
        slotCount = newCount
        let mask = newCount - 1
        for code in 0..<count {
            var slot = Int(truncatingIfNeeded: hashes[code]) & mask
            while slots[slot] != Self.empty { slot = (slot + 1) & mask }
            slots[slot] = UInt32(code)
        }
    }
}

// MARK: - Files

/// Syncs finished files on a background thread, so that waiting for the disk
/// overlaps with the rest of the ingest; `wait()` before the manifest.
final class FileSyncer: @unchecked Sendable {
    private let queue = DispatchQueue(label: "audience.ingest.fsync")
    private var failures: [String] = []

    /// Syncs `path` in the background; a failure of a `bestEffort` sync (of a
    /// temporary file, which may be gone by then) is not an error.
    func enqueue(_ path: String, bestEffort: Bool = false) {
        queue.async {
            let fd = open(path, O_RDONLY)
            if (fd < 0 || fsync(fd) != 0) && !bestEffort { self.failures.append(path) }
            if fd >= 0 { close(fd) }
        }
    }

    /// Waits for every queued sync; throws when one failed.
    func wait() throws {
        let failed = queue.sync { failures }
        if let first = failed.first { throw IngestError(file: first, reason: "cannot sync the file to disk") }
    }
}

/// Appends raw bytes to a file through a descriptor; syncs on close (inline,
/// or through a `FileSyncer`).
final class ColumnFileWriter {
    let path: String
    private var fd: Int32
    private(set) var bytesWritten: Int = 0
    private let syncer: FileSyncer?

    init(path: String, syncer: FileSyncer? = nil) throws {
        self.path = path
        self.syncer = syncer
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { throw IngestError(file: path, reason: "cannot create the file (\(String(cString: strerror(errno))))") }
    }

    func write(_ pointer: UnsafeRawPointer?, _ count: Int) throws {
        guard count > 0, let pointer else { return }
        var done = 0
        while done < count {
            let n = Glibc.write(fd, pointer + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                throw IngestError(file: path, reason: "cannot write (\(String(cString: strerror(errno))))")
            }
            done += n
        }
        bytesWritten += count
    }

    func write<T>(_ buffer: UnsafeBufferPointer<T>) throws {
        try write(UnsafeRawPointer(buffer.baseAddress), buffer.count * MemoryLayout<T>.stride)
    }

    func write<T>(_ array: [T]) throws {
        try array.withUnsafeBufferPointer { try write($0) }
    }

    /// Writes `value` `count` times.
    func write<T: BitwiseCopyable>(repeating value: T, count: Int) throws {
        if count <= 0 { return }
        let block = min(count, 1 << 16)
        let tmp = UnsafeMutablePointer<T>.allocate(capacity: block)
        defer { tmp.deallocate() }
        tmp.initialize(repeating: value, count: block)
        var left = count
        while left > 0 {
            let n = min(left, block)
            try write(UnsafeRawPointer(tmp), n * MemoryLayout<T>.stride)
            left -= n
        }
    }

    func close(sync: Bool = true) throws {
        guard fd >= 0 else { return }
        if sync, let syncer {
            Glibc.close(fd)
            fd = -1
            syncer.enqueue(path)
            return
        }
        if sync && fsync(fd) != 0 {
            let message = String(cString: strerror(errno))
            Glibc.close(fd)
            fd = -1
            throw IngestError(file: path, reason: "cannot sync (\(message))")
        }
        Glibc.close(fd)
        fd = -1
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }
}

/// Writes `data` to `path` and fsyncs it.
func writeFileSynced(_ data: Data, to path: String) throws {
    let writer = try ColumnFileWriter(path: path)
    try data.withUnsafeBytes { try writer.write($0.baseAddress, $0.count) }
    try writer.close()
}

func fsyncDirectory(_ path: String) {
    let fd = open(path, O_RDONLY | O_DIRECTORY)
    if fd >= 0 {
        _ = fsync(fd)
        close(fd)
    }
}
