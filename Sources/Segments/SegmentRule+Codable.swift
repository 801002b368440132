// `{"combine": "except", "join": "and", "conditions": [...]}`; the first rule has no `combine`.
extension SegmentRule: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        let combine = try container.decodeIfPresent(String.self, forKey: .combine) == nil
            ? nil : try container.decodeName(SetOperation.self, forKey: .combine, what: "set operation")
        self.init(
            combine: combine,
            join: try container.decodeIfPresent(String.self, forKey: .join) == nil
                ? .and : try container.decodeName(Join.self, forKey: .join, what: "join"),
            conditions: try container.decode([Condition].self, forKey: .conditions))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.encodeIfPresent(combine, forKey: .combine)
        try container.encode(join, forKey: .join)
        try container.encode(conditions, forKey: .conditions)
    }
}
