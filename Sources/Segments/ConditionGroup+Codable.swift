// `{"join": "or", "conditions": [...]}`; `join` defaults to `and`.
extension ConditionGroup: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        self.init(
            join: try container.decodeIfPresent(String.self, forKey: .join) == nil
                ? .and : try container.decodeName(Join.self, forKey: .join, what: "join"),
            conditions: try container.decode([Condition].self, forKey: .conditions))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.encode(join, forKey: .join)
        try container.encode(conditions, forKey: .conditions)
    }
}
