import Foundation
import Testing

/// The export routes over real HTTP: manage exports of a segment and run them.
@Suite struct ExportRoutesTests {
    @Test func createAddRunAndDeleteAnExport() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "Berliners", "definition": "city = \"Berlin\""])
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "Older", "definition": "age > 40"])
        _ = try await SegmentRoutesTests.refresh(client, ["all": true])

        let created = try await SegmentRoutesTests.send(
            client, "POST", "/api/exports", ["name": "weekly", "fields": ["id", "city"], "segments": ["Berliners"]])
        #expect(created.status == 201)
        #expect(try created.json()["path"] as? String == "exports/weekly")
        let taken = try await SegmentRoutesTests.send(client, "POST", "/api/exports", ["name": "weekly"])
        #expect(taken.status == 409)

        let added = try await SegmentRoutesTests.send(client, "POST", "/api/exports/weekly/segments", ["segment": "Older"])
        #expect(added.status == 200)
        #expect((try added.json()["segments"] as? [String])?.sorted() == ["Berliners", "Older"])
        let removed = try await client.send("DELETE", "/api/exports/weekly/segments/Older")
        #expect(try removed.json()["segments"] as? [String] == ["Berliners"])

        let started = try await client.send("POST", "/api/exports/weekly/run")
        #expect(started.status == 202)
        let id = try #require(try started.json()["id"] as? String)
        let job = try await IngestJobTests.waitForJob(id, client: client)
        let result = try #require(job["result"] as? [String: Any])
        #expect(result["status"] as? String == "succeeded")
        #expect(result["rowCount"] as? Int == 2)
        let file = fixture.workspace.directory.appendingPathComponent("exports/weekly/Berliners.csv")
        #expect(FileManager.default.fileExists(atPath: file.path))

        let detail = try await client.get("/api/exports/weekly")
        #expect((try detail.json()["recentRuns"] as? [[String: Any]])?.count == 1)
        #expect(try await client.send("DELETE", "/api/exports/weekly").status == 200)
        #expect(try await client.get("/api/exports/weekly").status == 404)
    }

    @Test func exportFoldersStayInsideTheWorkspace() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        for path in ["/tmp/out", "../outside", "exports/../../up", "~/x"] {
            let answer = try await SegmentRoutesTests.send(client, "POST", "/api/exports", ["name": "bad", "path": path])
            #expect(answer.status == 400, "\(path)")
            #expect(try (answer.json()["error"] as? [String: Any])?["path"] as? String == "path")
        }
        #expect((try await client.get("/api/exports").json()["exports"] as? [Any])?.isEmpty == true)
        #expect(try await client.send("POST", "/api/exports/nothing/run").status == 404)
    }
}
