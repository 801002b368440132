import Segments

/// A proposed segment: its definition (editable before accepting), its size
/// and the statistics that explain it. Accepting one hands `definition` to the
/// segment store as an ordinary segment.
public struct Suggestion: Codable, Hashable, Sendable {
    /// What produced the suggestion.
    public enum Kind: String, Codable, Hashable, Sendable {
        /// A node of the tree on a measure or attribute.
        case measure
        /// One level (high, medium, low) of recency, frequency or monetary value.
        case activityLevel = "activity_level"
        /// A named RFM segment (Champions, Lost, …).
        case rfmSegment = "rfm_segment"
        /// An activity-pattern cluster.
        case cluster
    }

    /// The position in the run, from 1.
    public var rank: Int
    public var kind: Kind
    /// A short name (`Champions`, `frequency high`, `cluster 2`) or the rule itself.
    public var title: String
    public var definition: SegmentDefinition
    /// `definition.text`, kept so a stored run reads without the parser.
    public var definitionText: String
    public var memberCount: Int
    /// Members over customers in scope, 0 … 1.
    public var shareOfCustomers: Double
    /// Measure suggestions: the comparison with all customers.
    public var statistics: SuggestionStatistics?
    /// Share of bootstrap resamples in which the segment recurs, 0 … 1.
    public var stability: Double?
    /// The ranking score (`√n · |segment − overall|` for measure suggestions).
    public var quality: Double?
    /// Activity suggestions: average recency (days), frequency and monetary value of the members.
    public var averages: ActivityAverages?
    /// Why it stands out, one line each (cluster features, RFM rules).
    public var notes: [String]
    /// Clusters: the Jaccard similarity between the definition's members and the cluster's.
    public var definitionJaccard: Double?
    public var status: SuggestionStatus
    /// The customer rows of the members (not stored: the definition recomputes them).
    public var memberRows: [Int] = []

    private enum CodingKeys: String, CodingKey {
        case rank, kind, title, definition, statistics, stability, quality, averages, notes, status
        case definitionText = "definition_text", memberCount = "member_count"
        case shareOfCustomers = "share_of_customers", definitionJaccard = "definition_jaccard"
    }

    public init(rank: Int, kind: Kind, title: String, definition: SegmentDefinition, memberCount: Int,
                shareOfCustomers: Double, statistics: SuggestionStatistics? = nil, stability: Double? = nil,
                quality: Double? = nil, averages: ActivityAverages? = nil, notes: [String] = [],
                definitionJaccard: Double? = nil, status: SuggestionStatus = .new, memberRows: [Int] = []) {
        self.rank = rank
        self.kind = kind
        self.title = title
        self.definition = definition
        self.definitionText = definition.text
        self.memberCount = memberCount
        self.shareOfCustomers = shareOfCustomers
        self.statistics = statistics
        self.stability = stability
        self.quality = quality
        self.averages = averages
        self.notes = notes
        self.definitionJaccard = definitionJaccard
        self.status = status
        self.memberRows = memberRows
    }
}

/// Where a suggestion stands with the user.
public enum SuggestionStatus: String, Codable, Hashable, Sendable, CaseIterable {
    case new, accepted, dismissed
}

/// Average recency, frequency and monetary value of a group of customers.
public struct ActivityAverages: Codable, Hashable, Sendable {
    /// Mean days since the last activity (of members with one).
    public var recencyDays: Double?
    public var frequency: Double
    public var monetary: Double

    public init(recencyDays: Double?, frequency: Double, monetary: Double) {
        self.recencyDays = recencyDays
        self.frequency = frequency
        self.monetary = monetary
    }

    private enum CodingKeys: String, CodingKey {
        case frequency, monetary
        case recencyDays = "recency_days"
    }
}
