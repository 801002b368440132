import CustomerData
import Foundation

// The JSON bodies of the API's answers that are made here rather than by the Workspace.
// Each has a schema of the same name in `OpenAPISchemas`.

/// `GET /api/health`.
struct Health: Codable, Sendable {
    var status: String
    var version: String
}

/// `GET /api/jobs`.
struct JobList: Codable, Sendable {
    var jobs: [Job]
}

/// `GET /api/workspace`: the workspace's settings and its live data.
struct WorkspaceInfo: Codable, Sendable {
    /// One source table from `audience.json`.
    struct Source: Codable, Sendable {
        /// `customers`, or the activity source's name.
        var name: String
        /// `customers` or `activities`.
        var kind: String
        /// The file's name (without its folder).
        var file: String
        /// Customers: the id column. Activities: the customer id column.
        var idColumn: String
        var timestampColumn: String?
        var typeColumn: String?
        var fixedType: String?
        var amountColumn: String?
        /// Declared column types; undeclared columns are inferred at ingest.
        var columns: [String: ColumnType]
    }

    /// The live snapshot generation.
    struct Snapshot: Codable, Sendable {
        var generation: String
        var createdAt: String
        var customers: Int
        var activities: Int
        var bytes: Int
    }

    var name: String
    var timeZone: String
    var version: String
    var sources: [Source]
    var measures: [MeasureDefinition]
    /// `nil` before the first ingest.
    var snapshot: Snapshot?
}

/// The result of an ingest job.
struct IngestResult: Codable, Sendable {
    /// The generation now live (`gen-000002`).
    var generation: String
    var customers: Int
    var activities: Int
    var removedGenerations: [String]
    var report: IngestReport
}
