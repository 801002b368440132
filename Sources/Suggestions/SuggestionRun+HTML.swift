import Foundation

// A self-contained HTML report of a run: no scripts, no network, charts as
// inline SVG. Every number shown also appears in the run's JSON, rounded as
// the text report rounds it.
extension SuggestionRun {
    /// The run as one HTML page: summary, table of suggestions and charts
    /// (value against all customers and sizes; the R × F heatmap and cluster profiles for activity runs).
    public var html: String {
        var body: [String] = []
        body.append("<h1>\(escape(title))</h1>")
        body.append("<p class=\"summary\">\(customerCount) customers in scope · \(suggestions.count) suggestions"
                    + (kind == .measure ? " · \(candidateCount) candidates tested" : "")
                    + " · \(String(format: "%.2f", seconds)) s · \(ISO8601DateFormatter().string(from: createdAt))</p>")
        body.append(suggestionTable)
        switch kind {
        case .measure:
            body.append("<h2>Value against all customers</h2>")
            body.append(valueChart)
        case .activity:
            if let grid = rfmGrid {
                body.append("<h2>Customers by R score and F score</h2>")
                body.append(heatmap(grid))
            }
            if let clusters, !clusters.isEmpty {
                body.append("<h2>Activity-pattern clusters</h2>")
                body.append(clusterList(clusters))
            }
        }
        body.append("<h2>Sizes</h2>")
        body.append(sizeChart)
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 2em; color: #222; background: #fff; }
        table { border-collapse: collapse; font-size: 14px; }
        th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; vertical-align: top; }
        td.rule, th.rule { text-align: left; font-family: ui-monospace, monospace; }
        .summary { color: #555; }
        svg text { font-size: 12px; font-family: system-ui, sans-serif; }
        </style></head><body>
        \(body.joined(separator: "\n"))
        </body></html>
        """
    }

    private var title: String {
        switch kind {
        case .measure:
            guard let r = measureRequest else { return "Suggestions" }
            return r.shareOf.map { "Suggestions from the share of \(r.primary) = \($0)" } ?? "Suggestions from the mean of \(r.primary)"
        case .activity:
            let types = activityRequest.map { $0.activityTypes.isEmpty ? "all activity" : $0.activityTypes.joined(separator: ", ") }
            return "Suggestions from \(types ?? "activity")"
        }
    }

    private var suggestionTable: String {
        var rows: [String] = []
        switch kind {
        case .measure:
            rows.append("<tr><th>#</th><th>members</th><th>% of customers</th><th>value</th><th>all customers</th><th>lift</th>"
                        + "<th>p (BH)</th><th>CI</th><th>stability</th><th class=\"rule\">definition</th></tr>")
            for s in suggestions {
                let st = s.statistics
                rows.append("<tr data-rank=\"\(s.rank)\"><td>\(s.rank)</td><td class=\"members\">\(s.memberCount)</td>"
                            + "<td>\(percent(s.shareOfCustomers))</td><td>\(st.map { decimal($0.segmentValue) } ?? "")</td>"
                            + "<td>\(st.map { decimal($0.overallValue) } ?? "")</td><td>\(st?.lift.map { decimal($0) } ?? "")</td>"
                            + "<td>\(st.map { String(format: "%.1e", $0.adjustedPValue) } ?? "")</td>"
                            + "<td>\(st.map { "\($0.confidenceLow.map(decimal) ?? "?") – \($0.confidenceHigh.map(decimal) ?? "?")" } ?? "")</td>"
                            + "<td>\(s.stability.map { String(format: "%.2f", $0) } ?? "")</td>"
                            + "<td class=\"rule\">\(escape(s.definitionText))</td></tr>")
            }
        case .activity:
            rows.append("<tr><th>#</th><th class=\"rule\">suggestion</th><th>members</th><th>% of customers</th>"
                        + "<th>avg recency (days)</th><th>avg frequency</th><th>avg monetary</th><th class=\"rule\">definition</th></tr>")
            for s in suggestions {
                rows.append("<tr data-rank=\"\(s.rank)\"><td>\(s.rank)</td><td class=\"rule\">\(escape(s.title))</td>"
                            + "<td class=\"members\">\(s.memberCount)</td><td>\(percent(s.shareOfCustomers))</td>"
                            + "<td>\(s.averages?.recencyDays.map(decimal) ?? "")</td><td>\(s.averages.map { decimal($0.frequency) } ?? "")</td>"
                            + "<td>\(s.averages.map { decimal($0.monetary) } ?? "")</td><td class=\"rule\">\(escape(s.definitionText))</td></tr>")
            }
        }
        return "<table>\n" + rows.joined(separator: "\n") + "\n</table>"
    }

    /// Horizontal bars: each suggestion's mean or share, with a line at all customers.
    private var valueChart: String {
        let values = suggestions.compactMap { s in s.statistics.map { (s.rank, $0.segmentValue, $0.overallValue) } }
        guard let overall = values.first?.2 else { return "" }
        let top = max(values.map(\.1).max() ?? 0, overall) * 1.1
        return bars(values.map { ("#\($0.0)", $0.1) }, maximum: top, marker: overall, markerLabel: "all customers \(decimal(overall))")
    }

    private var sizeChart: String {
        bars(suggestions.map { ("#\($0.rank)", Double($0.memberCount)) }, maximum: Double(max(1, customerCount)),
             marker: nil, markerLabel: nil)
    }

    private func bars(_ items: [(String, Double)], maximum: Double, marker: Double?, markerLabel: String?) -> String {
        let width = 640.0, left = 50.0, barHeight = 18.0, gap = 6.0
        let height = Double(items.count) * (barHeight + gap) + 30
        let scale = maximum > 0 ? (width - left - 80) / maximum : 0
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\">"]
        for (i, item) in items.enumerated() {
            let y = Double(i) * (barHeight + gap) + 10
            let w = max(1, item.1 * scale)
            parts.append("<text x=\"4\" y=\"\(y + 13)\">\(escape(item.0))</text>")
            parts.append("<rect x=\"\(left)\" y=\"\(y)\" width=\"\(String(format: "%.1f", w))\" height=\"\(barHeight)\" fill=\"#3b7dd8\"/>")
            parts.append("<text x=\"\(String(format: "%.1f", left + w + 4))\" y=\"\(y + 13)\">\(decimal(item.1))</text>")
        }
        if let marker {
            let x = left + marker * scale
            parts.append("<line x1=\"\(String(format: "%.1f", x))\" y1=\"4\" x2=\"\(String(format: "%.1f", x))\" y2=\"\(Int(height - 16))\" stroke=\"#d83b3b\" stroke-dasharray=\"4 3\"/>")
            parts.append("<text x=\"\(String(format: "%.1f", x + 4))\" y=\"\(Int(height - 4))\" fill=\"#d83b3b\">\(escape(markerLabel ?? ""))</text>")
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func heatmap(_ grid: RFMGrid) -> String {
        let cell = 56.0
        let largest = Double(grid.counts.flatMap { $0 }.max() ?? 1)
        var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(cell * 6 + 20))\" height=\"\(Int(cell * 6 + 20))\" role=\"img\">"]
        for f in 1...5 {
            parts.append("<text x=\"\(cell * Double(f) + cell / 2 - 12)\" y=\"\(cell * 6 + 12)\">F \(f)</text>")
        }
        for r in 1...5 {
            let y = cell * Double(5 - r)
            parts.append("<text x=\"4\" y=\"\(y + cell / 2 + 4)\">R \(r)</text>")
            for f in 1...5 {
                let count = grid.counts[r - 1][f - 1]
                let shade = largest > 0 ? Double(count) / largest : 0
                let blue = Int(255 - 180 * shade), green = Int(255 - 120 * shade)
                parts.append("<rect x=\"\(cell * Double(f))\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" fill=\"rgb(\(blue),\(green),255)\"/>")
                parts.append("<text class=\"cell\" x=\"\(cell * Double(f) + 6)\" y=\"\(y + cell / 2 + 4)\">\(count)</text>")
            }
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    private func clusterList(_ clusters: [ClusterProfile]) -> String {
        "<ul>" + clusters.map { c in
            "<li>cluster \(c.cluster + 1): \(c.size) customers — " + escape(c.distinguishing.map(\.text).joined(separator: "; ")) + "</li>"
        }.joined() + "</ul>"
    }

    private func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    private func decimal(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e12 { return String(Int64(v)) }
        return abs(v) >= 100 ? String(format: "%.1f", v) : String(format: "%.3g", v)
    }

    private func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
