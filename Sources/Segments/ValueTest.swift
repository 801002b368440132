/// A test applied to one value of a customer: an attribute, a measure result or
/// an inline activity aggregate. The operands are typed by the case.
///
/// Every test except `isEmpty` is false on an empty value (see "Null semantics"
/// in `docs/segment-language.md`).
public enum ValueTest: Hashable, Sendable {
    case isEmpty
    case isNotEmpty
    case isTrue
    case isFalse
    case equals(Literal)
    case notEquals(Literal)
    case lessThan(Literal)
    case lessThanOrEqual(Literal)
    case greaterThan(Literal)
    case greaterThanOrEqual(Literal)
    /// Both bounds included.
    case between(Literal, Literal)
    case isIn([Literal])
    case notIn([Literal])
    case contains(String)
    case startsWith(String)
    case endsWith(String)
    case before(Literal)
    case after(Literal)
    /// The same calendar day (dates) or the calendar day in the workspace zone (datetimes).
    case on(Literal)
    case withinLast(RelativeDuration)
    case notWithinLast(RelativeDuration)
    case withinNext(RelativeDuration)
    case monthIn([Month])
    case dayOfWeekIn([Weekday])
    case yearToDate
    /// The value's month and day fall within today and the next `days` days.
    case anniversaryWithinNext(days: Int)

    /// The operator's name.
    public var testOperator: TestOperator {
        switch self {
        case .isEmpty: return .isEmpty
        case .isNotEmpty: return .isNotEmpty
        case .isTrue: return .isTrue
        case .isFalse: return .isFalse
        case .equals: return .equals
        case .notEquals: return .notEquals
        case .lessThan: return .lessThan
        case .lessThanOrEqual: return .lessThanOrEqual
        case .greaterThan: return .greaterThan
        case .greaterThanOrEqual: return .greaterThanOrEqual
        case .between: return .between
        case .isIn: return .isIn
        case .notIn: return .notIn
        case .contains: return .contains
        case .startsWith: return .startsWith
        case .endsWith: return .endsWith
        case .before: return .before
        case .after: return .after
        case .on: return .on
        case .withinLast: return .withinLast
        case .notWithinLast: return .notWithinLast
        case .withinNext: return .withinNext
        case .monthIn: return .monthIn
        case .dayOfWeekIn: return .dayOfWeekIn
        case .yearToDate: return .yearToDate
        case .anniversaryWithinNext: return .anniversaryWithinNext
        }
    }

    /// The literal operands, in order (empty for tests without literals).
    public var literals: [Literal] {
        switch self {
        case .equals(let value), .notEquals(let value), .lessThan(let value), .lessThanOrEqual(let value),
             .greaterThan(let value), .greaterThanOrEqual(let value), .before(let value), .after(let value),
             .on(let value):
            return [value]
        case .between(let low, let high): return [low, high]
        case .isIn(let values), .notIn(let values): return values
        case .contains(let text), .startsWith(let text), .endsWith(let text): return [.text(text)]
        default: return []
        }
    }
}
