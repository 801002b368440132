import Foundation
import Workspace

extension APIServer {
    /// The insight routes: how segments overlap, and what sets a segment apart.
    static func addInsightRoutes(to router: inout Router, workspace: Workspace) {
        router.add(
            "POST", "/api/insights/overlap",
            RouteDocumentation(
                summary: "How 2 to 8 segments overlap: each one's size, every intersection, every exact region, the union.",
                tag: "insights", requestSchema: "OverlapRequest", responseSchema: "Overlap", errorStatuses: [404, 422])
        ) { request in
            let body = try request.decodeJSON(OverlapRequest.self)
            let range = 2...Workspace.maximumOverlapSegments
            guard range.contains(body.segments.count) else {
                throw HTTPError(
                    status: 400,
                    message: "name \(range.lowerBound) to \(range.upperBound) segments, not \(body.segments.count)",
                    field: "segments")
            }
            try requireKnownSegments(body.segments, workspace: workspace, field: "segments")
            var seen = Set<String>()
            for (index, name) in body.segments.enumerated() where !seen.insert(name.lowercased()).inserted {
                throw HTTPError(status: 400, message: "\"\(name)\" is named twice", field: "segments[\(index)]")
            }
            return try segmentCall { try .json(workspace.overlap(of: body.segments)) }
        }

        router.add(
            "GET", "/api/segments/{name}/differentiators",
            RouteDocumentation(
                summary: "What sets a segment apart from all customers or another segment, ranked: SMD for numbers, TVD for categories.",
                tag: "insights",
                queryParameters: [
                    .init(name: "against", description: "Compare with this segment instead of all customers."),
                    .init(name: "asOf", description: "The instant measures are computed at (a date or an instant); default now."),
                    .init(name: "limit", description: "At most this many items (1–500, default 20).", type: "integer"),
                ],
                responseSchema: "Differentiators", errorStatuses: [404, 422])
        ) { request in
            let name = request.parameter("name")
            let limit = try integer(request, "limit", default: 20, range: 1...500)
            let against = request.query("against").flatMap { $0.isEmpty ? nil : $0 }
            let asOf = try instant(request.query("asOf"), field: "asOf", in: workspace) ?? Date()
            try requireKnownSegments([name], workspace: workspace, field: nil)
            if let against { try requireKnownSegments([against], workspace: workspace, field: "against") }
            let report = try segmentCall { try workspace.differentiators(of: name, against: against, asOf: asOf) }
            return try .json(differentiators(report, limit: limit))
        }
    }

    /// Answers 404 (naming `field`, or `field[i]` for several) for the first name no segment has.
    static func requireKnownSegments(_ names: [String], workspace: Workspace, field: String?) throws {
        let known = Set(try workspace.segments().map { $0.name.lowercased() })
        for (index, name) in names.enumerated() where !known.contains(name.lowercased()) {
            let path = field.map { names.count > 1 || $0 == "segments" ? "\($0)[\(index)]" : $0 }
            throw HTTPError(status: 404, message: "no segment named \"\(name)\"", field: path)
        }
    }

    // MARK: - Differentiators in words

    /// The scores of standardized mean differences of 0.2, 0.5 and 0.8 (Cohen's small,
    /// medium and large), `2Φ(d/2) − 1`; TVDs are read on the same scale.
    static let sizeThresholds: [(score: Double, size: String)] = [
        (score(ofSMD: 0.8), "large"), (score(ofSMD: 0.5), "medium"), (score(ofSMD: 0.2), "small"),
    ]

    /// The score of a standardized mean difference `d`: `2Φ(|d|/2) − 1 = erf(|d| / (2√2))`.
    static func score(ofSMD d: Double) -> Double {
        erf(abs(d) / (2 * 2.0.squareRoot()))
    }

    /// `negligible`, `small`, `medium` or `large` for a score in [0, 1].
    static func sizeWord(score: Double) -> String {
        sizeThresholds.first { score >= $0.score - 1e-9 }?.size ?? "negligible"
    }

    /// The report with each item's size and sentence, cut to `limit` items.
    static func differentiators(_ report: DifferentiatorReport, limit: Int) -> Differentiators {
        let baseline = report.baseline.hasPrefix("segment ") ? "in " + report.baseline : "among " + report.baseline
        let items = report.items.prefix(limit).map { item in
            let size = sizeWord(score: item.score)
            let why: String
            if item.statistic == "smd" {
                let segmentMean = item.segmentSummary.hasPrefix("mean ") ? String(item.segmentSummary.dropFirst(5)) : item.segmentSummary
                let baselineMean = item.baselineSummary.hasPrefix("mean ") ? String(item.baselineSummary.dropFirst(5)) : item.baselineSummary
                let direction = item.value > 0 ? "higher" : item.value < 0 ? "lower" : "different"
                why = "Mean \(item.name) is \(segmentMean) in the segment against \(baselineMean) \(baseline): "
                    + String(format: "%.2f", abs(item.value)) + " standard deviations \(direction), a \(size) difference."
            } else {
                // The summary is "VALUE SHARE%": the value most over-represented in the segment.
                let parts = item.segmentSummary.split(separator: " ")
                let share = parts.last.map(String.init) ?? item.segmentSummary
                let value = parts.dropLast().joined(separator: " ")
                why = "\(item.name) = \(value) is \(share) of the segment against \(item.baselineSummary) \(baseline); "
                    + "the \(item.name) distributions differ by " + String(format: "%.2f", item.value)
                    + " (total variation distance), a \(size) difference."
            }
            return Differentiators.Item(
                name: item.name, source: item.source, statistic: item.statistic, value: item.value, score: item.score,
                size: size, segmentSummary: item.segmentSummary, baselineSummary: item.baselineSummary, why: why)
        }
        return Differentiators(
            segment: report.segment, baseline: report.baseline, segmentCount: report.segmentCount,
            baselineCount: report.baselineCount, items: Array(items), compared: report.items.count)
    }
}
