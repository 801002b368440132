/// A test on one named field: a customer attribute in a rule, or an activity
/// field in the `where` part of an activity aggregate.
///
/// Text: `country = "DE" ignoring case`. JSON:
/// `{"kind": "attribute", "field": "country", "operator": "equals", "value": "DE", "ignore_case": true}`
/// (without `kind` inside `where`).
public struct FieldCondition: Hashable, Sendable {
    public var field: String
    public var test: ValueTest
    /// Compare texts after Unicode lowercasing; only for text and category tests.
    public var ignoreCase: Bool

    public init(field: String, test: ValueTest, ignoreCase: Bool = false) {
        self.field = field
        self.test = test
        self.ignoreCase = ignoreCase
    }
}
