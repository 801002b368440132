/// Calendar days of instants on the workspace wall clock, fast enough for a
/// column: the zone's UTC offset is looked up once per UTC day of the range
/// and per instant only on the days where the offset changes.
///
/// Gives `TimeContext.calendarDate(atMilliseconds:)` for every zone that changes
/// its offset at most once a day (every zone in the time zone database).
struct ZoneDays: Sendable {
    let time: TimeContext
    /// The first UTC day of the table.
    private let firstDay: Int64
    /// The offset in milliseconds of each UTC day, or `Int64.min` on a day where it changes.
    private let offsets: [Int64]

    /// A converter for instants in `range` (others still convert, more slowly).
    init(time: TimeContext, range: ClosedRange<Int64>) {
        self.time = time
        let dayMilliseconds: Int64 = 86_400_000
        let first = TimeContext.floorDivide(range.lowerBound, dayMilliseconds)
        let last = TimeContext.floorDivide(range.upperBound, dayMilliseconds)
        // Up to about 300 years of days; wider ranges convert instant by instant.
        guard last - first < 110_000 else {
            firstDay = 0
            offsets = []
            return
        }
        firstDay = first
        var boundaryOffsets: [Int64] = []
        boundaryOffsets.reserveCapacity(Int(last - first) + 2)
        for day in first...(last + 1) {
            boundaryOffsets.append(Int64(time.utcOffsetSeconds(atMilliseconds: day * dayMilliseconds)) * 1000)
        }
        var offsets: [Int64] = []
        offsets.reserveCapacity(boundaryOffsets.count - 1)
        for index in 0..<(boundaryOffsets.count - 1) {
            offsets.append(boundaryOffsets[index] == boundaryOffsets[index + 1] ? boundaryOffsets[index] : Int64.min)
        }
        self.offsets = offsets
    }

    /// The calendar day (days since 1970-01-01) of an instant in the workspace zone.
    @inline(__always)
    func day(atMilliseconds milliseconds: Int64) -> Int {
        let utcDay = TimeContext.floorDivide(milliseconds, 86_400_000)
        let index = utcDay - firstDay
        var offset = Int64.min
        if index >= 0, index < Int64(offsets.count) { offset = offsets[Int(index)] }
        if offset == Int64.min {
            offset = Int64(time.utcOffsetSeconds(atMilliseconds: milliseconds)) * 1000
        }
        return Int(TimeContext.floorDivide(milliseconds + offset, 86_400_000))
    }
}
