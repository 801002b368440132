/// The scan's tables as flat buffers, and the loop over one range of customers.
///
/// Filters are numbered `0..<filterCount`; filter `f` owns the category checks
/// `checkStart[f]..<checkStart[f+1]`, the bitset checks `bitsStart[f]..<…` and
/// the numeric field slots `slotStart[f]..<…`.
final class ScanPlan {
    let offsets: UnsafeBufferPointer<UInt64>
    let types: UnsafeBufferPointer<UInt32>
    let timestamps: UnsafeBufferPointer<Int64>
    let typeCount: Int
    let filterCount: Int
    let slotCount: Int
    private let typeStart: UnsafeMutableBufferPointer<Int32>
    private let typeFilters: UnsafeMutableBufferPointer<Int32>
    private let windowLow: UnsafeMutableBufferPointer<Int64>
    private let windowHigh: UnsafeMutableBufferPointer<Int64>
    private let checkStart: UnsafeMutableBufferPointer<Int32>
    private let checkCodes: UnsafeMutableBufferPointer<UnsafePointer<UInt32>>
    private let checkTables: UnsafeMutableBufferPointer<UnsafePointer<Bool>>
    private let checkLimits: UnsafeMutableBufferPointer<UInt32>
    private let bitsStart: UnsafeMutableBufferPointer<Int32>
    private let bitsWords: UnsafeMutableBufferPointer<UnsafePointer<UInt64>>
    private let slotStart: UnsafeMutableBufferPointer<Int32>
    private let slotValues: UnsafeMutableBufferPointer<UnsafePointer<Double>>
    private let countTotal: UnsafeMutableBufferPointer<UnsafeMutablePointer<Double>?>
    private let firstOut: UnsafeMutableBufferPointer<UnsafeMutablePointer<UInt32>?>
    private let lastOut: UnsafeMutableBufferPointer<UnsafeMutablePointer<UInt32>?>
    private let sumOut: UnsafeMutableBufferPointer<UnsafeMutablePointer<Double>?>
    private let countOut: UnsafeMutableBufferPointer<UnsafeMutablePointer<Int32>?>
    private let minOut: UnsafeMutableBufferPointer<UnsafeMutablePointer<Double>?>
    private let maxOut: UnsafeMutableBufferPointer<UnsafeMutablePointer<Double>?>
    private let distinctStart: [Int32]
    private let distinctCounters: [([UInt32]) -> Int]
    private let distinctOut: [UnsafeMutablePointer<Double>]
    private let hasDistinct: Bool
    /// Whether each filter has field conditions.
    private let hasConditions: UnsafeMutableBufferPointer<Bool>
    /// The earliest window start and the latest window end over all filters.
    private let windowStart: Int64
    private let windowEnd: Int64
    /// Whether each customer's activities are in time order (the snapshot says so).
    private let isSortedByTime: Bool
    /// The distinct window starts, ascending: in time order, a customer's rows
    /// fall into phases `phaseStarts[p]..<phaseStarts[p+1]`, and in phase `p`
    /// exactly the filters whose window starts at or before `phaseStarts[p]`
    /// have started (the row is past their start; no per-row test needed).
    private let phaseStarts: UnsafeMutableBufferPointer<Int64>
    /// `phaseEnd[p * typeCount + t]`: the end, in `typeFilters`, of the filters
    /// of type `t` that have started in phase `p` (a prefix of the type's list).
    private let phaseEnd: UnsafeMutableBufferPointer<Int32>
    /// `typeFilters` with what the loop needs of each filter packed in one record
    /// (same order), so a row's filter costs one load of 32 bytes.
    private let entries: UnsafeMutableBufferPointer<ScanEntry>
    /// Filter `f`'s tests are `tests[testStart[f]..<testStart[f+1]]`, evaluated as a customer ends.
    private let testStart: UnsafeMutableBufferPointer<Int32>
    private let tests: UnsafeMutableBufferPointer<ScanTest>
    /// The filters with tests, and their slots.
    private let testedFilters: UnsafeMutableBufferPointer<Int32>
    private let testedSlots: UnsafeMutableBufferPointer<Int32>
    /// Calendar days for days-since tests (`nil` when the batch has none).
    private let zoneDays: ZoneDays?
    /// Today's calendar day in the workspace zone (days since 1970-01-01).
    private let today: Int

    init(
        offsets: UnsafeBufferPointer<UInt64>, types: UnsafeBufferPointer<UInt32>, timestamps: UnsafeBufferPointer<Int64>,
        typeCount: Int, typeStart: [Int32], typeFilters: [Int32], windowLow: [Int64], windowHigh: [Int64],
        checkStart: [Int32], checkCodes: [UnsafePointer<UInt32>], checkTables: [UnsafePointer<Bool>],
        checkLimits: [UInt32], bitsStart: [Int32], bitsWords: [UnsafePointer<UInt64>],
        slotStart: [Int32], slotValues: [UnsafePointer<Double>],
        countTotal: [UnsafeMutablePointer<Double>?], firstOut: [UnsafeMutablePointer<UInt32>?],
        lastOut: [UnsafeMutablePointer<UInt32>?], sumOut: [UnsafeMutablePointer<Double>?],
        countOut: [UnsafeMutablePointer<Int32>?], minOut: [UnsafeMutablePointer<Double>?],
        maxOut: [UnsafeMutablePointer<Double>?],
        distinctStart: [Int32], distinctCounters: [([UInt32]) -> Int], distinctOut: [UnsafeMutablePointer<Double>],
        tracksFirst: [Bool], tracksLast: [Bool], testStart: [Int32], tests: [ScanTest], zoneDays: ZoneDays?, today: Int,
        isSortedByTime: Bool
    ) {
        func copy<T>(_ array: [T]) -> UnsafeMutableBufferPointer<T> {
            let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, array.count))
            _ = buffer.initialize(from: array)
            return UnsafeMutableBufferPointer(rebasing: buffer[0..<array.count])
        }
        self.offsets = offsets
        self.types = types
        self.timestamps = timestamps
        self.typeCount = typeCount
        self.filterCount = windowLow.count
        self.slotCount = slotValues.count
        self.typeStart = copy(typeStart)
        self.typeFilters = copy(typeFilters)
        self.windowLow = copy(windowLow)
        self.windowHigh = copy(windowHigh)
        self.checkStart = copy(checkStart)
        self.checkCodes = copy(checkCodes)
        self.checkTables = copy(checkTables)
        self.checkLimits = copy(checkLimits)
        self.bitsStart = copy(bitsStart)
        self.bitsWords = copy(bitsWords)
        self.slotStart = copy(slotStart)
        self.slotValues = copy(slotValues)
        self.countTotal = copy(countTotal)
        self.firstOut = copy(firstOut)
        self.lastOut = copy(lastOut)
        self.sumOut = copy(sumOut)
        self.countOut = copy(countOut)
        self.minOut = copy(minOut)
        self.maxOut = copy(maxOut)
        self.distinctStart = distinctStart
        self.distinctCounters = distinctCounters
        self.distinctOut = distinctOut
        self.hasDistinct = !distinctCounters.isEmpty
        var hasConditions: [Bool] = []
        for filter in 0..<windowLow.count {
            let checks = checkStart[filter] != checkStart[filter + 1]
            let bits = bitsStart[filter] != bitsStart[filter + 1]
            hasConditions.append(checks || bits)
        }
        self.hasConditions = copy(hasConditions)
        // Filters that match nothing have an empty window (low > high); they do not widen the span.
        let spans = zip(windowLow, windowHigh).filter { $0.0 <= $0.1 }
        self.windowStart = spans.map(\.0).min() ?? Int64.max
        self.windowEnd = spans.map(\.1).max() ?? Int64.min
        self.isSortedByTime = isSortedByTime
        let starts = Array(Set(spans.map(\.0))).sorted()
        var ends: [Int32] = []
        for start in starts {
            for type in 0..<typeCount {
                var end = Int(typeStart[type])
                while end < Int(typeStart[type + 1]) && windowLow[Int(typeFilters[end])] <= start { end += 1 }
                ends.append(Int32(end))
            }
        }
        self.phaseStarts = copy(starts)
        self.phaseEnd = copy(ends)
        self.testStart = copy(testStart)
        // Tests of one aggregate side by side, so they share its block values.
        self.tests = copy(tests.sorted { ($0.filter, $0.kind.rawValue, $0.slot) < ($1.filter, $1.kind.rawValue, $1.slot) })
        let tested = (0..<windowLow.count).filter { testStart[$0] < testStart[$0 + 1] }
        self.testedFilters = copy(tested.map { Int32($0) })
        self.testedSlots = copy(tested.flatMap { slotStart[$0]..<slotStart[$0 + 1] })
        self.zoneDays = zoneDays
        self.today = today
        // In time order the phases start the windows and the trimming ends them at
        // the latest end: only a filter ending earlier tests its window per row.
        let byPhase = isSortedByTime && !starts.isEmpty
        let latestEnd = spans.map(\.1).max() ?? Int64.min
        self.entries = copy(typeFilters.map { filterCode in
            let filter = Int(filterCode)
            var flags: UInt32 = 0
            if !byPhase || windowHigh[filter] < latestEnd { flags |= ScanEntry.testsWindow }
            if hasConditions[filter] { flags |= ScanEntry.hasConditions }
            if tracksFirst[filter] { flags |= ScanEntry.tracksFirst }
            if tracksLast[filter] { flags |= ScanEntry.tracksLast }
            return ScanEntry(low: windowLow[filter], high: windowHigh[filter], filter: filterCode,
                             slotStart: slotStart[filter], slotEnd: slotStart[filter + 1], flags: flags)
        })
    }

    deinit {
        for buffer in [typeStart, typeFilters, checkStart, bitsStart, slotStart] as [UnsafeMutableBufferPointer<Int32>] {
            buffer.baseAddress?.deallocate()
        }
        hasConditions.baseAddress?.deallocate()
        phaseStarts.baseAddress?.deallocate()
        phaseEnd.baseAddress?.deallocate()
        entries.baseAddress?.deallocate()
        testStart.baseAddress?.deallocate()
        tests.baseAddress?.deallocate()
        testedFilters.baseAddress?.deallocate()
        testedSlots.baseAddress?.deallocate()
        windowLow.baseAddress?.deallocate()
        windowHigh.baseAddress?.deallocate()
        checkCodes.baseAddress?.deallocate()
        checkTables.baseAddress?.deallocate()
        checkLimits.baseAddress?.deallocate()
        bitsWords.baseAddress?.deallocate()
        slotValues.baseAddress?.deallocate()
        countTotal.baseAddress?.deallocate()
        firstOut.baseAddress?.deallocate()
        lastOut.baseAddress?.deallocate()
        sumOut.baseAddress?.deallocate()
        countOut.baseAddress?.deallocate()
        minOut.baseAddress?.deallocate()
        maxOut.baseAddress?.deallocate()
    }

    /// Whether activity `row` passes filter `filter`'s field conditions.
    @inline(__always)
    private func passesConditions(_ filter: Int, _ row: Int) -> Bool {
        var check = Int(checkStart[filter])
        let checkEnd = Int(checkStart[filter + 1])
        while check < checkEnd {
            let code = checkCodes[check][row]
            if !checkTables[check][Int(min(code, checkLimits[check]))] { return false }
            check += 1
        }
        var bits = Int(bitsStart[filter])
        let bitsEnd = Int(bitsStart[filter + 1])
        while bits < bitsEnd {
            if (bitsWords[bits][row >> 6] >> UInt64(row & 63)) & 1 == 0 { return false }
            bits += 1
        }
        return true
    }

    /// Scans the activities of `customers` and writes their totals.
    ///
    /// Every table is copied into a local first, so the loop keeps them in
    /// registers instead of reloading them from the plan after each store.
    func run(customers: Range<Int>, _ scratch: inout ScanScratch) {
        let typeCount = UInt32(self.typeCount)
        let offsets = self.offsets.baseAddress!
        guard let types = self.types.baseAddress, let timestamps = self.timestamps.baseAddress else { return }
        let typeStart = self.typeStart.baseAddress!
        let entries = self.entries.baseAddress ?? UnsafeMutablePointer(bitPattern: MemoryLayout<ScanEntry>.alignment)!
        let countTotal = self.countTotal.baseAddress!
        let state = scratch.filters
        let slots = scratch.slots
        let touched = scratch.touched
        let windowStart = self.windowStart
        let windowEnd = self.windowEnd
        let trims = self.isSortedByTime && (windowStart != Int64.min || windowEnd != Int64.max)
        let phaseCount = self.phaseStarts.count
        let byPhase = self.isSortedByTime && phaseCount > 0
        let phaseStarts = self.phaseStarts.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!
        let phaseEnd = self.phaseEnd.baseAddress ?? UnsafeMutablePointer(bitPattern: 4)!
        // Every filter starts empty; after a customer, only the filters it touched are reset.
        state.initialize(repeating: FilterState(), count: filterCount)
        for slot in 0..<slotCount { (slots + slot).initialize(to: SlotState(values: slotValues[slot])) }
        let hasTests = !tests.isEmpty
        precondition(!hasTests || customers.lowerBound % 64 == 0,
                     "ScanPlan.run: with tests, a range must start at a multiple of 64 customers")
        if hasTests { scratch.block.clear(filters: testedFilters, slots: testedSlots) }
        var blockStart = customers.lowerBound
        while blockStart < customers.upperBound {
            let blockEnd = min(blockStart + 64, customers.upperBound)
            for customer in blockStart..<blockEnd {
                var low = Int(offsets[customer])
                var high = Int(offsets[customer + 1])
                if trims {
                    // A customer's rows are in time order: skip those before every window and after asOf.
                    low = ScanPlan.firstRow(atOrAfter: windowStart, timestamps, low, high)
                    high = ScanPlan.firstRow(atOrAfter: windowEnd == Int64.max ? windowEnd : windowEnd + 1, timestamps, low, high)
                }
                if low == high { continue }  // the outputs start as "no activity"
                var touchedCount = 0
                // In time order, the rows go phase by phase (see `phaseStarts`); otherwise one
                // phase of all rows, where each filter's window is tested per row.
                var phase = 0
                var phaseRow = low
                while phaseRow < high {
                    let phaseLow = phaseRow
                    let phaseHigh: Int
                    let ends: UnsafeMutablePointer<Int32>
                    if byPhase {
                        phaseHigh = phase + 1 < phaseCount
                            ? ScanPlan.firstRow(atOrAfter: phaseStarts[phase + 1], timestamps, phaseLow, high) : high
                        ends = phaseEnd + phase &* Int(typeCount)
                        phase += 1
                    } else {
                        phaseHigh = high
                        ends = typeStart + 1
                    }
                    phaseRow = phaseHigh
                    for row in phaseLow..<phaseHigh {
                        let type = types[row]
                        if type >= typeCount { continue }
                        var entry = entries + Int(typeStart[Int(type)])
                        let entryEnd = entries + Int(ends[Int(type)])
                        let timestamp = timestamps[row]
                        while entry < entryEnd {
                            let current = entry.pointee
                            entry += 1
                            let flags = current.flags
                            if flags != 0 {
                                if flags & ScanEntry.testsWindow != 0 && (timestamp < current.low || timestamp > current.high) {
                                    continue
                                }
                                if flags & ScanEntry.hasConditions != 0 && !passesConditions(Int(current.filter), row) {
                                    continue
                                }
                            }
                            let filter = state + Int(current.filter)
                            // Without a branch: which filter a customer's row touches first is a coin toss.
                            touched[touchedCount] = current.filter
                            touchedCount &+= filter.pointee.count == 0 ? 1 : 0
                            filter.pointee.count &+= 1
                            if flags & ScanEntry.tracksFirst != 0 && timestamp < filter.pointee.firstTime {
                                filter.pointee.firstTime = timestamp
                                filter.pointee.first = UInt32(truncatingIfNeeded: row)
                            }
                            if flags & ScanEntry.tracksLast != 0 && timestamp > filter.pointee.lastTime {
                                filter.pointee.lastTime = timestamp
                                filter.pointee.last = UInt32(truncatingIfNeeded: row)
                            }
                            var slot = slots + Int(current.slotStart)
                            let slotEnd = slots + Int(current.slotEnd)
                            while slot < slotEnd {
                                let value = slot.pointee.values[row]
                                if value == value {
                                    slot.pointee.sum += value
                                    slot.pointee.nonEmpty &+= 1
                                    if value < slot.pointee.minimum { slot.pointee.minimum = value }
                                    if value > slot.pointee.maximum { slot.pointee.maximum = value }
                                }
                                slot += 1
                            }
                        }
                    }
                }
                if touchedCount == 0 { continue }
                if hasDistinct { countDistinct(customer, low..<high, state, &scratch.rows) }
                for index in 0..<touchedCount {
                    let filter = Int(touched[index])
                    countTotal[filter]?[customer] = Double(state[filter].count)
                    firstOut[filter]?[customer] = state[filter].first
                    lastOut[filter]?[customer] = state[filter].last
                    let tested = testStart[filter] < testStart[filter + 1]
                    let place = customer & 63
                    if tested { scratch.block.keep(state[filter], filter: filter, place) }
                    state[filter] = FilterState()
                    for slot in Int(slotStart[filter])..<Int(slotStart[filter + 1]) {
                        let totals = slots[slot]
                        let seen = Int32(truncatingIfNeeded: totals.nonEmpty)
                        if tested { scratch.block.keep(totals, slot: slot, place) }
                        sumOut[slot]?[customer] = totals.sum
                        countOut[slot]?[customer] = seen
                        minOut[slot]?[customer] = seen > 0 ? totals.minimum : .nan
                        maxOut[slot]?[customer] = seen > 0 ? totals.maximum : .nan
                        slots[slot] = SlotState(values: totals.values)
                    }
                }
            }
            if hasTests { finishBlock(blockStart, scratch.block) }
            blockStart = blockEnd
        }
    }

    /// Writes the words of every test for the block of 64 customers from
    /// `blockStart` (a multiple of 64) and clears the block for the next one.
    ///
    /// A test compares a whole block column at once (no branch per customer);
    /// tests of one aggregate follow each other and share its days since.
    private func finishBlock(_ blockStart: Int, _ block: TestBlock) {
        let values = block.values
        let word = blockStart >> 6
        var daysOf = (filter: Int32(-1), kind: ScanTest.Kind.count)
        for index in 0..<tests.count {
            let test = tests[index]
            let place = Int(test.filter) &* 64
            let slot = Int(test.slot) &* 64
            let source: UnsafePointer<Double>
            switch test.kind {
            case .count: source = UnsafePointer(block.count + place)
            case .sum: source = UnsafePointer(block.sum + slot)
            case .average: source = UnsafePointer(block.average + slot)
            case .minimum: source = UnsafePointer(block.minimum + slot)
            case .maximum: source = UnsafePointer(block.maximum + slot)
            case .daysSinceFirst, .daysSinceLast:
                if daysOf != (test.filter, test.kind) {
                    daysOf = (test.filter, test.kind)
                    let times = test.kind == .daysSinceFirst ? block.firstTime + place : block.lastTime + place
                    let counts = block.count + place
                    let days = zoneDays!
                    for k in 0..<64 {
                        values[k] = counts[k] > 0 ? Double(today - days.day(atMilliseconds: times[k])) : .nan
                    }
                }
                source = UnsafePointer(values)
            }
            test.words[word] = test.test.word(of64: source)
        }
        block.clear(filters: testedFilters, slots: testedSlots)
    }

    /// The first row of `low..<high` whose timestamp is at least `time` (rows in time order).
    @inline(__always)
    private static func firstRow(
        atOrAfter time: Int64, _ timestamps: UnsafePointer<Int64>, _ low: Int, _ high: Int
    ) -> Int {
        var low = low
        var high = high
        while low < high {
            let middle = (low &+ high) >> 1
            if timestamps[middle] < time { low = middle &+ 1 } else { high = middle }
        }
        return low
    }

    /// Distinct counts: the customer's matching rows again, for the filters that need them.
    private func countDistinct(
        _ customer: Int, _ rows: Range<Int>, _ state: UnsafeMutablePointer<FilterState>, _ matched: inout [UInt32]
    ) {
        for filter in 0..<filterCount where distinctStart[filter] < distinctStart[filter + 1] && state[filter].count > 0 {
            matched.removeAll(keepingCapacity: true)
            for row in rows {
                let type = types[row]
                if type >= UInt32(typeCount) { continue }
                let timestamp = timestamps[row]
                if timestamp < windowLow[filter] || timestamp > windowHigh[filter] { continue }
                let entries = Int(typeStart[Int(type)])..<Int(typeStart[Int(type) + 1])
                guard entries.contains(where: { Int(typeFilters[$0]) == filter }) else { continue }
                if passesConditions(filter, row) { matched.append(UInt32(truncatingIfNeeded: row)) }
            }
            for index in Int(distinctStart[filter])..<Int(distinctStart[filter + 1]) {
                distinctOut[index][customer] = Double(distinctCounters[index](matched))
            }
        }
    }
}

/// One filter of a type's list, with what the scan loop reads of it.
struct ScanEntry {
    /// The window as an inclusive range of instants (tested only with `testsWindow`).
    var low: Int64
    var high: Int64
    var filter: Int32
    /// The filter's numeric field slots, `slotStart..<slotEnd`.
    var slotStart: Int32
    var slotEnd: Int32
    var flags: UInt32

    /// The row's timestamp must be tested against the window (not settled by the phases).
    static let testsWindow: UInt32 = 1
    static let hasConditions: UInt32 = 2
    /// The filter keeps its first row (a `first` or `days_since_first` reads it).
    static let tracksFirst: UInt32 = 4
    /// The filter keeps its last row (a `last` or `days_since_last` reads it).
    static let tracksLast: UInt32 = 8
}

/// A number test on one of a filter's aggregates, evaluated as each customer ends.
struct ScanTest {
    enum Kind: UInt8 {
        case count, sum, average, minimum, maximum, daysSinceFirst, daysSinceLast
    }

    var kind: Kind
    var filter: Int32
    /// The filter's slot of the aggregate's field (sum, average, minimum, maximum).
    var slot: Int32
    var test: NumberTest
    /// The members' bits; the scan writes those of the customers it scans.
    var words: UnsafeMutablePointer<UInt64>
}

/// One filter's running totals for the customer being scanned.
struct FilterState {
    var count: Int32 = 0
    var first = UInt32.max
    var last = UInt32.max
    var firstTime = Int64.max
    var lastTime = Int64.min
}

/// One numeric slot's running totals for the customer being scanned, beside the values it reads.
struct SlotState {
    var values: UnsafePointer<Double>
    var sum = 0.0
    var minimum = Double.infinity
    var maximum = -Double.infinity
    var nonEmpty = 0

    init(values: UnsafePointer<Double>) {
        self.values = values
    }
}

/// One thread's totals of the current block of 64 customers, for the filters
/// with tests: filter `f`'s customer `k` of the block at `f * 64 + k`, slot `s`'s
/// at `s * 64 + k`. Values are as the aggregate gives them (NaN: empty), so a
/// test reads a block column as it is.
struct TestBlock {
    let count: UnsafeMutablePointer<Double>
    let firstTime: UnsafeMutablePointer<Int64>
    let lastTime: UnsafeMutablePointer<Int64>
    let sum: UnsafeMutablePointer<Double>
    let average: UnsafeMutablePointer<Double>
    let minimum: UnsafeMutablePointer<Double>
    let maximum: UnsafeMutablePointer<Double>
    /// Days since for the block, shared by the tests of one aggregate.
    let values: UnsafeMutablePointer<Double>

    init(filters: Int, slots: Int) {
        count = .allocate(capacity: max(1, filters) * 64)
        firstTime = .allocate(capacity: max(1, filters) * 64)
        lastTime = .allocate(capacity: max(1, filters) * 64)
        sum = .allocate(capacity: max(1, slots) * 64)
        average = .allocate(capacity: max(1, slots) * 64)
        minimum = .allocate(capacity: max(1, slots) * 64)
        maximum = .allocate(capacity: max(1, slots) * 64)
        values = .allocate(capacity: 64)
    }

    /// Every customer of the block without a matching activity, for the given filters and slots.
    func clear(filters: UnsafeMutableBufferPointer<Int32>, slots: UnsafeMutableBufferPointer<Int32>) {
        for filter in filters {
            let index = Int(filter) &* 64
            (count + index).initialize(repeating: 0, count: 64)
            (firstTime + index).initialize(repeating: Int64.max, count: 64)
            (lastTime + index).initialize(repeating: Int64.min, count: 64)
        }
        for slot in slots {
            let index = Int(slot) &* 64
            (sum + index).initialize(repeating: 0, count: 64)
            (average + index).initialize(repeating: .nan, count: 64)
            (minimum + index).initialize(repeating: .nan, count: 64)
            (maximum + index).initialize(repeating: .nan, count: 64)
        }
    }

    @inline(__always)
    func keep(_ state: FilterState, filter: Int, _ place: Int) {
        let index = filter &* 64 &+ place
        count[index] = Double(state.count)
        firstTime[index] = state.firstTime
        lastTime[index] = state.lastTime
    }

    @inline(__always)
    func keep(_ state: SlotState, slot: Int, _ place: Int) {
        let index = slot &* 64 &+ place
        sum[index] = state.sum
        if state.nonEmpty > 0 {
            average[index] = state.sum / Double(state.nonEmpty)
            minimum[index] = state.minimum
            maximum[index] = state.maximum
        }
    }

    func deallocate() {
        for pointer in [count, sum, average, minimum, maximum, values] { pointer.deallocate() }
        firstTime.deallocate()
        lastTime.deallocate()
    }
}

/// One thread's running totals for the customer being scanned.
struct ScanScratch {
    let filters: UnsafeMutablePointer<FilterState>
    let slots: UnsafeMutablePointer<SlotState>
    /// The filters the current customer has matched so far.
    let touched: UnsafeMutablePointer<Int32>
    /// The current block's totals of the filters with tests.
    let block: TestBlock
    var rows: [UInt32] = []

    init(filters: Int, slots: Int) {
        block = TestBlock(filters: filters, slots: slots)
        self.filters = .allocate(capacity: max(1, filters))
        self.slots = .allocate(capacity: max(1, slots))
        // One more than the filters: the loop writes the next entry before it knows it is new.
        touched = .allocate(capacity: filters + 1)
    }

    /// Frees the buffers; the scratch is not used afterwards.
    func deallocate() {
        filters.deallocate()
        slots.deallocate()
        touched.deallocate()
        block.deallocate()
    }
}
