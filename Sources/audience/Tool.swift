import ArgumentParsing
import Foundation
import Workspace

/// The command tree of `audience`.
enum Tool {
    static let workspaceOption = Option.value(
        "workspace", short: "w", placeholder: "DIR",
        help: "The workspace folder (default: $AUDIENCE_WORKSPACE, else the current folder).")

    static let root = Command(
        name: "audience",
        abstract: "Audience: customer segments, similar customers and suggested segments from your own data.",
        discussion: """
            Start with 'audience init DIR --customers FILE --id COLUMN', then 'audience ingest'.
            Exit codes: 0 success, 1 internal failure, 2 usage error, 3 bad input data,
            4 workspace or config problem, 5 the workspace store is busy.
            """,
        subcommands: [
            initCommand, ingestCommand, describeCommand, verifyCommand, evalCommand, quickCommand,
            segmentCommand, customerCommand, exportCommand, scheduleCommand, schedulerCommand, insightsCommand,
            similarCommand, suggestCommand, scoreCommand, serveCommand, fixturesCommand, versionCommand,
        ])

    /// The workspace folder named by `--workspace`, `$AUDIENCE_WORKSPACE` or the current folder.
    static func workspaceDirectory(_ parsed: ParsedArguments) -> URL {
        let path = parsed.string("workspace")
            ?? ProcessInfo.processInfo.environment["AUDIENCE_WORKSPACE"]
            ?? FileManager.default.currentDirectoryPath
        return URL(fileURLWithPath: path)
    }

    static let versionCommand = Command(
        name: "version", abstract: "Print the version of Audience.",
        action: { _ in
            print("audience \(Workspace.version)")
            return ExitCode.success
        })
}
