import CustomerData
import Foundation
import Segments
import Testing

/// Random definitions over edge-case data: the SQL engine (SQLite), the
/// in-process engine and the reference evaluator must select exactly the
/// same customers.
@Suite struct DifferentialTests {
    /// A time zone and the evaluation instants to test in it.
    struct Scenario: Sendable, CustomStringConvertible {
        let zone: String
        let asOf: [String]
        let seed: UInt64
        var description: String { "\(zone) seed \(seed)" }
    }

    static let scenarios = [
        // Spring forward, the repeated hour of fall back, the last millisecond of a leap day, a year's first instant.
        Scenario(zone: "Europe/Berlin",
                 asOf: ["2024-03-31T12:00:00+02:00", "2024-10-27T02:30:00+01:00", "2024-02-29T23:59:59.999+01:00",
                        "2025-01-01T00:00:00+01:00"],
                 seed: 1),
        // A half-hour zone with DST, on the day clocks go forward.
        Scenario(zone: "America/St_Johns", asOf: ["2024-03-10T12:00:00-02:30", "2023-12-31T23:30:00-03:30"], seed: 2),
    ]

    static let definitionsPerInstant = 200

    @Test(arguments: scenarios)
    func enginesSelectWhatTheReferenceSelects(_ scenario: Scenario) throws {
        let instants = scenario.asOf.map { DateTimeLiteral(iso: $0)!.millisecondsSinceEpoch! }
        let workspace = try EdgeCaseWorkspace(seed: scenario.seed, zoneIdentifier: scenario.zone, asOf: instants)
        let mirror = try SQLiteMirror(
            path: workspace.directory.path("mirror.sqlite"), snapshot: workspace.snapshot,
            timeZone: workspace.timeZone, segmentMembers: workspace.segmentMembers)
        var compared = 0
        var selective = 0  // definitions selecting some customers but not all
        var failures: [String] = []
        for (index, instant) in instants.enumerated() {
            let time = TimeContext(asOfMilliseconds: instant, timeZone: workspace.timeZone)
            let reference = ReferenceEvaluator(
                snapshot: workspace.snapshot, catalog: workspace.catalog, time: time,
                segmentMembers: workspace.segmentMembers)
            let compiler = SQLCompiler(catalog: workspace.catalog, time: time)
            let engine = EngineOracle(
                snapshot: workspace.snapshot, measures: EdgeCaseData.measures, time: time,
                segmentMembers: workspace.segmentMembers)
            var generator = workspace.generator(seed: scenario.seed &* 1000 &+ UInt64(index), today: time.today)
            for _ in 0..<DifferentialTests.definitionsPerInstant {
                let definition = generator.definition()
                try workspace.catalog.validate(definition)
                let expected = try reference.members(of: definition)
                let sqlite = try mirror.rows(of: compiler.compile(definition))
                let inProcess = try engine.members(of: definition)
                compared += 1
                if !expected.isEmpty && expected.count < workspace.snapshot.customers.rowCount { selective += 1 }
                for (name, actual) in [("SQLite", sqlite), ("in-process", inProcess)] where actual != expected {
                    if failures.count < 6 {
                        failures.append(
                            "asOf \(scenario.asOf[index]): \(definition.text)\n  reference \(expected.count) rows, \(name) \(actual.count); "
                                + "only reference: \(Array(Set(expected).subtracting(actual)).sorted().prefix(5)), "
                                + "only \(name): \(Array(Set(actual).subtracting(expected)).sorted().prefix(5))")
                    }
                }
            }
        }
        #expect(compared == instants.count * DifferentialTests.definitionsPerInstant)
        // The comparison means something only when definitions split the customers.
        #expect(selective * 3 >= compared, "only \(selective) of \(compared) definitions select a proper subset")
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }
}
