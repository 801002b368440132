/// The state of compiling one definition: the activity aggregates met so far,
/// each of which becomes one common table expression.
struct SQLCompilation {
    let compiler: SQLCompiler
    /// Distinct aggregates in order of first use; the index names the CTE.
    private(set) var aggregates: [ActivityAggregate] = []
    private var aggregateIndexes: [ActivityAggregate: Int] = [:]

    init(compiler: SQLCompiler) {
        self.compiler = compiler
    }

    var dialect: any SQLDialect { compiler.dialect }
    var layout: SQLLayout { compiler.layout }
    var catalog: SegmentCatalog { compiler.catalog }

    // MARK: - Definitions, rules and groups

    /// The rules combined left to right: union is `OR`, intersect `AND`, except `AND NOT`.
    mutating func predicate(of definition: SegmentDefinition) throws -> SQLFragment {
        precondition(!definition.rules.isEmpty, "SQLCompilation.predicate(of:): a validated definition has rules")
        var result = try predicate(of: definition.rules[0].group)
        for rule in definition.rules.dropFirst() {
            let next = try predicate(of: rule.group)
            switch rule.combine ?? .union {
            case .union: result = "(\(result) OR \(next))"
            case .intersect: result = "(\(result) AND \(next))"
            case .except: result = "(\(result) AND NOT \(next))"
            }
        }
        return result
    }

    mutating func predicate(of group: ConditionGroup) throws -> SQLFragment {
        let parts = try group.conditions.map { try predicate(of: $0) }
        if parts.count == 1 { return parts[0] }
        return "(" + SQLFragment.joined(parts, separator: group.join == .and ? " AND " : " OR ") + ")"
    }

    mutating func predicate(of condition: Condition) throws -> SQLFragment {
        switch condition {
        case .attribute(let field):
            guard let type = catalog.attributes[field.field] else {
                preconditionFailure("SQLCompilation.predicate(of:): unknown attribute \(field.field); validate first")
            }
            let value = compiler.column(SQLCompiler.customerAlias, field.field)
            return predicate(field.test, on: value, type: type, ignoreCase: field.ignoreCase)
        case .measure(let measure):
            guard let definition = catalog.measures[measure.measure] else {
                preconditionFailure("SQLCompilation.predicate(of:): unknown measure \(measure.measure); validate first")
            }
            let aggregate = try ActivityAggregate(measure: definition)
            let (value, type) = aggregateValue(aggregate)
            return predicate(measure.test, on: value, type: type, ignoreCase: measure.ignoreCase)
        case .activity(let activity):
            let (value, type) = aggregateValue(activity.aggregate)
            return predicate(activity.test, on: value, type: type, ignoreCase: activity.ignoreCase)
        case .segment(let segment):
            let members = compiler.name(layout.segmentMembersTable)
            let row = compiler.column("sm", layout.customerRowColumn)
            let name = compiler.column("sm", layout.segmentColumn)
            let customer = compiler.column(SQLCompiler.customerAlias, layout.customerRowColumn)
            let operation: SQLFragment = segment.isMember ? "IN" : "NOT IN"
            return "(\(customer) \(operation) (SELECT \(row) FROM \(members) AS sm WHERE \(name) = \(parameter: .text(segment.segment))))"
        case .subrule(let group):
            return try predicate(of: group)
        }
    }

    // MARK: - The query

    /// `WITH` the aggregates, `SELECT` the customer rows that pass `predicate`.
    func query(where predicate: SQLFragment) -> SQLFragment {
        let customerRow = compiler.column(SQLCompiler.customerAlias, layout.customerRowColumn)
        var sql: SQLFragment = ""
        if !aggregates.isEmpty {
            let definitions = aggregates.enumerated().map { index, aggregate -> SQLFragment in
                "\(compiler.name(aggregateName(index))) AS (\(aggregateSelect(aggregate)))"
            }
            sql = sql + "WITH " + SQLFragment.joined(definitions, separator: ", ") + " "
        }
        sql = sql + "SELECT \(customerRow) FROM \(compiler.name(layout.customersTable)) AS \(compiler.name(SQLCompiler.customerAlias))"
        for index in aggregates.indices {
            let alias = aggregateName(index)
            sql = sql + " LEFT JOIN \(compiler.name(alias)) ON \(compiler.column(alias, layout.customerRowColumn)) = \(customerRow)"
        }
        return sql + " WHERE \(predicate) ORDER BY \(customerRow)"
    }

    func aggregateName(_ index: Int) -> String { "aggregate_\(index)" }

    /// The index of `aggregate`'s CTE, adding it when new.
    mutating func aggregateIndex(_ aggregate: ActivityAggregate) -> Int {
        if let index = aggregateIndexes[aggregate] { return index }
        aggregates.append(aggregate)
        aggregateIndexes[aggregate] = aggregates.count - 1
        return aggregates.count - 1
    }
}
