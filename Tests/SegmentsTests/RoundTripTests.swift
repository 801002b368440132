import Foundation
import Segments
import Testing

/// Every definition survives both syntaxes unchanged.
@Suite struct RoundTripTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6, 7, 8]
    static let definitionsPerSeed = 150

    @Test("model → text → model is the identity and text → model → text is canonical", arguments: seeds)
    func textRoundTrip(seed: UInt64) throws {
        var generator = DefinitionGenerator(
            seed: seed, catalog: TestCatalog.catalog, segmentNames: Array(TestCatalog.acyclicSegments.keys))
        for _ in 0..<Self.definitionsPerSeed {
            let definition = generator.definition()
            let text = definition.text
            let parsed: SegmentDefinition
            do {
                parsed = try SegmentDefinition(text: text)
            } catch {
                Issue.record("\(error.caretDiagram)")
                continue
            }
            #expect(parsed == definition, "text: \(text)")
            #expect(parsed.text == text)
            // With the catalog, bare measure names resolve, and the printed form is unchanged.
            #expect(try SegmentDefinition(text: text, catalog: TestCatalog.catalog) == definition)
        }
    }

    @Test("model → JSON → model is the identity and JSON → model → JSON is byte-stable", arguments: seeds)
    func jsonRoundTrip(seed: UInt64) throws {
        var generator = DefinitionGenerator(
            seed: seed &+ 1000, catalog: TestCatalog.catalog, segmentNames: Array(TestCatalog.acyclicSegments.keys))
        for _ in 0..<Self.definitionsPerSeed {
            let definition = generator.definition()
            let json = definition.jsonData()
            let decoded = try SegmentDefinition(json: json)
            #expect(decoded == definition, "json: \(String(decoding: json, as: UTF8.self))")
            #expect(decoded.jsonData() == json)
            let pretty = definition.jsonData(prettyPrinted: true)
            #expect(try SegmentDefinition(json: pretty) == definition)
        }
    }

    @Test("generated definitions validate cleanly against their catalog", arguments: seeds)
    func generatedDefinitionsAreValid(seed: UInt64) {
        var generator = DefinitionGenerator(
            seed: seed &+ 2000, catalog: TestCatalog.catalog, segmentNames: Array(TestCatalog.acyclicSegments.keys))
        for _ in 0..<Self.definitionsPerSeed {
            let definition = generator.definition()
            let problems = TestCatalog.catalog.diagnostics(for: definition, named: "New segment")
            #expect(problems.isEmpty, "\(definition.text)\n\(problems)")
        }
    }

    @Test("the generator is reproducible from its seed")
    func generatorIsDeterministic() {
        var first = DefinitionGenerator(seed: 42, catalog: TestCatalog.catalog, segmentNames: ["Churned"])
        var second = DefinitionGenerator(seed: 42, catalog: TestCatalog.catalog, segmentNames: ["Churned"])
        for _ in 0..<20 {
            #expect(first.definition() == second.definition())
        }
    }
}
