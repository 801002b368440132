import Foundation

// One-call schedule operations.
extension Store {
    /// The system refresh schedule.
    public func systemSchedule() throws -> RefreshSchedule {
        try read { db in try db.systemSchedule() }
    }

    /// Replaces the system refresh schedule.
    public func setSystemSchedule(_ schedule: RefreshSchedule, at date: Date = Date()) throws {
        try write { db in try db.setSystemSchedule(schedule, at: date) }
    }

    /// The instant up to which the scheduler has handled refreshes.
    public func scheduleHandledThrough() throws -> Date? {
        try read { db in try db.scheduleHandledThrough() }
    }
}
