import Foundation
import Testing

/// Segments whose names hold `/`, `%`, `?` or `#` are reached through their percent-encoded names.
@Suite struct SegmentAddressingTests {
    struct Name: Sendable, CustomTestStringConvertible {
        var name: String
        var testDescription: String { name }
    }

    @Test(arguments: [Name(name: "a/b"), Name(name: "50% off?"), Name(name: "#1 fans"), Name(name: "x/../y")])
    func everyRouteReachesTheSegment(_ segment: Name) async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        let created = try await SegmentRoutesTests.send(client, "POST", "/api/segments", ["name": segment.name, "definition": "age > 30"])
        #expect(created.status == 201)
        let path = "/api/segments/" + Self.encoded(segment.name)
        if segment.name.contains("..") {
            // A dot segment between encoded slashes is refused before any route sees it.
            #expect(try await client.get(path).status == 400)
            return
        }
        let shown = try await client.get(path)
        #expect(shown.status == 200)
        #expect((try shown.json()["segment"] as? [String: Any])?["name"] as? String == segment.name)

        _ = try await SegmentRoutesTests.refresh(client, ["segments": [segment.name]])
        let members = try await client.get(path + "/members")
        #expect(members.status == 200)
        #expect(try members.json()["memberCount"] as? Int == 3)
        #expect(try await client.get(path + "/history").status == 200)
        let changed = try await SegmentRoutesTests.send(client, "PATCH", path, ["description": "reached"])
        #expect(try changed.json()["description"] as? String == "reached")
        #expect(try await client.send("DELETE", path).status == 200)
        #expect(try await client.get(path).status == 404)
    }

    /// What `encodeURIComponent` makes of a name.
    static func encoded(_ name: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-_.!~*'()")
        return name.addingPercentEncoding(withAllowedCharacters: allowed)!
    }
}
