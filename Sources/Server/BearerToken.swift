/// The API token clients send as `Authorization: Bearer <token>`.
public struct BearerToken: Sendable {
    private let expected: [UInt8]

    /// Wraps the workspace's token; an empty token is a programmer error (it would admit anyone).
    public init(_ token: String) {
        precondition(!token.isEmpty, "BearerToken.init: the token must not be empty")
        expected = Array(token.utf8)
    }

    /// The `WWW-Authenticate` challenge sent with a 401.
    static let realm = "Bearer realm=\"audience\""

    /// Checks the request's `Authorization` field.
    ///
    /// - Throws: `HTTPError` 401 with a `WWW-Authenticate` challenge when the field is
    ///   missing, not a bearer token, or the wrong token.
    public func authorize(_ request: Request) throws {
        guard let field = request.header("Authorization") else {
            throw HTTPError(
                status: 401, message: "this route needs the API token: send \"Authorization: Bearer <token>\"",
                headers: [HTTPHeader("WWW-Authenticate", Self.realm)])
        }
        let parts = field.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else {
            throw HTTPError(
                status: 401, message: "the Authorization field must be \"Bearer <token>\"",
                headers: [HTTPHeader("WWW-Authenticate", Self.realm + ", error=\"invalid_request\"")])
        }
        guard matches(parts[1].trimmingSpaces) else {
            throw HTTPError(
                status: 401, message: "the API token is wrong",
                headers: [HTTPHeader("WWW-Authenticate", Self.realm + ", error=\"invalid_token\"")])
        }
    }

    /// Compares in time that depends on the lengths only, never on where the texts differ.
    func matches(_ candidate: some StringProtocol) -> Bool {
        let given = Array(candidate.utf8)
        var difference = UInt8(truncatingIfNeeded: given.count ^ expected.count)
        if given.count != expected.count { difference |= 1 }
        for index in expected.indices {
            // Reads the given text cyclically so every expected byte is compared once.
            let byte = given.isEmpty ? 0 : given[index % given.count]
            difference |= byte ^ expected[index]
        }
        return difference == 0
    }
}

extension Substring {
    /// The text without leading and trailing spaces and tabs.
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }
}
