import Foundation

// One-call segment operations, each its own transaction. To combine several
// in one transaction, call the `Database` versions inside `write { db in … }`.
extension Store {
    /// Creates a segment; see ``Database/createSegment(_:at:)``.
    @discardableResult
    public func createSegment(_ new: NewSegment, at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.createSegment(new, at: date) }
    }

    /// The segment with id `id`, if any.
    public func segment(id: Int64) throws -> SegmentRecord? {
        try read { db in try db.segment(id: id) }
    }

    /// The segment named `name` (any ASCII case), if any.
    public func segment(named name: String) throws -> SegmentRecord? {
        try read { db in try db.segment(named: name) }
    }

    /// The segment named `name`.
    /// - Throws: ``StoreError/segmentNameNotFound(store:name:)``.
    public func requireSegment(named name: String) throws -> SegmentRecord {
        try read { db in try db.requireSegment(named: name) }
    }

    /// The segments `filter` lets through, in its order.
    public func segments(_ filter: SegmentFilter = SegmentFilter()) throws -> [SegmentRecord] {
        try read { db in try db.segments(filter) }
    }

    /// Every definition version of a segment, newest first.
    public func segmentDefinitions(segmentID: Int64) throws -> [SegmentDefinitionRecord] {
        try read { db in try db.segmentDefinitions(segmentID: segmentID) }
    }

    /// The current definition of a segment.
    public func currentSegmentDefinition(segmentID: Int64) throws -> SegmentDefinitionRecord {
        try read { db in try db.currentSegmentDefinition(segmentID: segmentID) }
    }

    /// The segments referring to segment `id`.
    public func dependents(ofSegment id: Int64) throws -> [SegmentReference] {
        try read { db in try db.dependents(ofSegment: id) }
    }

    /// The segments segment `id` refers to.
    public func dependencies(ofSegment id: Int64) throws -> [SegmentReference] {
        try read { db in try db.dependencies(ofSegment: id) }
    }

    /// Every reference between segments, for refresh ordering; see
    /// ``Database/segmentDependencyGraph()``.
    public func segmentDependencyGraph() throws -> [Int64: [Int64]] {
        try read { db in try db.segmentDependencyGraph() }
    }

    /// Saves a new definition version; see
    /// ``Database/editSegmentDefinition(id:definitionJSON:definitionText:referencedSegmentIDs:at:)``.
    @discardableResult
    public func editSegmentDefinition(
        id: Int64,
        definitionJSON: String,
        definitionText: String? = nil,
        referencedSegmentIDs: [Int64] = [],
        at date: Date = Date()
    ) throws -> SegmentDefinitionRecord {
        try write { db in
            try db.editSegmentDefinition(
                id: id, definitionJSON: definitionJSON, definitionText: definitionText,
                referencedSegmentIDs: referencedSegmentIDs, at: date
            )
        }
    }

    /// Copies a segment under a new name; see ``Database/duplicateSegment(id:as:at:)``.
    @discardableResult
    public func duplicateSegment(id: Int64, as name: String, at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.duplicateSegment(id: id, as: name, at: date) }
    }

    /// Renames a segment; see ``Database/renameSegment(id:to:at:)``.
    @discardableResult
    public func renameSegment(id: Int64, to name: String, at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.renameSegment(id: id, to: name, at: date) }
    }

    /// Sets a segment's description.
    @discardableResult
    public func setSegmentDescription(id: Int64, _ description: String, at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.setSegmentDescription(id: id, description, at: date) }
    }

    /// Makes a segment dynamic, static or expansion.
    @discardableResult
    public func setSegmentType(id: Int64, _ type: SegmentType, at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.setSegmentType(id: id, type, at: date) }
    }

    /// Activates or deactivates a segment now.
    @discardableResult
    public func setSegmentState(id: Int64, _ state: SegmentState, at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.setSegmentState(id: id, state, at: date) }
    }

    /// Schedules activation and deactivation; see
    /// ``Database/scheduleSegmentStateChange(id:activateAt:deactivateAt:now:)``.
    @discardableResult
    public func scheduleSegmentStateChange(
        id: Int64,
        activateAt: Date?,
        deactivateAt: Date?,
        now: Date = Date()
    ) throws -> SegmentRecord {
        try write { db in try db.scheduleSegmentStateChange(id: id, activateAt: activateAt, deactivateAt: deactivateAt, now: now) }
    }

    /// Applies the scheduled state changes due at `asOf`.
    @discardableResult
    public func applyDueSegmentStateChanges(asOf date: Date = Date()) throws -> [SegmentRecord] {
        try write { db in try db.applyDueSegmentStateChanges(asOf: date) }
    }

    /// Sets a segment's refresh schedule.
    @discardableResult
    public func setSegmentSchedule(id: Int64, _ schedule: SegmentSchedule, at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.setSegmentSchedule(id: id, schedule, at: date) }
    }

    /// Exempts a segment from auto-deactivation, or ends the exemption.
    @discardableResult
    public func setSegmentExemptFromAutoDeactivation(id: Int64, _ isExempt: Bool, at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.setSegmentExemptFromAutoDeactivation(id: id, isExempt, at: date) }
    }

    /// Replaces a segment's tags.
    @discardableResult
    public func setSegmentTags(id: Int64, _ tags: [String], at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.setSegmentTags(id: id, tags, at: date) }
    }

    /// Adds tags to a segment.
    @discardableResult
    public func addSegmentTags(id: Int64, _ tags: [String], at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.addSegmentTags(id: id, tags, at: date) }
    }

    /// Removes tags from a segment.
    @discardableResult
    public func removeSegmentTags(id: Int64, _ tags: [String], at date: Date = Date()) throws -> SegmentRecord {
        try write { db in try db.removeSegmentTags(id: id, tags, at: date) }
    }

    /// How close two views of a segment may be for the later one to be left
    /// unrecorded, in seconds: an hour. Auto-deactivation counts in days, so a
    /// view recorded up to an hour early changes nothing it decides.
    public static let segmentViewResolutionSeconds: Double = 3600

    /// Records that a person looked at a segment, at most once per
    /// ``segmentViewResolutionSeconds``: when the recorded view is that close
    /// to `date`, nothing is written. Answers whether it wrote.
    ///
    /// The common case (a view recorded a moment ago) is one read on the
    /// reader connection and takes no write lock, so segment pages and
    /// previews read in parallel without queueing behind the writer.
    /// - Throws: ``StoreError/segmentNotFound(store:id:)`` for an unknown id.
    @discardableResult
    public func recordSegmentView(id: Int64, at date: Date = Date()) throws -> Bool {
        let resolution = Self.segmentViewResolutionSeconds
        let recorded = try read { db in try db.segmentViewedAt(id: id) }
        if let recorded, abs(date.timeIntervalSince(recorded)) < resolution { return false }
        return try write { db in try db.recordSegmentView(id: id, at: date, unlessViewedWithin: resolution) }
    }

    /// Deletes a segment; see ``Database/deleteSegment(id:removingFromExports:)``.
    @discardableResult
    public func deleteSegment(id: Int64, removingFromExports: Bool = false) throws -> SegmentRecord {
        try write { db in try db.deleteSegment(id: id, removingFromExports: removingFromExports) }
    }

    /// The segments auto-deactivation would deactivate at `asOf`.
    public func autoDeactivationCandidates(
        asOf date: Date = Date(),
        days: Int = SegmentRules.defaultAutoDeactivationDays
    ) throws -> [SegmentRecord] {
        try read { db in try db.autoDeactivationCandidates(asOf: date, days: days) }
    }

    /// Deactivates segments and tags them, in one transaction.
    @discardableResult
    public func deactivate(ids: [Int64], tag: String = SegmentRules.autoDeactivatedTag, at date: Date = Date()) throws -> [SegmentRecord] {
        try write { db in try db.deactivate(ids: ids, tag: tag, at: date) }
    }

    /// Finds and deactivates the auto-deactivation candidates in one
    /// transaction, so nothing used in between is deactivated.
    @discardableResult
    public func autoDeactivate(
        asOf date: Date = Date(),
        days: Int = SegmentRules.defaultAutoDeactivationDays
    ) throws -> [SegmentRecord] {
        try write { db in
            let candidates = try db.autoDeactivationCandidates(asOf: date, days: days)
            return try db.deactivate(ids: candidates.map(\.id), at: date)
        }
    }
}
