import ArgumentParsing
import Foundation
import Workspace

extension Tool {
    static let similarCommand = Command(
        name: "similar",
        abstract: "Find customers similar to a segment's members and keep them as an expansion segment.",
        discussion: """
            The model learns what sets the source's members apart from the target audience and
            scores every target customer in [0, 1] (bands: below 0.55 not similar, 0.55 somewhat
            similar, 0.7 similar, 0.85 very similar). The expansion segment refreshes like a dynamic
            one: retrained on the source's current members and rescored. See docs/lookalike.md.
            The encoder uses every usable customer field and activity features (recency, frequency,
            monetary per activity type, channel mix). --measures adds the workspace's measures: leave it
            off when the source is defined by a measure (the model would find that measure and nothing
            else), or leave that measure out with --exclude. --fields and --exclude name fields, activity
            features ("purchase frequency") and measures; a measure named in --fields is used without
            --measures. --pca D projects the encoded columns on D principal components.
            Example: audience similar "High spenders" --top 10 --exclude country
            Example: audience similar "Newsletter responders" --measures --pca 8
            """,
        options: [
            workspaceOption, asOfOption,
            .value("name", placeholder: "NAME", help: "The expansion segment's name (default: Similar to SOURCE)."),
            .value("target", placeholder: "SEGMENT", help: "Score only this segment's members (default: everyone outside the source)."),
            .value("threshold", placeholder: "SCORE", help: "Keep target customers scoring at least this (0 to 1)."),
            .value("top", placeholder: "PERCENT", help: "Keep this share of the target audience, best first.", default: "20"),
            .flag("include-source", help: "Keep the source's members in the expansion segment too."),
            .value("fields", placeholder: "A,B", help: "Use only these fields."),
            .value("exclude", placeholder: "A,B", help: "Leave these fields out."),
            .flag("measures", help: "Also encode the workspace's measures (spend_365d, …)."),
            .flag("no-activity-features", help: "Leave out recency, frequency, monetary and channel mix features."),
            .value("pca", placeholder: "D", help: "Project the encoded columns on D principal components."),
            .value("export-embedding", placeholder: "DIR",
                   help: "Also write the encoded customers and source flags there (for side-by-side benchmarks)."),
            .flag("json", help: "Print the result as JSON."),
        ],
        arguments: [Argument("SOURCE", help: "The segment whose members to find more of.")],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let asOf = try parsed.string("as-of").map(workspace.instant) ?? Date()
            func list(_ name: String) -> [String]? {
                parsed.string(name).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            }
            func fraction(_ name: String, scale: Double) throws -> Double? {
                guard let text = parsed.string(name) else { return nil }
                guard let value = Double(text), value >= 0, value <= scale else {
                    throw UsageError("--\(name) expects a number from 0 to \(Int(scale)), got \"\(text)\"", commandPath: parsed.commandPath)
                }
                return value / scale
            }
            let request = SimilarRequest(
                source: parsed.argument("SOURCE")!, name: parsed.string("name"), target: parsed.string("target"),
                includesSource: parsed.flag("include-source"), threshold: try fraction("threshold", scale: 1),
                topShare: try fraction("top", scale: 100) ?? 0.2, includedFields: list("fields"),
                excludedFields: list("exclude") ?? [], includesMeasures: parsed.flag("measures"),
                includesActivityFeatures: !parsed.flag("no-activity-features"), pcaDimensions: try parsed.int("pca", minimum: 1))
            let summary: SimilarSummary
            do {
                summary = try workspace.findSimilar(request, asOf: asOf)
            } catch WorkspaceError.badValue(field: "pcaDimensions", let value, let expected) {
                throw UsageError("--pca \(value) asks for too many dimensions: give \(expected)", commandPath: parsed.commandPath)
            }
            if let folder = parsed.string("export-embedding") {
                try workspace.exportEmbedding(of: summary, to: URL(fileURLWithPath: folder))
            }
            print(parsed.flag("json") ? try jsonText(summary) : summary.text)
            return ExitCode.success
        })
}
