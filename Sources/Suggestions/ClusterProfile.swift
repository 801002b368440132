/// One activity-pattern cluster: its size and the features that set it apart.
public struct ClusterProfile: Codable, Hashable, Sendable {
    /// The cluster's index, from 0.
    public var cluster: Int
    public var size: Int
    /// Features with the largest standardised difference from all clustered customers, largest first.
    public var distinguishing: [FeatureDifference]
    /// Every feature's mean in the cluster, in `featureNames` order of the clustering.
    public var means: [Double]
}

/// How a cluster differs from everyone on one feature.
public struct FeatureDifference: Codable, Hashable, Sendable {
    /// `type:purchase` (count), `channel:app` (share), `weekday:saturday` (share), `hour:20-23` (share),
    /// `recency_days`, `log_frequency`, `log_monetary`, `log_average_amount`.
    public var feature: String
    public var clusterMean: Double
    public var overallMean: Double
    /// `(cluster mean − overall mean) / overall standard deviation`.
    public var standardizedDifference: Double

    /// `channel:app 0.85 vs 0.22 (+2.1 sd)`.
    public var text: String {
        let sign = standardizedDifference >= 0 ? "+" : "−"
        return "\(feature) \(ActivitySuggestions.formatMean(clusterMean)) vs \(ActivitySuggestions.formatMean(overallMean)) "
            + "(\(sign)\(ActivitySuggestions.formatMean(abs(standardizedDifference))) sd)"
    }

    private enum CodingKeys: String, CodingKey {
        case feature
        case clusterMean = "cluster_mean", overallMean = "overall_mean", standardizedDifference = "standardized_difference"
    }
}

extension ActivitySuggestions {
    /// Two decimals.
    static func formatMean(_ v: Double) -> String {
        String(format: "%.2f", v)
    }
}
