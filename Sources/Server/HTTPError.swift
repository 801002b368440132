import Foundation

/// An answer other than success, with a status and a message safe to show a client.
///
/// The server turns it into `{"error": {"status": 404, "message": "…", "path": "…"}}`,
/// where `path` (present only when known) names the field of the request body at fault.
public struct HTTPError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The HTTP status code (400…599).
    public var status: Int
    /// What went wrong, for the client; never a stack trace or a file path.
    public var message: String
    /// The coding path of the offending field in the request body (`rules[1].conditions[0]`).
    public var field: String?
    /// Extra response header fields (`Allow`, `Retry-After`, `WWW-Authenticate`).
    public var headers: [HTTPHeader]

    /// Creates an error answer; `status` must be a 4xx or 5xx code.
    public init(status: Int, message: String, field: String? = nil, headers: [HTTPHeader] = []) {
        precondition((400...599).contains(status), "HTTPError.init: \(status) is not an error status")
        self.status = status
        self.message = message
        self.field = field.flatMap { $0.isEmpty ? nil : $0 }
        self.headers = headers
    }

    public var description: String {
        field.map { "\(status): \($0): \(message)" } ?? "\(status): \(message)"
    }

    /// 404 for a path no route serves.
    static func notFound(_ path: String) -> HTTPError {
        HTTPError(status: 404, message: "nothing at \(path)")
    }

    /// The JSON body of the error answer.
    struct Body: Encodable {
        struct Detail: Encodable {
            var status: Int
            var message: String
            var path: String?
        }

        var error: Detail
    }

    /// The error as a JSON response.
    public var response: Response {
        var response = Response.encodedJSON(
            Body(error: .init(status: status, message: message, path: field)), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }
}
