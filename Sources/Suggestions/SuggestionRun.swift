import Foundation

/// One suggestion run: its inputs, when it ran, its suggestions and what the
/// report shows beside them (the tree, the R × F grid, the cluster profiles).
/// The store keeps it as JSON; the CLI and the report render it.
public struct SuggestionRun: Codable, Hashable, Sendable {
    public enum Kind: String, Codable, Hashable, Sendable {
        case measure, activity
    }

    public var kind: Kind
    /// When the run was made.
    public var createdAt: Date
    /// Measure runs: the request.
    public var measureRequest: MeasureSuggestionRequest?
    /// Activity runs: the request.
    public var activityRequest: ActivitySuggestionRequest?
    /// Customers in scope.
    public var customerCount: Int
    /// Candidate segments tested (the Benjamini–Hochberg family size).
    public var candidateCount: Int
    public var suggestions: [Suggestion]
    /// Measure runs: every node of the fitted tree.
    public var tree: [TreeNodeSummary]?
    /// Activity runs: customers and mean monetary value per R score × F score.
    public var rfmGrid: RFMGrid?
    /// Activity runs: the activity-pattern clusters.
    public var clusters: [ClusterProfile]?
    /// Wall-clock seconds the run took.
    public var seconds: Double

    private enum CodingKeys: String, CodingKey {
        case kind, suggestions, tree, clusters, seconds
        case createdAt = "created_at", measureRequest = "measure_request", activityRequest = "activity_request"
        case customerCount = "customer_count", candidateCount = "candidate_count", rfmGrid = "rfm_grid"
    }

    /// The run as JSON (sorted keys, ISO 8601 dates).
    public func jsonData(prettyPrinted: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }

    /// Reads a run written by `jsonData()`.
    public init(json: Data) throws {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        self = try decoder.decode(SuggestionRun.self, from: json)
    }

    init(kind: Kind, createdAt: Date, measureRequest: MeasureSuggestionRequest? = nil,
         activityRequest: ActivitySuggestionRequest? = nil, customerCount: Int, candidateCount: Int,
         suggestions: [Suggestion], tree: [TreeNodeSummary]? = nil, rfmGrid: RFMGrid? = nil,
         clusters: [ClusterProfile]? = nil, seconds: Double) {
        self.kind = kind
        self.createdAt = createdAt
        self.measureRequest = measureRequest
        self.activityRequest = activityRequest
        self.customerCount = customerCount
        self.candidateCount = candidateCount
        self.suggestions = suggestions
        self.tree = tree
        self.rfmGrid = rfmGrid
        self.clusters = clusters
        self.seconds = seconds
    }
}

/// One node of a measure run's tree, for the report.
public struct TreeNodeSummary: Codable, Hashable, Sendable {
    public var node: Int
    public var parent: Int?
    public var depth: Int
    /// The condition on the feature the parent split on, as seen from this node (`age between 30 and 40`).
    public var condition: String
    public var memberCount: Int
    /// Mean or share of the primary in the node; nil when no member has a value.
    public var value: Double?
    /// The rank of the suggestion made from this node, if one was.
    public var suggestionRank: Int?

    private enum CodingKeys: String, CodingKey {
        case node, parent, depth, condition, value
        case memberCount = "member_count", suggestionRank = "suggestion_rank"
    }
}
