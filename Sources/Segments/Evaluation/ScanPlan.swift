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
    }

    deinit {
        for buffer in [typeStart, typeFilters, checkStart, bitsStart, slotStart] as [UnsafeMutableBufferPointer<Int32>] {
            buffer.baseAddress?.deallocate()
        }
        hasConditions.baseAddress?.deallocate()
        phaseStarts.baseAddress?.deallocate()
        phaseEnd.baseAddress?.deallocate()
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
        let filterCount = self.filterCount
        let slotCount = self.slotCount
        let typeCount = UInt32(self.typeCount)
        let offsets = self.offsets.baseAddress!
        guard let types = self.types.baseAddress, let timestamps = self.timestamps.baseAddress else { return }
        let typeStart = self.typeStart.baseAddress!
        let typeFilters = self.typeFilters.baseAddress ?? UnsafeMutablePointer(bitPattern: 4)!
        let windowLow = self.windowLow.baseAddress!
        let windowHigh = self.windowHigh.baseAddress!
        let slotStart = self.slotStart.baseAddress!
        let slotValues = self.slotValues.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!
        let countTotal = self.countTotal.baseAddress!
        let hasConditions = self.hasConditions.baseAddress!
        let count = scratch.count
        let first = scratch.first
        let firstTime = scratch.firstTime
        let last = scratch.last
        let lastTime = scratch.lastTime
        let sum = scratch.sum
        let nonEmpty = scratch.nonEmpty
        let minimum = scratch.minimum
        let maximum = scratch.maximum
        let touched = scratch.touched
        let windowStart = self.windowStart
        let windowEnd = self.windowEnd
        let trims = self.isSortedByTime && (windowStart != Int64.min || windowEnd != Int64.max)
        let phaseCount = self.phaseStarts.count
        let byPhase = self.isSortedByTime && phaseCount > 0
        let phaseStarts = self.phaseStarts.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!
        let phaseEnd = self.phaseEnd.baseAddress ?? UnsafeMutablePointer(bitPattern: 4)!
        // Every filter starts empty; after a customer, only the filters it touched are reset.
        for filter in 0..<filterCount { ScanPlan.reset(filter, count, first, firstTime, last, lastTime) }
        for slot in 0..<slotCount { ScanPlan.reset(slot, sum, nonEmpty, minimum, maximum) }
        for customer in customers {
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
            // phase of all rows, where each filter's window start is tested per row.
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
                var entry = Int(typeStart[Int(type)])
                let entryEnd = Int(ends[Int(type)])
                if entry == entryEnd { continue }
                let timestamp = timestamps[row]
                while entry < entryEnd {
                    let filter = Int(typeFilters[entry])
                    entry &+= 1
                    // The type's filters are sorted by window start: none after this one starts in time.
                    if timestamp < windowLow[filter] { break }
                    if timestamp > windowHigh[filter] { continue }
                    if hasConditions[filter] && !passesConditions(filter, row) { continue }
                    if count[filter] == 0 {
                        touched[touchedCount] = Int32(truncatingIfNeeded: filter)
                        touchedCount &+= 1
                    }
                    count[filter] &+= 1
                    if timestamp < firstTime[filter] {
                        firstTime[filter] = timestamp
                        first[filter] = UInt32(truncatingIfNeeded: row)
                    }
                    if timestamp > lastTime[filter] {
                        lastTime[filter] = timestamp
                        last[filter] = UInt32(truncatingIfNeeded: row)
                    }
                    var slot = Int(slotStart[filter])
                    let slotEnd = Int(slotStart[filter + 1])
                    while slot < slotEnd {
                        let value = slotValues[slot][row]
                        if value == value {
                            sum[slot] += value
                            nonEmpty[slot] &+= 1
                            if value < minimum[slot] { minimum[slot] = value }
                            if value > maximum[slot] { maximum[slot] = value }
                        }
                        slot &+= 1
                    }
                }
            }
            }
            if touchedCount == 0 { continue }
            if hasDistinct { countDistinct(customer, low..<high, count, &scratch.rows) }
            for index in 0..<touchedCount {
                let filter = Int(touched[index])
                countTotal[filter]?[customer] = Double(count[filter])
                firstOut[filter]?[customer] = first[filter]
                lastOut[filter]?[customer] = last[filter]
                ScanPlan.reset(filter, count, first, firstTime, last, lastTime)
                for slot in Int(slotStart[filter])..<Int(slotStart[filter + 1]) {
                    let seen = nonEmpty[slot]
                    sumOut[slot]?[customer] = sum[slot]
                    countOut[slot]?[customer] = seen
                    minOut[slot]?[customer] = seen > 0 ? minimum[slot] : .nan
                    maxOut[slot]?[customer] = seen > 0 ? maximum[slot] : .nan
                    ScanPlan.reset(slot, sum, nonEmpty, minimum, maximum)
                }
            }
        }
    }

    @inline(__always)
    private static func reset(
        _ filter: Int, _ count: UnsafeMutablePointer<Int32>, _ first: UnsafeMutablePointer<UInt32>,
        _ firstTime: UnsafeMutablePointer<Int64>, _ last: UnsafeMutablePointer<UInt32>,
        _ lastTime: UnsafeMutablePointer<Int64>
    ) {
        count[filter] = 0
        first[filter] = UInt32.max
        firstTime[filter] = Int64.max
        last[filter] = UInt32.max
        lastTime[filter] = Int64.min
    }

    @inline(__always)
    private static func reset(
        _ slot: Int, _ sum: UnsafeMutablePointer<Double>, _ nonEmpty: UnsafeMutablePointer<Int32>,
        _ minimum: UnsafeMutablePointer<Double>, _ maximum: UnsafeMutablePointer<Double>
    ) {
        sum[slot] = 0
        nonEmpty[slot] = 0
        minimum[slot] = .infinity
        maximum[slot] = -.infinity
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
        _ customer: Int, _ rows: Range<Int>, _ count: UnsafeMutablePointer<Int32>, _ matched: inout [UInt32]
    ) {
        for filter in 0..<filterCount where distinctStart[filter] < distinctStart[filter + 1] && count[filter] > 0 {
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

/// One thread's running totals for the customer being scanned.
struct ScanScratch {
    let count: UnsafeMutablePointer<Int32>
    let first: UnsafeMutablePointer<UInt32>
    let firstTime: UnsafeMutablePointer<Int64>
    let last: UnsafeMutablePointer<UInt32>
    let lastTime: UnsafeMutablePointer<Int64>
    let sum: UnsafeMutablePointer<Double>
    let nonEmpty: UnsafeMutablePointer<Int32>
    let minimum: UnsafeMutablePointer<Double>
    let maximum: UnsafeMutablePointer<Double>
    /// The filters the current customer has matched so far.
    let touched: UnsafeMutablePointer<Int32>
    var rows: [UInt32] = []

    init(filters: Int, slots: Int) {
        count = .allocate(capacity: max(1, filters))
        first = .allocate(capacity: max(1, filters))
        firstTime = .allocate(capacity: max(1, filters))
        last = .allocate(capacity: max(1, filters))
        lastTime = .allocate(capacity: max(1, filters))
        sum = .allocate(capacity: max(1, slots))
        nonEmpty = .allocate(capacity: max(1, slots))
        minimum = .allocate(capacity: max(1, slots))
        maximum = .allocate(capacity: max(1, slots))
        touched = .allocate(capacity: max(1, filters))
    }

    /// Frees the buffers; the scratch is not used afterwards.
    func deallocate() {
        count.deallocate()
        first.deallocate()
        firstTime.deallocate()
        last.deallocate()
        lastTime.deallocate()
        sum.deallocate()
        nonEmpty.deallocate()
        minimum.deallocate()
        maximum.deallocate()
        touched.deallocate()
    }
}
