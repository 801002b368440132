import CustomerData
import Foundation
import LinearAlgebra

extension FeatureEncoder {
    /// The embedding of streamed records, one L2-normalised row each, identical to ``encode(_:rows:)`` for the
    /// same customers.
    ///
    /// Text is read by the type the field had when fitted: numbers as decimal
    /// numbers, booleans as `true/false/yes/no/1/0`, dates as `yyyy-MM-dd`,
    /// datetimes as ISO 8601 (UTC when the text has no offset), categories as
    /// their text. An empty or absent value is missing.
    /// - Throws: ``LookalikeError/invalidValue(field:value:expected:)`` for text the type cannot read.
    public func encode(records: [CustomerRecord]) throws -> Matrix<Float> {
        let aggregates = ActivityAggregates.from(records, types: activityTypes, channels: channels, asOf: asOfMilliseconds)
        let values = try fields.map { field -> [Double] in
            guard case .column(let name, let type) = field.input else {
                return aggregates.values(of: field.input, asOf: asOfMilliseconds)
            }
            var levelIndex: [String: Double] = [:]
            if case .oneHot(let levels) = field.transform {
                levelIndex = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Double($0)) })
            }
            return try records.map { record in
                guard let raw = record.attributes[name] else { return .nan }
                let text = raw.trimmingCharacters(in: .whitespaces)
                if text.isEmpty { return .nan }
                return try parse(text, field: name, type: type, levelIndex: levelIndex)
            }
        }
        return assemble(rowCount: records.count, values: values)
    }

    /// The raw value of one text cell.
    func parse(_ text: String, field: String, type: String, levelIndex: [String: Double]) throws -> Double {
        switch type {
        case "number":
            guard let v = Double(text), v.isFinite else { throw LookalikeError.invalidValue(field: field, value: text, expected: "a number") }
            return v
        case "boolean":
            switch text.lowercased() {
            case "true", "yes", "1", "t", "y": return 1
            case "false", "no", "0", "f", "n": return 0
            default: throw LookalikeError.invalidValue(field: field, value: text, expected: "a boolean (true/false)")
            }
        case "date":
            guard let days = Self.parseDate(text) else { throw LookalikeError.invalidValue(field: field, value: text, expected: "a date (yyyy-MM-dd)") }
            return Double(asOfDays - days)
        case "datetime":
            guard let ms = Self.parseDatetime(text) else {
                throw LookalikeError.invalidValue(field: field, value: text, expected: "a datetime (ISO 8601)")
            }
            return Double(asOfMilliseconds - ms) / 86_400_000
        case "category":
            return levelIndex[text] ?? -1
        default:
            throw LookalikeError.fieldMismatch(field: field, reason: "type \(type) cannot be encoded")
        }
    }

    /// Days since 1970-01-01 of `yyyy-MM-dd`.
    static func parseDate(_ text: String) -> Int? {
        let parts = text.prefix(10).split(separator: "-")
        guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return CivilCalendar.days(year: y, month: m, day: d)
    }

    /// Milliseconds since the epoch of an ISO 8601 datetime; without an offset the text is read as UTC.
    static func parseDatetime(_ text: String) -> Int64? {
        guard let days = parseDate(text) else { return nil }
        var rest = text.dropFirst(10)
        if rest.isEmpty { return Int64(days) * 86_400_000 }
        guard rest.first == "T" || rest.first == " " else { return nil }
        rest = rest.dropFirst()
        var offsetSeconds = 0
        if rest.hasSuffix("Z") {
            rest = rest.dropLast()
        } else if let sign = rest.lastIndex(where: { $0 == "+" || $0 == "-" }) {
            let zone = rest[sign...].dropFirst().split(separator: ":")
            guard let h = Int(zone.first ?? ""), zone.count <= 2 else { return nil }
            let m = zone.count == 2 ? Int(zone[1]) ?? 0 : 0
            offsetSeconds = (h * 3600 + m * 60) * (rest[sign] == "-" ? -1 : 1)
            rest = rest[..<sign]
        }
        let clock = rest.split(separator: ":")
        guard clock.count >= 2, let h = Int(clock[0]), let m = Int(clock[1]) else { return nil }
        let s = clock.count > 2 ? Double(clock[2]) ?? 0 : 0
        let seconds = Double(days) * 86_400 + Double(h * 3600 + m * 60 - offsetSeconds) + s
        return Int64((seconds * 1000).rounded())
    }
}
