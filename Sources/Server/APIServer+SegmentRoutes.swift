import Foundation
import SegmentStore
import Segments
import Workspace

extension APIServer {
    /// The segment routes: list, create, show, change, rename, duplicate, delete, refresh,
    /// runs, versions, trend, members preview, CSV download, entered and exited.
    static func addSegmentRoutes(to router: inout Router, workspace: Workspace, jobs: JobRunner) {
        addSegmentReadRoutes(to: &router, workspace: workspace)
        addSegmentWriteRoutes(to: &router, workspace: workspace)
        addRefreshRoute(to: &router, workspace: workspace, jobs: jobs)
        addMemberRoutes(to: &router, workspace: workspace)
    }

    // MARK: - Reading

    static func addSegmentReadRoutes(to router: inout Router, workspace: Workspace) {
        router.add(
            "GET", "/api/segments",
            RouteDocumentation(
                summary: "Lists the segments, filtered and sorted.", tag: "segments",
                queryParameters: [
                    .init(name: "search", description: "Only names containing this text (any case)."),
                    .init(name: "type", description: "dynamic, static or expansion."),
                    .init(name: "state", description: "active or inactive."),
                    .init(name: "status", description: "The latest run's status (succeeded, failed, …)."),
                    .init(name: "tag", description: "Only segments with this tag."),
                    .init(name: "sort", description: "name (default), created, updated, refreshed or members."),
                ],
                responseSchema: "SegmentList")
        ) { request in
            var filter = SegmentFilter()
            filter.nameContains = request.query("search").flatMap { $0.isEmpty ? nil : $0 }
            filter.tag = request.query("tag").flatMap { $0.isEmpty ? nil : $0 }
            filter.type = try request.query("type").map { try choice($0, SegmentType.self, field: "type") }
            filter.state = try request.query("state").map { try choice($0, SegmentState.self, field: "state") }
            filter.lastRunStatus = try request.query("status").map { try choice($0, RefreshRunStatus.self, field: "status") }
            if let sort = request.query("sort") { filter.sort = try choice(sort, SegmentFilter.Sort.self, field: "sort") }
            return try .json(SegmentList(segments: workspace.segments(filter)))
        }

        router.add(
            "GET", "/api/segments/{name}",
            RouteDocumentation(
                summary: "Shows a segment: settings, definition, references, exports, recent runs, next refreshes.",
                tag: "segments", responseSchema: "SegmentDetail", errorStatuses: [404])
        ) { request in
            try segmentCall { try .json(workspace.segmentDetail(named: request.parameter("name"))) }
        }

        router.add(
            "GET", "/api/segments/{name}/runs",
            RouteDocumentation(
                summary: "Lists a segment's refresh runs, newest first, with readable errors.", tag: "segments",
                queryParameters: [.init(name: "limit", description: "At most this many (1–500, default 50).", type: "integer")],
                responseSchema: "RunList", errorStatuses: [404])
        ) { request in
            let limit = try integer(request, "limit", default: 50, range: 1...500)
            return try segmentCall { try .json(RunList(runs: workspace.refreshRuns(named: request.parameter("name"), limit: limit))) }
        }

        router.add(
            "GET", "/api/segments/{name}/versions",
            RouteDocumentation(
                summary: "Lists every saved definition of a segment, newest first.", tag: "segments",
                responseSchema: "VersionList", errorStatuses: [404])
        ) { request in
            try segmentCall { try .json(VersionList(versions: workspace.segmentVersions(named: request.parameter("name")))) }
        }

        router.add(
            "GET", "/api/segments/{name}/history",
            RouteDocumentation(
                summary: "The member count per day over the last days (7, 30, 180 …).", tag: "segments",
                queryParameters: [.init(name: "days", description: "The time frame in days (1–3660, default 30).", type: "integer")],
                responseSchema: "MemberTrend", errorStatuses: [404])
        ) { request in
            let days = try integer(request, "days", default: 30, range: 1...3660)
            return try segmentCall { try .json(workspace.memberTrend(named: request.parameter("name"), days: days)) }
        }
    }

    // MARK: - Writing

    static func addSegmentWriteRoutes(to router: inout Router, workspace: Workspace) {
        router.add(
            "POST", "/api/segments",
            RouteDocumentation(
                summary: "Creates a segment from a definition (validated before anything is stored).", tag: "segments",
                requestSchema: "SegmentCreation", successStatus: 201, responseSchema: "SegmentSummary",
                errorStatuses: [409, 422])
        ) { request in
            let body = try request.decodeJSON(SegmentCreation.self)
            let definition = try definitionInput(body.definition, field: "definition")
            let type = try body.type.map { try choice($0, SegmentType.self, field: "type") } ?? .dynamic
            if type == .expansion {
                throw HTTPError(status: 400, message: "expansion segments are made by similar customers", field: "type")
            }
            let summary = try segmentCall {
                try workspace.createSegment(
                    named: body.name, definition: definition, type: type, description: body.description ?? "",
                    tags: body.tags ?? [])
            }
            return try .json(summary, status: 201)
        }

        router.add(
            "PATCH", "/api/segments/{name}",
            RouteDocumentation(
                summary: "Changes a segment: definition, description, type, state (now or later), tags, exemption.",
                tag: "segments", requestSchema: "SegmentChange", responseSchema: "SegmentSummary",
                errorStatuses: [404, 409, 422])
        ) { request in
            let name = request.parameter("name")
            let change = try request.decodeJSON(SegmentChange.self)
            // Read and check every field before changing anything.
            let definition = try change.definition.map { try definitionInput($0, field: "definition") }
            let type = try change.type.map { try choice($0, SegmentType.self, field: "type") }
            if type == .expansion {
                throw HTTPError(status: 400, message: "expansion segments are made by similar customers", field: "type")
            }
            let state = try change.state.map { try choice($0, SegmentState.self, field: "state") }
            let stateAt = try instant(change.stateAt, field: "stateAt", in: workspace)
            if stateAt != nil && state == nil {
                throw HTTPError(status: 400, message: "give the state to change to at this time", field: "state")
            }
            if let stateAt, stateAt <= Date() {
                throw HTTPError(status: 400, message: "a scheduled state change must be in the future", field: "stateAt")
            }
            var changes = SegmentChangeSet()
            changes.definition = definition
            changes.description = change.description
            changes.type = type
            changes.state = state
            changes.stateAt = stateAt
            changes.addTags = change.addTags ?? []
            changes.removeTags = change.removeTags ?? []
            changes.isExempt = change.isExempt
            // One transaction: a change the store refuses leaves every other one undone too.
            return try segmentCall {
                do {
                    return try .json(workspace.changeSegment(named: name, changes))
                } catch let error as StoreError {
                    switch error {
                    case .invalidTag, .tooManyTags:
                        throw HTTPError(status: 422, message: String(describing: error), field: "addTags")
                    case .invalidSchedule:
                        throw HTTPError(status: 422, message: String(describing: error), field: "stateAt")
                    default:
                        throw error
                    }
                } catch let error as SegmentSyntaxError {
                    throw HTTPError(status: 422, message: error.description, field: "definition")
                } catch let error as SegmentValidationError {
                    throw HTTPError(status: 422, message: error.description, field: "definition")
                }
            }
        }

        router.add(
            "POST", "/api/segments/{name}/rename",
            RouteDocumentation(
                summary: "Renames a segment; definitions referring to it follow.", tag: "segments",
                requestSchema: "SegmentNaming", responseSchema: "SegmentSummary", errorStatuses: [404, 409, 422])
        ) { request in
            let body = try request.decodeJSON(SegmentNaming.self)
            return try segmentCall { try .json(workspace.renameSegment(named: request.parameter("name"), to: body.name)) }
        }

        router.add(
            "POST", "/api/segments/{name}/duplicate",
            RouteDocumentation(
                summary: "Copies a segment under a new name, optionally with a new definition.", tag: "segments",
                requestSchema: "SegmentNaming", successStatus: 201, responseSchema: "SegmentSummary",
                errorStatuses: [404, 409, 422])
        ) { request in
            let body = try request.decodeJSON(SegmentNaming.self)
            let definition = try body.definition.map { try definitionInput($0, field: "definition") }
            let copy = try segmentCall {
                try workspace.duplicateSegment(named: request.parameter("name"), as: body.name, definition: definition)
            }
            return try .json(copy, status: 201)
        }

        router.add(
            "DELETE", "/api/segments/{name}",
            RouteDocumentation(
                summary: "Deletes a segment; refused while others refer to it unless force=true.", tag: "segments",
                queryParameters: [.init(name: "force", description: "Also remove the references to it.", type: "boolean")],
                responseSchema: "SegmentSummary", errorStatuses: [404, 409, 422])
        ) { request in
            let force = try boolean(request, "force")
            return try segmentCall { try .json(workspace.deleteSegment(named: request.parameter("name"), force: force)) }
        }
    }

    /// `POST /api/refresh`: refreshes some segments (with what they depend on) or all, as a job.
    static func addRefreshRoute(to router: inout Router, workspace: Workspace, jobs: JobRunner) {
        router.add(
            "POST", "/api/refresh",
            RouteDocumentation(
                summary: "Refreshes the named segments (and what they depend on) or all of them (a job; poll /api/jobs/{id}).",
                tag: "segments", requestSchema: "RefreshRequest", successStatus: 202, responseSchema: "Job",
                errorStatuses: [404])
        ) { request in
            let body = try request.decodeJSON(RefreshRequest.self)
            let all = body.all ?? false
            let names = body.segments ?? []
            if !all && names.isEmpty {
                throw HTTPError(status: 400, message: "name the segments to refresh, or send \"all\": true", field: "segments")
            }
            // Unknown names answer now, not as a failed job.
            let known = Set(try workspace.segments().map(\.name))
            for (index, name) in names.enumerated() where !all && !known.contains(name) {
                throw HTTPError(status: 404, message: "no segment named \"\(name)\"", field: "segments[\(index)]")
            }
            let job = jobs.start(kind: "refresh") { progress in
                let report = try workspace.refresh(names, all: all) { fraction, note in progress.update(fraction, note: note) }
                return try JSONValue(encoding: report)
            }
            return try accepted(job)
        }
        router.add(
            "POST", "/api/refresh/cancel",
            RouteDocumentation(
                summary: "Asks the running refresh (a job or another process) to stop at its next checkpoint; "
                    + "stored segments keep their new members, the rest end canceled.",
                tag: "segments", responseSchema: "RefreshCancel")
        ) { _ in
            try .json(["wasRunning": JSONValue.bool(try workspace.cancelRefresh())] as JSONValue)
        }
    }

    // MARK: - Members

    static func addMemberRoutes(to router: inout Router, workspace: Workspace) {
        let fieldsParameter = RouteDocumentation.QueryParameter(
            name: "fields", description: "Comma-separated fields: the id, customer attributes and measures (computed as of the segment's last refresh); default: the id and the attributes the definition uses.")
        router.add(
            "GET", "/api/segments/{name}/members",
            RouteDocumentation(
                summary: "The first members (at most 100) with chosen fields.", tag: "segments",
                queryParameters: [
                    fieldsParameter, .init(name: "limit", description: "At most this many (1–100, default 100).", type: "integer"),
                ],
                responseSchema: "MemberPreview", errorStatuses: [404, 422])
        ) { request in
            let limit = try integer(request, "limit", default: 100, range: 1...100)
            return try segmentCall {
                try .json(workspace.memberPreview(named: request.parameter("name"), fields: fields(request), limit: limit))
            }
        }

        router.add(
            "GET", "/api/segments/{name}/members.csv",
            RouteDocumentation(
                summary: "Every member as CSV, streamed; text cells that look like formulas are neutralised.",
                tag: "segments", queryParameters: [fieldsParameter], responseSchema: nil, responseMediaType: "text/csv",
                errorStatuses: [404, 422])
        ) { request in
            let name = request.parameter("name")
            let file = FileManager.default.temporaryDirectory
                .appendingPathComponent("audience-download-\(UUID().uuidString).csv")
            try segmentCall { _ = try workspace.downloadMembers(named: name, to: file, fields: fields(request)) }
            let stream = try FileResponseStream(consuming: file)
            var response = Response(status: 200, headers: [HTTPHeader("Content-Type", "text/csv; charset=utf-8")], body: .stream(stream))
            response.setHeader("Content-Disposition", "attachment; filename=\"\(downloadName(name)).csv\"")
            return response
        }

        for kind in ["entered", "exited"] {
            router.add(
                "GET", "/api/segments/{name}/\(kind)",
                RouteDocumentation(
                    summary: "The customers who \(kind == "entered" ? "entered" : "left") the segment at its last refresh.",
                    tag: "segments",
                    queryParameters: [.init(name: "limit", description: "At most this many ids (1–1000, default 100).", type: "integer")],
                    responseSchema: "MemberChanges", errorStatuses: [404, 422])
            ) { request in
                let limit = try integer(request, "limit", default: 100, range: 1...1000)
                return try segmentCall {
                    try .json(workspace.memberChanges(named: request.parameter("name"), exited: kind == "exited", limit: limit))
                }
            }
        }
    }

    // MARK: - Helpers

    /// Runs a segment call, answering 404 for an unknown segment and 409 for a taken name or a segment in use.
    static func segmentCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SegmentLifecycleError {
            if case .unknownSegment = error { throw HTTPError(status: 404, message: error.description) }
            throw error
        } catch let error as StoreError {
            switch error {
            case .segmentNameNotFound(_, let name):
                throw HTTPError(status: 404, message: "no segment named \"\(name)\"")
            case .duplicateSegmentName(_, let name):
                throw HTTPError(status: 409, message: "a segment named \"\(name)\" already exists")
            case .segmentInUse(_, let segment, let dependents, let exports):
                let users = dependents.map { "segment \"\($0)\"" } + exports.map { "export \"\($0)\"" }
                throw HTTPError(
                    status: 409,
                    message: "segment \"\(segment)\" is used by \(users.joined(separator: ", ")); delete with force=true to remove the references")
            default:
                throw error
            }
        }
    }

    /// A definition sent as text or JSON, as the text `Workspace` reads.
    static func definitionInput(_ value: JSONValue, field: String) throws -> String {
        do {
            return try DefinitionRequest(definition: value).input()
        } catch var error as HTTPError {
            error.field = field
            throw error
        }
    }

    /// A raw value one of `T`'s cases has.
    static func choice<T: RawRepresentable & CaseIterable>(_ text: String, _ type: T.Type, field: String) throws -> T
    where T.RawValue == String {
        guard let value = T(rawValue: text) else {
            let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw HTTPError(status: 400, message: "\"\(text)\" is not one of \(allowed)", field: field)
        }
        return value
    }

    /// The instant `text` names (a date or a date-time, in the workspace's time zone), nil when
    /// none is given; text that is neither answers 400 naming `field`.
    static func instant(_ text: String?, field: String, in workspace: Workspace) throws -> Date? {
        guard let text else { return nil }
        do {
            return try workspace.instant(text)
        } catch {
            throw HTTPError(status: 400, message: String(describing: error), field: field)
        }
    }

    /// Query parameter `name` as an integer in `range`, or `default`.
    static func integer(_ request: Request, _ name: String, default value: Int, range: ClosedRange<Int>) throws -> Int {
        guard let text = request.query(name) else { return value }
        guard let number = Int(text), range.contains(number) else {
            throw HTTPError(status: 400, message: "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(text)\"", field: name)
        }
        return number
    }

    /// Query parameter `name` as a boolean (`true`/`false`/`1`/`0`), default false.
    static func boolean(_ request: Request, _ name: String) throws -> Bool {
        switch request.query(name) {
        case nil, "false", "0": return false
        case "true", "1", "": return true
        case let text?: throw HTTPError(status: 400, message: "\(name) must be true or false, not \"\(text)\"", field: name)
        }
    }

    /// The `fields` query parameter as a list, or `nil` for the default fields.
    static func fields(_ request: Request) -> [String]? {
        guard let text = request.query("fields"), !text.isEmpty else { return nil }
        return text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A file name made of the segment name's letters, digits, `-`, `_` and `.`.
    static func downloadName(_ name: String) -> String {
        let safe = String(name.unicodeScalars.map { scalar -> Character in
            scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
                ? Character(scalar) : "_"
        })
        return safe.isEmpty ? "segment" : safe
    }
}
