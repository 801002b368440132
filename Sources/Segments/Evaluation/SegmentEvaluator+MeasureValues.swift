import CustomerData

extension SegmentEvaluator {
    /// The per-customer values of the named measures whose result is a number, date or
    /// datetime, computed in one activity scan: numbers as they are, dates and datetimes
    /// as days since 1970-01-01. Each array has one value per customer row; NaN where the
    /// value is empty. Measures of other result types are left out.
    ///
    /// - Throws: `EvaluationError.badMeasure` for an unknown or unreadable measure.
    public func measureValues(_ names: [String]) throws -> [String: [Double]] {
        var aggregates: [String: ActivityAggregate] = [:]
        for name in names { aggregates[name] = try aggregate(ofMeasure: name) }
        let columns = try ActivityScan(snapshot: snapshot, time: time, threads: threads, pool: pool)
            .compute(Array(aggregates.values))
        var values: [String: [Double]] = [:]
        for (name, aggregate) in aggregates {
            guard let column = columns[aggregate] else { continue }
            switch column.storage {
            case .number(let buffer):
                values[name] = Array(buffer)
            case .date(let buffer):
                values[name] = buffer.map { $0 == Int32.min ? .nan : Double($0) }
            case .datetime(let buffer):
                values[name] = buffer.map { $0 == Int64.min ? .nan : Double($0) / 86_400_000 }
            case .boolean, .category, .text:
                continue
            }
        }
        return values
    }
}
