import CustomerData

// Conditions on one column, columnar: each test resolves its operands once
// (literals to the column's encoding, date tests to ranges, text tests to a
// table over a category's dictionary) and then makes one pass over the column
// with a loop specialised for that operator and type. Empty values match only
// `is empty` (see "Null semantics" in docs/segment-language.md).
extension ValueColumn {
    /// The rows for which `test` holds.
    ///
    /// Precondition: the test was validated for the column's type.
    /// - Complexity: O(count), one pass; text tests with `ignoring case` lowercase each value.
    func matching(_ test: ValueTest, ignoreCase: Bool, time: TimeContext) -> Bitset {
        switch storage {
        case .number(let values): return ValueColumn.matchNumbers(values, test)
        case .boolean(let values): return ValueColumn.matchBooleans(values, test)
        case .date(let values): return ValueColumn.matchDates(values, test, time: time)
        case .datetime(let values): return ValueColumn.matchDatetimes(values, test, time: time)
        case .category(let codes, let dictionary):
            return ValueColumn.matchCategories(codes, dictionary, test, ignoreCase: ignoreCase)
        case .text(let table): return ValueColumn.matchTexts(table, test, ignoreCase: ignoreCase)
        }
    }

    // MARK: - Numbers

    static func matchNumbers(_ values: UnsafeBufferPointer<Double>, _ test: ValueTest) -> Bitset {
        let count = values.count
        func number(_ literal: Literal) -> Double {
            guard case .number(let value) = literal else {
                preconditionFailure("ValueColumn.matching: \(literal.text) is not a number; validate first")
            }
            return value
        }
        switch test {
        case .isEmpty: return .build(capacity: count) { values[$0].isNaN }
        case .isNotEmpty: return .build(capacity: count) { !values[$0].isNaN }
        case .equals(let literal):
            let x = number(literal)
            return .build(capacity: count) { values[$0] == x }
        case .notEquals(let literal):
            let x = number(literal)
            return .build(capacity: count) { let v = values[$0]; return v == v && v != x }
        case .lessThan(let literal):
            let x = number(literal)
            return .build(capacity: count) { values[$0] < x }
        case .lessThanOrEqual(let literal):
            let x = number(literal)
            return .build(capacity: count) { values[$0] <= x }
        case .greaterThan(let literal):
            let x = number(literal)
            return .build(capacity: count) { values[$0] > x }
        case .greaterThanOrEqual(let literal):
            let x = number(literal)
            return .build(capacity: count) { values[$0] >= x }
        case .between(let low, let high):
            let (lo, hi) = (number(low), number(high))
            return .build(capacity: count) { let v = values[$0]; return v >= lo && v <= hi }
        case .isIn(let literals), .notIn(let literals):
            let sorted = literals.map(number).sorted()
            let wanted = test.testOperator == .isIn
            return sorted.withUnsafeBufferPointer { sorted in
                Bitset.build(capacity: count) { row in
                    let v = values[row]
                    return v == v && ValueColumn.sortedContains(sorted, v) == wanted
                }
            }
        default:
            preconditionFailure("ValueColumn.matching: \(test.testOperator.textForm) does not apply to numbers")
        }
    }

    @inline(__always)
    static func sortedContains(_ sorted: UnsafeBufferPointer<Double>, _ value: Double) -> Bool {
        var low = 0
        var high = sorted.count
        while low < high {
            let middle = (low + high) >> 1
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low < sorted.count && sorted[low] == value
    }

    // MARK: - Booleans

    static func matchBooleans(_ values: UnsafeBufferPointer<UInt8>, _ test: ValueTest) -> Bitset {
        let count = values.count
        let wanted: UInt8
        switch test {
        case .isTrue: wanted = 1
        case .isFalse: wanted = 0
        case .isEmpty: wanted = MissingValue.boolean
        case .isNotEmpty: return .build(capacity: count) { values[$0] != MissingValue.boolean }
        default:
            preconditionFailure("ValueColumn.matching: \(test.testOperator.textForm) does not apply to booleans")
        }
        return .build(capacity: count) { values[$0] == wanted }
    }

    // MARK: - Dates and datetimes

    static func matchDates(_ values: UnsafeBufferPointer<Int32>, _ test: ValueTest, time: TimeContext) -> Bitset {
        let count = values.count
        let missing = MissingValue.date
        switch test {
        case .isEmpty: return .build(capacity: count) { values[$0] == missing }
        case .isNotEmpty: return .build(capacity: count) { values[$0] != missing }
        case .monthIn, .dayOfWeekIn, .anniversaryWithinNext:
            return matchCalendar(count: count, test, time: time) { row in
                let value = values[row]
                return value == missing ? nil : Int(value)
            }
        default:
            guard let ranges = time.dayRanges(for: test) else {
                preconditionFailure("ValueColumn.matching: \(test.testOperator.textForm) does not apply to dates")
            }
            return matchRanges(values, missing: missing, ranges: ranges.map { Int64($0.lowerBound)...Int64($0.upperBound) })
        }
    }

    static func matchDatetimes(_ values: UnsafeBufferPointer<Int64>, _ test: ValueTest, time: TimeContext) -> Bitset {
        let count = values.count
        let missing = MissingValue.datetime
        switch test {
        case .isEmpty: return .build(capacity: count) { values[$0] == missing }
        case .isNotEmpty: return .build(capacity: count) { values[$0] != missing }
        case .monthIn, .dayOfWeekIn, .anniversaryWithinNext:
            var low = Int64.max
            var high = Int64.min
            for value in values where value != missing {
                low = min(low, value)
                high = max(high, value)
            }
            guard low <= high else { return Bitset(capacity: count) }
            let days = ZoneDays(time: time, range: low...high)
            return matchCalendar(count: count, test, time: time) { row in
                let value = values[row]
                return value == missing ? nil : days.day(atMilliseconds: value)
            }
        default:
            guard let ranges = time.instantRanges(for: test) else {
                preconditionFailure("ValueColumn.matching: \(test.testOperator.textForm) does not apply to datetimes")
            }
            return matchRanges(values, missing: missing, ranges: ranges)
        }
    }

    /// Rows whose value lies in one of `ranges` (inclusive); `missing` never matches.
    static func matchRanges<T: FixedWidthInteger>(
        _ values: UnsafeBufferPointer<T>, missing: T, ranges: [ClosedRange<Int64>]
    ) -> Bitset {
        let count = values.count
        // Clamp to the type, above the missing sentinel (the type's minimum).
        let bounds: [(T, T)] = ranges.compactMap { range in
            let low = max(range.lowerBound, Int64(missing) + 1)
            let high = min(range.upperBound, Int64(T.max))
            return low <= high ? (T(low), T(high)) : nil
        }
        switch bounds.count {
        case 0:
            return Bitset(capacity: count)
        case 1:
            let (low, high) = bounds[0]
            return .build(capacity: count) { let v = values[$0]; return v >= low && v <= high }
        case 2:
            let (low0, high0) = bounds[0]
            let (low1, high1) = bounds[1]
            return .build(capacity: count) { row in
                let v = values[row]
                return (v >= low0 && v <= high0) || (v >= low1 && v <= high1)
            }
        default:
            return .build(capacity: count) { row in
                let v = values[row]
                return bounds.contains { v >= $0.0 && v <= $0.1 }
            }
        }
    }

    /// `month in`, `day of week in` and `anniversary within next` on calendar
    /// days; `day(row)` is `nil` for an empty value.
    static func matchCalendar(
        count: Int, _ test: ValueTest, time: TimeContext, day: (Int) -> Int?
    ) -> Bitset {
        switch test {
        case .monthIn(let months):
            var wanted = [Bool](repeating: false, count: 13)
            for month in months { wanted[month.rawValue] = true }
            return .build(capacity: count) { row in
                guard let day = day(row) else { return false }
                return wanted[CalendarDate(daysSinceEpoch: day).components.month]
            }
        case .dayOfWeekIn(let weekdays):
            // Index by days since 1970-01-01 modulo 7; that day was a Thursday.
            var wanted = [Bool](repeating: false, count: 7)
            for weekday in weekdays { wanted[(weekday.rawValue - 1 + 4) % 7] = true }
            return .build(capacity: count) { row in
                guard let day = day(row) else { return false }
                return wanted[((day % 7) + 7) % 7]
            }
        case .anniversaryWithinNext(let days):
            var wanted = [Bool](repeating: false, count: 1232)
            for monthDay in time.anniversaryMonthDays(withinNextDays: days) { wanted[monthDay] = true }
            return .build(capacity: count) { row in
                guard let day = day(row) else { return false }
                let (_, month, dayOfMonth) = CalendarDate(daysSinceEpoch: day).components
                return wanted[month * 100 + dayOfMonth]
            }
        default:
            preconditionFailure("ValueColumn.matchCalendar: \(test.testOperator.textForm) is not a calendar test")
        }
    }

    // MARK: - Categories and texts

    static func matchCategories(
        _ codes: UnsafeBufferPointer<UInt32>, _ dictionary: TextTable, _ test: ValueTest, ignoreCase: Bool
    ) -> Bitset {
        let count = codes.count
        let missing = MissingValue.category
        switch test {
        case .isEmpty: return .build(capacity: count) { codes[$0] == missing }
        case .isNotEmpty: return .build(capacity: count) { codes[$0] != missing }
        default:
            let table = categoryTable(dictionary, test, ignoreCase: ignoreCase)
            return table.withUnsafeBufferPointer { table in
                Bitset.build(capacity: count) { row in
                    let code = codes[row]
                    return code != missing && table[Int(code)]
                }
            }
        }
    }

    /// Whether each dictionary entry passes `test`, plus a last entry for the
    /// empty value: look a code up as `table[min(code, dictionary.count)]`.
    static func categoryTable(_ dictionary: TextTable, _ test: ValueTest, ignoreCase: Bool) -> [Bool] {
        switch test {
        case .isEmpty: return [Bool](repeating: false, count: dictionary.count) + [true]
        case .isNotEmpty: return [Bool](repeating: true, count: dictionary.count) + [false]
        default:
            let predicate = TextPredicate(test, ignoreCase: ignoreCase)
            return (0..<dictionary.count).map { predicate.matches(dictionary.bytes(at: $0)) } + [false]
        }
    }

    static func matchTexts(_ table: TextTable, _ test: ValueTest, ignoreCase: Bool) -> Bitset {
        let count = table.count
        let offsets = table.offsets
        switch test {
        case .isEmpty: return .build(capacity: count) { offsets[$0] == offsets[$0 + 1] }
        case .isNotEmpty: return .build(capacity: count) { offsets[$0] != offsets[$0 + 1] }
        default:
            let predicate = TextPredicate(test, ignoreCase: ignoreCase)
            return .build(capacity: count) { row in
                let bytes = table.bytes(at: row)
                return bytes.count > 0 && predicate.matches(bytes)
            }
        }
    }
}
