import Foundation
import Testing

/// The segment routes over real HTTP: the lifecycle a person drives from the page.
@Suite struct SegmentRoutesTests {
    static func send(
        _ client: TestClient, _ method: String, _ path: String, _ body: [String: Any]
    ) async throws -> TestClient.Answer {
        try await client.send(
            method, path, body: try JSONSerialization.data(withJSONObject: body),
            headers: ["Content-Type": "application/json"])
    }

    /// Starts a refresh and waits for its job; answers the finished job.
    static func refresh(_ client: TestClient, _ body: [String: Any]) async throws -> [String: Any] {
        let started = try await send(client, "POST", "/api/refresh", body)
        #expect(started.status == 202)
        let id = try #require(try started.json()["id"] as? String)
        return try await IngestJobTests.waitForJob(id, client: client)
    }

    @Test func createListShowAndRefreshASegment() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()

        let created = try await Self.send(
            client, "POST", "/api/segments",
            ["name": "Berliners", "definition": "city = \"Berlin\"", "tags": ["city"], "description": "people in Berlin"])
        #expect(created.status == 201)
        #expect(try created.json()["type"] as? String == "dynamic")

        let taken = try await Self.send(client, "POST", "/api/segments", ["name": "Berliners", "definition": "age > 1"])
        #expect(taken.status == 409)
        let invalid = try await Self.send(client, "POST", "/api/segments", ["name": "Bad", "definition": "agee > 1"])
        #expect(invalid.status == 422)
        #expect(try await client.get("/api/segments/Bad").status == 404)

        let job = try await Self.refresh(client, ["segments": ["Berliners"]])
        #expect(job["status"] as? String == "succeeded")

        let list = try await client.get("/api/segments?search=berl&tag=city")
        #expect(list.status == 200)
        let segments = try #require(try list.json()["segments"] as? [[String: Any]])
        #expect(segments.map { $0["name"] as? String } == ["Berliners"])
        #expect(segments.first?["memberCount"] as? Int == 2)
        #expect(segments.first?["lastRunStatus"] as? String == "succeeded")
        let none = try await client.get("/api/segments?state=inactive")
        #expect((try none.json()["segments"] as? [Any])?.isEmpty == true)
        #expect(try await client.get("/api/segments?type=weird").status == 400)

        let detail = try await client.get("/api/segments/Berliners")
        #expect(detail.status == 200)
        let shown = try detail.json()
        #expect(shown["definition"] as? String == "city = \"Berlin\"")
        #expect((shown["recentRuns"] as? [[String: Any]])?.first?["memberCount"] as? Int == 2)

        let trend = try await client.get("/api/segments/Berliners/history?days=7")
        #expect(trend.status == 200)
        let points = try #require(try trend.json()["points"] as? [[String: Any]])
        #expect(points.last?["memberCount"] as? Int == 2)
        #expect(try await client.get("/api/segments/Berliners/history?days=0").status == 400)

        let preview = try await client.get("/api/segments/Berliners/members?fields=customer_id,age")
        #expect(preview.status == 200)
        let rows = try #require(try preview.json()["rows"] as? [[Any]])
        #expect(rows.map { $0.first as? String } == ["c1", "c3"])

        let runs = try await client.get("/api/segments/Berliners/runs")
        #expect((try runs.json()["runs"] as? [[String: Any]])?.first?["status"] as? String == "succeeded")

        // With no refresh running, a cancel says so and changes nothing.
        let cancel = try await Self.send(client, "POST", "/api/refresh/cancel", [:])
        #expect(cancel.status == 200)
        #expect(try cancel.json()["wasRunning"] as? Bool == false)
        #expect(try await Self.refresh(client, ["segments": ["Berliners"]])["status"] as? String == "succeeded")
    }

    @Test func changesRenameDuplicateAndDelete() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        _ = try await Self.send(client, "POST", "/api/segments", ["name": "Older", "definition": "age > 40"])

        let changed = try await Self.send(
            client, "PATCH", "/api/segments/Older",
            ["definition": "age > 50", "type": "static", "state": "inactive", "addTags": ["vip"]])
        #expect(changed.status == 200)
        let summary = try changed.json()
        #expect(summary["type"] as? String == "static")
        #expect(summary["state"] as? String == "inactive")
        #expect(summary["tags"] as? [String] == ["vip"])
        #expect(summary["definitionVersion"] as? Int == 2)

        // A bad field changes nothing: the definition stays as it was.
        let refused = try await Self.send(
            client, "PATCH", "/api/segments/Older", ["definition": "age > 60", "state": "sleeping"])
        #expect(refused.status == 400)
        #expect(try (refused.json()["error"] as? [String: Any])?["path"] as? String == "state")
        let unchanged = try await client.get("/api/segments/Older")
        #expect(try unchanged.json()["definition"] as? String == "age > 50")

        let copy = try await Self.send(client, "POST", "/api/segments/Older/duplicate", ["name": "Older copy"])
        #expect(copy.status == 201)
        let renamed = try await Self.send(client, "POST", "/api/segments/Older copy/rename", ["name": "Seniors"])
        #expect(renamed.status == 200)
        #expect(try await client.get("/api/segments/Seniors").status == 200)
        #expect(try await client.get("/api/segments/Older%20copy").status == 404)

        // A segment another refers to is not deleted without force.
        _ = try await Self.send(client, "POST", "/api/segments", ["name": "Not seniors", "definition": "not in segment \"Seniors\" and age > 1"])
        #expect(try await client.send("DELETE", "/api/segments/Seniors").status == 409)
        #expect(try await client.send("DELETE", "/api/segments/Older").status == 200)
        #expect(try await client.get("/api/segments/Older").status == 404)
    }

    @Test func theCSVDownloadStreamsEveryMemberSafely() async throws {
        let fixture = try TestWorkspace(customersCSV: """
            customer_id,age,city,joined
            c1,34,=HYPERLINK("x"),2023-01-05
            c2,51,Paris,2022-11-30
            c3,27,+Berlin,2024-02-14

            """)
        _ = try fixture.start()
        let client = try fixture.client()
        _ = try await Self.send(client, "POST", "/api/segments", ["name": "Everyone", "definition": "age > 0"])
        #expect(try await client.get("/api/segments/Everyone/members.csv").status == 422)  // never refreshed
        _ = try await Self.refresh(client, ["all": true])

        let answer = try await client.get("/api/segments/Everyone/members.csv?fields=customer_id,city")
        #expect(answer.status == 200)
        #expect(answer.header("Content-Type") == "text/csv; charset=utf-8")
        #expect(answer.header("Content-Disposition") == "attachment; filename=\"Everyone.csv\"")
        let lines = String(decoding: answer.body, as: UTF8.self).split(whereSeparator: \.isNewline).map(String.init)
        #expect(lines.first == "customer_id,city")
        #expect(lines.count == 4)
        // Text cells that a spreadsheet would run as formulas start with a quote.
        #expect(lines.contains { $0.hasPrefix("c1,") && $0.contains("'=HYPERLINK") })
        #expect(lines.contains { $0.hasPrefix("c3,") && $0.contains("'+Berlin") })
        #expect(try await client.get("/api/segments/Everyone/members.csv?fields=nosuch").status == 422)
    }

    @Test func refreshNeedsKnownSegments() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        let unknown = try await Self.send(client, "POST", "/api/refresh", ["segments": ["Nobody"]])
        #expect(unknown.status == 404)
        #expect(try (unknown.json()["error"] as? [String: Any])?["path"] as? String == "segments[0]")
        #expect(try await Self.send(client, "POST", "/api/refresh", [:]).status == 400)
    }
}
