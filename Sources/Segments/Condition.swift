/// One condition of a rule. JSON objects carry a `"kind"` discriminator:
/// `attribute`, `measure`, `activity`, `segment` or `subrule`.
public enum Condition: Hashable, Sendable {
    /// A test on a customer attribute.
    case attribute(FieldCondition)
    /// A test on a named measure.
    case measure(MeasureCondition)
    /// A test on an inline activity aggregate.
    case activity(ActivityCondition)
    /// Membership in another segment.
    case segment(SegmentCondition)
    /// A nested group of conditions in parentheses.
    case subrule(ConditionGroup)
}
