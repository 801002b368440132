import CustomerData

/// A field condition compiled to test one activity's value at a time, with the
/// columnar evaluator's semantics (`ValueColumn.matching`): the same operand
/// resolution, date ranges in the workspace zone, text predicates, and empty
/// values that match only `is empty`.
///
/// Values come as the snapshot stores them: numbers as they are, booleans as
/// 1 or 0, dates as days since 1970-01-01, datetimes as milliseconds since the
/// epoch (all NaN when empty); categories and texts as their bytes (empty when
/// missing).
struct ActivityCellTest {
    private enum Compiled {
        case number(ValueTest)
        case boolean(ValueTest)
        /// Inclusive ranges of days or instants; an empty list matches nothing.
        case ranges([ClosedRange<Int64>])
        /// `month in`, `day of week in`, `anniversary within next` on the value's calendar day.
        case calendar(ValueTest, isDatetime: Bool)
        case isEmpty
        case isNotEmpty
        case text(TextPredicate)
    }

    /// The field's type.
    let type: ColumnType
    private let compiled: Compiled
    private let time: TimeContext

    /// Compiles `condition` for values of a field of type `type`.
    ///
    /// Precondition: the test was validated for the type (as the engine requires).
    init(_ condition: FieldCondition, type: ColumnType, time: TimeContext) {
        self.type = type
        self.time = time
        let test = condition.test
        switch (type, test) {
        case (_, .isEmpty): compiled = .isEmpty
        case (_, .isNotEmpty): compiled = .isNotEmpty
        case (.number, _): compiled = .number(test)
        case (.boolean, _): compiled = .boolean(test)
        case (.date, .monthIn), (.date, .dayOfWeekIn), (.date, .anniversaryWithinNext):
            compiled = .calendar(test, isDatetime: false)
        case (.datetime, .monthIn), (.datetime, .dayOfWeekIn), (.datetime, .anniversaryWithinNext):
            compiled = .calendar(test, isDatetime: true)
        case (.date, _):
            guard let ranges = time.dayRanges(for: test) else {
                preconditionFailure("ActivityCellTest.init: \(test.testOperator.textForm) does not apply to dates")
            }
            compiled = .ranges(ranges.map { Int64($0.lowerBound)...Int64($0.upperBound) })
        case (.datetime, _):
            guard let ranges = time.instantRanges(for: test) else {
                preconditionFailure("ActivityCellTest.init: \(test.testOperator.textForm) does not apply to datetimes")
            }
            compiled = .ranges(ranges)
        case (.category, _), (.text, _):
            compiled = .text(TextPredicate(test, ignoreCase: condition.ignoreCase))
        }
    }

    /// Whether a number, boolean, date or datetime value (NaN: empty) passes.
    func matches(_ value: Double) -> Bool {
        switch compiled {
        case .isEmpty: return value.isNaN
        case .isNotEmpty: return !value.isNaN
        case .number(let test): return Self.matches(number: value, test)
        case .boolean(let test):
            switch test {
            case .isTrue: return value == 1
            case .isFalse: return value == 0
            default: preconditionFailure("ActivityCellTest.matches: \(test.testOperator.textForm) does not apply to booleans")
            }
        case .ranges(let ranges):
            guard !value.isNaN else { return false }
            let v = Int64(value)
            return ranges.contains { $0.contains(v) }
        case .calendar(let test, let isDatetime):
            guard !value.isNaN else { return false }
            let day = isDatetime ? time.calendarDate(atMilliseconds: Int64(value)).daysSinceEpoch : Int(value)
            return ValueColumn.matchCalendar(count: 1, test, time: time) { _ in day }.contains(0)
        case .text:
            preconditionFailure("ActivityCellTest.matches: a \(type.rawValue) field is tested by its bytes")
        }
    }

    /// Whether a category or text value (empty: missing) passes.
    func matches(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch compiled {
        case .isEmpty: return bytes.isEmpty
        case .isNotEmpty: return !bytes.isEmpty
        case .text(let predicate): return !bytes.isEmpty && predicate.matches(bytes)
        default:
            preconditionFailure("ActivityCellTest.matches(bytes:): a \(type.rawValue) field is tested by its value")
        }
    }

    /// `ValueColumn.matchNumbers` for one value.
    private static func matches(number v: Double, _ test: ValueTest) -> Bool {
        func number(_ literal: Literal) -> Double {
            guard case .number(let value) = literal else {
                preconditionFailure("ActivityCellTest.matches: \(literal.text) is not a number; validate first")
            }
            return value
        }
        switch test {
        case .equals(let literal): return v == number(literal)
        case .notEquals(let literal): return v == v && v != number(literal)
        case .lessThan(let literal): return v < number(literal)
        case .lessThanOrEqual(let literal): return v <= number(literal)
        case .greaterThan(let literal): return v > number(literal)
        case .greaterThanOrEqual(let literal): return v >= number(literal)
        case .between(let low, let high): return v >= number(low) && v <= number(high)
        case .isIn(let literals): return v == v && literals.contains { number($0) == v }
        case .notIn(let literals): return v == v && !literals.contains { number($0) == v }
        default:
            preconditionFailure("ActivityCellTest.matches: \(test.testOperator.textForm) does not apply to numbers")
        }
    }
}
