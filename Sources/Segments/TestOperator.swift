/// The name of a value test, as written in JSON (`"operator": "not_in"`).
///
/// Which operators fit which column type is listed in `docs/segment-language.md`
/// and checked by validation.
public enum TestOperator: String, Codable, CaseIterable, Hashable, Sendable {
    case isEmpty = "is_empty"
    case isNotEmpty = "is_not_empty"
    case isTrue = "is_true"
    case isFalse = "is_false"
    case equals
    case notEquals = "not_equals"
    case lessThan = "less_than"
    case lessThanOrEqual = "less_than_or_equal"
    case greaterThan = "greater_than"
    case greaterThanOrEqual = "greater_than_or_equal"
    case between
    case isIn = "in"
    case notIn = "not_in"
    case contains
    case startsWith = "starts_with"
    case endsWith = "ends_with"
    case before
    case after
    case on
    case withinLast = "within_last"
    case notWithinLast = "not_within_last"
    case withinNext = "within_next"
    case monthIn = "month_in"
    case dayOfWeekIn = "day_of_week_in"
    case yearToDate = "year_to_date"
    case anniversaryWithinNext = "anniversary_within_next"

    /// How the operator reads in the text syntax (`not in`, `starts with`, `<=`).
    public var textForm: String {
        switch self {
        case .isEmpty: return "is empty"
        case .isNotEmpty: return "is not empty"
        case .isTrue: return "is true"
        case .isFalse: return "is false"
        case .equals: return "="
        case .notEquals: return "!="
        case .lessThan: return "<"
        case .lessThanOrEqual: return "<="
        case .greaterThan: return ">"
        case .greaterThanOrEqual: return ">="
        case .between: return "between"
        case .isIn: return "in"
        case .notIn: return "not in"
        case .contains: return "contains"
        case .startsWith: return "starts with"
        case .endsWith: return "ends with"
        case .before: return "before"
        case .after: return "after"
        case .on: return "on"
        case .withinLast: return "within last"
        case .notWithinLast: return "not within last"
        case .withinNext: return "within next"
        case .monthIn: return "month in"
        case .dayOfWeekIn: return "day of week in"
        case .yearToDate: return "within year to date"
        case .anniversaryWithinNext: return "anniversary within next"
        }
    }

    /// Whether `ignoring case` may follow the operator (text and category tests).
    public var acceptsIgnoreCase: Bool {
        switch self {
        case .equals, .notEquals, .isIn, .notIn, .contains, .startsWith, .endsWith: return true
        default: return false
        }
    }
}
