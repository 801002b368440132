import Foundation

// Segments on one connection, for use inside `Store.read` and `Store.write`
// so several changes can commit together. `Store` has one-call versions.
//
// Every method that changes a segment checks its input first and throws a
// ``StoreError`` naming the segment before writing anything; inside
// `Store.write` a throw rolls back whatever the transaction did before.
extension Database {
    // MARK: - Reading

    /// The segment with id `id`, if any.
    public func segment(id: Int64) throws -> SegmentRecord? {
        let statement = try prepare("SELECT \(SegmentRecord.selection) FROM segments AS s WHERE s.id = ?")
        try statement.bind([id])
        return try statement.first(SegmentRecord.init(row:))
    }

    /// The segment named `name` (any ASCII case, surrounding spaces ignored),
    /// if any.
    public func segment(named name: String) throws -> SegmentRecord? {
        let statement = try prepare(
            "SELECT \(SegmentRecord.selection) FROM segments AS s WHERE s.name = ? COLLATE NOCASE"
        )
        try statement.bind([name.trimmingCharacters(in: .whitespacesAndNewlines)])
        return try statement.first(SegmentRecord.init(row:))
    }

    /// The segment with id `id`.
    /// - Throws: ``StoreError/segmentNotFound(store:id:)``.
    public func requireSegment(id: Int64) throws -> SegmentRecord {
        guard let segment = try segment(id: id) else {
            throw StoreError.segmentNotFound(store: path, id: id)
        }
        return segment
    }

    /// The segment named `name`.
    /// - Throws: ``StoreError/segmentNameNotFound(store:name:)``.
    public func requireSegment(named name: String) throws -> SegmentRecord {
        guard let segment = try segment(named: name) else {
            throw StoreError.segmentNameNotFound(store: path, name: name)
        }
        return segment
    }

    /// The segments `filter` lets through, in its order.
    public func segments(_ filter: SegmentFilter = SegmentFilter()) throws -> [SegmentRecord] {
        try prepare("SELECT \(SegmentRecord.selection) FROM segments AS s")
            .map(SegmentRecord.init(row:))
            .filter(filter.matches)
            .sorted(by: filter.areInIncreasingOrder)
    }

    /// Every definition version of segment `segmentID`, newest first.
    /// - Throws: ``StoreError/segmentNotFound(store:id:)``.
    public func segmentDefinitions(segmentID: Int64) throws -> [SegmentDefinitionRecord] {
        _ = try requireSegment(id: segmentID)
        let statement = try prepare(
            "SELECT \(SegmentDefinitionRecord.selection) FROM segment_definitions WHERE segment_id = ? ORDER BY version DESC"
        )
        try statement.bind([segmentID])
        return try statement.map(SegmentDefinitionRecord.init(row:))
    }

    /// The current definition of segment `segmentID`.
    /// - Throws: ``StoreError/segmentNotFound(store:id:)``.
    public func currentSegmentDefinition(segmentID: Int64) throws -> SegmentDefinitionRecord {
        let segment = try requireSegment(id: segmentID)
        let statement = try prepare(
            "SELECT \(SegmentDefinitionRecord.selection) FROM segment_definitions WHERE id = ?"
        )
        try statement.bind([segment.currentDefinitionID])
        guard let definition = try statement.first(SegmentDefinitionRecord.init(row:)) else {
            preconditionFailure("Database.currentSegmentDefinition(segmentID:): segment \(segmentID) has no definition in \(path)")
        }
        return definition
    }

    /// The segments whose current definition refers to segment `id`, by name.
    public func dependents(ofSegment id: Int64) throws -> [SegmentReference] {
        let statement = try prepare("""
            SELECT s.id, s.name FROM segment_dependencies AS d JOIN segments AS s ON s.id = d.segment_id
            WHERE d.referenced_segment_id = ? ORDER BY s.name COLLATE NOCASE
            """)
        try statement.bind([id])
        return try statement.map { row in SegmentReference(id: try row.decode(at: 0), name: try row.decode(at: 1)) }
    }

    /// The segments the current definition of segment `id` refers to, by name.
    public func dependencies(ofSegment id: Int64) throws -> [SegmentReference] {
        let statement = try prepare("""
            SELECT s.id, s.name FROM segment_dependencies AS d JOIN segments AS s ON s.id = d.referenced_segment_id
            WHERE d.segment_id = ? ORDER BY s.name COLLATE NOCASE
            """)
        try statement.bind([id])
        return try statement.map { row in SegmentReference(id: try row.decode(at: 0), name: try row.decode(at: 1)) }
    }

    /// Every reference between segments: for each segment that refers to
    /// others, the ids it refers to (ascending). For ordering refreshes so
    /// that referenced segments refresh first.
    public func segmentDependencyGraph() throws -> [Int64: [Int64]] {
        var graph: [Int64: [Int64]] = [:]
        let statement = try prepare(
            "SELECT segment_id, referenced_segment_id FROM segment_dependencies ORDER BY segment_id, referenced_segment_id"
        )
        while let row = try statement.step() {
            graph[try row.decode(Int64.self, at: 0), default: []].append(try row.decode(Int64.self, at: 1))
        }
        statement.reset()
        return graph
    }

    // MARK: - Creating

    /// Creates a segment with definition version 1, its tags and the
    /// references of its definition.
    ///
    /// - Throws: ``StoreError`` for an invalid or taken name, bad or too many
    ///   tags, unknown referenced segments, or a schedule the system schedule
    ///   does not allow.
    public func createSegment(_ new: NewSegment, at date: Date) throws -> SegmentRecord {
        let name = try checkedSegmentName(new.name, excludingID: nil)
        let tags = try checkedTags(new.tags, segment: name)
        try checkSchedule(new.schedule, segment: name)
        try execute(
            """
            INSERT INTO segments (name, description, type, state, schedule_json, is_exempt_from_auto_deactivation,
                                  created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            arguments: [
                name, new.description, new.type.rawValue, new.state.rawValue, jsonText(new.schedule),
                new.isExemptFromAutoDeactivation, date, date,
            ]
        )
        let id = lastInsertRowID
        try insertDefinition(segmentID: id, json: new.definitionJSON, text: new.definitionText, at: date)
        try replaceDependencies(segmentID: id, segmentName: name, referenced: new.referencedSegmentIDs)
        try insertTags(tags, segmentID: id)
        return try requireSegment(id: id)
    }

    /// Copies segment `id` as a new segment named `name`: its current
    /// definition (as version 1), references, type, state, description,
    /// tags, schedule and exemption; no members or history. To edit the copy
    /// right away, call ``editSegmentDefinition(id:definitionJSON:definitionText:referencedSegmentIDs:at:)``
    /// in the same transaction.
    /// - Throws: ``StoreError/segmentNotFound(store:id:)``, and the errors of
    ///   ``createSegment(_:at:)`` for the name.
    public func duplicateSegment(id: Int64, as name: String, at date: Date) throws -> SegmentRecord {
        let original = try requireSegment(id: id)
        let definition = try currentSegmentDefinition(segmentID: id)
        return try createSegment(
            NewSegment(
                name: name,
                definitionJSON: definition.definitionJSON,
                definitionText: definition.definitionText,
                referencedSegmentIDs: try dependencies(ofSegment: id).map(\.id),
                type: original.type,
                state: original.state,
                description: original.description,
                tags: original.tags,
                schedule: original.schedule,
                isExemptFromAutoDeactivation: original.isExemptFromAutoDeactivation
            ),
            at: date
        )
    }

    // MARK: - Changing

    /// Saves a new definition version and makes it current, keeping the
    /// earlier ones; the segment's references become `referencedSegmentIDs`.
    /// - Throws: ``StoreError`` for an unknown segment, unknown referenced
    ///   segments or a reference cycle.
    @discardableResult
    public func editSegmentDefinition(
        id: Int64,
        definitionJSON: String,
        definitionText: String?,
        referencedSegmentIDs: [Int64],
        at date: Date
    ) throws -> SegmentDefinitionRecord {
        let segment = try requireSegment(id: id)
        try replaceDependencies(segmentID: id, segmentName: segment.name, referenced: referencedSegmentIDs)
        try insertDefinition(segmentID: id, json: definitionJSON, text: definitionText, at: date)
        try touchSegment(id: id, at: date)
        return try currentSegmentDefinition(segmentID: id)
    }

    /// Renames segment `id`.
    /// - Throws: ``StoreError/duplicateSegmentName(store:name:)`` when another
    ///   segment has the name (in any ASCII case), ``StoreError/invalidName(store:name:reason:)``.
    @discardableResult
    public func renameSegment(id: Int64, to name: String, at date: Date) throws -> SegmentRecord {
        _ = try requireSegment(id: id)
        let checked = try checkedSegmentName(name, excludingID: id)
        try execute("UPDATE segments SET name = ?, updated_at = ? WHERE id = ?", arguments: [checked, date, id])
        return try requireSegment(id: id)
    }

    /// Sets the description of segment `id` (empty for none).
    @discardableResult
    public func setSegmentDescription(id: Int64, _ description: String, at date: Date) throws -> SegmentRecord {
        _ = try requireSegment(id: id)
        try execute("UPDATE segments SET description = ?, updated_at = ? WHERE id = ?", arguments: [description, date, id])
        return try requireSegment(id: id)
    }

    /// Makes segment `id` dynamic, static or expansion.
    @discardableResult
    public func setSegmentType(id: Int64, _ type: SegmentType, at date: Date) throws -> SegmentRecord {
        _ = try requireSegment(id: id)
        try execute("UPDATE segments SET type = ?, updated_at = ? WHERE id = ?", arguments: [type.rawValue, date, id])
        return try requireSegment(id: id)
    }

    /// Activates or deactivates segment `id` now. A scheduled change to the
    /// same state is dropped (it has happened); one to the other state stays.
    @discardableResult
    public func setSegmentState(id: Int64, _ state: SegmentState, at date: Date) throws -> SegmentRecord {
        _ = try requireSegment(id: id)
        let cleared = state == .active ? "activate_at" : "deactivate_at"
        try execute(
            "UPDATE segments SET state = ?, \(cleared) = NULL, updated_at = ? WHERE id = ?",
            arguments: [state.rawValue, date, id]
        )
        return try requireSegment(id: id)
    }

    /// Schedules the activation and deactivation of segment `id` ("schedule
    /// later"); nil clears a scheduled change. Applied by
    /// ``applyDueSegmentStateChanges(asOf:)``.
    /// - Throws: ``StoreError/invalidSchedule(store:segment:reason:)`` for a
    ///   time not after `now`.
    @discardableResult
    public func scheduleSegmentStateChange(
        id: Int64,
        activateAt: Date?,
        deactivateAt: Date?,
        now: Date
    ) throws -> SegmentRecord {
        let segment = try requireSegment(id: id)
        for (label, time) in [("activation", activateAt), ("deactivation", deactivateAt)] {
            if let time, time <= now {
                throw StoreError.invalidSchedule(
                    store: path, segment: segment.name,
                    reason: "the \(label) time \(Self.isoText(time)) is not in the future (now is \(Self.isoText(now)))"
                )
            }
        }
        if let activateAt, let deactivateAt, activateAt == deactivateAt {
            throw StoreError.invalidSchedule(
                store: path, segment: segment.name,
                reason: "activation and deactivation cannot be scheduled for the same time"
            )
        }
        try execute(
            "UPDATE segments SET activate_at = ?, deactivate_at = ?, updated_at = ? WHERE id = ?",
            arguments: [activateAt, deactivateAt, now, id]
        )
        return try requireSegment(id: id)
    }

    /// Applies the scheduled activations and deactivations due at `asOf`
    /// (the later one wins when both are due) and returns the segments whose
    /// state changed.
    public func applyDueSegmentStateChanges(asOf date: Date) throws -> [SegmentRecord] {
        let statement = try prepare("""
            SELECT id, state, activate_at, deactivate_at FROM segments
            WHERE activate_at <= ?1 OR deactivate_at <= ?1 ORDER BY id
            """)
        try statement.bind([date])
        let due = try statement.map { row in
            (
                id: try row.decode(Int64.self, at: 0),
                state: try row.decodeEnumeration(SegmentState.self, at: 1),
                activateAt: try row.decode(Date?.self, at: 2),
                deactivateAt: try row.decode(Date?.self, at: 3)
            )
        }
        var changed: [SegmentRecord] = []
        for segment in due {
            var changes: [(Date, SegmentState)] = []
            if let time = segment.activateAt, time <= date { changes.append((time, .active)) }
            if let time = segment.deactivateAt, time <= date { changes.append((time, .inactive)) }
            guard let (time, state) = changes.max(by: { $0.0 < $1.0 }) else { continue }
            try execute(
                """
                UPDATE segments SET state = ?,
                    activate_at = CASE WHEN activate_at <= ?2 THEN NULL ELSE activate_at END,
                    deactivate_at = CASE WHEN deactivate_at <= ?2 THEN NULL ELSE deactivate_at END,
                    updated_at = ?3
                WHERE id = ?4
                """,
                arguments: [state.rawValue, date, time, segment.id]
            )
            if state != segment.state {
                changed.append(try requireSegment(id: segment.id))
            }
        }
        return changed
    }

    /// Sets when segment `id` refreshes among the system refreshes.
    /// - Throws: ``StoreError/invalidSchedule(store:segment:reason:)`` for
    ///   days out of range or weekly days the system does not refresh on.
    @discardableResult
    public func setSegmentSchedule(id: Int64, _ schedule: SegmentSchedule, at date: Date) throws -> SegmentRecord {
        let segment = try requireSegment(id: id)
        try checkSchedule(schedule, segment: segment.name)
        try execute(
            "UPDATE segments SET schedule_json = ?, updated_at = ? WHERE id = ?",
            arguments: [jsonText(schedule), date, id]
        )
        return try requireSegment(id: id)
    }

    /// Exempts segment `id` from auto-deactivation, or ends the exemption.
    @discardableResult
    public func setSegmentExemptFromAutoDeactivation(id: Int64, _ isExempt: Bool, at date: Date) throws -> SegmentRecord {
        _ = try requireSegment(id: id)
        try execute(
            "UPDATE segments SET is_exempt_from_auto_deactivation = ?, updated_at = ? WHERE id = ?",
            arguments: [isExempt, date, id]
        )
        return try requireSegment(id: id)
    }

    /// Records that a person looked at segment `id` (show, preview,
    /// download): it counts as used for auto-deactivation.
    public func recordSegmentView(id: Int64, at date: Date) throws {
        _ = try requireSegment(id: id)
        try execute("UPDATE segments SET last_viewed_at = ?1, last_used_at = ?1 WHERE id = ?2", arguments: [date, id])
    }

    /// Records a view of segment `id` at `date` unless the recorded one is
    /// less than `seconds` away from it; answers whether it wrote.
    ///
    /// The test is part of the `UPDATE`, so of several threads or processes
    /// that saw the same old view, one writes and the rest change nothing.
    /// - Throws: ``StoreError/segmentNotFound(store:id:)``.
    public func recordSegmentView(id: Int64, at date: Date, unlessViewedWithin seconds: Double) throws -> Bool {
        precondition(seconds >= 0, "Database.recordSegmentView(id:at:unlessViewedWithin:): negative interval \(seconds)")
        _ = try requireSegment(id: id)
        try execute(
            """
            UPDATE segments SET last_viewed_at = ?1, last_used_at = ?1
            WHERE id = ?2 AND (last_viewed_at IS NULL OR abs(last_viewed_at - ?1) >= ?3)
            """,
            arguments: [date, id, Int64((seconds * 1000).rounded())])
        return changes > 0
    }

    /// When segment `id` was last viewed as recorded, or nil (never viewed).
    /// - Throws: ``StoreError/segmentNotFound(store:id:)``.
    public func segmentViewedAt(id: Int64) throws -> Date? {
        let statement = try prepare("SELECT last_viewed_at FROM segments WHERE id = ?")
        try statement.bind([id])
        guard let viewed = try statement.first({ row -> Date? in try row.decode(at: 0) }) else {
            throw StoreError.segmentNotFound(store: path, id: id)
        }
        return viewed
    }

    // MARK: - Deleting

    /// Deletes segment `id` with its definitions, tags, runs, memberships and
    /// history, and returns the record as it was.
    ///
    /// Refused while other segments refer to it (rewrite their definitions
    /// first, in the same transaction, for `--force`) or, unless
    /// `removingFromExports`, while exports contain it.
    /// - Throws: ``StoreError/segmentInUse(store:segment:dependents:exports:)``
    ///   listing the dependents and exports.
    @discardableResult
    public func deleteSegment(id: Int64, removingFromExports: Bool = false) throws -> SegmentRecord {
        let segment = try requireSegment(id: id)
        let dependentSegments = try dependents(ofSegment: id)
        let containingExports = try exports(containingSegment: id)
        if !dependentSegments.isEmpty || (!containingExports.isEmpty && !removingFromExports) {
            throw StoreError.segmentInUse(
                store: path,
                segment: segment.name,
                dependents: dependentSegments.map(\.name),
                exports: removingFromExports ? [] : containingExports.map(\.name)
            )
        }
        try execute("DELETE FROM export_segments WHERE segment_id = ?", arguments: [id])
        try execute("DELETE FROM segments WHERE id = ?", arguments: [id])
        return segment
    }

    // MARK: - Helpers

    /// `name` trimmed, after checking it is usable and not taken by another
    /// segment than `excludingID`.
    private func checkedSegmentName(_ name: String, excludingID: Int64?) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = SegmentRules.problem(withName: trimmed) {
            throw StoreError.invalidName(store: path, name: name, reason: problem)
        }
        let statement = try prepare("SELECT name FROM segments WHERE name = ? COLLATE NOCASE AND id IS NOT ?")
        try statement.bind([trimmed, excludingID])
        if let existing = try statement.singleValue(String.self) {
            throw StoreError.duplicateSegmentName(store: path, name: existing)
        }
        return trimmed
    }

    /// Checks `schedule` against the system schedule.
    private func checkSchedule(_ schedule: SegmentSchedule, segment: String) throws {
        do {
            try schedule.validate(against: try systemSchedule())
        } catch let error as ScheduleError {
            throw StoreError.invalidSchedule(store: path, segment: segment, reason: error.description)
        }
    }

    /// Adds the next definition version of segment `segmentID` and makes it
    /// current.
    private func insertDefinition(segmentID: Int64, json: String, text: String?, at date: Date) throws {
        try execute(
            """
            INSERT INTO segment_definitions (segment_id, version, definition_json, definition_text, created_at)
            VALUES (?1, (SELECT coalesce(max(version), 0) + 1 FROM segment_definitions WHERE segment_id = ?1), ?2, ?3, ?4)
            """,
            arguments: [segmentID, json, text, date]
        )
        try execute(
            "UPDATE segments SET current_definition_id = ? WHERE id = ?",
            arguments: [lastInsertRowID, segmentID]
        )
    }

    /// Makes `referenced` the segments segment `segmentID` refers to, after
    /// checking they exist and make no cycle.
    private func replaceDependencies(segmentID: Int64, segmentName: String, referenced: [Int64]) throws {
        let cycleCheck = try prepare("""
            WITH RECURSIVE reachable (id) AS (
                SELECT ?1
                UNION
                SELECT d.referenced_segment_id FROM segment_dependencies AS d JOIN reachable ON d.segment_id = reachable.id
            )
            SELECT 1 FROM reachable WHERE id = ?2 LIMIT 1
            """)
        var unique: [Int64] = []
        for id in referenced where !unique.contains(id) {
            let target = try requireSegment(id: id)
            try cycleCheck.bind([id, segmentID])
            let makesCycle = try cycleCheck.singleValue(Int.self) != nil
            if id == segmentID || makesCycle {
                throw StoreError.dependencyCycle(store: path, segment: segmentName, referenced: target.name)
            }
            unique.append(id)
        }
        try execute("DELETE FROM segment_dependencies WHERE segment_id = ?", arguments: [segmentID])
        let insert = try prepare("INSERT INTO segment_dependencies (segment_id, referenced_segment_id) VALUES (?, ?)")
        for id in unique {
            try insert.bind([segmentID, id])
            try insert.execute()
        }
    }

    /// Moves `updated_at` of segment `id` to `date`.
    func touchSegment(id: Int64, at date: Date) throws {
        try execute("UPDATE segments SET updated_at = ? WHERE id = ?", arguments: [date, id])
    }

    /// `date` as ISO 8601 UTC text for messages.
    static func isoText(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
