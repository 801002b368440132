import CustomerData
import Foundation
import SegmentStore
import Segments
import Suggestions

/// A stored suggestion run as commands show it: the run with each suggestion's
/// decision, and the segments accepted suggestions became.
public struct StoredSuggestionRun: Codable, Sendable {
    /// What was decided about one suggestion.
    public struct Decision: Codable, Sendable, Equatable {
        public var rank: Int
        /// `new`, `accepted` or `dismissed`.
        public var status: String
        /// The segment an accepted suggestion became (nil once it is deleted).
        public var segment: String?
        public var decidedAt: Date?
    }

    public var id: Int64
    /// `measure` or `activity`.
    public var kind: String
    /// `open` while a suggestion is undecided, then `reviewed`.
    public var status: String
    public var createdAt: Date
    public var decisions: [Decision]
    /// The run: inputs, suggestions (with their statuses) and statistics.
    public var run: SuggestionRun

    /// The run for the terminal: its id and status, then the run's tables and the decisions.
    public var text: String {
        var lines = ["Suggestion run \(id) (\(kind), \(status)), \(ISO8601DateFormatter().string(from: createdAt))", "", run.text]
        let decided = decisions.filter { $0.status != "new" }
        if !decided.isEmpty {
            lines.append("Decisions:")
            for decision in decided {
                lines.append("  \(decision.rank): \(decision.status)" + (decision.segment.map { " as segment \"\($0)\"" } ?? ""))
            }
        }
        let undecided = decisions.filter { $0.status == "new" }.map { String($0.rank) }
        if !undecided.isEmpty {
            lines.append("Accept one with 'audience suggest accept \(id) RANK [--name NAME] [--definition TEXT]' "
                + "(undecided: \(undecided.joined(separator: ", "))).")
        }
        return lines.joined(separator: "\n")
    }
}

/// One row of `audience suggest list`.
public struct SuggestionRunSummary: Codable, Sendable, Equatable {
    public var id: Int64
    public var kind: String
    public var status: String
    public var createdAt: Date
    /// What the run suggested from: `mean of credit_amount`, `purchase, visit over last_year`.
    public var inputs: String
    public var suggestionCount: Int
    public var newCount: Int
    public var acceptedCount: Int
    public var dismissedCount: Int
}

/// The format of a suggestion run's report file.
public enum SuggestionReportFormat: String, Sendable, CaseIterable {
    case text, markdown, html
}

extension Workspace {
    // MARK: - Running

    /// Suggests segments whose customers differ markedly on `primary`, stores the run and returns it.
    ///
    /// - Parameters:
    ///   - primary: a customer attribute (number; category or boolean with `shareOf`) or a
    ///     measure of the config (its per-customer values are computed as of `asOf`).
    ///   - influencing: the attributes the definitions may use; nil means every customer
    ///     attribute that can be one (numbers, booleans, dates, categories with at most 100 values).
    ///   - scope: a segment whose current members are the only customers considered.
    /// - Throws: `SuggestionError` naming the attribute at fault, `SegmentLifecycleError` for
    ///   an unknown or never-refreshed scope.
    public func suggestFromMeasure(
        primary: String, shareOf: String? = nil, influencing: [String]? = nil, scope: String? = nil,
        options: MeasureSuggestionOptions = MeasureSuggestionOptions(), asOf: Date = Date()
    ) throws -> StoredSuggestionRun {
        let snapshot = try liveSnapshot()
        let (scopeName, scopeRows) = try scopeMembers(scope)
        let attributes = influencing ?? Self.influencingCandidates(snapshot: snapshot, config: config, excluding: primary)
        let request = MeasureSuggestionRequest(
            primary: primary, shareOf: shareOf, influencing: attributes, scopeSegment: scopeName, options: options)
        let run: SuggestionRun
        if snapshot.customers.column(named: primary) == nil, config.measures.contains(where: { $0.name == primary }) {
            if shareOf != nil {
                throw SuggestionError(field: "primary \"\(primary)\"", reason: "is a measure: compare its mean (leave out the share value)")
            }
            let values = try evaluator(asOf: asOf).measureValues([primary])
            guard let column = values[primary] else {
                throw SuggestionError(field: "primary \"\(primary)\"", reason: "is a measure whose values are not numbers, dates or datetimes")
            }
            run = try MeasureSuggestions.run(request, snapshot: snapshot, primaryValues: column, kind: .mean, scopeRows: scopeRows)
        } else {
            run = try MeasureSuggestions.run(request, snapshot: snapshot, scopeRows: scopeRows)
        }
        return try record(run, kind: .measure, inputs: request)
    }

    /// Suggests segments from activity (RFM levels and segments, activity-pattern clusters),
    /// stores the run and returns it. Every definition states its thresholds, so an accepted
    /// one re-evaluates on refresh.
    ///
    /// - Parameters:
    ///   - types: the activity types that count; empty means every type.
    ///   - scope: a segment whose current members are the only customers considered.
    ///   - includeClusters: whether to cluster activity patterns (the costly part).
    public func suggestFromActivity(
        types: [String] = [], period: ActivityPeriod = .allTime, scope: String? = nil,
        includeClusters: Bool = true, asOf: Date = Date()
    ) throws -> StoredSuggestionRun {
        let snapshot = try liveSnapshot()
        let (scopeName, scopeRows) = try scopeMembers(scope)
        let request = ActivitySuggestionRequest(
            activityTypes: types, period: period, asOfMilliseconds: Int64((asOf.timeIntervalSince1970 * 1000).rounded()),
            timeZone: config.timeZone, scopeSegment: scopeName)
        let run = try ActivitySuggestions.run(request, snapshot: snapshot, scopeRows: scopeRows, includeClusters: includeClusters)
        return try record(run, kind: .activity, inputs: request)
    }

    // MARK: - Reading

    /// The latest suggestion runs, newest first.
    public func suggestionRuns(limit: Int = 50) throws -> [SuggestionRunSummary] {
        try store.suggestionRuns(limit: limit).map { record in
            func count(_ status: SuggestionRunRecord.Decision) -> Int { record.suggestions.filter { $0.status == status }.count }
            return SuggestionRunSummary(
                id: record.id, kind: record.kind.rawValue, status: record.status.rawValue, createdAt: record.createdAt,
                inputs: Self.inputsText(record), suggestionCount: record.suggestions.count,
                newCount: count(.new), acceptedCount: count(.accepted), dismissedCount: count(.dismissed))
        }
    }

    /// The stored run with id `id`.
    /// - Throws: `SuggestionStoreError.runNotFound`.
    public func suggestionRun(id: Int64) throws -> StoredSuggestionRun {
        guard let record = try store.suggestionRun(id: id) else {
            throw SuggestionStoreError.runNotFound(store: store.path, id: id)
        }
        return try stored(record)
    }

    /// The run's report as plain text, Markdown or a self-contained HTML page.
    public func suggestionReport(run id: Int64, format: SuggestionReportFormat) throws -> String {
        let run = try suggestionRun(id: id)
        switch format {
        case .text: return run.text
        case .markdown: return run.run.markdown
        case .html: return run.run.html
        }
    }

    // MARK: - Deciding

    /// Accepts suggestion `rank` of run `id`: creates a dynamic segment from its definition
    /// (or from `definition`, an edited one, validated like any definition) and marks the
    /// suggestion accepted, in one transaction.
    ///
    /// - Parameter name: the segment's name (default: the suggestion's title, with the run
    ///   and rank added when that name is taken).
    /// - Throws: `SuggestionStoreError` for an unknown run or rank or a suggestion already
    ///   decided; definition and name errors as `createSegment` throws them.
    @discardableResult
    public func acceptSuggestion(
        run id: Int64, rank: Int, name: String? = nil, definition: String? = nil, at date: Date = Date()
    ) throws -> SegmentSummary {
        let item = try store.read { db in try db.requireUndecidedSuggestion(runID: id, rank: rank) }
        let segmentName = try name ?? defaultSegmentName(for: item, runID: id)
        let checked = try storableDefinition(definition ?? item.definitionText, forSegment: segmentName)
        let record = try store.write { db in
            let segment = try db.createSegment(
                NewSegment(
                    name: segmentName, definitionJSON: checked.json, definitionText: checked.text,
                    referencedSegmentIDs: checked.referencedIDs, type: .dynamic,
                    description: "Suggestion \(rank) of suggestion run \(id): \(item.title)"),
                at: date)
            try db.acceptSuggestion(runID: id, rank: rank, segmentID: segment.id, at: date)
            return try db.requireSegment(id: segment.id)
        }
        return SegmentSummary(record)
    }

    /// Dismisses suggestion `rank` of run `id`.
    /// - Throws: `SuggestionStoreError` for an unknown run or rank or a suggestion already decided.
    @discardableResult
    public func dismissSuggestion(run id: Int64, rank: Int, at date: Date = Date()) throws -> StoredSuggestionRun {
        try stored(try store.dismissSuggestion(runID: id, rank: rank, at: date))
    }

    // MARK: - Helpers

    /// The scope segment's name and its current members' rows, or (nil, nil) for everyone.
    private func scopeMembers(_ scope: String?) throws -> (String?, [Int]?) {
        guard let scope else { return (nil, nil) }
        let record = try requireSegment(named: scope)
        guard let members = try store.currentMembers(segmentID: record.id) else {
            throw SegmentLifecycleError.neverRefreshed(segment: record.name)
        }
        return (record.name, members.toArray().map { Int($0) })
    }

    /// Every customer attribute that can influence: numbers, booleans, dates and categories
    /// with at most 100 values, except the id and the primary.
    static func influencingCandidates(snapshot: Snapshot, config: WorkspaceConfig, excluding primary: String) -> [String] {
        snapshot.customers.columns.compactMap { column in
            guard column.name != primary, column.name != config.customers.idColumn else { return nil }
            switch column {
            case .number, .boolean, .date: return column.name
            case .category(let c): return c.dictionary.count <= 100 ? column.name : nil
            case .text, .datetime: return nil
            }
        }
    }

    /// Stores a finished run with its suggestions.
    private func record(
        _ run: SuggestionRun, kind: SuggestionRunRecord.Kind, inputs: some Encodable
    ) throws -> StoredSuggestionRun {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let record = try store.recordSuggestionRun(
            kind: kind,
            inputsJSON: String(decoding: try encoder.encode(inputs), as: UTF8.self),
            runJSON: String(decoding: try run.jsonData(prettyPrinted: false), as: UTF8.self),
            suggestions: run.suggestions.map {
                SuggestionRunRecord.NewItem(rank: $0.rank, title: $0.title, definitionText: $0.definitionText, memberCount: $0.memberCount)
            },
            at: Date())
        return try stored(record)
    }

    /// The run of a stored record, with each suggestion's decision.
    private func stored(_ record: SuggestionRunRecord) throws -> StoredSuggestionRun {
        var run = try SuggestionRun(json: Data(record.runJSON.utf8))
        var names: [Int64: String] = [:]
        for item in record.suggestions {
            if let id = item.acceptedSegmentID, names[id] == nil { names[id] = try store.segment(id: id)?.name }
        }
        for index in run.suggestions.indices {
            if let item = record.suggestion(rank: run.suggestions[index].rank) {
                run.suggestions[index].status = SuggestionStatus(rawValue: item.status.rawValue) ?? .new
            }
        }
        return StoredSuggestionRun(
            id: record.id, kind: record.kind.rawValue, status: record.status.rawValue, createdAt: record.createdAt,
            decisions: record.suggestions.map {
                StoredSuggestionRun.Decision(
                    rank: $0.rank, status: $0.status.rawValue, segment: $0.acceptedSegmentID.flatMap { names[$0] },
                    decidedAt: $0.decidedAt)
            },
            run: run)
    }

    /// A free segment name for an accepted suggestion.
    private func defaultSegmentName(for item: SuggestionRunRecord.Item, runID: Int64) throws -> String {
        let title = String(item.title.prefix(150))
        if try store.segment(named: title) == nil { return title }
        return "\(title) (suggestion \(runID).\(item.rank))"
    }

    /// What a stored run suggested from, in a few words.
    static func inputsText(_ record: SuggestionRunRecord) -> String {
        let data = Data(record.inputsJSON.utf8)
        switch record.kind {
        case .measure:
            guard let request = try? JSONDecoder().decode(MeasureSuggestionRequest.self, from: data) else { return "measure" }
            let what = request.shareOf.map { "share of \(request.primary) = \"\($0)\"" } ?? "mean of \(request.primary)"
            return what + (request.scopeSegment.map { " in \"\($0)\"" } ?? "")
        case .activity:
            guard let request = try? JSONDecoder().decode(ActivitySuggestionRequest.self, from: data) else { return "activity" }
            let types = request.activityTypes.isEmpty ? "all activity" : request.activityTypes.joined(separator: ", ")
            return types + (request.scopeSegment.map { " in \"\($0)\"" } ?? "")
        }
    }
}
