/// The per-customer profiles, shared by the workers of a round.
struct SyntheticSharedProfiles: @unchecked Sendable {  // each worker writes only its own chunk's ids; rounds are separated by a barrier
    let base: UnsafeMutablePointer<SyntheticCustomerProfile>
}

/// The per-customer activity counts, read by the workers.
struct SyntheticSharedCounts: @unchecked Sendable {  // written before the activity rounds start, then only read
    let base: UnsafeMutablePointer<Int>
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
