import Foundation

/// The inputs of a suggestion run from activity, as stored with the run.
public struct ActivitySuggestionRequest: Codable, Hashable, Sendable {
    /// The activity types that count; empty means every type.
    public var activityTypes: [String]
    public var period: ActivityPeriod
    /// The instant the run is "as of" (milliseconds since the epoch); recency counts days to its date.
    public var asOfMilliseconds: Int64
    /// The workspace time zone (IANA name), for days and hours.
    public var timeZone: String
    /// The scope segment's name, written into every definition as `in segment "…"`.
    public var scopeSegment: String?
    /// Quantiles that cut each dimension into levels (default tertiles: Low, Medium, High).
    public var levelQuantiles: [Double]
    /// The activity field whose values make the channel mix of the clusters (`channel`), if any.
    public var channelField: String?
    /// The number of clusters; nil chooses 2 … 6 by silhouette on a sample.
    public var clusterCount: Int?
    /// Fixes k-means seeding and the silhouette sample.
    public var seed: UInt64

    public init(activityTypes: [String], period: ActivityPeriod, asOfMilliseconds: Int64, timeZone: String,
                scopeSegment: String? = nil, levelQuantiles: [Double] = [1.0 / 3, 2.0 / 3],
                channelField: String? = "channel", clusterCount: Int? = nil, seed: UInt64 = 1) {
        self.activityTypes = activityTypes
        self.period = period
        self.asOfMilliseconds = asOfMilliseconds
        self.timeZone = timeZone
        self.scopeSegment = scopeSegment
        self.levelQuantiles = levelQuantiles
        self.channelField = channelField
        self.clusterCount = clusterCount
        self.seed = seed
    }

    private enum CodingKeys: String, CodingKey {
        case period, seed
        case activityTypes = "activity_types", asOfMilliseconds = "as_of_ms", timeZone = "time_zone"
        case scopeSegment = "scope_segment", levelQuantiles = "level_quantiles", channelField = "channel_field"
        case clusterCount = "cluster_count"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        activityTypes = try c.decodeIfPresent([String].self, forKey: .activityTypes) ?? []
        period = try c.decodeIfPresent(ActivityPeriod.self, forKey: .period) ?? .allTime
        asOfMilliseconds = try c.decode(Int64.self, forKey: .asOfMilliseconds)
        timeZone = try c.decode(String.self, forKey: .timeZone)
        scopeSegment = try c.decodeIfPresent(String.self, forKey: .scopeSegment)
        levelQuantiles = try c.decodeIfPresent([Double].self, forKey: .levelQuantiles) ?? [1.0 / 3, 2.0 / 3]
        channelField = try c.decodeIfPresent(String.self, forKey: .channelField)
        clusterCount = try c.decodeIfPresent(Int.self, forKey: .clusterCount)
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? 1
    }
}
