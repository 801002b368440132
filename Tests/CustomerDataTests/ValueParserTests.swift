import Foundation
import Testing
@testable import CustomerData

private func withBytes<T>(_ s: String, _ body: (UnsafePointer<UInt8>, Int) -> T) -> T {
    var s = s
    return s.withUTF8 { body($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
}

private func utcMillis(_ s: String, zone: String = "UTC") -> Int64? {
    let rules = ZoneRules(identifier: zone)!
    var converter = LocalTimeConverter(rules: rules)
    guard let f = withBytes(s, { ISO8601.parseDatetime($0, $1) }) else { return nil }
    if let offset = f.offsetSeconds { return f.localMilliseconds - Int64(offset) * 1000 }
    return converter.utc(fromLocal: f.localMilliseconds)
}

private func epochMillis(_ iso: String) -> Int64 {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let d = f.date(from: iso) { return Int64((d.timeIntervalSince1970 * 1000).rounded()) }
    f.formatOptions = [.withInternetDateTime]
    return Int64((f.date(from: iso)!.timeIntervalSince1970 * 1000).rounded())
}

@Suite("Value parsers")
struct ValueParserTests {
    @Test func numbers() {
        #expect("42".number == 42)
        #expect("-3.25".number == -3.25)
        #expect("+7".number == 7)
        #expect(".5".number == 0.5)
        #expect("5.".number == 5)
        #expect("1e3".number == 1000)
        #expect("2.5E-2".number == 0.025)
        #expect("0.1".number == 0.1)
        #expect("123456789012345678901234567890".number == 123456789012345678901234567890.0)
        #expect("3.141592653589793238462643".number == 3.141592653589793)
        #expect("1e400".number == .infinity)
        #expect("4.9e-324".number == Double.leastNonzeroMagnitude)
        for bad in ["", "-", "+", ".", "1,5", "1.2.3", "1e", "e5", "abc", "12a", "NaN", "inf", "0x10", "1 2"] {
            #expect(bad.number == nil, "\(bad)")
        }
    }

    @Test func numbersRoundTripExactly() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let v = Double(bitPattern: generator.next() & 0x7FEF_FFFF_FFFF_FFFF)
            #expect("\(v)".number == v)
            let w = Double(Int.random(in: -1_000_000...1_000_000)) / 100
            #expect("\(w)".number == w)
        }
    }

    @Test func booleans() {
        for (text, value) in [("true", 1), ("FALSE", 0), ("Yes", 1), ("no", 0), ("1", 1), ("0", 0), ("TrUe", 1)] {
            #expect(withBytes(text) { BooleanParser.parse($0, $1) } == UInt8(value))
        }
        for bad in ["t", "f", "y", "n", "2", "truee", "nope", "", "on"] {
            #expect(withBytes(bad) { BooleanParser.parse($0, $1) } == nil)
        }
    }

    @Test func isoDates() {
        #expect(withBytes("1970-01-01") { ISO8601.parseDate($0, $1) }?.days == 0)
        #expect(withBytes("2024-02-29") { ISO8601.parseDate($0, $1) }?.days == 19782)
        #expect(withBytes("1969-12-31") { ISO8601.parseDate($0, $1) }?.days == -1)
        #expect(withBytes("1900-03-01") { ISO8601.parseDate($0, $1) }?.days == -25508)
        for bad in ["2023-02-29", "2024-13-01", "2024-00-10", "2024-1-01", "24-01-01", "2024/01/01", "2024-01-32", "2024-01-01T00:00"] {
            #expect(withBytes(bad) { ISO8601.parseDate($0, $1) } == nil, "\(bad)")
        }
        for days in stride(from: -800_000, to: 800_000, by: 997) {
            let (y, m, d) = CivilCalendar.date(ofDay: days)
            #expect(CivilCalendar.days(year: y, month: m, day: d) == days)
        }
        #expect(formatDate(days: 19782) == "2024-02-29")
    }

    @Test func isoDatetimes() {
        #expect(utcMillis("2024-03-05T14:30:00Z") == epochMillis("2024-03-05T14:30:00Z"))
        #expect(utcMillis("2024-03-05 14:30:00Z") == epochMillis("2024-03-05T14:30:00Z"))
        #expect(utcMillis("2024-03-05T14:30:00.123Z") == epochMillis("2024-03-05T14:30:00.123Z"))
        #expect(utcMillis("2024-03-05T14:30:00.1Z") == epochMillis("2024-03-05T14:30:00.100Z"))
        #expect(utcMillis("2024-03-05T14:30:00.123456Z") == epochMillis("2024-03-05T14:30:00.123Z"))
        #expect(utcMillis("2024-03-05T14:30:00+02:00") == epochMillis("2024-03-05T12:30:00Z"))
        #expect(utcMillis("2024-03-05T14:30:00-0530") == epochMillis("2024-03-05T20:00:00Z"))
        #expect(utcMillis("2024-03-05T14:30:00+01") == epochMillis("2024-03-05T13:30:00Z"))
        #expect(utcMillis("2024-03-05T14:30") == epochMillis("2024-03-05T14:30:00Z"))
        #expect(utcMillis("2024-03-05") == epochMillis("2024-03-05T00:00:00Z"))
        for bad in ["2024-03-05T25:00:00", "2024-03-05T14:60:00", "2024-03-05T14:30:00+", "2024-03-05T14:30:00X",
                    "2024-03-05T14", "2024-03-05X14:30:00", "2024-03-05T14:30:00.", "2024-02-30T00:00:00"] {
            #expect(utcMillis(bad) == nil, "\(bad)")
        }
        #expect(formatDatetimeUTC(milliseconds: epochMillis("2024-03-05T14:30:00.120Z")) == "2024-03-05T14:30:00.120Z")
        #expect(formatDatetimeUTC(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
    }

    @Test func localTimesInTheWorkspaceZone() {
        // Berlin: UTC+1 in winter, UTC+2 in summer.
        #expect(utcMillis("2024-01-15T12:00:00", zone: "Europe/Berlin") == epochMillis("2024-01-15T11:00:00Z"))
        #expect(utcMillis("2024-07-15T12:00:00", zone: "Europe/Berlin") == epochMillis("2024-07-15T10:00:00Z"))
        // An explicit offset wins over the zone.
        #expect(utcMillis("2024-07-15T12:00:00Z", zone: "Europe/Berlin") == epochMillis("2024-07-15T12:00:00Z"))
        // 2024-03-31 02:30 does not exist in Berlin: read with the offset before the jump (+1).
        #expect(utcMillis("2024-03-31T02:30:00", zone: "Europe/Berlin") == epochMillis("2024-03-31T01:30:00Z"))
        // 2024-10-27 02:30 happens twice: the earlier instant (+2).
        #expect(utcMillis("2024-10-27T02:30:00", zone: "Europe/Berlin") == epochMillis("2024-10-27T00:30:00Z"))
        #expect(utcMillis("2024-10-27T03:30:00", zone: "Europe/Berlin") == epochMillis("2024-10-27T02:30:00Z"))
        // New York, India (half hours), Kathmandu (quarter), a zone without DST.
        #expect(utcMillis("2024-07-04T09:00:00", zone: "America/New_York") == epochMillis("2024-07-04T13:00:00Z"))
        #expect(utcMillis("2024-07-04T09:00:00", zone: "Asia/Kolkata") == epochMillis("2024-07-04T03:30:00Z"))
        #expect(utcMillis("2024-07-04T09:00:00", zone: "Asia/Kathmandu") == epochMillis("2024-07-04T03:15:00Z"))
        #expect(utcMillis("1995-07-04T09:00:00", zone: "Asia/Tokyo") == epochMillis("1995-07-04T00:00:00Z"))
    }

    @Test func zoneConversionAgreesWithFoundation() {
        for zoneName in ["Europe/Berlin", "America/Sao_Paulo", "Australia/Sydney", "America/Los_Angeles"] {
            let zone = TimeZone(identifier: zoneName)!
            let rules = ZoneRules(identifier: zoneName)!
            var converter = LocalTimeConverter(rules: rules)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            var t: Int64 = epochMillis("1990-01-01T00:00:00Z")
            while t < epochMillis("2030-01-01T00:00:00Z") {
                let date = Date(timeIntervalSince1970: Double(t) / 1000)
                let offset = Int64(zone.secondsFromGMT(for: date))
                #expect(rules.offsetSeconds(atUTC: t) == offset)
                // Local readings that are unambiguous map back.
                let local = t + offset * 1000
                let back = converter.utc(fromLocal: local)
                if back != t {
                    // Only in an overlap, where the earlier instant is chosen.
                    #expect(back < t && rules.offsetSeconds(atUTC: back) - offset == (t - back) / 1000)
                }
                t += 86_400_000 * 9 + 3_600_000 * 3 + 61_000
            }
        }
    }

    @Test func customPatterns() {
        let dmy = DatePattern("dd.MM.yyyy")!
        #expect(withBytes("05.03.2024") { dmy.parse($0, $1) }?.days == withBytes("2024-03-05") { ISO8601.parseDate($0, $1) }?.days)
        #expect(withBytes("5.3.2024") { dmy.parse($0, $1) } == nil)
        #expect(withBytes("31.02.2024") { dmy.parse($0, $1) } == nil)
        let us = DatePattern("M/d/yyyy")!
        #expect(withBytes("3/5/2024") { us.parse($0, $1) }?.days == withBytes("2024-03-05") { ISO8601.parseDate($0, $1) }?.days)
        #expect(withBytes("12/25/2024") { us.parse($0, $1) }?.month == 12)
        #expect(withBytes("12/25/2024") { us.parse($0, $1) }?.day == 25)
        let compact = DatePattern("yyyyMMdd")!
        #expect(withBytes("20240305") { compact.parse($0, $1) }?.days == withBytes("2024-03-05") { ISO8601.parseDate($0, $1) }?.days)
        let dt = DatePattern("dd.MM.yyyy HH:mm:ss")!
        let f = withBytes("05.03.2024 14:30:15") { dt.parse($0, $1) }!
        #expect(f.hour == 14 && f.minute == 30 && f.second == 15 && f.hasTime)
        let ms = DatePattern("yyyy-MM-dd HH:mm:ss.SSS")!
        #expect(withBytes("2024-03-05 14:30:15.25") { ms.parse($0, $1) }?.millisecond == 250)
        #expect(DatePattern("dd.MM") == nil)
        #expect(DatePattern("yyy-MM-dd") == nil)
    }

    @Test func missingValues() {
        let m = MissingMatcher(["NA", "null", "-"])
        for text in ["", "NA", "na", "Null", "NULL", "-"] { #expect(withBytes(text) { m.isMissing($0, $1) }, "\(text)") }
        for text in ["N", "nan", "none", "0", "--"] { #expect(!withBytes(text) { m.isMissing($0, $1) }, "\(text)") }
    }
}
