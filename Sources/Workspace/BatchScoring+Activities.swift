import CustomerData
import Foundation
import Lookalike
import Segments

extension BatchScoring {
    /// The activities pass: one streaming read of every activity file into per-customer aggregates.
    ///
    /// Each file must have the columns of one of the activity sources recorded in the model
    /// (customer id, timestamp, and type unless the source has a fixed type); cells are read as
    /// ingest reads them, in the workspace's time zone. With a shard, only the shard's customers are kept.
    /// The measures of ``streamedMeasures(for:)`` are computed along (see ``MeasureStream``).
    func readActivities(for model: LookalikeModel, progress: (Double) -> Void) throws -> ActivityTable {
        guard let layout = model.metadata.layout, !layout.activities.isEmpty else {
            throw WorkspaceError.badValue(
                field: "model", value: self.model.lastPathComponent,
                expected: "a model that records its workspace's activity columns (saved before they were recorded); "
                    + "retrain it with audience similar to score with --activities")
        }
        var stream: MeasureStream?
        let names = try streamedMeasures(for: model)
        if let measures = model.encoder.measures, !names.isEmpty {
            do {
                stream = try measures.stream(names, asOf: model.encoder.options.asOf)
            } catch {
                throw WorkspaceError.badValue(
                    field: "model", value: self.model.lastPathComponent,
                    expected: "a model whose measures can be computed from --activities (\(error)); retrain it with "
                        + "audience similar, or add a column named like each measure to \(input.lastPathComponent)")
            }
        }
        var table = ActivityTable(encoder: model.encoder, measures: stream)
        var row = MeasureStream.Row(fieldCount: stream?.fields.count ?? 0)
        let computesMeasures = stream != nil
        let typeBytes = table.types.map { Array($0.utf8) }
        let channelBytes = table.channels.map { Array($0.utf8) }
        func index(of cell: UnsafeBufferPointer<UInt8>, in names: [[UInt8]]) -> Int {
            for (i, name) in names.enumerated() where name.count == cell.count && name.elementsEqual(cell) { return i }
            return -1
        }
        for (number, file) in activityFiles.enumerated() {
            let header = try CSVRecordReader(url: file, format: .standard).header
            guard let source = layout.activities.first(where: { $0.matches(header: header) }) else {
                let expected = layout.activities.map { a in
                    ([a.customerIDColumn, a.typeColumn, a.timestampColumn, a.amountColumn].compactMap { $0 })
                        .joined(separator: ", ")
                }
                throw WorkspaceError.badValue(
                    field: "activities", value: "\(file.lastPathComponent) (\(header.joined(separator: ", ")))",
                    expected: "the columns of an activity source of the model's workspace: " + expected.joined(separator: " or "))
            }
            let reader = try CSVRecordReader(url: file, format: source.format)
            var cells = try CellReader(timeZone: layout.timeZone, format: source.format)
            let idIndex = reader.header.firstIndex(of: source.customerIDColumn)!
            let timeIndex = reader.header.firstIndex(of: source.timestampColumn)!
            let typeIndex = source.typeColumn.flatMap { reader.header.firstIndex(of: $0) }
            let fixedType = source.fixedType.map { table.types.firstIndex(of: $0) ?? -1 } ?? -1
            let amountIndex = source.amountColumn.flatMap { reader.header.firstIndex(of: $0) }
            let channelIndex = reader.header.firstIndex(of: model.encoder.options.channelColumn)
            let name = file.lastPathComponent
            // Where each measure field comes from in this file: the columns ingest names itself, or a column of
            // the file under the name ingest gives it in the snapshot.
            let sourceName = Array(source.name.utf8)
            let fixedTypeBytes = Array((source.fixedType ?? "").utf8)
            var measureCells: [MeasureCell] = []
            for field in stream?.fields ?? [] {
                switch field.name {
                case "timestamp": measureCells.append(.timestamp)
                case "type": measureCells.append(.type)
                case "source": measureCells.append(.source)
                case "amount": measureCells.append(.amount)
                default:
                    let index = reader.header.indices.first { c in
                        let column = reader.header[c]
                        guard ![source.customerIDColumn, source.typeColumn, source.timestampColumn, source.amountColumn]
                            .contains(column) else { return false }
                        return (Self.reservedActivityNames.contains(column) ? "\(source.name).\(column)" : column) == field.name
                    }
                    measureCells.append(index.map { .column($0, CellKind(type: field.type.rawValue), isText: field.type == .text) } ?? .absent)
                }
            }
            while true {
                let visited = try reader.visitNext(65_536) { line, fields in
                    let id = cells.trimmed(fields[idIndex])
                    if cells.isMissing(id) { return }
                    if let shard, Self.shard(ofBytes: id, count: shard.count) != shard.index { return }
                    let time = cells.trimmed(fields[timeIndex])
                    if cells.isMissing(time) { return }
                    guard let ms = cells.milliseconds(time) else {
                        throw IngestError(file: name, line: line, column: source.timestampColumn,
                                          value: String(decoding: time, as: UTF8.self),
                                          reason: "is not a datetime (expected yyyy-MM-ddTHH:mm:ss)")
                    }
                    var type = fixedType
                    if let typeIndex {
                        let cell = cells.trimmed(fields[typeIndex])
                        type = cells.isMissing(cell) ? -1 : index(of: cell, in: typeBytes)
                    }
                    var amount = Double.nan
                    if let amountIndex {
                        let cell = cells.trimmed(fields[amountIndex])
                        if !cells.isMissing(cell) {
                            guard let v = cells.number(cell) else {
                                throw IngestError(file: name, line: line, column: source.amountColumn,
                                                  value: String(decoding: cell, as: UTF8.self), reason: "is not a number")
                            }
                            amount = v
                        }
                    }
                    var channel = -1
                    if let channelIndex, !channelBytes.isEmpty {
                        let cell = cells.trimmed(fields[channelIndex])
                        if !cells.isMissing(cell) { channel = index(of: cell, in: channelBytes) }
                    }
                    guard computesMeasures else {
                        table.add(customerID: id, type: type, milliseconds: ms,
                                  amount: amount, channel: channel)
                        return
                    }
                    try sourceName.withUnsafeBufferPointer { sourceBytes in
                        try fixedTypeBytes.withUnsafeBufferPointer { fixedBytes in
                            row.milliseconds = ms
                            if let typeIndex {
                                let cell = cells.trimmed(fields[typeIndex])
                                row.type = cells.isMissing(cell) ? UnsafeBufferPointer(start: nil, count: 0) : cell
                            } else {
                                row.type = fixedBytes
                            }
                            for (f, from) in measureCells.enumerated() {
                                switch from {
                                case .timestamp: row.values[f] = Double(ms)
                                case .type: row.texts[f] = row.type
                                case .source: row.texts[f] = sourceBytes
                                case .amount: row.values[f] = amount
                                case .absent:
                                    row.values[f] = .nan
                                    row.texts[f] = UnsafeBufferPointer(start: nil, count: 0)
                                case .column(let c, let kind, let isText):
                                    let (value, text) = try Self.measureCell(
                                        fields[c], kind: kind, isText: isText, cells: &cells,
                                        file: name, line: line, column: reader.header[c])
                                    row.values[f] = value
                                    row.texts[f] = text
                                }
                            }
                            table.add(customerID: id, type: type, milliseconds: ms,
                                      amount: amount, channel: channel, measureRow: row)
                        }
                    }
                }
                if visited == 0 { break }
                progress((Double(number) + reader.fractionRead) / Double(activityFiles.count))
            }
        }
        return table
    }

    /// The measures of the model the input has no column for, which the activities pass computes;
    /// `distinct_count` measures are left to their column (no fixed accumulator counts distinct values exactly).
    func streamedMeasures(for model: LookalikeModel) throws -> [String] {
        guard let measures = model.encoder.measures, !activityFiles.isEmpty else { return [] }
        let header = try CSVRecordReader(url: input, format: model.metadata.layout?.customerFormat ?? .standard).header
        return measures.definitions.filter { definition in
            definition.aggregate != .distinctCount && !header.contains(definition.name)
                && model.encoder.fields.contains { $0.name == definition.name }
        }.map(\.name)
    }

    /// The activity columns ingest names itself; a file column of such a name is `<source>.<name>` in the snapshot.
    static let reservedActivityNames: Set<String> = ["customer", "source", "type", "timestamp", "amount"]

    /// Reads a cell of an activity field a measure reads, as ingest types it: the value (numbers, booleans as
    /// 1 or 0, dates in days, datetimes in milliseconds; NaN when missing) or the bytes (categories trimmed,
    /// texts as written; empty when missing).
    static func measureCell(
        _ raw: UnsafeBufferPointer<UInt8>, kind: CellKind, isText: Bool, cells: inout CellReader,
        file: String, line: Int, column: String
    ) throws -> (Double, UnsafeBufferPointer<UInt8>) {
        let none = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        if isText { return (.nan, cells.isMissing(raw) ? none : raw) }
        let cell = cells.trimmed(raw)
        if cells.isMissing(cell) { return (.nan, none) }
        func bad(_ reason: String) -> IngestError {
            IngestError(file: file, line: line, column: column, value: String(decoding: cell, as: UTF8.self), reason: reason)
        }
        switch kind {
        case .number:
            guard let v = cells.number(cell) else { throw bad("is not a number") }
            return (v, none)
        case .boolean:
            guard let v = cells.boolean(cell) else { throw bad("is not a boolean (expected true/false/yes/no/1/0)") }
            return (v ? 1 : 0, none)
        case .date:
            guard let v = cells.days(cell) else { throw bad("is not a date") }
            return (Double(v), none)
        case .datetime:
            guard let v = cells.milliseconds(cell) else { throw bad("is not a datetime") }
            return (Double(v), none)
        case .category:
            return (.nan, cell)
        }
    }
}

/// Where a field a measure reads comes from in one activity file.
enum MeasureCell {
    case timestamp, type, source, amount
    /// Not in this file: empty.
    case absent
    /// File column `index`, typed as `kind` (`isText`: a free-text field, read untrimmed).
    case column(Int, CellKind, isText: Bool)
}
