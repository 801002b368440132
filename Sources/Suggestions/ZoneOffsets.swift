import Foundation

/// The UTC offsets of a time zone over a span of instants, looked up by binary
/// search instead of asking `TimeZone` for every activity.
struct ZoneOffsets: Sendable {
    /// Instants (milliseconds) from which `offsets[i]` seconds apply, ascending; the first is `Int64.min`.
    private let starts: [Int64]
    private let offsets: [Int]

    /// The offsets of `zone` between `from` and `to` (milliseconds since the epoch).
    init(zone: TimeZone, from: Int64, to: Int64) {
        var starts: [Int64] = [Int64.min]
        var offsets: [Int] = [zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(from) / 1000))]
        var cursor = Date(timeIntervalSince1970: Double(from) / 1000)
        let end = Date(timeIntervalSince1970: Double(to) / 1000)
        while let next = zone.nextDaylightSavingTimeTransition(after: cursor), next <= end {
            starts.append(Int64((next.timeIntervalSince1970 * 1000).rounded()))
            offsets.append(zone.secondsFromGMT(for: next))
            cursor = next
        }
        self.starts = starts
        self.offsets = offsets
    }

    /// The offset in seconds at an instant.
    func offsetSeconds(at milliseconds: Int64) -> Int {
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) >> 1
            if starts[mid] <= milliseconds { lo = mid } else { hi = mid - 1 }
        }
        return offsets[lo]
    }

    /// Local milliseconds since 1970-01-01T00:00 on the zone's wall clock.
    func localMilliseconds(_ milliseconds: Int64) -> Int64 {
        milliseconds + Int64(offsetSeconds(at: milliseconds)) * 1000
    }

    /// The calendar day (days since 1970-01-01) of an instant in the zone.
    func localDay(_ milliseconds: Int64) -> Int {
        Int(floorDivide(localMilliseconds(milliseconds), 86_400_000))
    }

    private func floorDivide(_ value: Int64, _ divisor: Int64) -> Int64 {
        let q = value / divisor
        return value % divisor < 0 ? q - 1 : q
    }
}
