import CustomerData

/// What a definition may refer to: the workspace's attributes, activity types
/// and fields, measures and segments. Validation checks definitions against it.
public struct SegmentCatalog: Sendable {
    /// Customer attributes by name.
    public var attributes: [String: ColumnType]
    /// The activity types that occur in the workspace (`purchase`, `visit`).
    public var activityTypes: Set<String>
    /// Activity fields by name, including `amount` when the sources have one.
    public var activityFields: [String: ColumnType]
    /// Measures from `audience.json` by name.
    public var measures: [String: MeasureDefinition]
    /// Every known segment's name and the names of the segments its definition
    /// refers to, for cycle detection.
    public var segments: [String: Set<String>]

    public init(
        attributes: [String: ColumnType] = [:],
        activityTypes: Set<String> = [],
        activityFields: [String: ColumnType] = [:],
        measures: [MeasureDefinition] = [],
        segments: [String: Set<String>] = [:]
    ) {
        self.attributes = attributes
        self.activityTypes = activityTypes
        self.activityFields = activityFields
        self.measures = Dictionary(measures.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.segments = segments
    }

    /// The type of an aggregate's result, or `nil` when its field is unknown.
    ///
    /// count, distinct_count, sum, avg and the days_since_ functions give numbers;
    /// min, max, first and last give the field's type.
    public func resultType(of aggregate: ActivityAggregate) -> ColumnType? {
        switch aggregate.function {
        case .count, .distinctCount, .sum, .avg, .daysSinceFirst, .daysSinceLast:
            return .number
        case .min, .max, .first, .last:
            return aggregate.field.flatMap { activityFields[$0] }
        }
    }

    /// The type of a named measure's result, or `nil` when the measure or its field is unknown.
    public func resultType(ofMeasure name: String) -> ColumnType? {
        guard let measure = measures[name] else { return nil }
        return resultType(of: ActivityAggregate(
            function: measure.aggregate, field: measure.field, activityTypes: measure.activityTypes))
    }
}
