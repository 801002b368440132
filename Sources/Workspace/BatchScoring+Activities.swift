import CustomerData
import Foundation
import Lookalike

extension BatchScoring {
    /// The activities pass: one streaming read of every activity file into per-customer aggregates.
    ///
    /// Each file must have the columns of one of the activity sources recorded in the model
    /// (customer id, timestamp, and type unless the source has a fixed type); cells are read as
    /// ingest reads them, in the workspace's time zone. With a shard, only the shard's customers are kept.
    func readActivities(for model: LookalikeModel, progress: (Double) -> Void) throws -> ActivityTable {
        guard let layout = model.metadata.layout, !layout.activities.isEmpty else {
            throw WorkspaceError.badValue(
                field: "model", value: self.model.lastPathComponent,
                expected: "a model that records its workspace's activity columns (saved before they were recorded); "
                    + "retrain it with audience similar to score with --activities")
        }
        var table = ActivityTable(encoder: model.encoder)
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
                    table.add(customerID: String(decoding: id, as: UTF8.self), type: type, milliseconds: ms,
                              amount: amount, channel: channel)
                }
                if visited == 0 { break }
                progress((Double(number) + reader.fractionRead) / Double(activityFiles.count))
            }
        }
        return table
    }
}
