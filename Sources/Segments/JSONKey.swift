/// A coding key for any JSON object member, so one keyed container can hold a
/// condition's flattened members.
struct JSONKey: CodingKey, Hashable {
    var stringValue: String
    var intValue: Int? { nil }

    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }

    static let kind = JSONKey("kind")
    static let field = JSONKey("field")
    static let measure = JSONKey("measure")
    static let segment = JSONKey("segment")
    static let subrule = JSONKey("subrule")
    static let operatorName = JSONKey("operator")
    static let value = JSONKey("value")
    static let values = JSONKey("values")
    static let from = JSONKey("from")
    static let to = JSONKey("to")
    static let amount = JSONKey("amount")
    static let unit = JSONKey("unit")
    static let months = JSONKey("months")
    static let weekdays = JSONKey("weekdays")
    static let days = JSONKey("days")
    static let ignoreCase = JSONKey("ignore_case")
    static let aggregate = JSONKey("aggregate")
    static let activityTypes = JSONKey("activity_types")
    static let whereConditions = JSONKey("where")
    static let window = JSONKey("window")
    static let join = JSONKey("join")
    static let conditions = JSONKey("conditions")
    static let combine = JSONKey("combine")
    static let rules = JSONKey("rules")
}

extension KeyedDecodingContainer where Key == JSONKey {
    /// Decodes a string member that must be one of an enumeration's raw values,
    /// naming the closest valid value when it is not.
    func decodeName<T: RawRepresentable & CaseIterable>(_ type: T.Type, forKey key: JSONKey, what: String) throws -> T
    where T.RawValue == String {
        let text = try decode(String.self, forKey: key)
        guard let value = T(rawValue: text) else {
            let names = T.allCases.map(\.rawValue)
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self,
                debugDescription: "unknown \(what) \"\(text)\"" + NameSuggestion.hint(for: text, in: names)
                    + " (one of " + names.joined(separator: ", ") + ")")
        }
        return value
    }
}
