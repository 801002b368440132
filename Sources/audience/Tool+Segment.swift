import ArgumentParsing
import Foundation
import SegmentStore
import Segments
import Workspace

extension Tool {
    static let jsonFlag = Option.flag("json", help: "Print the result as JSON.")
    static let definitionOptions: [Option] = [
        .value("definition", placeholder: "TEXT", help: "The definition in the text syntax or JSON (see docs/segment-language.md)."),
        .value("json-file", placeholder: "FILE", help: "Read the definition from a JSON file."),
        .value("file", placeholder: "FILE", help: "Read the definition (text or JSON) from a file."),
    ]

    static let segmentCommand = Command(
        name: "segment",
        abstract: "Create, change, refresh and inspect segments.",
        discussion: """
            Segments are named definitions with stored members. Types: dynamic (refreshed on
            schedule), static (refreshed only by hand), expansion (similar customers).
            Example: audience segment create "Big spenders" --definition 'sum(amount of purchase) within last 90 days > 500'
            """,
        subcommands: [
            segmentCreateCommand, segmentListCommand, segmentShowCommand, segmentEditCommand, segmentVersionsCommand,
            segmentDuplicateCommand, segmentRenameCommand, segmentDeleteCommand, segmentDescribeCommand,
            segmentTagCommand, segmentTypeCommand(.static), segmentTypeCommand(.dynamic),
            segmentStateCommand(.active), segmentStateCommand(.inactive), segmentExemptCommand, segmentScheduleCommand,
            segmentRefreshCommand, segmentRunsCommand, segmentHistoryCommand, segmentMembersCommand,
            segmentDownloadCommand, segmentChangesCommand(exited: false), segmentChangesCommand(exited: true),
            segmentExportsCommand,
        ])

    // MARK: - Helpers

    /// Pretty-printed JSON with sorted keys and ISO 8601 dates.
    static func lifecycleJSON(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// The definition given by exactly one of --definition, --json and --file (as `@FILE`), or nil when none.
    static func definitionInput(_ parsed: ParsedArguments, required: Bool) throws -> String? {
        let given = [
            parsed.string("definition"), parsed.string("json-file").map { "@" + $0 }, parsed.string("file").map { "@" + $0 },
        ].compactMap { $0 }
        guard given.count <= 1 else {
            throw UsageError("give the definition once: --definition, --json or --file", commandPath: parsed.commandPath)
        }
        if required && given.isEmpty {
            throw UsageError("missing the definition: --definition TEXT, --json FILE or --file FILE", commandPath: parsed.commandPath)
        }
        return given.first
    }

    /// The instant given to `--name`, read in the workspace time zone.
    static func time(_ parsed: ParsedArguments, _ name: String, in workspace: Workspace) throws -> Date? {
        guard let text = parsed.string(name) else { return nil }
        do {
            return try workspace.instant(text)
        } catch WorkspaceError.badValue(_, let value, let expected) {
            throw WorkspaceError.badValue(field: name, value: value, expected: expected)
        }
    }

    /// A comma-separated list option (`--fields id,age`), or nil when absent.
    static func list(_ parsed: ParsedArguments, _ name: String) -> [String]? {
        parsed.string(name).map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
    }

    /// The value of `--name` as one of an enumeration's raw values.
    static func choice<T: RawRepresentable & CaseIterable>(_ parsed: ParsedArguments, _ name: String, as type: T.Type) throws -> T?
    where T.RawValue == String {
        guard let text = parsed.string(name) else { return nil }
        guard let value = T(rawValue: text.lowercased()) else {
            throw UsageError(
                "--\(name) expects one of \(T.allCases.map(\.rawValue).joined(separator: ", ")), got \"\(text)\"",
                commandPath: parsed.commandPath)
        }
        return value
    }

    static func openWorkspace(_ parsed: ParsedArguments) throws -> Workspace {
        try Workspace.open(at: workspaceDirectory(parsed))
    }

    /// A short date-time in the workspace zone, or "never".
    static func shortTime(_ date: Date?, _ zone: TimeZone) -> String {
        guard let date else { return "never" }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = zone
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func describe(_ schedule: SegmentSchedule) -> String {
        switch schedule {
        case .everySystemRefresh: return "every system refresh"
        case .weekly(let days): return "weekly on " + days.sorted().map(\.name).joined(separator: ", ")
        case .monthly(let days): return "monthly on day " + days.sorted().map(String.init).joined(separator: ", ")
        }
    }

    /// One line per segment for the terminal.
    static func segmentTable(_ segments: [SegmentSummary], zone: TimeZone) -> String {
        guard !segments.isEmpty else { return "No segments." }
        let width = min(40, max(4, segments.map(\.name.count).max() ?? 0))
        var lines = [
            "NAME".padding(toLength: width, withPad: " ", startingAt: 0)
                + "  TYPE       STATE     MEMBERS      LAST REFRESHED    STATUS      TAGS"
        ]
        for segment in segments {
            let members = segment.memberCount.map { String($0) } ?? "-"
            lines.append(
                segment.name.padding(toLength: max(width, segment.name.count), withPad: " ", startingAt: 0) + "  "
                    + segment.type.padding(toLength: 9, withPad: " ", startingAt: 0) + "  "
                    + segment.state.padding(toLength: 8, withPad: " ", startingAt: 0) + "  "
                    + String(repeating: " ", count: max(0, 9 - members.count)) + members + "    "
                    + shortTime(segment.lastRefreshedAt, zone).padding(toLength: 16, withPad: " ", startingAt: 0) + "  "
                    + (segment.lastRunStatus ?? "-").padding(toLength: 10, withPad: " ", startingAt: 0) + "  "
                    + segment.tags.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    /// Prints a changed segment as one line, or as JSON.
    static func printChanged(_ segment: SegmentSummary, _ verb: String, _ parsed: ParsedArguments) throws -> Int32 {
        if parsed.flag("json") {
            print(try lifecycleJSON(segment))
        } else {
            print("\(verb) segment \"\(segment.name)\" (\(segment.type), \(segment.state), definition v\(segment.definitionVersion))")
        }
        return ExitCode.success
    }

    static let nameArgument = Argument("NAME", help: "The segment's name (any case).")

    // MARK: - Create, list, show

    static let segmentCreateCommand = Command(
        name: "create",
        abstract: "Create a segment from a definition (validated before anything is stored).",
        discussion: "Example: audience segment create VIP --definition 'tier = \"gold\"' --tag crm --description 'Gold tier'",
        options: [workspaceOption] + definitionOptions + [
            .value("type", placeholder: "TYPE", help: "dynamic (refreshed on schedule) or static (only by hand).", default: "dynamic"),
            .value("description", placeholder: "TEXT", help: "A description."),
            .repeated("tag", placeholder: "TAG", help: "A tag (repeat for more; at most 20)."),
            jsonFlag,
        ],
        arguments: [Argument("NAME", help: "The new segment's name (unique, any case).")],
        action: { parsed in
            let type = try choice(parsed, "type", as: SegmentType.self) ?? .dynamic
            guard type != .expansion else {
                throw UsageError("expansion segments are made by similar customers; use dynamic or static", commandPath: parsed.commandPath)
            }
            let definition = try definitionInput(parsed, required: true)!
            let workspace = try openWorkspace(parsed)
            let segment = try workspace.createSegment(
                named: parsed.argument("NAME")!, definition: definition, type: type,
                description: parsed.string("description") ?? "", tags: parsed.strings("tag"))
            return try printChanged(segment, "Created", parsed)
        })

    static let segmentListCommand = Command(
        name: "list",
        abstract: "List segments, filtered and sorted.",
        options: [
            workspaceOption,
            .value("type", placeholder: "TYPE", help: "Only dynamic, static or expansion segments."),
            .value("state", placeholder: "STATE", help: "Only active or inactive segments."),
            .value("status", placeholder: "STATUS", help: "Only segments whose latest run is succeeded, failed, skipped, …"),
            .value("tag", placeholder: "TAG", help: "Only segments with this tag."),
            .value("search", placeholder: "TEXT", help: "Only segments whose name contains TEXT."),
            .value("sort", placeholder: "KEY", help: "name, members, refreshed, created or updated.", default: "name"),
            jsonFlag,
        ],
        action: { parsed in
            let filter = SegmentFilter(
                type: try choice(parsed, "type", as: SegmentType.self),
                state: try choice(parsed, "state", as: SegmentState.self),
                lastRunStatus: try choice(parsed, "status", as: RefreshRunStatus.self),
                tag: parsed.string("tag"), nameContains: parsed.string("search"),
                sort: try choice(parsed, "sort", as: SegmentFilter.Sort.self) ?? .name)
            let workspace = try openWorkspace(parsed)
            let segments = try workspace.segments(filter)
            print(parsed.flag("json") ? try lifecycleJSON(segments) : segmentTable(segments, zone: workspace.timeZone))
            return ExitCode.success
        })

    static let segmentShowCommand = Command(
        name: "show",
        abstract: "Show a segment: definition, state, schedule, members, references, exports and recent runs.",
        options: [workspaceOption, jsonFlag],
        arguments: [nameArgument],
        action: { parsed in
            let workspace = try openWorkspace(parsed)
            let detail = try workspace.segmentDetail(named: parsed.argument("NAME")!)
            if parsed.flag("json") {
                print(try lifecycleJSON(detail))
                return ExitCode.success
            }
            let zone = workspace.timeZone
            let s = detail.segment
            var lines = [
                "Segment \"\(s.name)\" (id \(s.id))",
                "  type        \(s.type)",
                "  state       \(s.state)" + (s.activateAt.map { ", activates \(shortTime($0, zone))" } ?? "")
                    + (s.deactivateAt.map { ", deactivates \(shortTime($0, zone))" } ?? ""),
                "  definition  v\(s.definitionVersion): \(detail.definition)",
                "  members     " + (s.memberCount.map { String($0) } ?? "not refreshed yet")
                    + " (last refreshed \(shortTime(s.lastRefreshedAt, zone)))",
                "  schedule    \(describe(s.schedule))" + (s.isExemptFromAutoDeactivation ? ", exempt from auto-deactivation" : ""),
            ]
            if !s.description.isEmpty { lines.append("  description \(s.description)") }
            if !s.tags.isEmpty { lines.append("  tags        \(s.tags.joined(separator: ", "))") }
            if !detail.dependsOn.isEmpty { lines.append("  depends on  \(detail.dependsOn.joined(separator: ", "))") }
            if !detail.usedBy.isEmpty { lines.append("  used by     \(detail.usedBy.joined(separator: ", "))") }
            if !detail.exports.isEmpty { lines.append("  exports     \(detail.exports.joined(separator: ", "))") }
            for next in detail.nextScheduledRefreshes { lines.append("  next refresh \(shortTime(next, zone))") }
            if !detail.recentRuns.isEmpty { lines.append("Recent runs:") }
            for run in detail.recentRuns { lines.append("  " + runLine(run, zone: zone)) }
            print(lines.joined(separator: "\n"))
            return ExitCode.success
        })

    static func runLine(_ run: RefreshRunSummary, zone: TimeZone) -> String {
        var line = "#\(run.id) \(shortTime(run.queuedAt, zone)) \(run.trigger) \(run.status)"
        if let count = run.memberCount {
            line += ": \(count) members (+\(run.enteredCount ?? 0) −\(run.exitedCount ?? 0))"
        }
        if let duration = run.durationMilliseconds { line += ", \(duration) ms" }
        if let message = run.message { line += ": \(message)" }
        return line
    }

    // MARK: - Changing

    static let segmentEditCommand = Command(
        name: "edit",
        abstract: "Save a new definition (the previous versions are kept).",
        options: [workspaceOption] + definitionOptions + [jsonFlag],
        arguments: [nameArgument],
        action: { parsed in
            let definition = try definitionInput(parsed, required: true)!
            let segment = try openWorkspace(parsed).editSegment(named: parsed.argument("NAME")!, definition: definition)
            return try printChanged(segment, "Edited", parsed)
        })

    static let segmentVersionsCommand = Command(
        name: "versions",
        abstract: "List every saved definition of a segment, newest first.",
        options: [workspaceOption, jsonFlag],
        arguments: [nameArgument],
        action: { parsed in
            let workspace = try openWorkspace(parsed)
            let versions = try workspace.segmentVersions(named: parsed.argument("NAME")!)
            if parsed.flag("json") {
                print(try lifecycleJSON(versions))
            } else {
                for version in versions {
                    print("v\(version.version)\(version.isCurrent ? " (current)" : "")  \(shortTime(version.createdAt, workspace.timeZone))  \(version.definition)")
                }
            }
            return ExitCode.success
        })

    static let segmentDuplicateCommand = Command(
        name: "duplicate",
        abstract: "Copy a segment under a new name, optionally with a new definition.",
        options: [workspaceOption] + definitionOptions + [jsonFlag],
        arguments: [nameArgument, Argument("NEW", help: "The copy's name.")],
        action: { parsed in
            let segment = try openWorkspace(parsed).duplicateSegment(
                named: parsed.argument("NAME")!, as: parsed.argument("NEW")!,
                definition: try definitionInput(parsed, required: false))
            return try printChanged(segment, "Created", parsed)
        })

    static let segmentRenameCommand = Command(
        name: "rename",
        abstract: "Rename a segment (definitions referring to it follow).",
        options: [workspaceOption, jsonFlag],
        arguments: [nameArgument, Argument("NEW", help: "The new name.")],
        action: { parsed in
            let segment = try openWorkspace(parsed).renameSegment(named: parsed.argument("NAME")!, to: parsed.argument("NEW")!)
            return try printChanged(segment, "Renamed", parsed)
        })

    static let segmentDeleteCommand = Command(
        name: "delete",
        abstract: "Delete a segment with its history (refused while others use it, unless --force).",
        options: [
            workspaceOption,
            .flag("force", help: "Remove the references: drop its conditions from dependent definitions and remove it from exports."),
            jsonFlag,
        ],
        arguments: [nameArgument],
        action: { parsed in
            let segment = try openWorkspace(parsed).deleteSegment(named: parsed.argument("NAME")!, force: parsed.flag("force"))
            return try printChanged(segment, "Deleted", parsed)
        })

    static let segmentDescribeCommand = Command(
        name: "describe",
        abstract: "Set a segment's description.",
        options: [workspaceOption, jsonFlag],
        arguments: [nameArgument, Argument("TEXT", help: "The description (empty to clear).")],
        action: { parsed in
            let segment = try openWorkspace(parsed).describeSegment(named: parsed.argument("NAME")!, parsed.argument("TEXT")!)
            return try printChanged(segment, "Described", parsed)
        })

    static let segmentTagCommand = Command(
        name: "tag",
        abstract: "Add or remove tags (at most 20 per segment).",
        options: [
            workspaceOption,
            .repeated("add", placeholder: "TAG", help: "A tag to add (repeatable)."),
            .repeated("remove", placeholder: "TAG", help: "A tag to remove (repeatable)."),
            jsonFlag,
        ],
        arguments: [nameArgument],
        action: { parsed in
            guard !parsed.strings("add").isEmpty || !parsed.strings("remove").isEmpty else {
                throw UsageError("give --add TAG or --remove TAG", commandPath: parsed.commandPath)
            }
            let segment = try openWorkspace(parsed).tagSegment(
                named: parsed.argument("NAME")!, adding: parsed.strings("add"), removing: parsed.strings("remove"))
            if !parsed.flag("json") {
                print("Segment \"\(segment.name)\" tags: \(segment.tags.isEmpty ? "none" : segment.tags.joined(separator: ", "))")
                return ExitCode.success
            }
            return try printChanged(segment, "Tagged", parsed)
        })

    static func segmentTypeCommand(_ type: SegmentType) -> Command {
        Command(
            name: "make-\(type.rawValue)",
            abstract: type == .static
                ? "Make a segment static: refreshed only by hand."
                : "Make a segment dynamic: refreshed on schedule.",
            options: [workspaceOption, jsonFlag],
            arguments: [nameArgument],
            action: { parsed in
                let segment = try openWorkspace(parsed).setSegmentType(named: parsed.argument("NAME")!, type)
                return try printChanged(segment, "Made \(type.rawValue):", parsed)
            })
    }

    static func segmentStateCommand(_ state: SegmentState) -> Command {
        let verb = state == .active ? "activate" : "deactivate"
        return Command(
            name: verb,
            abstract: state == .active
                ? "Activate a segment now, or at a later time with --at."
                : "Deactivate a segment now (scheduled refreshes skip it), or at a later time with --at.",
            options: [
                workspaceOption,
                .value("at", placeholder: "TIME", help: "When: 2025-07-01, 2025-07-01T06:00 (workspace time zone) or with an offset."),
                jsonFlag,
            ],
            arguments: [nameArgument],
            action: { parsed in
                let workspace = try openWorkspace(parsed)
                let at = try time(parsed, "at", in: workspace)
                let segment = try workspace.setSegmentState(named: parsed.argument("NAME")!, state, at: at)
                if let at, !parsed.flag("json") {
                    print("Segment \"\(segment.name)\" will \(verb) at \(shortTime(at, workspace.timeZone)) (\(workspace.timeZone.identifier))")
                    return ExitCode.success
                }
                return try printChanged(segment, state == .active ? "Activated" : "Deactivated", parsed)
            })
    }

    static let segmentExemptCommand = Command(
        name: "exempt",
        abstract: "Exempt a segment from auto-deactivation (--off ends the exemption).",
        options: [workspaceOption, .flag("off", help: "End the exemption."), jsonFlag],
        arguments: [nameArgument],
        action: { parsed in
            let segment = try openWorkspace(parsed).setSegmentExempt(named: parsed.argument("NAME")!, !parsed.flag("off"))
            return try printChanged(segment, segment.isExemptFromAutoDeactivation ? "Exempted" : "Ended the exemption of", parsed)
        })

    static let segmentScheduleCommand = Command(
        name: "schedule",
        abstract: "Choose which system refreshes refresh a segment: every one, weekly days or monthly days.",
        discussion: """
            Weekly days must be system refresh days. A monthly day the month lacks (31 in April) means its last day.
            Example: audience segment schedule VIP --weekly mon,thu
            """,
        options: [
            workspaceOption,
            .flag("every-refresh", help: "At every system refresh (the default)."),
            .value("weekly", placeholder: "DAYS", help: "At the system refreshes on these weekdays: mon,thu."),
            .value("monthly", placeholder: "DAYS", help: "At the system refreshes on these days of the month: 1,15,31."),
            jsonFlag,
        ],
        arguments: [nameArgument],
        action: { parsed in
            let chosen = [parsed.flag("every-refresh"), parsed.string("weekly") != nil, parsed.string("monthly") != nil]
            guard chosen.filter({ $0 }).count == 1 else {
                throw UsageError("give exactly one of --every-refresh, --weekly DAYS and --monthly DAYS", commandPath: parsed.commandPath)
            }
            let schedule: SegmentSchedule
            if let days = list(parsed, "weekly") {
                schedule = .weekly(Set(try days.map { try weekday($0) }))
            } else if let days = list(parsed, "monthly") {
                schedule = .monthly(Set(try days.map { text in
                    guard let day = Int(text) else { throw ScheduleError(field: "days", reason: "\"\(text)\" is not a day of the month (1 to 31)") }
                    return day
                }))
            } else {
                schedule = .everySystemRefresh
            }
            let segment = try openWorkspace(parsed).setSegmentSchedule(named: parsed.argument("NAME")!, schedule)
            if !parsed.flag("json") {
                print("Segment \"\(segment.name)\" refreshes \(describe(segment.schedule))")
                return ExitCode.success
            }
            return try printChanged(segment, "Scheduled", parsed)
        })

    /// A weekday from `mon`, `Monday`, `MON`.
    static func weekday(_ text: String) throws -> Weekday {
        guard let day = Weekday(name: text) else {
            throw ScheduleError(field: "weekdays", reason: "\"\(text)\" is not a weekday (mon, tue, wed, thu, fri, sat, sun)")
        }
        return day
    }

    static let segmentExportsCommand = Command(
        name: "exports",
        abstract: "List the exports containing a segment (add or remove with 'audience export add|remove').",
        options: [workspaceOption, jsonFlag],
        arguments: [nameArgument],
        action: { parsed in
            let exports = try openWorkspace(parsed).exports(containing: parsed.argument("NAME")!)
            if parsed.flag("json") {
                print(try lifecycleJSON(exports))
            } else if exports.isEmpty {
                print("No export contains this segment.")
            } else {
                for export in exports { print("\(export.name)  \(export.trigger)  \(export.path)") }
            }
            return ExitCode.success
        })
}
