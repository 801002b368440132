import LinearAlgebra

extension FeatureEncoder {
    /// The embedding of a batch read from files, one L2-normalised row per customer, identical to
    /// ``encode(_:rows:)`` for the same customers when the files hold what the workspace ingested.
    ///
    /// - Parameter activities: the customers' activity aggregates; nil means every customer has none.
    public func encode(_ batch: ProfileBatch, activities: ActivityTable?) -> Matrix<Float> {
        let n = batch.count
        let aggregates = activityTypes.isEmpty && channels.isEmpty
            ? nil
            : (activities?.aggregates(for: batch.ids)
                ?? ActivityAggregates(types: activityTypes, channels: channels, rowCount: n))
        var values = [[Double]](repeating: [], count: fields.count)
        for (f, index) in batch.encoderField.enumerated() { values[index] = batch.values(ofField: f) }
        for (index, field) in fields.enumerated() {
            if case .column = field.input { continue }
            values[index] = aggregates!.values(of: field.input, asOf: asOfMilliseconds)
        }
        return assemble(rowCount: n, values: values)
    }
}
