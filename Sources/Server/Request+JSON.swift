import Foundation
import Workspace

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
            throw HTTPError(status: 400, message: error.reason, field: error.fieldPath)
        }
    }
}
