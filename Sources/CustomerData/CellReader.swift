/// Reads single CSV cells exactly as ingest reads them: missing-value tokens, numbers, booleans,
/// dates, and datetimes in the workspace's time zone and formats.
///
/// For tools that stream files outside a snapshot (batch scoring) and must
/// give the same values the snapshot holds for the same text.
public struct CellReader {
    @usableFromInline let missing: MissingMatcher
    private let datePattern: DatePattern?
    private let datetimePattern: DatePattern?
    private var converter: LocalTimeConverter

    /// A reader for a source's format in a time zone.
    ///
    /// - Throws: `IngestError` for an unknown time zone or an invalid date pattern.
    public init(timeZone: String, format: CSVFormat = .standard) throws {
        guard let zone = ZoneRules(identifier: timeZone) else {
            throw IngestError.config("unknown time zone \"\(timeZone)\" (use an IANA name such as Europe/Berlin or UTC)")
        }
        let datePattern = format.dateFormat.flatMap(DatePattern.init)
        let datetimePattern = format.datetimeFormat.flatMap(DatePattern.init)
        if format.dateFormat != nil && datePattern == nil {
            throw IngestError.config("\"dateFormat\" \"\(format.dateFormat!)\" is not a valid pattern")
        }
        if format.datetimeFormat != nil && datetimePattern == nil {
            throw IngestError.config("\"datetimeFormat\" \"\(format.datetimeFormat!)\" is not a valid pattern")
        }
        missing = MissingMatcher(format.missingValues)
        self.datePattern = datePattern
        self.datetimePattern = datetimePattern
        converter = LocalTimeConverter(rules: zone)
    }

    /// The cell without leading and trailing spaces and tabs, as ingest reads every typed cell.
    @inlinable
    public func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let base = cell.baseAddress else { return cell }
        let (p, n) = CustomerData.trimmed(base, cell.count)
        return UnsafeBufferPointer(start: p, count: n)
    }

    /// Whether a trimmed cell is missing: empty, or one of the format's missing-value tokens (any ASCII case).
    @inlinable
    public func isMissing(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = cell.baseAddress else { return true }
        return missing.isMissing(base, cell.count)
    }

    /// A trimmed cell as a number, or nil when it is not one.
    @inlinable
    public func number(_ cell: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let base = cell.baseAddress else { return nil }
        return NumberParser.parse(base, cell.count)
    }

    /// A trimmed cell as a boolean (`true/false/yes/no/1/0`), or nil.
    public func boolean(_ cell: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard let base = cell.baseAddress, let v = BooleanParser.parse(base, cell.count) else { return nil }
        return v == 1
    }

    /// A trimmed cell as a date, in days since 1970-01-01, or nil.
    public func days(_ cell: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = cell.baseAddress,
              let f = ISO8601.parseDate(base, cell.count) ?? datePattern?.parse(base, cell.count), !f.hasTime
        else { return nil }
        return f.days
    }

    /// A trimmed cell as an instant in milliseconds since the epoch, or nil: a datetime without an
    /// offset (or a date alone, at midnight) is read in the time zone.
    public mutating func milliseconds(_ cell: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let base = cell.baseAddress,
              let f = ISO8601.parseDatetime(base, cell.count) ?? datetimePattern?.parse(base, cell.count)
                ?? datePattern?.parse(base, cell.count)
        else { return nil }
        if let offset = f.offsetSeconds { return f.localMilliseconds - Int64(offset) * 1000 }
        return converter.utc(fromLocal: f.localMilliseconds)
    }
}
