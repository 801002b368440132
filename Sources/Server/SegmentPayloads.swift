import Foundation
import Workspace

// The request and answer bodies of the segment routes made here rather than by the Workspace.
// Each has a schema of the same name in `OpenAPISchemas+Segments`.

/// The body of `POST /api/segments`.
struct SegmentCreation: Decodable, Sendable {
    var name: String
    /// The definition in the text syntax or as JSON (a string or an object).
    var definition: JSONValue
    /// `dynamic` (default) or `static`.
    var type: String?
    var description: String?
    var tags: [String]?
}

/// The body of `PATCH /api/segments/{name}`: the fields to change, the others stay.
struct SegmentChange: Decodable, Sendable {
    var definition: JSONValue?
    var description: String?
    /// `dynamic` or `static`.
    var type: String?
    /// `active` or `inactive`; with `stateAt`, scheduled for that time ("schedule later").
    var state: String?
    var stateAt: String?
    var addTags: [String]?
    var removeTags: [String]?
    /// Exempt from auto-deactivation.
    var isExempt: Bool?

    enum CodingKeys: String, CodingKey {
        case definition, description, type, state, stateAt, addTags, removeTags
        case isExempt = "exempt"
    }
}

/// The body of `POST /api/segments/{name}/rename` and `…/duplicate`.
struct SegmentNaming: Decodable, Sendable {
    var name: String
    /// For a duplicate: a new definition for the copy right away.
    var definition: JSONValue?
}

/// The body of `POST /api/refresh`.
struct RefreshRequest: Decodable, Sendable {
    var segments: [String]?
    var all: Bool?
}

/// `GET /api/segments`.
struct SegmentList: Encodable, Sendable {
    var segments: [SegmentSummary]
}

/// `GET /api/segments/{name}/runs`.
struct RunList: Encodable, Sendable {
    var runs: [RefreshRunSummary]
}

/// `GET /api/segments/{name}/versions`.
struct VersionList: Encodable, Sendable {
    var versions: [SegmentVersion]
}
