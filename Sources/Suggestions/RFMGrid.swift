/// Customers per R score × F score (scores 1 … 5) and their mean monetary value,
/// with the cut points behind the scores.
public struct RFMGrid: Codable, Hashable, Sendable {
    /// Recency cut points in days (the 20, 40, 60, 80 % quantiles); R score `5 − #{k : days > cut_k}`.
    public var recencyCuts: [Double]
    /// Frequency cut points; F score `1 + #{k : count > cut_k}`.
    public var frequencyCuts: [Double]
    /// Monetary cut points; M score `1 + #{k : sum > cut_k}`.
    public var monetaryCuts: [Double]
    /// `counts[r − 1][f − 1]`: customers with R score r and F score f.
    public var counts: [[Int]]
    /// `meanMonetary[r − 1][f − 1]`, nil for empty cells.
    public var meanMonetary: [[Double?]]

    private enum CodingKeys: String, CodingKey {
        case counts
        case recencyCuts = "recency_cuts", frequencyCuts = "frequency_cuts", monetaryCuts = "monetary_cuts"
        case meanMonetary = "mean_monetary"
    }
}
