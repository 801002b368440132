import Foundation

/// One kept membership of a segment (the bitmap itself is read separately).
public struct MembershipRecord: Sendable, Equatable, Codable {
    /// The segment.
    public var segmentID: Int64
    /// The successful refresh run that produced it.
    public var refreshRunID: Int64
    /// The instant the membership was evaluated as of.
    public var effectiveAt: Date
    /// The number of members.
    public var memberCount: Int
    /// The size of the stored bitmap in bytes.
    public var bitmapByteCount: Int
}

/// A customer entering or leaving a segment, seen between two kept
/// memberships.
public struct MembershipEvent: Sendable, Equatable, Codable {
    /// Whether the customer entered or left.
    public enum Kind: String, Sendable, Equatable, Codable {
        case entered
        case exited
    }

    /// Entered or exited.
    public var kind: Kind
    /// The effective time of the first membership that shows the change.
    public var at: Date
    /// The refresh run of that membership.
    public var refreshRunID: Int64
}

/// When one customer entered and left one segment, as far as the kept
/// memberships tell.
public struct CustomerMembershipHistory: Sendable, Equatable, Codable {
    /// The changes, oldest first.
    public var events: [MembershipEvent]
    /// Whether the customer is in the latest membership.
    public var isMember: Bool
    /// Whether the customer was already a member in the oldest kept
    /// membership, which was not the segment's first: the entry happened
    /// earlier than the kept memberships reach.
    public var enteredBeforeKeptHistory: Bool
}
