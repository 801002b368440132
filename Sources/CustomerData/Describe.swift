import Foundation

/// Schema, row counts and per-column statistics of a snapshot (`audience describe`).
public struct SnapshotDescription: Codable, Sendable, Equatable {
    public struct TopValue: Codable, Sendable, Equatable {
        public var value: String
        public var count: Int
    }

    public struct Column: Codable, Sendable, Equatable {
        public var name: String
        public var type: ColumnType
        /// `id`, `source`, `type`, `timestamp`, `amount` for columns with a fixed meaning.
        public var role: String?
        public var missingCount: Int
        /// Missing values in percent of the rows (0–100).
        public var missingPercent: Double
        /// Distinct non-missing values.
        public var distinctCount: Int
        /// Numbers, dates (`yyyy-MM-dd`), datetimes (ISO 8601 UTC); categories and text by byte order.
        public var min: String?
        public var max: String?
        /// Numbers only.
        public var mean: Double?
        /// The five most frequent values (categories, text, booleans), most frequent first.
        public var top: [TopValue]?
    }

    public struct Table: Codable, Sendable, Equatable {
        public var name: String
        public var rowCount: Int
        public var columns: [Column]
        /// Activities: customers with at least one activity.
        public var customersWithActivities: Int?
    }

    public var generation: String
    public var createdAt: String
    public var timeZone: String
    public var snapshotBytes: Int
    public var tables: [Table]

    public init(snapshot: Snapshot) {
        generation = snapshot.directory.lastPathComponent
        createdAt = snapshot.manifest.createdAt
        timeZone = snapshot.manifest.timeZone
        snapshotBytes = snapshot.manifest.totalBytes
        var customers = Self.describe(snapshot.customers)
        customers.customersWithActivities = nil
        var activities = Self.describe(snapshot.activities)
        var withActivities = 0
        let offsets = snapshot.activityOffsets
        for c in 0..<max(0, offsets.count - 1) where offsets[c + 1] > offsets[c] { withActivities += 1 }
        activities.customersWithActivities = withActivities
        tables = [customers, activities]
    }

    static func describe(_ table: SnapshotTable) -> Table {
        // Columns are described concurrently (sorting a copy is the costly part).
        let n = table.columns.count
        let results = UnsafeMutableBufferPointer<Column?>.allocate(capacity: max(1, n))
        results.initialize(repeating: nil)
        defer {
            _ = results.deinitialize()
            results.deallocate()
        }
        let shared = UncheckedSendable((table, results))
        let threads = min(n, defaultThreadCount)
        parallelFor(threads) { part in
            let (table, results) = shared.value
            var index = part
            while index < n {
                results[index] = describe(
                    table.columns[index], rows: table.rowCount, role: table.manifest.columns[index].role?.rawValue)
                index += threads
            }
        }
        let columns = (0..<n).map { results[$0]! }
        return Table(name: table.name, rowCount: table.rowCount, columns: columns, customersWithActivities: nil)
    }

    static func describe(_ column: SnapshotColumn, rows: Int, role: String?) -> Column {
        var d = Column(
            name: column.name, type: column.type, role: role, missingCount: 0, missingPercent: 0, distinctCount: 0,
            min: nil, max: nil, mean: nil, top: nil)
        switch column {
        case .number(let c):
            var values: [Double] = []
            values.reserveCapacity(rows)
            var sum = 0.0
            for v in c.values where !v.isNaN {
                values.append(v)
                sum += v
            }
            d.missingCount = rows - values.count
            values.sort()
            d.distinctCount = countDistinctSorted(values)
            if let lo = values.first, let hi = values.last {
                d.min = formatNumber(lo)
                d.max = formatNumber(hi)
                d.mean = sum / Double(values.count)
            }
        case .date(let c):
            var values: [Int32] = []
            values.reserveCapacity(rows)
            for v in c.values where v != MissingValue.date { values.append(v) }
            d.missingCount = rows - values.count
            values.sort()
            d.distinctCount = countDistinctSorted(values)
            if let lo = values.first, let hi = values.last {
                d.min = formatDate(days: Int(lo))
                d.max = formatDate(days: Int(hi))
            }
        case .datetime(let c):
            var values: [Int64] = []
            values.reserveCapacity(rows)
            for v in c.values where v != MissingValue.datetime { values.append(v) }
            d.missingCount = rows - values.count
            values.sort()
            d.distinctCount = countDistinctSorted(values)
            if let lo = values.first, let hi = values.last {
                d.min = formatDatetimeUTC(milliseconds: lo)
                d.max = formatDatetimeUTC(milliseconds: hi)
            }
        case .boolean(let c):
            var counts = [0, 0, 0]
            for v in c.values { counts[Int(Swift.min(v, 2))] += 1 }
            d.missingCount = counts[2]
            d.distinctCount = (counts[0] > 0 ? 1 : 0) + (counts[1] > 0 ? 1 : 0)
            d.top = [TopValue(value: "true", count: counts[1]), TopValue(value: "false", count: counts[0])]
                .filter { $0.count > 0 }.sorted { $0.count > $1.count }
        case .category(let c):
            var counts = [Int](repeating: 0, count: c.dictionary.count)
            var missing = 0
            for code in c.codes {
                if code == MissingValue.category { missing += 1 } else { counts[Int(code)] += 1 }
            }
            d.missingCount = missing
            d.distinctCount = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
            if let lo = counts.firstIndex(where: { $0 > 0 }), let hi = counts.lastIndex(where: { $0 > 0 }) {
                d.min = c.dictionary.string(at: lo)
                d.max = c.dictionary.string(at: hi)
            }
            d.top = topValues(counts) { c.dictionary.string(at: $0) }
        case .text(let c):
            let table = ByteStringTable(expectedCount: Swift.min(rows, 1 << 20))
            var counts: [Int] = []
            var missing = 0
            for i in 0..<rows {
                let b = c.values.bytes(at: i)
                if b.count == 0 { missing += 1; continue }
                let code = Int(table.intern(b.baseAddress!, b.count))
                if code == counts.count { counts.append(1) } else { counts[code] += 1 }
            }
            d.missingCount = missing
            d.distinctCount = table.count
            if table.count > 0 {
                var lo = 0, hi = 0
                for k in 1..<table.count {
                    if compareBytes(table.entry(k), table.entry(lo)) < 0 { lo = k }
                    if compareBytes(table.entry(k), table.entry(hi)) > 0 { hi = k }
                }
                d.min = table.string(lo)
                d.max = table.string(hi)
            }
            // Top values of a column without repeats (ids) say nothing.
            d.top = table.count < rows - missing ? topValues(counts) { table.string($0) } : nil
        }
        d.missingPercent = rows == 0 ? 0 : Double(d.missingCount) * 100 / Double(rows)
        return d
    }

    static func topValues(_ counts: [Int], name: (Int) -> String) -> [TopValue] {
        var best: [(Int, Int)] = []  // (count, index), at most 5, most frequent first
        for (i, n) in counts.enumerated() where n > 0 {
            if best.count == 5 && n <= best[4].0 { continue }
            var k = best.count
            while k > 0 && best[k - 1].0 < n { k -= 1 }
            best.insert((n, i), at: k)
            if best.count > 5 { best.removeLast() }
        }
        return best.map { TopValue(value: name($0.1), count: $0.0) }
    }

    /// The description for the terminal.
    public func render() -> String {
        var out = "Snapshot \(generation), created \(createdAt), time zone \(timeZone), \(formatBytes(snapshotBytes))\n"
        for table in tables {
            out += "\n\(table.name): \(groupDigits(table.rowCount)) rows"
            if let n = table.customersWithActivities { out += " (\(groupDigits(n)) customers with activities)" }
            out += "\n"
            var rows: [[String]] = [["column", "type", "missing", "distinct", "min", "max", "top values"]]
            for c in table.columns {
                let name = c.role.map { c.name == $0 ? c.name : "\(c.name) (\($0))" } ?? c.name
                let top = (c.top ?? []).map { "\(shorten($0.value, 20)) (\(groupDigits($0.count)))" }.joined(separator: ", ")
                rows.append([
                    name, c.type.rawValue, String(format: "%.1f%%", c.missingPercent), groupDigits(c.distinctCount),
                    shorten(c.min ?? "", 24), shorten(c.max ?? "", 24), top,
                ])
            }
            var widths = [Int](repeating: 0, count: rows[0].count)
            for r in rows { for (i, cell) in r.enumerated() { widths[i] = Swift.max(widths[i], cell.count) } }
            for r in rows {
                var line = "  "
                for (i, cell) in r.enumerated() {
                    let last = i == r.count - 1
                    line += last ? cell : cell.padding(toLength: widths[i] + 2, withPad: " ", startingAt: 0)
                }
                while line.hasSuffix(" ") { line.removeLast() }
                out += line + "\n"
            }
        }
        return out
    }

    /// The description as pretty-printed JSON (`describe --json`).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }
}

extension SnapshotDescription: CustomStringConvertible {
    public var description: String { render() }
}

private func countDistinctSorted<T: Equatable>(_ values: [T]) -> Int {
    guard var previous = values.first else { return 0 }
    var n = 1
    for v in values.dropFirst() where v != previous {
        n += 1
        previous = v
    }
    return n
}

private func shorten(_ s: String, _ n: Int) -> String {
    s.count <= n ? s : String(s.prefix(n - 1)) + "…"
}

func groupDigits(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, ch) in digits.enumerated() {
        if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
        out.append(ch)
    }
    return n < 0 ? "-" + out : out
}

func formatBytes(_ n: Int) -> String {
    let units = ["B", "KB", "MB", "GB", "TB"]
    var v = Double(n)
    var u = 0
    while v >= 1000 && u < units.count - 1 { v /= 1000; u += 1 }
    return u == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[u])
}
