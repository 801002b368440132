/// How a search spreads its work over the cores and how big its tiles are.
///
/// Measured on the two-core development machine (AMD EPYC, OpenBLAS 0.3.21,
/// N = 1,000,000, d = 64, Q = 10,000, k = 10; see docs/numeric-core.md):
/// splitting query blocks over two threads that each call single-threaded
/// `sgemm` into their own L2-sized tile and select top-k from it was faster
/// than one caller using OpenBLAS's own two threads per `sgemm` call, because
/// the split has no barrier per tile and each core's scores stay in its own L2.
/// So ``default`` splits query blocks.
public struct SearchOptions: Sendable, Equatable {
    /// Where the parallelism comes from.
    public enum Parallelism: Sendable, Equatable {
        /// Query blocks are shared out over `threads` threads; OpenBLAS runs single-threaded inside each call.
        case splitQueryBlocks(threads: Int)
        /// One thread walks the tiles; OpenBLAS uses `threads` threads inside each `sgemm`.
        case openBLASThreads(Int)
    }

    /// Where the parallelism comes from.
    public var parallelism: Parallelism
    /// Queries per tile (rows of the `sgemm` result).
    public var queryBlockRows: Int
    /// Database rows per tile (columns of the `sgemm` result).
    public var databaseBlockRows: Int

    /// Creates options; the tile of `queryBlockRows × databaseBlockRows` floats should fit in a core's L2 cache.
    public init(parallelism: Parallelism, queryBlockRows: Int = 512, databaseBlockRows: Int = 512) {
        precondition(queryBlockRows > 0 && databaseBlockRows > 0,
                     "SearchOptions.init: block sizes must be positive (\(queryBlockRows), \(databaseBlockRows))")
        self.parallelism = parallelism
        self.queryBlockRows = queryBlockRows
        self.databaseBlockRows = databaseBlockRows
    }

    /// Query blocks split over every core, 512 × 512 tiles (1 MiB of scores).
    public static var `default`: SearchOptions {
        SearchOptions(parallelism: .splitQueryBlocks(threads: Parallel.processorCount))
    }
}

extension CosineIndex {
    /// The `k` most cosine-similar indexed rows to each query row, exact.
    ///
    /// Queries are L2-normalised (zero queries score 0 against everything) and
    /// scored against the index in tiles through `sgemm`; each tile's scores are
    /// folded into a bounded heap per query right away, so the full
    /// `queries × count` score matrix never exists. Ties in similarity keep the
    /// lower id first, and the result is the same for any options and thread count.
    ///
    /// - Parameters:
    ///   - queries: `Q × dimension` query vectors (need not be normalised).
    ///   - k: neighbours per query; more than the eligible rows gives `min(k, eligible)` columns.
    ///   - excluded: row ids never returned (for example the members of a source segment).
    /// - Complexity: O(Q·N·d) flops in `sgemm` plus O(Q·N) compares and O(Q·k·log k·log(N/k)) heap work expected.
    public func nearest<S: Sequence<Int>>(
        to queries: Matrix<Float>, count k: Int, excluding excluded: S = [Int](), options: SearchOptions = .default
    ) -> NeighborResult {
        precondition(queries.columns == dimension || queries.rows == 0,
                     "CosineIndex.nearest(to:count:): queries have \(queries.columns) columns, index has \(dimension)")
        precondition(k >= 0, "CosineIndex.nearest(to:count:): negative k \(k)")
        let mask = IdMask(n: count, excluded: excluded)
        let columns = min(k, count - mask.count)
        let normalizedQueries = CosineIndex.normalized(queries)
        return search(normalizedQueries: normalizedQueries, columns: columns, mask: mask.count > 0 ? mask : nil,
                      selfIds: nil, options: options)
    }

    /// The fused tile search over the whole index; `selfIds[q]`, when given, is an id query `q` must not return.
    func search(normalizedQueries: Matrix<Float>, columns: Int, mask: IdMask?, selfIds: [Int32]?,
                options: SearchOptions) -> NeighborResult {
        let queryCount = normalizedQueries.rows
        var ids = [Int](repeating: NeighborResult.noNeighbor, count: queryCount * columns)
        var sims = [Float](repeating: -.infinity, count: queryCount * columns)
        if queryCount == 0 || columns == 0 {
            return NeighborResult(queryCount: queryCount, count: columns, ids: ids, similarities: sims)
        }
        normalizedQueries.withUnsafeBufferPointer { q in
            vectors.withUnsafeBufferPointer { x in
                ids.withUnsafeMutableBufferPointer { outIds in
                    sims.withUnsafeMutableBufferPointer { outSims in
                        let maskWords = mask?.words ?? []
                        maskWords.withUnsafeBufferPointer { words in
                            (selfIds ?? []).withUnsafeBufferPointer { selfIdPointer in
                                let kernel = TileSearch(
                                    queries: q.baseAddress!, queryCount: queryCount,
                                    database: x.baseAddress, databaseCount: count, databaseIds: nil,
                                    dimension: dimension, columns: columns,
                                    mask: mask == nil ? nil : words.baseAddress,
                                    selfIds: selfIds == nil ? nil : selfIdPointer.baseAddress)
                                kernel.run(options: options, outIds: outIds.baseAddress!, outSimilarities: outSims.baseAddress!)
                            }
                        }
                    }
                }
            }
        }
        return NeighborResult(queryCount: queryCount, count: columns, ids: ids, similarities: sims)
    }
}
