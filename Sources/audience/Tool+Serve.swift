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
            """,
        options: [
            workspaceOption,
            .value("host", placeholder: "HOST", help: "The address to listen on.", default: "127.0.0.1"),
            .value("port", placeholder: "PORT", help: "The port (0 picks a free one).", default: "8080"),
        ],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let token = try workspace.apiToken()
            let port = try parsed.requiredInt("port", minimum: 0)
            let server = try APIServer(workspace: workspace, host: parsed.string("host")!, port: port, token: token)
            print("Serving \(workspace.config.name) at \(server.url)")
            print("API token: \(token)")
            print("Press Ctrl-C to stop.")
            fflush(stdout)
            server.waitUntilInterrupted()
            return ExitCode.success
        })
}
