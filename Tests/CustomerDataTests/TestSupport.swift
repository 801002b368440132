import Foundation
@testable import CustomerData

/// A temporary workspace folder with CSV files, removed at deinit.
final class TestWorkspace {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("audience-test-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ name: String, _ text: String) {
        try! Data(text.utf8).write(to: url.appendingPathComponent(name))
    }

    func write(_ name: String, bytes: [UInt8]) {
        try! Data(bytes).write(to: url.appendingPathComponent(name))
    }

    func generation(_ name: String) -> URL { url.appendingPathComponent("data").appendingPathComponent(name) }

    @discardableResult
    func ingest(_ config: WorkspaceConfig, into generation: String = "gen-000001", options: IngestOptions = IngestOptions())
        throws -> IngestReport {
        try Ingest.run(config: config, workspaceDirectory: url, generationDirectory: self.generation(generation), options: options)
    }

    func open(_ generation: String = "gen-000001") throws -> Snapshot {
        try Snapshot(directory: self.generation(generation))
    }

    /// The error an ingest throws, as text ("" when it succeeds).
    func ingestError(_ config: WorkspaceConfig, into generation: String = "gen-000001", options: IngestOptions = IngestOptions()) -> String {
        do {
            try ingest(config, into: generation, options: options)
            return ""
        } catch {
            return "\(error)"
        }
    }
}

/// A config with a customers file and optionally one activity file.
func simpleConfig(
    customers: CustomerSource = CustomerSource(path: "customers.csv", idColumn: "id"),
    activities: [ActivitySource] = [],
    timeZone: String = "UTC"
) -> WorkspaceConfig {
    WorkspaceConfig(name: "test", timeZone: timeZone, customers: customers, activities: activities)
}

func activitySource(
    name: String = "events", path: String = "events.csv", columns: [String: ColumnType] = [:],
    onError: ErrorPolicy = .fail, format: CSVFormat = .standard
) -> ActivitySource {
    ActivitySource(
        name: name, path: path, customerIdColumn: "customer", typeColumn: "type", timestampColumn: "ts",
        amountColumn: "amount", columns: columns, format: format, onError: onError)
}

/// Every cell of a table as text, row by row (nil for missing).
func cells(_ table: SnapshotTable) -> [[String?]] {
    (0..<table.rowCount).map { row in table.columns.map { $0.text(at: row) } }
}

func parseCSV(_ text: String, delimiter: Character = ",") -> [[String]] {
    let table = CSVText.read(text, delimiter: delimiter.asciiValue!)
    return [table.header] + table.records.map(\.fields)
}

extension String {
    /// Parses with the number parser.
    var number: Double? {
        var s = self
        return s.withUTF8 { NumberParser.parse($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, $0.count) }
    }
}
