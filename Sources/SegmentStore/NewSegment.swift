import Foundation

/// What a new segment is made of, as the Workspace hands it to the store
/// after validating the definition.
public struct NewSegment: Sendable, Equatable {
    /// The name; unique among segments regardless of (ASCII) case.
    public var name: String
    /// The definition as JSON.
    public var definitionJSON: String
    /// The definition in the text syntax, when it was written that way.
    public var definitionText: String?
    /// The segments the definition refers to.
    public var referencedSegmentIDs: [Int64]
    /// Dynamic (default), static or expansion.
    public var type: SegmentType
    /// Active (default) or inactive.
    public var state: SegmentState
    /// Free text.
    public var description: String
    /// At most ``SegmentRules/maximumTagsPerSegment`` tags.
    public var tags: [String]
    /// Every system refresh (default), weekly or monthly.
    public var schedule: SegmentSchedule
    /// Whether auto-deactivation leaves the segment alone.
    public var isExemptFromAutoDeactivation: Bool

    /// Creates a description of a new segment; only the name and definition
    /// are required.
    public init(
        name: String,
        definitionJSON: String,
        definitionText: String? = nil,
        referencedSegmentIDs: [Int64] = [],
        type: SegmentType = .dynamic,
        state: SegmentState = .active,
        description: String = "",
        tags: [String] = [],
        schedule: SegmentSchedule = .everySystemRefresh,
        isExemptFromAutoDeactivation: Bool = false
    ) {
        self.name = name
        self.definitionJSON = definitionJSON
        self.definitionText = definitionText
        self.referencedSegmentIDs = referencedSegmentIDs
        self.type = type
        self.state = state
        self.description = description
        self.tags = tags
        self.schedule = schedule
        self.isExemptFromAutoDeactivation = isExemptFromAutoDeactivation
    }
}
