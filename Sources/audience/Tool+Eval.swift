import ArgumentParsing
import Foundation
import Workspace

extension Tool {
    static let asOfOption = Option.value(
        "as-of", placeholder: "TIME",
        help: "Resolve relative dates at this instant: 2025-06-30, 2025-06-30T12:00:00 or with an offset (default: now).")

    static let evalCommand = Command(
        name: "eval",
        abstract: "Evaluate a segment definition over the live snapshot and print its members, without storing it.",
        discussion: """
            DEFINITION is the text syntax (see docs/segment-language.md), JSON, or @FILE holding either.
            Example: audience eval 'age between 30 and 40 and sum(amount of purchase) within last 90 days > 100'
            """,
        options: [
            workspaceOption,
            asOfOption,
            .flag("counts", help: "Print only the counts (member count and per-rule counts)."),
            .value("limit", placeholder: "N", help: "How many members to list.", default: "10"),
            .flag("json", help: "Print the result as JSON."),
        ],
        arguments: [Argument("DEFINITION", help: "The definition: text, JSON or @FILE.")],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let asOf = try parsed.string("as-of").map(workspace.instant) ?? Date()
            let limit = parsed.flag("counts") ? 0 : try parsed.requiredInt("limit", minimum: 0)
            let summary = try workspace.evaluate(parsed.argument("DEFINITION")!, asOf: asOf, limit: limit)
            print(parsed.flag("json") ? try jsonText(summary) : summary.text)
            return ExitCode.success
        })

    static let quickCommand = Command(
        name: "quick",
        abstract: "Estimate a one-condition segment and show the field's distribution.",
        discussion: """
            FIELD_OR_CONDITION is an attribute or measure name (country, spend_90d), or one condition
            on it (age >= 30, loyalty_tier in ("gold", "platinum"), spend_90d > 100).
            Categories show their top 10 values; numbers and dates their percentiles 5 to 95.
            """,
        options: [workspaceOption, asOfOption, .flag("json", help: "Print the estimate as JSON.")],
        arguments: [Argument("FIELD_OR_CONDITION", help: "A field name, or one condition on it.")],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let asOf = try parsed.string("as-of").map(workspace.instant) ?? Date()
            let estimate = try workspace.quick(parsed.argument("FIELD_OR_CONDITION")!, asOf: asOf)
            print(parsed.flag("json") ? try jsonText(estimate) : estimate.text)
            return ExitCode.success
        })

    /// Pretty-printed JSON with sorted keys.
    static func jsonText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
