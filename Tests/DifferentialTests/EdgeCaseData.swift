import CustomerData
import Foundation
import Segments

/// The CSV texts of an edge-case workspace, drawn reproducibly from a seed.
struct EdgeCaseData {
    var random: DefinitionGenerator.SplitMix64
    let time: [TimeContext]

    init(seed: UInt64, timeZone: TimeZone, asOf instants: [Int64]) {
        random = DefinitionGenerator.SplitMix64(state: seed)
        time = instants.map { TimeContext(asOfMilliseconds: $0, timeZone: timeZone) }
    }

    static let customerTypes: [String: ColumnType] = [
        "age": .number, "spend": .number, "from": .number, "country": .category, "loyalty_tier": .category,
        "Straße": .category, "email": .text, "first name": .text, "email_opt_in": .boolean,
        "signup_date": .date, "birthday": .date, "last_login": .datetime,
    ]

    static let eventTypes: [String: ColumnType] = [
        "at": .datetime, "value": .number, "quantity": .number, "channel": .category, "product": .text,
        "returned": .boolean, "delivered_on": .date, "created_at": .datetime,
    ]

    static let measures: [MeasureDefinition] = [
        MeasureDefinition(
            name: "spend_90d", aggregate: .sum, field: "amount", activityTypes: ["purchase"], window: .lastDays(90)),
        MeasureDefinition(name: "orders", aggregate: .count, activityTypes: ["purchase", "Purchase"]),
        MeasureDefinition(
            name: "web_orders", aggregate: .count, activityTypes: ["purchase"],
            conditions: ["channel = \"web\" ignoring case"]),
        MeasureDefinition(name: "last_channel", aggregate: .last, field: "channel", activityTypes: ["purchase"]),
        MeasureDefinition(name: "first_delivery", aggregate: .min, field: "delivered_on"),
        MeasureDefinition(name: "days_since_visit", aggregate: .daysSinceLast, activityTypes: ["visit"]),
        MeasureDefinition(
            name: "q1_quantity", aggregate: .avg, field: "quantity",
            window: .between(from: "2024-01-01", to: "2024-03-31")),
        MeasureDefinition(name: "ytd_products", aggregate: .distinctCount, field: "product", window: .yearToDate),
    ]

    // MARK: - Pools

    /// Number cells and their values; `nil` is missing.
    static let numberCells: [(String, Double?)] = [
        ("0", 0), ("-0", -0.0), ("1", 1), ("-1", -1), ("0.5", 0.5), ("2.5", 2.5), ("30", 30), ("40", 40),
        ("99.99", 99.99), ("100", 100), ("1e-5", 1e-5), ("123456789.125", 123_456_789.125), ("1e20", 1e20),
        ("-7.25e-3", -7.25e-3), ("17", 17), ("65", 65), ("", nil), ("NA", nil), ("null", nil),
    ]
    static let countries = ["DE", "de", "De", "FR", "fr", "Ünïcødé", "üNÏCØDÉ", "a", "A", "say \"hi\"", "İstanbul",
                            "istanbul", "", "NA"]
    static let tiers = ["gold", "Gold", "GOLD", "platinum", "Platinum", "silver", "web", ""]
    static let streets = ["ß", "SS", "ss", "ẞ", "straße", "Straße", ""]
    static let freeTexts = [
        "a@example.com", "A@EXAMPLE.COM", "back\\slash", "tab\there", "line\nbreak", "😀 emoji", "`tick`",
        "100%_off", "100x-off", "say \"hi\"", "Ünïcødé", "e\u{301}clair", "\u{e9}clair", "ΣΑΣ", "σας", "de", "DE",
        "gold", "Gold", "web shop", "a", "aa", "", "NA", "Null",
    ]
    static let booleans = ["true", "false", "yes", "no", "1", "0", "TRUE", "No", "", "NA"]
    static let channels = ["web", "Web", "WEB", "store", "app", "Ünïcødé", "", "NA"]
    static let activityTypes = ["purchase", "purchase", "purchase", "visit", "refund", "page view", "Purchase"]
    static let quantities = ["0", "-0", "1", "2", "2.5", "30", "40", "NA", ""]

    var textPool: [String] {
        var pool: [String] = []
        for text in EdgeCaseData.countries + EdgeCaseData.tiers + EdgeCaseData.streets + EdgeCaseData.freeTexts
            + EdgeCaseData.channels + ["purchase", "page", "view", "ü", "Ü", "%", "_", "x", "ss", "SS", "ß"]
        where !text.isEmpty && text != "NA" && text != "Null" && !pool.contains(text) {
            pool.append(text)
        }
        return pool
    }

    var numberPool: [Double] {
        EdgeCaseData.numberCells.compactMap(\.1) + [0.25, 10, 12.5, 50, 250, 2, 3, 4, 5, -2.5, 1000]
    }

    var edgeDates: [CalendarDate] {
        var dates = [
            date(2024, 2, 29), date(2023, 2, 28), date(2024, 3, 1), date(2023, 12, 31), date(2024, 1, 1),
            date(2025, 1, 1), date(2024, 3, 31), date(2024, 10, 27), date(2024, 3, 10), date(2000, 2, 29),
            date(1969, 12, 31), date(1, 1, 1), date(9999, 12, 31),
        ]
        for context in time {
            dates += [context.today, context.today.adding(-1, .days), context.today.adding(1, .days)]
        }
        return dates
    }

    private func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate {
        CalendarDate(year: year, month: month, day: day)!
    }

    // MARK: - Tables

    /// The customers, events and visits CSV texts.
    mutating func tables(customerCount: Int) -> (String, String, String) {
        var customers = CSVText(header: [
            "id", "age", "spend", "from", "country", "loyalty_tier", "Straße", "email", "first name",
            "email_opt_in", "signup_date", "birthday", "last_login",
        ])
        var events = CSVText(header: [
            "customer", "kind", "at", "value", "quantity", "channel", "product", "returned", "delivered_on",
            "created_at",
        ])
        var visits = CSVText(header: ["customer", "day", "channel"])
        for index in 0..<customerCount {
            let id = "C" + String(1000 + index)
            customers.append([
                id, pick(EdgeCaseData.numberCells).0, pick(EdgeCaseData.numberCells).0, pick(EdgeCaseData.numberCells).0,
                pick(EdgeCaseData.countries), pick(EdgeCaseData.tiers), pick(EdgeCaseData.streets),
                pick(EdgeCaseData.freeTexts), pick(EdgeCaseData.freeTexts), pick(EdgeCaseData.booleans),
                maybe(dateCell()), maybe(dateCell()), maybe(datetimeCell()),
            ])
            if int(0...6) == 0 { continue }  // no activities
            var previous: String?
            for _ in 0..<int(0...12) {
                // A tie: the same timestamp as the activity before.
                let at = previous.flatMap { int(0...4) == 0 ? $0 : nil } ?? datetimeCell()
                previous = at
                events.append([
                    id, pick(EdgeCaseData.activityTypes), at, amountCell(), pick(EdgeCaseData.quantities),
                    pick(EdgeCaseData.channels), pick(EdgeCaseData.freeTexts), pick(EdgeCaseData.booleans),
                    maybe(dateCell()), maybe(datetimeCell()),
                ])
            }
            for _ in 0..<int(0...3) {
                visits.append([id, dateCell(), pick(EdgeCaseData.channels)])
            }
        }
        return (customers.text, events.text, visits.text)
    }

    // MARK: - Cells

    /// Money in quarters (sums are exact in any order), sometimes missing.
    mutating func amountCell() -> String {
        switch int(0...9) {
        case 0: return ""
        case 1: return pick(["0", "-0", "NA"])
        default:
            let quarters = int(-200...2000)
            return String(Double(quarters) / 4)
        }
    }

    mutating func maybe(_ cell: String) -> String {
        int(0...7) == 0 ? pick(["", "NA"]) : cell
    }

    mutating func dateCell() -> String {
        let context = pick(time)
        switch int(0...5) {
        case 0: return pick(edgeDates).isoString
        case 1: return context.today.adding(int(-3...3), .days).isoString
        case 2:
            let unit = pick(DurationUnit.allCases)
            let amount = pick([1, 2, 6, 7, 12, 30, 90, 365])
            return context.today.adding(-amount * (bool() ? 1 : -1), unit).adding(int(-1...1), .days).isoString
        default: return context.today.adding(int(-800...800), .days).isoString
        }
    }

    /// A datetime cell: in UTC with milliseconds, with an offset, or on the
    /// workspace wall clock (DST gaps and overlaps included).
    mutating func datetimeCell() -> String {
        let context = pick(time)
        switch int(0...9) {
        case 0:
            return utcText(context.asOfMilliseconds + Int64(int(-1...1)))
        case 1, 2:
            let unit = pick(DurationUnit.allCases)
            let amount = pick([0, 1, 2, 6, 7, 12, 30, 90, 365])
            let edge = context.shiftedAsOf(by: bool() ? -amount : amount, unit)
            return utcText(edge + Int64(int(-1...1)))
        case 3:
            let day = context.today.adding(int(-2...2), .days)
            return utcText(context.startOfDay(day) + Int64(int(-1...0)))
        case 4:
            return utcText(context.startOfDay(context.today.startOfYear) + Int64(int(-1...0)))
        case 5:
            // Wall-clock times without an offset: DST gaps and overlaps, midnight, the last millisecond.
            let day = pick([date(2024, 3, 31), date(2024, 10, 27), date(2024, 3, 10), date(2024, 11, 3),
                            context.today, context.today.adding(-1, .days)])
            let time = pick(["02:30:00", "02:00:00", "01:59:59.999", "03:00:00", "00:00", "23:59:59.999", "12:00:00"])
            return day.isoString + (bool() ? "T" : " ") + time
        case 6:
            let day = context.today.adding(int(-40...40), .days)
            return day.isoString + "T" + pick(["00:00:00+05:30", "23:30:00-03:30", "12:00:00+01:00", "00:00:00Z"])
        default:
            return utcText(context.asOfMilliseconds + Int64(int(-800...800)) * 86_400_000 + Int64(int(0...86_399)) * 1000)
        }
    }

    func utcText(_ milliseconds: Int64) -> String {
        let day = milliseconds >= 0 ? milliseconds / 86_400_000 : (milliseconds - 86_399_999) / 86_400_000
        let millisecondOfDay = Int(milliseconds - day * 86_400_000)
        let literal = DateTimeLiteral(
            date: CalendarDate(daysSinceEpoch: Int(day)), millisecondOfDay: millisecondOfDay, utcOffsetSeconds: 0)
        return literal.isoString
    }

    // MARK: - Randomness

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func bool() -> Bool { Bool.random(using: &random) }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
}
