import Foundation
import Testing

/// The suggestion routes over real HTTP: run as a job, list, show, accept, dismiss and the report.
@Suite struct SuggestionRoutesTests {
    /// Runs a measure suggestion on income and answers the stored run.
    static func incomeRun(_ client: TestClient) async throws -> [String: Any] {
        let job = try await SimilarRoutesTests.runJob(client, "/api/suggestions", ["kind": "measure", "primary": "income"])
        #expect(job["status"] as? String == "succeeded", "\(job)")
        return try #require(job["result"] as? [String: Any])
    }

    @Test func aMeasureRunIsListedShownAndItsSuggestionsDecided() async throws {
        let fixture = try TestWorkspace(customersCSV: SimilarRoutesTests.shopCSV())
        _ = try fixture.start()
        let client = try fixture.client()

        let run = try await Self.incomeRun(client)
        let id = try #require(run["id"] as? Int)
        let suggestions = try #require((run["run"] as? [String: Any])?["suggestions"] as? [[String: Any]])
        #expect(suggestions.count >= 2)
        // Income depends on the city: some suggestion says so, with its statistics.
        #expect(suggestions.contains { ($0["definition_text"] as? String)?.contains("city") == true })
        #expect(suggestions.allSatisfy { ($0["statistics"] as? [String: Any])?["lift"] is Double })

        let list = try await client.get("/api/suggestions")
        #expect(list.status == 200)
        let runs = try #require(try list.json()["runs"] as? [[String: Any]])
        #expect(runs.first?["id"] as? Int == id)
        #expect(runs.first?["inputs"] as? String == "mean of income")
        #expect(runs.first?["newCount"] as? Int == suggestions.count)

        let first = try #require(suggestions.first)
        let rank = try #require(first["rank"] as? Int)
        let accepted = try await SegmentRoutesTests.send(
            client, "POST", "/api/suggestions/\(id)/accept", ["rank": rank, "name": "High earners"])
        #expect(accepted.status == 201)
        #expect(try accepted.json()["name"] as? String == "High earners")
        #expect(try await client.get("/api/segments/High%20earners").status == 200)
        let again = try await SegmentRoutesTests.send(client, "POST", "/api/suggestions/\(id)/accept", ["rank": rank])
        #expect(again.status == 409)

        let second = try #require(suggestions[1]["rank"] as? Int)
        let dismissed = try await SegmentRoutesTests.send(client, "POST", "/api/suggestions/\(id)/dismiss", ["rank": second])
        #expect(dismissed.status == 200)
        let decisions = try #require(try dismissed.json()["decisions"] as? [[String: Any]])
        #expect(decisions.first { $0["rank"] as? Int == rank }?["status"] as? String == "accepted")
        #expect(decisions.first { $0["rank"] as? Int == rank }?["segment"] as? String == "High earners")
        #expect(decisions.first { $0["rank"] as? Int == second }?["status"] as? String == "dismissed")

        let shown = try await client.get("/api/suggestions/\(id)")
        #expect(shown.status == 200)
        #expect((try shown.json()["decisions"] as? [[String: Any]])?.filter { $0["status"] as? String == "new" }.count
            == suggestions.count - 2)

        let report = try await client.get("/api/suggestions/\(id)/report")
        #expect(report.status == 200)
        #expect(report.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(report.header("Content-Disposition")?.hasPrefix("attachment") == true)
        let html = String(decoding: report.body, as: UTF8.self)
        #expect(html.contains("<svg"))
        #expect(html.contains(try #require(first["title"] as? String).replacingOccurrences(of: "\"", with: "&quot;")))
        let markdown = try await client.get("/api/suggestions/\(id)/report?format=markdown")
        #expect(markdown.header("Content-Type")?.hasPrefix("text/markdown") == true)
        #expect(try await client.get("/api/suggestions/\(id)/report?format=pdf").status == 400)
    }

    @Test func anActivityRunSuggestsRFMSegments() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        let job = try await SimilarRoutesTests.runJob(
            client, "/api/suggestions", ["kind": "activity", "types": ["purchase"], "includeClusters": false])
        #expect(job["status"] as? String == "succeeded", "\(job)")
        let run = try #require(job["result"] as? [String: Any])
        #expect(run["kind"] as? String == "activity")
        let suggestions = try #require((run["run"] as? [String: Any])?["suggestions"] as? [[String: Any]])
        #expect(suggestions.contains { $0["kind"] as? String == "activity_level" })
        #expect(suggestions.allSatisfy { ($0["definition_text"] as? String)?.contains("purchase") == true })
    }

    @Test func badRequestsAreRefusedWithTheFieldNamed() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        let cases: [([String: Any], Int, String?)] = [
            (["kind": "guess"], 400, "kind"),
            (["kind": "measure"], 400, "primary"),
            (["kind": "measure", "primary": "incme"], 400, "primary"),
            (["kind": "measure", "primary": "age", "influencing": ["city", "nope"]], 400, "influencing[1]"),
            (["kind": "measure", "primary": "age", "maxSuggestions": 0], 400, "maxSuggestions"),
            (["kind": "measure", "primary": "age", "scope": "Nobody"], 404, "scope"),
            (["kind": "activity", "types": ["teleport"]], 400, "types[0]"),
            (["kind": "activity", "period": "last-week"], 400, "period"),
            (["kind": "activity", "period": "custom", "from": "2024-03-01", "to": "2024-02-01"], 400, "to"),
            (["primary": "age"], 400, "kind"),
        ]
        for (body, status, field) in cases {
            let answer = try await SegmentRoutesTests.send(client, "POST", "/api/suggestions", body)
            #expect(answer.status == status, "\(body)")
            #expect((try answer.json()["error"] as? [String: Any])?["path"] as? String == field, "\(body)")
        }
        #expect((try await client.get("/api/suggestions").json()["runs"] as? [Any])?.isEmpty == true)
        #expect(try await client.get("/api/suggestions/7").status == 404)
        #expect(try await client.get("/api/suggestions/seven").status == 400)
        #expect(try await SegmentRoutesTests.send(client, "POST", "/api/suggestions/7/accept", ["rank": 1]).status == 404)
        #expect(try await SegmentRoutesTests.send(client, "POST", "/api/suggestions/7/dismiss", ["rank": 1]).status == 404)
        #expect(try await client.get("/api/suggestions/7/report").status == 404)
    }
}
