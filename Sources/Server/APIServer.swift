import Foundation
import Workspace

/// The HTTP API over one workspace: routes, bearer-token check, error answers and jobs.
///
/// Every `/api` route but `GET /api/health` needs `Authorization: Bearer <token>`.
/// Answers carry `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`,
/// a Content-Security-Policy that allows this origin only, and no CORS headers.
public final class APIServer: Sendable {
    /// The security header fields on every answer.
    static let securityHeaders = [
        HTTPHeader("X-Content-Type-Options", "nosniff"),
        HTTPHeader("Referrer-Policy", "no-referrer"),
        HTTPHeader("X-Frame-Options", "DENY"),
        HTTPHeader(
            "Content-Security-Policy",
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
                + "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"),
    ]

    public let workspace: Workspace
    /// The background jobs started through the API.
    public let jobs: JobRunner
    private let router: Router
    private let http: HTTPServer

    /// Starts serving `workspace` on `host` and `port` (0 picks a free port).
    ///
    /// - Parameters:
    ///   - token: the bearer token clients must send (`workspace.apiToken()`).
    ///   - maxBodyBytes: the largest JSON body accepted (413 above).
    ///   - maxConcurrentJobs: jobs running at once; more wait in a queue.
    /// - Throws: `HTTPServerError` when the address is invalid or the port cannot be bound.
    public init(
        workspace: Workspace, host: String = "127.0.0.1", port: Int = 8080, token: String,
        maxBodyBytes: Int = 1 << 20, maxConcurrentJobs: Int = 2
    ) throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.maxBodyBytes = maxBodyBytes
        configuration.defaultHeaders = Self.securityHeaders
        let translator = FailureTranslator(workspaceDirectory: workspace.directory.path, log: configuration.log)
        let jobs = JobRunner(maxConcurrent: maxConcurrentJobs) { translator.jobFailure(for: $0) }

        var router = Router()
        Self.addHealthRoute(to: &router)
        Self.addWorkspaceRoutes(to: &router, workspace: workspace, jobs: jobs, translator: translator)
        Self.addJobRoutes(to: &router, jobs: jobs)
        Self.addDefinitionRoutes(to: &router, workspace: workspace)
        Self.addSegmentRoutes(to: &router, workspace: workspace, jobs: jobs)
        Self.addExportRoutes(to: &router, workspace: workspace, jobs: jobs)
        Self.addSimilarRoutes(to: &router, workspace: workspace, jobs: jobs)
        Self.addSuggestionRoutes(to: &router, workspace: workspace, jobs: jobs)
        Self.addInsightRoutes(to: &router, workspace: workspace)
        Self.addScheduleRoutes(to: &router, workspace: workspace)
        Self.addQuickRoutes(to: &router, workspace: workspace)
        Self.addAssetRoutes(to: &router)
        Self.addOpenAPIRoute(to: &router)
        let bearer = BearerToken(token)
        let routed = router

        self.workspace = workspace
        self.jobs = jobs
        self.router = router
        self.http = try HTTPServer(configuration: configuration) { request in
            Self.respond(to: request, router: routed, token: bearer, translator: translator)
        }
    }

    /// The port the server listens on.
    public var port: Int { http.port }
    /// The address the server listens on.
    public var host: String { http.host }

    /// The server's base URL (`http://127.0.0.1:8080/`).
    public var url: String {
        let host = http.host.contains(":") ? "[\(http.host)]" : http.host
        return "http://\(host):\(http.port)/"
    }

    /// Every route the server answers (the OpenAPI document lists the same).
    public var routes: [Route] { router.routes }

    /// Stops listening, fails queued jobs and waits for running ones. Calling it again does nothing.
    public func stop() {
        http.stop()
        jobs.stop()
    }

    /// Checks the token for `/api` routes, routes the request, and turns errors into answers.
    static func respond(to request: Request, router: Router, token: BearerToken, translator: FailureTranslator) -> Response {
        let isAPI = request.path == "/api" || request.path.hasPrefix("/api/")
        var response: Response
        do {
            if isAPI && !router.isPublic(request) {
                try token.authorize(request)
            }
            response = try router.handle(request)
        } catch {
            response = translator.httpError(for: error).response
        }
        if isAPI && response.header("Cache-Control") == nil {
            response.headers.append(HTTPHeader("Cache-Control", "no-store"))
        }
        return response
    }
}
