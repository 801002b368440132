/// The per-customer profiles, shared by the workers of a round.
struct SyntheticSharedProfiles: @unchecked Sendable {  // each worker writes only its own chunk's ids; rounds are separated by a barrier
    let base: UnsafeMutablePointer<SyntheticCustomerProfile>
}

/// The per-customer activity counts, read by the workers.
struct SyntheticSharedCounts: @unchecked Sendable {  // written before the activity rounds start, then only read
    let base: UnsafeMutablePointer<Int32>
}

/// One output slot per worker thread, reused from round to round.
struct SyntheticWorkers: @unchecked Sendable {  // worker `slot` touches only `outputs[slot]`; the caller reads them after the round's barrier
    let outputs: [SyntheticChunkOutput]
    var count: Int { outputs.count }

    /// Creates `count` slots, each with its own lookup tables.
    init(count: Int, firstDay: Int, dayCount: Int) {
        outputs = (0..<count).map { _ in
            SyntheticChunkOutput(tables: SyntheticRetailTables(firstDay: firstDay, dayCount: dayCount))
        }
    }
}

/// What one worker produced for one chunk, and the worker's own lookup tables.
final class SyntheticChunkOutput {
    let tables: SyntheticRetailTables
    let rows = SyntheticByteBuffer(capacity: 1 << 20)
    let extraRows = SyntheticByteBuffer(capacity: 1 << 16)
    var personaCounts = [Int](repeating: 0, count: SyntheticPersona.allCases.count)
    var typeCounts = [Int](repeating: 0, count: SyntheticRetailCatalog.activityTypes.count)

    init(tables: SyntheticRetailTables) {
        self.tables = tables
    }

    func reset() {
        rows.removeAll()
        extraRows.removeAll()
        for index in personaCounts.indices { personaCounts[index] = 0 }
        for index in typeCounts.indices { typeCounts[index] = 0 }
    }
}
