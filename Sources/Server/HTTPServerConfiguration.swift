import Foundation

/// Where and how an `HTTPServer` listens, and the limits it enforces.
public struct HTTPServerConfiguration: Sendable {
    /// An IPv4 or IPv6 address literal, or `localhost`; loopback by default.
    public var host: String = "127.0.0.1"
    /// The TCP port; 0 picks a free one (read it back from `HTTPServer.port`).
    public var port: Int = 8080
    /// Threads in libmicrohttpd's pool; each runs its own epoll loop and calls handlers.
    public var threadCount: Int = max(16, 4 * ProcessInfo.processInfo.activeProcessorCount)
    /// The largest request body accepted; a larger one is answered 413.
    public var maxBodyBytes: Int = 1 << 20
    /// Open connections at most; more are refused at accept time.
    public var connectionLimit: Int = 1024
    /// An idle connection is closed after this many seconds.
    public var connectionTimeoutSeconds: Int = 30
    /// Header fields added to every response that does not set them itself.
    public var defaultHeaders: [HTTPHeader] = []
    /// Where the server reports what a client is not told (internal errors, failed sends).
    public var log: @Sendable (String) -> Void = { message in
        FileHandle.standardError.write(Data("audience serve: \(message)\n".utf8))
    }

    /// The default configuration: loopback, port 8080, 1 MiB bodies.
    public init() {}
}
