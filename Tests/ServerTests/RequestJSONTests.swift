import Foundation
import Server
import Testing

/// Bad JSON bodies answer 400 naming the path of the problem.
@Suite struct RequestJSONTests {
    struct Definition: Decodable {
        struct Rule: Decodable {
            struct Condition: Decodable {
                var field: String
                var value: Double
            }

            var conditions: [Condition]
        }

        var name: String
        var rules: [Rule]
    }

    /// A server with one route that decodes a `Definition` from its body.
    static func server() throws -> HTTPServer {
        var router = Router()
        router.add("POST", "/definitions", RouteDocumentation(summary: "Checks a definition.", tag: "test", responseSchema: nil)) {
            request in
            let definition = try request.decodeJSON(Definition.self)
            return .text("\(definition.name): \(definition.rules.count) rules")
        }
        let routed = router
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        return try HTTPServer(configuration: configuration) { request in
            do {
                return try routed.handle(request)
            } catch let error as HTTPError {
                return error.response
            } catch {
                return Response.text("unexpected", status: 500)
            }
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var body: String
        var path: String?
        var messagePart: String
        var testDescription: String { body }
    }

    @Test(arguments: [
        Case(body: #"{"name": "a", "rules": [{"conditions": []}, {"conditions": [{"field": "age", "value": "x"}]}]}"#,
             path: "rules[1].conditions[0].value", messagePart: "expected a number"),
        Case(body: #"{"name": "a", "rules": [{"conditions": [{"value": 3}]}]}"#,
             path: "rules[0].conditions[0].field", messagePart: "is missing"),
        Case(body: #"{"name": null, "rules": []}"#, path: "name", messagePart: "is null"),
        Case(body: #"{"name": "a", "rules": {}}"#, path: "rules", messagePart: "wrong type"),
        Case(body: #"{"name": "a", "rules": [}"#, path: nil, messagePart: "not valid JSON"),
    ])
    func badJSONNamesThePath(_ example: Case) async throws {
        let server = try Self.server()
        defer { server.stop() }
        let answer = try await TestClient(port: server.port).send(
            "POST", "/definitions", body: Data(example.body.utf8), headers: ["Content-Type": "application/json"])
        #expect(answer.status == 400)
        let error = try #require(try answer.json()["error"] as? [String: Any])
        #expect(error["path"] as? String == example.path)
        #expect((error["message"] as? String)?.contains(example.messagePart) == true, "\(error)")
    }

    @Test func goodJSONReachesTheHandler() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let body = #"{"name": "big spenders", "rules": [{"conditions": [{"field": "spend", "value": 100}]}]}"#
        let answer = try await TestClient(port: server.port).send(
            "POST", "/definitions", body: Data(body.utf8), headers: ["Content-Type": "application/json"])
        #expect(answer.status == 200)
        #expect(String(decoding: answer.body, as: UTF8.self) == "big spenders: 1 rules")
    }

    @Test func aBodyThatIsNotJSONAnswers415() async throws {
        let server = try Self.server()
        defer { server.stop() }
        let answer = try await TestClient(port: server.port).send(
            "POST", "/definitions", body: Data("name=a".utf8), headers: ["Content-Type": "application/x-www-form-urlencoded"])
        #expect(answer.status == 415)
    }
}
