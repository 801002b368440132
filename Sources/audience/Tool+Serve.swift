@preconcurrency import Glibc
import ArgumentParsing
import Foundation
import Server
import Workspace

extension Tool {
    static let serveCommand = Command(
        name: "serve",
        abstract: "Serve the JSON API and the web page for a workspace until interrupted.",
        discussion: """
            Listens on loopback by default. Every /api route but /api/health needs the bearer
            token from the workspace's api-token file: 'Authorization: Bearer TOKEN'.
            The OpenAPI document is at /api/openapi.json.
            The scheduler runs in the server (scheduled state changes, scheduled refreshes,
            daily auto-deactivation) every --scheduler-every seconds; 0 turns it off, for
            when cron runs 'audience scheduler run --once' instead.
            """,
        options: [
            workspaceOption,
            .value("host", placeholder: "HOST", help: "The address to listen on.", default: "127.0.0.1"),
            .value("port", placeholder: "PORT", help: "The port (0 picks a free one).", default: "8080"),
            .value("scheduler-every", placeholder: "SECONDS", help: "Seconds between scheduler runs (0: off).", default: "60"),
        ],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let token = try workspace.apiToken()
            let port = try parsed.requiredInt("port", minimum: 0)
            let schedulerInterval = try parsed.requiredInt("scheduler-every", minimum: 0)
            let server = try APIServer(workspace: workspace, host: parsed.string("host")!, port: port, token: token)
            print("Serving \(workspace.config.name) at \(server.url)")
            print("API token: \(token)")
            print(schedulerInterval == 0 ? "Scheduler: off" : "Scheduler: every \(schedulerInterval) s")
            print("Press Ctrl-C to stop.")
            fflush(stdout)
            let scheduler = schedulerInterval == 0 ? nil : SchedulerLoop(
                workspace: workspace, interval: TimeInterval(schedulerInterval),
                log: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) })
            server.waitUntilInterrupted()
            scheduler?.stop()
            return ExitCode.success
        })
}
