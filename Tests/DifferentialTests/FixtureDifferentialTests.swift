import CustomerData
import Foundation
import Segments
import Testing

/// The three oracles on realistic data: the retail fixture (5,000 customers,
/// 50,000 activities) and random definitions over its catalog.
@Suite struct FixtureDifferentialTests {
    static let definitionCount = 40

    @Test func enginesAgreeOnTheRetailFixture() throws {
        let directory = try TemporaryDirectory()
        let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../fixtures/retail").standardized
        let config = try JSONDecoder().decode(
            WorkspaceConfig.self, from: Data(contentsOf: fixture.appendingPathComponent("audience.json")))
        let generation = directory.url.appendingPathComponent("gen")
        _ = try Ingest.run(config: config, workspaceDirectory: fixture, generationDirectory: generation)
        let snapshot = try Snapshot(directory: generation)
        let zone = try #require(TimeZone(identifier: config.timeZone))
        let rows = snapshot.customers.rowCount
        let members: [String: Set<Int>] = ["Churned": Set((0..<rows).filter { $0 % 3 == 0 })]
        let mirror = try SQLiteMirror(
            path: directory.path("mirror.sqlite"), snapshot: snapshot, timeZone: zone, segmentMembers: members)
        let asOf = try #require(DateTimeLiteral(iso: "2024-06-30T12:00:00Z")?.millisecondsSinceEpoch)
        let time = TimeContext(asOfMilliseconds: asOf, timeZone: zone)
        let catalog = SegmentCatalog(snapshot: snapshot, measures: config.measures, segments: ["Churned": []])
        var generator = DefinitionGenerator(seed: 7, catalog: catalog, segmentNames: ["Churned"])
        generator.baseDate = time.today
        let compiler = SQLCompiler(catalog: catalog, time: time)
        let engine = EngineOracle(snapshot: snapshot, measures: config.measures, time: time, segmentMembers: members)
        let reference = ReferenceEvaluator(snapshot: snapshot, catalog: catalog, time: time, segmentMembers: members)
        var selective = 0
        for _ in 0..<FixtureDifferentialTests.definitionCount {
            let definition = generator.definition()
            let expected = try reference.members(of: definition)
            #expect(try mirror.rows(of: compiler.compile(definition)) == expected, "SQLite: \(definition.text)")
            #expect(try engine.members(of: definition) == expected, "in-process: \(definition.text)")
            if !expected.isEmpty && expected.count < rows { selective += 1 }
        }
        #expect(selective * 4 >= FixtureDifferentialTests.definitionCount)
    }
}
