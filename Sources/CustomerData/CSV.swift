import Foundation

// A byte-level RFC 4180 reader: quoted fields with embedded delimiters,
// newlines and doubled quotes, CRLF or LF line ends, an optional UTF-8 BOM,
// a configurable one-byte delimiter. Completely blank lines are skipped.
//
// A quote inside an unquoted field is kept as a literal character. Text after
// a closing quote other than a delimiter or a line end is an error.
//
// The file is cut into chunks that are parsed concurrently. A chunk after the
// first starts speculatively after the first newline past its nominal start;
// the chunk before it, which parses on until it has passed that point, then
// tells whether the guess was a record boundary (it ends exactly there). When
// it was not (the newline was inside a quoted field) the rest is parsed again
// from the true boundary. Line numbers are counted per chunk and made absolute
// when the chunks are merged in order.

let asciiNewline: UInt8 = 0x0A
let asciiReturn: UInt8 = 0x0D
let asciiQuote: UInt8 = 0x22

/// Where a field's bytes are in the file: `[start, end)`, without the quotes
/// of a quoted field. `escaped` says the field holds doubled quotes to undo.
struct FieldSpan {
    var start: Int
    var end: Int
    var quoted: Bool
    var escaped: Bool
}

/// How a record ended.
enum RecordStatus: Equatable {
    case ok
    /// A quoted field ran to the end of the file (the field's index).
    case unterminatedQuote(field: Int)
    /// A closing quote was followed by something other than a delimiter or line end.
    case textAfterQuote(field: Int)
}

struct RecordScan {
    /// The position after the record's line end.
    var next: Int
    /// The number of fields (may exceed the scratch capacity).
    var fieldCount: Int
    /// Line ends consumed, the record's own included (0 for a last line without one).
    var newlines: Int
    var status: RecordStatus
}

enum CSVScanner {
    /// The length of a UTF-8 byte order mark at the start, 0 or 3.
    static func bomLength(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int {
        (count >= 3 && base[0] == 0xEF && base[1] == 0xBB && base[2] == 0xBF) ? 3 : 0
    }

    /// Scans the record starting at `start` (which must not be past `end`).
    /// Fields beyond `capacity` are counted but not stored.
    @inline(__always)
    static func scanRecord(
        _ base: UnsafePointer<UInt8>, from start: Int, end: Int, delimiter: UInt8,
        fields: UnsafeMutablePointer<FieldSpan>, capacity: Int
    ) -> RecordScan {
        var p = start
        var n = 0
        var newlines = 0
        while true {
            if p < end && base[p] == asciiQuote {
                p += 1
                let s = p
                var escaped = false
                while true {
                    while p < end {
                        let c = base[p]
                        if c == asciiQuote { break }
                        if c == asciiNewline { newlines += 1 }
                        p += 1
                    }
                    if p >= end {
                        if n < capacity { fields[n] = FieldSpan(start: s, end: end, quoted: true, escaped: escaped) }
                        return RecordScan(next: end, fieldCount: n + 1, newlines: newlines, status: .unterminatedQuote(field: n))
                    }
                    if p + 1 < end && base[p + 1] == asciiQuote {
                        escaped = true
                        p += 2
                        continue
                    }
                    break
                }
                if n < capacity { fields[n] = FieldSpan(start: s, end: p, quoted: true, escaped: escaped) }
                n += 1
                p += 1
                if p >= end { return RecordScan(next: end, fieldCount: n, newlines: newlines, status: .ok) }
                let c = base[p]
                if c == delimiter { p += 1; continue }
                if c == asciiNewline { return RecordScan(next: p + 1, fieldCount: n, newlines: newlines + 1, status: .ok) }
                if c == asciiReturn && (p + 1 >= end || base[p + 1] == asciiNewline) {
                    if p + 1 >= end { return RecordScan(next: end, fieldCount: n, newlines: newlines, status: .ok) }
                    return RecordScan(next: p + 2, fieldCount: n, newlines: newlines + 1, status: .ok)
                }
                // Resynchronise at the end of the physical line.
                let bad = n - 1
                while p < end && base[p] != asciiNewline { p += 1 }
                if p < end { return RecordScan(next: p + 1, fieldCount: n, newlines: newlines + 1, status: .textAfterQuote(field: bad)) }
                return RecordScan(next: end, fieldCount: n, newlines: newlines, status: .textAfterQuote(field: bad))
            } else {
                let s = p
                while p < end {
                    let c = base[p]
                    if c == delimiter || c == asciiNewline { break }
                    p += 1
                }
                if p < end && base[p] == delimiter {
                    if n < capacity { fields[n] = FieldSpan(start: s, end: p, quoted: false, escaped: false) }
                    n += 1
                    p += 1
                    continue
                }
                var e = p
                if e > s && base[e - 1] == asciiReturn { e -= 1 }
                if n < capacity { fields[n] = FieldSpan(start: s, end: e, quoted: false, escaped: false) }
                n += 1
                if p < end { return RecordScan(next: p + 1, fieldCount: n, newlines: newlines + 1, status: .ok) }
                return RecordScan(next: end, fieldCount: n, newlines: newlines, status: .ok)
            }
        }
    }

    /// The length of a blank line at `p` (LF, CRLF, or a lone CR at the end), or 0.
    @inline(__always)
    static func blankLineLength(_ base: UnsafePointer<UInt8>, at p: Int, end: Int) -> Int {
        let c = base[p]
        if c == asciiNewline { return 1 }
        if c == asciiReturn {
            if p + 1 >= end { return 1 }
            if base[p + 1] == asciiNewline { return 2 }
        }
        return 0
    }

    /// The position after the first newline at or after `position`, or `end`.
    static func speculativeRecordStart(_ base: UnsafePointer<UInt8>, after position: Int, end: Int) -> Int {
        var p = position
        while p < end && base[p] != asciiNewline { p += 1 }
        return p < end ? p + 1 : end
    }

    /// The bytes of a field, quotes undone (uses `scratch` when the field has doubled quotes).
    @inline(__always)
    static func fieldBytes(
        _ base: UnsafePointer<UInt8>, _ span: FieldSpan, scratch: GrowableBuffer<UInt8>
    ) -> UnsafeBufferPointer<UInt8> {
        if !span.escaped {
            return UnsafeBufferPointer(start: base + span.start, count: span.end - span.start)
        }
        scratch.removeAll()
        var i = span.start
        while i < span.end {
            let c = base[i]
            scratch.append(c)
            i += (c == asciiQuote && i + 1 < span.end && base[i + 1] == asciiQuote) ? 2 : 1
        }
        return UnsafeBufferPointer(start: scratch.base, count: scratch.count)
    }
}

/// Receives the records of one chunk, in order.
protocol RecordSink: AnyObject {
    /// `line` is the chunk-relative line (0 for the chunk's first line).
    func record(
        _ base: UnsafePointer<UInt8>, fields: UnsafePointer<FieldSpan>, count: Int,
        status: RecordStatus, line: Int
    )
}

/// The result of scanning one chunk.
struct ChunkScanResult {
    /// The position after the last record (at or past the soft end).
    var end: Int
    /// Line ends consumed in the chunk.
    var lines: Int
}

enum ChunkScanner {
    /// Scans records starting at `start` while they start before `softEnd`;
    /// the last one may run on to `hardEnd`.
    static func scan(
        _ base: UnsafePointer<UInt8>, start: Int, softEnd: Int, hardEnd: Int, delimiter: UInt8,
        capacity: Int, sink: some RecordSink
    ) -> ChunkScanResult {
        let fields = UnsafeMutablePointer<FieldSpan>.allocate(capacity: max(1, capacity))
        defer { fields.deallocate() }
        var p = start
        var line = 0
        while p < softEnd {
            let blank = CSVScanner.blankLineLength(base, at: p, end: hardEnd)
            if blank > 0 {
                p += blank
                if blank == 2 || base[p - 1] == asciiNewline { line += 1 }
                continue
            }
            let r = CSVScanner.scanRecord(base, from: p, end: hardEnd, delimiter: delimiter, fields: fields, capacity: capacity)
            sink.record(base, fields: UnsafePointer(fields), count: r.fieldCount, status: r.status, line: line)
            line += r.newlines
            p = r.next
        }
        return ChunkScanResult(end: p, lines: line)
    }
}

/// A whole CSV file read into strings: for the sample of the type inference,
/// the header and the tests. Not for the bulk of an ingest.
struct CSVTable {
    var header: [String]
    /// Records with their 1-based start line.
    var records: [(line: Int, fields: [String])]
    var statuses: [RecordStatus]
}

enum CSVText {
    /// Parses the header and up to `limit` records of the bytes.
    static func read(
        _ base: UnsafePointer<UInt8>?, count: Int, delimiter: UInt8, limit: Int = .max
    ) -> CSVTable {
        guard let base, count > 0 else { return CSVTable(header: [], records: [], statuses: []) }
        var p = CSVScanner.bomLength(base, count)
        var line = 1
        var header: [String] = []
        var records: [(line: Int, fields: [String])] = []
        var statuses: [RecordStatus] = []
        let capacity = 4096
        let fields = UnsafeMutablePointer<FieldSpan>.allocate(capacity: capacity)
        defer { fields.deallocate() }
        let scratch = GrowableBuffer<UInt8>()
        var first = true
        while p < count && records.count < limit {
            let blank = CSVScanner.blankLineLength(base, at: p, end: count)
            if blank > 0 {
                p += blank
                if blank == 2 || base[p - 1] == asciiNewline { line += 1 }
                continue
            }
            let r = CSVScanner.scanRecord(base, from: p, end: count, delimiter: delimiter, fields: fields, capacity: capacity)
            var values: [String] = []
            for i in 0..<min(r.fieldCount, capacity) {
                values.append(String(decoding: CSVScanner.fieldBytes(base, fields[i], scratch: scratch), as: UTF8.self))
            }
            if first {
                header = values
                first = false
            } else {
                records.append((line, values))
                statuses.append(r.status)
            }
            line += r.newlines
            p = r.next
        }
        return CSVTable(header: header, records: records, statuses: statuses)
    }

    static func read(_ text: String, delimiter: UInt8 = UInt8(ascii: ",")) -> CSVTable {
        var text = text
        return text.withUTF8 { read($0.baseAddress, count: $0.count, delimiter: delimiter) }
    }
}
