/// A path pattern with named parameters: `/api/segments/{id}/runs`.
public struct RoutePattern: Sendable, Equatable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]
    /// The pattern as written.
    public let description: String

    /// Parses `pattern`; one that does not start with `/`, or names a parameter twice, is a programmer error.
    public init(_ pattern: String) {
        precondition(pattern.hasPrefix("/"), "RoutePattern.init: \(pattern) must start with /")
        var names = Set<String>()
        segments = pattern.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") && part.count > 2 {
                let name = String(part.dropFirst().dropLast())
                precondition(names.insert(name).inserted, "RoutePattern.init: {\(name)} appears twice in \(pattern)")
                return .parameter(name)
            }
            return .literal(String(part))
        }
        description = pattern
    }

    /// The names of the parameters, in order.
    public var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { name } else { nil } }
    }

    /// The parameter values when `path` matches, else `nil`. A parameter matches one non-empty segment.
    func match(_ path: String) -> [String: String]? {
        match(segments: path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(String.init))
    }

    /// The parameter values when the decoded path segments `parts` match, else `nil`.
    ///
    /// Matching segment by segment lets a parameter value hold a `/` the client sent
    /// encoded (a segment named `a/b` as `/api/segments/a%2Fb`).
    func match(segments parts: [String]) -> [String: String]? {
        guard parts.count == segments.count else { return nil }
        var values: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard part == literal else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                values[name] = part
            }
        }
        return values
    }
}
