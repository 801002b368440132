import Foundation

/// How a segment gets its members.
public enum SegmentType: String, Sendable, Equatable, Codable, CaseIterable {
    /// Evaluated from its definition, refreshed on schedule.
    case dynamic
    /// Evaluated from its definition, refreshed only by hand.
    case `static`
    /// Made from customers similar to a source segment; refreshed like dynamic.
    case expansion

    /// Whether scheduled refreshes include segments of this type.
    public var refreshesOnSchedule: Bool {
        self != .static
    }
}

/// Whether a segment takes part in refreshes.
public enum SegmentState: String, Sendable, Equatable, Codable, CaseIterable {
    /// Refreshed on schedule (dynamic, expansion) and by hand.
    case active
    /// Skipped by scheduled refreshes.
    case inactive
}

/// A segment's id and name, e.g. in a list of segments that depend on another.
public struct SegmentReference: Sendable, Equatable, Hashable, Codable, Identifiable, CustomStringConvertible {
    /// The segment id.
    public var id: Int64
    /// The segment name.
    public var name: String

    /// Creates a reference.
    public init(id: Int64, name: String) {
        self.id = id
        self.name = name
    }

    /// The name in quotes, as errors show it.
    public var description: String {
        "\"\(name)\""
    }
}

/// One segment as the store records it, with its tags, current definition
/// version and latest refresh.
public struct SegmentRecord: Sendable, Equatable, Identifiable, Codable {
    /// The row id; never reused.
    public var id: Int64
    /// The name, unique among segments regardless of (ASCII) case.
    public var name: String
    /// Free text; empty when none.
    public var description: String
    /// Dynamic, static or expansion.
    public var type: SegmentType
    /// Active or inactive.
    public var state: SegmentState
    /// When a scheduled activation will happen, if one is scheduled.
    public var activateAt: Date?
    /// When a scheduled deactivation will happen, if one is scheduled.
    public var deactivateAt: Date?
    /// When the segment refreshes among the system refreshes.
    public var schedule: SegmentSchedule
    /// Whether auto-deactivation leaves the segment alone.
    public var isExemptFromAutoDeactivation: Bool
    /// When the segment was created.
    public var createdAt: Date
    /// When the segment was last changed (definition, name, tags, type,
    /// state, schedule, …); refreshes do not count.
    public var updatedAt: Date
    /// When a person last looked at the segment (show, preview, download).
    public var lastViewedAt: Date?
    /// When a person last viewed or refreshed the segment by hand.
    public var lastUsedAt: Date?
    /// The row id of the current definition version.
    public var currentDefinitionID: Int64
    /// The current definition's version number (1, 2, …).
    public var definitionVersion: Int
    /// The tags, sorted case-insensitively.
    public var tags: [String]
    /// When the last successful refresh ended ("last refreshed"); nil before one.
    public var lastRefreshedAt: Date?
    /// The member count of the last successful refresh; nil before one.
    public var memberCount: Int?
    /// The status of the latest refresh run of any outcome; nil before one.
    public var lastRunStatus: RefreshRunStatus?
}

extension SegmentRecord {
    /// The columns ``init(row:)`` reads, for `FROM segments AS s`.
    static let selection = """
        s.id, s.name, s.description, s.type, s.state, s.activate_at, s.deactivate_at, s.schedule_json,
        s.is_exempt_from_auto_deactivation, s.created_at, s.updated_at, s.last_viewed_at, s.last_used_at,
        s.current_definition_id,
        (SELECT d.version FROM segment_definitions AS d WHERE d.id = s.current_definition_id),
        (SELECT json_group_array(t.tag) FROM
            (SELECT tag FROM segment_tags WHERE segment_id = s.id ORDER BY tag COLLATE NOCASE) AS t),
        (SELECT r.ended_at FROM refresh_runs AS r
            WHERE r.segment_id = s.id AND r.status = 'succeeded' ORDER BY r.id DESC LIMIT 1),
        (SELECT r.member_count FROM refresh_runs AS r
            WHERE r.segment_id = s.id AND r.status = 'succeeded' ORDER BY r.id DESC LIMIT 1),
        (SELECT r.status FROM refresh_runs AS r WHERE r.segment_id = s.id ORDER BY r.id DESC LIMIT 1)
        """

    /// Reads a record from a row selected with ``selection``.
    init(row: Row) throws {
        let lastRunStatus: String? = try row.decode(at: 18)
        self.init(
            id: try row.decode(at: 0),
            name: try row.decode(at: 1),
            description: try row.decode(at: 2),
            type: try row.decodeEnumeration(at: 3),
            state: try row.decodeEnumeration(at: 4),
            activateAt: try row.decode(at: 5),
            deactivateAt: try row.decode(at: 6),
            schedule: try row.decodeJSON(at: 7),
            isExemptFromAutoDeactivation: try row.decode(at: 8),
            createdAt: try row.decode(at: 9),
            updatedAt: try row.decode(at: 10),
            lastViewedAt: try row.decode(at: 11),
            lastUsedAt: try row.decode(at: 12),
            currentDefinitionID: try row.decode(at: 13),
            definitionVersion: try row.decode(at: 14),
            tags: try row.decodeJSON(at: 15),
            lastRefreshedAt: try row.decode(at: 16),
            memberCount: try row.decode(at: 17),
            lastRunStatus: try lastRunStatus.map { text in
                guard let status = RefreshRunStatus(rawValue: text) else {
                    throw RowDecodingError(
                        columnIndex: 18, columnName: "status", expectedType: "RefreshRunStatus",
                        found: .text(text), sql: row.statement.sql
                    )
                }
                return status
            }
        )
    }

    /// This segment as a reference (id and name).
    public var reference: SegmentReference {
        SegmentReference(id: id, name: name)
    }
}
