import Foundation

// Type inference from a sample of a CSV file, for columns whose type
// `audience.json` does not declare, and for `audience init`.
//
// The rules, over the non-missing cells of the sample (first 1000 records):
//   boolean   every cell is true/false/yes/no/1/0 and at least one is a word
//             (a column of only 0 and 1 is a number);
//   date      every cell is a date (ISO 8601 `yyyy-MM-dd`, or the source's `dateFormat`);
//   datetime  every cell is a date or a datetime (ISO 8601, or `datetimeFormat`);
//   number    every cell is a number;
//   category  few distinct values: at most 50 and at most half of the cells,
//             or at most 1% of the cells;
//   text      anything else, and a column without any value in the sample.

/// The number of records the inference reads.
public let typeInferenceSampleRows = 1000

/// The columns of a CSV file in header order with their inferred types.
public func inferColumns(
    ofCSVAt url: URL, format: CSVFormat = .standard, sampleRows: Int = typeInferenceSampleRows
) throws -> [(name: String, type: ColumnType)] {
    let source = try CSVSource(path: url.path, displayName: url.lastPathComponent, format: format)
    let sample = source.sample(limit: sampleRows)
    return try source.header.enumerated().map { index, name in
        (name, try inferType(ofSampleColumn: index, of: sample, format: format, file: source.displayName))
    }
}

/// The inferred type of the cells `values` (cells as read, missing ones included).
public func inferColumnType(of values: [String], format: CSVFormat = .standard) -> ColumnType {
    TypeInferrer(format: format).infer(values)
}

func inferType(ofSampleColumn index: Int, of sample: CSVTable, format: CSVFormat, file: String) throws -> ColumnType {
    let values = sample.records.compactMap { index < $0.fields.count ? $0.fields[index] : nil }
    return TypeInferrer(format: format).infer(values)
}

struct TypeInferrer {
    let missing: MissingMatcher
    let datePattern: DatePattern?
    let datetimePattern: DatePattern?

    init(format: CSVFormat) {
        missing = MissingMatcher(format.missingValues)
        datePattern = format.dateFormat.flatMap(DatePattern.init)
        datetimePattern = format.datetimeFormat.flatMap(DatePattern.init)
    }

    func infer(_ values: [String]) -> ColumnType {
        var allBoolean = true, anyWordBoolean = false
        var allDate = true, allDatetime = true, allNumber = true
        var distinct = Set<String>()
        var count = 0
        for value in values {
            var value = value
            let present = value.withUTF8 { buffer -> Bool in
                guard let base = buffer.baseAddress else { return false }
                let (p, n) = trimmed(base, buffer.count)
                if missing.isMissing(p, n) { return false }
                count += 1
                if allBoolean {
                    if BooleanParser.parse(p, n) == nil { allBoolean = false }
                    else if BooleanParser.isWordBoolean(p, n) { anyWordBoolean = true }
                }
                let date = ISO8601.parseDate(p, n) ?? datePattern?.parse(p, n)
                if allDate && date == nil { allDate = false }
                if allDatetime && date == nil && (ISO8601.parseDatetime(p, n) ?? datetimePattern?.parse(p, n)) == nil {
                    allDatetime = false
                }
                if allNumber && NumberParser.parse(p, n) == nil { allNumber = false }
                return true
            }
            if present && distinct.count <= 10_000 { distinct.insert(value) }
        }
        if count == 0 { return .text }
        if allBoolean && anyWordBoolean { return .boolean }
        if allDate { return .date }
        if allDatetime { return .datetime }
        if allNumber { return .number }
        let d = distinct.count
        if (d <= 50 && d * 2 <= count) || d * 100 <= count { return .category }
        return .text
    }
}

/// Validates a source's format: the delimiter must be one ASCII character
/// other than a quote or a line end.
func delimiterByte(of format: CSVFormat, file: String) throws -> UInt8 {
    let bytes = Array(format.delimiter.utf8)
    guard bytes.count == 1, bytes[0] < 0x80, bytes[0] != asciiQuote, bytes[0] != asciiNewline, bytes[0] != asciiReturn else {
        throw IngestError.config(
            "\(file): the delimiter must be one ASCII character other than a quote or a line end, got \"\(format.delimiter)\"")
    }
    return bytes[0]
}

/// A CSV file opened for reading: the memory map, the header and where the body starts.
final class CSVSource: @unchecked Sendable {
    let displayName: String
    let path: String
    let file: MappedFile
    let delimiter: UInt8
    let header: [String]
    /// The offset of the first byte after the header's line end.
    let bodyStart: Int
    /// The line number of the first line after the header.
    let bodyLine: Int

    init(path: String, displayName: String, format: CSVFormat) throws {
        self.displayName = displayName
        self.path = path
        delimiter = try delimiterByte(of: format, file: displayName)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw IngestError(file: displayName, reason: "file not found (\(path))")
        }
        if isDirectory.boolValue { throw IngestError(file: displayName, reason: "is a folder, not a CSV file (\(path))") }
        do {
            file = try MappedFile(path: path)
        } catch {
            throw IngestError(file: displayName, reason: "cannot read the file (\(path))")
        }
        guard let base = file.bytes, file.count > 0 else {
            throw IngestError(file: displayName, reason: "the file is empty (no header row)")
        }
        var p = CSVScanner.bomLength(base, file.count)
        var line = 1
        while p < file.count {
            let blank = CSVScanner.blankLineLength(base, at: p, end: file.count)
            if blank == 0 { break }
            p += blank
            line += 1
        }
        guard p < file.count else { throw IngestError(file: displayName, reason: "the file is empty (no header row)") }
        let capacity = 65_536
        let fields = UnsafeMutablePointer<FieldSpan>.allocate(capacity: capacity)
        defer { fields.deallocate() }
        let r = CSVScanner.scanRecord(base, from: p, end: file.count, delimiter: delimiter, fields: fields, capacity: capacity)
        if r.status != .ok {
            throw IngestError(file: displayName, line: line, reason: "the header row has an unterminated or malformed quoted field")
        }
        let scratch = GrowableBuffer<UInt8>()
        var names: [String] = []
        var seen = Set<String>()
        for i in 0..<min(r.fieldCount, capacity) {
            let name = String(decoding: CSVScanner.fieldBytes(base, fields[i], scratch: scratch), as: UTF8.self)
                .trimmingCharacters(in: .whitespaces)
            if name.isEmpty {
                throw IngestError(file: displayName, line: line, reason: "the header's column \(i + 1) has no name")
            }
            if !seen.insert(name).inserted {
                throw IngestError(file: displayName, line: line, reason: "column \"\(name)\" appears twice in the header")
            }
            names.append(name)
        }
        header = names
        bodyStart = r.next
        bodyLine = line + r.newlines
    }

    /// The first `limit` records after the header, as text.
    func sample(limit: Int) -> CSVTable {
        guard let base = file.bytes else { return CSVTable(header: header, records: [], statuses: []) }
        var p = bodyStart
        var line = bodyLine
        let capacity = header.count + 1
        let fields = UnsafeMutablePointer<FieldSpan>.allocate(capacity: capacity)
        defer { fields.deallocate() }
        let scratch = GrowableBuffer<UInt8>()
        var records: [(line: Int, fields: [String])] = []
        var statuses: [RecordStatus] = []
        while p < file.count && records.count < limit {
            let blank = CSVScanner.blankLineLength(base, at: p, end: file.count)
            if blank > 0 {
                p += blank
                if blank == 2 || base[p - 1] == asciiNewline { line += 1 }
                continue
            }
            let r = CSVScanner.scanRecord(base, from: p, end: file.count, delimiter: delimiter, fields: fields, capacity: capacity)
            var values: [String] = []
            for i in 0..<min(r.fieldCount, capacity) {
                values.append(String(decoding: CSVScanner.fieldBytes(base, fields[i], scratch: scratch), as: UTF8.self))
            }
            if r.status == .ok && r.fieldCount == header.count { records.append((line, values)) }
            statuses.append(r.status)
            line += r.newlines
            p = r.next
        }
        return CSVTable(header: header, records: records, statuses: statuses)
    }

    /// The header's index of a column, or an error naming the header's columns.
    func index(of column: String, role: String? = nil) throws -> Int {
        if let i = header.firstIndex(of: column) { return i }
        let what = role.map { " (\($0))" } ?? ""
        throw IngestError(
            file: displayName,
            reason: "column \"\(column)\"\(what) not found in the header; the header has: \(header.joined(separator: ", "))")
    }
}
