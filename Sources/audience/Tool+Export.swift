import ArgumentParsing
import Foundation
import SegmentStore
import Workspace

extension Tool {
    static let exportNameArgument = Argument("EXPORT", help: "The export's name (any case).")

    static let exportCommand = Command(
        name: "export",
        abstract: "Export destinations: CSV folders written after refreshes or on demand.",
        subcommands: [
            Command(
                name: "create",
                abstract: "Create a CSV-folder export: one SEGMENT.csv per segment with the chosen fields.",
                discussion: "Example: audience export create crm --path exports/crm --fields id,email --segment VIP --after-refresh",
                options: [
                    workspaceOption,
                    .value("path", placeholder: "DIR", help: "The folder (relative to the workspace or absolute)."),
                    .value("fields", placeholder: "A,B", help: "The fields: id, attribute and measure names (measures as of each segment's last refresh)."),
                    .repeated("segment", placeholder: "NAME", help: "A segment to include (repeatable)."),
                    .flag("after-refresh", help: "Run after each refresh of its segments (default: on demand)."),
                    jsonFlag,
                ],
                arguments: [exportNameArgument],
                action: { parsed in
                    let export = try openWorkspace(parsed).createExport(
                        named: parsed.argument("EXPORT")!, path: try parsed.required("path"),
                        fields: list(parsed, "fields") ?? [], trigger: parsed.flag("after-refresh") ? .afterRefresh : .onDemand,
                        segments: parsed.strings("segment"))
                    print(parsed.flag("json") ? try lifecycleJSON(export) : "Created export \"\(export.name)\" (\(export.trigger)) to \(export.path)")
                    return ExitCode.success
                }),
            Command(
                name: "list",
                abstract: "List the exports.",
                options: [workspaceOption, jsonFlag],
                action: { parsed in
                    let exports = try openWorkspace(parsed).exports()
                    if parsed.flag("json") {
                        print(try lifecycleJSON(exports))
                    } else if exports.isEmpty {
                        print("No exports.")
                    } else {
                        for export in exports {
                            print("\(export.name)  \(export.kind)  \(export.trigger)  \(export.path)  fields \(export.fields.joined(separator: ","))  segments \(export.segments.joined(separator: ", "))")
                        }
                    }
                    return ExitCode.success
                }),
            Command(
                name: "show",
                abstract: "Show an export with its latest runs.",
                options: [workspaceOption, jsonFlag],
                arguments: [exportNameArgument],
                action: { parsed in
                    let workspace = try openWorkspace(parsed)
                    let export = try workspace.exportDetail(named: parsed.argument("EXPORT")!)
                    if parsed.flag("json") {
                        print(try lifecycleJSON(export))
                        return ExitCode.success
                    }
                    var lines = [
                        "Export \"\(export.name)\" (\(export.kind), \(export.trigger))", "  path      \(export.path)",
                        "  fields    \(export.fields.joined(separator: ", "))", "  segments  \(export.segments.joined(separator: ", "))",
                    ]
                    for run in export.recentRuns ?? [] { lines.append("  " + exportRunLine(run, zone: workspace.timeZone)) }
                    print(lines.joined(separator: "\n"))
                    return ExitCode.success
                }),
            Command(
                name: "add",
                abstract: "Add a segment to an export.",
                options: [workspaceOption, jsonFlag],
                arguments: [exportNameArgument, Argument("SEGMENT", help: "The segment's name.")],
                action: { parsed in
                    let export = try openWorkspace(parsed).addSegment(parsed.argument("SEGMENT")!, toExport: parsed.argument("EXPORT")!)
                    print(parsed.flag("json") ? try lifecycleJSON(export) : "Export \"\(export.name)\" segments: \(export.segments.joined(separator: ", "))")
                    return ExitCode.success
                }),
            Command(
                name: "remove",
                abstract: "Remove a segment from an export.",
                options: [workspaceOption, jsonFlag],
                arguments: [exportNameArgument, Argument("SEGMENT", help: "The segment's name.")],
                action: { parsed in
                    let export = try openWorkspace(parsed).removeSegment(parsed.argument("SEGMENT")!, fromExport: parsed.argument("EXPORT")!)
                    print(parsed.flag("json") ? try lifecycleJSON(export) : "Export \"\(export.name)\" segments: \(export.segments.isEmpty ? "none" : export.segments.joined(separator: ", "))")
                    return ExitCode.success
                }),
            Command(
                name: "run",
                abstract: "Run an export now (recorded; exit code 1 when it fails).",
                options: [workspaceOption, jsonFlag],
                arguments: [exportNameArgument],
                action: { parsed in
                    let workspace = try openWorkspace(parsed)
                    let run = try workspace.runExport(named: parsed.argument("EXPORT")!)
                    print(parsed.flag("json") ? try lifecycleJSON(run) : exportRunLine(run, zone: workspace.timeZone))
                    return run.status == ExportRunStatus.succeeded.rawValue ? ExitCode.success : ExitCode.failure
                }),
            Command(
                name: "delete",
                abstract: "Delete an export and its run history (files already written stay).",
                options: [workspaceOption, jsonFlag],
                arguments: [exportNameArgument],
                action: { parsed in
                    let export = try openWorkspace(parsed).deleteExport(named: parsed.argument("EXPORT")!)
                    print(parsed.flag("json") ? try lifecycleJSON(export) : "Deleted export \"\(export.name)\"")
                    return ExitCode.success
                }),
        ])

    static func exportRunLine(_ run: ExportRunSummary, zone: TimeZone) -> String {
        "run \(run.id) \(shortTime(run.startedAt, zone)) \(run.status)"
            + (run.rowCount.map { ": \($0) rows" } ?? "") + (run.message.map { ": \($0)" } ?? "")
    }
}
