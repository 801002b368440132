import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Cell parsers of the ingest: byte-level, no Foundation formatter on the hot path.

// MARK: - Missing values

/// Tells whether a cell is missing: empty, or one of the configured tokens
/// (compared without ASCII case).
@usableFromInline
struct MissingMatcher: @unchecked Sendable {
    /// The tokens, lower-cased, each followed by a 0 byte; `lengths` has a bit per token length.
    private let storage: Storage
    @usableFromInline let lengths: UInt64

    private final class Storage {
        let bytes: UnsafeMutablePointer<UInt8>
        let count: Int
        init(_ flat: [UInt8]) {
            count = flat.count
            bytes = .allocate(capacity: max(1, flat.count))
            for (i, b) in flat.enumerated() { bytes[i] = b }
        }
        deinit { bytes.deallocate() }
    }

    init(_ tokens: [String]) {
        let lowered = tokens.map { Array($0.utf8).map(asciiLower) }.filter { !$0.isEmpty && $0.count < 64 }
        var mask: UInt64 = 0
        var flat: [UInt8] = []
        for t in lowered {
            mask |= 1 << UInt64(t.count)
            flat += [UInt8(t.count)] + t
        }
        storage = Storage(flat)
        lengths = mask
    }

    @inlinable @inline(__always)
    func isMissing(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n == 0 { return true }
        if n >= 64 || lengths & (1 << UInt64(n)) == 0 { return false }
        return slowMatch(p, n)
    }

    @usableFromInline
    func slowMatch(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        let bytes = storage.bytes
        var i = 0
        while i < storage.count {
            let length = Int(bytes[i])
            if length == n {
                var same = true
                for k in 0..<n where asciiLower(p[k]) != bytes[i + 1 + k] {
                    same = false
                    break
                }
                if same { return true }
            }
            i += 1 + length
        }
        return false
    }
}

@inline(__always)
func asciiLower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }

@inline(__always)
func isDigit(_ c: UInt8) -> Bool { c &- 48 < 10 }

/// The cell without leading and trailing spaces and tabs.
@inline(__always)
@usableFromInline
func trimmed(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UnsafePointer<UInt8>, Int) {
    var s = 0
    var e = n
    while s < e && (p[s] == 0x20 || p[s] == 0x09) { s += 1 }
    while e > s && (p[e - 1] == 0x20 || p[e - 1] == 0x09) { e -= 1 }
    return (p + s, e - s)
}

// MARK: - Numbers

private let exactPowersOfTen: [Double] = (0...22).map { pow(10.0, Double($0)) }

@usableFromInline
enum NumberParser {
    /// Parses `[+-]digits[.digits][(e|E)[+-]digits]` (either digit run may be
    /// empty, not both). Exact: short inputs take Clinger's fast path, the
    /// others `strtod`.
    @inline(__always)
    @usableFromInline
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var i = 0
        var negative = false
        if n == 0 { return nil }
        if p[0] == UInt8(ascii: "-") { negative = true; i = 1 } else if p[0] == UInt8(ascii: "+") { i = 1 }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var exponent = 0
        var truncated = false
        while i < n && isDigit(p[i]) {
            let d = UInt64(p[i] &- 48)
            if significant < 19 {
                mantissa = mantissa &* 10 &+ d
                if mantissa != 0 { significant += 1 }
            } else {
                exponent += 1
                if d != 0 { truncated = true }
            }
            digits += 1
            i += 1
        }
        if i < n && p[i] == UInt8(ascii: ".") {
            i += 1
            while i < n && isDigit(p[i]) {
                let d = UInt64(p[i] &- 48)
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ d
                    if mantissa != 0 { significant += 1 }
                    exponent -= 1
                } else if d != 0 {
                    truncated = true
                }
                digits += 1
                i += 1
            }
        }
        if digits == 0 { return nil }
        if i < n && (p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E")) {
            i += 1
            var expNegative = false
            if i < n && (p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+")) {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var e = 0
            var expDigits = 0
            while i < n && isDigit(p[i]) {
                if e < 100_000 { e = e * 10 + Int(p[i] &- 48) }
                expDigits += 1
                i += 1
            }
            if expDigits == 0 { return nil }
            exponent += expNegative ? -e : e
        }
        if i != n { return nil }
        if !truncated && mantissa <= (1 << 53) && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 { value /= exactPowersOfTen[-exponent] } else { value *= exactPowersOfTen[exponent] }
            return negative ? -value : value
        }
        return slowParse(p, n)
    }

    private static func slowParse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: n + 1)
        defer { buffer.deallocate() }
        for i in 0..<n { buffer[i] = CChar(bitPattern: p[i]) }
        buffer[n] = 0
        var endPointer: UnsafeMutablePointer<CChar>?
        let value = strtod(buffer, &endPointer)
        guard let endPointer, endPointer - buffer == n else { return nil }
        return value
    }
}

// MARK: - Booleans

enum BooleanParser {
    /// `true/false/yes/no/1/0` without case: 1 for true, 0 for false.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt8? {
        switch n {
        case 1:
            if p[0] == UInt8(ascii: "1") { return 1 }
            if p[0] == UInt8(ascii: "0") { return 0 }
            return nil
        case 2:
            return (asciiLower(p[0]) == UInt8(ascii: "n") && asciiLower(p[1]) == UInt8(ascii: "o")) ? 0 : nil
        case 3:
            return matches(p, "yes") ? 1 : nil
        case 4:
            return matches(p, "true") ? 1 : nil
        case 5:
            return matches(p, "false") ? 0 : nil
        default:
            return nil
        }
    }

    @inline(__always)
    private static func matches(_ p: UnsafePointer<UInt8>, _ word: StaticString) -> Bool {
        let w = word.utf8Start
        for i in 0..<word.utf8CodeUnitCount where asciiLower(p[i]) != w[i] { return false }
        return true
    }

    /// Tokens that are booleans and not numbers (the inference wants one of these).
    static func isWordBoolean(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        n >= 2 && parse(p, n) != nil
    }
}

// MARK: - Calendar arithmetic

@inline(__always)
func daysInMonth(_ year: Int, _ month: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
}

/// `2024-03-05` for a day number (days since 1970-01-01), as a snapshot shows a date.
public func formatDate(days: Int) -> String {
    let (y, m, d) = CivilCalendar.date(ofDay: days)
    return pad(y, 4) + "-" + pad(m, 2) + "-" + pad(d, 2)
}

/// `2024-03-05T14:30:00Z` (with `.123` when there are milliseconds) for an instant, as a snapshot shows a datetime.
public func formatDatetimeUTC(milliseconds: Int64) -> String {
    let ms = Int(milliseconds)
    var days = ms / 86_400_000
    var rest = ms % 86_400_000
    if rest < 0 { rest += 86_400_000; days -= 1 }
    let h = rest / 3_600_000
    let m = rest / 60_000 % 60
    let s = rest / 1000 % 60
    let f = rest % 1000
    var text = formatDate(days: days) + "T" + pad(h, 2) + ":" + pad(m, 2) + ":" + pad(s, 2)
    if f != 0 { text += "." + pad(f, 3) }
    return text + "Z"
}

private func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(abs(value))
    let body = digits.count < width ? String(repeating: "0", count: width - digits.count) + digits : digits
    return value < 0 ? "-" + body : body
}

// MARK: - Time zones

/// The UTC offsets of a time zone as a table of transitions, read once from
/// Foundation; lookups are binary searches.
final class ZoneRules: Sendable {
    /// Period starts in ms since the epoch (UTC); the first is `Int64.min`.
    let starts: [Int64]
    /// The offset in seconds of each period.
    let offsets: [Int64]
    let identifier: String

    init?(identifier: String) {
        guard let zone = TimeZone(identifier: identifier) else { return nil }
        self.identifier = identifier
        var starts: [Int64] = [Int64.min]
        var offsets: [Int64] = [Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: -5_364_662_400)))]  // 1800
        var date = Date(timeIntervalSince1970: -5_364_662_400)
        let limit = 7_258_118_400.0  // 2200
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next.timeIntervalSince1970 < limit {
            let offset = Int64(zone.secondsFromGMT(for: next))
            if offset != offsets.last! {
                starts.append(Int64((next.timeIntervalSince1970 * 1000).rounded()))
                offsets.append(offset)
            }
            date = next
        }
        self.starts = starts
        self.offsets = offsets
        // Per local day from 1900 to 2100: the offset when the whole day has one, else a sentinel.
        var days = [Int32](repeating: Int32.min, count: ZoneRules.dayCount)
        if offsets.count > 1 {
            let dayMs: Int64 = 86_400_000
            for i in 0..<ZoneRules.dayCount {
                let start = Int64(ZoneRules.firstDay + i) * dayMs
                let a = Self.resolve(starts, offsets, local: start)
                let b = Self.resolve(starts, offsets, local: start + dayMs - 1)
                if a == b && a != Int64.min { days[i] = Int32(a) }
            }
        }
        dayOffsets = days
    }

    /// Local days from 1900-01-01 (day -25567) for 200 years.
    static let firstDay = -25_567
    static let dayCount = 73_049
    /// The offset in seconds of each local day when the day has only one.
    let dayOffsets: [Int32]

    private static func resolve(_ starts: [Int64], _ offsets: [Int64], local: Int64) -> Int64 {
        func offset(_ ms: Int64) -> Int64 {
            var lo = 0, hi = starts.count
            while hi - lo > 1 {
                let mid = (lo + hi) / 2
                if starts[mid] <= ms { lo = mid } else { hi = mid }
            }
            return offsets[lo]
        }
        let day: Int64 = 86_400_000
        let before = offset(local &- day), after = offset(local &+ day)
        if before == after && offset(local &- before * 1000) == before { return before }
        return Int64.min  // near a transition: not a clean day
    }

    static let utc = ZoneRules(identifier: "UTC")!

    var isFixed: Bool { offsets.count == 1 }

    /// The index of the period holding the instant.
    @inline(__always)
    func period(atUTC ms: Int64) -> Int {
        var lo = 0
        var hi = starts.count
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if starts[mid] <= ms { lo = mid } else { hi = mid }
        }
        return lo
    }

    func offsetSeconds(atUTC ms: Int64) -> Int64 { offsets[period(atUTC: ms)] }

    /// The instant of a local wall-clock time. A time that occurs twice (the
    /// clocks go back) is the earlier instant; a time skipped by a forward
    /// jump is read with the offset before the jump.
    func utc(fromLocal local: Int64) -> Int64 {
        let day: Int64 = 86_400_000
        let before = offsetSeconds(atUTC: local &- day)
        let after = offsetSeconds(atUTC: local &+ day)
        let first = max(before, after)
        let second = min(before, after)
        for offset in [first, second] {
            let u = local &- offset * 1000
            if offsetSeconds(atUTC: u) == offset { return u }
        }
        return local &- before * 1000
    }

    /// A local-time range `[lo, hi)` around `local` in which `utc = local - offset`
    /// holds with one offset, for a per-thread cache.
    func unambiguousRange(aroundLocal local: Int64) -> (lo: Int64, hi: Int64, offset: Int64) {
        let u = utc(fromLocal: local)
        let k = period(atUTC: u)
        let offset = offsets[k]
        let day: Int64 = 86_400_000
        let lo = k == 0 ? Int64.min : starts[k] &+ offset * 1000 &+ day
        let hi = k + 1 >= starts.count ? Int64.max : starts[k + 1] &+ offset * 1000 &- day
        if lo >= hi || local < lo || local >= hi { return (local, local, offset) }
        return (lo, hi, offset)
    }
}

/// Local-to-UTC conversion with a cache of the current offset period; one per thread.
struct LocalTimeConverter {
    let rules: ZoneRules
    private var lo: Int64 = 0
    private var hi: Int64 = 0
    private var offsetMs: Int64 = 0

    init(rules: ZoneRules) {
        self.rules = rules
        if rules.isFixed {
            lo = Int64.min
            hi = Int64.max
            offsetMs = rules.offsets[0] * 1000
        }
    }

    @inline(__always)
    mutating func utc(fromLocal local: Int64) -> Int64 {
        if local >= lo && local < hi { return local &- offsetMs }
        let day = Int(local >= 0 ? local / 86_400_000 : (local - 86_399_999) / 86_400_000) - ZoneRules.firstDay
        if day >= 0 && day < ZoneRules.dayCount {
            let offset = rules.dayOffsets[day]
            if offset != Int32.min { return local &- Int64(offset) * 1000 }
        }
        let range = rules.unambiguousRange(aroundLocal: local)
        if range.lo < range.hi {
            lo = range.lo
            hi = range.hi
            offsetMs = range.offset * 1000
            return local &- offsetMs
        }
        return rules.utc(fromLocal: local)
    }
}

// MARK: - Dates and datetimes

/// The fields of a parsed date or datetime; `offsetSeconds` is nil for a local time.
struct DateTimeFields {
    var year = 1970, month = 1, day = 1
    var hour = 0, minute = 0, second = 0, millisecond = 0
    var offsetSeconds: Int?
    var hasTime = false

    @inline(__always)
    var isValid: Bool {
        month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
            && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59
    }

    @inline(__always)
    var days: Int { CivilCalendar.days(year: year, month: month, day: day) }

    /// Milliseconds since the epoch of the wall-clock reading, as if it were UTC.
    @inline(__always)
    var localMilliseconds: Int64 {
        Int64(days) * 86_400_000 + Int64(hour * 3_600_000 + minute * 60_000 + second * 1000 + millisecond)
    }
}

@inline(__always)
private func digits2(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
    let a = p[i] &- 48, b = p[i + 1] &- 48
    if a > 9 || b > 9 { return nil }
    return Int(a) * 10 + Int(b)
}

@inline(__always)
private func digits4(_ p: UnsafePointer<UInt8>, _ i: Int) -> Int? {
    guard let hi = digits2(p, i), let lo = digits2(p, i + 2) else { return nil }
    return hi * 100 + lo
}

enum ISO8601 {
    /// `yyyy-MM-dd`.
    @inline(__always)
    static func parseDate(_ p: UnsafePointer<UInt8>, _ n: Int) -> DateTimeFields? {
        guard n == 10, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
              let y = digits4(p, 0), let m = digits2(p, 5), let d = digits2(p, 8) else { return nil }
        let f = DateTimeFields(year: y, month: m, day: d)
        return f.isValid ? f : nil
    }

    /// `yyyy-MM-dd[(T| )HH:mm[:ss[.f+]][Z|±hh[:mm]|±hhmm]]`; a date alone is midnight.
    @inline(__always)
    static func parseDatetime(_ p: UnsafePointer<UInt8>, _ n: Int) -> DateTimeFields? {
        guard n >= 10, p[4] == UInt8(ascii: "-"), p[7] == UInt8(ascii: "-"),
              let y = digits4(p, 0), let mo = digits2(p, 5), let d = digits2(p, 8) else { return nil }
        var f = DateTimeFields(year: y, month: mo, day: d)
        if n == 10 { return f.isValid ? f : nil }
        guard n >= 16, p[10] == UInt8(ascii: "T") || p[10] == UInt8(ascii: " ") || p[10] == UInt8(ascii: "t"),
              p[13] == UInt8(ascii: ":"), let h = digits2(p, 11), let mi = digits2(p, 14) else { return nil }
        f.hour = h
        f.minute = mi
        f.hasTime = true
        var i = 16
        if i < n && p[i] == UInt8(ascii: ":") {
            guard i + 3 <= n, let s = digits2(p, i + 1) else { return nil }
            f.second = s
            i += 3
            if i < n && (p[i] == UInt8(ascii: ".") || p[i] == UInt8(ascii: ",")) {
                i += 1
                var ms = 0
                var count = 0
                while i < n && isDigit(p[i]) {
                    if count < 3 { ms = ms * 10 + Int(p[i] &- 48) }
                    count += 1
                    i += 1
                }
                if count == 0 { return nil }
                while count < 3 { ms *= 10; count += 1 }
                f.millisecond = ms
            }
        }
        if i < n {
            let c = p[i]
            if (c == UInt8(ascii: "Z") || c == UInt8(ascii: "z")) && i + 1 == n {
                f.offsetSeconds = 0
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                let sign = c == UInt8(ascii: "-") ? -1 : 1
                i += 1
                guard i + 2 <= n, let oh = digits2(p, i) else { return nil }
                i += 2
                var om = 0
                if i < n {
                    if p[i] == UInt8(ascii: ":") { i += 1 }
                    guard i + 2 == n, let m = digits2(p, i) else { return nil }
                    om = m
                    i += 2
                }
                guard oh <= 18, om <= 59 else { return nil }
                f.offsetSeconds = sign * (oh * 3600 + om * 60)
            } else {
                return nil
            }
        }
        return f.isValid ? f : nil
    }
}

/// A date or datetime pattern of `audience.json`: `yyyy` (4 digits), `MM`,
/// `dd`, `HH`, `mm`, `ss` (2 digits), `M`, `d`, `H` (1 or 2 digits), `SSS`
/// (milliseconds, 1 to 3 digits); every other character is literal.
struct DatePattern: Sendable, Equatable {
    enum Token: Sendable, Equatable {
        case year, month, day, hour, minute, second, millisecond
        case literal(UInt8)
    }

    struct Part: Sendable, Equatable {
        var token: Token
        var minDigits: Int
        var maxDigits: Int
    }

    let parts: [Part]
    let text: String

    init?(_ pattern: String) {
        let bytes = Array(pattern.utf8)
        var parts: [Part] = []
        var i = 0
        func run(_ c: UInt8) -> Int {
            var j = i
            while j < bytes.count && bytes[j] == c { j += 1 }
            return j - i
        }
        while i < bytes.count {
            let c = bytes[i]
            let n = run(c)
            switch (c, n) {
            case (UInt8(ascii: "y"), 4): parts.append(Part(token: .year, minDigits: 4, maxDigits: 4))
            case (UInt8(ascii: "M"), 2): parts.append(Part(token: .month, minDigits: 2, maxDigits: 2))
            case (UInt8(ascii: "M"), 1): parts.append(Part(token: .month, minDigits: 1, maxDigits: 2))
            case (UInt8(ascii: "d"), 2): parts.append(Part(token: .day, minDigits: 2, maxDigits: 2))
            case (UInt8(ascii: "d"), 1): parts.append(Part(token: .day, minDigits: 1, maxDigits: 2))
            case (UInt8(ascii: "H"), 2): parts.append(Part(token: .hour, minDigits: 2, maxDigits: 2))
            case (UInt8(ascii: "H"), 1): parts.append(Part(token: .hour, minDigits: 1, maxDigits: 2))
            case (UInt8(ascii: "m"), 2): parts.append(Part(token: .minute, minDigits: 2, maxDigits: 2))
            case (UInt8(ascii: "s"), 2): parts.append(Part(token: .second, minDigits: 2, maxDigits: 2))
            case (UInt8(ascii: "S"), 3): parts.append(Part(token: .millisecond, minDigits: 1, maxDigits: 3))
            case (UInt8(ascii: "y"), _), (UInt8(ascii: "M"), _), (UInt8(ascii: "d"), _), (UInt8(ascii: "H"), _),
                 (UInt8(ascii: "m"), _), (UInt8(ascii: "s"), _), (UInt8(ascii: "S"), _):
                return nil
            default:
                for _ in 0..<n { parts.append(Part(token: .literal(c), minDigits: 0, maxDigits: 0)) }
            }
            i += n
        }
        guard parts.contains(where: { $0.token == .year }), parts.contains(where: { $0.token == .month }),
              parts.contains(where: { $0.token == .day }) else { return nil }
        self.parts = parts
        self.text = pattern
    }

    var hasTime: Bool { parts.contains { $0.token == .hour } }

    func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> DateTimeFields? {
        var f = DateTimeFields()
        var i = 0
        for (index, part) in parts.enumerated() {
            if case .literal(let c) = part.token {
                guard i < n, p[i] == c else { return nil }
                i += 1
                continue
            }
            // A variable-width field takes up to its maximum unless the next
            // part is also a number (then it takes its minimum... not supported: take greedily).
            var value = 0
            var count = 0
            let nextIsDigits = index + 1 < parts.count && {
                if case .literal = parts[index + 1].token { return false }
                return true
            }()
            let limit = nextIsDigits ? part.minDigits : part.maxDigits
            while i < n && count < limit && isDigit(p[i]) {
                value = value * 10 + Int(p[i] &- 48)
                count += 1
                i += 1
            }
            if count < part.minDigits { return nil }
            switch part.token {
            case .year: f.year = value
            case .month: f.month = value
            case .day: f.day = value
            case .hour: f.hour = value; f.hasTime = true
            case .minute: f.minute = value
            case .second: f.second = value
            case .millisecond:
                var ms = value
                for _ in count..<3 { ms *= 10 }
                f.millisecond = ms
            case .literal: break
            }
        }
        guard i == n, f.isValid else { return nil }
        return f
    }
}
