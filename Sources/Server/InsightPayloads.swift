import Foundation
import Workspace

// The bodies of the insight routes. Each has a schema of the same name in `OpenAPISchemas+Insights`.

/// The body of `POST /api/insights/overlap`.
struct OverlapRequest: Decodable, Sendable {
    /// 2 to 8 segment names.
    var segments: [String]
}

/// `GET /api/segments/{name}/differentiators`: the ranked differences, each with a sentence saying why.
struct Differentiators: Encodable, Sendable {
    /// One attribute or measure, as `DifferentiatorReport.Item` plus the sentence.
    struct Item: Encodable, Sendable {
        var name: String
        /// `attribute` or `measure`.
        var source: String
        /// `smd` or `tvd`.
        var statistic: String
        var value: Double
        var score: Double
        /// `negligible`, `small`, `medium` or `large`.
        var size: String
        var segmentSummary: String
        var baselineSummary: String
        /// The difference in words: "Mean age 45.50 in the segment against 39.25 in all customers: …".
        var why: String
    }

    var segment: String
    var baseline: String
    var segmentCount: Int
    var baselineCount: Int
    /// Ranked, most different first; at most `limit`.
    var items: [Item]
    /// How many attributes and measures were compared (`items` may hold fewer).
    var compared: Int
}
