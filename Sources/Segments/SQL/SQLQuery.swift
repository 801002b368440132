/// A finished SQL statement: its text with numbered placeholders and the
/// values to bind to them, in placeholder order.
public struct SQLQuery: Sendable, Hashable {
    /// The statement, with placeholders in the dialect's form (`?` for SQLite).
    public var text: String
    /// The values of the placeholders, the first placeholder's first.
    public var parameters: [SQLValue]

    public init(text: String, parameters: [SQLValue]) {
        self.text = text
        self.parameters = parameters
    }
}
