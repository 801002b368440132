import CustomerData
import Dispatch
import Synchronization

/// Computes every activity aggregate of a batch in one pass over the activities.
///
/// The activities are sorted by customer, with per-customer offsets. The scan
/// walks each customer's rows once; a row is tested only against the filters
/// that name its type (a table by type code), with the window as two integer
/// comparisons on the timestamp and category conditions as a table lookup by
/// code. Each filter keeps running totals (count, first and last row, and
/// sum/count/min/max of each numeric field it needs) that are written out when
/// the customer ends. Customers are cut into chunks of about equal activity
/// counts that the threads take in turn.
///
/// - Complexity: O(activities × filters per type) for the scan, plus one pass
///   over the activity column of each non-category field condition.
final class ActivityScan: Sendable {
    let snapshot: Snapshot
    let time: TimeContext
    let threads: Int
    /// Where the output columns' memory comes from (`nil`: fresh allocations).
    let pool: BufferPool?

    init(snapshot: Snapshot, time: TimeContext, threads: Int, pool: BufferPool? = nil) {
        self.snapshot = snapshot
        self.time = time
        self.threads = max(1, threads)
        self.pool = pool
    }

    /// What a filter must keep for its aggregates.
    struct Needs {
        /// Whether a `count` aggregate reads the number of matching activities.
        var count = false
        var first = false
        var last = false
        /// Numeric fields with what each needs: sum, count of non-empty values, min, max.
        var fields: [String: (sum: Bool, count: Bool, min: Bool, max: Bool)] = [:]
        var fieldOrder: [String] = []
        var distinctFields: [String] = []

        mutating func field(_ name: String, sum: Bool = false, min: Bool = false, max: Bool = false) {
            if fields[name] == nil {
                fields[name] = (false, false, false, false)
                fieldOrder.append(name)
            }
            fields[name]!.sum = fields[name]!.sum || sum
            fields[name]!.count = true
            fields[name]!.min = fields[name]!.min || min
            fields[name]!.max = fields[name]!.max || max
        }
    }

    /// The running totals of one filter after the scan, one value per customer.
    final class FilterTotals {
        /// The number of matching activities, as the number column `count` gives (when a `count` needs it).
        var count: OwnedBuffer<Double>?
        var firstRow: OwnedBuffer<UInt32>?
        var lastRow: OwnedBuffer<UInt32>?
        var sums: [String: OwnedBuffer<Double>] = [:]
        var counts: [String: OwnedBuffer<Int32>] = [:]
        var minimums: [String: OwnedBuffer<Double>] = [:]
        var maximums: [String: OwnedBuffer<Double>] = [:]
        var distinctCounts: [String: OwnedBuffer<Double>] = [:]

    }

    /// The value column of every aggregate, zero/empty for customers without a matching activity.
    ///
    /// - Throws: `EvaluationError.badMeasure` when an aggregate names an activity
    ///   field the snapshot does not have (validation catches this first).
    func compute(_ aggregates: [ActivityAggregate]) throws -> [ActivityAggregate: ValueColumn] {
        try compute(aggregates, tests: []).columns
    }

    /// The value column of every aggregate in `aggregates` and the members of
    /// every test in `tests`, from one scan.
    ///
    /// A test's aggregate gets no column unless `aggregates` has it too: the scan
    /// keeps its running totals and tests them as each customer ends.
    ///
    /// - Throws: `EvaluationError.badMeasure` when an aggregate names an activity
    ///   field the snapshot does not have (validation catches this first).
    func compute(_ aggregates: [ActivityAggregate], tests: [ActivityTest]) throws
        -> (columns: [ActivityAggregate: ValueColumn], tests: [ActivityTest: Bitset])
    {
        var filterIndex: [ActivityFilter: Int] = [:]
        var filters: [ActivityFilter] = []
        // What the scan keeps of each filter, and what of it goes out as columns.
        var needs: [Needs] = []
        var outputs: [Needs] = []
        func index(of aggregate: ActivityAggregate) -> Int {
            let filter = ActivityFilter(aggregate)
            if let known = filterIndex[filter] { return known }
            filterIndex[filter] = filters.count
            filters.append(filter)
            needs.append(Needs())
            outputs.append(Needs())
            return filters.count - 1
        }
        func need(_ aggregate: ActivityAggregate, _ need: inout Needs) {
            let field = aggregate.field ?? ""
            switch aggregate.function {
            case .count: need.count = true
            case .sum: need.field(field, sum: true)
            case .avg: need.field(field, sum: true)
            case .min: need.field(field, min: true)
            case .max: need.field(field, max: true)
            case .distinctCount:
                if !need.distinctFields.contains(field) { need.distinctFields.append(field) }
            case .first, .daysSinceFirst: need.first = true
            case .last, .daysSinceLast: need.last = true
            }
        }
        var unique: [ActivityAggregate] = []
        var seen = Set<ActivityAggregate>()
        for aggregate in aggregates where seen.insert(aggregate).inserted {
            unique.append(aggregate)
            let filter = index(of: aggregate)
            need(aggregate, &needs[filter])
            need(aggregate, &outputs[filter])
        }
        var uniqueTests: [ActivityTest] = []
        var seenTests = Set<ActivityTest>()
        for test in tests where seenTests.insert(test).inserted {
            precondition(ActivityTest.coversFunction(of: test.aggregate),
                         "ActivityScan.compute: \(test.aggregate.function.rawValue) cannot be tested in the scan")
            uniqueTests.append(test)
            need(test.aggregate, &needs[index(of: test.aggregate)])
        }
        let (totals, members) = try scan(
            filters, needs, outputs, tests: uniqueTests.map { ($0, filterIndex[ActivityFilter($0.aggregate)]!) })
        let columns = try columns(of: unique, totals: unique.map { totals[filterIndex[ActivityFilter($0)]!] })
        return (columns, Dictionary(uniqueKeysWithValues: zip(uniqueTests, members)))
    }

    /// Each aggregate's column from its filter's totals, on the scan's threads
    /// (averages, days since and gathered fields are a pass over every customer each).
    private func columns(of aggregates: [ActivityAggregate], totals: [FilterTotals]) throws
        -> [ActivityAggregate: ValueColumn]
    {
        let job = DerivationJob(scan: self, aggregates: aggregates, totals: totals)
        let made = Mutex<[Int: Result<ValueColumn, any Error>]>([:])
        let next = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: min(threads, max(1, aggregates.count))) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if index >= job.aggregates.count { break }
                let column = Result { try job.scan.column(of: job.aggregates[index], job.totals[index]) }
                made.withLock { $0[index] = column }
            }
        }
        let results = made.withLock { $0 }
        var columns: [ActivityAggregate: ValueColumn] = [:]
        for (index, aggregate) in aggregates.enumerated() {
            columns[aggregate] = try results[index]!.get()
        }
        return columns
    }

    /// An activity column by name, as a value column.
    func activityColumn(_ name: String) throws -> ValueColumn {
        guard let column = snapshot.activities.column(named: name) else {
            throw EvaluationError.badMeasure(name, reason: "the snapshot has no activity field \"\(name)\"")
        }
        return ValueColumn(column, snapshot: snapshot)
    }

    // MARK: - The scan

    private func scan(
        _ filters: [ActivityFilter], _ needs: [Needs], _ outputs: [Needs], tests: [(ActivityTest, filter: Int)]
    ) throws -> ([FilterTotals], [Bitset]) {
        let customers = snapshot.customers.rowCount
        let activities = snapshot.activities.rowCount
        let typeColumn = snapshot.activityTypes
        let typeCount = typeColumn.dictionary.count
        var keep: [AnyObject] = []

        // Which filters each type code feeds, and each filter's window.
        var filtersOfType = [[Int32]](repeating: [], count: typeCount)
        var windowLow: [Int64] = []
        var windowHigh: [Int64] = []
        for (index, filter) in filters.enumerated() {
            let ranges = time.instantRanges(for: filter.window)
            windowLow.append(ranges.first?.lowerBound ?? Int64.max)
            windowHigh.append(ranges.first?.upperBound ?? Int64.min)
            if ranges.isEmpty { continue }
            let codes: [Int] = filter.activityTypes.isEmpty
                ? Array(0..<typeCount)
                : filter.activityTypes.compactMap { typeColumn.code(of: $0).map(Int.init) }
            for code in codes { filtersOfType[code].append(Int32(index)) }
        }
        // Each type's filters by window start, so a row stops at the first window that starts after it.
        var typeStart: [Int32] = [0]
        var typeFilters: [Int32] = []
        for list in filtersOfType {
            typeFilters += list.sorted { windowLow[Int($0)] < windowLow[Int($1)] }
            typeStart.append(Int32(typeFilters.count))
        }

        // Field conditions: category ones as tables by code, the others as bitsets over the activities.
        var checkStart: [Int32] = [0]
        var checkCodes: [UnsafePointer<UInt32>] = []
        var checkTables: [UnsafePointer<Bool>] = []
        var checkLimits: [UInt32] = []
        var bitsStart: [Int32] = [0]
        var bitsWords: [UnsafePointer<UInt64>] = []
        var bitsets: [FieldCondition: OwnedBuffer<UInt64>] = [:]
        for filter in filters {
            for condition in filter.conditions {
                let column = try activityColumn(condition.field)
                keep.append(contentsOf: column.owners)
                if case .category(let codes, let dictionary) = column.storage {
                    let table = OwnedBuffer(copying: ValueColumn.categoryTable(
                        dictionary, condition.test, ignoreCase: condition.ignoreCase))
                    keep.append(table)
                    checkCodes.append(codes.baseAddress ?? UnsafePointer(bitPattern: 8)!)
                    checkTables.append(UnsafePointer(table.pointer.baseAddress!))
                    checkLimits.append(UInt32(dictionary.count))
                } else {
                    let words: OwnedBuffer<UInt64>
                    if let known = bitsets[condition] {
                        words = known
                    } else {
                        let matches = column.matching(condition.test, ignoreCase: condition.ignoreCase, time: time)
                        words = OwnedBuffer(copying: matches.words.isEmpty ? [0] : matches.words)
                        bitsets[condition] = words
                        keep.append(words)
                    }
                    bitsWords.append(UnsafePointer(words.pointer.baseAddress!))
                }
            }
            checkStart.append(Int32(checkCodes.count))
            bitsStart.append(Int32(bitsWords.count))
        }

        // Numeric fields: their values as doubles (dates and datetimes converted once).
        var numericViews: [String: UnsafePointer<Double>] = [:]
        func numericView(_ name: String) throws -> UnsafePointer<Double> {
            if let known = numericViews[name] { return known }
            let column = try activityColumn(name)
            keep.append(contentsOf: column.owners)
            let view: UnsafePointer<Double>
            switch column.storage {
            case .number(let values):
                // No activities: the scan never reads the view.
                view = values.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Double>.alignment)!
            case .date(let values):
                let converted = OwnedBuffer<Double>(count: max(1, activities), repeating: .nan, pool: pool)
                for row in 0..<activities where values[row] != MissingValue.date {
                    converted.pointer[row] = Double(values[row])
                }
                keep.append(converted)
                view = UnsafePointer(converted.pointer.baseAddress!)
            case .datetime(let values):
                let converted = OwnedBuffer<Double>(count: max(1, activities), repeating: .nan, pool: pool)
                for row in 0..<activities where values[row] != MissingValue.datetime {
                    converted.pointer[row] = Double(values[row])
                }
                keep.append(converted)
                view = UnsafePointer(converted.pointer.baseAddress!)
            default:
                throw EvaluationError.badMeasure(
                    name, reason: "activity field \"\(name)\" is \(column.type.rawValue), not a number, date or datetime")
            }
            numericViews[name] = view
            return view
        }

        // Outputs: columns for what `outputs` asks, running totals for what `needs` asks.
        var totals: [FilterTotals] = []
        var slotStart: [Int32] = [0]
        var slotValues: [UnsafePointer<Double>] = []
        var slotOf: [String: Int32] = [:]
        var slotsOfFilter: [[String: Int32]] = []
        var sumOut: [UnsafeMutablePointer<Double>?] = []
        var countOut: [UnsafeMutablePointer<Int32>?] = []
        var minOut: [UnsafeMutablePointer<Double>?] = []
        var maxOut: [UnsafeMutablePointer<Double>?] = []
        var distinctStart: [Int32] = [0]
        var distinctCounters: [([UInt32]) -> Int] = []
        var distinctOut: [UnsafeMutablePointer<Double>] = []
        for (need, output) in zip(needs, outputs) {
            let total = FilterTotals()
            if output.count { total.count = OwnedBuffer(count: customers, repeating: 0.0, pool: pool) }
            if output.first { total.firstRow = OwnedBuffer(count: customers, repeating: UInt32.max, pool: pool) }
            if output.last { total.lastRow = OwnedBuffer(count: customers, repeating: UInt32.max, pool: pool) }
            slotOf = [:]
            for name in need.fieldOrder {
                let want = output.fields[name] ?? (false, false, false, false)
                slotOf[name] = Int32(slotValues.count)
                slotValues.append(try numericView(name))
                func make<T: BitwiseCopyable>(_ wanted: Bool, _ zero: T, _ store: inout [String: OwnedBuffer<T>]) -> UnsafeMutablePointer<T>? {
                    guard wanted else { return nil }
                    let buffer = OwnedBuffer<T>(count: customers, repeating: zero, pool: pool)
                    store[name] = buffer
                    return buffer.pointer.baseAddress
                }
                sumOut.append(make(want.sum, 0.0, &total.sums))
                countOut.append(make(want.count, Int32(0), &total.counts))
                minOut.append(make(want.min, Double.nan, &total.minimums))
                maxOut.append(make(want.max, Double.nan, &total.maximums))
            }
            slotsOfFilter.append(slotOf)
            slotStart.append(Int32(slotValues.count))
            for name in output.distinctFields {
                distinctCounters.append(ActivityScan.distinctCounter(try activityColumn(name)))
                let buffer = OwnedBuffer<Double>(count: customers, repeating: 0, pool: pool)
                total.distinctCounts[name] = buffer
                // No customers: the scan never writes.
                distinctOut.append(buffer.pointer.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<Double>.alignment)!)
            }
            distinctStart.append(Int32(distinctCounters.count))
            totals.append(total)
        }

        // Tests: each filter's, in a bitset that starts with every customer's outcome without activity.
        let wordCount = Bitset.wordCount(customers)
        var testStart: [Int32] = [0]
        var scanTests: [ScanTest] = []
        var testWords: [OwnedBuffer<UInt64>] = []
        var testOrder: [Int] = []
        var daysRange: ClosedRange<Int64>?
        for filter in filters.indices {
            for (position, (test, owner)) in tests.enumerated() where owner == filter {
                // The scan writes every word of the customers it scans.
                let words = OwnedBuffer<UInt64>(count: max(1, wordCount), repeating: 0)
                testWords.append(words)
                testOrder.append(position)
                let aggregate = test.aggregate
                let kind: ScanTest.Kind
                switch aggregate.function {
                case .count: kind = .count
                case .sum: kind = .sum
                case .avg: kind = .average
                case .min: kind = .minimum
                case .max: kind = .maximum
                case .daysSinceFirst: kind = .daysSinceFirst
                default: kind = .daysSinceLast
                }
                if kind == .daysSinceFirst || kind == .daysSinceLast {
                    // An empty window matches nothing; asOf alone keeps the table small.
                    let now = time.asOfMilliseconds
                    let range = time.instantRanges(for: aggregate.window).first ?? now...now
                    daysRange = daysRange.map { min($0.lowerBound, range.lowerBound)...max($0.upperBound, range.upperBound) } ?? range
                }
                scanTests.append(ScanTest(
                    kind: kind, filter: Int32(filter), slot: slotsOfFilter[filter][aggregate.field ?? ""] ?? -1, test: test.test,
                    words: words.pointer.baseAddress!))
            }
            testStart.append(Int32(scanTests.count))
        }
        // Calendar days for days-since tests: a table over the windows' span, at most
        // about ten years back from asOf (older instants convert one by one).
        var zoneDays: ZoneDays?
        if let range = daysRange {
            let now = time.asOfMilliseconds
            let tenYears: Int64 = 3_660 * 86_400_000
            let low = max(range.lowerBound, now - tenYears)
            let high = max(low, min(range.upperBound, now))
            zoneDays = ZoneDays(time: time, range: low...high)
        }
        func members() -> [Bitset] {
            var result = [Bitset](repeating: Bitset(capacity: customers), count: tests.count)
            for (words, position) in zip(testWords, testOrder) {
                result[position] = Bitset(capacity: customers, words: UnsafeBufferPointer(
                    rebasing: words.buffer[0..<wordCount]))
            }
            return result
        }
        guard customers > 0, !filters.isEmpty else { return (totals, members()) }

        let plan = ScanPlan(
            offsets: snapshot.activityOffsets, types: snapshot.activityTypes.codes,
            timestamps: snapshot.activityTimestamps.values, typeCount: typeCount,
            typeStart: typeStart, typeFilters: typeFilters, windowLow: windowLow, windowHigh: windowHigh,
            checkStart: checkStart, checkCodes: checkCodes, checkTables: checkTables, checkLimits: checkLimits,
            bitsStart: bitsStart, bitsWords: bitsWords,
            slotStart: slotStart, slotValues: slotValues,
            countTotal: totals.map { $0.count?.pointer.baseAddress },
            firstOut: totals.map { $0.firstRow?.pointer.baseAddress },
            lastOut: totals.map { $0.lastRow?.pointer.baseAddress },
            sumOut: sumOut, countOut: countOut, minOut: minOut, maxOut: maxOut,
            distinctStart: distinctStart, distinctCounters: distinctCounters, distinctOut: distinctOut,
            tracksFirst: needs.map(\.first), tracksLast: needs.map(\.last),
            testStart: testStart, tests: scanTests, zoneDays: zoneDays, today: time.today.daysSinceEpoch,
            isSortedByTime: snapshot.manifest.activities.sortedBy == ["customer", "timestamp"])
        let chunks = ActivityScan.chunks(offsets: snapshot.activityOffsets, count: threads * 8)
        let workers = min(threads, chunks.count)
        let shared = ScanJob(plan: plan, chunks: chunks, workers: workers)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var scratch = ScanScratch(filters: shared.plan.filterCount, slots: shared.plan.slotCount)
            var chunk = worker
            while chunk < shared.chunks.count {
                shared.plan.run(customers: shared.chunks[chunk], &scratch)
                chunk += shared.workers
            }
            scratch.deallocate()
        }
        withExtendedLifetime(keep) {}
        return (totals, members())
    }

    /// Customer ranges with about equal numbers of activities, each starting at a multiple of 64.
    static func chunks(offsets: UnsafeBufferPointer<UInt64>, count: Int) -> [Range<Int>] {
        let customers = offsets.count - 1
        guard customers > 0 else { return [] }
        let total = offsets[customers]
        var result: [Range<Int>] = []
        var start = 0
        for part in 1...count {
            var end = customers
            if part < count {
                let target = total * UInt64(part) / UInt64(count)
                var low = start
                var high = customers
                while low < high {
                    let middle = (low + high) / 2
                    if offsets[middle] < target { low = middle + 1 } else { high = middle }
                }
                // Whole words of customers per chunk: tests write their bits without sharing a word.
                end = max(low / 64 * 64, start)
            }
            if end > start { result.append(start..<end) }
            start = end
        }
        if start < customers { result.append(start..<customers) }
        return result
    }

    /// Counts the distinct non-empty values of a column among some rows.
    static func distinctCounter(_ column: ValueColumn) -> ([UInt32]) -> Int {
        func distinct<T: Hashable>(_ rows: [UInt32], _ key: (Int) -> T?) -> Int {
            var seen = Set<T>()
            for row in rows { if let value = key(Int(row)) { seen.insert(value) } }
            return seen.count
        }
        switch column.storage {
        case .number(let values):
            return { rows in distinct(rows) { let v = values[$0]; return v.isNaN ? nil : (v + 0.0).bitPattern } }
        case .boolean(let values):
            return { rows in distinct(rows) { values[$0] == MissingValue.boolean ? nil : values[$0] } }
        case .date(let values):
            return { rows in distinct(rows) { values[$0] == MissingValue.date ? nil : values[$0] } }
        case .datetime(let values):
            return { rows in distinct(rows) { values[$0] == MissingValue.datetime ? nil : values[$0] } }
        case .category(let codes, _):
            return { rows in distinct(rows) { codes[$0] == MissingValue.category ? nil : codes[$0] } }
        case .text(let table):
            return { rows in distinct(rows) { let b = table.bytes(at: $0); return b.isEmpty ? nil : Array(b) } }
        }
    }
}

/// The aggregates whose columns the threads derive after the scan.
private struct DerivationJob: @unchecked Sendable {
    // @unchecked: the totals are complete before the threads start and only read by them.
    let scan: ActivityScan
    let aggregates: [ActivityAggregate]
    let totals: [ActivityScan.FilterTotals]
}

/// The shared, read-only inputs of the scan's threads.
private struct ScanJob: @unchecked Sendable {
    // @unchecked: the plan holds pointers; threads read it and write disjoint customer rows of the outputs.
    let plan: ScanPlan
    let chunks: [Range<Int>]
    let workers: Int
}
