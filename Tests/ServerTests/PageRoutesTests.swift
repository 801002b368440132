import Foundation
import Testing

/// The web page is served from the bundle with the right content types and the strict CSP.
@Suite struct PageRoutesTests {
    @Test func thePageAndItsFilesAreServedWithoutAToken() async throws {
        let fixture = try TestWorkspace(ingested: false)
        let server = try fixture.start()
        let anonymous = TestClient(port: server.port)

        let page = try await anonymous.get("/")
        #expect(page.status == 200)
        #expect(page.header("Content-Type") == "text/html; charset=utf-8")
        let html = String(decoding: page.body, as: UTF8.self)
        #expect(html.contains("<script src=\"/app.js\""))
        #expect(html.contains("href=\"/app.css\""))
        // The CSP forbids inline code, so the page must have none.
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<style"))
        #expect(!html.contains(" style=\""))
        #expect(!html.contains(" onclick="))
        #expect(page.header("Content-Security-Policy")?.contains("script-src 'self'") == true)

        let script = try await anonymous.get("/app.js")
        #expect(script.status == 200)
        #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
        #expect(String(decoding: script.body, as: UTF8.self).contains("/api/definitions/estimate"))

        let style = try await anonymous.get("/app.css")
        #expect(style.status == 200)
        #expect(style.header("Content-Type") == "text/css; charset=utf-8")
    }

    @Test func thePageLoadsNothingFromElsewhere() async throws {
        let fixture = try TestWorkspace(ingested: false)
        let server = try fixture.start()
        let anonymous = TestClient(port: server.port)
        for path in ["/", "/app.js", "/app.css"] {
            // The SVG namespace is a name, not a place the page loads from.
            let text = String(decoding: try await anonymous.get(path).body, as: UTF8.self)
                .replacingOccurrences(of: "\"http://www.w3.org/2000/svg\"", with: "")
            #expect(!text.contains("http://"), "\(path)")
            #expect(!text.contains("https://"), "\(path)")
            #expect(!text.contains("//cdn"), "\(path)")
        }
    }

    @Test func otherPathsStay404() async throws {
        let fixture = try TestWorkspace(ingested: false)
        let server = try fixture.start()
        let anonymous = TestClient(port: server.port)
        #expect(try await anonymous.get("/index.html.bak").status == 404)
        #expect(try await anonymous.get("/Assets/app.js").status == 404)
        #expect(try await anonymous.send("POST", "/").status == 405)
    }
}
