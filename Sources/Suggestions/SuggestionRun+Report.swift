import Foundation

// Readable renderings of a run: plain text for the terminal and Markdown for
// documents. Both hold the summary, the table of suggestions and, by kind,
// the tree or the R × F grid and the cluster profiles.
extension SuggestionRun {
    /// The run as aligned plain-text tables.
    public var text: String { render(markdown: false) }

    /// The run as Markdown (headings and pipe tables).
    public var markdown: String { render(markdown: true) }

    private func render(markdown: Bool) -> String {
        var out: [String] = []
        func heading(_ title: String) {
            out.append(markdown ? "## \(title)" : title)
            out.append(markdown ? "" : String(repeating: "-", count: title.count))
        }
        out.append((markdown ? "# " : "") + summaryLine)
        out.append("")
        heading("Suggestions")
        switch kind {
        case .measure:
            let share = suggestions.first?.statistics?.kind == .share
            var rows = [["#", "members", "% of customers", share ? "share" : "mean", "all customers", "lift",
                         "p (BH)", "\(confidencePercent) CI", "stability", "definition"]]
            for s in suggestions {
                let st = s.statistics
                rows.append([
                    String(s.rank), String(s.memberCount), percent(s.shareOfCustomers),
                    st.map { number($0.segmentValue) } ?? "", st.map { number($0.overallValue) } ?? "",
                    st?.lift.map { String(format: "%.2f", $0) } ?? "",
                    st.map { pValue($0.adjustedPValue) } ?? "",
                    st.map { "[\($0.confidenceLow.map(number) ?? "?"), \($0.confidenceHigh.map(number) ?? "?")]" } ?? "",
                    s.stability.map { String(format: "%.2f", $0) } ?? "", s.definitionText,
                ])
            }
            out.append(Self.table(rows, markdown: markdown))
            if let tree {
                out.append("")
                heading("Tree")
                for node in SuggestionRun.depthFirst(tree) {
                    let indent = String(repeating: "  ", count: node.depth)
                    let mark = node.suggestionRank.map { "  ← suggestion \($0)" } ?? ""
                    let line = "\(indent)\(node.condition): \(node.memberCount) customers, \(node.value.map(number) ?? "no values")\(mark)"
                    out.append(markdown ? "    " + line : line)
                }
            }
        case .activity:
            var rows = [["#", "suggestion", "members", "% of customers", "avg recency (days)", "avg frequency", "avg monetary",
                         "definition"]]
            for s in suggestions {
                rows.append([
                    String(s.rank), s.title + (s.definitionJaccard.map { String(format: " (rule Jaccard %.2f)", $0) } ?? ""),
                    String(s.memberCount), percent(s.shareOfCustomers),
                    s.averages?.recencyDays.map(number) ?? "", s.averages.map { number($0.frequency) } ?? "",
                    s.averages.map { number($0.monetary) } ?? "", s.definitionText,
                ])
            }
            out.append(Self.table(rows, markdown: markdown))
            if let grid = rfmGrid {
                out.append("")
                heading("Customers by R score (rows) and F score (columns)")
                var gridRows = [["R \\ F", "1", "2", "3", "4", "5"]]
                for r in stride(from: 5, through: 1, by: -1) {
                    gridRows.append([String(r)] + (0..<5).map { f in String(grid.counts[r - 1][f]) })
                }
                out.append(Self.table(gridRows, markdown: markdown))
                out.append("")
                out.append("Recency cuts (days): \(grid.recencyCuts.map(number).joined(separator: ", ")); "
                           + "frequency cuts: \(grid.frequencyCuts.map(number).joined(separator: ", ")); "
                           + "monetary cuts: \(grid.monetaryCuts.map(number).joined(separator: ", ")).")
            }
            if let clusters, !clusters.isEmpty {
                out.append("")
                heading("Activity-pattern clusters")
                for c in clusters {
                    out.append((markdown ? "- " : "") + "cluster \(c.cluster + 1): \(c.size) customers; "
                               + c.distinguishing.map(\.text).joined(separator: "; "))
                }
            }
        }
        return out.joined(separator: "\n") + "\n"
    }

    private var summaryLine: String {
        let timing = String(format: "%.2f s", seconds)
        switch kind {
        case .measure:
            let primary = measureRequest.map { r in r.shareOf.map { "share of \(r.primary) = \"\($0)\"" } ?? "mean of \(r.primary)" } ?? "measure"
            return "Suggestions from \(primary): \(customerCount) customers, \(candidateCount) candidates tested, \(suggestions.count) kept (\(timing))"
        case .activity:
            let types = activityRequest.map { $0.activityTypes.isEmpty ? "all activity" : $0.activityTypes.joined(separator: ", ") } ?? "activity"
            return "Suggestions from \(types): \(customerCount) customers, \(suggestions.count) suggestions (\(timing))"
        }
    }

    private var confidencePercent: String {
        let level = suggestions.first?.statistics?.confidenceLevel ?? measureRequest?.options.confidenceLevel ?? 0.95
        return String(format: "%g%%", level * 100)
    }

    private func percent(_ share: Double) -> String { String(format: "%.1f%%", share * 100) }

    private func number(_ v: Double) -> String {
        if v == v.rounded() && abs(v) < 1e9 { return String(Int64(v)) }
        return abs(v) >= 100 ? String(format: "%.1f", v) : String(format: "%.3g", v)
    }

    private func pValue(_ p: Double) -> String {
        p < 1e-4 ? String(format: "%.1e", p) : String(format: "%.4f", p)
    }

    /// Tree nodes in depth-first order (children after their parent, left first).
    static func depthFirst(_ nodes: [TreeNodeSummary]) -> [TreeNodeSummary] {
        var children: [Int: [TreeNodeSummary]] = [:]
        for node in nodes { if let p = node.parent { children[p, default: []].append(node) } }
        var out: [TreeNodeSummary] = []
        func visit(_ node: TreeNodeSummary) {
            out.append(node)
            for child in children[node.node] ?? [] { visit(child) }
        }
        for root in nodes where root.parent == nil { visit(root) }
        return out
    }

    /// Rows as an aligned table (first row the header) or a Markdown pipe table.
    static func table(_ rows: [[String]], markdown: Bool) -> String {
        guard let header = rows.first else { return "" }
        if markdown {
            func line(_ cells: [String]) -> String {
                "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
            }
            return ([line(header), line(header.map { _ in "---" })] + rows.dropFirst().map(line)).joined(separator: "\n")
        }
        var widths = [Int](repeating: 0, count: header.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
