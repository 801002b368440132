import Foundation

extension Request {
    /// Decodes the body as JSON into `T`.
    ///
    /// - Throws: `HTTPError` 415 when the body is not declared as JSON, and 400 naming
    ///   the path of the problem (`rules[1].conditions[0].value`) when it does not decode.
    public func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        if let contentType = header("Content-Type"),
           !contentType.lowercased().hasPrefix("application/json") {
            throw HTTPError(status: 415, message: "the body must be JSON (Content-Type: application/json), not \(contentType)")
        }
        if body.isEmpty {
            throw HTTPError(status: 400, message: "the request needs a JSON body")
        }
        do {
            return try JSONDecoder().decode(T.self, from: body)
        } catch let error as DecodingError {
            throw HTTPError(status: 400, message: error.requestBodyReason, field: error.requestBodyPath)
        }
    }
}

extension DecodingError {
    /// The coding path of the problem in the request body (`rules[1].conditions[0]`), empty at the top.
    var requestBodyPath: String {
        let path: [any CodingKey]
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    /// What is wrong with the value at `requestBodyPath`, in words.
    var requestBodyReason: String {
        switch self {
        case .typeMismatch(let type, _):
            return "has the wrong type (expected \(Self.jsonName(of: type)))"
        case .valueNotFound(let type, _):
            return "is null (expected \(Self.jsonName(of: type)))"
        case .keyNotFound:
            return "is missing"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                // The parser's own text names the line and column ("around line 1, column 7").
                if let underlying = context.underlyingError {
                    let detail = (underlying as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
                    if let detail, !detail.isEmpty { return "is not valid JSON: \(detail)" }
                }
                return "is not valid JSON"
            }
            return context.debugDescription
        @unknown default:
            return "is invalid"
        }
    }

    private static func jsonName(of type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type, is Int64.Type, is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return "an object"
        }
    }
}
