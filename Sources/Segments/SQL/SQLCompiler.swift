/// Compiles a segment definition to one SQL query returning its members'
/// customer rows, in ascending order.
///
/// The query reads the tables of `SQLLayout` (written by `SQLSnapshotExport`):
/// attributes from `customers`, each distinct activity aggregate (measures and
/// inline ones alike) from a grouped common table expression over
/// `activities` joined by customer row, and referenced segments from
/// `segment_members`. Relative dates are resolved in Swift with `TimeContext`
/// (the ranges both engines share) and bound as day numbers or milliseconds;
/// every value is a bound parameter and every name a quoted identifier. Each
/// condition compiles to a predicate that is never NULL (see
/// `docs/sql-engine.md`), so `NOT` and set operations mean what they say.
public struct SQLCompiler: Sendable {
    /// The names definitions may use; compiling validates against it.
    public let catalog: SegmentCatalog
    /// The instant and zone relative dates and windows resolve in.
    public let time: TimeContext
    /// The SQL engine the query is written for.
    public let dialect: any SQLDialect
    /// The tables and fixed columns the query reads.
    public let layout: SQLLayout

    /// A compiler for one catalog, instant and dialect (SQLite by default).
    public init(
        catalog: SegmentCatalog, time: TimeContext, dialect: any SQLDialect = SQLiteDialect(),
        layout: SQLLayout = SQLLayout()
    ) {
        self.catalog = catalog
        self.time = time
        self.dialect = dialect
        self.layout = layout
    }

    /// The query selecting the members of `definition`.
    ///
    /// - Parameter name: the segment's own name, to reject cycles through it.
    /// - Throws: `SegmentValidationError` when the definition does not fit the catalog.
    public func compile(_ definition: SegmentDefinition, named name: String? = nil) throws -> SQLQuery {
        try catalog.validate(definition, named: name)
        var compilation = SQLCompilation(compiler: self)
        let predicate = try compilation.predicate(of: definition)
        return compilation.query(where: predicate).query(in: dialect)
    }

    // MARK: - Names

    /// A quoted identifier.
    func name(_ identifier: String) -> SQLFragment {
        .raw(dialect.quoteIdentifier(identifier))
    }

    /// A column of a table alias: `c."age"`.
    func column(_ alias: String, _ identifier: String) -> SQLFragment {
        .raw(dialect.quoteIdentifier(alias) + "." + dialect.quoteIdentifier(identifier))
    }

    static let customerAlias = "c"
    static let activityAlias = "a"
}
