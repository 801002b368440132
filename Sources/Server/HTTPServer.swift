import CMicroHTTPD
import Foundation
import Glibc
import Synchronization

/// An HTTP/1.1 server on libmicrohttpd that hands each request to one handler.
///
/// Threading: MHD runs an internal thread pool (`MHD_USE_INTERNAL_POLLING_THREAD` with
/// `MHD_OPTION_THREAD_POOL_SIZE`), each thread with its own epoll loop
/// (`MHD_USE_EPOLL`). Handlers run synchronously on the pool thread that owns the
/// connection, so a handler that reads the store or a snapshot blocks only the
/// connections of that thread; with a pool of several threads the others keep
/// serving. Epoll keeps hundreds of idle keep-alive connections cheap, where
/// thread-per-connection would spend a thread on each. Long work must not run in
/// a handler: it goes to a `JobRunner` and the client polls.
///
/// The server stops when `stop()` is called or the object is released.
public final class HTTPServer: Sendable {
    /// The address the server listens on.
    public let host: String
    /// The bound port (the one picked by the system when 0 was asked for).
    public let port: Int

    private let daemon: Mutex<OpaquePointer?>
    /// Reached by MHD's threads through unretained context pointers; lives as long as the server.
    private let core: HTTPServerCore

    /// Starts listening; `handler` answers every request that passes the server's own checks.
    ///
    /// The server itself answers 400 for a malformed or suspicious request target and
    /// 413 for a body over `maxBodyBytes`; everything else goes to `handler`, which
    /// must turn its own failures into responses.
    ///
    /// - Throws: `HTTPServerError` when the host or port is invalid or the port cannot be bound.
    public init(
        configuration: HTTPServerConfiguration,
        handler: @escaping @Sendable (Request) -> Response
    ) throws {
        guard (0...65535).contains(configuration.port) else {
            throw HTTPServerError.invalidPort(configuration.port)
        }
        precondition(configuration.threadCount >= 1, "HTTPServer.init: threadCount must be at least 1")
        precondition(configuration.maxBodyBytes >= 0, "HTTPServer.init: maxBodyBytes must not be negative")
        let address = try SocketAddress(host: configuration.host, port: UInt16(configuration.port))

        let core = HTTPServerCore(configuration: configuration, handler: handler)
        let context = Unmanaged.passUnretained(core).toOpaque()
        var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue
        if address.isIPv6 { flags |= MHD_USE_IPv6.rawValue }
        errno = 0
        let started = address.withSockaddr { sockaddr in
            audience_mhd_start_daemon(
                flags, sockaddr,
                httpAccessHandler, context,
                httpURICallback, context,
                httpRequestCompleted, context,
                UInt32(configuration.threadCount), UInt32(configuration.connectionLimit),
                UInt32(configuration.connectionTimeoutSeconds), 64 * 1024)
        }
        guard let started else {
            let code = errno
            let reason = code == 0 ? "libmicrohttpd could not start" : String(cString: strerror(code))
            throw HTTPServerError.cannotListen(host: configuration.host, port: configuration.port, reason: reason)
        }
        let bound = Int(audience_mhd_bound_port(started))
        guard bound != 0 else {
            MHD_stop_daemon(started)
            throw HTTPServerError.cannotListen(
                host: configuration.host, port: configuration.port, reason: "libmicrohttpd did not report the bound port")
        }
        self.host = configuration.host
        self.port = bound
        self.daemon = Mutex(started)
        self.core = core
    }

    /// Stops accepting, closes every connection and waits for the pool threads to end.
    ///
    /// Calling it again does nothing. The corresponding C function is `MHD_stop_daemon`.
    public func stop() {
        let running = daemon.withLock { daemon -> OpaquePointer? in
            defer { daemon = nil }
            return daemon
        }
        if let running {
            MHD_stop_daemon(running)
        }
    }

    /// Whether `stop()` has not been called yet.
    public var isRunning: Bool {
        daemon.withLock { $0 != nil }
    }

    deinit {
        stop()
    }
}
