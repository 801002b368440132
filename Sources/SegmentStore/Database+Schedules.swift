import Foundation

// The system refresh schedule (one row) and the scheduler's progress.
extension Database {
    /// The system refresh schedule (off until set).
    public func systemSchedule() throws -> RefreshSchedule {
        let statement = try prepare("SELECT schedule_json FROM system_schedule WHERE id = 1")
        guard let schedule = try statement.first({ row in try row.decodeJSON(RefreshSchedule.self, at: 0) }) else {
            preconditionFailure("Database.systemSchedule(): system_schedule has no row in \(path)")
        }
        return schedule
    }

    /// Replaces the system refresh schedule. Segment schedules are kept: a
    /// weekly segment day the system no longer refreshes on simply has no
    /// scheduled refresh until the schedules agree again.
    public func setSystemSchedule(_ schedule: RefreshSchedule, at date: Date) throws {
        try execute(
            "UPDATE system_schedule SET schedule_json = ?, updated_at = ? WHERE id = 1",
            arguments: [jsonText(schedule), date]
        )
    }

    /// The instant up to which the scheduler has handled scheduled refreshes;
    /// nil before its first run.
    public func scheduleHandledThrough() throws -> Date? {
        try prepare("SELECT last_handled_at FROM system_schedule WHERE id = 1").singleValue(Date.self)
    }

    /// Records that the scheduler has handled every refresh due up to `date`;
    /// commit it with the refreshes it queued so none is done twice or lost.
    public func recordScheduleHandled(through date: Date) throws {
        try execute("UPDATE system_schedule SET last_handled_at = ? WHERE id = 1", arguments: [date])
    }
}
