import CustomerData

// Turning a filter's running totals into an aggregate's value column.
extension ActivityScan {
    /// The values of `aggregate` for every customer, from its filter's totals.
    ///
    /// Without a matching activity: `count`, `distinct_count` and `sum` are 0,
    /// every other function is empty (docs/segment-language.md).
    func column(of aggregate: ActivityAggregate, _ totals: FilterTotals) throws -> ValueColumn {
        let customers = snapshot.customers.rowCount
        let field = aggregate.field ?? ""
        switch aggregate.function {
        case .count:
            return .numbers(totals.count!)
        case .sum:
            return .numbers(totals.sums[field]!)
        case .avg:
            let sums = totals.sums[field]!.buffer
            let counts = totals.counts[field]!.buffer
            return .numbers(derived(customers) { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : .nan })
        case .min:
            return try extreme(totals.minimums[field]!, field: field)
        case .max:
            return try extreme(totals.maximums[field]!, field: field)
        case .distinctCount:
            return .numbers(totals.distinctCounts[field]!)
        case .first:
            return try gather(field, rows: totals.firstRow!)
        case .last:
            return try gather(field, rows: totals.lastRow!)
        case .daysSinceFirst:
            return .numbers(daysSince(totals.firstRow!))
        case .daysSinceLast:
            return .numbers(daysSince(totals.lastRow!))
        }
    }

    private func derived(_ count: Int, _ value: (Int) -> Double) -> OwnedBuffer<Double> {
        let buffer = OwnedBuffer<Double>(count: count, repeating: 0, pool: pool)
        for row in 0..<count { buffer.pointer[row] = value(row) }
        return buffer
    }

    /// A min or max kept as doubles, back in the field's type.
    private func extreme(_ values: OwnedBuffer<Double>, field: String) throws -> ValueColumn {
        let customers = values.count
        switch try activityColumn(field).type {
        case .date:
            let dates = OwnedBuffer<Int32>(count: customers, repeating: MissingValue.date, pool: pool)
            for row in 0..<customers where !values.pointer[row].isNaN { dates.pointer[row] = Int32(values.pointer[row]) }
            return ValueColumn(.date(dates.buffer), count: customers, owners: [dates])
        case .datetime:
            let instants = OwnedBuffer<Int64>(count: customers, repeating: MissingValue.datetime, pool: pool)
            for row in 0..<customers where !values.pointer[row].isNaN {
                instants.pointer[row] = Int64(values.pointer[row])
            }
            return ValueColumn(.datetime(instants.buffer), count: customers, owners: [instants])
        default:
            return .numbers(values)
        }
    }

    /// The field of the chosen activity of each customer (`UInt32.max`: none, so empty).
    private func gather(_ field: String, rows: OwnedBuffer<UInt32>) throws -> ValueColumn {
        let source = try activityColumn(field)
        let customers = rows.count
        let chosen = rows.buffer
        func typed<T: BitwiseCopyable>(_ values: UnsafeBufferPointer<T>, missing: T) -> OwnedBuffer<T> {
            let result = OwnedBuffer<T>(count: customers, repeating: missing, pool: pool)
            for row in 0..<customers where chosen[row] != UInt32.max { result.pointer[row] = values[Int(chosen[row])] }
            return result
        }
        switch source.storage {
        case .number(let values):
            let result = typed(values, missing: Double.nan)
            return ValueColumn(.number(result.buffer), count: customers, owners: [result])
        case .boolean(let values):
            let result = typed(values, missing: MissingValue.boolean)
            return ValueColumn(.boolean(result.buffer), count: customers, owners: [result])
        case .date(let values):
            let result = typed(values, missing: MissingValue.date)
            return ValueColumn(.date(result.buffer), count: customers, owners: [result])
        case .datetime(let values):
            let result = typed(values, missing: MissingValue.datetime)
            return ValueColumn(.datetime(result.buffer), count: customers, owners: [result])
        case .category(let codes, let dictionary):
            let result = typed(codes, missing: MissingValue.category)
            return ValueColumn(.category(codes: result.buffer, dictionary: dictionary), count: customers,
                               owners: [result] + source.owners)
        case .text(let table):
            var offsets: [UInt64] = [0]
            offsets.reserveCapacity(customers + 1)
            var bytes: [UInt8] = []
            for row in 0..<customers {
                if chosen[row] != UInt32.max { bytes.append(contentsOf: table.bytes(at: Int(chosen[row]))) }
                offsets.append(UInt64(bytes.count))
            }
            let offsetBuffer = OwnedBuffer(copying: offsets)
            let byteBuffer = OwnedBuffer(copying: bytes)
            return ValueColumn(.text(TextTable(offsets: offsetBuffer.buffer, bytes: byteBuffer.buffer)),
                               count: customers, owners: [offsetBuffer, byteBuffer])
        }
    }

    /// Calendar days in the workspace zone from the chosen activity's day to today.
    private func daysSince(_ rows: OwnedBuffer<UInt32>) -> OwnedBuffer<Double> {
        let customers = rows.count
        let chosen = rows.buffer
        let timestamps = snapshot.activityTimestamps.values
        var low = Int64.max
        var high = Int64.min
        for row in 0..<customers where chosen[row] != UInt32.max {
            let timestamp = timestamps[Int(chosen[row])]
            low = min(low, timestamp)
            high = max(high, timestamp)
        }
        let result = OwnedBuffer<Double>(count: customers, repeating: .nan, pool: pool)
        guard low <= high else { return result }
        let days = ZoneDays(time: time, range: low...high)
        let today = time.today.daysSinceEpoch
        for row in 0..<customers where chosen[row] != UInt32.max {
            result.pointer[row] = Double(today - days.day(atMilliseconds: timestamps[Int(chosen[row])]))
        }
        return result
    }
}
