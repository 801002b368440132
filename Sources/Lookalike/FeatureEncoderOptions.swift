import Foundation

/// What a ``FeatureEncoder`` encodes and how.
public struct FeatureEncoderOptions: Codable, Sendable, Equatable {
    /// When set, only these profile fields are encoded (activity features are named `purchase frequency` and so on).
    public var includedFields: [String]?
    /// Fields never encoded (the id column is always left out).
    public var excludedFields: [String]
    /// Categories with at most this many distinct values are one-hot encoded; others are left out and reported.
    public var maxCategoryLevels: Int
    /// Numbers whose sample skewness exceeds this and that are never negative get `log1p` before standardising.
    public var skewnessThreshold: Double
    /// Standardised values are clipped to `±clipLimit` so one outlier cannot dominate a row.
    public var clipLimit: Double
    /// Whether to add recency, frequency and monetary features per activity type and the channel mix.
    public var includesActivityFeatures: Bool
    /// The activity column whose levels make the channel mix, when it exists.
    public var channelColumn: String
    /// When set, the encoded rows are projected on this many principal components before normalising.
    public var pcaDimensions: Int?
    /// The instant ages, recencies and "days since" are measured from.
    public var asOf: Date

    /// Creates options; the defaults encode every usable field, with activity features, without PCA.
    public init(includedFields: [String]? = nil, excludedFields: [String] = [], maxCategoryLevels: Int = 30,
                skewnessThreshold: Double = 1, clipLimit: Double = 5, includesActivityFeatures: Bool = true,
                channelColumn: String = "channel", pcaDimensions: Int? = nil, asOf: Date = Date()) {
        self.includedFields = includedFields
        self.excludedFields = excludedFields
        self.maxCategoryLevels = maxCategoryLevels
        self.skewnessThreshold = skewnessThreshold
        self.clipLimit = clipLimit
        self.includesActivityFeatures = includesActivityFeatures
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
}
