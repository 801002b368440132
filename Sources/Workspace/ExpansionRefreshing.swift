import Foundation
import SegmentStore
import Segments
import Synchronization

/// What refreshes expansion segments (made from similar customers). By default the
/// similar-customers model retrains on the source's current members and rescores;
/// ``Workspace/registerExpansionRefresher(_:)`` replaces it (nil: expansion segments are
/// recorded as skipped).
public protocol ExpansionRefreshing: Sendable {
    /// The members of expansion segment `segment` as of `asOf`, as customer rows of the
    /// workspace's live snapshot.
    func members(of segment: SegmentRecord, in workspace: Workspace, asOf: Date) throws -> MemberSet
}

extension Workspace {
    /// The registered expansion refresher, if any.
    private static let expansionRefresherSlot = Mutex<(any ExpansionRefreshing)?>(LookalikeExpansionRefresher())

    /// Registers what refreshes expansion segments (nil removes it), for every workspace of the process.
    public static func registerExpansionRefresher(_ refresher: (any ExpansionRefreshing)?) {
        expansionRefresherSlot.withLock { $0 = refresher }
    }

    /// The registered expansion refresher, if any.
    static var expansionRefresher: (any ExpansionRefreshing)? {
        expansionRefresherSlot.withLock { $0 }
    }

    /// Why an expansion segment is skipped while no refresher is registered.
    static let expansionUnavailableReason = "similar customers not available yet; expansion segments cannot be refreshed"
}
