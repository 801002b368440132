import Foundation

// Segment history: one row per successful refresh, for trends.
extension Database {
    /// The history rows of segment `segmentID` with `effectiveAt` in
    /// `[from, through]` (open where nil), oldest first.
    public func history(segmentID: Int64, from: Date? = nil, through: Date? = nil) throws -> [SegmentHistoryRecord] {
        _ = try requireSegment(id: segmentID)
        let statement = try prepare("""
            SELECT segment_id, refresh_run_id, effective_at, member_count, entered_count, exited_count
            FROM segment_history
            WHERE segment_id = ?1 AND (?2 IS NULL OR effective_at >= ?2) AND (?3 IS NULL OR effective_at <= ?3)
            ORDER BY effective_at, id
            """)
        try statement.bind([segmentID, from, through])
        return try statement.map { row in
            SegmentHistoryRecord(
                segmentID: try row.decode(at: 0),
                refreshRunID: try row.decode(at: 1),
                effectiveAt: try row.decode(at: 2),
                memberCount: try row.decode(at: 3),
                enteredCount: try row.decode(at: 4),
                exitedCount: try row.decode(at: 5)
            )
        }
    }

    /// The member-count trend of segment `segmentID`: one point per local day
    /// of `timeZone` that had a refresh in `[from, through]`, holding the
    /// day's last member count and the day's entered and exited sums. Days
    /// without a refresh have no point.
    public func dailyMemberCounts(
        segmentID: Int64,
        from: Date,
        through: Date,
        timeZone: TimeZone
    ) throws -> [DailyMemberCount] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var points: [DailyMemberCount] = []
        for record in try history(segmentID: segmentID, from: from, through: through) {
            let dayStart = calendar.startOfDay(for: record.effectiveAt)
            let parts = calendar.dateComponents([.year, .month, .day], from: dayStart)
            if var last = points.last, last.dayStart == dayStart {
                last.memberCount = record.memberCount
                last.enteredCount += record.enteredCount
                last.exitedCount += record.exitedCount
                last.refreshCount += 1
                points[points.count - 1] = last
            } else {
                points.append(DailyMemberCount(
                    day: Self.dayText(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0),
                    dayStart: dayStart,
                    memberCount: record.memberCount,
                    enteredCount: record.enteredCount,
                    exitedCount: record.exitedCount,
                    refreshCount: 1
                ))
            }
        }
        return points
    }

    /// `yyyy-MM-dd`.
    private static func dayText(year: Int, month: Int, day: Int) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }
}
