import Foundation
import Testing

/// The builder's routes over real HTTP: the catalog, validation with problem paths, live estimates.
@Suite struct DefinitionRoutesTests {
    static func post(_ client: TestClient, _ path: String, _ body: [String: Any]) async throws -> TestClient.Answer {
        try await client.send(
            "POST", path, body: try JSONSerialization.data(withJSONObject: body),
            headers: ["Content-Type": "application/json"])
    }

    @Test func theCatalogListsAttributesActivitiesAndTheirTypes() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let answer = try await fixture.client().get("/api/definitions/catalog")
        #expect(answer.status == 200)
        let catalog = try answer.json()
        let attributes = try #require(catalog["attributes"] as? [[String: Any]])
        let types = Dictionary(uniqueKeysWithValues: attributes.map { ($0["name"] as? String ?? "", $0["type"] as? String ?? "") })
        #expect(types["age"] == "number")
        #expect(types["joined"] == "date")
        #expect((catalog["activityTypes"] as? [String])?.sorted() == ["purchase", "visit"])
        let fields = try #require(catalog["activityFields"] as? [[String: Any]])
        #expect(fields.contains { $0["name"] as? String == "amount" && $0["type"] as? String == "number" })
    }

    @Test func aValidTextDefinitionComesBackCanonicalWithItsJSON() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let answer = try await Self.post(
            try fixture.client(), "/api/definitions/validate", ["definition": "age   >= 30 AND city = \"Berlin\""])
        #expect(answer.status == 200)
        let check = try answer.json()
        #expect(check["valid"] as? Bool == true)
        #expect(check["definition"] as? String == "age >= 30 and city = \"Berlin\"")
        #expect((check["problems"] as? [Any])?.isEmpty == true)
        let json = try #require(check["json"] as? [String: Any])
        #expect((json["rules"] as? [Any])?.count == 1)

        // The JSON form validates to the same text.
        let again = try await Self.post(try fixture.client(), "/api/definitions/validate", ["definition": json])
        #expect(try again.json()["definition"] as? String == "age >= 30 and city = \"Berlin\"")
    }

    @Test func problemsNameTheirPathLineAndColumn() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()

        let unknown = try await Self.post(client, "/api/definitions/validate", ["definition": "age > 30 and agee < 50"])
        #expect(unknown.status == 200)
        let check = try unknown.json()
        #expect(check["valid"] as? Bool == false)
        let problem = try #require((check["problems"] as? [[String: Any]])?.first)
        #expect(problem["kind"] as? String == "unknown_attribute")
        #expect(problem["path"] as? String == "rules[0].conditions[1]")
        #expect(problem["line"] as? Int == 1)
        #expect(problem["column"] as? Int == 14)
        #expect(problem["suggestion"] as? String == "age")

        let syntax = try await Self.post(client, "/api/definitions/validate", ["definition": "age >"])
        let syntaxProblem = try #require((try syntax.json()["problems"] as? [[String: Any]])?.first)
        #expect(syntaxProblem["kind"] as? String == "syntax")
        #expect(syntaxProblem["line"] as? Int == 1)
        #expect(syntaxProblem["column"] != nil)
    }

    @Test func theEstimateCountsMembersAndEachRule() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let answer = try await Self.post(
            try fixture.client(), "/api/definitions/estimate",
            ["definition": "city = \"Berlin\" union age > 50", "asOf": "2024-06-01"])
        #expect(answer.status == 200)
        let estimate = try answer.json()
        #expect(estimate["customerCount"] as? Int == 4)
        #expect(estimate["memberCount"] as? Int == 3)
        let percent = try #require(estimate["percent"] as? Double)
        #expect(abs(percent - 75) < 1e-9)
        let rules = try #require(estimate["rules"] as? [[String: Any]])
        #expect(rules.map { $0["count"] as? Int } == [2, 1])
        #expect(rules.map { $0["runningCount"] as? Int } == [2, 3])
        #expect(rules.last?["combine"] as? String == "union")
    }

    @Test func badBodiesAnswer400WithTheField() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()

        let wrongType = try await Self.post(client, "/api/definitions/estimate", ["definition": 42])
        #expect(wrongType.status == 400)
        #expect(try (wrongType.json()["error"] as? [String: Any])?["path"] as? String == "definition")

        let file = try await Self.post(client, "/api/definitions/validate", ["definition": "@/etc/passwd"])
        #expect(file.status == 400)

        let badDate = try await Self.post(client, "/api/definitions/estimate", ["definition": "age > 1", "asOf": "soon"])
        #expect(badDate.status == 400)
        #expect(try (badDate.json()["error"] as? [String: Any])?["path"] as? String == "asOf")

        let missing = try await Self.post(client, "/api/definitions/estimate", ["asOf": "2024-01-01"])
        #expect(missing.status == 400)

        let invalid = try await Self.post(client, "/api/definitions/estimate", ["definition": "nosuch > 1"])
        #expect(invalid.status == 422)
        let message = try #require((try invalid.json()["error"] as? [String: Any])?["message"] as? String)
        #expect(message.contains("nosuch"))
    }

    @Test func withoutDataTheBuilderRoutesAnswer404() async throws {
        let fixture = try TestWorkspace(ingested: false)
        _ = try fixture.start()
        let answer = try await fixture.client().get("/api/definitions/catalog")
        #expect(answer.status == 404)
    }
}
