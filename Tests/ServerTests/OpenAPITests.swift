import Foundation
import Server
import Testing

/// The served OpenAPI document matches the routes, and live answers match its schemas.
@Suite struct OpenAPITests {
    @Test func theDocumentListsEveryRoute() async throws {
        let fixture = try TestWorkspace()
        let server = try fixture.start()
        let answer = try await fixture.client().get("/api/openapi.json")
        #expect(answer.status == 200)
        let document = try JSONDecoder().decode(JSONValue.self, from: answer.body)
        #expect(document["openapi"]?.stringValue == "3.1.0")
        guard case .object(let paths)? = document["paths"] else {
            Issue.record("no paths")
            return
        }
        var documented = Set<String>()
        for (path, item) in paths {
            guard case .object(let operations) = item else { continue }
            for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
        }
        let served = Set(server.routes.map { "\($0.method) \($0.pattern)" })
        #expect(documented == served)
        #expect(served.contains("GET /api/openapi.json"))

        // Every schema reference resolves.
        guard case .object(let schemas)? = document["components"]?["schemas"] else {
            Issue.record("no schemas")
            return
        }
        for reference in Self.references(in: document) {
            let name = String(reference.dropFirst("#/components/schemas/".count))
            #expect(schemas[name] != nil, "\(reference)")
        }
        // Health is the one public operation.
        #expect(document["paths"]?["/api/health"]?["get"]?["security"] == .array([]))
        #expect(document["paths"]?["/api/workspace"]?["get"]?["security"] == nil)
    }

    @Test func everyDocumentedGetRouteAnswersAsDocumented() async throws {
        let fixture = try TestWorkspace()
        _ = try fixture.start()
        let client = try fixture.client()
        // One finished job, so the job list has an item to check.
        let started = try await client.send("POST", "/api/ingest")
        let id = try #require(try started.json()["id"] as? String)
        _ = try await IngestJobTests.waitForJob(id, client: client)

        let document = try JSONDecoder().decode(JSONValue.self, from: try await client.get("/api/openapi.json").body)
        guard case .object(let paths)? = document["paths"] else {
            Issue.record("no paths")
            return
        }
        var walked = 0
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) where !path.contains("{") {
            guard let operation = item["get"], case .object(let responses)? = operation["responses"] else { continue }
            let success = try #require(responses.keys.filter { $0.hasPrefix("2") }.first)
            let answer = try await client.get(path)
            #expect(String(answer.status) == success, "\(path)")
            if let reference = responses[success]?["content"]?["application/json"]?["schema"] {
                #expect(answer.header("Content-Type")?.hasPrefix("application/json") == true, "\(path)")
                let body = try JSONDecoder().decode(JSONValue.self, from: answer.body)
                let problems = SchemaCheck(document: document).problems(in: body, against: reference, at: path)
                #expect(problems.isEmpty, "\(problems)")
            }
            walked += 1
        }
        #expect(walked >= 5)
    }

    static func references(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            var found = members["$ref"]?.stringValue.map { [$0] } ?? []
            for (key, member) in members where key != "$ref" { found += references(in: member) }
            return found
        case .array(let items):
            return items.flatMap(references(in:))
        default:
            return []
        }
    }
}

/// A small JSON Schema check: `$ref`, `type`, `required`, `properties`, `items`, `enum`.
struct SchemaCheck {
    let document: JSONValue

    func problems(in value: JSONValue, against schema: JSONValue, at path: String) -> [String] {
        if let reference = schema["$ref"]?.stringValue {
            let name = String(reference.dropFirst("#/components/schemas/".count))
            guard let resolved = document["components"]?["schemas"]?[name] else { return ["\(path): unknown \(reference)"] }
            return problems(in: value, against: resolved, at: path)
        }
        var found: [String] = []
        if case .array(let allowed)? = schema["enum"], !allowed.contains(value) {
            found.append("\(path): \(value) is not one of \(allowed)")
        }
        switch (schema["type"]?.stringValue, value) {
        case (nil, _): break
        case ("object", .object(let members)):
            if case .array(let required)? = schema["required"] {
                for name in required.compactMap(\.stringValue) where members[name] == nil {
                    found.append("\(path).\(name): required but missing")
                }
            }
            if case .object(let properties)? = schema["properties"] {
                for (name, member) in members {
                    guard let property = properties[name] else { continue }
                    if member == .null { continue }
                    found += problems(in: member, against: property, at: "\(path).\(name)")
                }
            }
            if let additional = schema["additionalProperties"] {
                for (name, member) in members { found += problems(in: member, against: additional, at: "\(path).\(name)") }
            }
        case ("array", .array(let items)):
            if let itemSchema = schema["items"] {
                for (index, item) in items.enumerated() { found += problems(in: item, against: itemSchema, at: "\(path)[\(index)]") }
            }
        case ("string", .string), ("integer", .integer), ("number", .integer), ("number", .number), ("boolean", .bool):
            break
        case (let type?, _):
            found.append("\(path): expected \(type), got \(value)")
        }
        return found
    }
}
