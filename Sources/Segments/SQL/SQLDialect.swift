import CustomerData

/// What differs between SQL engines, as far as compiled segments need it.
///
/// The compiler writes standard SQL (`WITH`, `LEFT JOIN`, `CASE`, window
/// functions, `IN`, `BETWEEN`) and asks the dialect for everything else:
/// identifier quoting, placeholders, boolean literals, column types, summing
/// with 0 for nothing, case folding, the calendar day of an instant in the
/// workspace zone, calendar parts of a day number and text matching.
/// `SQLiteDialect` is the one implemented; a PostgreSQL dialect would quote
/// alike, number placeholders `$1`, use `lower()`, `AT TIME ZONE` and
/// `LIKE … ESCAPE` (the default text matching below).
public protocol SQLDialect: Sendable {
    /// The engine's name for messages (`SQLite`).
    var name: String { get }

    /// An identifier in quotes, with embedded quotes escaped.
    func quoteIdentifier(_ name: String) -> String

    /// The placeholder of the `number`th parameter (1-based): `?` or `$1`.
    func placeholder(number: Int) -> String

    /// The literal of a boolean as the column stores it (`1`/`0` or `TRUE`/`FALSE`).
    func booleanLiteral(_ value: Bool) -> String

    /// The column type of an attribute or activity field in `CREATE TABLE`.
    func columnType(for type: ColumnType) -> String

    /// The column type of row numbers, day numbers and milliseconds.
    var integerColumnType: String { get }

    /// The sum of `expression` over a group, 0 when the group has no value.
    func sumOrZero(_ expression: SQLFragment) -> SQLFragment

    /// The Unicode lowercase form of a text expression (Swift's `lowercased()`).
    func caseFolded(_ expression: SQLFragment, layout: SQLLayout) -> SQLFragment

    /// The calendar day (days since 1970-01-01) of an instant in milliseconds,
    /// on the workspace wall clock.
    func localDay(ofInstant expression: SQLFragment, layout: SQLLayout) -> SQLFragment

    /// The month (1–12) of a day number.
    func month(ofDay expression: SQLFragment) -> SQLFragment

    /// `month * 100 + day of month` of a day number (1231 for December 31).
    func monthAndDay(ofDay expression: SQLFragment) -> SQLFragment

    /// The ISO weekday (1 Monday … 7 Sunday) of a day number.
    func weekday(ofDay expression: SQLFragment) -> SQLFragment

    /// Whether a text expression contains `needle` (bytes, case-sensitive).
    func contains(_ expression: SQLFragment, _ needle: String) -> SQLFragment
    /// Whether a text expression starts with `prefix` (bytes, case-sensitive).
    func startsWith(_ expression: SQLFragment, _ prefix: String) -> SQLFragment
    /// Whether a text expression ends with `suffix` (bytes, case-sensitive).
    func endsWith(_ expression: SQLFragment, _ suffix: String) -> SQLFragment

    /// Whether `CREATE TABLE` and the compiler need the local-days lookup table.
    var needsLocalDayTable: Bool { get }
    /// Whether `CREATE TABLE` and the compiler need the folded-texts lookup table.
    var needsFoldedTextTable: Bool { get }
}

extension SQLDialect {
    /// Standard SQL quoting: double quotes, a double quote doubled.
    ///
    /// Precondition: the name has no NUL character (no engine accepts one).
    public func quoteIdentifier(_ name: String) -> String {
        precondition(!name.utf8.contains(0), "SQLDialect.quoteIdentifier(_:): a name cannot contain NUL")
        return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// Weekday by arithmetic: 1970-01-01 was a Thursday. `%` keeps the
    /// dividend's sign in SQLite and PostgreSQL, hence the `+ 7`.
    public func weekday(ofDay expression: SQLFragment) -> SQLFragment {
        "((((\(expression)) + 3) % 7 + 7) % 7 + 1)"
    }

    /// `LIKE` with `\` escaping `%`, `_` and itself; case-sensitive in
    /// PostgreSQL, so not used by SQLite (whose `LIKE` ignores ASCII case).
    public func contains(_ expression: SQLFragment, _ needle: String) -> SQLFragment {
        "(\(expression) LIKE \(parameter: .text("%" + escapeLikePattern(needle) + "%")) ESCAPE '\\')"
    }

    public func startsWith(_ expression: SQLFragment, _ prefix: String) -> SQLFragment {
        "(\(expression) LIKE \(parameter: .text(escapeLikePattern(prefix) + "%")) ESCAPE '\\')"
    }

    public func endsWith(_ expression: SQLFragment, _ suffix: String) -> SQLFragment {
        "(\(expression) LIKE \(parameter: .text("%" + escapeLikePattern(suffix))) ESCAPE '\\')"
    }

    /// `text` as a `LIKE` pattern matching itself: `\`, `%` and `_` escaped with `\`.
    public func escapeLikePattern(_ text: String) -> String {
        var escaped = ""
        for character in text.unicodeScalars {
            if character == "\\" || character == "%" || character == "_" { escaped.unicodeScalars.append("\\") }
            escaped.unicodeScalars.append(character)
        }
        return escaped
    }
}
