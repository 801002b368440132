extension CosineIndex {
    /// For each query, how many of its `k` most cosine-similar indexed rows are marked: the vote of a k-NN classifier.
    ///
    /// The neighbours are exactly those of ``nearest(to:count:excluding:options:)``
    /// (ties keep the lower id), with `selfIds[q]` left out of query `q`'s
    /// neighbours; only their marks are counted, so no neighbour lists are built.
    /// Queries are L2-normalised first, unless `queriesAreNormalized` says each row already has unit length (or
    /// is zero), as the rows of an encoder's embedding do: then no normalised copy is made. Query blocks
    /// are shared out over `threads` (default: every core).
    ///
    /// - Parameters:
    ///   - queries: `Q × dimension` query vectors.
    ///   - k: neighbours per query (fewer when fewer rows are eligible).
    ///   - marked: one flag per indexed row.
    ///   - selfIds: per query, an indexed row it must not count (−1: none); empty means none for every query.
    ///   - queriesAreNormalized: whether the rows are unit vectors already (finite, norm 1 or 0).
    /// - Returns: per query, the marked neighbours and the neighbours counted (`min(k, eligible rows)`).
    /// - Complexity: O(Q·N·d) flops in `sgemm` plus O(Q·N) compares and a sort of about `2k` candidates per query.
    public func markedNeighborCounts(
        to queries: Matrix<Float>, count k: Int, marked: [Bool], excluding selfIds: [Int] = [],
        queriesAreNormalized: Bool = false, threads: Int? = nil
    ) -> (marked: [Int32], taken: [Int32]) {
        precondition(queries.columns == dimension || queries.rows == 0,
                     "CosineIndex.markedNeighborCounts: queries have \(queries.columns) columns, index has \(dimension)")
        precondition(k >= 1, "CosineIndex.markedNeighborCounts: k must be at least 1, got \(k)")
        precondition(marked.count == count, "CosineIndex.markedNeighborCounts: \(marked.count) marks for \(count) rows")
        precondition(selfIds.isEmpty || selfIds.count == queries.rows,
                     "CosineIndex.markedNeighborCounts: \(selfIds.count) self ids for \(queries.rows) queries")
        let queryCount = queries.rows
        var markedCounts = [Int32](repeating: 0, count: queryCount)
        var taken = [Int32](repeating: 0, count: queryCount)
        if queryCount == 0 || count == 0 { return (markedCounts, taken) }
        let normalizedQueries = queriesAreNormalized ? queries : CosineIndex.normalized(queries)
        let flags = marked.map { UInt8($0 ? 1 : 0) }
        let selves = selfIds.isEmpty ? [Int](repeating: -1, count: queryCount) : selfIds
        normalizedQueries.withUnsafeBufferPointer { q in
            vectors.withUnsafeBufferPointer { x in
                flags.withUnsafeBufferPointer { f in
                    selves.withUnsafeBufferPointer { s in
                        markedCounts.withUnsafeMutableBufferPointer { outMarked in
                            taken.withUnsafeMutableBufferPointer { outTaken in
                                let kernel = NeighborVoteSearch(
                                    queries: q.baseAddress!, queryCount: queryCount, database: x.baseAddress!,
                                    databaseCount: count, dimension: dimension, k: k, marked: f.baseAddress!,
                                    selfIds: s.baseAddress!)
                                kernel.run(threads: threads ?? Parallel.processorCount, outMarked: outMarked.baseAddress!, outTaken: outTaken.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        return (markedCounts, taken)
    }
}
