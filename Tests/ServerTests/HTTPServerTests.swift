import Foundation
import Server
import Testing

/// The HTTP layer on its own: a server with a small handler, over real sockets.
@Suite struct HTTPServerTests {
    /// Starts a server on a free port whose handler echoes what it received.
    static func echoServer(maxBodyBytes: Int = 1 << 20) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.maxBodyBytes = maxBodyBytes
        configuration.log = { _ in }
        return try HTTPServer(configuration: configuration) { request in
            struct Echo: Encodable {
                var method: String
                var path: String
                var segments: [String]
                var query: [[String]]
                var bodyBytes: Int
                var bodySum: Int
                var custom: String?
            }
            let echo = Echo(
                method: request.method, path: request.path, segments: request.pathSegments, query: request.queryItems.map { [$0.name, $0.value] },
                bodyBytes: request.body.count, bodySum: request.body.reduce(0) { $0 &+ Int($1) },
                custom: request.header("X-Custom"))
            return (try? Response.json(echo)) ?? Response.text("encoding failed", status: 500)
        }
    }

    @Test func answersOnAnEphemeralPortAndStops() async throws {
        let first = try Self.echoServer()
        let second = try Self.echoServer()
        #expect(first.port > 0 && second.port > 0 && first.port != second.port)

        let answer = try RawHTTPClient.send(RawHTTPClient.request("GET", "/hello", headers: ["X-Custom: yes"]), port: first.port)
        #expect(answer.status == 200)
        let json = try answer.json()
        #expect(json["path"] as? String == "/hello")
        #expect(json["custom"] as? String == "yes")

        let port = first.port
        first.stop()
        #expect(!first.isRunning)
        #expect(throws: (any Error).self) { try RawHTTPClient.send(RawHTTPClient.request("GET", "/"), port: port) }
        second.stop()
    }

    @Test func refusesAnInvalidHostAndABusyPort() throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "example.com"
        configuration.port = 0
        #expect(throws: HTTPServerError.invalidHost("example.com")) {
            _ = try HTTPServer(configuration: configuration) { _ in .noContent }
        }

        let running = try Self.echoServer()
        defer { running.stop() }
        configuration.host = "127.0.0.1"
        configuration.port = running.port
        do {
            _ = try HTTPServer(configuration: configuration) { _ in .noContent }
            Issue.record("a second server bound a port already in use")
        } catch let error as HTTPServerError {
            guard case .cannotListen(_, let port, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(port == running.port)
        }
    }

    @Test func decodesTheQueryAndKeepsTheBody() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let body = (0..<900_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let request = RawHTTPClient.request(
            "POST", "/items?name=caf%C3%A9&tag=a+b&empty=&flag", headers: ["Content-Length: \(body.count)"], body: body)
        let answer = try RawHTTPClient.send(request, port: server.port)
        #expect(answer.status == 200)
        let json = try answer.json()
        #expect(json["method"] as? String == "POST")
        #expect(json["query"] as? [[String]] == [["name", "café"], ["tag", "a b"], ["empty", ""], ["flag", ""]])
        #expect(json["bodyBytes"] as? Int == body.count)
        #expect(json["bodySum"] as? Int == body.reduce(0) { $0 &+ Int($1) })
    }

    @Test func answers413ToABodyOverTheLimitAnnouncedByContentLength() throws {
        let server = try Self.echoServer(maxBodyBytes: 1000)
        defer { server.stop() }
        // Only the header is sent: the server must answer without waiting for the body.
        let request = RawHTTPClient.request("POST", "/items", headers: ["Content-Length: 5000000", "Content-Type: application/json"])
        let answer = try RawHTTPClient.send(request, port: server.port)
        #expect(answer.status == 413)
        let error = try #require(try answer.json()["error"] as? [String: Any])
        #expect(error["status"] as? Int == 413)
        #expect((error["message"] as? String)?.contains("1000 bytes") == true)
    }

    @Test func answers413ToAChunkedBodyThatGrowsOverTheLimit() throws {
        let server = try Self.echoServer(maxBodyBytes: 1000)
        defer { server.stop() }
        var body: [UInt8] = []
        for _ in 0..<10 {
            body += Array("1f4\r\n".utf8) + [UInt8](repeating: 65, count: 500) + Array("\r\n".utf8)
        }
        body += Array("0\r\n\r\n".utf8)
        let request = RawHTTPClient.request("POST", "/items", headers: ["Transfer-Encoding: chunked"], body: body)
        let answer = try RawHTTPClient.send(request, port: server.port)
        #expect(answer.status == 413)
        #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true)
    }

    @Test func anEncodedSlashStaysInsideItsSegment() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let answer = try RawHTTPClient.send(RawHTTPClient.request("GET", "/api/segments/a%2Fb%20%25%3F%23/runs"), port: server.port)
        #expect(answer.status == 200)
        #expect(try answer.json()["segments"] as? [String] == ["api", "segments", "a/b %?#", "runs"])
    }

    struct Trick: Sendable, CustomTestStringConvertible {
        var target: String
        var testDescription: String { target }
    }

    @Test(arguments: [
        Trick(target: "/../etc/passwd"),
        Trick(target: "/api/../../etc/passwd"),
        Trick(target: "/api/%2e%2e/%2e%2e/etc/passwd"),
        Trick(target: "/api/%2E%2E/secret"),
        Trick(target: "/api/./health"),
        Trick(target: "/api/health%00.json"),
        Trick(target: "/api/a%2f..%2fb"),
        Trick(target: "/api/%2E%2E%2Fsecret"),
        Trick(target: "/api/a%5c..%5cb"),
        Trick(target: "/api/%zz"),
        Trick(target: "/api/%ff%fe"),
        Trick(target: "/api/x?name=%00"),
        Trick(target: "http://evil.example/api/health"),
    ])
    func rejectsPathTricks(_ trick: Trick) throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let answer = try RawHTTPClient.send(RawHTTPClient.request("GET", trick.target), port: server.port)
        #expect(answer.status == 400)
        let error = try #require(try answer.json()["error"] as? [String: Any])
        #expect(error["status"] as? Int == 400)
    }

    @Test func streamsSeveralMegabytesIntact() async throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let chunkCount = 300
        let server = try HTTPServer(configuration: configuration) { _ in
            var sent = 0
            return Response.stream(contentType: "text/csv") {
                guard sent < chunkCount else { return nil }
                defer { sent += 1 }
                // Chunks of varying size, some empty, so MHD's buffer boundaries never line up.
                let size = sent % 7 == 3 ? 0 : 10_000 + sent * 37
                return (0..<size).map { UInt8(truncatingIfNeeded: ($0 &+ sent &* 13) % 251) }
            }
        }
        defer { server.stop() }
        var expected: [UInt8] = []
        for index in 0..<chunkCount {
            let size = index % 7 == 3 ? 0 : 10_000 + index * 37
            expected += (0..<size).map { UInt8(truncatingIfNeeded: ($0 &+ index &* 13) % 251) }
        }
        #expect(expected.count > 3_000_000)

        let answer = try await TestClient(port: server.port).get("/export.csv")
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "text/csv")
        #expect(answer.body.count == expected.count)
        #expect(Array(answer.body) == expected)
    }

    @Test func cutsOffAStreamWhoseSourceFails() throws {
        struct SourceFailed: Error {}
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.log = { _ in }
        let server = try HTTPServer(configuration: configuration) { _ in
            var sent = 0
            return Response.stream(contentType: "text/csv") {
                sent += 1
                if sent > 3 { throw SourceFailed() }
                return [UInt8](repeating: 66, count: 100_000)
            }
        }
        defer { server.stop() }
        // The client must be able to tell: the chunked body has no final chunk.
        #expect(throws: RawHTTPError.self) {
            _ = try RawHTTPClient.send(RawHTTPClient.request("GET", "/export.csv"), port: server.port)
        }
    }

    @Test func headSendsTheHeaderWithoutTheBody() throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let answer = try RawHTTPClient.send(RawHTTPClient.request("HEAD", "/hello"), port: server.port)
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true)
        #expect(answer.body.isEmpty)
    }

    @Test func servesFiftyConcurrentRequests() async throws {
        let server = try Self.echoServer()
        defer { server.stop() }
        let client = TestClient(port: server.port)
        let statuses = try await withThrowingTaskGroup(of: (Int, String?).self) { group in
            for index in 0..<50 {
                group.addTask {
                    let answer = try await client.get("/item/\(index)")
                    return (answer.status, try answer.json()["path"] as? String)
                }
            }
            var all: [(Int, String?)] = []
            for try await result in group { all.append(result) }
            return all
        }
        #expect(statuses.count == 50)
        #expect(statuses.allSatisfy { $0.0 == 200 })
        #expect(Set(statuses.compactMap(\.1)) == Set((0..<50).map { "/item/\($0)" }))
    }
}
