import CustomerData
import Segments

/// How a per-customer feature is written in the segment language: a customer
/// attribute, or an inline activity aggregate (which re-evaluates on refresh).
public enum FeatureExpression: Hashable, Sendable {
    /// A customer attribute of the given type.
    case attribute(String, ColumnType)
    /// An inline activity aggregate with a number result (`count(purchase within last 365 days)`).
    case aggregate(ActivityAggregate)

    /// A test on the feature as a condition.
    func condition(_ test: ValueTest) -> Condition {
        switch self {
        case .attribute(let name, _): return .attribute(FieldCondition(field: name, test: test))
        case .aggregate(let aggregate): return .activity(ActivityCondition(aggregate: aggregate, test: test))
        }
    }

    /// Whether values are days since 1970-01-01 to be written as dates.
    var isDate: Bool {
        if case .attribute(_, .date) = self { return true }
        return false
    }

    /// The display name: the attribute, or the aggregate's text.
    var displayName: String {
        switch self {
        case .attribute(let name, _): return name
        case .aggregate(let aggregate):
            // The condition text minus its test: "count(purchase) >= 0" → "count(purchase)".
            let text = Condition.activity(ActivityCondition(aggregate: aggregate, test: .isNotEmpty)).text
            return text.hasSuffix(" is not empty") ? String(text.dropLast(" is not empty".count)) : text
        }
    }
}
