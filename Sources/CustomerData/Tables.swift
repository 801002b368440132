import Foundation
#if canImport(Glibc)
import Glibc
#endif

// The two tables of a snapshot as they are built: the customers in memory
// (duplicate ids may replace earlier rows), the activities streamed to
// temporary column files, then reordered by (customer, timestamp).

struct TableColumnSpec {
    var name: String
    var type: ColumnType
    var role: ColumnManifest.Role?
    var declared: Bool
}

// MARK: - Dictionaries

/// Writes a dictionary sorted by bytes and returns old code → new code.
func writeSortedDictionary(
    _ table: ByteStringTable, offsetsPath: String, bytesPath: String, syncer: FileSyncer?
) throws -> [UInt32] {
    let n = table.count
    var order = Array(0..<n)
    order.sort { a, b in
        let x = table.entry(a), y = table.entry(b)
        let c = memcmp(x.baseAddress!, y.baseAddress!, min(x.count, y.count))
        return c != 0 ? c < 0 : x.count < y.count
    }
    var remap = [UInt32](repeating: 0, count: n)
    var offsets: [UInt64] = [0]
    offsets.reserveCapacity(n + 1)
    let bytes = GrowableBuffer<UInt8>(capacity: max(16, table.heap.count))
    for (newCode, old) in order.enumerated() {
        remap[old] = UInt32(newCode)
        let e = table.entry(old)
        if let p = e.baseAddress { bytes.append(contentsOf: p, count: e.count) }
        offsets.append(UInt64(bytes.count))
    }
    let o = try ColumnFileWriter(path: offsetsPath, syncer: syncer)
    try o.write(offsets)
    try o.close()
    let b = try ColumnFileWriter(path: bytesPath, syncer: syncer)
    try b.write(bytes.buffer)
    try b.close()
    return remap
}

// MARK: - Customers

final class CustomerTableBuilder {
    enum Column {
        case id
        case f64(GrowableBuffer<Double>)
        case u8(GrowableBuffer<UInt8>)
        case i32(GrowableBuffer<Int32>)
        case i64(GrowableBuffer<Int64>)
        case category(GrowableBuffer<UInt32>, ByteStringTable)
        case text(starts: GrowableBuffer<UInt64>, lengths: GrowableBuffer<UInt32>, heap: GrowableBuffer<UInt8>)
    }

    let specs: [TableColumnSpec]
    /// For each column, its storage index in the row parser (ignored for the id).
    let outputs: [Int]
    private(set) var columns: [Column]
    let ids: ByteStringTable
    /// The line of each row (the first occurrence of its id).
    let lines = GrowableBuffer<UInt32>(capacity: 1024)
    let file: String
    let idName: String
    let policy: CustomerSource.DuplicateIDPolicy
    private(set) var duplicates = 0
    var syncer: FileSyncer?

    init(specs: [TableColumnSpec], outputs: [Int], file: String, policy: CustomerSource.DuplicateIDPolicy, expectedRows: Int) {
        self.specs = specs
        self.outputs = outputs
        self.file = file
        self.policy = policy
        idName = specs.first { $0.role == .id }?.name ?? "id"
        ids = ByteStringTable(expectedCount: max(16, expectedRows))
        columns = specs.map { spec in
            if spec.role == .id { return .id }
            switch spec.type {
            case .number: return .f64(GrowableBuffer(capacity: expectedRows))
            case .boolean: return .u8(GrowableBuffer(capacity: expectedRows))
            case .date: return .i32(GrowableBuffer(capacity: expectedRows))
            case .datetime: return .i64(GrowableBuffer(capacity: expectedRows))
            case .category: return .category(GrowableBuffer(capacity: expectedRows), ByteStringTable())
            case .text:
                return .text(starts: GrowableBuffer(capacity: expectedRows), lengths: GrowableBuffer(capacity: expectedRows),
                             heap: GrowableBuffer(capacity: 1 << 16))
            }
        }
    }

    var rowCount: Int { ids.count }

    /// Appends the parser's first `rowLimit` rows (all by default); throws on a
    /// duplicate id under the `error` policy.
    func append(_ parser: RowParser, firstLine: Int, rowLimit: Int? = nil) throws {
        let rowCount = min(parser.rows, rowLimit ?? parser.rows)
        // Local category codes → global codes.
        var maps: [[UInt32]] = Array(repeating: [], count: columns.count)
        for (c, column) in columns.enumerated() {
            if case .category(_, let dictionary) = column {
                let local = parser.categories[outputs[c]].dictionary
                maps[c] = (0..<local.count).map { code in
                    let e = local.entry(code)
                    return dictionary.intern(e.baseAddress ?? UnsafePointer(bitPattern: 1)!, e.count)
                }
            }
        }
        // Ids first: when none repeats (the usual case) the columns are appended in bulk.
        let start = ids.count
        var firstDuplicate = rowCount
        for r in 0..<rowCount {
            let id = parser.ids.row(r)
            let code = Int(ids.intern(id.baseAddress ?? UnsafePointer(bitPattern: 1)!, id.count))
            if code != start + r {
                firstDuplicate = r
                break
            }
            lines.append(UInt32(truncatingIfNeeded: firstLine + Int(parser.lines[r])))
        }
        appendRows(parser, 0..<firstDuplicate, maps)
        for r in firstDuplicate..<rowCount {
            let id = parser.ids.row(r)
            let before = ids.count
            let code: Int
            if r == firstDuplicate {
                code = Int(ids.find(id.baseAddress ?? UnsafePointer(bitPattern: 1)!, id.count)!)
            } else {
                code = Int(ids.intern(id.baseAddress ?? UnsafePointer(bitPattern: 1)!, id.count))
            }
            let line = firstLine + Int(parser.lines[r])
            if code == before {
                lines.append(UInt32(truncatingIfNeeded: line))
                appendRow(parser, r, maps)
            } else {
                duplicates += 1
                if policy == .error {
                    throw IngestError(
                        file: file, line: line, column: idName, value: String(decoding: id, as: UTF8.self),
                        reason: "duplicate customer id (first on line \(lines[code])); set \"duplicateIds\": \"last-wins\" to keep the last row")
                }
                replaceRow(code, parser, r, maps)
            }
        }
    }

    /// Appends the parser's rows `range` column by column.
    private func appendRows(_ parser: RowParser, _ range: Range<Int>, _ maps: [[UInt32]]) {
        let n = range.count
        if n == 0 { return }
        let lo = range.lowerBound
        for (c, column) in columns.enumerated() {
            let o = outputs[c]
            switch column {
            case .id: break
            case .f64(let b): b.append(contentsOf: parser.f64[o].base + lo, count: n)
            case .u8(let b): b.append(contentsOf: parser.u8[o].base + lo, count: n)
            case .i32(let b): b.append(contentsOf: parser.i32[o].base + lo, count: n)
            case .i64(let b): b.append(contentsOf: parser.i64[o].base + lo, count: n)
            case .category(let b, _):
                let codes = parser.categories[o].codes.base
                maps[c].withUnsafeBufferPointer { map in
                    b.reserve(b.count + n)
                    for r in range {
                        let local = codes[r]
                        b.append(local == CategoryBuilder.missing ? local : map[Int(local)])
                    }
                }
            case .text:
                for r in range { appendText(column, parser.texts[o].row(r)) }
            }
        }
    }

    private func appendText(_ column: Column, _ bytes: UnsafeBufferPointer<UInt8>) {
        guard case .text(let starts, let lengths, let heap) = column else { return }
        starts.append(UInt64(heap.count))
        lengths.append(UInt32(bytes.count))
        if let p = bytes.baseAddress { heap.append(contentsOf: p, count: bytes.count) }
    }

    private func appendRow(_ parser: RowParser, _ r: Int, _ maps: [[UInt32]]) {
        for (c, column) in columns.enumerated() {
            let o = outputs[c]
            switch column {
            case .id: break
            case .f64(let b): b.append(parser.f64[o][r])
            case .u8(let b): b.append(parser.u8[o][r])
            case .i32(let b): b.append(parser.i32[o][r])
            case .i64(let b): b.append(parser.i64[o][r])
            case .category(let b, _):
                let local = parser.categories[o].codes[r]
                b.append(local == CategoryBuilder.missing ? local : maps[c][Int(local)])
            case .text(let starts, let lengths, let heap):
                let bytes = parser.texts[o].row(r)
                starts.append(UInt64(heap.count))
                lengths.append(UInt32(bytes.count))
                if let p = bytes.baseAddress { heap.append(contentsOf: p, count: bytes.count) }
            }
        }
    }

    private func replaceRow(_ row: Int, _ parser: RowParser, _ r: Int, _ maps: [[UInt32]]) {
        for (c, column) in columns.enumerated() {
            let o = outputs[c]
            switch column {
            case .id: break
            case .f64(let b): b[row] = parser.f64[o][r]
            case .u8(let b): b[row] = parser.u8[o][r]
            case .i32(let b): b[row] = parser.i32[o][r]
            case .i64(let b): b[row] = parser.i64[o][r]
            case .category(let b, _):
                let local = parser.categories[o].codes[r]
                b[row] = local == CategoryBuilder.missing ? local : maps[c][Int(local)]
            case .text(let starts, let lengths, let heap):
                let bytes = parser.texts[o].row(r)
                starts[row] = UInt64(heap.count)
                lengths[row] = UInt32(bytes.count)
                if let p = bytes.baseAddress { heap.append(contentsOf: p, count: bytes.count) }
            }
        }
    }

    /// Writes the table's files into `folder` (relative name `prefix`), returns its manifest.
    func write(to folder: String, prefix: String) throws -> TableManifest {
        var manifests: [ColumnManifest] = []
        let n = rowCount
        for (c, column) in columns.enumerated() {
            let spec = specs[c]
            let base = "c\(c)"
            var m = ColumnManifest(
                name: spec.name, type: spec.type, role: spec.role, declared: spec.declared,
                file: "\(prefix)/\(base).\(ColumnStorage.fileExtension(for: spec.type))", missingCount: 0)
            let path = folder + "/" + base + "." + ColumnStorage.fileExtension(for: spec.type)
            switch column {
            case .id:
                var offsets = [UInt64](repeating: 0, count: n + 1)
                for i in 0...n { offsets[i] = UInt64(ids.offsets[i]) }
                let w = try ColumnFileWriter(path: path, syncer: syncer)
                try w.write(offsets)
                try w.close()
                let bw = try ColumnFileWriter(path: folder + "/\(base).bytes", syncer: syncer)
                try bw.write(UnsafeBufferPointer(start: ids.heap.base, count: ids.offsets[n]))
                try bw.close()
                m.bytesFile = "\(prefix)/\(base).bytes"
            case .f64(let b):
                m.missingCount = b.buffer.reduce(0) { $0 + ($1.isNaN ? 1 : 0) }
                try writeAll(b.buffer, path)
            case .u8(let b):
                m.missingCount = b.buffer.reduce(0) { $0 + ($1 == MissingValue.boolean ? 1 : 0) }
                try writeAll(b.buffer, path)
            case .i32(let b):
                m.missingCount = b.buffer.reduce(0) { $0 + ($1 == MissingValue.date ? 1 : 0) }
                try writeAll(b.buffer, path)
            case .i64(let b):
                m.missingCount = b.buffer.reduce(0) { $0 + ($1 == MissingValue.datetime ? 1 : 0) }
                try writeAll(b.buffer, path)
            case .category(let b, let dictionary):
                let remap = try writeSortedDictionary(
                    dictionary, offsetsPath: folder + "/\(base).dict.offsets", bytesPath: folder + "/\(base).dict.bytes", syncer: syncer)
                var missing = 0
                for i in 0..<n {
                    let code = b[i]
                    if code == MissingValue.category { missing += 1 } else { b[i] = remap[Int(code)] }
                }
                m.missingCount = missing
                m.dictionaryOffsetsFile = "\(prefix)/\(base).dict.offsets"
                m.dictionaryBytesFile = "\(prefix)/\(base).dict.bytes"
                m.dictionaryCount = dictionary.count
                try writeAll(b.buffer, path)
            case .text(let starts, let lengths, let heap):
                var offsets = [UInt64](repeating: 0, count: n + 1)
                let bw = try ColumnFileWriter(path: folder + "/\(base).bytes", syncer: syncer)
                var total: UInt64 = 0
                var missing = 0
                for i in 0..<n {
                    let len = Int(lengths[i])
                    if len == 0 { missing += 1 }
                    try bw.write(UnsafeRawPointer(heap.base + Int(starts[i])), len)
                    total += UInt64(len)
                    offsets[i + 1] = total
                }
                try bw.close()
                let w = try ColumnFileWriter(path: path, syncer: syncer)
                try w.write(offsets)
                try w.close()
                m.missingCount = missing
                m.bytesFile = "\(prefix)/\(base).bytes"
            }
            manifests.append(m)
        }
        // The id index: open addressing over FNV-1a 64 of the id bytes.
        var slotCount = 16
        while slotCount < n * 2 { slotCount <<= 1 }
        let slots = UnsafeMutablePointer<UInt32>.allocate(capacity: slotCount)
        defer { slots.deallocate() }
        slots.initialize(repeating: UInt32.max, count: slotCount)
        let mask = slotCount - 1
        for row in 0..<n {
            let e = ids.entry(row)
            var slot = Int(truncatingIfNeeded: fnv1a64(e.baseAddress ?? UnsafePointer(bitPattern: 1)!, e.count)) & mask
            while slots[slot] != UInt32.max { slot = (slot + 1) & mask }
            slots[slot] = UInt32(row)
        }
        let w = try ColumnFileWriter(path: folder + "/id.index", syncer: syncer)
        try w.write(UnsafeBufferPointer(start: slots, count: slotCount))
        try w.close()
        return TableManifest(
            name: "customers", rowCount: n, columns: manifests, idColumn: idName,
            idIndexFile: "\(prefix)/id.index", idIndexSlots: slotCount, sortedBy: [])
    }

    private func writeAll<T>(_ buffer: UnsafeBufferPointer<T>, _ path: String) throws {
        let w = try ColumnFileWriter(path: path, syncer: syncer)
        try w.write(buffer)
        try w.close()
    }

    /// Frees the column values (the ids stay for the activity lookups).
    func releaseColumns() {
        columns = columns.map { _ in .id }
    }
}

// MARK: - Activities

/// Where a table column's values come from for one source.
enum ActivityBinding {
    /// The parser's storage of that index.
    case output(Int)
    /// One category code for every row (the source, or a fixed type).
    case constant(UInt32)
    /// The source has no such column.
    case missing
}

final class ActivityTableBuilder {
    final class Column {
        let spec: TableColumnSpec
        let values: ColumnFileWriter
        let bytes: ColumnFileWriter?
        let dictionary: ByteStringTable?
        var textTotal: UInt64 = 0
        let tmpValues: String
        let tmpBytes: String?

        init(spec: TableColumnSpec, folder: String, index: Int) throws {
            self.spec = spec
            tmpValues = folder + "/.tmp-\(index).values"
            values = try ColumnFileWriter(path: tmpValues)
            if spec.type == .text {
                tmpBytes = folder + "/.tmp-\(index).bytes"
                bytes = try ColumnFileWriter(path: tmpBytes!)
            } else {
                tmpBytes = nil
                bytes = nil
            }
            dictionary = spec.type == .category ? ByteStringTable() : nil
        }
    }

    let folder: String
    let prefix: String
    let columns: [Column]
    let customerTmp: String
    let customerWriter: ColumnFileWriter
    private(set) var rowCount = 0
    var syncer: FileSyncer?
    private let scratch32 = GrowableBuffer<UInt32>(capacity: 1 << 16)
    private let scratch64 = GrowableBuffer<UInt64>(capacity: 1 << 16)

    init(specs: [TableColumnSpec], folder: String, prefix: String) throws {
        self.folder = folder
        self.prefix = prefix
        columns = try specs.enumerated().map { try Column(spec: $0.element, folder: folder, index: $0.offset) }
        customerTmp = folder + "/.tmp-customer.values"
        customerWriter = try ColumnFileWriter(path: customerTmp)
    }

    func column(role: ColumnManifest.Role) -> Column? { columns.first { $0.spec.role == role } }

    /// Whether the rows so far are in (customer, timestamp) order already
    /// (then `finish` keeps the files instead of reordering them).
    private(set) var inOrder = true
    private var lastCustomer: UInt32 = 0
    private var lastTimestamp = Int64.min
    private var syncedRows = 0

    func append(_ parser: RowParser, bindings: [ActivityBinding]) throws {
        let n = parser.rows
        if n == 0 { return }
        if inOrder {
            let customers = parser.customerRows.base
            var timestamps: UnsafeMutablePointer<Int64>?
            if let t = columns.firstIndex(where: { $0.spec.role == .timestamp }), case .output(let o) = bindings[t] {
                timestamps = parser.i64[o].base
            }
            for i in 0..<n {
                let c = customers[i]
                let t = timestamps?[i] ?? 0
                if c < lastCustomer || (c == lastCustomer && t < lastTimestamp) {
                    inOrder = false
                    break
                }
                lastCustomer = c
                lastTimestamp = t
            }
        }
        try customerWriter.write(parser.customerRows.buffer)
        for (c, column) in columns.enumerated() {
            switch bindings[c] {
            case .missing:
                switch column.spec.type {
                case .number: try column.values.write(repeating: Double.nan, count: n)
                case .boolean: try column.values.write(repeating: MissingValue.boolean, count: n)
                case .date: try column.values.write(repeating: MissingValue.date, count: n)
                case .datetime: try column.values.write(repeating: MissingValue.datetime, count: n)
                case .category: try column.values.write(repeating: MissingValue.category, count: n)
                case .text: try column.values.write(repeating: column.textTotal, count: n)
                }
            case .constant(let code):
                try column.values.write(repeating: code, count: n)
            case .output(let o):
                switch column.spec.type {
                case .number: try column.values.write(parser.f64[o].buffer)
                case .boolean: try column.values.write(parser.u8[o].buffer)
                case .date: try column.values.write(parser.i32[o].buffer)
                case .datetime: try column.values.write(parser.i64[o].buffer)
                case .category:
                    let local = parser.categories[o]
                    let dictionary = column.dictionary!
                    let map: [UInt32] = (0..<local.dictionary.count).map { code in
                        let e = local.dictionary.entry(code)
                        return dictionary.intern(e.baseAddress ?? UnsafePointer(bitPattern: 1)!, e.count)
                    }
                    scratch32.removeAll()
                    scratch32.reserve(n)
                    let codes = local.codes.base
                    map.withUnsafeBufferPointer { m in
                        for i in 0..<n {
                            let code = codes[i]
                            scratch32.append(code == MissingValue.category ? code : m[Int(code)])
                        }
                    }
                    try column.values.write(scratch32.buffer)
                case .text:
                    let t = parser.texts[o]
                    scratch64.removeAll()
                    scratch64.reserve(n)
                    for i in 0..<n { scratch64.append(t.ends[i] + column.textTotal) }
                    try column.values.write(scratch64.buffer)
                    try column.bytes!.write(t.bytes.buffer)
                    column.textTotal += UInt64(t.bytes.count)
                }
            }
        }
        rowCount += n
        // While the files may become the final ones, let the disk start on them.
        if inOrder, let syncer, rowCount - syncedRows >= 2_000_000 {
            syncedRows = rowCount
            syncer.enqueue(customerTmp, bestEffort: true)
            for column in columns {
                syncer.enqueue(column.tmpValues, bestEffort: true)
                if let b = column.tmpBytes { syncer.enqueue(b, bestEffort: true) }
            }
        }
    }

    /// Sorts the rows by (customer, timestamp), writes the final files and the
    /// per-customer offsets, removes the temporary files.
    func finish(customerCount: Int, threads: Int) throws -> TableManifest {
        try customerWriter.close(sync: false)
        for column in columns {
            try column.values.close(sync: false)
            try column.bytes?.close(sync: false)
        }
        let m = rowCount
        guard m < Int(UInt32.max) else {
            throw IngestError(reason: "more than \(UInt32.max - 1) activities; the snapshot format counts rows in 32 bits")
        }

        if inOrder { return try finishInOrder(customerCount: customerCount) }

        // The permutation: a stable counting sort by customer, then by
        // timestamp within each customer (usually already in order).
        var offsets = [UInt64](repeating: 0, count: customerCount + 1)
        let perm = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: max(1, m))
        defer { perm.deallocate() }
        do {
            let customerMap = try MappedFile(path: customerTmp)
            defer { withExtendedLifetime(customerMap) {} }
            let customerOf = customerMap.buffer(of: UInt32.self)
            for c in customerOf { offsets[Int(c) + 1] += 1 }
            for i in 0..<customerCount { offsets[i + 1] += offsets[i] }
            let next = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: customerCount + 1)
            defer { next.deallocate() }
            _ = next.initialize(from: offsets)
            for i in 0..<customerOf.count {
                let k = Int(customerOf[i])
                perm[Int(next[k])] = UInt32(truncatingIfNeeded: i)
                next[k] += 1
            }
        }
        // The timestamps in customer order (gathered once, they are a column
        // of the result), then each customer's run sorted by time, the
        // permutation along with it. Runs are independent: two threads.
        let timestampIndex = columns.firstIndex { $0.spec.role == .timestamp }
        var sortedTimestamps: UnsafeMutableBufferPointer<Int64>?
        defer { sortedTimestamps?.deallocate() }
        if let timestampIndex {
            let tsMap = try HugePageCopy(path: columns[timestampIndex].tmpValues)
            defer { withExtendedLifetime(tsMap) {} }
            let st = UnsafeMutableBufferPointer<Int64>.allocate(capacity: max(1, m))
            sortedTimestamps = st
            let runOffsets = offsets
            let parts = max(1, min(threads, m / 65_536 + 1))
            let shared = UncheckedSendable((tsMap.buffer(of: Int64.self), perm, st))
            parallelFor(parts) { part in
                let (ts, perm, st) = shared.value
                for i in (m * part / parts)..<(m * (part + 1) / parts) { st[i] = ts[Int(perm[i])] }
            }
            parallelFor(parts) { part in
                let (_, perm, st) = shared.value
                for c in (customerCount * part / parts)..<(customerCount * (part + 1) / parts) {
                    let lo = Int(runOffsets[c]), hi = Int(runOffsets[c + 1])
                    if hi - lo < 2 { continue }
                    var sorted = true
                    for i in (lo + 1)..<hi where st[i] < st[i - 1] {
                        sorted = false
                        break
                    }
                    if sorted { continue }
                    // Stable: equal timestamps keep the file order (perm rises within a run).
                    if hi - lo <= 48 {
                        for i in (lo + 1)..<hi {
                            let key = perm[i], t = st[i]
                            var j = i - 1
                            while j >= lo && st[j] > t {
                                perm[j + 1] = perm[j]
                                st[j + 1] = st[j]
                                j -= 1
                            }
                            perm[j + 1] = key
                            st[j + 1] = t
                        }
                    } else {
                        var items = (lo..<hi).map { (st[$0], perm[$0]) }
                        items.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                        for (k, item) in items.enumerated() {
                            st[lo + k] = item.0
                            perm[lo + k] = item.1
                        }
                    }
                }
            }
        }

        var manifests: [ColumnManifest] = []
        let permView = UnsafeBufferPointer(rebasing: perm[0..<m])
        for (c, column) in columns.enumerated() {
            let spec = column.spec
            let base = Self.fileBase(spec: spec, index: c)
            var (manifest, path) = Self.columnFile(spec: spec, base: base, folder: folder, prefix: prefix)
            if c == timestampIndex, let st = sortedTimestamps {
                let w = try ColumnFileWriter(path: path, syncer: syncer)
                try w.write(UnsafeBufferPointer(rebasing: st[0..<m]))
                try w.close()
                manifest.missingCount = st[0..<m].reduce(0) { $0 + ($1 == MissingValue.datetime ? 1 : 0) }
                unlink(column.tmpValues)
                manifests.append(manifest)
                continue
            }
            if spec.role == .source, let dictionary = column.dictionary, dictionary.count == 1 {
                // One source: every row has code 0.
                _ = try writeSortedDictionary(
                    dictionary, offsetsPath: folder + "/\(base).dict.offsets",
                    bytesPath: folder + "/\(base).dict.bytes", syncer: syncer)
                manifest.dictionaryOffsetsFile = "\(prefix)/\(base).dict.offsets"
                manifest.dictionaryBytesFile = "\(prefix)/\(base).dict.bytes"
                manifest.dictionaryCount = 1
                let w = try ColumnFileWriter(path: path, syncer: syncer)
                try w.write(repeating: UInt32(0), count: m)
                try w.close()
                unlink(column.tmpValues)
                manifests.append(manifest)
                continue
            }
            let src = try HugePageCopy(path: column.tmpValues)
            defer { withExtendedLifetime(src) {} }
            switch spec.type {
            case .number:
                manifest.missingCount = try gather(src.buffer(of: Double.self), permView, path, threads, syncer) { v, missing in
                    if v.isNaN { missing += 1 }
                    return v
                }
            case .boolean:
                manifest.missingCount = try gather(src.buffer(of: UInt8.self), permView, path, threads, syncer) { v, missing in
                    if v == MissingValue.boolean { missing += 1 }
                    return v
                }
            case .date:
                manifest.missingCount = try gather(src.buffer(of: Int32.self), permView, path, threads, syncer) { v, missing in
                    if v == MissingValue.date { missing += 1 }
                    return v
                }
            case .datetime:
                manifest.missingCount = try gather(src.buffer(of: Int64.self), permView, path, threads, syncer) { v, missing in
                    if v == MissingValue.datetime { missing += 1 }
                    return v
                }
            case .category:
                let remap = try writeSortedDictionary(
                    column.dictionary!, offsetsPath: folder + "/\(base).dict.offsets",
                    bytesPath: folder + "/\(base).dict.bytes", syncer: syncer)
                manifest.dictionaryOffsetsFile = "\(prefix)/\(base).dict.offsets"
                manifest.dictionaryBytesFile = "\(prefix)/\(base).dict.bytes"
                manifest.dictionaryCount = remap.count
                manifest.missingCount = try remap.withUnsafeBufferPointer { r in
                    try gather(src.buffer(of: UInt32.self), permView, path, threads, syncer) { v, missing in
                        if v == MissingValue.category {
                            missing += 1
                            return v
                        }
                        return r[Int(v)]
                    }
                }
            case .text:
                let bytesMap = try MappedFile(path: column.tmpBytes!)
                defer { withExtendedLifetime(bytesMap) {} }
                manifest.missingCount = try gatherText(
                    ends: src.buffer(of: UInt64.self), bytes: bytesMap.bytes, permView,
                    offsetsPath: path, bytesPath: folder + "/\(base).bytes", syncer: syncer)
                manifest.bytesFile = "\(prefix)/\(base).bytes"
                unlink(column.tmpBytes!)
            }
            unlink(column.tmpValues)
            manifests.append(manifest)
        }

        // The customer column in the new order, and the offsets.
        let customerPath = folder + "/customer.u32"
        let w = try ColumnFileWriter(path: customerPath, syncer: syncer)
        let block = GrowableBuffer<UInt32>(capacity: 1 << 16)
        for c in 0..<customerCount {
            let count = Int(offsets[c + 1] - offsets[c])
            if count == 0 { continue }
            if block.count + count > (1 << 16) {
                try w.write(block.buffer)
                block.removeAll()
            }
            block.append(repeating: UInt32(c), count: count)
        }
        try w.write(block.buffer)
        try w.close()
        let ow = try ColumnFileWriter(path: folder + "/customer.offsets", syncer: syncer)
        try ow.write(offsets)
        try ow.close()
        unlink(customerTmp)

        return TableManifest(
            name: "activities", rowCount: m, columns: manifests,
            customerFile: "\(prefix)/customer.u32", customerOffsetsFile: "\(prefix)/customer.offsets",
            sortedBy: timestampIndex == nil ? ["customer"] : ["customer", "timestamp"])
    }

    /// `finish` for rows that came in (customer, timestamp) order: the
    /// temporary files become the final ones; category codes are remapped in place.
    private func finishInOrder(customerCount: Int) throws -> TableManifest {
        let m = rowCount
        var offsets = [UInt64](repeating: 0, count: customerCount + 1)
        do {
            let customerMap = try MappedFile(path: customerTmp)
            defer { withExtendedLifetime(customerMap) {} }
            for c in customerMap.buffer(of: UInt32.self) { offsets[Int(c) + 1] += 1 }
        }
        for i in 0..<customerCount { offsets[i + 1] += offsets[i] }
        func place(_ from: String, _ to: String) throws {
            if rename(from, to) != 0 { throw IngestError(file: to, reason: "cannot rename \(from)") }
        }
        func synced(_ path: String) throws {
            if let syncer {
                syncer.enqueue(path)
            } else {
                let fd = open(path, O_RDONLY)
                defer { if fd >= 0 { close(fd) } }
                if fd < 0 || fsync(fd) != 0 { throw IngestError(file: path, reason: "cannot sync the file") }
            }
        }
        var manifests: [ColumnManifest] = []
        for (c, column) in columns.enumerated() {
            let spec = column.spec
            let base = Self.fileBase(spec: spec, index: c)
            var (manifest, path) = Self.columnFile(spec: spec, base: base, folder: folder, prefix: prefix)
            switch spec.type {
            case .text:
                let identity = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: max(1, m))
                defer { identity.deallocate() }
                for i in 0..<m { identity[i] = UInt32(i) }
                let src = try MappedFile(path: column.tmpValues)
                defer { withExtendedLifetime(src) {} }
                let bytesMap = try MappedFile(path: column.tmpBytes!)
                defer { withExtendedLifetime(bytesMap) {} }
                manifest.missingCount = try gatherText(
                    ends: src.buffer(of: UInt64.self), bytes: bytesMap.bytes,
                    UnsafeBufferPointer(rebasing: identity[0..<m]),
                    offsetsPath: path, bytesPath: folder + "/\(base).bytes", syncer: syncer)
                manifest.bytesFile = "\(prefix)/\(base).bytes"
                unlink(column.tmpValues)
                unlink(column.tmpBytes!)
            case .category:
                let remap = try writeSortedDictionary(
                    column.dictionary!, offsetsPath: folder + "/\(base).dict.offsets",
                    bytesPath: folder + "/\(base).dict.bytes", syncer: syncer)
                manifest.dictionaryOffsetsFile = "\(prefix)/\(base).dict.offsets"
                manifest.dictionaryBytesFile = "\(prefix)/\(base).dict.bytes"
                manifest.dictionaryCount = remap.count
                try place(column.tmpValues, path)
                let identity = remap.enumerated().allSatisfy { $0.offset == Int($0.element) }
                let map = try MappedFile(path: path, writable: !identity)
                defer { withExtendedLifetime(map) {} }
                var missing = 0
                if identity {
                    for v in map.buffer(of: UInt32.self) where v == MissingValue.category { missing += 1 }
                } else {
                    let codes = map.mutableBuffer(of: UInt32.self)
                    remap.withUnsafeBufferPointer { r in
                        for i in 0..<codes.count {
                            let v = codes[i]
                            if v == MissingValue.category { missing += 1 } else { codes[i] = r[Int(v)] }
                        }
                    }
                }
                manifest.missingCount = missing
                try synced(path)
            case .number:
                try place(column.tmpValues, path)
                manifest.missingCount = try countMissing(path, Double.self) { $0.isNaN }
                try synced(path)
            case .boolean:
                try place(column.tmpValues, path)
                manifest.missingCount = try countMissing(path, UInt8.self) { $0 == MissingValue.boolean }
                try synced(path)
            case .date:
                try place(column.tmpValues, path)
                manifest.missingCount = try countMissing(path, Int32.self) { $0 == MissingValue.date }
                try synced(path)
            case .datetime:
                try place(column.tmpValues, path)
                manifest.missingCount = try countMissing(path, Int64.self) { $0 == MissingValue.datetime }
                try synced(path)
            }
            manifests.append(manifest)
        }
        try place(customerTmp, folder + "/customer.u32")
        try synced(folder + "/customer.u32")
        let ow = try ColumnFileWriter(path: folder + "/customer.offsets", syncer: syncer)
        try ow.write(offsets)
        try ow.close()
        let timestamped = columns.contains { $0.spec.role == .timestamp }
        return TableManifest(
            name: "activities", rowCount: m, columns: manifests,
            customerFile: "\(prefix)/customer.u32", customerOffsetsFile: "\(prefix)/customer.offsets",
            sortedBy: timestamped ? ["customer", "timestamp"] : ["customer"])
    }

    /// A column's manifest entry (missing count 0 for now) and the path of its value file.
    static func columnFile(
        spec: TableColumnSpec, base: String, folder: String, prefix: String
    ) -> (ColumnManifest, String) {
        let ext = ColumnStorage.fileExtension(for: spec.type)
        let manifest = ColumnManifest(
            name: spec.name, type: spec.type, role: spec.role, declared: spec.declared,
            file: "\(prefix)/\(base).\(ext)", missingCount: 0)
        return (manifest, folder + "/\(base).\(ext)")
    }

    static func fileBase(spec: TableColumnSpec, index: Int) -> String {
        switch spec.role {
        case .source?: return "source"
        case .type?: return "type"
        case .timestamp?: return "timestamp"
        case .amount?: return "amount"
        case .id?, nil: return "x\(index)"
        }
    }

    /// Deletes the temporary files (after a failure).
    func removeTemporaryFiles() {
        unlink(customerTmp)
        for column in columns {
            unlink(column.tmpValues)
            if let b = column.tmpBytes { unlink(b) }
        }
    }
}

/// The number of values of a column file for which `isMissing` holds.
private func countMissing<T>(_ path: String, _ type: T.Type, _ isMissing: (T) -> Bool) throws -> Int {
    let map = try MappedFile(path: path)
    return withExtendedLifetime(map) {
        var missing = 0
        for v in map.buffer(of: T.self) where isMissing(v) { missing += 1 }
        return missing
    }
}

/// `dest[i] = transform(src[perm[i]])`, written to `path` by `threads` threads;
/// returns the count of values `transform` marked missing.
private func gather<T: BitwiseCopyable>(
    _ src: UnsafeBufferPointer<T>, _ perm: UnsafeBufferPointer<UInt32>, _ path: String, _ threads: Int,
    _ syncer: FileSyncer?, _ transform: (T, inout Int) -> T
) throws -> Int {
    let m = perm.count
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    if fd < 0 { throw IngestError(file: path, reason: "cannot create the file") }
    defer { close(fd) }
    let stride = MemoryLayout<T>.stride
    if ftruncate(fd, off_t(m * stride)) != 0 { throw IngestError(file: path, reason: "cannot size the file") }
    let parts = max(1, min(threads, m / 65_536 + 1))
    let missingCounts = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
    defer { missingCounts.deallocate() }
    let failed = UnsafeMutableBufferPointer<Bool>.allocate(capacity: parts)
    defer { failed.deallocate() }
    let shared = UncheckedSendable((src, perm, missingCounts, failed))
    try withoutActuallyEscaping(transform) { transform in
        let work = UncheckedSendable(transform)
        parallelFor(parts) { part in
            let (src, perm, missingCounts, failed) = shared.value
            let lo = m * part / parts, hi = m * (part + 1) / parts
            let blockSize = 1 << 15
            let buffer = UnsafeMutablePointer<T>.allocate(capacity: blockSize)
            defer { buffer.deallocate() }
            var missing = 0
            var ok = true
            var i = lo
            while i < hi {
                let n = min(blockSize, hi - i)
                for k in 0..<n { buffer[k] = work.value(src[Int(perm[i + k])], &missing) }
                let bytes = n * stride
                var done = 0
                while done < bytes {
                    let w = pwrite(fd, UnsafeRawPointer(buffer) + done, bytes - done, off_t(i * stride + done))
                    if w <= 0 { ok = false; break }
                    done += w
                }
                if !ok { break }
                i += n
            }
            missingCounts[part] = missing
            failed[part] = !ok
        }
        if failed.contains(true) { throw IngestError(file: path, reason: "cannot write the file") }
    }
    if let syncer {
        syncer.enqueue(path)
    } else if fsync(fd) != 0 {
        throw IngestError(file: path, reason: "cannot sync the file")
    }
    return missingCounts.reduce(0, +)
}

/// Reorders a text column: returns the count of empty (missing) values.
private func gatherText(
    ends: UnsafeBufferPointer<UInt64>, bytes: UnsafePointer<UInt8>?, _ perm: UnsafeBufferPointer<UInt32>,
    offsetsPath: String, bytesPath: String, syncer: FileSyncer?
) throws -> Int {
    let ow = try ColumnFileWriter(path: offsetsPath, syncer: syncer)
    let bw = try ColumnFileWriter(path: bytesPath, syncer: syncer)
    let offsets = GrowableBuffer<UInt64>(capacity: 1 << 16)
    let heap = GrowableBuffer<UInt8>(capacity: 1 << 20)
    offsets.append(0)
    var total: UInt64 = 0
    var missing = 0
    for i in 0..<perm.count {
        let r = Int(perm[i])
        let start = r == 0 ? 0 : ends[r - 1]
        let len = Int(ends[r] - start)
        if len == 0 { missing += 1 } else { heap.append(contentsOf: bytes! + Int(start), count: len) }
        total += UInt64(len)
        offsets.append(total)
        if offsets.count == 1 << 16 {
            try ow.write(offsets.buffer)
            offsets.removeAll()
        }
        if heap.count >= 1 << 20 {
            try bw.write(heap.buffer)
            heap.removeAll()
        }
    }
    try bw.write(heap.buffer)
    try ow.write(offsets.buffer)
    try ow.close()
    try bw.close()
    return missing
}
