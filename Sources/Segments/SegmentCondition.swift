/// Membership in another segment: `in segment "Churned"` or `not in segment "Churned"`.
///
/// JSON: `{"kind": "segment", "operator": "in", "segment": "Churned"}` (or `"not_in"`).
/// Membership is never empty, so `not in segment` is the exact complement of `in segment`.
public struct SegmentCondition: Hashable, Sendable {
    /// The referenced segment's name.
    public var segment: String
    /// `true` for `in segment`, `false` for `not in segment`.
    public var isMember: Bool

    public init(segment: String, isMember: Bool = true) {
        self.segment = segment
        self.isMember = isMember
    }
}
