import Foundation
import Server
import Testing
import Workspace

/// The API's security rules over real HTTP: token, errors, CORS, headers.
@Suite struct APISecurityTests {
    @Test func healthAnswersWithoutAToken() async throws {
        let fixture = try TestWorkspace(ingested: false)
        let server = try fixture.start()
        let answer = try await TestClient(port: server.port).get("/api/health")
        #expect(answer.status == 200)
        #expect(try answer.json()["status"] as? String == "ok")
    }

    @Test func everyOtherAPIRouteNeedsTheToken() async throws {
        let fixture = try TestWorkspace(ingested: false)
        let server = try fixture.start()
        let anonymous = TestClient(port: server.port)

        for path in ["/api/workspace", "/api/jobs", "/api/openapi.json", "/api/no-such-route"] {
            let answer = try await anonymous.get(path)
            #expect(answer.status == 401, "\(path)")
            #expect(answer.header("WWW-Authenticate") == "Bearer realm=\"audience\"", "\(path)")
            let error = try #require(try answer.json()["error"] as? [String: Any])
            #expect(error["status"] as? Int == 401)
        }

        let wrong = TestClient(port: server.port, token: String(try fixture.workspace.apiToken().reversed()))
        let refused = try await wrong.get("/api/workspace")
        #expect(refused.status == 401)
        #expect(refused.header("WWW-Authenticate")?.contains("error=\"invalid_token\"") == true)

        let prefix = TestClient(port: server.port, token: String(try fixture.workspace.apiToken().dropLast()))
        #expect(try await prefix.get("/api/workspace").status == 401)

        let basic = try await anonymous.send("GET", "/api/workspace", headers: ["Authorization": "Basic dXNlcjpwYXNz"])
        #expect(basic.status == 401)

        let admitted = try await fixture.client().get("/api/workspace")
        #expect(admitted.status == 200)
    }

    @Test func unknownRoutesAndMethodsAnswerJSONErrors() async throws {
        let fixture = try TestWorkspace(ingested: false)
        let server = try fixture.start()
        let client = try fixture.client()

        let missing = try await client.get("/api/segments/7")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type")?.hasPrefix("application/json") == true)
        let notFound = try #require(try missing.json()["error"] as? [String: Any])
        #expect(notFound["status"] as? Int == 404)
        #expect(notFound["message"] as? String == "nothing at /api/segments/7")

        let wrongMethod = try await client.send("DELETE", "/api/workspace")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("Allow") == "GET, HEAD")
        #expect(try (wrongMethod.json()["error"] as? [String: Any])?["status"] as? Int == 405)

        let page = try await TestClient(port: server.port).get("/no-such-page")
        #expect(page.status == 404)
    }

    @Test func corsIsOffAndSecurityHeadersAreOn() async throws {
        let fixture = try TestWorkspace(ingested: false)
        let server = try fixture.start()
        let client = try fixture.client()

        let preflight = try await client.send(
            "OPTIONS", "/api/workspace",
            headers: ["Origin": "http://evil.example", "Access-Control-Request-Method": "GET"])
        #expect(preflight.status == 405)
        let cross = try await client.send("GET", "/api/workspace", headers: ["Origin": "http://evil.example"])
        #expect(cross.status == 200)
        for answer in [preflight, cross] {
            #expect(!answer.headers.keys.contains { $0.lowercased().hasPrefix("access-control-") })
        }

        let health = try await TestClient(port: server.port).get("/api/health")
        #expect(health.header("X-Content-Type-Options") == "nosniff")
        #expect(health.header("Referrer-Policy") == "no-referrer")
        #expect(health.header("Cache-Control") == "no-store")
        let policy = try #require(health.header("Content-Security-Policy"))
        #expect(policy.contains("default-src 'self'"))
        #expect(!policy.contains("http"))
        #expect(!policy.contains("*"))
    }

    @Test func rejectsAnOversizedBodyWith413() throws {
        let fixture = try TestWorkspace(ingested: false)
        let server = try fixture.start(maxBodyBytes: 4096)
        let token = try fixture.workspace.apiToken()
        let body = [UInt8](repeating: 0x20, count: 10_000)
        let request = RawHTTPClient.request(
            "POST", "/api/ingest",
            headers: ["Authorization: Bearer \(token)", "Content-Type: application/json", "Content-Length: \(body.count)"],
            body: body)
        let answer = try RawHTTPClient.send(request, port: server.port)
        #expect(answer.status == 413)
        #expect(try (answer.json()["error"] as? [String: Any])?["status"] as? Int == 413)
        // Nothing was started.
        #expect(server.jobs.jobs().isEmpty)
    }

    @Test func pathTricksNeverReachTheRoutes() throws {
        let fixture = try TestWorkspace(ingested: false)
        let server = try fixture.start()
        let token = try fixture.workspace.apiToken()
        for target in ["/api/jobs/../workspace", "/api/%2e%2e/api/workspace", "/api/workspace%00", "/api/jobs/%2F..%2Fetc"] {
            let answer = try RawHTTPClient.send(
                RawHTTPClient.request("GET", target, headers: ["Authorization: Bearer \(token)"]), port: server.port)
            #expect(answer.status == 400, "\(target)")
            #expect(!answer.text.contains(fixture.directory.url.path), "\(target)")
        }
    }

    @Test func answersNeverShowFilePaths() async throws {
        let fixture = try TestWorkspace(ingested: false)
        _ = try fixture.start()
        let client = try fixture.client()
        // No snapshot yet: the schema route explains instead of leaking where it looked.
        let schema = try await client.get("/api/workspace/schema")
        #expect(schema.status == 404)
        let text = String(decoding: schema.body, as: UTF8.self)
        #expect(text.contains("no data yet"))
        #expect(!text.contains(fixture.directory.url.path))
        let info = try await client.get("/api/workspace")
        #expect(!String(decoding: info.body, as: UTF8.self).contains(fixture.directory.url.path))
    }
}
