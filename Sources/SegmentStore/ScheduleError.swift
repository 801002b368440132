/// A schedule that cannot be used, naming the field and what is wrong, e.g.
/// `schedule: times: at most 4 times a day, got 5`.
public struct ScheduleError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The field at fault (`times`, `weekdays`, `days`, `frequency`).
    public var field: String
    /// What is wrong and what is accepted.
    public var reason: String

    /// Creates an error.
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String {
        "schedule: \(field): \(reason)"
    }
}
