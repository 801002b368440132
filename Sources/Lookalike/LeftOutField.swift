/// A field the encoder did not use, and why.
public struct LeftOutField: Codable, Sendable, Equatable, CustomStringConvertible {
    /// The field's name.
    public let name: String
    /// Why it was left out (`category with 87 distinct values (more than 30)`).
    public let reason: String

    /// Creates a report entry.
    public init(name: String, reason: String) {
        self.name = name
        self.reason = reason
    }

    public var description: String { "\(name): \(reason)" }
}
