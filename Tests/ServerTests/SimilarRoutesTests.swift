import Foundation
import Testing
import Workspace

/// The similar-customers routes over real HTTP: start a search as a job, read the stored
/// result, move the threshold, and refuse bad requests before anything changes.
@Suite struct SimilarRoutesTests {
    /// A shop of `count` customers whose income depends on city and age, for models and trees to learn from.
    static func shopCSV(count: Int = 400) -> String {
        let cities = ["Berlin", "Paris", "Madrid"]
        var lines = ["customer_id,age,city,joined,income"]
        for index in 0..<count {
            let age = 20 + (index * 7) % 50
            let city = cities[index % 3]
            let income = 20_000 + (city == "Berlin" ? 30_000 : 0) + age * 400 + (index * 37) % 3_000
            let joined = String(format: "20%02d-%02d-%02d", 18 + index % 6, 1 + index % 12, 1 + index % 28)
            lines.append("c\(index + 1),\(age),\(city),\(joined),\(income)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Starts a server on `fixture` (a shop) and makes and refreshes a segment "Berliners".
    static func berliners(in fixture: TestWorkspace) async throws -> TestClient {
        _ = try fixture.start()
        let client = try fixture.client()
        let created = try await SegmentRoutesTests.send(
            client, "POST", "/api/segments", ["name": "Berliners", "definition": "city = \"Berlin\""])
        #expect(created.status == 201)
        let refreshed = try await SegmentRoutesTests.refresh(client, ["all": true])
        #expect(refreshed["status"] as? String == "succeeded")
        return client
    }

    /// Starts a job with `body` on `path`, expects 202 and answers the finished job.
    static func runJob(_ client: TestClient, _ path: String, _ body: [String: Any]) async throws -> [String: Any] {
        let started = try await SegmentRoutesTests.send(client, "POST", path, body)
        #expect(started.status == 202)
        #expect(started.header("Location")?.hasPrefix("/api/jobs/") == true)
        let id = try #require(try started.json()["id"] as? String)
        return try await IngestJobTests.waitForJob(id, client: client)
    }

    static func memberCount(_ client: TestClient, _ name: String) async throws -> Int? {
        let list = try await client.get("/api/segments")
        let segments = try #require(try list.json()["segments"] as? [[String: Any]])
        return segments.first { $0["name"] as? String == name }?["memberCount"] as? Int
    }

    @Test func findSimilarStoresAnExpansionSegmentWithItsResult() async throws {
        let fixture = try TestWorkspace(customersCSV: Self.shopCSV())
        let client = try await Self.berliners(in: fixture)
        let job = try await Self.runJob(client, "/api/similar", ["source": "Berliners", "name": "Like Berliners", "topShare": 0.25])
        #expect(job["status"] as? String == "succeeded", "\(job)")
        let result = try #require(job["result"] as? [String: Any])
        let summary = try #require(result["summary"] as? [String: Any])
        #expect(summary["segment"] as? String == "Like Berliners")
        #expect(summary["sourceCount"] as? Int == 134)
        let targetCount = try #require(summary["targetCount"] as? Int)
        #expect(targetCount == 400 - 134)
        let histogram = try #require(summary["histogram"] as? [Int])
        #expect(histogram.reduce(0, +) == targetCount)
        let bands = try #require(summary["bands"] as? [[String: Any]])
        #expect(bands.map { $0["band"] as? String } == ["not similar", "somewhat similar", "similar", "very similar"])
        #expect(bands.compactMap { $0["count"] as? Int }.reduce(0, +) == targetCount)
        let backtest = try #require(summary["backtest"] as? [String: Any])
        #expect((backtest["heldOutCount"] as? Int ?? 0) > 0)
        #expect(!(try #require(summary["influences"] as? [Any])).isEmpty)
        let memberCount = try #require(summary["memberCount"] as? Int)
        #expect(abs(Double(memberCount) - 0.25 * Double(targetCount)) <= 2)
        #expect(try await Self.memberCount(client, "Like Berliners") == memberCount)

        let stored = try await client.get("/api/segments/Like%20Berliners/similar")
        #expect(stored.status == 200)
        let storedSummary = try #require(try stored.json()["summary"] as? [String: Any])
        #expect(storedSummary["histogram"] as? [Int] == histogram)
        #expect(storedSummary["memberCount"] as? Int == memberCount)
    }

    @Test func applyingAThresholdReselectsTheMembers() async throws {
        let fixture = try TestWorkspace(customersCSV: Self.shopCSV())
        let client = try await Self.berliners(in: fixture)
        let first = try await Self.runJob(client, "/api/similar", ["source": "Berliners"])
        #expect(first["status"] as? String == "succeeded", "\(first)")
        let summary = try #require((first["result"] as? [String: Any])?["summary"] as? [String: Any])
        let targetCount = try #require(summary["targetCount"] as? Int)

        // A threshold of 0 keeps every target customer; 0.7 keeps the similar and very similar bands.
        let all = try await Self.runJob(client, "/api/segments/Similar%20to%20Berliners/similar/selection", ["threshold": 0])
        #expect(all["status"] as? String == "succeeded", "\(all)")
        #expect(try await Self.memberCount(client, "Similar to Berliners") == targetCount)

        let strict = try await Self.runJob(client, "/api/segments/Similar%20to%20Berliners/similar/selection", ["threshold": 0.7])
        let strictSummary = try #require((strict["result"] as? [String: Any])?["summary"] as? [String: Any])
        let bands = try #require(strictSummary["bands"] as? [[String: Any]])
        let similarOrMore = bands.filter { ($0["lowerBound"] as? Double ?? 0) >= 0.7 }.compactMap { $0["count"] as? Int }.reduce(0, +)
        #expect(strictSummary["memberCount"] as? Int == similarOrMore)
        #expect(try await Self.memberCount(client, "Similar to Berliners") == similarOrMore)
        let threshold = try #require(strictSummary["threshold"] as? Double)
        #expect(abs(threshold - 0.7) < 1e-9)

        let stored = try await client.get("/api/segments/Similar%20to%20Berliners/similar")
        let request = try #require(try stored.json()["request"] as? [String: Any])
        #expect(abs((request["threshold"] as? Double ?? -1) - 0.7) < 1e-9)
    }

    @Test func aSegmentWithoutAStoredResultIsScoredNowAndItsFilesGoWithIt() async throws {
        let fixture = try TestWorkspace(customersCSV: Self.shopCSV())
        let client = try await Self.berliners(in: fixture)
        // Made as the command line makes it; then its result is lost, as for segments made before results were kept.
        let summary = try fixture.workspace.findSimilar(SimilarRequest(source: "Berliners", name: "Old", threshold: 0.5))
        let models = fixture.workspace.directory.appendingPathComponent("models")
        let files = { try FileManager.default.contentsOfDirectory(atPath: models.path).filter { $0.hasPrefix("expansion-") } }
        let result = try #require(try files().first { $0.hasSuffix(".result.json") })
        #expect(try await client.get("/api/segments/Old/similar").status == 200)
        try FileManager.default.removeItem(at: models.appendingPathComponent(result))

        let missing = try await client.get("/api/segments/Old/similar")
        #expect(missing.status == 404)
        let message = (try missing.json()["error"] as? [String: Any])?["message"] as? String ?? ""
        #expect(message.contains("/similar/rescore"), "\(message)")

        let job = try await Self.runJob(client, "/api/segments/Old/similar/rescore", [:])
        #expect(job["status"] as? String == "succeeded", "\(job)")
        let stored = try await client.get("/api/segments/Old/similar")
        #expect(stored.status == 200)
        let storedSummary = try #require(try stored.json()["summary"] as? [String: Any])
        #expect(storedSummary["memberCount"] as? Int == summary.memberCount)
        #expect(try await client.get("/api/segments/Berliners/similar/rescore").status == 405)
        #expect(try await SegmentRoutesTests.send(client, "POST", "/api/segments/Berliners/similar/rescore", [:]).status == 422)

        let deleted = try await client.send("DELETE", "/api/segments/Old")
        #expect(deleted.status == 200)
        #expect(try files().isEmpty)
    }

    @Test func badRequestsAreRefusedBeforeAnythingChanges() async throws {
        let fixture = try TestWorkspace(customersCSV: Self.shopCSV())
        let client = try await Self.berliners(in: fixture)
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "Few", "definition": "age = 20"])
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "Never", "definition": "age > 30"])
        _ = try await SegmentRoutesTests.refresh(client, ["segments": ["Few"]])

        let cases: [([String: Any], Int, String?)] = [
            (["source": "Nobody"], 404, "source"),
            (["source": "Berliners", "target": "Nobody"], 404, "target"),
            (["source": "Berliners", "target": "Berliners"], 400, "target"),
            (["source": "Berliners", "threshold": 1.5], 400, "threshold"),
            (["source": "Berliners", "topShare": 0], 400, "topShare"),
            (["source": "Berliners", "includedFields": ["age", "incme"]], 400, "includedFields[1]"),
            (["source": "Berliners", "name": "Few"], 409, "name"),
            (["source": "Never"], 422, "source"),
            (["source": "Berliners", "threshold": "high"], 400, "threshold"),
        ]
        for (body, status, field) in cases {
            let answer = try await SegmentRoutesTests.send(client, "POST", "/api/similar", body)
            #expect(answer.status == status, "\(body)")
            #expect((try answer.json()["error"] as? [String: Any])?["path"] as? String == field, "\(body)")
        }
        let few = try await Self.memberCount(client, "Few")
        #expect((few ?? 0) < 10)
        let small = try await SegmentRoutesTests.send(client, "POST", "/api/similar", ["source": "Few"])
        #expect(small.status == 422)
        let list = try await client.get("/api/segments?type=expansion")
        #expect((try list.json()["segments"] as? [Any])?.isEmpty == true)

        #expect(try await client.get("/api/segments/Berliners/similar").status == 422)
        #expect(try await client.get("/api/segments/Nobody/similar").status == 404)
        let notExpansion = try await SegmentRoutesTests.send(
            client, "POST", "/api/segments/Berliners/similar/selection", ["threshold": 0.5])
        #expect(notExpansion.status == 422)
        let outOfRange = try await SegmentRoutesTests.send(
            client, "POST", "/api/segments/Berliners/similar/selection", ["threshold": -0.1])
        #expect(outOfRange.status == 400)
        let empty = try await SegmentRoutesTests.send(client, "POST", "/api/segments/Berliners/similar/selection", [:])
        #expect(empty.status == 400)
    }
}
