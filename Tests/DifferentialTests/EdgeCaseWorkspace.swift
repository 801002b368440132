import CustomerData
import Foundation
import Segments

/// A workspace of generated customers and activities full of edge cases,
/// ingested into a snapshot: empty values and `NA`, numbers at comparison
/// boundaries, case and Unicode variants of texts, dates on leap days and at
/// the ends of months and years, datetimes on the edges of days, of the
/// evaluation instants and of every relative window around them, wall-clock
/// times in DST gaps and overlaps, activities tied on their timestamp (also
/// across sources), customers without activities.
struct EdgeCaseWorkspace {
    let directory: TemporaryDirectory
    let snapshot: Snapshot
    let catalog: SegmentCatalog
    let timeZone: TimeZone
    /// Members of the segments definitions may refer to, by name.
    let segmentMembers: [String: Set<Int>]
    /// The texts and numbers that occur, for the definition generator.
    let texts: [String]
    let numbers: [Double]
    let edgeDates: [CalendarDate]

    static let segmentNames = ["Churned", "VIP", "Big spenders", "Newsletter \"Weekly\"", "Nobody"]

    /// Generates and ingests the data around `asOf` instants in `zoneIdentifier`.
    init(seed: UInt64, zoneIdentifier: String, asOf instants: [Int64], customerCount: Int = 200) throws {
        directory = try TemporaryDirectory()
        guard let zone = TimeZone(identifier: zoneIdentifier) else {
            throw EdgeCaseWorkspaceError(message: "unknown zone \(zoneIdentifier)")
        }
        timeZone = zone
        var data = EdgeCaseData(seed: seed, timeZone: zone, asOf: instants)
        let (customers, events, visits) = data.tables(customerCount: customerCount)
        try customers.write(toFile: directory.path("customers.csv"), atomically: true, encoding: .utf8)
        try events.write(toFile: directory.path("events.csv"), atomically: true, encoding: .utf8)
        try visits.write(toFile: directory.path("visits.csv"), atomically: true, encoding: .utf8)

        let config = WorkspaceConfig(
            name: "edge cases", timeZone: zoneIdentifier,
            customers: CustomerSource(path: "customers.csv", idColumn: "id", columns: EdgeCaseData.customerTypes),
            activities: [
                ActivitySource(
                    name: "events", path: "events.csv", customerIdColumn: "customer", typeColumn: "kind",
                    timestampColumn: "at", amountColumn: "value", columns: EdgeCaseData.eventTypes),
                ActivitySource(
                    name: "visits", path: "visits.csv", customerIdColumn: "customer", fixedType: "visit",
                    timestampColumn: "day", columns: ["day": .date, "channel": .category]),
            ],
            measures: EdgeCaseData.measures)
        let generation = directory.url.appendingPathComponent("data/gen-000001")
        _ = try Ingest.run(
            config: config, workspaceDirectory: directory.url, generationDirectory: generation,
            options: IngestOptions(threads: 2, chunkBytes: 4096))
        let snapshot = try Snapshot(directory: generation)
        self.snapshot = snapshot

        // The in-process engine's catalog: every attribute but the id, every activity field but the type.
        var segments: [String: Set<String>] = [:]
        for name in EdgeCaseWorkspace.segmentNames { segments[name] = [] }
        catalog = SegmentCatalog(snapshot: snapshot, measures: EdgeCaseData.measures, segments: segments)

        var random = DefinitionGenerator.SplitMix64(state: seed ^ 0x5E6)
        let rows = snapshot.customers.rowCount
        segmentMembers = [
            "Churned": Set((0..<rows).filter { _ in Int.random(in: 0..<4, using: &random) == 0 }),
            "VIP": Set((0..<rows).filter { _ in Int.random(in: 0..<3, using: &random) == 0 }),
            "Big spenders": Set(0..<rows),
            "Newsletter \"Weekly\"": Set((0..<rows).filter { $0 % 2 == 0 }),
            "Nobody": [],
        ]
        texts = data.textPool
        numbers = data.numberPool
        edgeDates = data.edgeDates
    }

    /// A definition generator tuned to this data: its texts, numbers and days.
    func generator(seed: UInt64, today: CalendarDate) -> DefinitionGenerator {
        var generator = DefinitionGenerator(
            seed: seed, catalog: catalog, segmentNames: EdgeCaseWorkspace.segmentNames)
        generator.texts = texts
        generator.numbers = numbers
        generator.baseDate = today
        generator.edgeDates = edgeDates
        generator.offsets = [nil, nil, 0, 3600, -18_000, 19_800, -12_600]
        return generator
    }
}

struct EdgeCaseWorkspaceError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
