import CustomerData
import Foundation

/// Writes a snapshot as SQL tables in the layout the compiled segments read
/// (`SQLLayout`): the statements to create them and their rows as values.
///
/// Values keep their types: numbers as floats, texts and categories as text,
/// booleans as 0/1, dates as day numbers, datetimes as milliseconds; a missing
/// value is NULL. The lookup tables the dialect needs (local days, folded
/// texts) are filled from every datetime and text that occurs. Running the
/// statements is the caller's business (the store's `Database`, a file for
/// another engine).
public struct SQLSnapshotExport {
    /// The tables of the layout.
    public enum Table: String, Sendable, CaseIterable {
        case customers, activities, segmentMembers, localDays, foldedTexts
    }

    public let snapshot: Snapshot
    /// The workspace zone: local days of instants are taken in it.
    public let timeZone: TimeZone
    public let dialect: any SQLDialect
    public let layout: SQLLayout

    /// Checks that the snapshot's column names fit the layout.
    ///
    /// - Throws: `SQLExportError` when a column is named like a column of the
    ///   layout (`customer_row`) or two names differ only in ASCII case (SQL
    ///   identifiers ignore case).
    public init(
        snapshot: Snapshot, timeZone: TimeZone, dialect: any SQLDialect = SQLiteDialect(),
        layout: SQLLayout = SQLLayout()
    ) throws(SQLExportError) {
        self.snapshot = snapshot
        self.timeZone = timeZone
        self.dialect = dialect
        self.layout = layout
        try SQLSnapshotExport.checkNames(
            table: layout.customersTable, reserved: [layout.customerRowColumn],
            names: snapshot.customers.columns.map(\.name))
        try SQLSnapshotExport.checkNames(
            table: layout.activitiesTable, reserved: [layout.customerRowColumn, layout.activityRowColumn],
            names: activityColumnNames)
    }

    /// The tables to create, in order.
    public var tables: [Table] {
        var tables: [Table] = [.customers, .activities, .segmentMembers]
        if dialect.needsLocalDayTable { tables.append(.localDays) }
        if dialect.needsFoldedTextTable { tables.append(.foldedTexts) }
        return tables
    }

    /// Every statement that creates the tables and their indexes.
    public var schemaStatements: [String] {
        tables.flatMap(createStatements(for:))
    }

    /// `CREATE TABLE` (and `CREATE INDEX`) statements of one table.
    public func createStatements(for table: Table) -> [String] {
        let columns = self.columns(of: table)
        let definitions = columns.map { q($0.name) + " " + $0.type }
        var statements: [String] = []
        switch table {
        case .customers:
            statements.append("CREATE TABLE \(q(tableName(table))) (\(definitions.joined(separator: ", ")), "
                + "PRIMARY KEY (\(q(layout.customerRowColumn))))")
        case .activities:
            statements.append("CREATE TABLE \(q(tableName(table))) (\(definitions.joined(separator: ", ")), "
                + "PRIMARY KEY (\(q(layout.activityRowColumn))))")
            statements.append("CREATE INDEX \(q(tableName(table) + "_by_customer")) ON \(q(tableName(table))) "
                + "(\(q(layout.customerRowColumn)), \(q(layout.activityTimestampColumn)))")
        case .segmentMembers:
            statements.append("CREATE TABLE \(q(tableName(table))) (\(definitions.joined(separator: ", ")), "
                + "PRIMARY KEY (\(q(layout.segmentColumn)), \(q(layout.customerRowColumn))))")
        case .localDays:
            statements.append("CREATE TABLE \(q(tableName(table))) (\(definitions.joined(separator: ", ")), "
                + "PRIMARY KEY (\(q(layout.instantColumn))))")
        case .foldedTexts:
            statements.append("CREATE TABLE \(q(tableName(table))) (\(definitions.joined(separator: ", ")), "
                + "PRIMARY KEY (\(q(layout.textColumn))))")
        }
        return statements
    }

    /// The `INSERT` statement of one row of `table`, its values as parameters.
    public func insertStatement(for table: Table) -> String {
        let columns = self.columns(of: table)
        let names = columns.map { q($0.name) }.joined(separator: ", ")
        let placeholders = (1...columns.count).map { dialect.placeholder(number: $0) }.joined(separator: ", ")
        return "INSERT INTO \(q(tableName(table))) (\(names)) VALUES (\(placeholders))"
    }

    /// The table's name in the layout.
    public func tableName(_ table: Table) -> String {
        switch table {
        case .customers: return layout.customersTable
        case .activities: return layout.activitiesTable
        case .segmentMembers: return layout.segmentMembersTable
        case .localDays: return layout.localDaysTable
        case .foldedTexts: return layout.foldedTextsTable
        }
    }

    // MARK: - Columns

    /// The columns of `table`: names and SQL types, in insert order.
    public func columns(of table: Table) -> [(name: String, type: String)] {
        let integer = dialect.integerColumnType
        switch table {
        case .customers:
            return [(layout.customerRowColumn, integer + " NOT NULL")]
                + snapshot.customers.columns.map { ($0.name, dialect.columnType(for: $0.type)) }
        case .activities:
            return [(layout.activityRowColumn, integer + " NOT NULL"), (layout.customerRowColumn, integer + " NOT NULL")]
                + zip(activityColumnNames, snapshot.activities.columns).map { ($0, dialect.columnType(for: $1.type)) }
        case .segmentMembers:
            return [(layout.segmentColumn, dialect.columnType(for: .text) + " NOT NULL"),
                    (layout.customerRowColumn, integer + " NOT NULL")]
        case .localDays:
            return [(layout.instantColumn, integer + " NOT NULL"), (layout.dayColumn, integer + " NOT NULL")]
        case .foldedTexts:
            return [(layout.textColumn, dialect.columnType(for: .text) + " NOT NULL"),
                    (layout.foldedColumn, dialect.columnType(for: .text) + " NOT NULL")]
        }
    }

    /// The activity columns' names: the type and timestamp columns named as the layout says.
    var activityColumnNames: [String] {
        let roles = Dictionary(
            snapshot.manifest.activities.columns.map { ($0.name, $0.role) }, uniquingKeysWith: { first, _ in first })
        return snapshot.activities.columns.map { column in
            switch roles[column.name] ?? nil {
            case .type?: return layout.activityTypeColumn
            case .timestamp?: return layout.activityTimestampColumn
            default: return column.name
            }
        }
    }

    private func q(_ name: String) -> String { dialect.quoteIdentifier(name) }

    static func checkNames(table: String, reserved: [String], names: [String]) throws(SQLExportError) {
        var seen: [String: String] = [:]
        for name in reserved { seen[asciiLowercased(name)] = name }
        for name in names {
            if name.utf8.contains(0) {
                throw SQLExportError(table: table, column: name, reason: "a SQL name cannot contain NUL")
            }
            if let earlier = seen[asciiLowercased(name)] {
                let reason = reserved.contains(earlier)
                    ? "is named like the layout's column \"\(earlier)\"; rename it in the source"
                    : "differs from column \"\(earlier)\" only in case, which SQL names ignore; rename one"
                throw SQLExportError(table: table, column: name, reason: reason)
            }
            seen[asciiLowercased(name)] = name
        }
    }

    static func asciiLowercased(_ name: String) -> String {
        String(decoding: name.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
