import Foundation
import Lookalike
import Workspace

extension APIServer {
    /// The similar-customers routes: start a search (a job), read an expansion segment's
    /// stored result, change its threshold or top share (a job that re-selects from the
    /// stored scores), and score it again (a job that retrains).
    ///
    /// Every body is checked in full before a job starts: unknown segments answer 404, a
    /// taken name 409, a field out of range 400 naming it, a source too small 422.
    static func addSimilarRoutes(to router: inout Router, workspace: Workspace, jobs: JobRunner) {
        router.add(
            "POST", "/api/similar",
            RouteDocumentation(
                summary: "Finds customers similar to a segment's members and stores them as an expansion segment "
                    + "(a job; its result is an ExpansionResult).",
                tag: "similar", requestSchema: "SimilarStart", successStatus: 202, responseSchema: "Job",
                errorStatuses: [404, 409, 422])
        ) { request in
            let body = try request.decodeJSON(SimilarStart.self)
            let similar = try similarRequest(body, workspace: workspace)
            let job = jobs.start(kind: "similar") { progress in
                progress.update(0.05, note: "training on \"\(similar.source)\" and scoring")
                let summary = try lookalikeCall { try workspace.findSimilar(similar) }
                guard let result = try workspace.expansionResult(segment: summary.segment) else {
                    throw HTTPError(status: 500, message: "the result of similar customers was not kept")
                }
                return try JSONValue(encoding: result)
            }
            return try accepted(job)
        }

        router.add(
            "GET", "/api/segments/{name}/similar",
            RouteDocumentation(
                summary: "Shows an expansion segment's similar-customers result: histogram, bands, backtest, "
                    + "influences and top members.",
                tag: "similar", responseSchema: "ExpansionResult", errorStatuses: [404, 422])
        ) { request in
            let name = request.parameter("name")
            guard let result = try segmentCall({ try workspace.expansionResult(segment: name) }) else {
                throw HTTPError(
                    status: 404,
                    message: "segment \"\(name)\" has no stored result yet; score it now "
                        + "(POST /api/segments/{name}/similar/rescore) to compute one")
            }
            return try .json(result)
        }

        router.add(
            "POST", "/api/segments/{name}/similar/selection",
            RouteDocumentation(
                summary: "Changes an expansion segment's threshold (or top share) and re-selects its members exactly "
                    + "from the stored scores, without retraining; rescores only when the data was ingested again "
                    + "since scoring (a job; its result is an ExpansionResult).",
                tag: "similar", requestSchema: "ExpansionSelection", successStatus: 202, responseSchema: "Job",
                errorStatuses: [404, 422])
        ) { request in
            let name = request.parameter("name")
            let body = try request.decodeJSON(ExpansionSelection.self)
            try checkSelection(threshold: body.threshold, topShare: body.topShare)
            guard body.threshold != nil || body.topShare != nil else {
                throw HTTPError(status: 400, message: "give a threshold (0 to 1) or a topShare", field: "threshold")
            }
            let segment = try requireExpansionSegment(name, workspace: workspace)
            let job = jobs.start(kind: "similar-selection") { progress in
                progress.update(0.05, note: "re-selecting \"\(segment.name)\"")
                let result = try lookalikeCall {
                    try workspace.reselectExpansion(segment: segment.name, threshold: body.threshold, topShare: body.topShare)
                }
                return try JSONValue(encoding: result)
            }
            return try accepted(job)
        }

        router.add(
            "POST", "/api/segments/{name}/similar/rescore",
            RouteDocumentation(
                summary: "Retrains an expansion segment on its source's current members with its saved settings, "
                    + "rescores the target and stores the members and a new result (a job; its result is an "
                    + "ExpansionResult). For segments without a stored result.",
                tag: "similar", successStatus: 202, responseSchema: "Job", errorStatuses: [404, 422])
        ) { request in
            let segment = try requireExpansionSegment(request.parameter("name"), workspace: workspace)
            let job = jobs.start(kind: "similar-rescore") { progress in
                progress.update(0.05, note: "training on the source of \"\(segment.name)\" and scoring")
                let result = try lookalikeCall { try workspace.rescoreExpansion(segment: segment.name) }
                return try JSONValue(encoding: result)
            }
            return try accepted(job)
        }
    }

    /// The expansion segment named `name`: 404 when there is none, 422 when it is of another type.
    static func requireExpansionSegment(_ name: String, workspace: Workspace) throws -> SegmentSummary {
        let segment = try requireSegment(name, workspace: workspace, field: nil)
        guard segment.type == "expansion" else {
            throw HTTPError(
                status: 422,
                message: "segment \"\(segment.name)\" is a \(segment.type) segment, not one made by similar customers")
        }
        return segment
    }

    /// The `SimilarRequest` of a checked body.
    static func similarRequest(_ body: SimilarStart, workspace: Workspace) throws -> SimilarRequest {
        try checkSelection(threshold: body.threshold, topShare: body.topShare)
        let source = try requireSegment(body.source, workspace: workspace, field: "source")
        guard let members = source.memberCount else {
            throw HTTPError(status: 422, message: "segment \"\(source.name)\" was never refreshed; refresh it first", field: "source")
        }
        guard members >= SimilarCustomers.minimumSourceCount else {
            throw HTTPError(
                status: 422,
                message: "segment \"\(source.name)\" has \(members) members; similar customers need at least "
                    + "\(SimilarCustomers.minimumSourceCount)",
                field: "source")
        }
        var target: String?
        if let name = body.target, !name.isEmpty {
            let record = try requireSegment(name, workspace: workspace, field: "target")
            guard record.name != source.name else {
                throw HTTPError(status: 400, message: "the target must differ from the source", field: "target")
            }
            guard record.memberCount != nil else {
                throw HTTPError(status: 422, message: "segment \"\(record.name)\" was never refreshed; refresh it first", field: "target")
            }
            target = record.name
        }
        let name = body.name?.trimmingCharacters(in: .whitespaces)
        if let name, name.isEmpty {
            throw HTTPError(status: 400, message: "a segment name cannot be empty", field: "name")
        }
        let segmentName = name ?? "Similar to \(source.name)"
        if try workspace.segments().contains(where: { $0.name.lowercased() == segmentName.lowercased() }) {
            throw HTTPError(status: 409, message: "a segment named \"\(segmentName)\" already exists", field: "name")
        }
        let catalog = try catalog(workspace)
        for (key, fields) in [("includedFields", body.includedFields ?? []), ("excludedFields", body.excludedFields ?? [])] {
            for (index, field) in fields.enumerated() where catalog.attributes[field] == nil && catalog.measures[field] == nil {
                throw HTTPError(status: 400, message: "\"\(field)\" is not a customer attribute or measure", field: "\(key)[\(index)]")
            }
        }
        if let included = body.includedFields, included.isEmpty {
            throw HTTPError(status: 400, message: "name at least one field, or leave includedFields out", field: "includedFields")
        }
        if let d = body.pcaDimensions, d < 1 {
            throw HTTPError(status: 400, message: "PCA needs at least 1 dimension, not \(d)", field: "pcaDimensions")
        }
        return SimilarRequest(
            source: source.name, name: segmentName, target: target, includesSource: body.includesSource ?? false,
            threshold: body.threshold, topShare: body.topShare ?? 0.2, includedFields: body.includedFields,
            excludedFields: body.excludedFields ?? [], includesMeasures: body.includeMeasures ?? false,
            includesActivityFeatures: body.activityFeatures ?? true, pcaDimensions: body.pcaDimensions)
    }

    /// Refuses a threshold outside [0, 1] or a top share outside (0, 1].
    static func checkSelection(threshold: Double?, topShare: Double?) throws {
        if let threshold, !(0...1).contains(threshold) {
            throw HTTPError(status: 400, message: "a threshold is a score from 0 to 1, not \(threshold)", field: "threshold")
        }
        if let topShare, !(topShare > 0 && topShare <= 1) {
            throw HTTPError(status: 400, message: "a top share is above 0 and at most 1, not \(topShare)", field: "topShare")
        }
    }

    /// The segment named `name` (any case); 404 naming `field` when there is none.
    static func requireSegment(_ name: String, workspace: Workspace, field: String?) throws -> SegmentSummary {
        let segments = try workspace.segments()
        if let found = segments.first(where: { $0.name == name }) ?? segments.first(where: { $0.name.lowercased() == name.lowercased() }) {
            return found
        }
        throw HTTPError(status: 404, message: "no segment named \"\(name)\"", field: field)
    }

    /// Runs lookalike work, answering its data errors (a source too small, no usable field) with 422.
    static func lookalikeCall<T>(_ body: () throws -> T) throws -> T {
        do {
            return try segmentCall(body)
        } catch let error as LookalikeError {
            throw HTTPError(status: 422, message: error.description)
        }
    }
}
