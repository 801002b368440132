import Foundation
import LinearAlgebra
import Lookalike

extension BatchScoring {
    /// Writes `customer_id,score,band,reasons` rows to a temporary file beside the output, formatted on every
    /// core, and puts it in the output's place on ``commit()``; without a commit the temporary file is removed.
    final class ScoreWriter {
        private let output: URL
        private let temporary: URL
        private let handle: FileHandle
        private var isCommitted = false

        /// Creates the temporary file and writes the header.
        init(output: URL) throws {
            self.output = output
            temporary = output.deletingLastPathComponent()
                .appendingPathComponent(".\(output.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
            guard FileManager.default.createFile(atPath: temporary.path, contents: nil),
                  let handle = FileHandle(forWritingAtPath: temporary.path) else {
                throw WorkspaceError.missingFile(path: output.path, role: "output folder")
            }
            self.handle = handle
            try handle.write(contentsOf: Data("customer_id,score,band,reasons\n".utf8))
        }

        deinit {
            if !isCommitted {
                try? handle.close()
                try? FileManager.default.removeItem(at: temporary)
            }
        }

        /// Writes the listed rows; `reasons[i]` belongs to `rows[i]`.
        func write(rows: [Int], ids: [String], scores: [Double], reasons: [[ScoreReason]]) throws {
            precondition(reasons.count == rows.count, "ScoreWriter.write: \(reasons.count) reasons for \(rows.count) rows")
            let block = 8_192
            let blocks = (rows.count + block - 1) / block
            var parts = [[UInt8]](repeating: [], count: blocks)
            parts.withUnsafeMutableBufferPointer { out in
                Parallel.forEach(items: blocks, threads: Parallel.processorCount) { item, _ in
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(96 * block)
                    for i in (item * block)..<min(rows.count, (item + 1) * block) {
                        let row = rows[i]
                        Self.appendField(ids[row], to: &bytes)
                        bytes.append(UInt8(ascii: ","))
                        Self.appendScore(scores[row], to: &bytes)
                        bytes.append(UInt8(ascii: ","))
                        bytes.append(contentsOf: SimilarityBand(score: scores[row]).rawValue.utf8)
                        bytes.append(UInt8(ascii: ","))
                        Self.appendField(reasons[i].map(\.text).joined(separator: "; "), to: &bytes)
                        bytes.append(UInt8(ascii: "\n"))
                    }
                    out[item] = bytes
                }
            }
            for part in parts where !part.isEmpty { try handle.write(contentsOf: part) }
        }

        /// Flushes the file and renames it over the output in one step.
        func commit() throws {
            try handle.synchronize()
            try handle.close()
            // The C function is `rename`: it replaces the output in one step.
            guard rename(temporary.path, output.path) == 0 else {
                throw WorkspaceError.missingFile(path: output.path, role: "output file (cannot be replaced)")
            }
            isCommitted = true
        }

        /// A score in [0, 1] with six decimals (`0.853210`).
        static func appendScore(_ score: Double, to bytes: inout [UInt8]) {
            let micro = Int((min(1, max(0, score)) * 1_000_000).rounded())
            bytes.append(UInt8(ascii: "0") + UInt8(micro / 1_000_000))
            bytes.append(UInt8(ascii: "."))
            var fraction = micro % 1_000_000
            var digits = [UInt8](repeating: UInt8(ascii: "0"), count: 6)
            for i in stride(from: 5, through: 0, by: -1) {
                digits[i] = UInt8(ascii: "0") + UInt8(fraction % 10)
                fraction /= 10
            }
            bytes.append(contentsOf: digits)
        }

        /// A text field as RFC 4180 asks, with a leading `'` before `= + - @` so spreadsheets do not run it.
        static func appendField(_ field: String, to bytes: inout [UInt8]) {
            var field = field
            if let first = field.utf8.first, first == UInt8(ascii: "=") || first == UInt8(ascii: "+")
                || first == UInt8(ascii: "-") || first == UInt8(ascii: "@") {
                field = "'" + field
            }
            let needsQuotes = field.utf8.contains {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
            }
            guard needsQuotes else {
                bytes.append(contentsOf: field.utf8)
                return
            }
            bytes.append(UInt8(ascii: "\""))
            for byte in field.utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
    }

    /// The best-scoring customers seen so far, with their embedding rows (for reasons at the end); pruned to the
    /// best `count` whenever it holds twice that.
    struct TopCandidates {
        let dimension: Int
        private(set) var ids: [String] = []
        private(set) var scores: [Double] = []
        private(set) var rows: [Float] = []

        init(dimension: Int) { self.dimension = dimension }

        /// Adds a batch's customers that can still be among the best `count`.
        mutating func add(ids batchIDs: [String], scores batchScores: [Double], embedding: Matrix<Float>, keeping count: Int) {
            embedding.withUnsafeBufferPointer { x in
                for i in batchIDs.indices {
                    ids.append(batchIDs[i])
                    scores.append(batchScores[i])
                    rows.append(contentsOf: x[(i * dimension)..<((i + 1) * dimension)])
                }
            }
            if ids.count > 2 * count + 1_024 { self = best(count).candidates }
        }

        /// The best `count`, best first; ties by id.
        func best(_ count: Int) -> (ids: [String], scores: [Double], embedding: Matrix<Float>, candidates: TopCandidates) {
            let order = ids.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : ids[$0] < ids[$1] }.prefix(count)
            var kept = TopCandidates(dimension: dimension)
            for i in order {
                kept.ids.append(ids[i])
                kept.scores.append(scores[i])
                kept.rows.append(contentsOf: rows[(i * dimension)..<((i + 1) * dimension)])
            }
            return (kept.ids, kept.scores, Matrix(rows: kept.ids.count, columns: dimension, elements: kept.rows), kept)
        }
    }
}
