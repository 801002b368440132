import Foundation
import SegmentStore
import Workspace

extension APIServer {
    /// The export routes: list, create, show, delete, add and remove segments, run.
    ///
    /// Export folders given through the API stay inside the workspace: a path that is
    /// absolute or climbs out with `..` answers 400.
    static func addExportRoutes(to router: inout Router, workspace: Workspace, jobs: JobRunner) {
        router.add(
            "GET", "/api/exports",
            RouteDocumentation(summary: "Lists the exports.", tag: "exports", responseSchema: "ExportList")
        ) { _ in
            try .json(ExportList(exports: workspace.exports()))
        }

        router.add(
            "POST", "/api/exports",
            RouteDocumentation(
                summary: "Creates a CSV-folder export of segments (on demand or after each refresh).", tag: "exports",
                requestSchema: "ExportCreation", successStatus: 201, responseSchema: "Export", errorStatuses: [404, 409, 422])
        ) { request in
            let body = try request.decodeJSON(ExportCreation.self)
            let path = body.path ?? "exports/" + downloadName(body.name)
            try checkExportFolder(path)
            let trigger = try body.trigger.map { try choice($0, ExportTrigger.self, field: "trigger") } ?? .onDemand
            let export = try exportCall {
                try workspace.createExport(
                    named: body.name, path: path, fields: body.fields ?? ["id"], trigger: trigger, segments: body.segments ?? [])
            }
            return try .json(export, status: 201)
        }

        router.add(
            "GET", "/api/exports/{name}",
            RouteDocumentation(
                summary: "Shows an export with its latest runs.", tag: "exports", responseSchema: "Export", errorStatuses: [404])
        ) { request in
            try exportCall { try .json(workspace.exportDetail(named: request.parameter("name"))) }
        }

        router.add(
            "DELETE", "/api/exports/{name}",
            RouteDocumentation(
                summary: "Deletes an export and its run history (files written stay).", tag: "exports",
                responseSchema: "Export", errorStatuses: [404])
        ) { request in
            try exportCall { try .json(workspace.deleteExport(named: request.parameter("name"))) }
        }

        router.add(
            "POST", "/api/exports/{name}/segments",
            RouteDocumentation(
                summary: "Adds a segment to an export.", tag: "exports", requestSchema: "ExportSegment",
                responseSchema: "Export", errorStatuses: [404, 409, 422])
        ) { request in
            let body = try request.decodeJSON(ExportSegment.self)
            return try exportCall { try .json(workspace.addSegment(body.segment, toExport: request.parameter("name"))) }
        }

        router.add(
            "DELETE", "/api/exports/{name}/segments/{segment}",
            RouteDocumentation(
                summary: "Removes a segment from an export.", tag: "exports", responseSchema: "Export",
                errorStatuses: [404, 422])
        ) { request in
            try exportCall {
                try .json(workspace.removeSegment(request.parameter("segment"), fromExport: request.parameter("name")))
            }
        }

        router.add(
            "POST", "/api/exports/{name}/run",
            RouteDocumentation(
                summary: "Runs an export now (a job; poll /api/jobs/{id}); the run is recorded either way.",
                tag: "exports", successStatus: 202, responseSchema: "Job", errorStatuses: [404])
        ) { request in
            let name = request.parameter("name")
            _ = try exportCall { try workspace.exportDetail(named: name) }
            let job = jobs.start(kind: "export") { _ in try JSONValue(encoding: workspace.runExport(named: name)) }
            return try accepted(job)
        }
    }

    /// Refuses export folders outside the workspace.
    static func checkExportFolder(_ path: String) throws {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        if path.isEmpty || path.hasPrefix("/") || path.contains("\\") || parts.contains("..") || parts.contains("~") {
            throw HTTPError(
                status: 400, message: "an export folder must be a relative path inside the workspace (exports/weekly)",
                field: "path")
        }
    }

    /// Runs an export call, answering 404 for an unknown export or segment and 409 for a taken name.
    static func exportCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try segmentCall(body)
        } catch let error as SegmentLifecycleError {
            if case .unknownExport = error { throw HTTPError(status: 404, message: error.description) }
            throw error
        } catch let error as StoreError {
            switch error {
            case .exportNameNotFound(_, let name):
                throw HTTPError(status: 404, message: "no export named \"\(name)\"")
            case .duplicateExportName(_, let name):
                throw HTTPError(status: 409, message: "an export named \"\(name)\" already exists")
            default:
                throw error
            }
        }
    }
}
