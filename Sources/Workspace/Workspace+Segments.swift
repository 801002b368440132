import CustomerData
import Foundation
import SegmentStore
import Segments

// Creating, changing and deleting segments. Every change validates first and
// commits in one store transaction, so a refused change leaves nothing behind.
extension Workspace {
    // MARK: - Looking up

    /// The segment named `name` (any case).
    /// - Throws: `SegmentLifecycleError.unknownSegment` with the closest name.
    func requireSegment(named name: String) throws -> SegmentRecord {
        if let record = try store.segment(named: name) { return record }
        let names = try store.segments().map(\.name)
        throw SegmentLifecycleError.unknownSegment(name: name, suggestion: SegmentLifecycleError.closest(to: name, in: names))
    }

    /// The segment named `name` on `db`, for use inside a transaction.
    static func requireSegment(named name: String, in db: Database) throws -> SegmentRecord {
        if let record = try db.segment(named: name) { return record }
        let names = try db.segments().map(\.name)
        throw SegmentLifecycleError.unknownSegment(name: name, suggestion: SegmentLifecycleError.closest(to: name, in: names))
    }

    /// The catalog definitions are checked against: the live snapshot's attributes and
    /// activities, the config's measures, and every stored segment with its references.
    func segmentCatalog() throws -> SegmentCatalog {
        let snapshot = try liveSnapshot()
        let records = try store.segments()
        let references = try store.read { db in
            try records.map { record in (record.name, Set(try db.dependencies(ofSegment: record.id).map(\.name))) }
        }
        return SegmentCatalog(
            snapshot: snapshot, measures: config.measures,
            hasAmount: config.activities.contains { $0.amountColumn != nil },
            segments: Dictionary(references, uniquingKeysWith: { first, _ in first }))
    }

    /// A checked definition ready for the store: JSON, canonical text and referenced ids.
    struct StorableDefinition {
        var definition: SegmentDefinition
        var json: String
        var text: String
        var referencedIDs: [Int64]
    }

    /// Parses and validates `input` (text, JSON, or `@FILE`) as the definition of segment `name`.
    func storableDefinition(_ input: String, forSegment name: String) throws -> StorableDefinition {
        let catalog = try segmentCatalog()
        let definition = try parseDefinition(input, catalog: catalog)
        try catalog.validate(definition, named: name)
        let records = try store.segments()
        let ids = Dictionary(records.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        return StorableDefinition(
            definition: definition,
            json: String(decoding: definition.jsonData(), as: UTF8.self),
            text: definition.text,
            referencedIDs: definition.referencedSegments.compactMap { ids[$0] })
    }

    // MARK: - Creating

    /// Creates a segment from a definition (text, JSON, or `@FILE`).
    ///
    /// The definition is validated against the workspace catalog (attributes, measures,
    /// segment names, cycles) before anything is stored.
    /// - Throws: definition errors naming the condition, `StoreError` for a taken or bad
    ///   name, bad or too many tags.
    @discardableResult
    public func createSegment(
        named name: String, definition input: String, type: SegmentType = .dynamic,
        description: String = "", tags: [String] = [], at date: Date = Date()
    ) throws -> SegmentSummary {
        let checked = try storableDefinition(input, forSegment: name)
        let record = try store.createSegment(
            NewSegment(
                name: name, definitionJSON: checked.json, definitionText: checked.text,
                referencedSegmentIDs: checked.referencedIDs, type: type, description: description, tags: tags),
            at: date)
        return SegmentSummary(record)
    }

    /// Copies a segment (definition, type, state, tags, schedule) under a new name,
    /// optionally with a new definition right away, in one transaction.
    @discardableResult
    public func duplicateSegment(
        named name: String, as newName: String, definition input: String? = nil, at date: Date = Date()
    ) throws -> SegmentSummary {
        let original = try requireSegment(named: name)
        let checked = try input.map { try storableDefinition($0, forSegment: newName) }
        let record = try store.write { db in
            let copy = try db.duplicateSegment(id: original.id, as: newName, at: date)
            if let checked {
                try db.editSegmentDefinition(
                    id: copy.id, definitionJSON: checked.json, definitionText: checked.text,
                    referencedSegmentIDs: checked.referencedIDs, at: date)
            }
            return try db.requireSegment(id: copy.id)
        }
        return SegmentSummary(record)
    }

    // MARK: - Changing

    /// Saves a new definition version; the previous ones are kept with their times.
    @discardableResult
    public func editSegment(named name: String, definition input: String, at date: Date = Date()) throws -> SegmentSummary {
        let record = try requireSegment(named: name)
        let checked = try storableDefinition(input, forSegment: record.name)
        try store.editSegmentDefinition(
            id: record.id, definitionJSON: checked.json, definitionText: checked.text,
            referencedSegmentIDs: checked.referencedIDs, at: date)
        return SegmentSummary(try requireSegment(named: record.name))
    }

    /// Renames a segment; the definitions referring to it are rewritten to the new name
    /// (as new versions) in the same transaction.
    @discardableResult
    public func renameSegment(named name: String, to newName: String, at date: Date = Date()) throws -> SegmentSummary {
        let record = try requireSegment(named: name)
        let renamed = try store.write { db in
            let result = try db.renameSegment(id: record.id, to: newName, at: date)
            for dependent in try db.dependents(ofSegment: record.id) {
                let current = try db.currentSegmentDefinition(segmentID: dependent.id)
                let definition = try SegmentDefinition(json: Data(current.definitionJSON.utf8))
                let rewritten = definition.renamingSegment(record.name, to: result.name)
                try db.editSegmentDefinition(
                    id: dependent.id, definitionJSON: String(decoding: rewritten.jsonData(), as: UTF8.self),
                    definitionText: rewritten.text,
                    referencedSegmentIDs: try db.dependencies(ofSegment: dependent.id).map(\.id), at: date)
            }
            return result
        }
        return SegmentSummary(renamed)
    }

    /// Sets the free-text description.
    @discardableResult
    public func describeSegment(named name: String, _ description: String, at date: Date = Date()) throws -> SegmentSummary {
        SegmentSummary(try store.setSegmentDescription(id: try requireSegment(named: name).id, description, at: date))
    }

    /// Adds and removes tags in one transaction (at most 20 per segment).
    @discardableResult
    public func tagSegment(
        named name: String, adding added: [String] = [], removing removed: [String] = [], at date: Date = Date()
    ) throws -> SegmentSummary {
        let id = try requireSegment(named: name).id
        return SegmentSummary(try store.write { db in
            if !removed.isEmpty { try db.removeSegmentTags(id: id, removed, at: date) }
            if !added.isEmpty { try db.addSegmentTags(id: id, added, at: date) }
            return try db.requireSegment(id: id)
        })
    }

    /// Makes a segment dynamic or static (`make-static`, `make-dynamic`).
    @discardableResult
    public func setSegmentType(named name: String, _ type: SegmentType, at date: Date = Date()) throws -> SegmentSummary {
        let record = try requireSegment(named: name)
        if record.type == .expansion || type == .expansion {
            throw SegmentLifecycleError.unsupported(
                segment: record.name, reason: "expansion segments are made from similar customers; their type cannot change by hand")
        }
        return SegmentSummary(try store.setSegmentType(id: record.id, type, at: date))
    }

    /// Activates or deactivates a segment now, or schedules it for `time` ("schedule later").
    /// - Throws: `StoreError.invalidSchedule` for a time not in the future.
    @discardableResult
    public func setSegmentState(
        named name: String, _ state: SegmentState, at time: Date? = nil, now: Date = Date()
    ) throws -> SegmentSummary {
        let record = try requireSegment(named: name)
        guard let time else {
            return SegmentSummary(try store.setSegmentState(id: record.id, state, at: now))
        }
        let activateAt = state == .active ? time : record.activateAt
        let deactivateAt = state == .inactive ? time : record.deactivateAt
        return SegmentSummary(
            try store.scheduleSegmentStateChange(id: record.id, activateAt: activateAt, deactivateAt: deactivateAt, now: now))
    }

    /// Sets when the segment refreshes among the system refreshes.
    @discardableResult
    public func setSegmentSchedule(named name: String, _ schedule: SegmentSchedule, at date: Date = Date()) throws -> SegmentSummary {
        SegmentSummary(try store.setSegmentSchedule(id: try requireSegment(named: name).id, schedule, at: date))
    }

    /// Exempts a segment from auto-deactivation, or ends the exemption.
    @discardableResult
    public func setSegmentExempt(named name: String, _ isExempt: Bool, at date: Date = Date()) throws -> SegmentSummary {
        SegmentSummary(try store.setSegmentExemptFromAutoDeactivation(id: try requireSegment(named: name).id, isExempt, at: date))
    }

    // MARK: - Deleting

    /// Deletes a segment with its versions, runs, memberships and history (and, for an
    /// expansion segment, its files in `models/`).
    ///
    /// Refused while other segments refer to it or exports contain it, listing them.
    /// With `force`, the references are removed explicitly in the same transaction: the
    /// conditions naming it leave the dependents' definitions (as new versions) and the
    /// segment leaves its exports.
    @discardableResult
    public func deleteSegment(named name: String, force: Bool = false, at date: Date = Date()) throws -> SegmentSummary {
        let record = try requireSegment(named: name)
        let deleted = try store.write { db in
            if force {
                for dependent in try db.dependents(ofSegment: record.id) {
                    let current = try db.currentSegmentDefinition(segmentID: dependent.id)
                    let definition = try SegmentDefinition(json: Data(current.definitionJSON.utf8))
                    guard let rewritten = definition.removingSegment(record.name) else {
                        throw SegmentLifecycleError.wouldEmptyDefinition(segment: record.name, dependent: dependent.name)
                    }
                    let remaining = try db.dependencies(ofSegment: dependent.id).map(\.id).filter { $0 != record.id }
                    try db.editSegmentDefinition(
                        id: dependent.id, definitionJSON: String(decoding: rewritten.jsonData(), as: UTF8.self),
                        definitionText: rewritten.text, referencedSegmentIDs: remaining, at: date)
                }
            }
            return try db.deleteSegment(id: record.id, removingFromExports: force)
        }
        // Only once the deletion is committed: an expansion segment's model, scores and result.
        if record.type == .expansion { removeExpansionFiles(segmentID: record.id) }
        return SegmentSummary(deleted)
    }

    // MARK: - Reading

    /// The segments `filter` lets through, in its order.
    public func segments(_ filter: SegmentFilter = SegmentFilter()) throws -> [SegmentSummary] {
        try store.segments(filter).map(SegmentSummary.init)
    }

    /// A segment with its definition, references, exports, recent runs and next
    /// scheduled refreshes; counts as a view for auto-deactivation.
    public func segmentDetail(named name: String, recordingView: Bool = true, now: Date = Date()) throws -> SegmentDetail {
        var record = try requireSegment(named: name)
        if recordingView {
            try store.recordSegmentView(id: record.id, at: now)
            record = try store.requireSegment(named: record.name)
        }
        let definition = try store.currentSegmentDefinition(segmentID: record.id)
        let runs = try store.refreshRuns(segmentID: record.id, limit: 5)
        var next: [Date] = []
        if record.type.refreshesOnSchedule, record.state == .active {
            next = try store.systemSchedule().nextRuns(after: now, timeZone: timeZone, count: 3, for: record.schedule)
        }
        return SegmentDetail(
            segment: SegmentSummary(record),
            definition: try Self.text(of: definition),
            dependsOn: try store.dependencies(ofSegment: record.id).map(\.name),
            usedBy: try store.dependents(ofSegment: record.id).map(\.name),
            exports: try store.exports(containingSegment: record.id).map(\.name),
            recentRuns: runs.map { RefreshRunSummary($0, segment: record.name) },
            nextScheduledRefreshes: next)
    }

    /// Every saved definition of a segment, newest first.
    public func segmentVersions(named name: String) throws -> [SegmentVersion] {
        let record = try requireSegment(named: name)
        return try store.segmentDefinitions(segmentID: record.id).map { version in
            SegmentVersion(
                version: version.version, definition: try Self.text(of: version),
                createdAt: version.createdAt, isCurrent: version.id == record.currentDefinitionID)
        }
    }

    /// The refresh runs of a segment, newest first.
    public func refreshRuns(named name: String, limit: Int = 50) throws -> [RefreshRunSummary] {
        let record = try requireSegment(named: name)
        return try store.refreshRuns(segmentID: record.id, limit: limit).map { RefreshRunSummary($0, segment: record.name) }
    }

    /// The definition's canonical text (from the stored JSON).
    static func text(of version: SegmentDefinitionRecord) throws -> String {
        if let text = version.definitionText { return text }
        return try SegmentDefinition(json: Data(version.definitionJSON.utf8)).text
    }

    /// The workspace time zone.
    public var timeZone: TimeZone {
        TimeZone(identifier: config.timeZone) ?? .gmt
    }
}
