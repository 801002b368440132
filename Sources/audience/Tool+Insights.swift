import ArgumentParsing
import Foundation
import Workspace

extension Tool {
    static let insightsCommand = Command(
        name: "insights",
        abstract: "Compare segments: overlaps and what sets a segment apart.",
        subcommands: [
            Command(
                name: "overlap",
                abstract: "The overlap of 2 to 8 segments: every intersection and what is unique to each.",
                options: [workspaceOption, jsonFlag],
                arguments: [Argument("SEGMENT", help: "Two to eight segment names.", isVariadic: true)],
                action: { parsed in
                    let report = try openWorkspace(parsed).overlap(of: parsed.arguments("SEGMENT"))
                    print(parsed.flag("json") ? try lifecycleJSON(report) : report.text)
                    return ExitCode.success
                }),
            Command(
                name: "differentiators",
                abstract: "Attributes and measures that set a segment apart from all customers or another segment, ranked.",
                discussion: """
                    Numbers, dates and measures: standardized mean difference d = (mean_s − mean_b) / sqrt((var_s + var_b) / 2).
                    Categories and booleans: total variation distance ½ Σ |p_s(v) − p_b(v)|.
                    Ranked by a score in [0, 1]: the TVD, or 2Φ(|d|/2) − 1 for d. See docs/segments.md.
                    """,
                options: [
                    workspaceOption,
                    .value("against", placeholder: "SEGMENT", help: "Compare with this segment instead of all customers."),
                    .value("limit", placeholder: "N", help: "How many to list.", default: "20"),
                    asOfOption,
                    jsonFlag,
                ],
                arguments: [nameArgument],
                action: { parsed in
                    let workspace = try openWorkspace(parsed)
                    let asOf = try time(parsed, "as-of", in: workspace) ?? Date()
                    var report = try workspace.differentiators(of: parsed.argument("NAME")!, against: parsed.string("against"), asOf: asOf)
                    report.items = Array(report.items.prefix(try parsed.requiredInt("limit", minimum: 1)))
                    print(parsed.flag("json") ? try lifecycleJSON(report) : report.text)
                    return ExitCode.success
                }),
        ])
}
