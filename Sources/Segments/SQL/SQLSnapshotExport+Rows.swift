import CustomerData
import Foundation

// The rows of each table, as values in the order of `columns(of:)`.
extension SQLSnapshotExport {
    /// Calls `body` with each row of `table`; `segmentMembers` has none.
    ///
    /// - Complexity: O(rows × columns); the lookup tables take one pass over
    ///   every datetime and text column to collect distinct values.
    public func forEachRow(of table: Table, _ body: ([SQLValue]) throws -> Void) rethrows {
        switch table {
        case .customers:
            let columns = snapshot.customers.columns
            for row in 0..<snapshot.customers.rowCount {
                try body([.integer(Int64(row))] + columns.map { SQLSnapshotExport.value(of: $0, at: row) })
            }
        case .activities:
            let columns = snapshot.activities.columns
            for row in 0..<snapshot.activities.rowCount {
                try body([.integer(Int64(row)), .integer(Int64(snapshot.activityCustomerRows[row]))]
                    + columns.map { SQLSnapshotExport.value(of: $0, at: row) })
            }
        case .segmentMembers:
            break
        case .localDays:
            let time = TimeContext(asOfMilliseconds: 0, timeZone: timeZone)
            for instant in distinctInstants() {
                try body([.integer(instant), .integer(Int64(time.calendarDate(atMilliseconds: instant).daysSinceEpoch))])
            }
        case .foldedTexts:
            for bytes in distinctTexts() {
                let text = String(decoding: bytes, as: UTF8.self)
                try body([.text(text), .text(text.lowercased())])
            }
        }
    }

    /// The cell as a SQL value: NULL when missing.
    static func value(of column: SnapshotColumn, at row: Int) -> SQLValue {
        switch column {
        case .number(let values): return values[row].map { .real($0) } ?? .null
        case .text(let values): return values[row].map { .text($0) } ?? .null
        case .category(let values): return values[row].map { .text($0) } ?? .null
        case .boolean(let values): return values[row].map { .integer($0 ? 1 : 0) } ?? .null
        case .date(let values): return values[row].map { .integer(Int64($0)) } ?? .null
        case .datetime(let values): return values[row].map { .integer($0) } ?? .null
        }
    }

    /// Every datetime value of both tables, ascending.
    func distinctInstants() -> [Int64] {
        var instants = Set<Int64>()
        for table in [snapshot.customers, snapshot.activities] {
            for case .datetime(let values) in table.columns {
                for row in 0..<table.rowCount { if let value = values[row] { instants.insert(value) } }
            }
        }
        return instants.sorted()
    }

    /// Every text and category value of both tables, distinct by bytes (Swift
    /// strings compare by canonical equivalence, SQL keys by bytes).
    func distinctTexts() -> [[UInt8]] {
        var texts = Set<[UInt8]>()
        for table in [snapshot.customers, snapshot.activities] {
            for column in table.columns {
                switch column {
                case .text(let values):
                    for row in 0..<table.rowCount where !values.isMissing(row) {
                        texts.insert(Array(values.values.bytes(at: row)))
                    }
                case .category(let values):
                    for code in 0..<values.dictionary.count { texts.insert(Array(values.dictionary.bytes(at: code))) }
                default:
                    break
                }
            }
        }
        return texts.sorted { $0.lexicographicallyPrecedes($1) }
    }
}
