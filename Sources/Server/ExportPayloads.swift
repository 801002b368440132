import Foundation
import Workspace

// The bodies of the export routes. Each has a schema of the same name in `OpenAPISchemas+Exports`.

/// The body of `POST /api/exports`.
struct ExportCreation: Decodable, Sendable {
    var name: String
    /// A folder inside the workspace (`exports/weekly`); default `exports/NAME`.
    var path: String?
    /// The fields of each row (the id, customer attributes, measures); default the id.
    var fields: [String]?
    /// `on-demand` (default) or `after-refresh`.
    var trigger: String?
    var segments: [String]?
}

/// The body of `POST /api/exports/{name}/segments`.
struct ExportSegment: Decodable, Sendable {
    var segment: String
}

/// `GET /api/exports`.
struct ExportList: Encodable, Sendable {
    var exports: [ExportSummary]
}
