import Foundation

// Turns the records of one chunk into typed column buffers. One RowParser per
// chunk and thread; the plan it follows is shared and read-only.

/// How one CSV column is read.
enum FieldKind: Sendable {
    case skip
    case number
    case boolean
    case date
    /// A datetime cell; a date alone is midnight in the workspace zone.
    case datetime
    /// A date cell stored as the instant of local midnight (a date-typed timestamp).
    case dateAsDatetime
    case category
    case text
    /// The customer id of the customers table (kept as trimmed text).
    case customerID
    /// The customer id of an activity, looked up in the customer index.
    case activityCustomer
}

struct FieldPlan: Sendable {
    var name: String
    var kind: FieldKind
    /// The index among the parser's buffers of the kind's storage.
    var output: Int
    /// A missing cell is an error with this reason (`the timestamp is missing`).
    var missingReason: String?
}

/// Storage of one output column of a chunk.
enum StorageKind: Sendable {
    case f64, u8, i32, i64, category, text
}

/// The shared, read-only instructions for parsing one source.
struct ParsePlan: @unchecked Sendable {
    var file: String
    var fields: [FieldPlan]
    var counts: [StorageKind: Int]
    var missing: MissingMatcher
    var zone: ZoneRules
    var datePattern: DatePattern?
    var datetimePattern: DatePattern?
    var customerIndex: CustomerIndex?
    /// Bad rows whose details a chunk keeps (more are only counted).
    var keepBadRows: Int
    /// Keep the line of every row (customers: for duplicate-id messages).
    var keepLines: Bool
    var delimiter: UInt8

    func count(_ kind: StorageKind) -> Int { counts[kind] ?? 0 }

    var dateExpectation: String {
        "expected yyyy-MM-dd" + (datePattern.map { " or \($0.text)" } ?? "")
    }

    var datetimeExpectation: String {
        "expected yyyy-MM-ddTHH:mm:ss" + (datetimePattern.map { " or \($0.text)" } ?? "")
    }
}

/// A bad row found in a chunk; `line` is chunk-relative until merged.
struct ChunkBadRow {
    var line: Int
    var column: String?
    var value: String?
    var reason: String
}

final class TextBuilder {
    /// The end offset of each row's bytes (the start is the previous end, or 0).
    let ends = GrowableBuffer<UInt64>(capacity: 1024)
    let bytes = GrowableBuffer<UInt8>(capacity: 16 * 1024)

    @inline(__always)
    func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
        bytes.append(contentsOf: p, count: n)
        ends.append(UInt64(bytes.count))
    }

    func truncate(to rows: Int) {
        guard ends.count > rows else { return }
        ends.truncate(to: rows)
        bytes.truncate(to: rows == 0 ? 0 : Int(ends[rows - 1]))
    }

    @inline(__always)
    func row(_ i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = i == 0 ? 0 : Int(ends[i - 1])
        return UnsafeBufferPointer(start: bytes.base + start, count: Int(ends[i]) - start)
    }
}

final class CategoryBuilder {
    let codes = GrowableBuffer<UInt32>(capacity: 1024)
    let dictionary = ByteStringTable()
    static let missing = UInt32.max
}

final class RowParser: RecordSink {
    let plan: ParsePlan
    let fieldCount: Int
    let f64: [GrowableBuffer<Double>]
    let u8: [GrowableBuffer<UInt8>]
    let i32: [GrowableBuffer<Int32>]
    let i64: [GrowableBuffer<Int64>]
    let categories: [CategoryBuilder]
    let texts: [TextBuilder]
    /// Activities: the customer row of each kept row.
    let customerRows = GrowableBuffer<UInt32>(capacity: 1024)
    /// Customers: the id of each kept row.
    let ids = TextBuilder()
    /// The chunk-relative line of each kept row, when the plan asks for it.
    let lines = GrowableBuffer<UInt32>(capacity: 16)

    private(set) var rows = 0
    private(set) var rowsRead = 0
    private(set) var badRowCount = 0
    private(set) var unknownCustomers = 0
    private(set) var badRows: [ChunkBadRow] = []
    private var converter: LocalTimeConverter
    private let scratch = GrowableBuffer<UInt8>(capacity: 256)
    private let kinds: UnsafeMutablePointer<FieldKind>
    private let outputs: UnsafeMutablePointer<Int>
    private let required: UnsafeMutablePointer<Bool>
    private let missing: MissingMatcher
    private let datePattern: DatePattern?
    private let datetimePattern: DatePattern?
    private let customerIndex: CustomerIndex?
    // Unretained handles of the buffers above, for the hot loop (no retain/release per cell).
    private let f64U: UnsafeMutablePointer<Unmanaged<GrowableBuffer<Double>>>
    private let u8U: UnsafeMutablePointer<Unmanaged<GrowableBuffer<UInt8>>>
    private let i32U: UnsafeMutablePointer<Unmanaged<GrowableBuffer<Int32>>>
    private let i64U: UnsafeMutablePointer<Unmanaged<GrowableBuffer<Int64>>>
    private let codesU: UnsafeMutablePointer<Unmanaged<GrowableBuffer<UInt32>>>
    private let dictionariesU: UnsafeMutablePointer<Unmanaged<ByteStringTable>>
    private let textsU: UnsafeMutablePointer<Unmanaged<TextBuilder>>

    init(plan: ParsePlan) {
        self.plan = plan
        fieldCount = plan.fields.count
        f64 = (0..<plan.count(.f64)).map { _ in GrowableBuffer<Double>(capacity: 4096) }
        u8 = (0..<plan.count(.u8)).map { _ in GrowableBuffer<UInt8>(capacity: 4096) }
        i32 = (0..<plan.count(.i32)).map { _ in GrowableBuffer<Int32>(capacity: 4096) }
        i64 = (0..<plan.count(.i64)).map { _ in GrowableBuffer<Int64>(capacity: 4096) }
        categories = (0..<plan.count(.category)).map { _ in CategoryBuilder() }
        texts = (0..<plan.count(.text)).map { _ in TextBuilder() }
        converter = LocalTimeConverter(rules: plan.zone)
        kinds = .allocate(capacity: max(1, fieldCount))
        outputs = .allocate(capacity: max(1, fieldCount))
        required = .allocate(capacity: max(1, fieldCount))
        for (i, f) in plan.fields.enumerated() {
            (kinds + i).initialize(to: f.kind)
            (outputs + i).initialize(to: f.output)
            (required + i).initialize(to: f.missingReason != nil)
        }
        missing = plan.missing
        datePattern = plan.datePattern
        datetimePattern = plan.datetimePattern
        customerIndex = plan.customerIndex
        f64U = Self.handles(f64)
        u8U = Self.handles(u8)
        i32U = Self.handles(i32)
        i64U = Self.handles(i64)
        codesU = Self.handles(categories.map(\.codes))
        dictionariesU = Self.handles(categories.map(\.dictionary))
        textsU = Self.handles(texts)
    }

    private static func handles<T: AnyObject>(_ objects: [T]) -> UnsafeMutablePointer<Unmanaged<T>> {
        let p = UnsafeMutablePointer<Unmanaged<T>>.allocate(capacity: max(1, objects.count))
        for (i, o) in objects.enumerated() { (p + i).initialize(to: Unmanaged.passUnretained(o)) }
        return p
    }

    deinit {
        kinds.deallocate()
        outputs.deallocate()
        required.deallocate()
        f64U.deallocate()
        u8U.deallocate()
        i32U.deallocate()
        i64U.deallocate()
        codesU.deallocate()
        dictionariesU.deallocate()
        textsU.deallocate()
    }

    private func rollback() {
        for b in f64 { b.truncate(to: rows) }
        for b in u8 { b.truncate(to: rows) }
        for b in i32 { b.truncate(to: rows) }
        for b in i64 { b.truncate(to: rows) }
        for b in categories { b.codes.truncate(to: rows) }
        for b in texts { b.truncate(to: rows) }
        customerRows.truncate(to: rows)
        ids.truncate(to: rows)
    }

    private func bad(line: Int, column: String?, value: UnsafeBufferPointer<UInt8>?, reason: String) {
        rollback()
        badRowCount += 1
        if badRows.count < plan.keepBadRows {
            badRows.append(ChunkBadRow(
                line: line, column: column,
                value: value.map { String(decoding: $0, as: UTF8.self) }, reason: reason))
        }
    }

    @inline(__always)
    private func localToUTC(_ f: DateTimeFields) -> Int64 {
        if let offset = f.offsetSeconds { return f.localMilliseconds - Int64(offset) * 1000 }
        return converter.utc(fromLocal: f.localMilliseconds)
    }

    func record(
        _ base: UnsafePointer<UInt8>, fields: UnsafePointer<FieldSpan>, count: Int,
        status: RecordStatus, line: Int
    ) {
        rowsRead += 1
        switch status {
        case .ok: break
        case .unterminatedQuote(let field):
            bad(line: line, column: field < fieldCount ? plan.fields[field].name : nil, value: nil,
                reason: "unterminated quoted field")
            return
        case .textAfterQuote(let field):
            bad(line: line, column: field < fieldCount ? plan.fields[field].name : nil, value: nil,
                reason: "unexpected text after the closing quote")
            return
        }
        if count != fieldCount {
            bad(line: line, column: nil, value: nil, reason: "expected \(fieldCount) fields, found \(count)")
            return
        }
        var customerRow = UInt32.max
        for column in 0..<fieldCount {
            let kind = kinds[column]
            let output = outputs[column]
            if case .skip = kind { continue }
            let raw = CSVScanner.fieldBytes(base, fields[column], scratch: scratch)
            let rawBase = raw.baseAddress ?? base
            if case .text = kind {
                let n = raw.count
                if missing.isMissing(rawBase, n) {
                    textsU[output]._withUnsafeGuaranteedRef { $0.append(rawBase, 0) }
                } else {
                    textsU[output]._withUnsafeGuaranteedRef { $0.append(rawBase, n) }
                }
                continue
            }
            let (p, n) = trimmed(rawBase, raw.count)
            if missing.isMissing(p, n) {
                if required[column] {
                    bad(line: line, column: plan.fields[column].name, value: nil,
                        reason: plan.fields[column].missingReason ?? "is missing")
                    return
                }
                switch kind {
                case .number: f64U[output]._withUnsafeGuaranteedRef { $0.append(.nan) }
                case .boolean: u8U[output]._withUnsafeGuaranteedRef { $0.append(2) }
                case .date: i32U[output]._withUnsafeGuaranteedRef { $0.append(Int32.min) }
                case .datetime, .dateAsDatetime: i64U[output]._withUnsafeGuaranteedRef { $0.append(Int64.min) }
                case .category: codesU[output]._withUnsafeGuaranteedRef { $0.append(CategoryBuilder.missing) }
                case .skip, .text, .customerID, .activityCustomer: break
                }
                continue
            }
            switch kind {
            case .number:
                guard let v = NumberParser.parse(p, n) else {
                    bad(line: line, column: plan.fields[column].name, value: raw, reason: "is not a number")
                    return
                }
                f64U[output]._withUnsafeGuaranteedRef { $0.append(v) }
            case .boolean:
                guard let v = BooleanParser.parse(p, n) else {
                    bad(line: line, column: plan.fields[column].name, value: raw, reason: "is not a boolean (expected true/false/yes/no/1/0)")
                    return
                }
                u8U[output]._withUnsafeGuaranteedRef { $0.append(v) }
            case .date:
                guard let f = ISO8601.parseDate(p, n) ?? datePattern?.parse(p, n), !f.hasTime else {
                    bad(line: line, column: plan.fields[column].name, value: raw, reason: "is not a date (\(plan.dateExpectation))")
                    return
                }
                i32U[output]._withUnsafeGuaranteedRef { $0.append(Int32(truncatingIfNeeded: f.days)) }
            case .dateAsDatetime:
                guard let f = ISO8601.parseDate(p, n) ?? datePattern?.parse(p, n) else {
                    bad(line: line, column: plan.fields[column].name, value: raw, reason: "is not a date (\(plan.dateExpectation))")
                    return
                }
                let ms = localToUTC(f)
                i64U[output]._withUnsafeGuaranteedRef { $0.append(ms) }
            case .datetime:
                guard let f = ISO8601.parseDatetime(p, n) ?? datetimePattern?.parse(p, n)
                    ?? datePattern?.parse(p, n) else {
                    bad(line: line, column: plan.fields[column].name, value: raw, reason: "is not a datetime (\(plan.datetimeExpectation))")
                    return
                }
                let ms = localToUTC(f)
                i64U[output]._withUnsafeGuaranteedRef { $0.append(ms) }
            case .category:
                let code = dictionariesU[output]._withUnsafeGuaranteedRef { $0.intern(p, n) }
                codesU[output]._withUnsafeGuaranteedRef { $0.append(code) }
            case .customerID:
                ids.append(p, n)
            case .activityCustomer:
                if let customerIndex {
                    customerRow = customerIndex.row(p, n) ?? UInt32.max
                }
            case .skip, .text:
                break
            }
        }
        if customerIndex != nil {
            if customerRow == UInt32.max {
                unknownCustomers += 1
                rollback()
                return
            }
            customerRows.append(customerRow)
        }
        if plan.keepLines { lines.append(UInt32(truncatingIfNeeded: line)) }
        rows += 1
    }
}

// MARK: - Customer index

/// Customer id → row: the ids in row order in a hash table, with a fast path
/// for ids that are all canonical integers in a dense range.
final class CustomerIndex: @unchecked Sendable {
    let table: ByteStringTable
    private var denseBase: Int64 = 0
    private var dense: [UInt32] = []
    private(set) var isDenseInteger = false

    init(table: ByteStringTable) {
        self.table = table
        buildDense()
    }

    var count: Int { table.count }

    private func buildDense() {
        let n = table.count
        guard n > 0 else { return }
        var lo = Int64.max
        var hi = Int64.min
        for i in 0..<n {
            let e = table.entry(i)
            guard let v = canonicalInteger(e.baseAddress!, e.count) else { return }
            lo = min(lo, v)
            hi = max(hi, v)
        }
        let span = hi.subtractingReportingOverflow(lo)
        guard !span.overflow, span.partialValue < Int64(4 * n + 1024) else { return }
        var dense = [UInt32](repeating: UInt32.max, count: Int(span.partialValue) + 1)
        for i in 0..<n {
            let e = table.entry(i)
            dense[Int(canonicalInteger(e.baseAddress!, e.count)! - lo)] = UInt32(i)
        }
        self.dense = dense
        denseBase = lo
        isDenseInteger = true
    }

    @inline(__always)
    func row(_ p: UnsafePointer<UInt8>, _ n: Int) -> UInt32? {
        if isDenseInteger {
            guard let v = canonicalInteger(p, n) else { return nil }
            let k = v &- denseBase
            if k < 0 || k >= Int64(dense.count) { return nil }
            let r = dense[Int(k)]
            return r == UInt32.max ? nil : r
        }
        return table.find(p, n)
    }
}

/// An integer written without sign `+`, leading zeros or `-0`, at most 18 digits.
@inline(__always)
func canonicalInteger(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int64? {
    var i = 0
    var negative = false
    if n > 0 && p[0] == UInt8(ascii: "-") { negative = true; i = 1 }
    let digits = n - i
    if digits < 1 || digits > 18 { return nil }
    if p[i] == UInt8(ascii: "0") && (digits > 1 || negative) { return nil }
    var v: Int64 = 0
    while i < n {
        let d = p[i] &- 48
        if d > 9 { return nil }
        v = v * 10 + Int64(d)
        i += 1
    }
    return negative ? -v : v
}
