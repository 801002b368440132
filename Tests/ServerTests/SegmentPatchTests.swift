import Foundation
import Testing

/// `PATCH /api/segments/{name}` changes several properties all or nothing.
@Suite struct SegmentPatchTests {
    @Test func oneRefusedChangeUndoesTheOthers() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        _ = try await SegmentRoutesTests.send(
            client, "POST", "/api/segments", ["name": "Older", "definition": "age > 40", "description": "before"])

        // The definition and description are fine; the blank tag is refused by the store.
        let refused = try await SegmentRoutesTests.send(
            client, "PATCH", "/api/segments/Older",
            ["definition": "age > 60", "description": "after", "type": "static", "addTags": ["vip", "  "]])
        #expect(refused.status == 422)
        #expect(try InsightRoutesTests.errorPath(refused) == "addTags")

        let detail = try await client.get("/api/segments/Older").json()
        #expect(detail["definition"] as? String == "age > 40")
        let segment = try #require(detail["segment"] as? [String: Any])
        #expect(segment["description"] as? String == "before")
        #expect(segment["type"] as? String == "dynamic")
        #expect(segment["tags"] as? [String] == [])
        #expect(segment["definitionVersion"] as? Int == 1)
        let versions = try await client.get("/api/segments/Older/versions").json()
        #expect((versions["versions"] as? [Any])?.count == 1)
    }

    @Test func aBadDefinitionIsNamedAndChangesNothing() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        _ = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": "Older", "definition": "age > 40"])
        let refused = try await SegmentRoutesTests.send(
            client, "PATCH", "/api/segments/Older", ["description": "after", "definition": "agee > 60"])
        #expect(refused.status == 422)
        #expect(try InsightRoutesTests.errorPath(refused) == "definition")
        let segment = try #require(try await client.get("/api/segments/Older").json()["segment"] as? [String: Any])
        #expect(segment["description"] as? String == "")

        let expansion = try await SegmentRoutesTests.send(client, "PATCH", "/api/segments/Older", ["type": "expansion"])
        #expect(expansion.status == 400)
        #expect(try InsightRoutesTests.errorPath(expansion) == "type")

        let fine = try await SegmentRoutesTests.send(
            client, "PATCH", "/api/segments/Older", ["description": "after", "definition": "age > 60", "addTags": ["vip"]])
        #expect(fine.status == 200)
        let changed = try fine.json()
        #expect(changed["description"] as? String == "after")
        #expect(changed["tags"] as? [String] == ["vip"])
        #expect(changed["definitionVersion"] as? Int == 2)
    }
}
