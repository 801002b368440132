import CustomerData
import Foundation
import SegmentStore
import Segments

/// The first members of a segment with chosen fields (`segment members`).
public struct MemberPreview: Codable, Sendable {
    public var segment: String
    public var memberCount: Int
    public var fields: [String]
    /// One row per member, in row order: a value per field, nil when empty.
    public var rows: [[String?]]
}

/// Who entered or left a segment at its last refresh (`segment entered|exited`).
public struct MemberChanges: Codable, Sendable {
    public var segment: String
    /// `entered` or `exited`.
    public var kind: String
    /// The refresh the change happened at.
    public var at: Date?
    public var count: Int
    /// The first customer ids, in row order.
    public var customerIDs: [String]
}

/// When a customer entered and left a segment (`customer history`).
public struct CustomerSegmentHistory: Codable, Sendable {
    public struct Event: Codable, Sendable, Equatable {
        /// `entered` or `exited`.
        public var kind: String
        public var at: Date
    }

    public var customer: String
    public var segment: String
    public var isMember: Bool
    /// Whether the customer was a member already before the oldest kept membership.
    public var enteredBeforeKeptHistory: Bool
    public var events: [Event]
}

/// A segment's member count per day over a time frame (`segment history`).
public struct MemberTrend: Codable, Sendable {
    public var segment: String
    public var from: Date
    public var through: Date
    public var timeZone: String
    public var points: [DailyMemberCount]

    /// `▁▂▄█`: one bar per point, scaled between the smallest and largest count.
    public var sparkline: String {
        let counts = points.map(\.memberCount)
        guard let low = counts.min(), let high = counts.max() else { return "" }
        let bars = Array("▁▂▃▄▅▆▇█")
        return String(counts.map { count in
            high == low ? bars[3] : bars[min(7, (count - low) * 8 / (high - low + 1))]
        })
    }

    /// A table of the points with the sparkline, for the terminal.
    public var text: String {
        guard !points.isEmpty else { return "Segment \"\(segment)\" has no refreshes in this time frame." }
        var lines = ["Segment \"\(segment)\", \(points.first!.day) to \(points.last!.day) (\(timeZone))", "  " + sparkline, ""]
        lines.append("day          members    entered   exited  refreshes")
        for point in points {
            lines.append(
                point.day + "  " + point.memberCount.grouped.leftPadded(9) + "  " + point.enteredCount.grouped.leftPadded(9)
                    + "  " + point.exitedCount.grouped.leftPadded(7) + "  " + String(point.refreshCount).leftPadded(9))
        }
        return lines.joined(separator: "\n")
    }
}

extension Workspace {
    /// The live snapshot and the current members of a segment (which must have been refreshed).
    ///
    /// Both come from one read of the store, so the rows match the generation even when an
    /// ingest switches it meanwhile (it moves stored members in the same transaction); the
    /// snapshot is the one already opened while that generation stays live.
    func membersOnLiveSnapshot(_ record: SegmentRecord) throws -> (Snapshot, MemberSet) {
        let membership = try currentMembership(of: record)
        return (membership.snapshot, membership.members)
    }

    /// The live snapshot, the current members of a segment and the instant its last refresh
    /// evaluated them as of, from one read of the store (see `membersOnLiveSnapshot`).
    func currentMembership(of record: SegmentRecord) throws -> (snapshot: Snapshot, members: MemberSet, asOf: Date) {
        let (live, stored, latest) = try store.read { db in
            (try db.liveSnapshot(), try db.currentMembers(segmentID: record.id), try db.memberships(segmentID: record.id).first)
        }
        guard let live else { throw WorkspaceError.noSnapshot }
        guard let members = stored, let latest else { throw SegmentLifecycleError.neverRefreshed(segment: record.name) }
        return (try snapshot(named: live.directoryName), members, latest.effectiveAt)
    }

    /// Records a view of a segment for auto-deactivation, at most once an hour: when `record`
    /// (just read) already shows a view that close to `date`, the store is not asked at all.
    func recordView(of record: SegmentRecord, at date: Date) throws {
        if let viewed = record.lastViewedAt, abs(date.timeIntervalSince(viewed)) < Store.segmentViewResolutionSeconds {
            return
        }
        try store.recordSegmentView(id: record.id, at: date)
    }

    /// The default fields of a segment's member lists: the id and the attributes its definition uses.
    func defaultFields(of record: SegmentRecord, snapshot: Snapshot) throws -> [String] {
        let stored = try store.currentSegmentDefinition(segmentID: record.id)
        let definition = try SegmentDefinition(json: Data(stored.definitionJSON.utf8))
        var fields = ["id"]
        definition.forEachCondition { condition, _ in
            if case .attribute(let field) = condition, !fields.contains(field.field),
               snapshot.customers.column(named: field.field) != nil {
                fields.append(field.field)
            }
        }
        return fields
    }

    /// The first `limit` members of a segment with `fields` (default: the id and the
    /// attributes its definition uses); counts as a view.
    ///
    /// A field is the id, a customer attribute or a measure; measures are computed as of the
    /// instant the segment's last refresh evaluated its members, so a member list shows the
    /// values that refresh saw.
    public func memberPreview(named name: String, fields: [String]? = nil, limit: Int = 100, now: Date = Date()) throws -> MemberPreview {
        let record = try requireSegment(named: name)
        let (snapshot, members, asOf) = try currentMembership(of: record)
        let names = try fields ?? defaultFields(of: record, snapshot: snapshot)
        let columns = try MemberFields(names, snapshot: snapshot, config: config, asOf: asOf)
        var rows: [[String?]] = []
        for row in members.first(limit) where Int(row) < snapshot.customers.rowCount {
            rows.append(columns.fields.indices.map { columns.text(ofField: $0, row: Int(row)) })
        }
        try recordView(of: record, at: now)
        return MemberPreview(segment: record.name, memberCount: members.count, fields: names, rows: rows)
    }

    /// Writes every member of a segment to `url` as CSV with `fields` (default: the id and the
    /// attributes its definition uses), streamed, replacing the file only when complete.
    /// Counts as a view.
    ///
    /// A field is the id, a customer attribute or a measure, computed as of the segment's last
    /// refresh (see `memberPreview`).
    /// - Returns: the number of rows written.
    @discardableResult
    public func downloadMembers(named name: String, to url: URL, fields: [String]? = nil, now: Date = Date()) throws -> Int {
        let record = try requireSegment(named: name)
        let (snapshot, members, asOf) = try currentMembership(of: record)
        let names = try fields ?? defaultFields(of: record, snapshot: snapshot)
        let columns = try MemberFields(names, snapshot: snapshot, config: config, asOf: asOf)
        let rows = try Self.writeCSV(members, columns: columns, to: url)
        try recordView(of: record, at: now)
        return rows
    }

    /// Writes `members` as CSV to `url` through a partial file renamed into place.
    static func writeCSV(_ members: MemberSet, columns: MemberFields, to url: URL) throws -> Int {
        let partial = url.deletingLastPathComponent().appendingPathComponent("." + url.lastPathComponent + ".partial")
        var writer = try MemberCSVWriter(columns: columns, url: partial)
        do {
            try writer.writeHeader()
            let rows = try writer.write(members)
            try writer.finish()
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: partial, to: url)
            return rows
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
    }

    /// The customers who entered (or exited) a segment at its last refresh.
    public func memberChanges(named name: String, exited: Bool = false, limit: Int = 100) throws -> MemberChanges {
        let record = try requireSegment(named: name)
        let snapshot = try liveSnapshot()
        let kept = try store.memberships(segmentID: record.id)
        guard let latest = kept.first else { throw SegmentLifecycleError.neverRefreshed(segment: record.name) }
        let current = try store.members(segmentID: record.id, refreshRunID: latest.refreshRunID)
        let previous = try kept.dropFirst().first.map { try store.members(segmentID: record.id, refreshRunID: $0.refreshRunID) }
            ?? MemberSet()
        let changed = exited ? previous.subtracting(current) : current.subtracting(previous)
        let ids = changed.first(limit).filter { Int($0) < snapshot.customers.rowCount }.map { snapshot.customerID(ofRow: Int($0)) }
        return MemberChanges(
            segment: record.name, kind: exited ? "exited" : "entered", at: latest.effectiveAt,
            count: changed.count, customerIDs: ids)
    }

    /// The row of customer `id` in the live snapshot.
    func customerRow(_ id: String) throws -> UInt32 {
        guard let row = try liveSnapshot().customerRow(forID: id) else { throw SegmentLifecycleError.unknownCustomer(id: id) }
        return UInt32(row)
    }

    /// The segments customer `id` is in now, by name.
    public func segments(ofCustomer id: String) throws -> [String] {
        try store.segmentsContaining(customer: try customerRow(id)).map(\.name)
    }

    /// When customer `id` entered and left a segment, as far as the kept memberships tell.
    public func customerHistory(_ id: String, segment name: String) throws -> CustomerSegmentHistory {
        let record = try requireSegment(named: name)
        let history = try store.membershipHistory(customer: try customerRow(id), segmentID: record.id)
        return CustomerSegmentHistory(
            customer: id, segment: record.name, isMember: history.isMember,
            enteredBeforeKeptHistory: history.enteredBeforeKeptHistory,
            events: history.events.map { .init(kind: $0.kind.rawValue, at: $0.at) })
    }

    /// The daily member counts of a segment from `from` through `through`.
    public func memberTrend(named name: String, from: Date, through: Date) throws -> MemberTrend {
        let record = try requireSegment(named: name)
        guard from <= through else {
            throw WorkspaceError.badValue(field: "from", value: Self.isoText(from, timeZone: timeZone), expected: "before --to")
        }
        let points = try store.dailyMemberCounts(segmentID: record.id, from: from, through: through, timeZone: timeZone)
        return MemberTrend(segment: record.name, from: from, through: through, timeZone: timeZone.identifier, points: points)
    }

    /// The member trend of the last `days` days up to `now` (7, 30, 180 …).
    public func memberTrend(named name: String, days: Int, now: Date = Date()) throws -> MemberTrend {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: now)
        let from = calendar.date(byAdding: .day, value: -(days - 1), to: today) ?? today
        return try memberTrend(named: name, from: from, through: now)
    }
}

extension String {
    /// The text right-aligned in `width` characters.
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
