/// A growable byte buffer that the generator formats CSV rows into by hand.
///
/// The `append…` methods do not check capacity: call `reserve(_:)` with an
/// upper bound of a row's length before writing the row.
final class SyntheticByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        precondition(capacity > 0, "SyntheticByteBuffer.init(capacity:) needs a positive capacity")
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    deinit {
        base.deallocate()
    }

    /// Makes room for at least `extra` more bytes.
    @inline(__always)
    func reserve(_ extra: Int) {
        if count + extra > capacity { grow(toAtLeast: count + extra) }
    }

    private func grow(toAtLeast needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Forgets the contents and keeps the memory.
    func removeAll() {
        count = 0
    }

    @inline(__always)
    func append(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    /// Appends the bytes of a precomputed token (a category value, a header).
    @inline(__always)
    func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { source in
            (base + count).update(from: source.baseAddress!, count: source.count)
        }
        count += bytes.count
    }

    /// Appends `length` bytes starting at `offset` of `bytes`.
    @inline(__always)
    func append(_ bytes: [UInt8], offset: Int, length: Int) {
        bytes.withUnsafeBufferPointer { source in
            (base + count).update(from: source.baseAddress! + offset, count: length)
        }
        count += length
    }

    /// Appends a non-negative integer in decimal.
    @inline(__always)
    func appendDecimal(_ value: Int) {
        precondition(value >= 0, "SyntheticByteBuffer.appendDecimal(_:) takes non-negative values")
        var digits = 1
        var rest = value / 10
        while rest > 0 {
            digits += 1
            rest /= 10
        }
        var remaining = value
        var position = count + digits - 1
        repeat {
            base[position] = UInt8(truncatingIfNeeded: 48 + remaining % 10)
            remaining /= 10
            position -= 1
        } while remaining > 0
        count += digits
    }

    /// Appends `0…99` as two digits.
    @inline(__always)
    func appendTwoDigits(_ value: Int) {
        base[count] = UInt8(truncatingIfNeeded: 48 + value / 10)
        base[count + 1] = UInt8(truncatingIfNeeded: 48 + value % 10)
        count += 2
    }

    /// Appends an amount in cents as `12.34`.
    @inline(__always)
    func appendCents(_ cents: Int) {
        appendDecimal(cents / 100)
        append(46)  // "."
        appendTwoDigits(cents % 100)
    }

    /// Appends an ISO 8601 date, `2025-12-31` (years 0…9999).
    func appendISODate(year: Int, month: Int, day: Int) {
        precondition((0...9999).contains(year), "SyntheticByteBuffer.appendISODate: year \(year) is out of range")
        appendTwoDigits(year / 100)
        appendTwoDigits(year % 100)
        append(45)  // "-"
        appendTwoDigits(month)
        append(45)
        appendTwoDigits(day)
    }

    /// Calls `body` with the bytes written so far.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// The contents as UTF-8 text.
    func string() -> String {
        String(decoding: UnsafeBufferPointer(start: base, count: count), as: UTF8.self)
    }
}
