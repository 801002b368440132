/// The fused `sgemm` + selection kernel behind ``CosineIndex/markedNeighborCounts(to:count:marked:excluding:threads:)``.
///
/// For each block of queries one `sgemm` scores the block against the whole
/// index into a per-thread buffer. Each query row then finds its `k` best
/// entries without a heap. The entries fall in 128 groups (`j mod 128`); any
/// value with `k` group maxima at or above it is a lower bound on the row's
/// `k`-th best score, since those maxima are `k` distinct entries. A bisection
/// over the maxima's integer keys gives one just below the `k`-th largest
/// maximum, and only entries at or above it are candidates: about `2k` on
/// typical data. The `k`-th best candidate is found by quickselect; the
/// neighbours are every candidate above it plus ties at it, lower id first,
/// exactly the neighbours ``CosineIndex/nearest(to:count:excluding:options:)``
/// returns. Every step but the last is branch-free and vectorises.
struct NeighborVoteSearch: @unchecked Sendable {  // reason: read-only pointers shared by workers; outputs are written per disjoint query block
    let queries: UnsafePointer<Float>
    let queryCount: Int
    let database: UnsafePointer<Float>
    let databaseCount: Int
    let dimension: Int
    let k: Int
    /// `marked[j]` is 1 when database row `j` counts.
    let marked: UnsafePointer<UInt8>
    /// `selfIds[q]` is a database row query `q` never counts (−1: none).
    let selfIds: UnsafePointer<Int>

    /// Groups per row: entry `j` is in group `j mod groups`.
    static let groups = 128

    /// Queries per `sgemm`: the block's scores stay near 1 MiB.
    var blockRows: Int { max(1, min(256, (1 << 18) / max(1, databaseCount))) }

    /// Writes each query's marked count and the number of neighbours counted (at most `k`).
    func run(threads: Int, outMarked: UnsafeMutablePointer<Int32>, outTaken: UnsafeMutablePointer<Int32>) {
        let rowsPerBlock = blockRows
        let blocks = (queryCount + rowsPerBlock - 1) / rowsPerBlock
        let workers = max(1, min(threads, blocks))
        let scores = (0..<workers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: rowsPerBlock * databaseCount) }
        // Per worker: the group maxima or candidate scores, their keys or tied ids, and the candidates.
        let scratch = (0..<workers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: databaseCount + Self.groups + 1) }
        let keys = (0..<workers).map { _ in UnsafeMutablePointer<Int32>.allocate(capacity: databaseCount + Self.groups + 1) }
        let candidates = (0..<workers).map { _ in UnsafeMutablePointer<(Float, Int32)>.allocate(capacity: databaseCount + 1) }
        defer {
            for p in scores { p.deallocate() }
            for p in scratch { p.deallocate() }
            for p in keys { p.deallocate() }
            for p in candidates { p.deallocate() }
        }
        let markedOut = SharedPointer(base: outMarked)
        let takenOut = SharedPointer(base: outTaken)
        BLASThreadScope.with(threads: 1) {
            Parallel.forEach(items: blocks, threads: workers) { block, worker in
                let first = block * rowsPerBlock
                let rows = min(rowsPerBlock, queryCount - first)
                let buffer = scores[worker]
                // buffer[r][j] = query(first + r) · row(j)
                Float._gemm(transposeA: false, transposeB: true, m: Int32(rows), n: Int32(databaseCount),
                            k: Int32(dimension), alpha: 1, a: queries + first * dimension, lda: Int32(max(1, dimension)),
                            b: database, ldb: Int32(max(1, dimension)), beta: 0, c: buffer, ldc: Int32(databaseCount))
                for r in 0..<rows {
                    let counts = vote(buffer + r * databaseCount, selfId: selfIds[first + r],
                                      scratch: scratch[worker], keys: keys[worker], candidates: candidates[worker])
                    markedOut.base[first + r] = counts.marked
                    takenOut.base[first + r] = counts.taken
                }
            }
        }
    }

    /// The vote of one query row of scores (the row is scratch: the self entry is overwritten).
    @inline(__always)
    private func vote(_ row: UnsafeMutablePointer<Float>, selfId: Int, scratch: UnsafeMutablePointer<Float>,
                      keys: UnsafeMutablePointer<Int32>,
                      candidates: UnsafeMutablePointer<(Float, Int32)>) -> (marked: Int32, taken: Int32) {
        let n = databaseCount
        if selfId >= 0 && selfId < n { row[selfId] = -.infinity }
        let g = Self.groups
        var found = 0
        if n >= 4 * g && g > 2 * k {
            // Group j mod g: the maxima are an element-wise max of g-wide slices (vectorised; NaN never wins).
            let maxima = scratch
            maxima.update(repeating: -.infinity, count: g)
            var base = 0
            while base < n {
                let slice = row + base
                for i in 0..<min(g, n - base) {
                    let x = slice[i]
                    maxima[i] = x > maxima[i] ? x : maxima[i]
                }
                base += g
            }
            let bound = Self.lowerBound(k, of: maxima, count: g, keys: keys)
            // Candidates: every entry at or above the bound. The bound is finite, so the self entry (−∞) and
            // NaN fail; each entry is written unconditionally and kept by advancing the count.
            for group in 0..<g where maxima[group] >= bound {
                var j = group
                while j < n {
                    let s = row[j]
                    candidates[found] = (s, Int32(truncatingIfNeeded: j))
                    found &+= s >= bound ? 1 : 0
                    j += g
                }
            }
        } else {
            for j in 0..<n where j != selfId && row[j] >= -.infinity {
                candidates[found] = (row[j], Int32(truncatingIfNeeded: j))
                found += 1
            }
        }
        if found <= k {
            var hits: Int32 = 0
            for i in 0..<found where marked[Int(candidates[i].1)] != 0 { hits += 1 }
            return (hits, Int32(found))
        }
        // The k-th best score; everything above it is in, and ties at it are taken lowest id first.
        let scores = scratch
        for i in 0..<found { scores[i] = candidates[i].0 }
        let kth = Self.largest(k, of: scores, count: found)
        var hits: Int32 = 0, above = 0, tied = 0
        for i in 0..<found {
            let (s, id) = candidates[i]
            if s > kth {
                above += 1
                if marked[Int(id)] != 0 { hits += 1 }
            } else if s == kth {
                keys[tied] = id
                tied += 1
            }
        }
        var ties = UnsafeMutableBufferPointer(start: keys, count: tied)
        if tied > k - above { ties.sort() }
        for i in 0..<(k - above) where marked[Int(ties[i])] != 0 { hits += 1 }
        return (hits, Int32(k))
    }

    /// A value with at least `k` of the `count` values at or above it, just below the `k`-th largest: a
    /// bisection over the values' order-preserving integer keys (halved, so differences fit in 32 bits), each
    /// step a branch-free count that vectorises.
    static func lowerBound(_ k: Int, of values: UnsafeMutablePointer<Float>, count: Int,
                           keys: UnsafeMutablePointer<Int32>) -> Float {
        var lo = Int32.max, hi = Int32.min
        for i in 0..<count {
            let key = orderedKey(values[i]) >> 1
            keys[i] = key
            lo = key < lo ? key : lo
            hi = key > hi ? key : hi
        }
        // Invariant: at least k keys are ≥ low, fewer than k are ≥ high.
        var low = lo, high = hi &+ 1
        var steps = 0
        while high &- low > 1 && steps < 16 {
            let mid = low &+ (high &- low) / 2
            // `keys[i] >= mid` is the clear sign bit of their difference.
            var above: Int32 = 0
            for i in 0..<count { above &+= 1 &- Int32(bitPattern: UInt32(bitPattern: keys[i] &- mid) >> 31) }
            if above >= Int32(k) { low = mid } else { high = mid }
            steps += 1
        }
        // Every value whose halved key is ≥ low is at least the value of the key `low << 1`.
        return value(ofKey: low << 1)
    }

    /// An integer whose signed order is the float order (−0 just below +0); NaN sorts outside ±∞.
    @inline(__always)
    static func orderedKey(_ x: Float) -> Int32 {
        let bits = Int32(bitPattern: x.bitPattern)
        return bits ^ ((bits >> 31) & 0x7FFF_FFFF)
    }

    /// The float of an ``orderedKey(_:)``.
    @inline(__always)
    static func value(ofKey key: Int32) -> Float {
        let bits = key ^ ((key >> 31) & 0x7FFF_FFFF)
        return Float(bitPattern: UInt32(bitPattern: bits))
    }

    /// The `k`-th largest of `count` values (`1 ≤ k ≤ count`), by quickselect; reorders the values.
    static func largest(_ k: Int, of values: UnsafeMutablePointer<Float>, count: Int) -> Float {
        var lo = 0, hi = count - 1
        let target = k - 1
        while lo < hi {
            let pivot = values[(lo + hi) / 2]
            var i = lo, j = hi
            while i <= j {
                while values[i] > pivot { i += 1 }
                while values[j] < pivot { j -= 1 }
                if i <= j {
                    values.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if target <= j { hi = j } else if target >= i { lo = i } else { break }
        }
        return values[target]
    }
}

private extension UnsafeMutablePointer where Pointee == Float {
    @inline(__always)
    func swapAt(_ i: Int, _ j: Int) {
        let t = self[i]
        self[i] = self[j]
        self[j] = t
    }
}
