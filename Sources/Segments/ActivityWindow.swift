import CustomerData

/// The time window of an activity aggregate. Every window ends at `asOf`:
/// activities after it never count.
///
/// Text (inside the aggregate's parentheses): nothing (all time),
/// `within last 90 days`, `from 2024-01-01 to 2024-03-31`, `within year to date`.
/// JSON: `{"kind": "all_time"}`, `{"kind": "last", "amount": 90, "unit": "days"}`,
/// `{"kind": "between", "from": "2024-01-01", "to": "2024-03-31"}`, `{"kind": "year_to_date"}`.
///
/// `MeasureDefinition.Window` is not reused as the model type because it is not
/// `Hashable`, has only day units and keeps its dates as unchecked strings;
/// `init(_:)` converts it.
public enum ActivityWindow: Hashable, Sendable {
    case allTime
    case last(RelativeDuration)
    /// Both days included.
    case between(CalendarDate, CalendarDate)
    case yearToDate

    /// Converts a measure's window from `audience.json`.
    ///
    /// - Throws: a message naming the bad date when a `between` bound is not `yyyy-MM-dd`.
    public init(_ window: MeasureDefinition.Window) throws(SegmentSyntaxError) {
        switch window {
        case .allTime: self = .allTime
        case .yearToDate: self = .yearToDate
        case .lastDays(let days): self = .last(RelativeDuration(days, .days))
        case .between(let from, let to):
            guard let low = CalendarDate(iso: from) else {
                throw SegmentSyntaxError(message: "window start \"\(from)\" is not a date (yyyy-MM-dd)")
            }
            guard let high = CalendarDate(iso: to) else {
                throw SegmentSyntaxError(message: "window end \"\(to)\" is not a date (yyyy-MM-dd)")
            }
            self = .between(low, high)
        }
    }
}
