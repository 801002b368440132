import CustomerData
import Foundation
import Lookalike

/// What `audience score` does: a saved similar-customers model applied to a customers CSV.
public struct BatchScoring: Sendable {
    /// Which customers of the file to write.
    public enum Selection: Sendable, Equatable {
        case all
        /// Customers scoring at least this.
        case threshold(Double)
        /// The best `count` customers, best first.
        case top(Int)
    }

    public var model: URL
    public var input: URL
    public var output: URL
    /// The customer id column of the input.
    public var idColumn: String
    public var selection: Selection
    /// Score only shard `index` (0-based) of `count` hash partitions of the customer ids.
    public var shard: (index: Int, count: Int)?
    /// Records scored at a time (memory is bounded by this, not by the file).
    public var batchSize: Int

    public init(
        model: URL, input: URL, output: URL, idColumn: String = "customer_id", selection: Selection = .all,
        shard: (index: Int, count: Int)? = nil, batchSize: Int = 50_000
    ) {
        self.model = model
        self.input = input
        self.output = output
        self.idColumn = idColumn
        self.selection = selection
        self.shard = shard
        self.batchSize = batchSize
    }

    /// What a batch scoring did.
    public struct Summary: Codable, Sendable {
        public var model: String
        public var rowsRead: Int
        public var rowsScored: Int
        public var rowsWritten: Int
        public var seconds: Double
        /// What the user should know about these scores.
        public var warnings: [String]

        public var text: String {
            "Scored \(rowsScored.grouped) of \(rowsRead.grouped) customers with \(model); "
                + "wrote \(rowsWritten.grouped) rows in \(String(format: "%.2f", seconds)) s"
        }
    }

    /// The shard of a customer id: FNV-1a (64-bit) of its UTF-8 bytes, modulo `count`.
    public static func shard(of id: String, count: Int) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return Int(hash % UInt64(count))
    }

    /// Streams the input through the model and writes `customer_id,score,band,reasons`
    /// (RFC 4180), replacing the output file atomically when complete.
    ///
    /// - Throws: `LookalikeError` for an unreadable model, `IngestError` naming the file and
    ///   line of a malformed record, `WorkspaceError.badValue` for a missing id column.
    public func run(progress: ((Double) -> Void)? = nil) throws -> Summary {
        let started = Date()
        let model = try LookalikeModel.load(from: model)
        let reader = try CSVRecordReader(url: input)
        guard let idIndex = reader.header.firstIndex(of: idColumn) else {
            throw WorkspaceError.badValue(
                field: "id", value: idColumn,
                expected: "a column of \(input.lastPathComponent) (\(reader.header.joined(separator: ", ")))")
        }
        let temporary = output.deletingLastPathComponent()
            .appendingPathComponent(".\(output.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        _ = FileManager.default.createFile(atPath: temporary.path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: temporary.path) else {
            throw WorkspaceError.missingFile(path: output.path, role: "output folder")
        }
        var committed = false
        defer {
            try? handle.close()
            if !committed { try? FileManager.default.removeItem(at: temporary) }
        }
        handle.write(Data("customer_id,score,band,reasons\n".utf8))

        var read = 0, scored = 0, written = 0
        var best: [ScoredCustomer] = []
        while true {
            let batch = try reader.nextBatch(batchSize)
            if batch.isEmpty { break }
            read += batch.count
            let records = batch.compactMap { row -> CustomerRecord? in
                let id = row.fields[idIndex]
                if let shard, Self.shard(of: id, count: shard.count) != shard.index { return nil }
                var attributes: [String: String] = [:]
                for (index, name) in reader.header.enumerated() where index != idIndex {
                    attributes[name] = row.fields[index]
                }
                return CustomerRecord(id: id, attributes: attributes)
            }
            scored += records.count
            let results = try model.score(records: records)
            switch selection {
            case .all:
                written += results.count
                handle.write(Self.csv(results))
            case .threshold(let threshold):
                let kept = results.filter { $0.score >= threshold }
                written += kept.count
                handle.write(Self.csv(kept))
            case .top(let count):
                best += results
                if best.count > 2 * count + batchSize { best = Self.best(best, count: count) }
            }
            progress?(reader.fractionRead)
        }
        if case .top(let count) = selection {
            let kept = Self.best(best, count: count)
            written = kept.count
            handle.write(Self.csv(kept))
        }
        try handle.synchronize()
        try handle.close()
        // The C function is `rename`: it replaces the output in one step.
        guard rename(temporary.path, output.path) == 0 else {
            throw WorkspaceError.missingFile(path: output.path, role: "output file (cannot be replaced)")
        }
        committed = true
        var warnings: [String] = []
        let activityFeatures = model.encoder.fields.filter {
            if case .column = $0.input { return false }
            return true
        }
        if !activityFeatures.isEmpty {
            warnings.append(
                "the model also uses activity features (\(activityFeatures.count), such as \(activityFeatures[0].name)); "
                    + "scored from a customers file alone, every customer counts as having no activity, "
                    + "so these scores differ from the workspace's")
        }
        return Summary(
            model: model.metadata.name, rowsRead: read, rowsScored: scored, rowsWritten: written,
            seconds: Date().timeIntervalSince(started), warnings: warnings)
    }

    /// The `count` best, best first; ties by id.
    private static func best(_ scored: [ScoredCustomer], count: Int) -> [ScoredCustomer] {
        Array(scored.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }.prefix(count))
    }

    /// Rows of `customer_id,score,band,reasons`; text quoted as RFC 4180 asks.
    private static func csv(_ scored: [ScoredCustomer]) -> Data {
        var text = ""
        for customer in scored {
            text += quoted(customer.id) + "," + String(format: "%.6f", customer.score) + ","
                + customer.band.rawValue + "," + quoted(customer.reasons.map(\.text).joined(separator: "; ")) + "\n"
        }
        return Data(text.utf8)
    }

    private static func quoted(_ field: String) -> String {
        var field = field
        if let first = field.first, "=+-@".contains(first) { field = "'" + field }
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
