import Foundation
import Segments

// Memberships: the last N member bitmaps of each segment, each tied to the
// successful refresh run that produced it, in commit order.
extension Database {
    /// Commits a successful refresh in the caller's transaction: stores
    /// `members` as the segment's newest membership, counts who entered and
    /// exited against the previous one, adds the history row, marks run
    /// `runID` succeeded, and prunes the segment's memberships to the newest
    /// `keeping`.
    ///
    /// Call it inside `Store.write` (or use ``Store/commitRefresh(runID:members:asOf:endedAt:keeping:)``):
    /// if anything fails, none of it remains.
    /// - Parameters:
    ///   - asOf: the instant the members were evaluated as of; the history
    ///     row and membership carry it.
    ///   - endedAt: when the run ended (wall clock), for the run's end and
    ///     duration.
    ///   - keeping: how many memberships of the segment to keep (≥ 1).
    /// - Returns: the run, succeeded, with member, entered and exited counts.
    /// - Throws: ``StoreError/refreshRunNotFound(store:id:)``,
    ///   ``StoreError/refreshRunTransition(store:id:from:to:)`` unless the
    ///   run is refreshing; ``MemberSetError`` if the previous membership is
    ///   corrupt.
    @discardableResult
    public func commitRefresh(
        runID: Int64,
        members: MemberSet,
        asOf: Date,
        endedAt: Date,
        keeping: Int = SegmentRules.defaultKeptMemberships
    ) throws -> RefreshRunRecord {
        precondition(keeping >= 1, "Database.commitRefresh(runID:members:asOf:endedAt:keeping:): keeping \(keeping) is below 1")
        let run = try checkedRun(id: runID, moving: .succeeded)
        let segmentID = run.segmentID
        let memberCount = members.count
        let entered: Int
        let exited: Int
        if let previous = try latestMembers(segmentID: segmentID) {
            entered = members.subtractingCount(previous)
            exited = previous.subtractingCount(members)
        } else {
            entered = memberCount
            exited = 0
        }
        var compact = members
        compact.runOptimize()
        try execute(
            """
            INSERT INTO memberships (segment_id, refresh_run_id, effective_at, member_count, member_bitmap)
            VALUES (?, ?, ?, ?, ?)
            """,
            arguments: [segmentID, runID, asOf, memberCount, compact.serializedData()]
        )
        try execute(
            """
            INSERT INTO segment_history (segment_id, refresh_run_id, effective_at, member_count, entered_count, exited_count)
            VALUES (?, ?, ?, ?, ?, ?)
            """,
            arguments: [segmentID, runID, asOf, memberCount, entered, exited]
        )
        let duration = run.startedAt.map { max(0, endedAt.millisecondsSince1970 - $0.millisecondsSince1970) }
        try execute(
            """
            UPDATE refresh_runs SET status = 'succeeded', ended_at = ?, duration_ms = ?,
                member_count = ?, entered_count = ?, exited_count = ?
            WHERE id = ?
            """,
            arguments: [endedAt, duration, memberCount, entered, exited, runID]
        )
        try execute(
            """
            DELETE FROM memberships WHERE segment_id = ?1 AND id NOT IN
                (SELECT id FROM memberships WHERE segment_id = ?1 ORDER BY id DESC LIMIT ?2)
            """,
            arguments: [segmentID, keeping]
        )
        return try requireRefreshRun(id: runID)
    }

    /// The members of segment `segmentID` at its last successful refresh, or
    /// nil before the first one.
    /// - Throws: ``StoreError/segmentNotFound(store:id:)``, ``MemberSetError``
    ///   for a corrupt bitmap.
    public func currentMembers(segmentID: Int64) throws -> MemberSet? {
        _ = try requireSegment(id: segmentID)
        return try latestMembers(segmentID: segmentID)
    }

    /// The members of segment `segmentID` as refresh run `refreshRunID` left
    /// them, if that membership is still kept.
    /// - Throws: ``StoreError/membershipNotFound(store:segment:refreshRunID:)``
    ///   when it was pruned or never existed.
    public func members(segmentID: Int64, refreshRunID: Int64) throws -> MemberSet {
        let segment = try requireSegment(id: segmentID)
        let statement = try prepare(
            "SELECT member_bitmap FROM memberships WHERE segment_id = ? AND refresh_run_id = ?"
        )
        try statement.bind([segmentID, refreshRunID])
        guard let data = try statement.singleValue(Data.self) else {
            throw StoreError.membershipNotFound(store: path, segment: segment.name, refreshRunID: refreshRunID)
        }
        return try MemberSet(serializedData: data, source: membershipSource(segmentID: segmentID, runID: refreshRunID))
    }

    /// The kept memberships of segment `segmentID`, newest first (without the
    /// bitmaps).
    public func memberships(segmentID: Int64) throws -> [MembershipRecord] {
        _ = try requireSegment(id: segmentID)
        let statement = try prepare("""
            SELECT segment_id, refresh_run_id, effective_at, member_count, length(member_bitmap)
            FROM memberships WHERE segment_id = ? ORDER BY id DESC
            """)
        try statement.bind([segmentID])
        return try statement.map { row in
            MembershipRecord(
                segmentID: try row.decode(at: 0),
                refreshRunID: try row.decode(at: 1),
                effectiveAt: try row.decode(at: 2),
                memberCount: try row.decode(at: 3),
                bitmapByteCount: try row.decode(at: 4)
            )
        }
    }

    /// When customer row `customer` entered and left segment `segmentID`,
    /// walking the kept memberships oldest to newest.
    ///
    /// The oldest kept membership counts as an entry when it is the
    /// segment's first refresh; after pruning, membership in it sets
    /// ``CustomerMembershipHistory/enteredBeforeKeptHistory`` instead.
    public func membershipHistory(customer: UInt32, segmentID: Int64) throws -> CustomerMembershipHistory {
        _ = try requireSegment(id: segmentID)
        let statement = try prepare("""
            SELECT m.refresh_run_id, m.effective_at, m.member_bitmap,
                EXISTS (SELECT 1 FROM segment_history AS h WHERE h.segment_id = m.segment_id AND h.id <
                    (SELECT h2.id FROM segment_history AS h2 WHERE h2.refresh_run_id = m.refresh_run_id))
            FROM memberships AS m WHERE m.segment_id = ? ORDER BY m.id
            """)
        try statement.bind([segmentID])
        var events: [MembershipEvent] = []
        var wasMember: Bool? = nil
        var enteredBefore = false
        while let row = try statement.step() {
            let runID: Int64 = try row.decode(at: 0)
            let at: Date = try row.decode(at: 1)
            let data: Data = try row.decode(at: 2)
            let members = try MemberSet(serializedData: data, source: membershipSource(segmentID: segmentID, runID: runID))
            let isMember = members.contains(customer)
            switch wasMember {
            case nil:
                let hasEarlierHistory: Bool = try row.decode(at: 3)
                if isMember {
                    if hasEarlierHistory {
                        enteredBefore = true
                    } else {
                        events.append(MembershipEvent(kind: .entered, at: at, refreshRunID: runID))
                    }
                }
            case let was?:
                if isMember != was {
                    events.append(MembershipEvent(kind: isMember ? .entered : .exited, at: at, refreshRunID: runID))
                }
            }
            wasMember = isMember
        }
        statement.reset()
        return CustomerMembershipHistory(events: events, isMember: wasMember ?? false, enteredBeforeKeptHistory: enteredBefore)
    }

    /// The segments whose latest membership contains customer row `customer`,
    /// by name.
    public func segmentsContaining(customer: UInt32) throws -> [SegmentReference] {
        let statement = try prepare("""
            SELECT s.id, s.name, m.refresh_run_id, m.member_bitmap
            FROM segments AS s
            JOIN memberships AS m ON m.id = (SELECT max(id) FROM memberships WHERE segment_id = s.id)
            ORDER BY s.name COLLATE NOCASE
            """)
        var found: [SegmentReference] = []
        while let row = try statement.step() {
            let id: Int64 = try row.decode(at: 0)
            let runID: Int64 = try row.decode(at: 2)
            let members = try MemberSet(
                serializedData: try row.decode(at: 3),
                source: membershipSource(segmentID: id, runID: runID)
            )
            if members.contains(customer) {
                found.append(SegmentReference(id: id, name: try row.decode(at: 1)))
            }
        }
        statement.reset()
        return found
    }

    // MARK: - Helpers

    /// The newest kept membership of segment `segmentID`, if any.
    private func latestMembers(segmentID: Int64) throws -> MemberSet? {
        let statement = try prepare(
            "SELECT refresh_run_id, member_bitmap FROM memberships WHERE segment_id = ? ORDER BY id DESC LIMIT 1"
        )
        try statement.bind([segmentID])
        guard let (runID, data) = try statement.first({ row in (try row.decode(Int64.self, at: 0), try row.decode(Data.self, at: 1)) }) else {
            return nil
        }
        return try MemberSet(serializedData: data, source: membershipSource(segmentID: segmentID, runID: runID))
    }

    /// Where a membership bitmap comes from, for errors.
    private func membershipSource(segmentID: Int64, runID: Int64) -> String {
        "\(StoreError.fileName(path)): segment \(segmentID), refresh run \(runID)"
    }
}
