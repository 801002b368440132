import CustomerData
import Foundation
import Testing

/// The repository's `fixtures/` folder, found from this file's path.
let fixturesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("fixtures", isDirectory: true)

/// A fresh temporary folder for one test.
struct TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("audience-suggestions-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// Ingests a workspace source folder (data files + `audience.json`) into a snapshot in `folder`.
func ingest(source: URL, into folder: TemporaryFolder) throws -> Snapshot {
    let data = try Data(contentsOf: source.appendingPathComponent("audience.json"))
    let config = try JSONDecoder().decode(WorkspaceConfig.self, from: data)
    let generation = folder.url.appendingPathComponent("gen-000001", isDirectory: true)
    _ = try Ingest.run(config: config, workspaceDirectory: source, generationDirectory: generation)
    return try Snapshot.open(generation)
}

/// Ingests one of the repository's fixtures.
///
/// A fixture without activities (credit-g) gets one placeholder visit of its
/// first customer, because ingesting an empty activity table currently traps
/// in `CustomerData` (reported to the integrator).
func ingestFixture(_ name: String, into folder: TemporaryFolder) throws -> Snapshot {
    let source = fixturesFolder.appendingPathComponent(name, isDirectory: true)
    var config = try JSONDecoder().decode(WorkspaceConfig.self, from: Data(contentsOf: source.appendingPathComponent("audience.json")))
    guard config.activities.isEmpty else { return try ingest(source: source, into: folder) }
    let copy = folder.url.appendingPathComponent("source", isDirectory: true)
    try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: source.appendingPathComponent(config.customers.path),
                                     to: copy.appendingPathComponent("customers.csv"))
    let firstID = try String(contentsOf: source.appendingPathComponent(config.customers.path), encoding: .utf8)
        .split(separator: "\n")[1].split(separator: ",")[0]
    try "customer_id,type,timestamp\n\(firstID),placeholder,2020-01-01T00:00:00\n"
        .write(to: copy.appendingPathComponent("activities.csv"), atomically: true, encoding: .utf8)
    config.customers.path = "customers.csv"
    config.activities = [ActivitySource(name: "activities", path: "activities.csv", customerIdColumn: "customer_id",
                                        typeColumn: "type", timestampColumn: "timestamp")]
    try JSONEncoder().encode(config).write(to: copy.appendingPathComponent("audience.json"))
    return try ingest(source: copy, into: folder)
}

/// The Jaccard similarity of two row sets.
func jaccard(_ a: Set<Int>, _ b: Set<Int>) -> Double {
    let union = a.union(b).count
    return union == 0 ? 1 : Double(a.intersection(b).count) / Double(union)
}

/// Milliseconds since the epoch of a UTC date and time.
func utcMilliseconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0) -> Int64 {
    var components = DateComponents()
    components.year = year
    components.month = month
    components.day = day
    components.hour = hour
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return Int64(calendar.date(from: components)!.timeIntervalSince1970 * 1000)
}

import Segments

/// A validation catalog of a snapshot: its attributes, activity types and activity fields.
func catalog(of snapshot: Snapshot, segments: [String] = []) -> SegmentCatalog {
    var attributes: [String: ColumnType] = [:]
    for (name, type) in snapshot.customers.schema { attributes[name] = type }
    var fields: [String: ColumnType] = [:]
    for (name, type) in snapshot.activities.schema { fields[name] = type }
    let types = Set((0..<snapshot.activityTypes.dictionary.count).map { snapshot.activityTypes.dictionary.string(at: $0) })
    return SegmentCatalog(attributes: attributes, activityTypes: types, activityFields: fields,
                          segments: Dictionary(uniqueKeysWithValues: segments.map { ($0, Set<String>()) }))
}
