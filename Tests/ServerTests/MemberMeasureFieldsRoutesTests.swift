import CustomerData
import Foundation
import Server
import Testing
import Workspace

/// Measures as `fields` of the members preview, the CSV download and exports.
@Suite struct MemberMeasureFieldsRoutesTests {
    /// The test shop with two measures (all-time spend, the latest purchase), ingested and served.
    static func measuredShop() throws -> (TestWorkspace, APIServer, TestClient) {
        let fixture = try TestWorkspace(ingested: false)
        var config = fixture.workspace.config
        config.measures = [
            MeasureDefinition(name: "spend", aggregate: .sum, field: "amount", activityTypes: ["purchase"]),
            MeasureDefinition(name: "last_purchase", aggregate: .last, field: "timestamp", activityTypes: ["purchase"]),
        ]
        try config.save(toWorkspace: fixture.workspace.directory)
        let workspace = try Workspace.open(at: fixture.workspace.directory)
        _ = try workspace.ingest()
        let server = try APIServer(workspace: workspace, host: "127.0.0.1", port: 0, token: try workspace.apiToken())
        return (fixture, server, TestClient(port: server.port, token: try workspace.apiToken()))
    }

    @Test func previewAndDownloadShowMeasures() async throws {
        let (fixture, server, client) = try Self.measuredShop()
        defer { withExtendedLifetime(fixture) { server.stop() } }
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "Everyone", "definition": "age > 0"])
        _ = try await SegmentRoutesTests.refresh(client, ["all": true])

        let preview = try await client.get("/api/segments/Everyone/members?fields=customer_id,spend,last_purchase")
        #expect(preview.status == 200)
        let json = try preview.json()
        #expect(json["fields"] as? [String] == ["customer_id", "spend", "last_purchase"])
        let rows = try #require(json["rows"] as? [[Any]])
        #expect(rows.map { $0.map { $0 as? String ?? "null" } } == [
            ["c1", "52.5", "2024-03-05T11:30:00Z"], ["c2", "0", "null"], ["c3", "7.25", "2024-03-03T18:45:00Z"],
            ["c4", "0", "null"],
        ])

        let csv = try await client.get("/api/segments/Everyone/members.csv?fields=customer_id,spend,last_purchase")
        #expect(csv.status == 200)
        #expect(String(decoding: csv.body, as: UTF8.self) == "customer_id,spend,last_purchase\r\n"
            + "c1,52.5,2024-03-05T11:30:00Z\r\nc2,0,\r\nc3,7.25,2024-03-03T18:45:00Z\r\nc4,0,\r\n")

        let typo = try await client.get("/api/segments/Everyone/members?fields=customer_id,spnd")
        #expect(typo.status == 422)
        #expect(String(decoding: typo.body, as: UTF8.self).contains(#"did you mean \"spend\"?"#))
    }

    @Test func exportsTakeMeasureFields() async throws {
        let (fixture, server, client) = try Self.measuredShop()
        defer { withExtendedLifetime(fixture) { server.stop() } }
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "Everyone", "definition": "age > 0"])
        _ = try await SegmentRoutesTests.refresh(client, ["all": true])
        let created = try await SegmentRoutesTests.send(
            client, "POST", "/api/exports", ["name": "crm", "fields": ["customer_id", "spend"], "segments": ["Everyone"]])
        #expect(created.status == 201, "\(String(decoding: created.body, as: UTF8.self))")
        let refused = try await SegmentRoutesTests.send(
            client, "POST", "/api/exports", ["name": "bad", "fields": ["customer_id", "spends"], "segments": ["Everyone"]])
        #expect(refused.status == 422)

        let started = try await client.send("POST", "/api/exports/crm/run")
        #expect(started.status == 202)
        let job = try await IngestJobTests.waitForJob(try #require(try started.json()["id"] as? String), client: client)
        #expect((job["result"] as? [String: Any])?["status"] as? String == "succeeded", "\(job)")
        let file = fixture.workspace.directory.appendingPathComponent("exports/crm/Everyone.csv")
        #expect(try String(contentsOf: file, encoding: .utf8) == "customer_id,spend\r\nc1,52.5\r\nc2,0\r\nc3,7.25\r\nc4,0\r\n")
    }
}
