import Glibc

/// An IPv4 or IPv6 socket address parsed from an address literal.
struct SocketAddress {
    private var storage = sockaddr_storage()
    /// Whether this is an IPv6 address (MHD must be told with `MHD_USE_IPv6`).
    let isIPv6: Bool

    /// Parses `host` (`127.0.0.1`, `::1`, `0.0.0.0`, `localhost`) with `port`.
    ///
    /// - Throws: `HTTPServerError.invalidHost` for anything else (names are not resolved).
    init(host: String, port: UInt16) throws {
        let literal = host == "localhost" ? "127.0.0.1" : host
        var ipv4 = sockaddr_in()
        if inet_pton(AF_INET, literal, &ipv4.sin_addr) == 1 {
            ipv4.sin_family = sa_family_t(AF_INET)
            ipv4.sin_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: ipv4) { target.copyMemory(from: $0) }
            }
            isIPv6 = false
            return
        }
        var ipv6 = sockaddr_in6()
        let unbracketed = literal.hasPrefix("[") && literal.hasSuffix("]") ? String(literal.dropFirst().dropLast()) : literal
        if inet_pton(AF_INET6, unbracketed, &ipv6.sin6_addr) == 1 {
            ipv6.sin6_family = sa_family_t(AF_INET6)
            ipv6.sin6_port = port.bigEndian
            withUnsafeMutableBytes(of: &storage) { target in
                withUnsafeBytes(of: ipv6) { target.copyMemory(from: $0) }
            }
            isIPv6 = true
            return
        }
        throw HTTPServerError.invalidHost(host)
    }

    /// Calls `body` with the address as a `sockaddr` pointer valid for the call.
    func withSockaddr<T>(_ body: (UnsafePointer<sockaddr>) -> T) -> T {
        withUnsafeBytes(of: storage) { raw in
            body(raw.baseAddress!.assumingMemoryBound(to: sockaddr.self))
        }
    }
}
