import CustomerData

// One JSON object per condition with a `"kind"` discriminator; the test's
// operator and operands sit in the same object.
extension Condition: Codable {
    private enum Kind: String, CaseIterable {
        case attribute, measure, activity, segment, subrule
    }

    private enum MembershipOperator: String, CaseIterable {
        case isIn = "in"
        case notIn = "not_in"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        switch try container.decodeName(Kind.self, forKey: .kind, what: "condition kind") {
        case .attribute:
            self = .attribute(try FieldCondition(from: container))
        case .measure:
            self = .measure(MeasureCondition(
                measure: try container.decode(String.self, forKey: .measure),
                test: try ValueTest(from: container),
                ignoreCase: try container.decodeIfPresent(Bool.self, forKey: .ignoreCase) ?? false))
        case .activity:
            let aggregate = ActivityAggregate(
                function: try container.decodeName(
                    MeasureDefinition.Aggregate.self, forKey: .aggregate, what: "aggregate"),
                field: try container.decodeIfPresent(String.self, forKey: .field),
                activityTypes: try container.decodeIfPresent([String].self, forKey: .activityTypes) ?? [],
                conditions: try container.decodeIfPresent([FieldCondition].self, forKey: .whereConditions) ?? [],
                window: try container.decodeIfPresent(ActivityWindow.self, forKey: .window) ?? .allTime)
            self = .activity(ActivityCondition(
                aggregate: aggregate,
                test: try ValueTest(from: container),
                ignoreCase: try container.decodeIfPresent(Bool.self, forKey: .ignoreCase) ?? false))
        case .segment:
            let op = try container.decodeName(MembershipOperator.self, forKey: .operatorName, what: "segment operator")
            self = .segment(SegmentCondition(
                segment: try container.decode(String.self, forKey: .segment), isMember: op == .isIn))
        case .subrule:
            self = .subrule(try container.decode(ConditionGroup.self, forKey: .subrule))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        switch self {
        case .attribute(let condition):
            try container.encode(Kind.attribute.rawValue, forKey: .kind)
            try condition.encode(to: &container)
        case .measure(let condition):
            try container.encode(Kind.measure.rawValue, forKey: .kind)
            try container.encode(condition.measure, forKey: .measure)
            try condition.test.encode(to: &container)
            if condition.ignoreCase { try container.encode(true, forKey: .ignoreCase) }
        case .activity(let condition):
            let aggregate = condition.aggregate
            try container.encode(Kind.activity.rawValue, forKey: .kind)
            try container.encode(aggregate.function.rawValue, forKey: .aggregate)
            try container.encodeIfPresent(aggregate.field, forKey: .field)
            try container.encode(aggregate.activityTypes, forKey: .activityTypes)
            try container.encode(aggregate.conditions, forKey: .whereConditions)
            try container.encode(aggregate.window, forKey: .window)
            try condition.test.encode(to: &container)
            if condition.ignoreCase { try container.encode(true, forKey: .ignoreCase) }
        case .segment(let condition):
            try container.encode(Kind.segment.rawValue, forKey: .kind)
            let op: MembershipOperator = condition.isMember ? .isIn : .notIn
            try container.encode(op.rawValue, forKey: .operatorName)
            try container.encode(condition.segment, forKey: .segment)
        case .subrule(let group):
            try container.encode(Kind.subrule.rawValue, forKey: .kind)
            try container.encode(group, forKey: .subrule)
        }
    }
}
