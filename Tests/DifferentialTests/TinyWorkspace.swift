import CustomerData
import Foundation
import SegmentStore
import Segments

/// A handful of customers and activities written as CSV, ingested and
/// mirrored into SQLite, for tests that check results by customer id.
struct TinyWorkspace {
    let directory: TemporaryDirectory
    let snapshot: Snapshot
    let mirror: SQLiteMirror
    let catalog: SegmentCatalog
    let time: TimeContext
    let segmentMembers: [String: Set<Int>]
    let measures: [MeasureDefinition]

    /// An activity file without activities.
    static let noEvents = "customer,kind,at,value\n"

    /// - Parameters:
    ///   - customers: CSV with an `id` column.
    ///   - events: CSV with `customer`, `kind`, `at`, `value` and any other columns.
    ///   - segments: members of referenced segments, by customer id.
    init(
        customers: String, customerTypes: [String: ColumnType] = [:], events: String = TinyWorkspace.noEvents,
        eventTypes: [String: ColumnType] = [:], measures: [MeasureDefinition] = [], zone: String = "Europe/Berlin",
        asOf: String = "2024-03-31T12:00:00+02:00", segments: [String: [String]] = [:]
    ) throws {
        self.measures = measures
        directory = try TemporaryDirectory()
        try customers.write(toFile: directory.path("customers.csv"), atomically: true, encoding: .utf8)
        try events.write(toFile: directory.path("events.csv"), atomically: true, encoding: .utf8)
        let config = WorkspaceConfig(
            name: "tiny", timeZone: zone,
            customers: CustomerSource(path: "customers.csv", idColumn: "id", columns: customerTypes),
            activities: [ActivitySource(
                name: "events", path: "events.csv", customerIdColumn: "customer", typeColumn: "kind",
                timestampColumn: "at", amountColumn: "value", columns: eventTypes)],
            measures: measures)
        let generation = directory.url.appendingPathComponent("gen")
        _ = try Ingest.run(config: config, workspaceDirectory: directory.url, generationDirectory: generation)
        let snapshot = try Snapshot(directory: generation)
        self.snapshot = snapshot
        let zone = TimeZone(identifier: zone)!
        time = TimeContext(asOfMilliseconds: DateTimeLiteral(iso: asOf)!.millisecondsSinceEpoch!, timeZone: zone)
        var members: [String: Set<Int>] = [:]
        for (name, ids) in segments { members[name] = Set(ids.map { snapshot.customerRow(forID: $0)! }) }
        segmentMembers = members
        catalog = SegmentCatalog(snapshot: snapshot, measures: measures, segments: members.mapValues { _ in [] })
        mirror = try SQLiteMirror(
            path: directory.path("mirror.sqlite"), snapshot: snapshot, timeZone: zone, segmentMembers: members)
    }

    /// The ids of the members SQLite selects for a definition in text syntax,
    /// after checking that the in-process engine and the reference evaluator select the same.
    func members(_ text: String) throws -> [String] {
        let definition = try catalog.definition(text: text)
        let rows = try mirror.rows(of: SQLCompiler(catalog: catalog, time: time).compile(definition))
        let reference = ReferenceEvaluator(snapshot: snapshot, catalog: catalog, time: time, segmentMembers: segmentMembers)
        guard try reference.members(of: definition) == rows else {
            throw EdgeCaseWorkspaceError(message: "SQLite and the reference differ on \(text)")
        }
        let engine = EngineOracle(snapshot: snapshot, measures: measures, time: time, segmentMembers: segmentMembers)
        guard try engine.members(of: definition) == rows else {
            throw EdgeCaseWorkspaceError(message: "SQLite and the in-process engine differ on \(text)")
        }
        return rows.map { snapshot.customerID(ofRow: $0) }
    }
}
