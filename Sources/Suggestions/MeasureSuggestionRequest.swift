/// The inputs of a suggestion run from a measure or attribute, as stored with the run.
///
/// JSON: `{"primary": "avg_purchase_value", "influencing": ["age", "loyalty_tier"],
/// "share_of": null, "scope_segment": null, "options": {…}}`; every option may be left out.
public struct MeasureSuggestionRequest: Codable, Hashable, Sendable {
    /// The primary attribute or measure.
    public var primary: String
    /// For a category primary: the value whose share suggestions compare; nil compares the mean.
    public var shareOf: String?
    /// The influencing attributes (categories with at most 100 values, numbers, booleans, dates).
    public var influencing: [String]
    /// The scope segment's name, written into every suggested definition as `in segment "…"`.
    public var scopeSegment: String?
    public var options: MeasureSuggestionOptions

    public init(primary: String, shareOf: String? = nil, influencing: [String], scopeSegment: String? = nil,
                options: MeasureSuggestionOptions = MeasureSuggestionOptions()) {
        self.primary = primary
        self.shareOf = shareOf
        self.influencing = influencing
        self.scopeSegment = scopeSegment
        self.options = options
    }

    private enum CodingKeys: String, CodingKey {
        case primary, influencing, options
        case shareOf = "share_of"
        case scopeSegment = "scope_segment"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        primary = try c.decode(String.self, forKey: .primary)
        shareOf = try c.decodeIfPresent(String.self, forKey: .shareOf)
        influencing = try c.decode([String].self, forKey: .influencing)
        scopeSegment = try c.decodeIfPresent(String.self, forKey: .scopeSegment)
        options = try c.decodeIfPresent(MeasureSuggestionOptions.self, forKey: .options) ?? MeasureSuggestionOptions()
    }
}

/// The knobs of the tree, the tests and the stability estimate; the defaults are the documented method.
public struct MeasureSuggestionOptions: Codable, Hashable, Sendable {
    /// Maximum tree depth (4).
    public var maximumDepth = 4
    /// Minimum leaf size as a fraction of the customers in scope (0.01) …
    public var minimumLeafFraction = 0.01
    /// … and at least this many customers (50).
    public var minimumLeafSize = 50
    /// Bins per numeric attribute (128, at most 255).
    public var maximumBins = 128
    /// Benjamini–Hochberg false discovery rate over all candidates tried (0.05).
    public var falseDiscoveryRate = 0.05
    /// A suggestion is dropped when its Jaccard similarity with a better one is above this (0.5).
    public var redundancyJaccard = 0.5
    /// Bootstrap resamples for stability (20; 0 skips stability).
    public var bootstrapResamples = 20
    /// A suggestion recurs in a resample when some node of the resample's tree has at least this Jaccard with it (0.8).
    public var recurrenceJaccard = 0.8
    /// Confidence level of the intervals (0.95).
    public var confidenceLevel = 0.95
    /// The most suggestions returned (10).
    public var maximumSuggestions = 10
    /// Fixes the bootstrap resamples, and so the whole result.
    public var seed: UInt64 = 1
    /// How the tree scores splits.
    public var criterion: SuggestionTree.Criterion = .subgroupQuality

    public init() {}

    private enum CodingKeys: String, CodingKey {
        case maximumDepth = "maximum_depth", minimumLeafFraction = "minimum_leaf_fraction"
        case minimumLeafSize = "minimum_leaf_size", maximumBins = "maximum_bins"
        case falseDiscoveryRate = "false_discovery_rate", redundancyJaccard = "redundancy_jaccard"
        case bootstrapResamples = "bootstrap_resamples", recurrenceJaccard = "recurrence_jaccard"
        case confidenceLevel = "confidence_level", maximumSuggestions = "maximum_suggestions", seed, criterion
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = MeasureSuggestionOptions()
        maximumDepth = try c.decodeIfPresent(Int.self, forKey: .maximumDepth) ?? d.maximumDepth
        minimumLeafFraction = try c.decodeIfPresent(Double.self, forKey: .minimumLeafFraction) ?? d.minimumLeafFraction
        minimumLeafSize = try c.decodeIfPresent(Int.self, forKey: .minimumLeafSize) ?? d.minimumLeafSize
        maximumBins = try c.decodeIfPresent(Int.self, forKey: .maximumBins) ?? d.maximumBins
        falseDiscoveryRate = try c.decodeIfPresent(Double.self, forKey: .falseDiscoveryRate) ?? d.falseDiscoveryRate
        redundancyJaccard = try c.decodeIfPresent(Double.self, forKey: .redundancyJaccard) ?? d.redundancyJaccard
        bootstrapResamples = try c.decodeIfPresent(Int.self, forKey: .bootstrapResamples) ?? d.bootstrapResamples
        recurrenceJaccard = try c.decodeIfPresent(Double.self, forKey: .recurrenceJaccard) ?? d.recurrenceJaccard
        confidenceLevel = try c.decodeIfPresent(Double.self, forKey: .confidenceLevel) ?? d.confidenceLevel
        maximumSuggestions = try c.decodeIfPresent(Int.self, forKey: .maximumSuggestions) ?? d.maximumSuggestions
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? d.seed
        criterion = try c.decodeIfPresent(SuggestionTree.Criterion.self, forKey: .criterion) ?? d.criterion
    }

    /// The minimum leaf size for `customers` in scope: `max(minimumLeafSize, ⌈minimumLeafFraction · customers⌉)`.
    public func leafSize(forCustomers customers: Int) -> Int {
        max(minimumLeafSize, Int((minimumLeafFraction * Double(customers)).rounded(.up)))
    }
}
