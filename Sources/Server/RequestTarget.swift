/// The request target of the request line (`/api/segments/7?fields=a,b`), decoded and checked.
///
/// The server reads the target raw, before libmicrohttpd unescapes it, so that an
/// encoded NUL (`%00`), an encoded slash (`%2F`) or a dot segment hidden as `%2e%2e`
/// cannot slip past as something else.
struct RequestTarget: Equatable {
    /// The decoded path; starts with `/`, has no `.` or `..` segment.
    var path: String
    /// The decoded segments of the path, in order. One may hold a `/` that was sent
    /// encoded (`%2F`), as in a segment name `a/b`; routes match segment by segment.
    var segments: [String]
    /// The decoded query parameters in order.
    var queryItems: [QueryItem]

    struct QueryItem: Equatable {
        var name: String
        var value: String
    }

    /// Parses and checks a raw target.
    ///
    /// - Throws: `HTTPError` 400 for a target that is not a plain absolute path, has a
    ///   bad escape, decodes to a control character, a backslash or invalid UTF-8, or
    ///   holds a `.` or `..` segment, also one hidden between encoded slashes (`%2F..%2F`).
    init(raw: String) throws {
        let bytes = Array(raw.utf8)
        guard bytes.first == UInt8(ascii: "/") else {
            throw Self.rejected("must be an absolute path starting with /")
        }
        let queryStart = bytes.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = bytes[..<(queryStart ?? bytes.endIndex)]
        let rawQuery = queryStart.map { bytes[($0 + 1)...] } ?? []

        var segments: [String] = []
        for rawSegment in rawPath.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            let segment = try Self.decode(rawSegment, plusIsSpace: false, what: "path")
            let pieces = segment.split(separator: "/", omittingEmptySubsequences: false)
            if pieces.contains(".") || pieces.contains("..") { throw Self.rejected("holds a dot segment (. or ..)") }
            if segment.contains("\\") { throw Self.rejected("holds a backslash") }
            segments.append(segment)
        }
        path = "/" + segments.joined(separator: "/")
        self.segments = segments

        queryItems = []
        for pair in rawQuery.split(separator: UInt8(ascii: "&")) {
            let equals = pair.firstIndex(of: UInt8(ascii: "="))
            let name = try Self.decode(pair[..<(equals ?? pair.endIndex)], plusIsSpace: true, what: "query")
            let value = try equals.map { try Self.decode(pair[($0 + 1)...], plusIsSpace: true, what: "query") } ?? ""
            queryItems.append(QueryItem(name: name, value: value))
        }
    }

    private static func rejected(_ reason: String) -> HTTPError {
        HTTPError(status: 400, message: "the request path \(reason)")
    }

    /// Percent-decodes `raw`, refusing bad escapes, control characters and invalid UTF-8.
    private static func decode(_ raw: ArraySlice<UInt8>, plusIsSpace: Bool, what: String) throws -> String {
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var index = raw.startIndex
        while index < raw.endIndex {
            var byte = raw[index]
            if byte == UInt8(ascii: "%") {
                guard raw.endIndex - index >= 3,
                      let high = hexValue(raw[index + 1]), let low = hexValue(raw[index + 2])
                else {
                    throw HTTPError(status: 400, message: "the request \(what) has a bad percent escape")
                }
                byte = high << 4 | low
                index += 3
            } else {
                if plusIsSpace && byte == UInt8(ascii: "+") { byte = UInt8(ascii: " ") }
                index += 1
            }
            if byte < 0x20 || byte == 0x7F {
                throw HTTPError(status: 400, message: "the request \(what) holds a control character")
            }
            out.append(byte)
        }
        guard let text = String(validating: out, as: UTF8.self) else {
            throw HTTPError(status: 400, message: "the request \(what) is not valid UTF-8")
        }
        return text
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
