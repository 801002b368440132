import Foundation
import Segments

// The bodies of the definition routes: what the builder sends and what it gets back.
// Each has a schema of the same name in `OpenAPISchemas+Definitions`.

/// The body of `POST /api/definitions/validate` and `POST /api/definitions/estimate`.
struct DefinitionRequest: Decodable, Sendable {
    /// The definition: a string in the text syntax, a string holding JSON, or a JSON object.
    var definition: JSONValue
    /// The instant relative dates resolve against (`2025-06-30`, an ISO 8601 instant); default now.
    var asOf: String?

    /// The definition as the text `Workspace.parseDefinition` reads (text syntax or JSON).
    ///
    /// - Throws: `HTTPError` 400 naming `definition` when it is neither a string nor an object,
    ///   or a string starting with `@` (reading files is for the command line).
    func input() throws -> String {
        switch definition {
        case .string(let text):
            if text.hasPrefix("@") {
                throw HTTPError(status: 400, message: "a definition cannot name a file here; send its text", field: "definition")
            }
            return text
        case .object:
            let data = try Response.makeEncoder().encode(definition)
            return String(decoding: data, as: UTF8.self)
        default:
            throw HTTPError(
                status: 400, message: "must be the text syntax or a JSON definition object", field: "definition")
        }
    }
}

/// The answer of `POST /api/definitions/validate`.
struct DefinitionCheck: Codable, Sendable {
    /// One problem with where it is.
    struct Problem: Codable, Sendable {
        /// `syntax`, or the validation kind (`unknown_attribute`, `operator_mismatch`, …).
        var kind: String
        var message: String
        /// The condition path (`rules[1].conditions[0]`), or the JSON path for JSON input.
        var path: String?
        /// 1-based line and column in the text, for text input.
        var line: Int?
        var column: Int?
        /// The closest known name, for unknown names.
        var suggestion: String?
        /// The whole problem in one line, as the command line prints it.
        var text: String
    }

    var isValid: Bool
    /// The canonical text syntax, when valid.
    var definition: String?
    /// The definition as JSON, when valid.
    var json: JSONValue?
    var problems: [Problem]

    enum CodingKeys: String, CodingKey {
        case isValid = "valid"
        case definition, json, problems
    }
}

/// The answer of `GET /api/definitions/catalog`: what a definition can name.
struct DefinitionCatalog: Codable, Sendable {
    /// One name with its type.
    struct Field: Codable, Sendable {
        var name: String
        var type: String
    }

    /// One measure from `audience.json`.
    struct Measure: Codable, Sendable {
        var name: String
        var aggregate: String
        var description: String?
    }

    var attributes: [Field]
    var activityTypes: [String]
    var activityFields: [Field]
    var measures: [Measure]
    var segments: [String]
}
