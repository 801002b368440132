import Foundation
import Testing

@Suite struct CommandLineTests {
    @Test func helpOnEveryLevelAndUsageErrorsExitTwo() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        for arguments in [["--help"], ["help"], ["help", "init"], ["ingest", "--help"], ["fixtures"], ["help", "fixtures", "generate"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 0, "\(arguments)")
            #expect(result.stdout.contains("USAGE: audience"), "\(arguments)")
        }
        let unknown = try cli.run("ingets")
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("did you mean \"ingest\"?"))
        let missing = try cli.run("fixtures", "generate")
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("missing --out"))
    }

    @Test func demoFixtureInitIngestDescribe() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let fixture = CLI.packageRoot.appendingPathComponent("fixtures/retail").path
        let created = try cli.succeed("init", "shop", "--from", fixture, "--name", "Shop")
        #expect(created.contains("Created workspace shop"))
        for item in ["audience.json", "audience.sqlite", "data", "models", "exports"] {
            #expect(FileManager.default.fileExists(atPath: cli.path("shop/\(item)")), "missing \(item)")
        }
        let ingested = try cli.succeed("ingest", "--workspace", "shop")
        #expect(ingested.contains("is live"))
        let counts = try cli.rowCounts(cli.path("shop"))
        #expect(counts["customers"] == 5000)
        #expect(counts["activities"] == 50000)
        #expect(try cli.describe(cli.path("shop"))["workspace"] as? String == "Shop")
        let verified = try cli.succeed("verify", "--workspace", "shop", "--json")
        let check = try #require(try JSONSerialization.jsonObject(with: Data(verified.utf8)) as? [String: Any])
        #expect(check["activities"] as? Int == 50000)
        #expect(check["generation"] as? String == "gen-000001")
        let again = try cli.run("init", "shop")
        #expect(again.status == 4)
        #expect(again.stderr.contains("already holds a workspace"))
    }

    @Test func initInfersTypesFromTheFilesAndIngestReadsThem() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("id,age,tier,joined,vip\n1,34,gold,2024-01-05,yes\n2,,silver,2023-11-30,no\n3,51,gold,2022-02-01,no\n", to: "people.csv")
        try cli.write("who,when,what,total\n1,2025-01-01T10:00:00Z,purchase,12.5\n3,2025-01-02T11:00:00Z,visit,\n9,2025-01-03T12:00:00Z,purchase,3\n", to: "events.csv")
        let created = try cli.succeed(
            "init", "ws", "--customers", "people.csv", "--id", "id", "--activities", "events.csv",
            "--customer-id", "who", "--timestamp", "when", "--type-column", "what", "--amount", "total", "--time-zone", "Europe/Berlin")
        #expect(created.contains("age: number"))
        #expect(created.contains("joined: date"))
        #expect(created.contains("vip: boolean"))
        let config = try String(contentsOfFile: cli.path("ws/audience.json"), encoding: .utf8)
        #expect(config.contains("\"path\" : \"../people.csv\"") || config.contains("\"path\": \"../people.csv\""))
        let ingested = try cli.succeed("ingest", "--workspace", "ws")
        #expect(ingested.contains("1 of unknown customers left out"))
        #expect(try cli.rowCounts(cli.path("ws")) == ["customers": 3, "activities": 2])
    }

    @Test func badConfigNamesTheFieldAndExitsFour() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try FileManager.default.createDirectory(atPath: cli.path("ws"), withIntermediateDirectories: true)
        try cli.write(#"{"customers": {"path": "c.csv", "idColumn": "id", "columns": {"age": "integer"}}}"#, to: "ws/audience.json")
        let result = try cli.run("ingest", "--workspace", "ws")
        #expect(result.status == 4)
        #expect(result.stderr.contains("audience.json: customers.columns.age: \"integer\" is not one of"))
        let none = try cli.run("describe", "--workspace", "nowhere")
        #expect(none.status == 4)
        #expect(none.stderr.contains("not an Audience workspace"))
    }

    @Test func badRowFailsTheIngestNamingFileLineColumnAndKeepsTheLiveSnapshot() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.write("id,age\n1,30\n2,41\n", to: "people.csv")
        try cli.succeed("init", "ws", "--customers", "people.csv", "--id", "id")
        try cli.succeed("ingest", "--workspace", "ws")
        try cli.write("id,age\n1,30\n2,41\n3,forty\n", to: "people.csv")
        let failed = try cli.run("ingest", "--workspace", "ws")
        #expect(failed.status == 3)
        #expect(failed.stderr.contains("people.csv:4: column \"age\": \"forty\" is not a number"))
        #expect(try cli.rowCounts(cli.path("ws"))["customers"] == 2)
        let generations = try FileManager.default.contentsOfDirectory(atPath: cli.path("ws/data")).filter { $0.hasPrefix("gen-") }
        #expect(generations.count == 1, "the failed generation must be removed: \(generations)")
    }

    @Test func generatorIsDeterministicThroughTheCommandLine() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        try cli.succeed("fixtures", "generate", "--customers", "300", "--activities", "2000", "--seed", "7", "--out", "a")
        try cli.succeed("fixtures", "generate", "--customers", "300", "--activities", "2000", "--seed", "7", "--out", "b")
        for file in ["customers.csv", "activities.csv", "audience.json"] {
            let a = FileManager.default.contents(atPath: cli.path("a/\(file)"))
            let b = FileManager.default.contents(atPath: cli.path("b/\(file)"))
            #expect(a != nil && a == b, "\(file) differs between two runs with one seed")
        }
    }
}
