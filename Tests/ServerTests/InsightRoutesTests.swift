import Foundation
import Testing

/// The insight routes over real HTTP: overlap of segments and what sets one apart.
@Suite struct InsightRoutesTests {
    /// A started workspace with "Berliners" (c1, c3) and "Over 30" (c1, c2, c4), refreshed.
    static func fixture() async throws -> (TestWorkspace, TestClient) {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "Berliners", "definition": "city = \"Berlin\""])
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "Over 30", "definition": "age > 30"])
        let job = try await SegmentRoutesTests.refresh(client, ["all": true])
        #expect(job["status"] as? String == "succeeded")
        return (fixture, client)
    }

    static func errorPath(_ answer: TestClient.Answer) throws -> String? {
        try (answer.json()["error"] as? [String: Any])?["path"] as? String
    }

    @Test func overlapCountsEveryRegion() async throws {
        let (fixture, client) = try await Self.fixture()
        _ = fixture
        let answer = try await SegmentRoutesTests.send(client, "POST", "/api/insights/overlap", ["segments": ["Berliners", "Over 30"]])
        #expect(answer.status == 200)
        let overlap = try answer.json()
        let sizes = try #require(overlap["segments"] as? [[String: Any]])
        #expect(sizes.map { $0["count"] as? Int } == [2, 3])
        let both = try #require((overlap["intersections"] as? [[String: Any]])?.first)
        #expect(both["segments"] as? [String] == ["Berliners", "Over 30"])
        #expect(both["count"] as? Int == 1)  // c1
        let exact = try #require(overlap["exactRegions"] as? [[String: Any]])
        let onlyBerlin = exact.first { $0["segments"] as? [String] == ["Berliners"] }
        let onlyOlder = exact.first { $0["segments"] as? [String] == ["Over 30"] }
        #expect(onlyBerlin?["count"] as? Int == 1)  // c3
        #expect(onlyOlder?["count"] as? Int == 2)  // c2, c4
        #expect(overlap["unionCount"] as? Int == 4)
    }

    @Test func overlapNamesTheFieldAtFault() async throws {
        let (fixture, client) = try await Self.fixture()
        _ = fixture
        let one = try await SegmentRoutesTests.send(client, "POST", "/api/insights/overlap", ["segments": ["Berliners"]])
        #expect(one.status == 400)
        #expect(try Self.errorPath(one) == "segments")
        let unknown = try await SegmentRoutesTests.send(client, "POST", "/api/insights/overlap", ["segments": ["Berliners", "Nobody"]])
        #expect(unknown.status == 404)
        #expect(try Self.errorPath(unknown) == "segments[1]")
        let twice = try await SegmentRoutesTests.send(client, "POST", "/api/insights/overlap", ["segments": ["Berliners", "berliners"]])
        #expect(twice.status == 400)
        #expect(try Self.errorPath(twice) == "segments[1]")
        // A segment never refreshed has no members to compare yet.
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "New", "definition": "age > 1"])
        let fresh = try await SegmentRoutesTests.send(client, "POST", "/api/insights/overlap", ["segments": ["Berliners", "New"]])
        #expect(fresh.status == 422)
    }

    @Test func differentiatorsRankAndExplain() async throws {
        let (fixture, client) = try await Self.fixture()
        _ = fixture
        let answer = try await client.get("/api/segments/Berliners/differentiators")
        #expect(answer.status == 200)
        let report = try answer.json()
        #expect(report["baseline"] as? String == "all customers")
        #expect(report["segmentCount"] as? Int == 2)
        #expect(report["baselineCount"] as? Int == 4)
        let items = try #require(report["items"] as? [[String: Any]])
        let scores = items.compactMap { $0["score"] as? Double }
        #expect(scores == scores.sorted(by: >))
        // Everyone in the segment lives in Berlin, half of all customers do: TVD ½(0.5 + 0.25 + 0.25).
        let city = try #require(items.first { $0["name"] as? String == "city" })
        #expect(city["statistic"] as? String == "tvd")
        #expect(abs((city["value"] as? Double ?? 0) - 0.5) < 1e-9)
        #expect((city["why"] as? String)?.contains("Berlin") == true)
        #expect(city["size"] as? String == "large")
        // Berliners are younger (30.5 against 39.25).
        let age = try #require(items.first { $0["name"] as? String == "age" })
        #expect(age["statistic"] as? String == "smd")
        #expect((age["value"] as? Double ?? 0) < 0)
        #expect((age["why"] as? String)?.contains("lower") == true)

        let against = try await client.get("/api/segments/Berliners/differentiators?against=Over%2030&limit=1")
        #expect(against.status == 200)
        let other = try against.json()
        #expect(other["baselineCount"] as? Int == 3)
        #expect((other["items"] as? [Any])?.count == 1)
        #expect((other["compared"] as? Int ?? 0) > 1)
    }

    @Test func differentiatorsOfUnknownSegmentsAnswer404() async throws {
        let (fixture, client) = try await Self.fixture()
        _ = fixture
        #expect(try await client.get("/api/segments/Nobody/differentiators").status == 404)
        let against = try await client.get("/api/segments/Berliners/differentiators?against=Nobody")
        #expect(against.status == 404)
        #expect(try Self.errorPath(against) == "against")
        let badDate = try await client.get("/api/segments/Berliners/differentiators?asOf=yesterday-ish")
        #expect(badDate.status == 400)
        #expect(try Self.errorPath(badDate) == "asOf")
    }
}
