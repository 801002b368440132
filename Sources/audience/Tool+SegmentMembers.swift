import ArgumentParsing
import Foundation
import Workspace

extension Tool {
    static let segmentHistoryCommand = Command(
        name: "history",
        abstract: "The member-count trend: one row per day with a refresh, and a sparkline.",
        options: [
            workspaceOption,
            .value("days", placeholder: "N", help: "The last N days, such as 7, 30 or 180.", default: "30"),
            .value("from", placeholder: "DATE", help: "The first day (instead of --days)."),
            .value("to", placeholder: "DATE", help: "The last day, with --from (default: now)."),
            jsonFlag,
        ],
        arguments: [nameArgument],
        action: { parsed in
            let workspace = try openWorkspace(parsed)
            let name = parsed.argument("NAME")!
            let trend: MemberTrend
            if let from = try time(parsed, "from", in: workspace) {
                var through = try time(parsed, "to", in: workspace) ?? Date()
                if let text = parsed.string("to"), text.count == 10 {
                    through = through.addingTimeInterval(86_400 - 0.001)  // A day: through its end.
                }
                trend = try workspace.memberTrend(named: name, from: from, through: through)
            } else {
                guard parsed.string("to") == nil else { throw UsageError("--to needs --from", commandPath: parsed.commandPath) }
                trend = try workspace.memberTrend(named: name, days: try parsed.requiredInt("days", minimum: 1))
            }
            print(parsed.flag("json") ? try lifecycleJSON(trend) : trend.text)
            return ExitCode.success
        })

    static let segmentMembersCommand = Command(
        name: "members",
        abstract: "Preview the first members with chosen fields (default: id and the fields the definition uses).",
        options: [
            workspaceOption,
            .value("fields", placeholder: "A,B", help: "The fields to show: id, attribute and measure names (measures as of the last refresh)."),
            .value("limit", placeholder: "N", help: "How many members.", default: "100"),
            jsonFlag,
        ],
        arguments: [nameArgument],
        action: { parsed in
            let preview = try openWorkspace(parsed).memberPreview(
                named: parsed.argument("NAME")!, fields: list(parsed, "fields"), limit: try parsed.requiredInt("limit", minimum: 0))
            if parsed.flag("json") {
                print(try lifecycleJSON(preview))
                return ExitCode.success
            }
            print("\(preview.memberCount) members of \"\(preview.segment)\"; the first \(preview.rows.count):")
            print(preview.fields.joined(separator: "\t"))
            for row in preview.rows { print(row.map { $0 ?? "" }.joined(separator: "\t")) }
            return ExitCode.success
        })

    static let segmentDownloadCommand = Command(
        name: "download",
        abstract: "Write all members to a CSV file (RFC 4180, streamed, formula-injection safe).",
        options: [
            workspaceOption,
            .value("out", placeholder: "FILE", help: "The CSV file to write (replaced when complete)."),
            .value("fields", placeholder: "A,B", help: "The fields: id, attribute and measure names (default: id and the definition's fields)."),
        ],
        arguments: [nameArgument],
        action: { parsed in
            let out = URL(fileURLWithPath: try parsed.required("out"))
            let started = Date()
            let rows = try openWorkspace(parsed).downloadMembers(named: parsed.argument("NAME")!, to: out, fields: list(parsed, "fields"))
            print("Wrote \(rows) members to \(out.relativePath) in \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
            return ExitCode.success
        })

    static func segmentChangesCommand(exited: Bool) -> Command {
        Command(
            name: exited ? "exited" : "entered",
            abstract: exited ? "The customers who left the segment at its last refresh." : "The customers who entered the segment at its last refresh.",
            options: [workspaceOption, .value("limit", placeholder: "N", help: "How many ids to list.", default: "100"), jsonFlag],
            arguments: [nameArgument],
            action: { parsed in
                let workspace = try openWorkspace(parsed)
                let changes = try workspace.memberChanges(
                    named: parsed.argument("NAME")!, exited: exited, limit: try parsed.requiredInt("limit", minimum: 0))
                if parsed.flag("json") {
                    print(try lifecycleJSON(changes))
                } else {
                    print("\(changes.count) customers \(changes.kind) \"\(changes.segment)\" at the refresh of \(shortTime(changes.at, workspace.timeZone))")
                    if !changes.customerIDs.isEmpty { print(changes.customerIDs.joined(separator: "\n")) }
                }
                return ExitCode.success
            })
    }

    static let customerCommand = Command(
        name: "customer",
        abstract: "Which segments a customer is in, and when they entered or left one.",
        subcommands: [
            Command(
                name: "segments",
                abstract: "The segments a customer is in now (at each segment's last refresh).",
                options: [workspaceOption, jsonFlag],
                arguments: [Argument("ID", help: "The customer id.")],
                action: { parsed in
                    let names = try openWorkspace(parsed).segments(ofCustomer: parsed.argument("ID")!)
                    if parsed.flag("json") {
                        print(try lifecycleJSON(names))
                    } else {
                        print(names.isEmpty ? "In no segment." : names.joined(separator: "\n"))
                    }
                    return ExitCode.success
                }),
            Command(
                name: "history",
                abstract: "When a customer entered and left a segment, over the kept refreshes.",
                options: [workspaceOption, jsonFlag],
                arguments: [Argument("ID", help: "The customer id."), Argument("SEGMENT", help: "The segment's name.")],
                action: { parsed in
                    let workspace = try openWorkspace(parsed)
                    let history = try workspace.customerHistory(parsed.argument("ID")!, segment: parsed.argument("SEGMENT")!)
                    if parsed.flag("json") {
                        print(try lifecycleJSON(history))
                        return ExitCode.success
                    }
                    var lines = ["Customer \(history.customer) is \(history.isMember ? "" : "not ")in \"\(history.segment)\""]
                    if history.enteredBeforeKeptHistory { lines.append("  entered before the oldest kept refresh") }
                    for event in history.events { lines.append("  \(event.kind) \(shortTime(event.at, workspace.timeZone))") }
                    print(lines.joined(separator: "\n"))
                    return ExitCode.success
                }),
        ])
}
