import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Reading a snapshot generation: every column file is memory-mapped, nothing
// is copied. Column views keep their mapping alive; they are valid for as
// long as they (or the Snapshot) exist.

/// A byte-string list: offsets (`count + 1`) into a byte heap.
public struct TextValues: @unchecked Sendable {
    public let offsets: UnsafeBufferPointer<UInt64>
    public let bytes: UnsafeBufferPointer<UInt8>
    let owners: [AnyObject]

    public var count: Int { max(0, offsets.count - 1) }

    /// The bytes of entry `i`.
    @inline(__always)
    public func bytes(at i: Int) -> UnsafeBufferPointer<UInt8> {
        let start = Int(offsets[i])
        let end = Int(offsets[i + 1])
        guard let base = bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    public func string(at i: Int) -> String { String(decoding: bytes(at: i), as: UTF8.self) }

    public subscript(i: Int) -> String { string(at: i) }
}

/// A number column: `Double`, NaN when missing.
public struct NumberColumn: @unchecked Sendable {
    public let name: String
    public let values: UnsafeBufferPointer<Double>
    let owner: AnyObject?
    @inline(__always) public func isMissing(_ i: Int) -> Bool { values[i].isNaN }
    public subscript(i: Int) -> Double? { values[i].isNaN ? nil : values[i] }
}

/// A boolean column: 0 false, 1 true, 2 missing (`MissingValue.boolean`).
public struct BooleanColumn: @unchecked Sendable {
    public let name: String
    public let values: UnsafeBufferPointer<UInt8>
    let owner: AnyObject?
    @inline(__always) public func isMissing(_ i: Int) -> Bool { values[i] == MissingValue.boolean }
    public subscript(i: Int) -> Bool? { values[i] == MissingValue.boolean ? nil : values[i] == 1 }
}

/// A date column: days since 1970-01-01, `Int32.min` when missing.
public struct DateColumn: @unchecked Sendable {
    public let name: String
    public let values: UnsafeBufferPointer<Int32>
    let owner: AnyObject?
    @inline(__always) public func isMissing(_ i: Int) -> Bool { values[i] == MissingValue.date }
    public subscript(i: Int) -> Int32? { values[i] == MissingValue.date ? nil : values[i] }
    /// `yyyy-MM-dd`, or nil when missing.
    public func text(at i: Int) -> String? { self[i].map { formatDate(days: Int($0)) } }
}

/// A datetime column: milliseconds since the epoch (UTC), `Int64.min` when missing.
public struct DatetimeColumn: @unchecked Sendable {
    public let name: String
    public let values: UnsafeBufferPointer<Int64>
    let owner: AnyObject?
    @inline(__always) public func isMissing(_ i: Int) -> Bool { values[i] == MissingValue.datetime }
    public subscript(i: Int) -> Int64? { values[i] == MissingValue.datetime ? nil : values[i] }
    /// ISO 8601 in UTC (`2024-03-05T14:30:00Z`), or nil when missing.
    public func text(at i: Int) -> String? { self[i].map { formatDatetimeUTC(milliseconds: $0) } }
}

/// A category column: codes into a dictionary sorted by bytes, `UInt32.max` when missing.
public struct CategoryColumn: @unchecked Sendable {
    public let name: String
    public let codes: UnsafeBufferPointer<UInt32>
    public let dictionary: TextValues
    let owner: AnyObject?
    @inline(__always) public func isMissing(_ i: Int) -> Bool { codes[i] == MissingValue.category }
    public subscript(i: Int) -> String? {
        let code = codes[i]
        return code == MissingValue.category ? nil : dictionary.string(at: Int(code))
    }

    /// The code of a value, or nil when no row has it (binary search: the dictionary is sorted).
    public func code(of value: String) -> UInt32? {
        var value = value
        return value.withUTF8 { target -> UInt32? in
            var lo = 0
            var hi = dictionary.count
            while lo < hi {
                let mid = (lo + hi) / 2
                let entry = dictionary.bytes(at: mid)
                let c = compareBytes(entry, target)
                if c == 0 { return UInt32(mid) }
                if c < 0 { lo = mid + 1 } else { hi = mid }
            }
            return nil
        }
    }
}

func compareBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
    let n = min(a.count, b.count)
    if n > 0 {
        let c = memcmp(a.baseAddress!, b.baseAddress!, n)
        if c != 0 { return Int(c) }
    }
    return a.count - b.count
}

/// A text column: UTF-8 bytes per row, empty when missing.
public struct TextColumn: @unchecked Sendable {
    public let name: String
    public let values: TextValues
    @inline(__always) public func isMissing(_ i: Int) -> Bool { values.offsets[i] == values.offsets[i + 1] }
    public subscript(i: Int) -> String? { isMissing(i) ? nil : values.string(at: i) }
}

/// One column of any type.
public enum SnapshotColumn: @unchecked Sendable {
    case number(NumberColumn)
    case text(TextColumn)
    case category(CategoryColumn)
    case boolean(BooleanColumn)
    case date(DateColumn)
    case datetime(DatetimeColumn)

    public var type: ColumnType {
        switch self {
        case .number: return .number
        case .text: return .text
        case .category: return .category
        case .boolean: return .boolean
        case .date: return .date
        case .datetime: return .datetime
        }
    }

    public var name: String {
        switch self {
        case .number(let c): return c.name
        case .text(let c): return c.name
        case .category(let c): return c.name
        case .boolean(let c): return c.name
        case .date(let c): return c.name
        case .datetime(let c): return c.name
        }
    }

    public func isMissing(_ i: Int) -> Bool {
        switch self {
        case .number(let c): return c.isMissing(i)
        case .text(let c): return c.isMissing(i)
        case .category(let c): return c.isMissing(i)
        case .boolean(let c): return c.isMissing(i)
        case .date(let c): return c.isMissing(i)
        case .datetime(let c): return c.isMissing(i)
        }
    }

    /// The cell as display text (dates `yyyy-MM-dd`, datetimes ISO 8601 UTC), nil when missing.
    public func text(at i: Int) -> String? {
        switch self {
        case .number(let c): return c[i].map(formatNumber)
        case .text(let c): return c[i]
        case .category(let c): return c[i]
        case .boolean(let c): return c[i].map { $0 ? "true" : "false" }
        case .date(let c): return c.text(at: i)
        case .datetime(let c): return c.text(at: i)
        }
    }

    /// The raw bytes of the column's files, for touching every page.
    var rawRegions: [UnsafeRawBufferPointer] {
        switch self {
        case .number(let c): return [UnsafeRawBufferPointer(c.values)]
        case .boolean(let c): return [UnsafeRawBufferPointer(c.values)]
        case .date(let c): return [UnsafeRawBufferPointer(c.values)]
        case .datetime(let c): return [UnsafeRawBufferPointer(c.values)]
        case .category(let c):
            return [UnsafeRawBufferPointer(c.codes), UnsafeRawBufferPointer(c.dictionary.offsets),
                    UnsafeRawBufferPointer(c.dictionary.bytes)]
        case .text(let c): return [UnsafeRawBufferPointer(c.values.offsets), UnsafeRawBufferPointer(c.values.bytes)]
        }
    }
}

/// `12`, `3.5`, `1e+20`: integers without a fraction, others as Swift prints them.
func formatNumber(_ v: Double) -> String {
    if v == v.rounded() && abs(v) < 1e15 { return String(Int64(v)) }
    return String(v)
}

/// A table of a snapshot: its columns in order.
public final class SnapshotTable: @unchecked Sendable {
    public let name: String
    public let rowCount: Int
    public let columns: [SnapshotColumn]
    public let manifest: TableManifest

    init(name: String, rowCount: Int, columns: [SnapshotColumn], manifest: TableManifest) {
        self.name = name
        self.rowCount = rowCount
        self.columns = columns
        self.manifest = manifest
    }

    public func column(named name: String) -> SnapshotColumn? { columns.first { $0.name == name } }

    /// The schema: names and types in order.
    public var schema: [(name: String, type: ColumnType)] { columns.map { ($0.name, $0.type) } }
}

/// An opened snapshot generation.
public final class Snapshot: @unchecked Sendable {
    public let directory: URL
    public let manifest: SnapshotManifest
    public let customers: SnapshotTable
    public let activities: SnapshotTable

    /// The customers' ids, row order.
    public let customerIDs: TextValues
    /// The customer row of each activity.
    public let activityCustomerRows: UnsafeBufferPointer<UInt32>
    /// Activities of customer `c` are rows `activityOffsets[c] ..< activityOffsets[c + 1]`.
    public let activityOffsets: UnsafeBufferPointer<UInt64>
    /// The fixed activity columns.
    public let activitySources: CategoryColumn
    public let activityTypes: CategoryColumn
    public let activityTimestamps: DatetimeColumn
    public let activityAmounts: NumberColumn

    private let idIndex: UnsafeBufferPointer<UInt32>
    private var maps: [MappedFile]

    /// Opens the generation in `directory`; fails when it has no manifest
    /// (an incomplete or failed ingest) or a file is missing or short.
    public init(directory: URL) throws {
        self.directory = directory
        let manifestPath = directory.appendingPathComponent("manifest.json").path
        guard let data = FileManager.default.contents(atPath: manifestPath) else {
            throw IngestError(
                file: directory.path,
                reason: "no manifest.json: not a snapshot, or an incomplete generation (an ingest that did not finish)")
        }
        let manifest: SnapshotManifest
        do {
            manifest = try JSONDecoder().decode(SnapshotManifest.self, from: data)
        } catch {
            throw IngestError(file: manifestPath, reason: "cannot be read (\(error))")
        }
        guard manifest.format == SnapshotManifest.formatName, manifest.version == SnapshotManifest.currentVersion else {
            throw IngestError(file: manifestPath, reason: "unsupported snapshot format \(manifest.format) version \(manifest.version)")
        }
        self.manifest = manifest
        var maps: [MappedFile] = []
        func map(_ relative: String) throws -> MappedFile {
            let path = directory.appendingPathComponent(relative).path
            do {
                let m = try MappedFile(path: path)
                maps.append(m)
                return m
            } catch {
                throw IngestError(file: path, reason: "missing or unreadable snapshot file")
            }
        }
        func text(_ offsetsFile: String, _ bytesFile: String, rows: Int?) throws -> TextValues {
            let o = try map(offsetsFile)
            let b = try map(bytesFile)
            let offsets = o.buffer(of: UInt64.self)
            if let rows, offsets.count != rows + 1 {
                throw IngestError(file: offsetsFile, reason: "has \(offsets.count) offsets, expected \(rows + 1)")
            }
            if let last = offsets.last, Int(last) > b.count {
                throw IngestError(file: bytesFile, reason: "is shorter than its offsets say")
            }
            return TextValues(offsets: offsets, bytes: b.buffer(of: UInt8.self), owners: [o, b])
        }
        func open(_ table: TableManifest) throws -> SnapshotTable {
            let n = table.rowCount
            var columns: [SnapshotColumn] = []
            for c in table.columns {
                func values<T>(_ type: T.Type) throws -> (UnsafeBufferPointer<T>, MappedFile) {
                    let m = try map(c.file)
                    let b = m.buffer(of: T.self)
                    if b.count != n { throw IngestError(file: c.file, reason: "has \(b.count) values, expected \(n)") }
                    return (b, m)
                }
                switch c.type {
                case .number:
                    let (v, m) = try values(Double.self)
                    columns.append(.number(NumberColumn(name: c.name, values: v, owner: m)))
                case .boolean:
                    let (v, m) = try values(UInt8.self)
                    columns.append(.boolean(BooleanColumn(name: c.name, values: v, owner: m)))
                case .date:
                    let (v, m) = try values(Int32.self)
                    columns.append(.date(DateColumn(name: c.name, values: v, owner: m)))
                case .datetime:
                    let (v, m) = try values(Int64.self)
                    columns.append(.datetime(DatetimeColumn(name: c.name, values: v, owner: m)))
                case .category:
                    let (v, m) = try values(UInt32.self)
                    guard let of = c.dictionaryOffsetsFile, let bf = c.dictionaryBytesFile else {
                        throw IngestError(file: manifestPath, reason: "category column \"\(c.name)\" has no dictionary")
                    }
                    let dictionary = try text(of, bf, rows: c.dictionaryCount)
                    columns.append(.category(CategoryColumn(name: c.name, codes: v, dictionary: dictionary, owner: m)))
                case .text:
                    guard let bf = c.bytesFile else {
                        throw IngestError(file: manifestPath, reason: "text column \"\(c.name)\" has no bytes file")
                    }
                    columns.append(.text(TextColumn(name: c.name, values: try text(c.file, bf, rows: n))))
                }
            }
            return SnapshotTable(name: table.name, rowCount: n, columns: columns, manifest: table)
        }
        customers = try open(manifest.customers)
        activities = try open(manifest.activities)

        guard let idName = manifest.customers.idColumn, case .text(let ids)? = customers.column(named: idName),
              let indexFile = manifest.customers.idIndexFile else {
            throw IngestError(file: manifestPath, reason: "the customers table has no id column or id index")
        }
        customerIDs = ids.values
        idIndex = try map(indexFile).buffer(of: UInt32.self)
        if idIndex.count == 0 || idIndex.count & (idIndex.count - 1) != 0 {
            throw IngestError(file: indexFile, reason: "the id index size is not a power of two")
        }
        guard let customerFile = manifest.activities.customerFile, let offsetsFile = manifest.activities.customerOffsetsFile else {
            throw IngestError(file: manifestPath, reason: "the activities table has no customer column")
        }
        activityCustomerRows = try map(customerFile).buffer(of: UInt32.self)
        activityOffsets = try map(offsetsFile).buffer(of: UInt64.self)
        if activityCustomerRows.count != activities.rowCount || activityOffsets.count != customers.rowCount + 1 {
            throw IngestError(file: manifestPath, reason: "the activity customer files do not match the row counts")
        }
        let activityTable = activities
        func role(_ r: ColumnManifest.Role) -> SnapshotColumn? {
            guard let c = manifest.activities.columns.first(where: { $0.role == r }) else { return nil }
            return activityTable.column(named: c.name)
        }
        guard case .category(let sources)? = role(.source), case .category(let types)? = role(.type),
              case .datetime(let timestamps)? = role(.timestamp), case .number(let amounts)? = role(.amount) else {
            throw IngestError(file: manifestPath, reason: "the activities table lacks one of source, type, timestamp, amount")
        }
        activitySources = sources
        activityTypes = types
        activityTimestamps = timestamps
        activityAmounts = amounts
        self.maps = maps
    }

    /// Opens the generation in `directory`.
    public static func open(_ directory: URL) throws -> Snapshot { try Snapshot(directory: directory) }

    /// The row of a customer id, or nil (a lookup in the id hash index).
    public func customerRow(forID id: String) -> Int? {
        var id = id
        return id.withUTF8 { target -> Int? in
            let p = target.baseAddress ?? UnsafePointer(bitPattern: 1)!
            let mask = idIndex.count - 1
            var slot = Int(truncatingIfNeeded: fnv1a64(p, target.count)) & mask
            while true {
                let row = idIndex[slot]
                if row == UInt32.max { return nil }
                if compareBytes(customerIDs.bytes(at: Int(row)), target) == 0 { return Int(row) }
                slot = (slot + 1) & mask
            }
        }
    }

    /// The id of a customer row.
    public func customerID(ofRow row: Int) -> String { customerIDs.string(at: row) }

    /// The activity rows of a customer row.
    public func activityRange(ofCustomer row: Int) -> Range<Int> {
        Int(activityOffsets[row])..<Int(activityOffsets[row + 1])
    }

    /// Reads every byte of every activity column (the customer rows and offsets
    /// included) and returns a checksum: a measure of how fast the columns can
    /// be scanned after opening. Uses up to `threads` threads.
    public func touchAllColumns(threads: Int? = nil) -> UInt64 {
        var regions: [UnsafeRawBufferPointer] = [
            UnsafeRawBufferPointer(activityCustomerRows), UnsafeRawBufferPointer(activityOffsets),
        ]
        for c in activities.columns { regions += c.rawRegions }
        // Cut the regions into pieces so the threads share the work.
        var pieces: [UnsafeRawBufferPointer] = []
        let piece = 8 << 20
        for r in regions where r.count > 0 {
            var start = 0
            while start < r.count {
                let n = min(piece, r.count - start)
                pieces.append(UnsafeRawBufferPointer(rebasing: r[start..<(start + n)]))
                start += n
            }
        }
        let parts = max(1, threads ?? defaultThreadCount)
        let sums = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: parts)
        defer { sums.deallocate() }
        sums.initialize(repeating: 0)
        let shared = UncheckedSendable((pieces, sums))
        parallelFor(parts) { part in
            let (pieces, sums) = shared.value
            var sum: UInt64 = 0
            var i = part
            while i < pieces.count {
                sum &+= checksum(pieces[i])
                i += parts
            }
            sums[part] = sum
        }
        return sums.reduce(0, &+)
    }
}

private func checksum(_ region: UnsafeRawBufferPointer) -> UInt64 {
    guard let base = region.baseAddress else { return 0 }
    let words = region.count / 8
    let p = base.assumingMemoryBound(to: UInt64.self)
    var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0
    var i = 0
    while i + 4 <= words {
        a &+= p[i]
        b ^= p[i + 1]
        c &+= p[i + 2]
        d ^= p[i + 3]
        i += 4
    }
    while i < words { a &+= p[i]; i += 1 }
    var tail: UInt64 = 0
    for k in (words * 8)..<region.count { tail = tail &* 31 &+ UInt64(region[k]) }
    return a &+ b &* 3 &+ c &* 5 &+ d &* 7 &+ tail
}
