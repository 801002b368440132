import CustomerData

// Activity aggregates: one grouped CTE per distinct aggregate, one row per
// customer with at least one matching activity; customers without one get
// NULL from the LEFT JOIN, read as 0 by count, distinct_count and sum.
extension SQLCompilation {
    /// The expression of an aggregate's value for customer `c`, and its type.
    mutating func aggregateValue(_ aggregate: ActivityAggregate) -> (SQLFragment, ColumnType) {
        guard let type = catalog.resultType(of: aggregate) else {
            preconditionFailure("SQLCompilation.aggregateValue(_:): unknown field of \(aggregate.function); validate first")
        }
        let value = compiler.column(aggregateName(aggregateIndex(aggregate)), "value")
        switch aggregate.function {
        case .count, .distinctCount, .sum:
            return ("COALESCE(\(value), 0)", type)
        case .avg, .min, .max, .first, .last:
            return (value, type)
        case .daysSinceFirst, .daysSinceLast:
            let today = Int64(compiler.time.today.daysSinceEpoch)
            return ("(\(parameter: .integer(today)) - \(dialect.localDay(ofInstant: value, layout: layout)))", type)
        }
    }

    /// The `SELECT` of an aggregate's CTE: `customer_row` and `value`.
    func aggregateSelect(_ aggregate: ActivityAggregate) -> SQLFragment {
        let a = SQLCompiler.activityAlias
        let customer = compiler.column(a, layout.customerRowColumn)
        let activities = "\(compiler.name(layout.activitiesTable)) AS \(compiler.name(a))" as SQLFragment
        let filter = activityFilter(aggregate)
        let rowName = compiler.name(layout.customerRowColumn)
        func grouped(_ value: SQLFragment) -> SQLFragment {
            "SELECT \(customer) AS \(rowName), \(value) AS \(compiler.name("value")) FROM \(activities) WHERE \(filter) GROUP BY \(customer)"
        }
        let field = aggregate.field.map { compiler.column(a, $0) }
        let timestamp = compiler.column(a, layout.activityTimestampColumn)
        switch aggregate.function {
        case .count: return grouped("COUNT(*)")
        case .sum: return grouped(dialect.sumOrZero(required(field)))
        case .avg: return grouped("AVG(\(required(field)))")
        case .min: return grouped("MIN(\(required(field)))")
        case .max: return grouped("MAX(\(required(field)))")
        case .distinctCount: return grouped("COUNT(DISTINCT \(required(field)))")
        case .daysSinceFirst: return grouped("MIN(\(timestamp))")
        case .daysSinceLast: return grouped("MAX(\(timestamp))")
        case .first, .last:
            // The field's value on the earliest (latest) matching activity;
            // among equal timestamps the earlier activity row (file order)
            // wins for both, as in the in-process engine.
            let direction: SQLFragment = aggregate.function == .first ? "ASC" : "DESC"
            let order = "\(timestamp) \(direction), \(compiler.column(a, layout.activityRowColumn)) ASC" as SQLFragment
            let position = compiler.name("position")
            let ranked: SQLFragment = "SELECT \(customer) AS \(rowName), \(required(field)) AS \(compiler.name("value")), "
                + "ROW_NUMBER() OVER (PARTITION BY \(customer) ORDER BY \(order)) AS \(position) "
                + "FROM \(activities) WHERE \(filter)"
            return "SELECT \(rowName), \(compiler.name("value")) FROM (\(ranked)) AS \(compiler.name("ranked")) WHERE \(position) = 1"
        }
    }

    private func required(_ field: SQLFragment?) -> SQLFragment {
        guard let field else { preconditionFailure("SQLCompilation.aggregateSelect(_:): the function needs a field; validate first") }
        return field
    }

    /// The activities that count: of the types, in the window, passing every field condition.
    func activityFilter(_ aggregate: ActivityAggregate) -> SQLFragment {
        let a = SQLCompiler.activityAlias
        var parts: [SQLFragment] = []
        var types: [String] = []
        for type in aggregate.activityTypes where !types.contains(type) { types.append(type) }
        if !types.isEmpty {
            let values = SQLFragment.joined(types.map { .parameter(.text($0)) }, separator: ", ")
            parts.append("\(compiler.column(a, layout.activityTypeColumn)) IN (\(values))")
        }
        let timestamp = compiler.column(a, layout.activityTimestampColumn)
        parts.append(rangePredicate(compiler.time.instantRanges(for: aggregate.window), on: timestamp))
        for condition in aggregate.conditions {
            guard let type = catalog.activityFields[condition.field] else {
                preconditionFailure("SQLCompilation.activityFilter(_:): unknown field \(condition.field); validate first")
            }
            parts.append(predicate(condition.test, on: compiler.column(a, condition.field), type: type,
                                   ignoreCase: condition.ignoreCase))
        }
        return SQLFragment.joined(parts, separator: " AND ")
    }
}
