/// The fused `sgemm` + top-k kernel behind every exact cosine search.
///
/// For each block of queries it walks the database in tiles: one `sgemm`
/// writes the block × tile scores into a per-thread buffer sized for L2, then
/// each query row of the tile is scanned 64 scores at a time with a single
/// SIMD compare against the query's current k-th best score; only chunks that
/// hold a better score are looked at one by one and offered to the query's
/// ``BoundedHeap``. Database rows are visited in increasing id order, which is
/// what makes "lower id first on ties" hold with a strict compare.
struct TileSearch: @unchecked Sendable {  // reason: read-only pointers shared by workers; outputs are written per disjoint query block
    let queries: UnsafePointer<Float>
    let queryCount: Int
    let database: UnsafePointer<Float>?
    let databaseCount: Int
    /// When set, database row `j` has id `databaseIds[j]` (ids must increase with `j`); otherwise its id is `j`.
    let databaseIds: UnsafePointer<Int32>?
    let dimension: Int
    let columns: Int
    /// Bit set over ids of rows never to return.
    let mask: UnsafePointer<UInt64>?
    /// `selfIds[q]` is an id query `q` never returns (the query itself in a k-NN graph).
    let selfIds: UnsafePointer<Int32>?

    /// Runs the whole search, writing `queryCount × columns` results best first.
    func run(options: SearchOptions, outIds: UnsafeMutablePointer<Int>, outSimilarities: UnsafeMutablePointer<Float>) {
        let threads: Int
        let blasThreads: Int
        switch options.parallelism {
        case let .splitQueryBlocks(t): threads = max(1, t); blasThreads = 1
        case let .openBLASThreads(t): threads = 1; blasThreads = max(1, t)
        }
        // Enough blocks that every thread gets work, but never more rows than the options allow.
        let blockRows = max(1, min(options.queryBlockRows, (queryCount + threads - 1) / threads))
        let tileColumns = max(1, min(options.databaseBlockRows, databaseCount))
        let blocks = (queryCount + blockRows - 1) / blockRows
        let workers = max(1, min(threads, blocks))
        let tiles = (0..<workers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: blockRows * tileColumns) }
        let heapScores = (0..<workers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: blockRows * columns) }
        let heapIds = (0..<workers).map { _ in UnsafeMutablePointer<Int32>.allocate(capacity: blockRows * columns) }
        defer {
            for p in tiles { p.deallocate() }
            for p in heapScores { p.deallocate() }
            for p in heapIds { p.deallocate() }
        }
        let outIdsShared = SharedPointer(base: outIds)
        let outSimsShared = SharedPointer(base: outSimilarities)
        BLASThreadScope.with(threads: blasThreads) {
            Parallel.forEach(items: blocks, threads: workers) { block, worker in
                let first = block * blockRows
                let rows = min(blockRows, queryCount - first)
                searchBlock(firstQuery: first, rows: rows, tile: tiles[worker], tileColumns: tileColumns,
                            heapScores: heapScores[worker], heapIds: heapIds[worker],
                            outIds: outIdsShared.base + first * columns,
                            outSimilarities: outSimsShared.base + first * columns)
            }
        }
    }

    /// Searches queries `firstQuery ..< firstQuery + rows` against every database tile.
    private func searchBlock(firstQuery: Int, rows: Int, tile: UnsafeMutablePointer<Float>, tileColumns: Int,
                             heapScores: UnsafeMutablePointer<Float>, heapIds: UnsafeMutablePointer<Int32>,
                             outIds: UnsafeMutablePointer<Int>, outSimilarities: UnsafeMutablePointer<Float>) {
        var heaps = (0..<rows).map { r in
            BoundedHeap(scores: heapScores + r * columns, ids: heapIds + r * columns, capacity: columns)
        }
        var start = 0
        while start < databaseCount {
            let width = min(tileColumns, databaseCount - start)
            if dimension > 0, let database {
                // tile[r][j] = query(firstQuery + r) · row(start + j)
                Float._gemm(transposeA: false, transposeB: true, m: Int32(rows), n: Int32(width), k: Int32(dimension),
                            alpha: 1, a: queries + firstQuery * dimension, lda: Int32(dimension),
                            b: database + start * dimension, ldb: Int32(dimension),
                            beta: 0, c: tile, ldc: Int32(width))
            } else {
                tile.update(repeating: 0, count: rows * width)
            }
            for r in 0..<rows {
                scan(tile + r * width, width: width, start: start, heap: &heaps[r],
                     selfId: selfIds.map { $0[firstQuery + r] } ?? -1)
            }
            start += width
        }
        for r in 0..<rows {
            heaps[r].writeSorted(ids: outIds + r * columns, similarities: outSimilarities + r * columns)
        }
    }

    /// Folds one query's row of tile scores into its heap.
    @inline(__always)
    private func scan(_ row: UnsafeMutablePointer<Float>, width: Int, start: Int, heap: inout BoundedHeap, selfId: Int32) {
        var threshold = heap.threshold
        var splat = SIMD4<Float>(repeating: threshold)
        var j = 0
        let raw = UnsafeRawPointer(row)
        while j + 64 <= width {
            // Compare 64 scores with the k-th best in SSE-width lanes and OR the masks: one branch per 64.
            var hit = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD4<Float>.self) .> splat
            var offset = j * 4 + 16
            let end = j * 4 + 256
            while offset < end {
                hit .|= raw.loadUnaligned(fromByteOffset: offset, as: SIMD4<Float>.self) .> splat
                offset += 16
            }
            if any(hit) {
                scalarScan(row, from: j, to: j + 64, start: start, heap: &heap, threshold: &threshold, selfId: selfId)
                splat = SIMD4<Float>(repeating: threshold)
            }
            j += 64
        }
        scalarScan(row, from: j, to: width, start: start, heap: &heap, threshold: &threshold, selfId: selfId)
    }

    @inline(__always)
    private func scalarScan(_ row: UnsafeMutablePointer<Float>, from: Int, to: Int, start: Int,
                            heap: inout BoundedHeap, threshold: inout Float, selfId: Int32) {
        var j = from
        while j < to {
            let s = row[j]
            if s > threshold {
                let id = databaseIds.map { $0[start + j] } ?? Int32(truncatingIfNeeded: start + j)
                let isMasked = mask.map { ($0[Int(id) >> 6] >> UInt64(id & 63)) & 1 != 0 } ?? false
                if !isMasked && id != selfId {
                    heap.offer(s, id)
                    threshold = heap.threshold
                }
            }
            j += 1
        }
    }
}
