/// Finds the route for a request by method and path pattern.
///
/// A path no route matches answers 404; a path that matches with another method answers
/// 405 with `Allow`. `HEAD` runs the `GET` route (the server sends no body). No route
/// answers `OPTIONS`, so CORS preflights fail with 405.
public struct Router: Sendable {
    /// The routes in the order they were added; the first match wins.
    public private(set) var routes: [Route] = []

    /// An empty router.
    public init() {}

    /// Adds a route; adding the same method and pattern twice is a programmer error.
    public mutating func add(
        _ method: String, _ pattern: String, isPublic: Bool = false, _ documentation: RouteDocumentation,
        handler: @escaping @Sendable (Request) throws -> Response
    ) {
        let method = method.uppercased()
        precondition(
            !routes.contains { $0.method == method && $0.pattern.description == pattern },
            "Router.add: \(method) \(pattern) is already routed")
        precondition(method != "HEAD" && method != "OPTIONS", "Router.add: \(method) is answered by the router itself")
        routes.append(
            Route(method: method, pattern: RoutePattern(pattern), isPublic: isPublic, documentation: documentation, handler: handler))
    }

    /// The route and parameter values for `method` and `path`.
    ///
    /// - Throws: `HTTPError` 404 when no pattern matches the path, 405 (with `Allow`) when
    ///   patterns match but none for this method.
    public func match(method: String, path: String) throws -> (route: Route, parameters: [String: String]) {
        try match(
            method: method, path: path,
            segments: path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init))
    }

    /// The route and parameter values for `method` and the decoded path `segments`
    /// (`path` is their joined form, for messages).
    ///
    /// - Throws: as `match(method:path:)`.
    public func match(method: String, path: String, segments: [String]) throws -> (route: Route, parameters: [String: String]) {
        let wanted = method == "HEAD" ? "GET" : method
        var allowed: [String] = []
        for route in routes {
            guard let parameters = route.pattern.match(segments: segments) else { continue }
            if route.method == wanted { return (route, parameters) }
            allowed.append(route.method)
        }
        guard !allowed.isEmpty else { throw HTTPError.notFound(path) }
        if allowed.contains("GET") { allowed.append("HEAD") }
        let allow = allowed.joined(separator: ", ")
        throw HTTPError(
            status: 405, message: "\(method) is not allowed on \(path); use \(allow)",
            headers: [HTTPHeader("Allow", allow)])
    }

    /// Whether `path` belongs to a route that needs no token.
    public func isPublic(path: String) -> Bool {
        routes.contains { $0.isPublic && $0.pattern.match(path) != nil }
    }

    /// Whether the request's path belongs to a route that needs no token.
    public func isPublic(_ request: Request) -> Bool {
        routes.contains { $0.isPublic && $0.pattern.match(segments: request.pathSegments) != nil }
    }

    /// Runs the matching route's handler.
    ///
    /// - Throws: the router's 404/405, or whatever the handler throws.
    public func handle(_ request: Request) throws -> Response {
        let (route, parameters) = try match(method: request.method, path: request.path, segments: request.pathSegments)
        var request = request
        request.pathParameters = parameters
        return try route.handler(request)
    }
}
