import CustomerData

extension MeasureStream {
    /// Adds one activity to a customer's totals (``slotsPerCustomer`` doubles, started as ``initialSlots``).
    ///
    /// - Complexity: O(measures × their conditions).
    public func add(_ row: Row, to slots: UnsafeMutablePointer<Double>) {
        guard !row.type.isEmpty else { return }
        let time = Double(row.milliseconds)
        let typeCount = typeRanges.count
        let t = typeIndex(of: row.type)
        plans.withUnsafeBufferPointer { plans in
            accepts.withUnsafeBufferPointer { accepts in
                for p in plans.indices {
                    let plan = plans[p]
                    if row.milliseconds < plan.low || row.milliseconds > plan.high { continue }
                    if !plan.everyType && (t < 0 || !accepts[p * typeCount + t]) { continue }
                    if plan.hasConditions && !passes(conditions[p], row) { continue }
                    accumulate(plan, row: row, time: time, into: slots)
                }
            }
        }
    }

    /// The index of an activity type among the types the measures name, or −1.
    private func typeIndex(of type: UnsafeBufferPointer<UInt8>) -> Int {
        typeBytes.withUnsafeBufferPointer { bytes in
            for (t, range) in typeRanges.enumerated()
            where range.count == type.count && UnsafeBufferPointer(rebasing: bytes[range]).elementsEqual(type) {
                return t
            }
            return -1
        }
    }

    /// Whether an activity meets every condition.
    private func passes(_ conditions: [(field: Int, test: ActivityCellTest)], _ row: Row) -> Bool {
        for (field, test) in conditions {
            let ok = test.type == .category || test.type == .text
                ? test.matches(bytes: row.texts[field]) : test.matches(row.values[field])
            if !ok { return false }
        }
        return true
    }

    /// Adds a counted activity to one measure's slots.
    @inline(__always)
    private func accumulate(_ plan: Plan, row: Row, time: Double, into slots: UnsafeMutablePointer<Double>) {
        let s = slots + plan.slot
        let value = plan.field >= 0 ? row.values[plan.field] : .nan
        switch plan.function {
        case .count:
            s[0] += 1
        case .sum:
            if !value.isNaN { s[0] += value }
        case .avg:
            if !value.isNaN {
                s[0] += value
                s[1] += 1
            }
        case .min:
            if !value.isNaN && !(value >= s[0]) { s[0] = value }
        case .max:
            if !value.isNaN && !(value <= s[0]) { s[0] = value }
        case .first:
            if time < s[0] {
                s[0] = time
                s[1] = value
            }
        case .last:
            if time > s[0] {
                s[0] = time
                s[1] = value
            }
        case .daysSinceFirst:
            if time < s[0] { s[0] = time }
        case .daysSinceLast:
            if time > s[0] { s[0] = time }
        case .distinctCount:
            preconditionFailure("MeasureStream.add(_:to:): distinct_count is not streamed")
        }
    }

    /// Each measure's value from a customer's totals, in ``names`` order, as `SegmentEvaluator.measureValues(_:)`
    /// gives it: numbers as they are, dates in days since 1970-01-01, datetimes in days since the epoch
    /// (milliseconds / 86 400 000); NaN where empty.
    public func values(of slots: UnsafePointer<Double>) -> [Double] {
        plans.indices.map { value($0, of: slots) }
    }

    /// Measure `measure`'s value (an index of ``names``) from a customer's totals, as ``values(of:)`` gives it.
    public func value(_ measure: Int, of slots: UnsafePointer<Double>) -> Double {
        let plan = plans.withUnsafeBufferPointer { $0[measure] }
        let s = slots + plan.slot
        switch plan.function {
        case .count, .sum:
            return s[0]
        case .avg:
            return s[1] > 0 ? s[0] / s[1] : .nan
        case .min, .max, .first, .last:
            let value = plan.function == .first || plan.function == .last ? s[1] : s[0]
            return plan.fieldType == .datetime && !value.isNaN ? value / 86_400_000 : value
        case .daysSinceFirst, .daysSinceLast:
            guard s[0].isFinite else { return .nan }
            return Double(time.today.daysSinceEpoch - time.calendarDate(atMilliseconds: Int64(s[0])).daysSinceEpoch)
        case .distinctCount:
            preconditionFailure("MeasureStream.value(_:of:): distinct_count is not streamed")
        }
    }
}
