import Foundation
import Workspace

extension APIServer {
    /// `GET /api/health`: answers without a token, for probes.
    static func addHealthRoute(to router: inout Router) {
        router.add(
            "GET", "/api/health", isPublic: true,
            RouteDocumentation(
                summary: "Tells whether the server is up (no token needed).", tag: "server", responseSchema: "Health")
        ) { _ in
            try .json(Health(status: "ok", version: Workspace.version))
        }
    }

    /// `GET /api/jobs` and `GET /api/jobs/{id}`: the state of background work.
    static func addJobRoutes(to router: inout Router, jobs: JobRunner) {
        router.add(
            "GET", "/api/jobs",
            RouteDocumentation(summary: "Lists the recent jobs, newest first.", tag: "jobs", responseSchema: "JobList")
        ) { _ in
            try .json(JobList(jobs: jobs.jobs()))
        }
        router.add(
            "GET", "/api/jobs/{id}",
            RouteDocumentation(
                summary: "Shows a job: status, progress, result or error.", tag: "jobs", responseSchema: "Job",
                errorStatuses: [404])
        ) { request in
            let id = request.parameter("id")
            guard let job = jobs.job(id: id) else {
                throw HTTPError(status: 404, message: "no job \(id) (finished jobs are kept for an hour)")
            }
            return try .json(job)
        }
    }

    /// `GET /api/openapi.json`: the OpenAPI 3.1 document, made from the route table.
    static func addOpenAPIRoute(to router: inout Router) {
        let documentation = RouteDocumentation(
            summary: "The OpenAPI 3.1 document of this API.", tag: "server", responseSchema: "OpenAPIDocument")
        let described = router.routes.map { ($0.method, $0.pattern, $0.isPublic, $0.documentation) }
            + [("GET", RoutePattern("/api/openapi.json"), false, documentation)]
        let document = OpenAPIDocument.make(
            routes: described.map { OpenAPIDocument.Operation(method: $0.0, pattern: $0.1, isPublic: $0.2, documentation: $0.3) },
            version: Workspace.version)
        router.add("GET", "/api/openapi.json", documentation) { _ in
            try .json(document)
        }
    }

    /// A job as the answer to the request that started it: 202 with `Location`.
    static func accepted(_ job: Job) throws -> Response {
        var response = try Response.json(job, status: 202)
        response.headers.append(HTTPHeader("Location", "/api/jobs/\(job.id)"))
        return response
    }
}
