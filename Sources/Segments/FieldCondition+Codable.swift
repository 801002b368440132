// `{"field": "channel", "operator": "equals", "value": "web", "ignore_case": true}`;
// an attribute condition adds `"kind": "attribute"`.
extension FieldCondition: Codable {
    public init(from decoder: any Decoder) throws {
        try self.init(from: try decoder.container(keyedBy: JSONKey.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try encode(to: &container)
    }

    init(from container: KeyedDecodingContainer<JSONKey>) throws {
        field = try container.decode(String.self, forKey: .field)
        test = try ValueTest(from: container)
        ignoreCase = try container.decodeIfPresent(Bool.self, forKey: .ignoreCase) ?? false
    }

    func encode(to container: inout KeyedEncodingContainer<JSONKey>) throws {
        try container.encode(field, forKey: .field)
        try test.encode(to: &container)
        if ignoreCase { try container.encode(true, forKey: .ignoreCase) }
    }
}
