import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

@Suite struct ServeCommandTests {
    /// `audience serve` prints its URL and token, answers with the token, and stops on SIGINT.
    @Test func serveAnswersWithTheTokenAndStopsOnInterrupt() async throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("id,age\n1,30\n2,41\n", to: "people.csv")
        let created = try cli.succeed("init", "ws", "--customers", "people.csv", "--id", "id")
        #expect(created.contains("api-token"))
        let attributes = try FileManager.default.attributesOfItem(atPath: cli.path("ws/api-token"))
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        try cli.succeed("ingest", "--workspace", "ws")

        let (process, out, _) = try cli.start(["serve", "--workspace", "ws", "--port", "0"])
        defer { if process.isRunning { process.terminate() } }
        let reader = out.fileHandleForReading
        var text = ""
        while !text.contains("API token:") || !text.hasSuffix("\n") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if text.contains("Press Ctrl-C") { break }
        }
        let url = try #require(text.split(separator: "\n").first { $0.hasPrefix("Serving") }?.split(separator: " ").last)
        let token = try #require(text.split(separator: "\n").first { $0.hasPrefix("API token:") }?.split(separator: " ").last)

        var request = URLRequest(url: try #require(URL(string: "\(url)api/workspace")))
        let (_, unauthorized) = try await URLSession.shared.data(for: request)
        #expect((unauthorized as? HTTPURLResponse)?.statusCode == 401)
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        let (body, authorized) = try await URLSession.shared.data(for: request)
        #expect((authorized as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self).contains("\"customers\""))

        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
    }
}
