import Foundation

/// Where an export writes.
public enum ExportKind: String, Sendable, Equatable, Codable, CaseIterable {
    /// One CSV file per segment in a folder.
    case csvFolder = "csv-folder"
}

/// When an export runs.
public enum ExportTrigger: String, Sendable, Equatable, Codable, CaseIterable {
    /// After each successful refresh of one of its segments.
    case afterRefresh = "after-refresh"
    /// Only when asked.
    case onDemand = "on-demand"
}

/// What a new export destination is made of.
public struct NewExport: Sendable, Equatable {
    /// The name, unique among exports regardless of (ASCII) case.
    public var name: String
    /// The destination kind.
    public var kind: ExportKind
    /// The folder (relative to the workspace or absolute).
    public var path: String
    /// The customer fields written, in order.
    public var fields: [String]
    /// When it runs.
    public var trigger: ExportTrigger
    /// The segments it contains.
    public var segmentIDs: [Int64]

    /// Creates a description of an export.
    public init(
        name: String,
        kind: ExportKind = .csvFolder,
        path: String,
        fields: [String],
        trigger: ExportTrigger = .onDemand,
        segmentIDs: [Int64] = []
    ) {
        self.name = name
        self.kind = kind
        self.path = path
        self.fields = fields
        self.trigger = trigger
        self.segmentIDs = segmentIDs
    }
}

/// One export destination as the store records it.
public struct ExportRecord: Sendable, Equatable, Identifiable, Codable {
    /// The row id; never reused.
    public var id: Int64
    /// The name.
    public var name: String
    /// The destination kind.
    public var kind: ExportKind
    /// The folder.
    public var path: String
    /// The customer fields written, in order.
    public var fields: [String]
    /// When it runs.
    public var trigger: ExportTrigger
    /// The segments it contains, by name.
    public var segments: [SegmentReference]
    /// When it was created.
    public var createdAt: Date
    /// When it was last changed.
    public var updatedAt: Date
}

extension ExportRecord {
    /// The columns ``init(row:)`` reads, for `FROM exports AS e`.
    static let selection = """
        e.id, e.name, e.kind, e.path, e.fields_json, e.trigger, e.created_at, e.updated_at,
        (SELECT json_group_array(json_object('id', x.id, 'name', x.name)) FROM
            (SELECT s.id, s.name FROM export_segments AS es JOIN segments AS s ON s.id = es.segment_id
             WHERE es.export_id = e.id ORDER BY s.name COLLATE NOCASE) AS x)
        """

    /// Reads a record from a row selected with ``selection``.
    init(row: Row) throws {
        self.init(
            id: try row.decode(at: 0),
            name: try row.decode(at: 1),
            kind: try row.decodeEnumeration(at: 2),
            path: try row.decode(at: 3),
            fields: try row.decodeJSON(at: 4),
            trigger: try row.decodeEnumeration(at: 5),
            segments: try row.decodeJSON(at: 8),
            createdAt: try row.decode(at: 6),
            updatedAt: try row.decode(at: 7)
        )
    }
}
