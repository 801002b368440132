import Foundation

/// One stored suggestion run: its inputs, its whole result as JSON, and each
/// suggestion with what a person decided about it.
///
/// The store keeps the run JSON as the `Suggestions` module wrote it and never
/// reads inside it; the suggestions' titles, definitions and decisions are
/// columns so they can be listed and changed without decoding the run.
public struct SuggestionRunRecord: Sendable, Equatable, Identifiable, Codable {
    /// What a run suggests from.
    public enum Kind: String, Sendable, Equatable, Codable, CaseIterable {
        /// A measure or attribute (trees over influencing attributes).
        case measure
        /// Activity (RFM levels and segments, clusters).
        case activity
    }

    /// Where a run stands: `open` while any of its suggestions is undecided.
    public enum Status: String, Sendable, Equatable, Codable, CaseIterable {
        case open
        /// Every suggestion was accepted or dismissed.
        case reviewed
    }

    /// What was decided about one suggestion.
    public enum Decision: String, Sendable, Equatable, Codable, CaseIterable {
        case new
        case accepted
        case dismissed
    }

    /// A suggestion to record with its run.
    public struct NewItem: Sendable, Equatable {
        /// The position in the run, from 1.
        public var rank: Int
        public var title: String
        /// The definition in the segment language.
        public var definitionText: String
        public var memberCount: Int

        public init(rank: Int, title: String, definitionText: String, memberCount: Int) {
            self.rank = rank
            self.title = title
            self.definitionText = definitionText
            self.memberCount = memberCount
        }
    }

    /// One stored suggestion.
    public struct Item: Sendable, Equatable, Codable {
        /// The position in the run, from 1.
        public var rank: Int
        public var title: String
        /// The definition in the segment language, as suggested.
        public var definitionText: String
        public var memberCount: Int
        public var status: Decision
        /// The segment made when it was accepted; nil once that segment is deleted.
        public var acceptedSegmentID: Int64?
        /// When it was accepted or dismissed.
        public var decidedAt: Date?
    }

    /// The row id; never reused.
    public var id: Int64
    public var kind: Kind
    public var status: Status
    public var createdAt: Date
    /// The run's inputs as JSON (the request the run was made from).
    public var inputsJSON: String
    /// The whole run as JSON (statistics, trees, grids, clusters).
    public var runJSON: String
    /// The suggestions, by rank.
    public var suggestions: [Item]

    /// The suggestion ranked `rank`, if any.
    public func suggestion(rank: Int) -> Item? {
        suggestions.first { $0.rank == rank }
    }
}

extension SuggestionRunRecord {
    /// The columns ``init(row:suggestions:)`` reads from `suggestion_runs`.
    static let selection = "id, kind, status, created_at, inputs_json, run_json"

    /// The columns ``Item/init(row:)`` reads from `suggestions`.
    static let itemSelection = "rank, title, definition_text, member_count, status, accepted_segment_id, decided_at"

    /// Reads a run from a row selected with ``selection``.
    init(row: Row, suggestions: [Item]) throws {
        self.init(
            id: try row.decode(at: 0),
            kind: try row.decodeEnumeration(at: 1),
            status: try row.decodeEnumeration(at: 2),
            createdAt: try row.decode(at: 3),
            inputsJSON: try row.decode(at: 4),
            runJSON: try row.decode(at: 5),
            suggestions: suggestions)
    }
}

extension SuggestionRunRecord.Item {
    /// Reads a suggestion from a row selected with ``SuggestionRunRecord/itemSelection``.
    init(row: Row) throws {
        self.init(
            rank: try row.decode(at: 0),
            title: try row.decode(at: 1),
            definitionText: try row.decode(at: 2),
            memberCount: try row.decode(at: 3),
            status: try row.decodeEnumeration(at: 4),
            acceptedSegmentID: try row.decode(at: 5),
            decidedAt: try row.decode(at: 6))
    }
}
