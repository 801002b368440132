import Foundation
import Workspace

// The bodies of the similar-customers routes. Each has a schema of the same name in `OpenAPISchemas+Similar`.

/// The body of `POST /api/similar`: customers like a source segment's members.
struct SimilarStart: Decodable, Sendable {
    /// The segment whose members to find more of (refreshed, at least 10 members).
    var source: String
    /// The new expansion segment's name (default "Similar to SOURCE").
    var name: String?
    /// The target audience: a segment, or every customer outside the source when absent.
    var target: String?
    /// Whether the source members are kept in the expansion segment (default false).
    var includesSource: Bool?
    /// Keep target customers scoring at least this, in [0, 1]; when absent, keep the top `topShare`.
    var threshold: Double?
    /// The share of the target to keep when no threshold is given, in (0, 1] (default 0.2).
    var topShare: Double?
    /// Only these customer fields (default: every usable one).
    var includedFields: [String]?
    /// Customer fields left out.
    var excludedFields: [String]?
    /// Whether the workspace's measures are encoded too (default false; a measure named in `includedFields`
    /// is encoded either way).
    var includeMeasures: Bool?
    /// Whether activity features (recency, frequency, monetary per type, channel mix) are encoded (default true).
    var activityFeatures: Bool?
    /// Project the encoded customers on this many principal components (at least 1).
    var pcaDimensions: Int?
}

/// The body of `POST /api/segments/{name}/similar/selection`: a new threshold or top share.
struct ExpansionSelection: Decodable, Sendable {
    /// Keep target customers scoring at least this, in [0, 1].
    var threshold: Double?
    /// Keep the top share of the target instead, in (0, 1].
    var topShare: Double?
}
