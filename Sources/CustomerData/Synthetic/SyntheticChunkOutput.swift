/// What one worker produced for one chunk, and the worker's own lookup tables.
final class SyntheticChunkOutput {
    let tables: SyntheticRetailTables
    /// Rows of `customers.csv` or `activities.csv`.
    let rows = SyntheticByteBuffer(capacity: 1 << 20)
    /// Rows of `personas.csv`.
    let extraRows = SyntheticByteBuffer(capacity: 1 << 16)
    /// Customers per persona, in the order of `SyntheticPersona.allCases`.
    var personaCounts = [Int](repeating: 0, count: SyntheticPersona.allCases.count)
    /// Activities per type, in the order of `SyntheticRetailCatalog.activityTypes`.
    var typeCounts = [Int](repeating: 0, count: SyntheticRetailCatalog.activityTypes.count)

    init(tables: SyntheticRetailTables) {
        self.tables = tables
    }

    /// Empties the buffers and counts for the next chunk.
    func reset() {
        rows.removeAll()
        extraRows.removeAll()
        for index in personaCounts.indices { personaCounts[index] = 0 }
        for index in typeCounts.indices { typeCounts[index] = 0 }
    }
}
