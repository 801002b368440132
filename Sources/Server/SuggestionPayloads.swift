import Foundation
import Workspace

// The bodies of the suggestion routes. Each has a schema of the same name in `OpenAPISchemas+Suggestions`.

/// The body of `POST /api/suggestions`: a suggestion run of either kind.
struct SuggestionStart: Decodable, Sendable {
    /// `measure` (segments that differ on an attribute or measure) or `activity` (RFM, clusters).
    var kind: String
    /// Measure runs: the attribute or measure to explain.
    var primary: String?
    /// Measure runs with a category or boolean primary: the value whose share to compare.
    var shareOf: String?
    /// Measure runs: the attributes definitions may use (default: every usable one).
    var influencing: [String]?
    /// Measure runs: the most suggestions to keep (default 10).
    var maxSuggestions: Int?
    /// Activity runs: the activity types that count (default: every type).
    var types: [String]?
    /// Activity runs: `last-month`, `last-year`, `all-time` (default) or `custom` with `from` and `to`.
    var period: String?
    /// Activity runs with a custom period: the first day (YYYY-MM-DD).
    var from: String?
    /// Activity runs with a custom period: the last day (YYYY-MM-DD).
    var to: String?
    /// Activity runs: whether to cluster activity patterns (default true; the costly part).
    var includeClusters: Bool?
    /// Consider only this segment's current members.
    var scope: String?
}

/// The body of `POST /api/suggestions/{id}/accept`.
struct SuggestionAcceptance: Decodable, Sendable {
    var rank: Int
    /// The new segment's name (default: the suggestion's title).
    var name: String?
    /// An edited definition in the segment language (default: the suggested one).
    var definition: String?
}

/// The body of `POST /api/suggestions/{id}/dismiss`.
struct SuggestionDismissal: Decodable, Sendable {
    var rank: Int
}

/// `GET /api/suggestions`.
struct SuggestionRunList: Encodable, Sendable {
    var runs: [SuggestionRunSummary]
}
