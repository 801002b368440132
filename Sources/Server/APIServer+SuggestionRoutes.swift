import Foundation
import SegmentStore
import Segments
import Suggestions
import Workspace

extension APIServer {
    /// The suggestion routes: run (a job), list runs, show one, accept or dismiss a
    /// suggestion, and download a run's report.
    ///
    /// A run's body is checked before its job starts: an unknown kind, period or field
    /// answers 400 naming it, an unknown scope segment 404.
    static func addSuggestionRoutes(to router: inout Router, workspace: Workspace, jobs: JobRunner) {
        router.add(
            "POST", "/api/suggestions",
            RouteDocumentation(
                summary: "Suggests segments from a measure or attribute, or from activity (a job; its result is a "
                    + "SuggestionRun).",
                tag: "suggestions", requestSchema: "SuggestionStart", successStatus: 202, responseSchema: "Job",
                errorStatuses: [404, 422])
        ) { request in
            let body = try request.decodeJSON(SuggestionStart.self)
            let work = try suggestionWork(body, workspace: workspace)
            let job = jobs.start(kind: "suggestions") { progress in
                progress.update(0.05, note: body.kind == "measure" ? "growing trees on \(body.primary ?? "")" : "scoring activity")
                return try JSONValue(encoding: try suggestionCall(work))
            }
            return try accepted(job)
        }

        router.add(
            "GET", "/api/suggestions",
            RouteDocumentation(
                summary: "Lists the suggestion runs, newest first.", tag: "suggestions",
                queryParameters: [.init(name: "limit", description: "The most runs to list (1 to 500, default 50).", type: "integer")],
                responseSchema: "SuggestionRunList")
        ) { request in
            let limit = try integer(request, "limit", default: 50, range: 1...500)
            return try .json(SuggestionRunList(runs: workspace.suggestionRuns(limit: limit)))
        }

        router.add(
            "GET", "/api/suggestions/{id}",
            RouteDocumentation(
                summary: "Shows a suggestion run: its inputs, suggestions with statistics and why, and decisions.",
                tag: "suggestions", responseSchema: "SuggestionRun", errorStatuses: [404])
        ) { request in
            let id = try runID(request)
            return try .json(suggestionCall { try workspace.suggestionRun(id: id) })
        }

        router.add(
            "POST", "/api/suggestions/{id}/accept",
            RouteDocumentation(
                summary: "Accepts a suggestion: it becomes a dynamic segment (name and definition may be edited).",
                tag: "suggestions", requestSchema: "SuggestionAcceptance", successStatus: 201,
                responseSchema: "SegmentSummary", errorStatuses: [404, 409, 422])
        ) { request in
            let id = try runID(request)
            let body = try request.decodeJSON(SuggestionAcceptance.self)
            let name = body.name?.trimmingCharacters(in: .whitespaces)
            if let name, name.isEmpty {
                throw HTTPError(status: 400, message: "a segment name cannot be empty", field: "name")
            }
            var definition: String?
            if let text = body.definition?.trimmingCharacters(in: .whitespacesAndNewlines) {
                guard !text.isEmpty else {
                    throw HTTPError(status: 400, message: "a definition cannot be empty", field: "definition")
                }
                definition = text
            }
            if let name, try workspace.segments().contains(where: { $0.name.lowercased() == name.lowercased() }) {
                throw HTTPError(status: 409, message: "a segment named \"\(name)\" already exists", field: "name")
            }
            let segment = try suggestionCall {
                try workspace.acceptSuggestion(run: id, rank: body.rank, name: name, definition: definition)
            }
            return try .json(segment, status: 201)
        }

        router.add(
            "POST", "/api/suggestions/{id}/dismiss",
            RouteDocumentation(
                summary: "Dismisses a suggestion.", tag: "suggestions", requestSchema: "SuggestionDismissal",
                responseSchema: "SuggestionRun", errorStatuses: [404, 409])
        ) { request in
            let id = try runID(request)
            let body = try request.decodeJSON(SuggestionDismissal.self)
            return try .json(suggestionCall { try workspace.dismissSuggestion(run: id, rank: body.rank) })
        }

        router.add(
            "GET", "/api/suggestions/{id}/report",
            RouteDocumentation(
                summary: "Downloads a run's report: a self-contained HTML page (default), Markdown or text.",
                tag: "suggestions",
                queryParameters: [.init(name: "format", description: "html (default), markdown or text.")],
                responseSchema: nil, responseMediaType: "text/html", errorStatuses: [404])
        ) { request in
            let id = try runID(request)
            let format = try choice(request.query("format") ?? "html", SuggestionReportFormat.self, field: "format")
            let report = try suggestionCall { try workspace.suggestionReport(run: id, format: format) }
            let (type, fileExtension) = switch format {
            case .html: ("text/html; charset=utf-8", "html")
            case .markdown: ("text/markdown; charset=utf-8", "md")
            case .text: ("text/plain; charset=utf-8", "txt")
            }
            // An attachment: the report is saved and opened outside this origin, so its
            // inline styles never meet the page's Content-Security-Policy.
            return Response(
                status: 200,
                headers: [
                    HTTPHeader("Content-Type", type),
                    HTTPHeader("Content-Disposition", "attachment; filename=\"suggestions-\(id).\(fileExtension)\""),
                ],
                body: .bytes(Array(report.utf8)))
        }
    }

    /// The work of a checked suggestion-run body.
    static func suggestionWork(
        _ body: SuggestionStart, workspace: Workspace
    ) throws -> @Sendable () throws -> StoredSuggestionRun {
        let scope = try body.scope.map { try requireSegment($0, workspace: workspace, field: "scope").name }
        let catalog = try catalog(workspace)
        switch body.kind {
        case "measure":
            guard let primary = body.primary?.trimmingCharacters(in: .whitespaces), !primary.isEmpty else {
                throw HTTPError(status: 400, message: "name the attribute or measure to explain", field: "primary")
            }
            guard catalog.attributes[primary] != nil || catalog.measures[primary] != nil else {
                throw HTTPError(status: 400, message: "\"\(primary)\" is neither a customer attribute nor a measure", field: "primary")
            }
            for (index, field) in (body.influencing ?? []).enumerated() where catalog.attributes[field] == nil {
                throw HTTPError(status: 400, message: "\"\(field)\" is not a customer attribute", field: "influencing[\(index)]")
            }
            var options = MeasureSuggestionOptions()
            if let maximum = body.maxSuggestions {
                guard (1...100).contains(maximum) else {
                    throw HTTPError(status: 400, message: "maxSuggestions must be from 1 to 100, not \(maximum)", field: "maxSuggestions")
                }
                options.maximumSuggestions = maximum
            }
            let shareOf = body.shareOf.flatMap { $0.isEmpty ? nil : $0 }
            let influencing = body.influencing.flatMap { $0.isEmpty ? nil : $0 }
            let chosen = options
            return {
                try workspace.suggestFromMeasure(
                    primary: primary, shareOf: shareOf, influencing: influencing, scope: scope, options: chosen)
            }
        case "activity":
            for (index, type) in (body.types ?? []).enumerated() where !catalog.activityTypes.contains(type) {
                throw HTTPError(status: 400, message: "\"\(type)\" is not an activity type", field: "types[\(index)]")
            }
            let period = try activityPeriod(body)
            let types = body.types ?? []
            let includeClusters = body.includeClusters ?? true
            return {
                try workspace.suggestFromActivity(types: types, period: period, scope: scope, includeClusters: includeClusters)
            }
        default:
            throw HTTPError(status: 400, message: "\"\(body.kind)\" is not one of measure, activity", field: "kind")
        }
    }

    /// The activity period of a body: a named one, or `custom` with `from` and `to`.
    static func activityPeriod(_ body: SuggestionStart) throws -> ActivityPeriod {
        switch body.period ?? "all-time" {
        case "last-month": return .lastMonth
        case "last-year": return .lastYear
        case "all-time": return .allTime
        case "custom":
            guard let text = body.from, let from = CalendarDate(iso: text) else {
                throw HTTPError(status: 400, message: "a custom period needs its first day as YYYY-MM-DD", field: "from")
            }
            guard let text = body.to, let to = CalendarDate(iso: text), !(to < from) else {
                throw HTTPError(status: 400, message: "a custom period needs its last day as YYYY-MM-DD, not before the first", field: "to")
            }
            return .custom(from: from, to: to)
        case let other:
            throw HTTPError(
                status: 400, message: "\"\(other)\" is not one of last-month, last-year, all-time, custom", field: "period")
        }
    }

    /// The run id in the path; 400 when it is not a whole number.
    static func runID(_ request: Request) throws -> Int64 {
        let text = request.parameter("id")
        guard let id = Int64(text), id > 0 else {
            throw HTTPError(status: 400, message: "a suggestion run id is a whole number, not \"\(text)\"")
        }
        return id
    }

    /// Runs a suggestion call: 404 for an unknown run, suggestion or segment, 409 for a decided
    /// suggestion or a taken name.
    static func suggestionCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try segmentCall(body)
        } catch let error as SuggestionStoreError {
            switch error {
            case .runNotFound(_, let id):
                throw HTTPError(status: 404, message: "no suggestion run with id \(id)")
            case .suggestionNotFound(_, let runID, let rank, let count):
                throw HTTPError(
                    status: 404,
                    message: "suggestion run \(runID) has no suggestion \(rank)" + (count == 0 ? " (it has none)" : " (ranks 1 to \(count))"),
                    field: "rank")
            case .alreadyDecided(_, let runID, let rank, let status):
                throw HTTPError(
                    status: 409, message: "suggestion \(rank) of run \(runID) is already \(status.rawValue)", field: "rank")
            }
        }
    }
}
