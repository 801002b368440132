import CustomerData

// Value tests on one value (an attribute, an activity field, an aggregate).
// Every test but `is empty` is false on an empty value, so each compiles to
// `(v IS NOT NULL AND …)`: never NULL, and `!=` / `not in` do not match empty
// values, exactly as the language says.
extension SQLCompilation {
    /// The predicate of `test` on `value`, a column or expression of `type`.
    func predicate(_ test: ValueTest, on value: SQLFragment, type: ColumnType, ignoreCase: Bool) -> SQLFragment {
        switch test {
        case .isEmpty: return "(\(value) IS NULL)"
        case .isNotEmpty: return "(\(value) IS NOT NULL)"
        default: return "(\(value) IS NOT NULL AND \(comparison(test, on: value, type: type, ignoreCase: ignoreCase)))"
        }
    }

    /// The test on a value known not to be NULL.
    private func comparison(_ test: ValueTest, on value: SQLFragment, type: ColumnType, ignoreCase: Bool) -> SQLFragment {
        switch type {
        case .number: return numberComparison(test, on: value)
        case .text, .category:
            if ignoreCase {
                return textComparison(test, on: dialect.caseFolded(value, layout: layout), fold: { $0.lowercased() })
            }
            return textComparison(test, on: value, fold: { $0 })
        case .boolean:
            switch test {
            case .isTrue: return "\(value) = \(raw: dialect.booleanLiteral(true))"
            case .isFalse: return "\(value) = \(raw: dialect.booleanLiteral(false))"
            default: return unsupported(test, type)
            }
        case .date:
            if let ranges = compiler.time.dayRanges(for: test) {
                return rangePredicate(ranges, on: value)
            }
            return calendarComparison(test, onDay: value, type: type)
        case .datetime:
            if let ranges = compiler.time.instantRanges(for: test) {
                return rangePredicate(ranges, on: value)
            }
            return calendarComparison(test, onDay: dialect.localDay(ofInstant: value, layout: layout), type: type)
        }
    }

    private func numberComparison(_ test: ValueTest, on value: SQLFragment) -> SQLFragment {
        func number(_ literal: Literal) -> SQLFragment {
            guard case .number(let number) = literal else {
                preconditionFailure("SQLCompilation.numberComparison(_:on:): \(literal.text) is not a number; validate first")
            }
            return .parameter(.real(number))
        }
        switch test {
        case .equals(let literal): return "\(value) = \(number(literal))"
        case .notEquals(let literal): return "\(value) <> \(number(literal))"
        case .lessThan(let literal): return "\(value) < \(number(literal))"
        case .lessThanOrEqual(let literal): return "\(value) <= \(number(literal))"
        case .greaterThan(let literal): return "\(value) > \(number(literal))"
        case .greaterThanOrEqual(let literal): return "\(value) >= \(number(literal))"
        case .between(let low, let high): return "\(value) BETWEEN \(number(low)) AND \(number(high))"
        case .isIn(let literals): return "\(value) IN (\(SQLFragment.joined(literals.map(number), separator: ", ")))"
        case .notIn(let literals): return "\(value) NOT IN (\(SQLFragment.joined(literals.map(number), separator: ", ")))"
        default: return unsupported(test, .number)
        }
    }

    /// Text tests on `value` (already folded when ignoring case); `fold` applies the same to the operands.
    private func textComparison(_ test: ValueTest, on value: SQLFragment, fold: (String) -> String) -> SQLFragment {
        func text(_ literal: Literal) -> SQLFragment {
            guard case .text(let text) = literal else {
                preconditionFailure("SQLCompilation.textComparison(_:on:fold:): \(literal.text) is not a text; validate first")
            }
            return .parameter(.text(fold(text)))
        }
        switch test {
        case .equals(let literal): return "\(value) = \(text(literal))"
        case .notEquals(let literal): return "\(value) <> \(text(literal))"
        case .isIn(let literals): return "\(value) IN (\(SQLFragment.joined(literals.map(text), separator: ", ")))"
        case .notIn(let literals): return "\(value) NOT IN (\(SQLFragment.joined(literals.map(text), separator: ", ")))"
        case .contains(let needle): return dialect.contains(value, fold(needle))
        case .startsWith(let prefix): return dialect.startsWith(value, fold(prefix))
        case .endsWith(let suffix): return dialect.endsWith(value, fold(suffix))
        default: return unsupported(test, .text)
        }
    }

    /// Tests on the calendar parts of a day number.
    private func calendarComparison(_ test: ValueTest, onDay day: SQLFragment, type: ColumnType) -> SQLFragment {
        func list(_ values: [Int]) -> SQLFragment {
            SQLFragment.joined(values.map { .parameter(.integer(Int64($0))) }, separator: ", ")
        }
        switch test {
        case .monthIn(let months):
            return "\(dialect.month(ofDay: day)) IN (\(list(Set(months).map(\.rawValue).sorted())))"
        case .dayOfWeekIn(let weekdays):
            return "\(dialect.weekday(ofDay: day)) IN (\(list(Set(weekdays).map(\.rawValue).sorted())))"
        case .anniversaryWithinNext(let days):
            let monthDays = compiler.time.anniversaryMonthDays(withinNextDays: days).sorted()
            return "\(dialect.monthAndDay(ofDay: day)) IN (\(list(monthDays)))"
        default:
            return unsupported(test, type)
        }
    }

    /// Whether `value` lies in one of the inclusive ranges; `Int.min`/`Int.max`
    /// (or the `Int64` ones) are open ends.
    func rangePredicate<Bound: FixedWidthInteger>(_ ranges: [ClosedRange<Bound>], on value: SQLFragment) -> SQLFragment {
        if ranges.isEmpty { return "(1 = 0)" }
        let parts = ranges.map { range -> SQLFragment in
            let low: SQLFragment = .parameter(.integer(Int64(range.lowerBound)))
            let high: SQLFragment = .parameter(.integer(Int64(range.upperBound)))
            switch (range.lowerBound == Bound.min, range.upperBound == Bound.max) {
            case (true, true): return "(1 = 1)"
            case (true, false): return "\(value) <= \(high)"
            case (false, true): return "\(value) >= \(low)"
            case (false, false): return "\(value) BETWEEN \(low) AND \(high)"
            }
        }
        return parts.count == 1 ? parts[0] : "(" + SQLFragment.joined(parts, separator: " OR ") + ")"
    }

    private func unsupported(_ test: ValueTest, _ type: ColumnType) -> SQLFragment {
        preconditionFailure("SQLCompilation: \(test.testOperator.textForm) does not apply to \(type.rawValue); validate first")
    }
}
