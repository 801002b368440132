/// A problem with a suggestion run's inputs: an unknown or unsuitable attribute,
/// values that do not fit the snapshot. The description names the field.
public struct SuggestionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input at fault (`primary`, `influencing[2]`, `activity types`).
    public var field: String
    public var reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
