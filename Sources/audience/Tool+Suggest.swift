import ArgumentParsing
import Foundation
import Segments
import Suggestions
import Workspace

extension Tool {
    static let suggestCommand = Command(
        name: "suggest",
        abstract: "Suggest segments from a measure or from activity, and accept or dismiss them.",
        discussion: """
            Each run is stored with its inputs; its suggestions start new and are accepted (they
            become dynamic segments) or dismissed. Every suggestion shows its definition in the
            segment language, member count, share of customers, its mean or share against all
            customers, lift, p-value, confidence interval and stability. See docs/suggestions.md.
            Example: audience suggest measure credit_amount, then audience suggest accept 1 1
            """,
        subcommands: [
            suggestMeasureCommand, suggestActivityCommand, suggestListCommand, suggestShowCommand,
            suggestAcceptCommand, suggestDismissCommand,
        ])

    static let suggestMeasureCommand = Command(
        name: "measure",
        abstract: "Suggest segments whose customers differ markedly on an attribute or measure.",
        discussion: """
            PRIMARY is a number attribute (its mean is compared), a category or boolean attribute
            with --share-of (the share of that value), or a measure of the config.
            Example: audience suggest measure credit_amount --influencing age,purpose,duration
            """,
        options: [
            workspaceOption, asOfOption,
            .value("share-of", placeholder: "VALUE", help: "For a category or boolean primary: the value whose share to compare."),
            .value("influencing", placeholder: "A,B", help: "The attributes definitions may use (default: every usable attribute)."),
            .value("scope", placeholder: "SEGMENT", help: "Consider only this segment's current members."),
            .value("max", placeholder: "N", help: "The most suggestions to keep.", default: "10"),
            jsonFlag,
        ],
        arguments: [Argument("PRIMARY", help: "The attribute or measure to explain.")],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let asOf = try parsed.string("as-of").map(workspace.instant) ?? Date()
            var options = MeasureSuggestionOptions()
            options.maximumSuggestions = try parsed.requiredInt("max", minimum: 1)
            let run = try workspace.suggestFromMeasure(
                primary: parsed.argument("PRIMARY")!, shareOf: parsed.string("share-of"),
                influencing: list(parsed.string("influencing")), scope: parsed.string("scope"), options: options, asOf: asOf)
            print(parsed.flag("json") ? try lifecycleJSON(run) : run.text)
            return ExitCode.success
        })

    static let suggestActivityCommand = Command(
        name: "activity",
        abstract: "Suggest segments from activity: recency, frequency and monetary levels, RFM segments, clusters.",
        discussion: """
            Every suggested definition states its thresholds over the chosen activity types and
            period, so an accepted one re-evaluates on refresh.
            Example: audience suggest activity --types purchase --period last-year
            """,
        options: [
            workspaceOption, asOfOption,
            .value("types", placeholder: "A,B", help: "The activity types that count (default: every type)."),
            .value("period", placeholder: "PERIOD", help: "last-month, last-year, all-time or FROM..TO (dates).", default: "all-time"),
            .value("scope", placeholder: "SEGMENT", help: "Consider only this segment's current members."),
            .flag("no-clusters", help: "Skip the activity-pattern clusters (the costly part)."),
            jsonFlag,
        ],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let asOf = try parsed.string("as-of").map(workspace.instant) ?? Date()
            let period = try activityPeriod(try parsed.required("period"), commandPath: parsed.commandPath)
            let run = try workspace.suggestFromActivity(
                types: list(parsed.string("types")) ?? [], period: period, scope: parsed.string("scope"),
                includeClusters: !parsed.flag("no-clusters"), asOf: asOf)
            print(parsed.flag("json") ? try lifecycleJSON(run) : run.text)
            return ExitCode.success
        })

    static let suggestListCommand = Command(
        name: "list",
        abstract: "List the stored suggestion runs, newest first.",
        options: [
            workspaceOption, .value("limit", placeholder: "N", help: "The most runs to list.", default: "50"), jsonFlag,
        ],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let runs = try workspace.suggestionRuns(limit: try parsed.requiredInt("limit", minimum: 1))
            if parsed.flag("json") {
                print(try lifecycleJSON(runs))
            } else if runs.isEmpty {
                print("No suggestion runs yet; start one with 'audience suggest measure' or 'audience suggest activity'.")
            } else {
                let formatter = ISO8601DateFormatter()
                for run in runs {
                    print("\(run.id)  \(run.kind)  \(run.status)  \(formatter.string(from: run.createdAt))  \(run.inputs)  "
                        + "\(run.suggestionCount) suggestions (\(run.newCount) new, \(run.acceptedCount) accepted, "
                        + "\(run.dismissedCount) dismissed)")
                }
            }
            return ExitCode.success
        })

    static let suggestShowCommand = Command(
        name: "show",
        abstract: "Show a stored suggestion run, or write its report to a file.",
        discussion: """
            With --report, the report is written as HTML (.html) or Markdown (.md) to FILE.
            Example: audience suggest show 1 --report suggestions.html
            """,
        options: [
            workspaceOption,
            .value("report", placeholder: "FILE", help: "Write the report to FILE.html or FILE.md instead of printing the run."),
            jsonFlag,
        ],
        arguments: [Argument("RUN", help: "The run's id (see 'audience suggest list').")],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let id = try runID(parsed)
            if let path = parsed.string("report") {
                let format: SuggestionReportFormat
                switch URL(fileURLWithPath: path).pathExtension.lowercased() {
                case "html", "htm": format = .html
                case "md", "markdown": format = .markdown
                case "txt": format = .text
                default:
                    throw UsageError("--report expects a file ending in .html or .md, got \"\(path)\"", commandPath: parsed.commandPath)
                }
                let report = try workspace.suggestionReport(run: id, format: format)
                do {
                    try report.write(toFile: path, atomically: true, encoding: .utf8)
                } catch {
                    throw SegmentLifecycleError.cannotWrite(path: path, reason: error.localizedDescription)
                }
                print("Wrote the report of suggestion run \(id) to \(path)")
            } else {
                let run = try workspace.suggestionRun(id: id)
                print(parsed.flag("json") ? try lifecycleJSON(run) : run.text)
            }
            return ExitCode.success
        })

    static let suggestAcceptCommand = Command(
        name: "accept",
        abstract: "Accept a suggestion: it becomes a dynamic segment.",
        discussion: """
            The suggested definition may be edited first: --definition replaces it and is checked
            like any segment definition.
            Example: audience suggest accept 1 2 --name "Long loans" --definition 'duration > 36'
            """,
        options: [
            workspaceOption,
            .value("name", placeholder: "NAME", help: "The segment's name (default: the suggestion's title)."),
            .value("definition", placeholder: "TEXT", help: "An edited definition to use instead of the suggested one."),
            jsonFlag,
        ],
        arguments: [
            Argument("RUN", help: "The run's id (see 'audience suggest list')."),
            Argument("RANK", help: "The suggestion's rank in the run."),
        ],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let segment = try workspace.acceptSuggestion(
                run: try runID(parsed), rank: try rank(parsed), name: parsed.string("name"),
                definition: parsed.string("definition"))
            if parsed.flag("json") {
                print(try lifecycleJSON(segment))
            } else {
                print("Created dynamic segment \"\(segment.name)\"; refresh it with 'audience segment refresh \"\(segment.name)\"'")
            }
            return ExitCode.success
        })

    static let suggestDismissCommand = Command(
        name: "dismiss",
        abstract: "Dismiss a suggestion.",
        options: [workspaceOption],
        arguments: [
            Argument("RUN", help: "The run's id (see 'audience suggest list')."),
            Argument("RANK", help: "The suggestion's rank in the run."),
        ],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let id = try runID(parsed), rank = try rank(parsed)
            try workspace.dismissSuggestion(run: id, rank: rank)
            print("Dismissed suggestion \(rank) of suggestion run \(id)")
            return ExitCode.success
        })

    // MARK: - Helpers

    /// A comma-separated list, trimmed; nil when the option is absent.
    private static func list(_ text: String?) -> [String]? {
        text.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// The RUN argument as an id.
    private static func runID(_ parsed: ParsedArguments) throws -> Int64 {
        let text = parsed.argument("RUN")!
        guard let id = Int64(text), id >= 1 else {
            throw UsageError("RUN expects a run id (a whole number from 1), got \"\(text)\"", commandPath: parsed.commandPath)
        }
        return id
    }

    /// The RANK argument.
    private static func rank(_ parsed: ParsedArguments) throws -> Int {
        let text = parsed.argument("RANK")!
        guard let rank = Int(text), rank >= 1 else {
            throw UsageError("RANK expects a suggestion's rank (a whole number from 1), got \"\(text)\"", commandPath: parsed.commandPath)
        }
        return rank
    }

    /// `last-month`, `last-year`, `all-time` or `2025-01-01..2025-06-30`.
    private static func activityPeriod(_ text: String, commandPath: [String]) throws -> ActivityPeriod {
        switch text {
        case "last-month": return .lastMonth
        case "last-year": return .lastYear
        case "all-time": return .allTime
        default:
            let parts = text.components(separatedBy: "..")
            if parts.count == 2, let from = CalendarDate(iso: parts[0]), let to = CalendarDate(iso: parts[1]), !(to < from) {
                return .custom(from: from, to: to)
            }
            throw UsageError(
                "--period expects last-month, last-year, all-time or FROM..TO (e.g. 2025-01-01..2025-06-30), got \"\(text)\"",
                commandPath: commandPath)
        }
    }
}
