/// Why an `HTTPServer` could not start.
public enum HTTPServerError: Error, CustomStringConvertible, Equatable {
    /// `host` is not an IP address literal or `localhost`.
    case invalidHost(String)
    /// `port` is outside 0…65535.
    case invalidPort(Int)
    /// libmicrohttpd could not bind or start (the port is taken, the address is not local…).
    case cannotListen(host: String, port: Int, reason: String)

    public var description: String {
        switch self {
        case .invalidHost(let host):
            return "--host \"\(host)\": not an IP address; use 127.0.0.1 (the default), ::1, or 0.0.0.0 to listen on every interface"
        case .invalidPort(let port):
            return "--port \(port): must be between 0 and 65535 (0 picks a free port)"
        case .cannotListen(let host, let port, let reason):
            return "cannot listen on \(host):\(port): \(reason)"
        }
    }
}
