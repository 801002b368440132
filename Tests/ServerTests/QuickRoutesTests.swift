import Foundation
import Testing

/// The quick-estimate route over real HTTP: one field's distribution, one condition's size.
@Suite struct QuickRoutesTests {
    static func quick(_ client: TestClient, _ body: [String: Any]) async throws -> TestClient.Answer {
        try await SegmentRoutesTests.send(client, "POST", "/api/definitions/quick", body)
    }

    @Test func aCategoryGivesItsTopValues() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let answer = try await Self.quick(try fixture.client(), ["field": "city"])
        #expect(answer.status == 200)
        let estimate = try answer.json()
        #expect(estimate["customers"] as? Int == 4)
        let top = try #require(estimate["topValues"] as? [[String: Any]])
        #expect(top.first?["value"] as? String == "Berlin")
        #expect(top.first?["count"] as? Int == 2)
        #expect(top.count == 3)
        #expect(estimate["count"] == nil)
    }

    @Test func aNumberGivesItsPercentilesAndAConditionItsSize() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        let age = try await Self.quick(client, ["field": "age"]).json()
        let percentiles = try #require(age["percentiles"] as? [[String: Any]])
        #expect(percentiles.compactMap { $0["percentile"] as? Int } == [5, 10, 25, 50, 75, 90, 95])
        // The median of 27, 34, 45 and 51, interpolated.
        let median = try #require(percentiles.first { $0["percentile"] as? Int == 50 }?["value"] as? Double)
        #expect(abs(median - 39.5) < 1e-9)

        let condition = try await Self.quick(client, ["condition": "age >= 30"])
        #expect(condition.status == 200)
        let sized = try condition.json()
        #expect(sized["count"] as? Int == 3)
        #expect(abs((sized["percent"] as? Double ?? 0) - 75) < 1e-9)
    }

    @Test func mistakesNameTheField() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        let unknown = try await Self.quick(client, ["field": "agee"])
        #expect(unknown.status == 422)
        #expect(try InsightRoutesTests.errorPath(unknown) == "field")
        let text = String(decoding: unknown.body, as: UTF8.self)
        #expect(text.contains("age"))
        let syntax = try await Self.quick(client, ["condition": "age >>= 3"])
        #expect(syntax.status == 422)
        #expect(try InsightRoutesTests.errorPath(syntax) == "condition")
        #expect(try await Self.quick(client, [:]).status == 400)
        let both = try await Self.quick(client, ["field": "age", "condition": "age > 3"])
        #expect(both.status == 400)
        #expect(try InsightRoutesTests.errorPath(both) == "condition")
    }
}
