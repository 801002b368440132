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
        var batch: [(line: Int, fields: [String])] = []
        batch.reserveCapacity(min(count, 65_536))
        _ = try visitNext(count) { line, fields in
            batch.append((line, fields.map { String(decoding: $0, as: UTF8.self) }))
        }
        return batch
    }

    /// Visits the next up to `count` records without making strings, and returns how many it visited (0 at the end).
    ///
    /// `body` gets each record's 1-based line and its fields' bytes, in header order, quoted fields
    /// unescaped; the bytes are valid only during the call.
    /// - Throws: `IngestError` naming the file and line of a malformed record or one with
    ///   another number of fields than the header, or what `body` throws.
    public func visitNext(
        _ count: Int, _ body: (_ line: Int, _ fields: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>) throws -> Void
    ) throws -> Int {
        guard let base = source.file.bytes else { return 0 }
        let end = source.file.count
        let capacity = max(1, header.count + 1)
        let spans = UnsafeMutablePointer<FieldSpan>.allocate(capacity: capacity)
        defer { spans.deallocate() }
        let fields = UnsafeMutablePointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: capacity)
        defer { fields.deallocate() }
        // One scratch buffer per column, so several quoted fields of a record stay valid together.
        let scratch = (0..<header.count).map { _ in GrowableBuffer<UInt8>(capacity: 64) }
        var visited = 0
        while visited < count && position < end {
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
            for index in 0..<header.count {
                fields[index] = CSVScanner.fieldBytes(base, spans[index], scratch: scratch[index])
            }
            try body(line, UnsafeBufferPointer(start: fields, count: header.count))
            visited += 1
            line += scan.newlines
            position = scan.next
        }
        return visited
    }
}
