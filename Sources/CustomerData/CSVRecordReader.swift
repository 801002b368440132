import Foundation

/// Reads a CSV file's records in order, a batch at a time, as strings: for tools that
/// stream a file of any size with bounded memory (batch scoring), not for the ingest.
///
/// The file is memory-mapped; only the current batch's strings are held.
public final class CSVRecordReader {
    /// The header's column names, in file order.
    public let header: [String]
    private let source: CSVSource
    private var position: Int
    private var line: Int

    /// Opens `url` and reads its header.
    ///
    /// - Throws: `IngestError` naming the file when it is missing, empty or its header is malformed.
    public init(url: URL, format: CSVFormat = .standard) throws {
        source = try CSVSource(path: url.path, displayName: url.lastPathComponent, format: format)
        header = source.header
        position = source.bodyStart
        line = source.bodyLine
    }

    /// The fraction of the file read so far (0…1).
    public var fractionRead: Double {
        source.file.count == 0 ? 1 : Double(position) / Double(source.file.count)
    }

    /// The next up to `count` records (each with its 1-based line), or an empty array at the end.
    ///
    /// - Throws: `IngestError` naming the file and line of a malformed record or one with
    ///   another number of fields than the header.
    public func nextBatch(_ count: Int) throws -> [(line: Int, fields: [String])] {
        guard let base = source.file.bytes else { return [] }
        let end = source.file.count
        let capacity = max(1, header.count + 1)
        let spans = UnsafeMutablePointer<FieldSpan>.allocate(capacity: capacity)
        defer { spans.deallocate() }
        let scratch = GrowableBuffer<UInt8>()
        var batch: [(line: Int, fields: [String])] = []
        batch.reserveCapacity(min(count, 65_536))
        while batch.count < count && position < end {
            let blank = CSVScanner.blankLineLength(base, at: position, end: end)
            if blank > 0 {
                position += blank
                if blank == 2 || base[position - 1] == asciiNewline { line += 1 }
                continue
            }
            let scan = CSVScanner.scanRecord(
                base, from: position, end: end, delimiter: source.delimiter, fields: spans, capacity: capacity)
            if scan.status != .ok {
                throw IngestError(file: source.displayName, line: line, reason: "malformed quoted field")
            }
            guard scan.fieldCount == header.count else {
                throw IngestError(
                    file: source.displayName, line: line,
                    reason: "has \(scan.fieldCount) fields, the header has \(header.count)")
            }
            var fields: [String] = []
            fields.reserveCapacity(header.count)
            for index in 0..<header.count {
                fields.append(String(decoding: CSVScanner.fieldBytes(base, spans[index], scratch: scratch), as: UTF8.self))
            }
            batch.append((line, fields))
            line += scan.newlines
            position = scan.next
        }
        return batch
    }
}
