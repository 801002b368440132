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
func ingestFixture(_ name: String, into folder: TemporaryFolder) throws -> Snapshot {
    try ingest(source: fixturesFolder.appendingPathComponent(name, isDirectory: true), into: folder)
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
