import Foundation
import Testing

/// The page's view scripts are served beside app.js, without a token.
@Suite struct PageScriptTests {
    @Test func thePageLoadsTheInsightsAndScheduleScripts() async throws {
        let fixture = try TestWorkspace(ingested: false)
        let server = try fixture.start()
        let anonymous = TestClient(port: server.port, token: nil)
        let html = String(decoding: try await anonymous.get("/").body, as: UTF8.self)
        for script in ["insights.js", "schedules.js"] {
            #expect(html.contains("<script src=\"/\(script)\" defer></script>"))
            let answer = try await anonymous.get("/" + script)
            #expect(answer.status == 200)
            #expect(answer.header("Content-Type") == "text/javascript; charset=utf-8")
            #expect(String(decoding: answer.body, as: UTF8.self).contains("pageViews."))
        }
    }
}
