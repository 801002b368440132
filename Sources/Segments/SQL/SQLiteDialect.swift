import CustomerData

/// SQLite (3.25 or later, for window functions).
///
/// SQLite has no time zones and lowercases only ASCII, so the calendar day of
/// an instant and the lowercase form of a text are looked up in two tables
/// that `SQLSnapshotExport` fills from the snapshot (every datetime and every
/// text that occurs). Its `LIKE` ignores ASCII case, so text matching uses
/// `instr` and `substr`, which compare exactly on valid UTF-8.
public struct SQLiteDialect: SQLDialect {
    public init() {}

    public var name: String { "SQLite" }

    public func placeholder(number: Int) -> String { "?" }

    public func booleanLiteral(_ value: Bool) -> String { value ? "1" : "0" }

    public func columnType(for type: ColumnType) -> String {
        switch type {
        case .number: return "REAL"
        case .text, .category: return "TEXT"
        case .boolean, .date, .datetime: return "INTEGER"
        }
    }

    public var integerColumnType: String { "INTEGER" }

    /// `TOTAL` is 0.0 over no rows or only NULLs, where `SUM` is NULL.
    public func sumOrZero(_ expression: SQLFragment) -> SQLFragment {
        "TOTAL(\(expression))"
    }

    public func caseFolded(_ expression: SQLFragment, layout: SQLLayout) -> SQLFragment {
        let table = quoteIdentifier(layout.foldedTextsTable)
        return "(SELECT ft.\(raw: quoteIdentifier(layout.foldedColumn)) FROM \(raw: table) AS ft "
            + "WHERE ft.\(raw: quoteIdentifier(layout.textColumn)) = \(expression))"
    }

    public func localDay(ofInstant expression: SQLFragment, layout: SQLLayout) -> SQLFragment {
        let table = quoteIdentifier(layout.localDaysTable)
        return "(SELECT ld.\(raw: quoteIdentifier(layout.dayColumn)) FROM \(raw: table) AS ld "
            + "WHERE ld.\(raw: quoteIdentifier(layout.instantColumn)) = \(expression))"
    }

    /// Day numbers become Julian day numbers at midnight (1970-01-01 is 2440587.5),
    /// which `strftime` reads for years 0000 to 9999.
    public func month(ofDay expression: SQLFragment) -> SQLFragment {
        "CAST(strftime('%m', (\(expression)) + 2440587.5) AS INTEGER)"
    }

    public func monthAndDay(ofDay expression: SQLFragment) -> SQLFragment {
        "CAST(strftime('%m%d', (\(expression)) + 2440587.5) AS INTEGER)"
    }

    public func contains(_ expression: SQLFragment, _ needle: String) -> SQLFragment {
        "(instr(\(expression), \(parameter: .text(needle))) > 0)"
    }

    public func startsWith(_ expression: SQLFragment, _ prefix: String) -> SQLFragment {
        "(substr(\(expression), 1, length(\(parameter: .text(prefix)))) = \(parameter: .text(prefix)))"
    }

    /// A negative start counts from the end; a suffix longer than the text
    /// yields the whole text, which then differs from it.
    public func endsWith(_ expression: SQLFragment, _ suffix: String) -> SQLFragment {
        "(substr(\(expression), -length(\(parameter: .text(suffix)))) = \(parameter: .text(suffix)))"
    }

    public var needsLocalDayTable: Bool { true }
    public var needsFoldedTextTable: Bool { true }
}
