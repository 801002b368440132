import CustomerData
import Foundation
import LinearAlgebra

extension FeatureEncoder {
    /// The embedding of snapshot customers: one L2-normalised row per entry of `rows` (every customer when nil).
    ///
    /// - Throws: ``LookalikeError/fieldMismatch(field:reason:)`` when the snapshot lacks a fitted field or has it
    ///   with another type, ``LookalikeError/rowOutOfRange(row:rowCount:)`` for a bad row.
    public func encode(_ snapshot: Snapshot, rows: [UInt32]? = nil) throws -> Matrix<Float> {
        try encode(snapshot, rows: rows, measureColumns: nil)
    }

    /// ``encode(_:rows:)`` with the snapshot's measure columns when the fit just computed them
    /// (``fitKeepingMeasures(on:options:measures:)``); nil computes them.
    func encode(_ snapshot: Snapshot, rows: [UInt32]? = nil, measureColumns: [String: MeasureColumn]?) throws
        -> Matrix<Float> {
        let intRows = try rows.map { try Self.checkedRows($0, rowCount: snapshot.customers.rowCount) }
        let values = try fieldValues(snapshot, rows: intRows, measureColumns: measureColumns)
        return assemble(rowCount: intRows?.count ?? snapshot.customers.rowCount, values: values)
    }

    /// The encoded columns before projection and normalisation (what PCA is fitted on).
    func encodedColumns(_ snapshot: Snapshot, rows: [Int]?, measureColumns: [String: MeasureColumn]? = nil) throws
        -> Matrix<Float> {
        let values = try fieldValues(snapshot, rows: rows, measureColumns: measureColumns)
        return columns(rowCount: rows?.count ?? snapshot.customers.rowCount, values: values)
    }

    static func checkedRows(_ rows: [UInt32], rowCount: Int) throws -> [Int] {
        try rows.map { row in
            guard Int(row) < rowCount else { throw LookalikeError.rowOutOfRange(row: row, rowCount: rowCount) }
            return Int(row)
        }
    }

    /// Each field's raw values for the rows: numbers (NaN missing), or level indexes for one-hot fields. The
    /// measures come from `measureColumns` (every customer's, as computed for this snapshot) when given.
    func fieldValues(_ snapshot: Snapshot, rows: [Int]?, measureColumns given: [String: MeasureColumn]? = nil) throws
        -> [[Double]] {
        let n = rows?.count ?? snapshot.customers.rowCount
        @inline(__always) func row(_ i: Int) -> Int { rows?[i] ?? i }
        var aggregates: ActivityAggregates?
        if fields.contains(where: { if case .column = $0.input { return false } else { return true } }) {
            aggregates = ActivityAggregates.from(snapshot, rows: rows, types: activityTypes, channels: channels,
                                                 channelColumn: options.channelColumn, asOf: asOfMilliseconds)
        }
        var measureColumns = given ?? [:]
        if let measures, given == nil {
            measureColumns = try Self.measureColumns(snapshot, measures: measures, names: measures.definitions.map(\.name),
                                                     asOf: options.asOf)
        }
        return try fields.map { field -> [Double] in
            guard case .column(let name, let type) = field.input else {
                return aggregates!.values(of: field.input, asOf: asOfMilliseconds)
            }
            if let measures, measures.contains(name) {
                guard let column = measureColumns[name] else {
                    throw LookalikeError.fieldMismatch(field: name, reason: "the measure gives no values on this snapshot")
                }
                guard column.type == type else {
                    throw LookalikeError.fieldMismatch(field: name, reason: "the measure gives \(column.type) values, the encoder expects \(type)")
                }
                guard let rows else { return column.values }
                return rows.map { column.values[$0] }
            }
            guard let column = snapshot.customers.column(named: name) else {
                throw LookalikeError.fieldMismatch(field: name, reason: "the snapshot has no such customer field")
            }
            guard column.type.rawValue == type else {
                throw LookalikeError.fieldMismatch(field: name, reason: "is \(column.type.rawValue) in the snapshot, the encoder expects \(type)")
            }
            switch column {
            case .number(let c):
                return (0..<n).map { c.values[row($0)] }
            case .boolean(let c):
                return (0..<n).map { c[row($0)].map { $0 ? 1.0 : 0.0 } ?? .nan }
            case .date(let c):
                let asOf = asOfDays
                return (0..<n).map { c[row($0)].map { Double(asOf - Int($0)) } ?? .nan }
            case .datetime(let c):
                let asOf = asOfMilliseconds
                return (0..<n).map { c[row($0)].map { Double(asOf - $0) / 86_400_000 } ?? .nan }
            case .category(let c):
                guard case .oneHot(let levels) = field.transform else { return [Double](repeating: .nan, count: n) }
                let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Double($0)) })
                let levelOfCode = (0..<c.dictionary.count).map { index[c.dictionary.string(at: $0)] ?? -1 }
                return (0..<n).map { i in
                    let code = c.codes[row(i)]
                    return code == UInt32.max ? .nan : levelOfCode[Int(code)]
                }
            case .text:
                throw LookalikeError.fieldMismatch(field: name, reason: "free text cannot be encoded")
            }
        }
    }

    /// The activity types the fields use, in first-use order.
    var activityTypes: [String] {
        var types: [String] = []
        for field in fields {
            switch field.input {
            case .activityFrequency(let t), .activityRecency(let t), .activityMonetary(let t):
                if !types.contains(t) { types.append(t) }
            default: break
            }
        }
        return types
    }

    /// The channels the fields use.
    var channels: [String] {
        fields.compactMap { if case .channelShare(let c) = $0.input { return c } else { return nil } }
    }
}
