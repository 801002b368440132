// The JSON form of a test: an `"operator"` member plus the operands the
// operator takes, flattened into the enclosing condition object.
extension ValueTest {
    /// Reads the operator and its operands from a condition object.
    init(from container: KeyedDecodingContainer<JSONKey>) throws {
        let op = try container.decodeName(TestOperator.self, forKey: .operatorName, what: "operator")
        func value() throws -> Literal { try container.decode(Literal.self, forKey: .value) }
        func text() throws -> String { try container.decode(String.self, forKey: .value) }
        func duration() throws -> RelativeDuration {
            RelativeDuration(
                try container.decode(Int.self, forKey: .amount),
                try container.decodeName(DurationUnit.self, forKey: .unit, what: "unit"))
        }
        switch op {
        case .isEmpty: self = .isEmpty
        case .isNotEmpty: self = .isNotEmpty
        case .isTrue: self = .isTrue
        case .isFalse: self = .isFalse
        case .equals: self = .equals(try value())
        case .notEquals: self = .notEquals(try value())
        case .lessThan: self = .lessThan(try value())
        case .lessThanOrEqual: self = .lessThanOrEqual(try value())
        case .greaterThan: self = .greaterThan(try value())
        case .greaterThanOrEqual: self = .greaterThanOrEqual(try value())
        case .between:
            self = .between(
                try container.decode(Literal.self, forKey: .from), try container.decode(Literal.self, forKey: .to))
        case .isIn: self = .isIn(try container.decode([Literal].self, forKey: .values))
        case .notIn: self = .notIn(try container.decode([Literal].self, forKey: .values))
        case .contains: self = .contains(try text())
        case .startsWith: self = .startsWith(try text())
        case .endsWith: self = .endsWith(try text())
        case .before: self = .before(try value())
        case .after: self = .after(try value())
        case .on: self = .on(try value())
        case .withinLast: self = .withinLast(try duration())
        case .notWithinLast: self = .notWithinLast(try duration())
        case .withinNext: self = .withinNext(try duration())
        case .monthIn: self = .monthIn(try container.decode([Month].self, forKey: .months))
        case .dayOfWeekIn: self = .dayOfWeekIn(try container.decode([Weekday].self, forKey: .weekdays))
        case .yearToDate: self = .yearToDate
        case .anniversaryWithinNext: self = .anniversaryWithinNext(days: try container.decode(Int.self, forKey: .days))
        }
    }

    /// Writes the operator and its operands into a condition object.
    func encode(to container: inout KeyedEncodingContainer<JSONKey>) throws {
        try container.encode(testOperator.rawValue, forKey: .operatorName)
        switch self {
        case .isEmpty, .isNotEmpty, .isTrue, .isFalse, .yearToDate:
            break
        case .equals(let value), .notEquals(let value), .lessThan(let value), .lessThanOrEqual(let value),
             .greaterThan(let value), .greaterThanOrEqual(let value), .before(let value), .after(let value),
             .on(let value):
            try container.encode(value, forKey: .value)
        case .between(let low, let high):
            try container.encode(low, forKey: .from)
            try container.encode(high, forKey: .to)
        case .isIn(let values), .notIn(let values):
            try container.encode(values, forKey: .values)
        case .contains(let text), .startsWith(let text), .endsWith(let text):
            try container.encode(text, forKey: .value)
        case .withinLast(let duration), .notWithinLast(let duration), .withinNext(let duration):
            try container.encode(duration.amount, forKey: .amount)
            try container.encode(duration.unit, forKey: .unit)
        case .monthIn(let months):
            try container.encode(months, forKey: .months)
        case .dayOfWeekIn(let weekdays):
            try container.encode(weekdays, forKey: .weekdays)
        case .anniversaryWithinNext(let days):
            try container.encode(days, forKey: .days)
        }
    }
}
