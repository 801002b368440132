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

        /// Writes the listed rows with reasons given as indices into `texts` (``ReasonField``), `perRow` each
        /// (−1 past a row's last reason): the reasons' texts joined by `; ` as one field.
        func write(rows: [Int], ids: [String], scores: [Double], reasonIndices: [Int32], perRow: Int,
                   texts: ReasonField) throws {
            precondition(reasonIndices.count == rows.count * perRow,
                         "ScoreWriter.write: \(reasonIndices.count) reason indices for \(rows.count) rows of \(perRow)")
            try write(rows: rows, ids: ids, scores: scores) { i, bytes in
                texts.append(reasonIndices[(i * perRow)..<((i + 1) * perRow)], to: &bytes)
            }
        }

        /// Formats the rows on every core (`reasons` appends the i-th listed row's reasons field) and writes them.
        private func write(rows: [Int], ids: [String], scores: [Double],
                           reasons: (Int, inout [UInt8]) -> Void) throws {
            let block = 8_192
            let blocks = (rows.count + block - 1) / block
            var parts = [[UInt8]](repeating: [], count: blocks)
            parts.withUnsafeMutableBufferPointer { out in
                Parallel.forEach(items: blocks, threads: Parallel.processorCount) { item, _ in
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(128 * block)
                    for i in (item * block)..<min(rows.count, (item + 1) * block) {
                        let row = rows[i]
                        Self.appendField(ids[row], to: &bytes)
                        bytes.append(UInt8(ascii: ","))
                        Self.appendScore(scores[row], to: &bytes)
                        bytes.append(UInt8(ascii: ","))
                        bytes.append(contentsOf: SimilarityBand(score: scores[row]).rawValue.utf8)
                        bytes.append(UInt8(ascii: ","))
                        reasons(i, &bytes)
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
            field.withUTF8 { appendField(bytes: $0, to: &bytes) }
        }

        /// ``appendField(_:to:)`` of a field's UTF-8 bytes.
        static func appendField(bytes field: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
            let guarded = field.first.map(startsFormula) ?? false
            guard needsQuotes(field) else {
                if guarded { bytes.append(UInt8(ascii: "'")) }
                bytes.append(contentsOf: field)
                return
            }
            bytes.append(UInt8(ascii: "\""))
            if guarded { bytes.append(UInt8(ascii: "'")) }
            appendEscaped(field, to: &bytes)
            bytes.append(UInt8(ascii: "\""))
        }

        /// Whether a field's first byte would make a spreadsheet read it as a formula.
        static func startsFormula(_ byte: UInt8) -> Bool {
            byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
        }

        /// Whether a field needs quotes: it holds a comma, quote or line break.
        static func needsQuotes(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
            var found = false
            for byte in field {
                found = found || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
                    || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            }
            return found
        }

        /// The bytes with each quote doubled.
        static func appendEscaped(_ field: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
            for byte in field {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
        }
    }

    /// A model's reason texts, encoded once, for writing a reasons field (texts joined by `; `) from indices.
    struct ReasonField: Sendable {
        private let plain: [[UInt8]]
        private let escaped: [[UInt8]]
        private let quoted: [Bool]

        init(texts: [String]) {
            plain = texts.map { Array($0.utf8) }
            escaped = plain.map { text in
                var out: [UInt8] = []
                text.withUnsafeBufferPointer { ScoreWriter.appendEscaped($0, to: &out) }
                return out
            }
            quoted = plain.map { text in text.withUnsafeBufferPointer { ScoreWriter.needsQuotes($0) } }
        }

        /// Appends the field of the listed texts (−1 ends the list), quoted as ``ScoreWriter/appendField(_:to:)``
        /// would quote their joined text.
        func append(_ indices: ArraySlice<Int32>, to bytes: inout [UInt8]) {
            var count = 0, needsQuotes = false
            for index in indices {
                guard index >= 0 else { break }
                count += 1
                needsQuotes = needsQuotes || quoted[Int(index)]
            }
            guard count > 0 else { return }
            let first = Int(indices[indices.startIndex])
            let guarded = plain[first].first.map(ScoreWriter.startsFormula) ?? false
            if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
            if guarded { bytes.append(UInt8(ascii: "'")) }
            for (n, index) in indices.prefix(count).enumerated() {
                if n > 0 { bytes.append(contentsOf: [UInt8(ascii: ";"), UInt8(ascii: " ")]) }
                bytes.append(contentsOf: needsQuotes ? escaped[Int(index)] : plain[Int(index)])
            }
            if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
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
