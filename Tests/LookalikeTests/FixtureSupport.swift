import CustomerData
import Foundation
import LinearAlgebra
@testable import Lookalike

/// A fresh directory under the system's temporary folder, removed when the value goes away.
final class TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("lookalike-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// The repository's fixtures, ingested into a temporary snapshot per test.
enum Fixtures {

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("fixtures")

    /// Ingests `fixtures/<name>` into a new generation under `directory` and opens it.
    static func snapshot(_ name: String, in directory: TemporaryDirectory) throws -> Snapshot {
        let folder = root.appendingPathComponent(name)
        let data = try Data(contentsOf: folder.appendingPathComponent("audience.json"))
        let config = try JSONDecoder().decode(WorkspaceConfig.self, from: data)
        let generation = directory.url.appendingPathComponent("gen-\(name)")
        _ = try Ingest.run(config: config, workspaceDirectory: folder, generationDirectory: generation)
        return try Snapshot.open(generation)
    }

    /// Reads a small CSV fixture as rows of text fields by header name.
    static func csvRows(_ relativePath: String) throws -> [[String: String]] {
        let text = try String(contentsOf: root.appendingPathComponent(relativePath), encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        let header = splitCSV(lines.removeFirst())
        return lines.map { line in
            Dictionary(uniqueKeysWithValues: zip(header, splitCSV(line)))
        }
    }

    /// Splits one CSV line (the fixtures quote nothing but plain commas inside quotes).
    static func splitCSV(_ line: String) -> [String] {
        var fields: [String] = [], current = "", quoted = false
        for ch in line {
            if ch == "\"" { quoted.toggle() } else if ch == "," && !quoted {
                fields.append(current)
                current = ""
            } else { current.append(ch) }
        }
        fields.append(current)
        return fields
    }

    /// The credit-g "as of" instant does not matter (no dates); the retail one is the day after its data ends.
    static let retailAsOf = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
}

/// The rows of a category column equal to a value.
func rows(of snapshot: Snapshot, where column: String, is value: String) -> [Int] {
    guard case .category(let c)? = snapshot.customers.column(named: column) else { return [] }
    return (0..<snapshot.customers.rowCount).filter { c[$0] == value }
}

/// The AUC of finding the hidden positives among the scored target of a result.
func hiddenAUC(_ result: SimilarCustomersResult, hidden: Set<Int>) -> Double {
    var positives: [Double] = [], negatives: [Double] = []
    for (row, score) in zip(result.targetRows, result.targetScores) {
        if hidden.contains(Int(row)) { positives.append(score) } else { negatives.append(score) }
    }
    return Metrics.auc(positives: positives, negatives: negatives)
}

/// The protocol of the issue: a random half of the positives is the source; returns AUC per seed.
func protocolAUCs(snapshot: Snapshot, encoder: FeatureEncoder, positives: [Int], seeds: Range<UInt64>) throws -> [Double] {
    var aucs: [Double] = []
    for seed in seeds {
        var generator = SeededGenerator(seed: 1000 + seed)
        let shuffled = LookalikeModel.sample(positives, count: positives.count, using: &generator)
        let source = Array(shuffled[0..<(positives.count / 2)])
        let hidden = Set(shuffled[(positives.count / 2)...])
        let request = SimilarCustomersRequest(sourceSegment: "half", sourceRows: source.map { UInt32($0) }, encoder: encoder)
        let result = try SimilarCustomers.run(request, on: snapshot)
        aucs.append(hiddenAUC(result, hidden: hidden))
    }
    return aucs
}

func mean(_ v: [Double]) -> Double { v.reduce(0, +) / Double(max(1, v.count)) }
func standardDeviation(_ v: [Double]) -> Double {
    let m = mean(v)
    return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(max(1, v.count - 1))).squareRoot()
}

/// A snapshot ingested from CSV text written into `directory`.
func makeSnapshot(in directory: TemporaryDirectory, customers: String, columns: [String: String],
                  activities: String? = nil) throws -> Snapshot {
    let folder = directory.url.appendingPathComponent("source-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try customers.write(to: folder.appendingPathComponent("customers.csv"), atomically: true, encoding: .utf8)
    var activitySources = "[]"
    if let activities {
        try activities.write(to: folder.appendingPathComponent("activities.csv"), atomically: true, encoding: .utf8)
        activitySources = """
        [{"name": "activities", "path": "activities.csv", "customerIdColumn": "customer_id", "typeColumn": "type",
          "timestampColumn": "timestamp", "amountColumn": "amount", "columns": {"channel": "category"}}]
        """
    }
    let columnsJSON = columns.map { "\"\($0.key)\": \"\($0.value)\"" }.joined(separator: ", ")
    let config = """
    {"version": 1, "name": "test", "timeZone": "UTC",
     "customers": {"path": "customers.csv", "idColumn": "customer_id", "columns": {\(columnsJSON)}},
     "activities": \(activitySources), "measures": []}
    """
    let decoded = try JSONDecoder().decode(WorkspaceConfig.self, from: Data(config.utf8))
    let generation = folder.appendingPathComponent("gen")
    _ = try Ingest.run(config: decoded, workspaceDirectory: folder, generationDirectory: generation)
    return try Snapshot.open(generation)
}
