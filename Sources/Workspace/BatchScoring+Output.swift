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
            try texts.withView { view in
                try reasonIndices.withUnsafeBufferPointer { indices in
                    try write(rows: rows, ids: ids, scores: scores) { i, bytes in
                        view.append(UnsafeBufferPointer(rebasing: indices[(i * perRow)..<((i + 1) * perRow)]), to: &bytes)
                    }
                }
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
            var place = 100_000
            while place > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(micro / place % 10))
                place /= 10
            }
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
        /// Where text `i` lies in ``storage``, as it is and with its quotes doubled, and how it is written.
        struct Span {
            let plain: Range<Int>
            let escaped: Range<Int>
            /// Whether it needs quotes.
            let quoted: Bool
            /// Whether it starts like a spreadsheet formula.
            let guarded: Bool
        }

        /// Every text's bytes, then the same with quotes doubled.
        private let storage: [UInt8]
        private let spans: [Span]

        init(texts: [String]) {
            var storage: [UInt8] = [], spans: [Span] = []
            for text in texts {
                var text = text
                text.withUTF8 { bytes in
                    let start = storage.count
                    storage.append(contentsOf: bytes)
                    let middle = storage.count
                    ScoreWriter.appendEscaped(bytes, to: &storage)
                    spans.append(Span(plain: start..<middle, escaped: middle..<storage.count,
                                      quoted: ScoreWriter.needsQuotes(bytes),
                                      guarded: bytes.first.map(ScoreWriter.startsFormula) ?? false))
                }
            }
            self.storage = storage
            self.spans = spans
        }

        /// The texts as buffers, for appending many fields without touching reference counts.
        struct View {
            let storage: UnsafeBufferPointer<UInt8>
            let spans: UnsafeBufferPointer<Span>

            /// Appends the field of the listed texts (−1 ends the list), quoted as ``ScoreWriter/appendField(_:to:)``
            /// would quote their joined text.
            func append(_ indices: UnsafeBufferPointer<Int32>, to bytes: inout [UInt8]) {
                var count = 0, needsQuotes = false
                for index in indices {
                    guard index >= 0 else { break }
                    count += 1
                    needsQuotes = needsQuotes || spans[Int(index)].quoted
                }
                guard count > 0 else { return }
                if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
                if spans[Int(indices[0])].guarded { bytes.append(UInt8(ascii: "'")) }
                for n in 0..<count {
                    if n > 0 { bytes.append(contentsOf: [UInt8(ascii: ";"), UInt8(ascii: " ")]) }
                    let span = spans[Int(indices[n])]
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: storage[needsQuotes ? span.escaped : span.plain]))
                }
                if needsQuotes { bytes.append(UInt8(ascii: "\"")) }
            }
        }

        func withView<R>(_ body: (View) throws -> R) rethrows -> R {
            try storage.withUnsafeBufferPointer { storage in
                try spans.withUnsafeBufferPointer { spans in try body(View(storage: storage, spans: spans)) }
            }
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
