/// One response header field.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    /// Creates a header field; a name or value holding CR, LF or NUL is a programmer error.
    public init(_ name: String, _ value: String) {
        precondition(
            !name.isEmpty && !name.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 || $0 == 0x3A },
            "HTTPHeader.init: invalid header name \(name.debugDescription)")
        precondition(
            !value.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 },
            "HTTPHeader.init: header value for \(name) holds CR, LF or NUL")
        self.name = name
        self.value = value
    }
}
