import Foundation

// `{"rules": [...]}`, plus helpers that read and write JSON with stable key
// order and turn decoding failures into errors that name the JSON path.
extension SegmentDefinition: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: JSONKey.self)
        rules = try container.decode([SegmentRule].self, forKey: .rules)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: JSONKey.self)
        try container.encode(rules, forKey: .rules)
    }

    /// Reads a definition from JSON.
    ///
    /// - Throws: `SegmentSyntaxError` whose context is the JSON path of the
    ///   problem (`rules[0].conditions[2].operator`).
    public init(json data: Data) throws(SegmentSyntaxError) {
        do {
            self = try JSONDecoder().decode(SegmentDefinition.self, from: data)
        } catch let error as DecodingError {
            throw SegmentDefinition.syntaxError(for: error)
        } catch {
            throw SegmentSyntaxError(message: "not valid JSON: \(error)")
        }
    }

    /// The JSON text with sorted keys, the stable form to store and compare.
    public func jsonData(prettyPrinted: Bool = false) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = prettyPrinted ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            : [.sortedKeys, .withoutEscapingSlashes]
        do {
            return try encoder.encode(self)
        } catch {
            // Only a non-finite number can fail, and validation rejects those.
            preconditionFailure("SegmentDefinition.jsonData: \(error)")
        }
    }

    static func syntaxError(for error: DecodingError) -> SegmentSyntaxError {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
            return text.isEmpty ? "definition" : text
        }
        switch error {
        case .keyNotFound(let key, let context):
            return SegmentSyntaxError(
                message: "missing member \"\(key.stringValue)\"", context: path(context.codingPath))
        case .typeMismatch(let type, let context):
            return SegmentSyntaxError(
                message: "expected \(SegmentDefinition.jsonTypeName(type)); \(context.debugDescription)",
                context: path(context.codingPath))
        case .valueNotFound(let type, let context):
            return SegmentSyntaxError(
                message: "expected \(SegmentDefinition.jsonTypeName(type)), found null", context: path(context.codingPath))
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            return SegmentSyntaxError(
                message: context.debugDescription + underlying, context: path(context.codingPath))
        @unknown default:
            return SegmentSyntaxError(message: "\(error)")
        }
    }

    private static func jsonTypeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Double.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = "\(type)"
            return name.hasPrefix("Array") ? "an array" : name.hasPrefix("Dictionary") ? "an object" : name
        }
    }
}
