import CustomerData
import Foundation
import Lookalike

extension BatchScoring {
    /// Reads a customers CSV a batch at a time into ``ProfileBatch``es, cell by cell as ingest reads cells.
    final class CustomerReader: @unchecked Sendable {  // reason: used by one thread at a time; the scorer hands it to the prefetching thread and waits for it back
        private let reader: CSVRecordReader
        private var cells: CellReader
        private let idIndex: Int
        private let columnOfField: [Int?]
        private let kinds: [CellKind]
        private let fields: [(name: String, type: String)]
        private let shard: (index: Int, count: Int)?
        private let fileName: String
        /// The activities pass, when its measures stand in for columns the file lacks.
        private let activities: ActivityTable?
        /// Per profile field: the index of its measure in `activities.measures`, or −1 (read from the file).
        private let streamedMeasure: [Int]
        /// Profile fields the file has no column for.
        let absentFields: [String]

        /// Opens the file and finds the id column and the encoder's fields in its header; a measure without a
        /// column takes its values from the activities pass.
        init(input: URL, idColumn: String?, model: LookalikeModel, shard: (index: Int, count: Int)?,
             activities: ActivityTable? = nil) throws {
            let layout = model.metadata.layout
            let format = layout?.customerFormat ?? .standard
            reader = try CSVRecordReader(url: input, format: format)
            cells = try CellReader(timeZone: layout?.timeZone ?? "UTC", format: format)
            let idName = idColumn ?? layout?.customerIDColumn ?? "customer_id"
            guard let idIndex = reader.header.firstIndex(of: idName) else {
                throw WorkspaceError.badValue(
                    field: "id", value: idName,
                    expected: "a column of \(input.lastPathComponent) (\(reader.header.joined(separator: ", ")))")
            }
            self.idIndex = idIndex
            let fields = ProfileBatch(encoder: model.encoder).fields
            let header = reader.header
            let columns = fields.map { header.firstIndex(of: $0.name) }
            self.fields = fields
            columnOfField = columns
            // A measure is computed from activities in the workspace; here its values come as a column or from the
            // activities pass, and scoring without either would silently count every customer as having none.
            let streamed = activities?.measures?.names ?? []
            let streamedMeasure = fields.indices.map { f in columns[f] == nil ? streamed.firstIndex(of: fields[f].name) ?? -1 : -1 }
            self.streamedMeasure = streamedMeasure
            if let measures = model.encoder.measures,
               let absent = fields.indices.first(where: {
                   columns[$0] == nil && streamedMeasure[$0] < 0 && measures.contains(fields[$0].name)
               }) {
                let name = fields[absent].name
                let asOf = ISO8601DateFormatter.string(
                    from: model.encoder.options.asOf, timeZone: TimeZone(identifier: measures.timeZone) ?? .gmt,
                    formatOptions: [.withInternetDateTime])
                let isDistinct = measures.definitions.first { $0.name == name }?.aggregate == .distinctCount
                throw IngestError(
                    file: input.lastPathComponent, line: 1, column: name,
                    reason: "is missing: the model encodes the measure \(name); "
                        + (isDistinct
                            ? "a distinct_count is not computed from --activities, so add a column \"\(name)\" "
                            : "give the activity files with --activities to compute it, or add a column \"\(name)\" ")
                        + "with each customer's value as of the model's as-of instant \(asOf) (as `audience` computes "
                        + "it in the workspace), empty where it has no value")
            }
            self.activities = streamedMeasure.contains { $0 >= 0 } ? activities : nil
            absentFields = fields.indices.filter { columns[$0] == nil && streamedMeasure[$0] < 0 }.map { fields[$0].name }
            kinds = fields.map { CellKind(type: $0.type) }
            self.shard = shard
            fileName = input.lastPathComponent
        }

        /// Empties `batch` and fills it with the next up to `count` records (those of the shard); returns the
        /// records read (0 at the end) and the share of the file read so far.
        func next(_ count: Int, into batch: inout ProfileBatch) throws -> (visited: Int, fraction: Double) {
            batch.removeAll()
            // A local copy: calling the stored property's methods from the closure would copy it for every cell.
            var cells = self.cells
            defer { self.cells = cells }
            let kinds = self.kinds, columnOfField = self.columnOfField, idIndex = self.idIndex, shard = self.shard
            let visited = try reader.visitNext(count) { line, fields in
                let idCell = cells.trimmed(fields[idIndex])
                if let shard, BatchScoring.shard(ofBytes: idCell, count: shard.count) != shard.index { return }
                let id = String(decoding: idCell, as: UTF8.self)
                batch.append(id: id)
                if let activities { setMeasures(of: id, from: activities, in: &batch) }
                for f in kinds.indices {
                    guard let column = columnOfField[f] else { continue }
                    let cell = cells.trimmed(fields[column])
                    if cells.isMissing(cell) { continue }
                    switch kinds[f] {
                    case .number:
                        guard let v = cells.number(cell) else { throw bad(line, f, cell, "is not a number") }
                        batch.setNumber(v, field: f)
                    case .boolean:
                        guard let v = cells.boolean(cell) else {
                            throw bad(line, f, cell, "is not a boolean (expected true/false/yes/no/1/0)")
                        }
                        batch.setNumber(v ? 1 : 0, field: f)
                    case .date:
                        guard let v = cells.days(cell) else { throw bad(line, f, cell, "is not a date") }
                        batch.setDays(v, field: f)
                    case .datetime:
                        guard let v = cells.milliseconds(cell) else { throw bad(line, f, cell, "is not a datetime") }
                        batch.setMilliseconds(v, field: f)
                    case .category:
                        batch.setLevel(cell, field: f)
                    }
                }
            }
            return (visited, reader.fractionRead)
        }

        /// Sets the last customer's measures that come from the activities pass, as the workspace encodes them.
        private func setMeasures(of id: String, from activities: ActivityTable, in batch: inout ProfileBatch) {
            let slot = activities.slot(ofCustomer: id)
            for f in streamedMeasure.indices where streamedMeasure[f] >= 0 {
                let value = activities.measureValue(streamedMeasure[f], atSlot: slot)
                if value.isNaN { continue }
                switch kinds[f] {
                case .date: batch.setDays(Int(value), field: f)
                // Days since the epoch back to milliseconds, as the encoder reads a snapshot's measure.
                case .datetime: batch.setMilliseconds(Int64((value * 86_400_000).rounded()), field: f)
                default: batch.setNumber(value, field: f)
                }
            }
        }

        /// The error for a cell of profile field `f` that does not parse.
        private func bad(_ line: Int, _ f: Int, _ cell: UnsafeBufferPointer<UInt8>, _ reason: String) -> IngestError {
            IngestError(file: fileName, line: line, column: fields[f].name, value: String(decoding: cell, as: UTF8.self),
                        reason: reason)
        }
    }

    /// A batch being read on another thread while the previous one is scored.
    final class Prefetch: @unchecked Sendable {  // reason: written only by the reading thread until the scorer's wait on the group returns
        /// The batch being read (nil once taken).
        private var batch: ProfileBatch?
        var result: Result<(visited: Int, fraction: Double), any Error> = .success((0, 1))

        init(batch: consuming ProfileBatch) { self.batch = batch }

        /// The batch read; the caller then holds the only reference to its storage.
        func takeBatch() -> ProfileBatch { batch.take()! }

        /// Reads the next batch, keeping the outcome for the scorer.
        func run(_ reader: CustomerReader, count: Int) {
            result = Result { try reader.next(count, into: &batch!) }
        }
    }
}

/// How a profile cell is typed.
enum CellKind {
    case number, boolean, date, datetime, category

    init(type: String) {
        switch type {
        case "number": self = .number
        case "boolean": self = .boolean
        case "date": self = .date
        case "datetime": self = .datetime
        default: self = .category
        }
    }
}
