import Foundation

/// What a ``FeatureEncoder`` encodes and how.
public struct FeatureEncoderOptions: Codable, Sendable, Equatable {
    /// When set, only these fields are encoded (activity features are named `purchase frequency` and so on,
    /// measures by their name; naming a measure here includes it even without ``includesMeasures``).
    public var includedFields: [String]?
    /// Fields and measures never encoded (the id column is always left out).
    public var excludedFields: [String]
    /// Categories with at most this many distinct values are one-hot encoded; others are left out and reported.
    public var maxCategoryLevels: Int
    /// Numbers whose sample skewness exceeds this and that are never negative get `log1p` before standardising.
    public var skewnessThreshold: Double
    /// Standardised values are clipped to `±clipLimit` so one outlier cannot dominate a row.
    public var clipLimit: Double
    /// Whether to add recency, frequency and monetary features per activity type and the channel mix.
    public var includesActivityFeatures: Bool
    /// Whether the workspace's measures (`spend_365d`, …) are encoded too, each like a number or date field.
    ///
    /// Off by default: a source segment defined by a measure (`spend_365d > 600`)
    /// would otherwise be found trivially, by the very value that defines it, and
    /// the model would learn nothing else. Turn it on when the source is defined
    /// otherwise (a list, an attribute, a campaign's responders), or leave the
    /// defining measure out by name with ``excludedFields``.
    public var includesMeasures: Bool
    /// The activity column whose levels make the channel mix, when it exists.
    public var channelColumn: String
    /// When set, the encoded rows are projected on this many principal components before normalising.
    public var pcaDimensions: Int?
    /// The instant ages, recencies, "days since" and measure windows are measured from.
    public var asOf: Date

    /// Creates options; the defaults encode every usable field, with activity features, without measures or PCA.
    public init(includedFields: [String]? = nil, excludedFields: [String] = [], maxCategoryLevels: Int = 30,
                skewnessThreshold: Double = 1, clipLimit: Double = 5, includesActivityFeatures: Bool = true,
                includesMeasures: Bool = false, channelColumn: String = "channel", pcaDimensions: Int? = nil,
                asOf: Date = Date()) {
        self.includedFields = includedFields
        self.excludedFields = excludedFields
        self.maxCategoryLevels = maxCategoryLevels
        self.skewnessThreshold = skewnessThreshold
        self.clipLimit = clipLimit
        self.includesActivityFeatures = includesActivityFeatures
        self.includesMeasures = includesMeasures
        self.channelColumn = channelColumn
        self.pcaDimensions = pcaDimensions
        self.asOf = asOf
    }

    /// Whether a field with this name passes the include and exclude lists.
    func admits(_ field: String) -> Bool {
        if excludedFields.contains(field) { return false }
        if let included = includedFields { return included.contains(field) }
        return true
    }

    /// Whether a measure with this name is encoded: named in the include list, or measures are on and the
    /// lists admit it.
    func admitsMeasure(_ name: String) -> Bool {
        if excludedFields.contains(name) { return false }
        if includedFields?.contains(name) == true { return true }
        return includesMeasures && admits(name)
    }

    // MARK: - Codable

    private enum CodingKeys: String, CodingKey {
        case includedFields, excludedFields, maxCategoryLevels, skewnessThreshold, clipLimit, includesActivityFeatures
        case includesMeasures, channelColumn, pcaDimensions, asOf
    }

    /// Reads options; `includesMeasures` is absent from encoders saved before measures could be encoded (false).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        includedFields = try container.decodeIfPresent([String].self, forKey: .includedFields)
        excludedFields = try container.decode([String].self, forKey: .excludedFields)
        maxCategoryLevels = try container.decode(Int.self, forKey: .maxCategoryLevels)
        skewnessThreshold = try container.decode(Double.self, forKey: .skewnessThreshold)
        clipLimit = try container.decode(Double.self, forKey: .clipLimit)
        includesActivityFeatures = try container.decode(Bool.self, forKey: .includesActivityFeatures)
        includesMeasures = try container.decodeIfPresent(Bool.self, forKey: .includesMeasures) ?? false
        channelColumn = try container.decode(String.self, forKey: .channelColumn)
        pcaDimensions = try container.decodeIfPresent(Int.self, forKey: .pcaDimensions)
        asOf = try container.decode(Date.self, forKey: .asOf)
    }

    /// Writes options; `includesMeasures` only when on, so a model without measures saves as before.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(includedFields, forKey: .includedFields)
        try container.encode(excludedFields, forKey: .excludedFields)
        try container.encode(maxCategoryLevels, forKey: .maxCategoryLevels)
        try container.encode(skewnessThreshold, forKey: .skewnessThreshold)
        try container.encode(clipLimit, forKey: .clipLimit)
        try container.encode(includesActivityFeatures, forKey: .includesActivityFeatures)
        if includesMeasures { try container.encode(true, forKey: .includesMeasures) }
        try container.encode(channelColumn, forKey: .channelColumn)
        try container.encodeIfPresent(pcaDimensions, forKey: .pcaDimensions)
        try container.encode(asOf, forKey: .asOf)
    }
}
