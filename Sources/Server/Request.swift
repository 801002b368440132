import Foundation

/// One HTTP request as a handler sees it: method, decoded path, query, headers and body.
public struct Request: Sendable {
    /// The method in upper case (`GET`, `POST`).
    public var method: String
    /// The percent-decoded path, checked against traversal (`/api/segments/7`).
    public var path: String
    /// The percent-decoded segments of the path; routes match these, so a segment sent
    /// with an encoded slash (`/api/segments/a%2Fb`) stays one segment (`a/b`).
    public var pathSegments: [String]
    /// The query parameters in order, decoded (`+` is a space).
    public var queryItems: [(name: String, value: String)]
    /// Header fields by lower-cased name; repeated fields are joined with `, `.
    public var headers: [String: String]
    /// The request body (empty when there is none).
    public var body: Data
    /// Values of the route's `{name}` parameters, filled in by the router.
    public var pathParameters: [String: String] = [:]

    /// Creates a request; the server makes these, tests may too.
    ///
    /// `pathSegments` defaults to `path` split at `/`.
    public init(
        method: String, path: String, pathSegments: [String]? = nil, queryItems: [(name: String, value: String)] = [],
        headers: [String: String] = [:], body: Data = Data()
    ) {
        self.method = method.uppercased()
        self.path = path
        self.pathSegments = pathSegments ?? path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        self.queryItems = queryItems
        var lowered: [String: String] = [:]
        for (name, value) in headers {
            let key = name.lowercased()
            lowered[key] = lowered[key].map { "\($0), \(value)" } ?? value
        }
        self.headers = lowered
        self.body = body
    }

    /// The value of header `name` (any case), or `nil`.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The last value of query parameter `name`, or `nil`.
    public func query(_ name: String) -> String? {
        queryItems.last { $0.name == name }?.value
    }

    /// The value of the route's `{name}` parameter.
    ///
    /// Asking for a parameter the route does not declare is a programmer error.
    public func parameter(_ name: String) -> String {
        guard let value = pathParameters[name] else {
            preconditionFailure("Request.parameter(_:): the route has no parameter {\(name)}")
        }
        return value
    }
}
