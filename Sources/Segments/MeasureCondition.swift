/// A test on a named measure from `audience.json`.
///
/// Text: `measure spend_90d > 100` (the `measure` keyword may be left out when
/// the parser is given the catalog). JSON:
/// `{"kind": "measure", "measure": "spend_90d", "operator": "greater_than", "value": 100}`.
public struct MeasureCondition: Hashable, Sendable {
    public var measure: String
    public var test: ValueTest
    public var ignoreCase: Bool

    public init(measure: String, test: ValueTest, ignoreCase: Bool = false) {
        self.measure = measure
        self.test = test
        self.ignoreCase = ignoreCase
    }
}
