import Foundation
import SegmentStore

/// Several changes to one segment, applied together by `Workspace.changeSegment(named:_:now:)`.
///
/// A field left `nil` (or an empty tag list) leaves that property as it is.
public struct SegmentChangeSet: Sendable {
    /// A new definition (text syntax or JSON), saved as a new version.
    public var definition: String?
    public var description: String?
    /// `dynamic` or `static`; expansion segments keep their type.
    public var type: SegmentType?
    /// The state to change to, now or at `stateAt`.
    public var state: SegmentState?
    /// When `state` takes effect ("schedule later"); `nil` for now. Needs `state`.
    public var stateAt: Date?
    public var addTags: [String] = []
    public var removeTags: [String] = []
    /// Exempt from auto-deactivation.
    public var isExempt: Bool?

    /// No changes.
    public init() {}
}

extension Workspace {
    /// Applies every change in `change` to one segment, all or nothing.
    ///
    /// The definition is parsed and validated, and the type change checked, before the
    /// store is touched; the changes then commit in one transaction, so a change the
    /// store refuses (a bad or 21st tag, a state time not in the future) leaves the
    /// segment exactly as it was.
    ///
    /// - Throws: definition errors naming the condition, `SegmentLifecycleError` for an
    ///   unknown segment or a type change of an expansion segment, `StoreError` for bad
    ///   tags or a state time not after `now`.
    @discardableResult
    public func changeSegment(named name: String, _ change: SegmentChangeSet, now: Date = Date()) throws -> SegmentSummary {
        precondition(
            change.stateAt == nil || change.state != nil, "Workspace.changeSegment(named:_:now:): stateAt needs a state")
        let record = try requireSegment(named: name)
        let checked = try change.definition.map { try storableDefinition($0, forSegment: record.name) }
        if let type = change.type, type != record.type, record.type == .expansion || type == .expansion {
            throw SegmentLifecycleError.unsupported(
                segment: record.name, reason: "expansion segments are made from similar customers; their type cannot change by hand")
        }
        let changed = try store.write { db in
            if let checked {
                try db.editSegmentDefinition(
                    id: record.id, definitionJSON: checked.json, definitionText: checked.text,
                    referencedSegmentIDs: checked.referencedIDs, at: now)
            }
            if !change.removeTags.isEmpty { try db.removeSegmentTags(id: record.id, change.removeTags, at: now) }
            if !change.addTags.isEmpty { try db.addSegmentTags(id: record.id, change.addTags, at: now) }
            if let description = change.description { try db.setSegmentDescription(id: record.id, description, at: now) }
            if let type = change.type, type != record.type { try db.setSegmentType(id: record.id, type, at: now) }
            if let state = change.state {
                if let time = change.stateAt {
                    let current = try db.requireSegment(id: record.id)
                    try db.scheduleSegmentStateChange(
                        id: record.id, activateAt: state == .active ? time : current.activateAt,
                        deactivateAt: state == .inactive ? time : current.deactivateAt, now: now)
                } else {
                    try db.setSegmentState(id: record.id, state, at: now)
                }
            }
            if let isExempt = change.isExempt {
                try db.setSegmentExemptFromAutoDeactivation(id: record.id, isExempt, at: now)
            }
            return try db.requireSegment(id: record.id)
        }
        return SegmentSummary(changed)
    }
}
