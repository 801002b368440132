import CustomerData

/// One typed value per row — a customer attribute, an activity field or the
/// result of an aggregate — in the snapshot's encoding, so conditions read
/// every kind of column the same way.
///
/// Empty values use the snapshot's sentinels: NaN (number), 2 (boolean),
/// `Int32.min` (date), `Int64.min` (datetime), `UInt32.max` (category code),
/// the empty byte string (text).
struct ValueColumn: @unchecked Sendable {
    // @unchecked: read-only views of memory-mapped or engine-owned storage; `owners` keeps it alive.
    enum Storage {
        case number(UnsafeBufferPointer<Double>)
        case boolean(UnsafeBufferPointer<UInt8>)
        case date(UnsafeBufferPointer<Int32>)
        case datetime(UnsafeBufferPointer<Int64>)
        case category(codes: UnsafeBufferPointer<UInt32>, dictionary: TextTable)
        case text(TextTable)
    }

    let storage: Storage
    /// The number of rows.
    let count: Int
    /// What keeps the memory alive (the snapshot, or buffers the engine made).
    let owners: [AnyObject]

    init(_ storage: Storage, count: Int, owners: [AnyObject]) {
        self.storage = storage
        self.count = count
        self.owners = owners
    }

    /// A column of the snapshot, without copying; `snapshot` keeps its mapping alive.
    init(_ column: SnapshotColumn, snapshot: Snapshot) {
        switch column {
        case .number(let c): self.init(.number(c.values), count: c.values.count, owners: [snapshot])
        case .boolean(let c): self.init(.boolean(c.values), count: c.values.count, owners: [snapshot])
        case .date(let c): self.init(.date(c.values), count: c.values.count, owners: [snapshot])
        case .datetime(let c): self.init(.datetime(c.values), count: c.values.count, owners: [snapshot])
        case .category(let c):
            self.init(.category(codes: c.codes, dictionary: TextTable(c.dictionary)), count: c.codes.count,
                      owners: [snapshot])
        case .text(let c):
            self.init(.text(TextTable(c.values)), count: c.values.count, owners: [snapshot])
        }
    }

    /// A number column the engine computed.
    static func numbers(_ buffer: OwnedBuffer<Double>) -> ValueColumn {
        ValueColumn(.number(buffer.buffer), count: buffer.count, owners: [buffer])
    }

    /// The column's type.
    var type: ColumnType {
        switch storage {
        case .number: return .number
        case .boolean: return .boolean
        case .date: return .date
        case .datetime: return .datetime
        case .category: return .category
        case .text: return .text
        }
    }

    /// Whether row `row` is empty.
    func isEmpty(_ row: Int) -> Bool {
        switch storage {
        case .number(let values): return values[row].isNaN
        case .boolean(let values): return values[row] == MissingValue.boolean
        case .date(let values): return values[row] == MissingValue.date
        case .datetime(let values): return values[row] == MissingValue.datetime
        case .category(let codes, _): return codes[row] == MissingValue.category
        case .text(let table): return table.offsets[row] == table.offsets[row + 1]
        }
    }

    /// Row `row` as display text (numbers as written by the snapshot, dates
    /// `yyyy-MM-dd`, datetimes ISO 8601 UTC), or `nil` when empty.
    func text(at row: Int) -> String? {
        if isEmpty(row) { return nil }
        switch storage {
        case .number(let values): return ValueColumn.format(values[row])
        case .boolean(let values): return values[row] == 1 ? "true" : "false"
        case .date(let values): return CalendarDate(daysSinceEpoch: Int(values[row])).isoString
        case .datetime(let values): return SegmentEvaluator.isoUTC(values[row])
        case .category(let codes, let dictionary): return dictionary.string(at: Int(codes[row]))
        case .text(let table): return table.string(at: row)
        }
    }

    /// `12`, `3.5`: integers without a fraction, other numbers as Swift prints them.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
