/// Which segments a listing shows and in what order; every criterion left nil
/// matches all.
public struct SegmentFilter: Sendable, Equatable {
    /// The order of a listing.
    public enum Sort: String, Sendable, Equatable, CaseIterable {
        /// By name, case-insensitively (the default).
        case name
        /// Newest first.
        case createdAt = "created"
        /// Most recently changed first.
        case updatedAt = "updated"
        /// Most recently refreshed first; never refreshed last.
        case lastRefreshedAt = "refreshed"
        /// Most members first; never refreshed last.
        case memberCount = "members"
    }

    /// Only segments of this type.
    public var type: SegmentType?
    /// Only segments in this state.
    public var state: SegmentState?
    /// Only segments whose latest refresh run has this status.
    public var lastRunStatus: RefreshRunStatus?
    /// Only segments with this tag (any case).
    public var tag: String?
    /// Only segments whose name contains this text (any case).
    public var nameContains: String?
    /// The order.
    public var sort: Sort

    /// Creates a filter; with no arguments it lists every segment by name.
    public init(
        type: SegmentType? = nil,
        state: SegmentState? = nil,
        lastRunStatus: RefreshRunStatus? = nil,
        tag: String? = nil,
        nameContains: String? = nil,
        sort: Sort = .name
    ) {
        self.type = type
        self.state = state
        self.lastRunStatus = lastRunStatus
        self.tag = tag
        self.nameContains = nameContains
        self.sort = sort
    }

    /// Whether `segment` passes every criterion.
    func matches(_ segment: SegmentRecord) -> Bool {
        if let type, segment.type != type { return false }
        if let state, segment.state != state { return false }
        if let lastRunStatus, segment.lastRunStatus != lastRunStatus { return false }
        if let tag, !segment.tags.contains(where: { $0.lowercased() == tag.lowercased() }) { return false }
        if let nameContains, !nameContains.isEmpty, !segment.name.lowercased().contains(nameContains.lowercased()) {
            return false
        }
        return true
    }

    /// Whether `lhs` comes before `rhs` in this filter's order (ties by name,
    /// then id).
    func areInIncreasingOrder(_ lhs: SegmentRecord, _ rhs: SegmentRecord) -> Bool {
        func byName() -> Bool {
            let left = lhs.name.lowercased()
            let right = rhs.name.lowercased()
            return left != right ? left < right : lhs.id < rhs.id
        }
        func descending<T: Comparable>(_ left: T?, _ right: T?) -> Bool? {
            switch (left, right) {
            case let (left?, right?) where left != right: left > right
            case (.some, nil): true
            case (nil, .some): false
            default: nil
            }
        }
        switch sort {
        case .name: return byName()
        case .createdAt: return descending(lhs.createdAt, rhs.createdAt) ?? byName()
        case .updatedAt: return descending(lhs.updatedAt, rhs.updatedAt) ?? byName()
        case .lastRefreshedAt: return descending(lhs.lastRefreshedAt, rhs.lastRefreshedAt) ?? byName()
        case .memberCount: return descending(lhs.memberCount, rhs.memberCount) ?? byName()
        }
    }
}
