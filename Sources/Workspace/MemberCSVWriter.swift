import CustomerData
import Foundation
import Segments

/// Writes customers as RFC 4180 CSV, streamed through a 1 MiB buffer.
///
/// Cells holding a comma, quote or line break are quoted (quotes doubled). Text cells
/// (ids, text and category values) starting with `=`, `+`, `-` or `@` get a leading `'`
/// so spreadsheets do not run them as formulas; numbers, dates and booleans are written
/// by Audience itself and never start with `=` or `@`. Measure values are written like
/// number, date and datetime attributes (see `MemberFields`).
struct MemberCSVWriter {
    let columns: MemberFields
    private var buffer: [UInt8] = []
    private let handle: FileHandle
    private static let flushSize = 1 << 20

    /// Opens `url` for writing (replacing it) with the given columns.
    /// - Throws: `SegmentLifecycleError.cannotWrite` when the file cannot be created.
    init(columns: MemberFields, url: URL) throws {
        self.columns = columns
        guard FileManager.default.createFile(atPath: url.path, contents: nil),
              let handle = FileHandle(forWritingAtPath: url.path)
        else {
            throw SegmentLifecycleError.cannotWrite(path: url.path, reason: "cannot create the file")
        }
        self.handle = handle
        buffer.reserveCapacity(Self.flushSize + 4096)
    }

    /// Writes the header row.
    mutating func writeHeader() throws {
        for (index, name) in columns.names.enumerated() {
            if index > 0 { buffer.append(0x2C) }
            var text = name
            text.withUTF8 { appendCell($0, guardFormula: true) }
        }
        buffer.append(0x0D)
        buffer.append(0x0A)
    }

    /// Writes one row per member, in row order; returns how many.
    mutating func write(_ members: MemberSet) throws -> Int {
        var rows = 0
        for row in members {
            let row = Int(row)
            guard row < columns.snapshot.customers.rowCount else { continue }
            for (index, field) in columns.fields.enumerated() {
                if index > 0 { buffer.append(0x2C) }
                appendField(field, row: row)
            }
            buffer.append(0x0D)
            buffer.append(0x0A)
            rows += 1
            if buffer.count >= Self.flushSize { try flush() }
        }
        return rows
    }

    /// Writes what is buffered and closes the file.
    mutating func finish() throws {
        try flush()
        try handle.close()
    }

    private mutating func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private mutating func appendField(_ field: MemberFields.Field, row: Int) {
        switch field {
        case .id:
            appendCell(columns.snapshot.customerIDs.bytes(at: row), guardFormula: true)
        case .attribute(let column):
            switch column {
            case .text(let text):
                if !text.isMissing(row) { appendCell(text.values.bytes(at: row), guardFormula: true) }
            case .category(let category):
                let code = category.codes[row]
                if !category.isMissing(row) { appendCell(category.dictionary.bytes(at: Int(code)), guardFormula: true) }
            default:
                if let text = column.text(at: row) {
                    var text = text
                    text.withUTF8 { appendCell($0, guardFormula: false) }
                }
            }
        case .measure(let values, let type):
            if var text = MemberFields.text(ofMeasureValue: values[row], type: type) {
                text.withUTF8 { appendCell($0, guardFormula: false) }
            }
        }
    }

    /// Appends one cell, quoted when needed, with the formula guard for text.
    private mutating func appendCell(_ bytes: UnsafeBufferPointer<UInt8>, guardFormula: Bool) {
        var needsQuotes = false
        for byte in bytes where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        let isFormula = guardFormula && bytes.first.map { $0 == 0x3D || $0 == 0x2B || $0 == 0x2D || $0 == 0x40 } == true
        if needsQuotes { buffer.append(0x22) }
        if isFormula { buffer.append(0x27) }
        if needsQuotes {
            for byte in bytes {
                buffer.append(byte)
                if byte == 0x22 { buffer.append(0x22) }
            }
            buffer.append(0x22)
        } else {
            buffer.append(contentsOf: bytes)
        }
    }
}
