import Foundation

/// A piece of long work as clients see it: `GET /api/jobs/{id}`.
public struct Job: Codable, Sendable, Equatable {
    /// Where a job is in its life.
    public enum Status: String, Codable, Sendable {
        case queued, running, succeeded, failed
    }

    /// Why a job failed: the status and message a request doing the work would have answered.
    public struct Failure: Codable, Sendable, Equatable {
        public var status: Int
        public var message: String

        public init(status: Int, message: String) {
            self.status = status
            self.message = message
        }
    }

    /// An opaque id (`7f3a…`), unguessable.
    public var id: String
    /// What the job does (`ingest`).
    public var kind: String
    public var status: Status
    /// The fraction done, 0…1 (1 once succeeded).
    public var progress: Double
    /// What the job is doing now (`read customers`).
    public var note: String?
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    /// The job's answer once it succeeded.
    public var result: JSONValue?
    /// The failure once it failed.
    public var error: Failure?

    /// Whether the job has finished, either way.
    public var isFinished: Bool { status == .succeeded || status == .failed }
}
