extension CosineIndex {
    /// For every candidate row, the mean of its `k` highest cosine similarities to the indexed (reference) rows.
    ///
    /// This is the similar-customer score: index the source segment's
    /// embeddings, pass every candidate's embedding, and a candidate close to
    /// many reference customers scores near 1. With fewer than `k` eligible
    /// reference rows the mean is over those there are; with none it is 0.
    ///
    /// - Parameters:
    ///   - candidates: `C × dimension` rows to score (need not be normalised).
    ///   - k: how many of the nearest reference rows to average.
    ///   - referenceIdOfCandidate: when given, `referenceIdOfCandidate[c]` is the reference row that is
    ///     candidate `c` itself (or `-1`), left out of `c`'s mean so a reference member is not scored by itself.
    /// - Complexity: that of ``nearest(to:count:excluding:options:)``.
    public func meanTopSimilarity(
        of candidates: Matrix<Float>, count k: Int, referenceIdOfCandidate: [Int]? = nil,
        options: SearchOptions = .default
    ) -> [Float] {
        precondition(candidates.columns == dimension || candidates.rows == 0,
                     "CosineIndex.meanTopSimilarity(of:count:): candidates have \(candidates.columns) columns, index has \(dimension)")
        precondition(k >= 0, "CosineIndex.meanTopSimilarity(of:count:): negative k \(k)")
        precondition(referenceIdOfCandidate == nil || referenceIdOfCandidate!.count == candidates.rows,
                     "CosineIndex.meanTopSimilarity(of:count:): \(referenceIdOfCandidate?.count ?? 0) self ids for \(candidates.rows) candidates")
        let selfIds = referenceIdOfCandidate.map { ids in ids.map { Int32(clamping: $0) } }
        let result = search(normalizedQueries: CosineIndex.normalized(candidates), columns: min(k, count), mask: nil,
                            selfIds: selfIds, options: options)
        var means = [Float](repeating: 0, count: candidates.rows)
        for c in 0..<result.queryCount {
            var sum = 0.0
            var n = 0
            for j in (c * result.count)..<((c + 1) * result.count) where result.ids[j] != NeighborResult.noNeighbor {
                sum += Double(result.similarities[j])
                n += 1
            }
            means[c] = n == 0 ? 0 : Float(sum / Double(n))
        }
        return means
    }

    /// The exact k-nearest-neighbour graph: for every indexed row, its `k` most similar *other* rows.
    ///
    /// Row `i` of the result never contains `i`. This is the index searched
    /// against itself with the same fused `sgemm` + top-k kernel, so it costs
    /// O(N²·d); for large N see ``approximateNeighborGraph(count:options:)``.
    public func neighborGraph(count k: Int, options: SearchOptions = .default) -> NeighborResult {
        precondition(k >= 0, "CosineIndex.neighborGraph(count:): negative k \(k)")
        let selfIds = (0..<count).map { Int32($0) }
        return search(normalizedQueries: vectors, columns: min(k, max(0, count - 1)), mask: nil,
                      selfIds: selfIds, options: options)
    }
}
