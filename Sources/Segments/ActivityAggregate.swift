import CustomerData

/// A per-customer aggregate over activities: the body of a measure and of an
/// inline activity condition.
///
/// Text: `sum(amount of purchase, refund where channel = "web" within last 90 days)`.
/// A customer without a matching activity gets 0 from `count`, `distinct_count`
/// and `sum`, and an empty value from every other function.
public struct ActivityAggregate: Hashable, Sendable {
    /// The function: count, sum, avg, min, max, distinct_count, first, last,
    /// days_since_first, days_since_last.
    public var function: MeasureDefinition.Aggregate
    /// The aggregated activity field; `nil` for `count` and the `days_since_` functions.
    public var field: String?
    /// The activity types that count; empty means every type (`any` in text).
    public var activityTypes: [String]
    /// Field conditions an activity must pass, all of them (joined by `and`).
    public var conditions: [FieldCondition]
    public var window: ActivityWindow

    public init(
        function: MeasureDefinition.Aggregate,
        field: String? = nil,
        activityTypes: [String] = [],
        conditions: [FieldCondition] = [],
        window: ActivityWindow = .allTime
    ) {
        self.function = function
        self.field = field
        self.activityTypes = activityTypes
        self.conditions = conditions
        self.window = window
    }

    /// The aggregate a named measure from `audience.json` computes, so that the
    /// engines treat measures and inline aggregates alike.
    ///
    /// - Throws: `SegmentSyntaxError` when a field condition or the window does not parse;
    ///   the message names the measure.
    public init(measure: MeasureDefinition) throws(SegmentSyntaxError) {
        var conditions: [FieldCondition] = []
        for (index, text) in measure.conditions.enumerated() {
            do {
                conditions.append(try SegmentParser.parseFieldCondition(text))
            } catch {
                throw error.inContext("measure \"\(measure.name)\": conditions[\(index)]")
            }
        }
        let window: ActivityWindow
        do {
            window = try ActivityWindow(measure.window)
        } catch {
            throw error.inContext("measure \"\(measure.name)\": window")
        }
        self.init(
            function: measure.aggregate, field: measure.field, activityTypes: measure.activityTypes,
            conditions: conditions, window: window)
    }

    /// Whether the function takes a field (`sum(amount of purchase)`).
    public static func takesField(_ function: MeasureDefinition.Aggregate) -> Bool {
        switch function {
        case .count, .daysSinceFirst, .daysSinceLast: return false
        case .sum, .avg, .min, .max, .distinctCount, .first, .last: return true
        }
    }

    /// Whether a customer without matching activities gets 0 rather than an empty value.
    public var isZeroWhenNoActivity: Bool {
        switch function {
        case .count, .distinctCount, .sum: return true
        default: return false
        }
    }
}
