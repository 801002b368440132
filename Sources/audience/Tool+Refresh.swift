import ArgumentParsing
import Foundation
import Workspace

extension Tool {
    static let segmentRefreshCommand = Command(
        name: "refresh",
        abstract: "Refresh segments now (with what they depend on, first), or all of them.",
        discussion: """
            One batch: every definition is evaluated in one scan of the activities, then each
            segment's members, history row and run status commit together. A segment that fails
            does not stop the others; segments depending on it are skipped, naming it.
            Exit code 1 when a segment or export failed (the report says why), 5 when another
            refresh is running. --cancel asks a running refresh (from any process) to stop at its
            next checkpoint: segments already stored keep their new members, the rest end canceled.
            """,
        options: [
            workspaceOption,
            .flag("all", help: "Refresh every segment."),
            .flag("cancel", help: "Ask the running refresh to stop, and return."),
            asOfOption,
            jsonFlag,
        ],
        arguments: [Argument("NAME", help: "The segments to refresh.", isOptional: true, isVariadic: true)],
        action: { parsed in
            let names = parsed.arguments("NAME")
            if parsed.flag("cancel") {
                guard names.isEmpty && !parsed.flag("all") else {
                    throw UsageError("--cancel takes no segment names and no --all", commandPath: parsed.commandPath)
                }
                let wasRunning = try openWorkspace(parsed).cancelRefresh()
                print(wasRunning ? "Asked the running refresh to stop." : "No refresh is running.")
                return ExitCode.success
            }
            guard parsed.flag("all") != !names.isEmpty else {
                throw UsageError("name the segments to refresh, or give --all (not both)", commandPath: parsed.commandPath)
            }
            let workspace = try openWorkspace(parsed)
            let asOf = try time(parsed, "as-of", in: workspace) ?? Date()
            let bar = ProgressBar(label: "refresh")
            let report: RefreshReport
            do {
                report = try workspace.refresh(names, all: parsed.flag("all"), asOf: asOf) { bar.update($0, note: $1) }
                bar.finish()
            } catch {
                bar.finish()
                throw error
            }
            print(parsed.flag("json") ? try lifecycleJSON(report) : report.text)
            return report.isSuccess ? ExitCode.success : ExitCode.failure
        })

    static let segmentRunsCommand = Command(
        name: "runs",
        abstract: "List a segment's refresh runs, newest first: status, times, counts, errors.",
        options: [
            workspaceOption,
            .value("limit", placeholder: "N", help: "How many runs.", default: "20"),
            jsonFlag,
        ],
        arguments: [nameArgument],
        action: { parsed in
            let workspace = try openWorkspace(parsed)
            let runs = try workspace.refreshRuns(named: parsed.argument("NAME")!, limit: try parsed.requiredInt("limit", minimum: 1))
            if parsed.flag("json") {
                print(try lifecycleJSON(runs))
            } else if runs.isEmpty {
                print("No refresh runs yet.")
            } else {
                for run in runs { print(runLine(run, zone: workspace.timeZone)) }
            }
            return ExitCode.success
        })
}
