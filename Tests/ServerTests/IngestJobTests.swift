import Foundation
import Server
import Testing
import Workspace

/// Long work as jobs: start with POST, poll, read the result or the error.
@Suite struct IngestJobTests {
    /// Polls `GET /api/jobs/{id}` until the job finishes (the test fails after `attempts` polls).
    static func waitForJob(_ id: String, client: TestClient, attempts: Int = 600) async throws -> [String: Any] {
        for _ in 0..<attempts {
            let answer = try await client.get("/api/jobs/\(id)")
            #expect(answer.status == 200)
            let job = try answer.json()
            if let status = job["status"] as? String, status == "succeeded" || status == "failed" { return job }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw RawHTTPError("job \(id) did not finish")
    }

    @Test func ingestRunsAsAJobAndMakesTheSnapshotLive() async throws {
        let fixture = try TestWorkspace(ingested: false)
        _ = try fixture.start()
        let client = try fixture.client()

        let before = try await client.get("/api/workspace")
        #expect(try before.json()["snapshot"] == nil || before.json()["snapshot"] is NSNull)

        let started = try await client.send("POST", "/api/ingest")
        #expect(started.status == 202)
        let job = try started.json()
        let id = try #require(job["id"] as? String)
        #expect(started.header("Location") == "/api/jobs/\(id)")
        #expect(["queued", "running", "succeeded"].contains(job["status"] as? String ?? ""))

        let done = try await Self.waitForJob(id, client: client)
        #expect(done["status"] as? String == "succeeded")
        #expect(abs((done["progress"] as? Double ?? 0) - 1) < 1e-9)
        let result = try #require(done["result"] as? [String: Any])
        #expect(result["customers"] as? Int == 4)
        #expect(result["activities"] as? Int == 4)

        let after = try await client.get("/api/workspace")
        let snapshot = try #require(try after.json()["snapshot"] as? [String: Any])
        #expect(snapshot["generation"] as? String == result["generation"] as? String)
        #expect(snapshot["customers"] as? Int == 4)

        let schema = try await client.get("/api/workspace/schema")
        #expect(schema.status == 200)
        let description = try #require(try schema.json()["snapshot"] as? [String: Any])
        let tables = try #require(description["tables"] as? [[String: Any]])
        let customers = try #require(tables.first { $0["name"] as? String == "customers" })
        let columns = try #require(customers["columns"] as? [[String: Any]])
        #expect(columns.contains { $0["name"] as? String == "age" && $0["type"] as? String == "number" })

        let list = try await client.get("/api/jobs")
        let jobs = try #require(try list.json()["jobs"] as? [[String: Any]])
        #expect(jobs.first?["id"] as? String == id)
    }

    @Test func aFailedIngestReportsTheDataErrorWithoutPaths() async throws {
        let fixture = try TestWorkspace(ingested: false)
        _ = try fixture.start()
        try fixture.replaceCustomers(with: "customer_id,age,city,joined\nc1,34,Berlin,2023-01-05\nc2,forty,Paris,2022-11-30\n")
        let client = try fixture.client()

        let started = try await client.send("POST", "/api/ingest")
        #expect(started.status == 202)
        let id = try #require(try started.json()["id"] as? String)
        let done = try await Self.waitForJob(id, client: client)
        #expect(done["status"] as? String == "failed")
        let error = try #require(done["error"] as? [String: Any])
        #expect(error["status"] as? Int == 422)
        let message = try #require(error["message"] as? String)
        #expect(message.contains("customers.csv:3"))
        #expect(message.contains("forty"))
        #expect(!message.contains(fixture.directory.url.path))
        #expect(!message.contains(FileManager.default.temporaryDirectory.path), "\(message)")

        // The workspace still has no snapshot: nothing changed.
        let info = try await client.get("/api/workspace")
        #expect(try info.json()["snapshot"] == nil || info.json()["snapshot"] is NSNull)
    }

    @Test func anIngestByAnotherProcessShowsUpShortly() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        let first = try #require(try await client.get("/api/workspace").json()["snapshot"] as? [String: Any])
        let firstGeneration = try #require(first["generation"] as? String)

        // As `audience ingest` would, outside the server.
        let outcome = try fixture.workspace.ingest()
        #expect(outcome.snapshot.directoryName != firstGeneration)
        var seen: String?
        for _ in 0..<200 where seen != outcome.snapshot.directoryName {
            try await Task.sleep(for: .milliseconds(25))
            let snapshot = try await client.get("/api/workspace").json()["snapshot"] as? [String: Any]
            seen = snapshot?["generation"] as? String
        }
        #expect(seen == outcome.snapshot.directoryName)
        let schema = try #require(try await client.get("/api/workspace/schema").json()["snapshot"] as? [String: Any])
        #expect(schema["generation"] as? String == outcome.snapshot.directoryName)
    }

    @Test func anUnknownJobIs404() async throws {
        let fixture = try TestWorkspace(ingested: false)
        _ = try fixture.start()
        let answer = try await fixture.client().get("/api/jobs/0123456789abcdef")
        #expect(answer.status == 404)
        #expect(try (answer.json()["error"] as? [String: Any])?["status"] as? Int == 404)
    }
}
