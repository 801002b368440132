import Foundation

/// One version of a segment's definition. Every edit adds a version; earlier
/// ones are kept with their time.
public struct SegmentDefinitionRecord: Sendable, Equatable, Identifiable, Codable {
    /// The row id.
    public var id: Int64
    /// The segment it belongs to.
    public var segmentID: Int64
    /// 1 for the definition the segment was created with, then 2, 3, …
    public var version: Int
    /// The definition as JSON (the Segments module's model), validated by the
    /// caller before it is stored.
    public var definitionJSON: String
    /// The definition in the text syntax, when it was written that way.
    public var definitionText: String?
    /// When this version was saved.
    public var createdAt: Date
}

extension SegmentDefinitionRecord {
    /// The columns ``init(row:)`` reads from `segment_definitions`.
    static let selection = "id, segment_id, version, definition_json, definition_text, created_at"

    /// Reads a record from a row selected with ``selection``.
    init(row: Row) throws {
        self.init(
            id: try row.decode(at: 0),
            segmentID: try row.decode(at: 1),
            version: try row.decode(at: 2),
            definitionJSON: try row.decode(at: 3),
            definitionText: try row.decode(at: 4),
            createdAt: try row.decode(at: 5)
        )
    }
}
