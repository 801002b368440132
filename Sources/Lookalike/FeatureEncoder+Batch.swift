import LinearAlgebra

extension FeatureEncoder {
    /// The embedding of a batch read from files, one L2-normalised row per customer, identical to
    /// ``encode(_:rows:)`` for the same customers when the files hold what the workspace ingested.
    ///
    /// Each row is written straight from the batch's cells (and the activity aggregates) and normalised while it
    /// is in cache, on every core; without a projection no other copy of the batch is made.
    /// - Parameter activities: the customers' activity aggregates; nil means every customer has none.
    public func encode(_ batch: ProfileBatch, activities: ActivityTable?) -> Matrix<Float> {
        let n = batch.count
        // Where each field's value is: a cell of the batch's rows (≥ 0) or a column of `aggregated` (−1 − slot).
        var source = [Int](repeating: 0, count: fields.count)
        for (f, index) in batch.encoderField.enumerated() { source[index] = f }
        var aggregated: [Double] = []
        let usesAggregates = fields.contains { if case .column = $0.input { false } else { true } }
        if usesAggregates {
            let aggregates = activities?.aggregates(for: batch.ids)
                ?? ActivityAggregates(types: activityTypes, channels: channels, rowCount: n)
            var slot = 0
            for (index, field) in fields.enumerated() {
                if case .column = field.input { continue }
                source[index] = -1 - slot
                aggregated += aggregates.values(of: field.input, asOf: asOfMilliseconds)
                slot += 1
            }
        }
        let width = columnCount, cellWidth = batch.fields.count, clip = options.clipLimit
        let writers = fields.map(FieldWriter.init), offsets = columnOffsets
        let normalizesHere = projection == nil
        var encoded = Matrix<Float>(rows: n, columns: width) { out in
            guard let base = out.baseAddress else { return }
            batch.cells.withUnsafeBufferPointer { cells in
                aggregated.withUnsafeBufferPointer { aggregated in
                    Parallel.forEachBlock(of: n) { rows in
                        for i in rows {
                            let row = base + i * width
                            for f in writers.indices {
                                let s = source[f]
                                let value = s >= 0 ? cells[i * cellWidth + s] : aggregated[(-1 - s) * n + i]
                                writers[f].write(value, clip: clip, to: row + offsets[f])
                            }
                            if normalizesHere { Self.normalizeRow(row, width: width) }
                        }
                    }
                }
            }
        }
        if !normalizesHere {
            encoded = project(encoded)
            Self.normalizeRows(&encoded)
        }
        return encoded
    }
}
