import Foundation
import Server
import Testing
import Workspace

/// The encoder options of `POST /api/similar`: includeMeasures, activityFeatures, pcaDimensions.
@Suite struct SimilarOptionsRoutesTests {
    /// A shop whose config has a measure (`purchases`), ingested and served, with the refreshed segment "Berliners".
    final class MeasuredShop {
        let fixture: TestWorkspace
        let workspace: Workspace
        let server: APIServer
        let client: TestClient

        init() async throws {
            fixture = try TestWorkspace(ingested: false, customersCSV: SimilarRoutesTests.shopCSV())
            let configURL = fixture.workspace.directory.appendingPathComponent("audience.json")
            var config = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as? [String: Any])
            config["measures"] = [
                ["name": "purchases", "aggregate": "count", "activityTypes": ["purchase"], "window": ["kind": "all_time"]],
            ]
            try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted]).write(to: configURL)
            workspace = try Workspace.open(at: fixture.workspace.directory)
            _ = try workspace.ingest()
            server = try APIServer(workspace: workspace, host: "127.0.0.1", port: 0, token: try workspace.apiToken())
            client = TestClient(port: server.port, token: try workspace.apiToken())
            let created = try await SegmentRoutesTests.send(
                client, "POST", "/api/segments", ["name": "Berliners", "definition": "city = \"Berlin\""])
            #expect(created.status == 201)
            let refreshed = try await SegmentRoutesTests.refresh(client, ["all": true])
            #expect(refreshed["status"] as? String == "succeeded")
        }

        deinit { server.stop() }

        /// The saved model of an expansion result.
        func model(of result: [String: Any]) throws -> [String: Any] {
            let summary = try #require(result["summary"] as? [String: Any])
            let file = try #require(summary["modelFile"] as? String)
            return try #require(try JSONSerialization.jsonObject(
                with: Data(contentsOf: workspace.directory.appendingPathComponent(file))) as? [String: Any])
        }
    }

    static func fieldNames(_ model: [String: Any]) throws -> [String] {
        let encoder = try #require(model["encoder"] as? [String: Any])
        return try #require(encoder["fields"] as? [[String: Any]]).compactMap { $0["name"] as? String }
    }

    @Test func theOptionsReachTheModelAndTheStoredRequest() async throws {
        let shop = try await MeasuredShop()
        let job = try await SimilarRoutesTests.runJob(shop.client, "/api/similar", [
            "source": "Berliners", "name": "Projected", "pcaDimensions": 3, "activityFeatures": false, "includeMeasures": true,
        ])
        #expect(job["status"] as? String == "succeeded", "\(job)")
        let result = try #require(job["result"] as? [String: Any])
        let request = try #require(result["request"] as? [String: Any])
        #expect(request["pcaDimensions"] as? Int == 3)
        #expect(request["includesActivityFeatures"] as? Bool == false)
        #expect(request["includesMeasures"] as? Bool == true)
        let model = try shop.model(of: result)
        let encoder = try #require(model["encoder"] as? [String: Any])
        #expect((encoder["projection"] as? [String: Any])?["dimension"] as? Int == 3)
        let names = try Self.fieldNames(model)
        #expect(names.contains("purchases"))
        #expect(!names.contains { $0.hasPrefix("purchase ") }, "no activity features: \(names)")

        // A measure named in includedFields is used without includeMeasures.
        let named = try await SimilarRoutesTests.runJob(shop.client, "/api/similar", [
            "source": "Berliners", "name": "Named", "includedFields": ["age", "purchases"],
        ])
        #expect(named["status"] as? String == "succeeded", "\(named)")
        #expect(try Self.fieldNames(shop.model(of: try #require(named["result"] as? [String: Any]))) == ["age", "purchases"])

        // The default leaves measures out.
        let plain = try await SimilarRoutesTests.runJob(shop.client, "/api/similar", ["source": "Berliners", "name": "Plain"])
        #expect(!(try Self.fieldNames(shop.model(of: try #require(plain["result"] as? [String: Any])))).contains("purchases"))
    }

    @Test func badOptionsAreRefusedNamingTheField() async throws {
        let shop = try await MeasuredShop()
        let cases: [([String: Any], Int, String?)] = [
            (["source": "Berliners", "pcaDimensions": 0], 400, "pcaDimensions"),
            (["source": "Berliners", "pcaDimensions": "five"], 400, "pcaDimensions"),
            (["source": "Berliners", "includeMeasures": "yes"], 400, "includeMeasures"),
            (["source": "Berliners", "activityFeatures": 1.5], 400, "activityFeatures"),
            (["source": "Berliners", "excludedFields": ["purchases", "spend"]], 400, "excludedFields[1]"),
        ]
        for (body, status, field) in cases {
            let answer = try await SegmentRoutesTests.send(shop.client, "POST", "/api/similar", body)
            #expect(answer.status == status, "\(body)")
            #expect((try answer.json()["error"] as? [String: Any])?["path"] as? String == field, "\(body)")
        }
        // More dimensions than encoded columns is known once the fields are encoded: the job fails naming the field.
        let job = try await SimilarRoutesTests.runJob(shop.client, "/api/similar", ["source": "Berliners", "pcaDimensions": 500])
        #expect(job["status"] as? String == "failed")
        let error = try #require(job["error"] as? [String: Any])
        #expect(error["status"] as? Int == 422)
        #expect((error["message"] as? String)?.contains("pcaDimensions") == true, "\(error)")
        let list = try await shop.client.get("/api/segments?type=expansion")
        #expect((try list.json()["segments"] as? [Any])?.isEmpty == true, "a failed search leaves no segment")
    }
}
