import Foundation

extension Workspace {
    /// The file whose presence asks the running refresh to stop.
    var refreshCancelURL: URL { dataDirectory.appendingPathComponent(".refresh.cancel") }

    /// Asks the refresh running in any process on this workspace to stop.
    ///
    /// The refresh stops at its next checkpoint: after the batch evaluation, before each
    /// segment's commit and before each expansion segment. Segments committed before the
    /// checkpoint keep their new members; the rest end `canceled` with their previous
    /// members kept, and no exports run.
    ///
    /// - Returns: whether a refresh was running (false: nothing to cancel).
    @discardableResult
    public func cancelRefresh() throws -> Bool {
        if let idle = try FileLock(url: dataDirectory.appendingPathComponent(".refresh.lock")) {
            withExtendedLifetime(idle) {}
            return false
        }
        try Data().write(to: refreshCancelURL, options: .atomic)
        return true
    }

    /// Whether a cancel was asked for since the running refresh started.
    var isRefreshCancelRequested: Bool {
        FileManager.default.fileExists(atPath: refreshCancelURL.path)
    }

    /// Forgets a cancel request (called with the refresh lock held, when a refresh starts or ends).
    func clearRefreshCancelRequest() {
        try? FileManager.default.removeItem(at: refreshCancelURL)
    }
}
