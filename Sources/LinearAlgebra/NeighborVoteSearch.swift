/// The fused `sgemm` + selection kernel behind ``CosineIndex/markedNeighborCounts(to:count:marked:excluding:threads:)``.
///
/// For each block of queries one `sgemm` scores the block against the whole
/// index into a per-thread buffer. Each query row then finds its `k` best
/// entries without a heap:
/// 1. The row falls in blocks of 32 entries, read as 8 vectors of 4; each lane
///    of a block is a group of 8 entries, and the groups' maxima come from
///    element-wise maxima of the vectors, kept in registers.
/// 2. Any value with `k` group maxima at or above it is a lower bound on the
///    row's `k`-th best score, since those maxima are `k` distinct entries. A
///    bisection over the maxima's order-preserving integer keys finds one,
///    stopping once at most `k + 2` maxima are at or above it.
/// 3. Only the groups whose maximum reaches the bound are searched, and only
///    their entries at or above it are candidates: a few more than `k` on
///    typical data.
/// 4. The `k`-th best candidate is the `(c − k + 1)`-th smallest of the `c`
///    candidates, found by a few vectorised passes when `c − k` is at most 16
///    (nearly always), else by quickselect; the neighbours are every candidate above it plus ties at it, lower
///    id first, exactly the neighbours ``CosineIndex/nearest(to:count:excluding:options:)``
///    returns.
///
/// Every step but the last is branch-free and works on four lanes at a time.
/// A query or index row that is not finite makes its scores NaN; those rows
/// take the plain path (every entry a candidate, NaN never one).
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

    /// Lanes of the vectors the maxima are taken over.
    typealias Lanes = SIMD4<Float>
    /// Entries per group: one lane of `groupSize` consecutive vectors.
    static let groupSize = 8
    /// Entries per block: `Lanes.scalarCount` groups side by side.
    static let blockWidth = groupSize * Lanes.scalarCount

    /// Queries per `sgemm`: the block's scores stay near 1 MiB.
    var blockRows: Int { max(1, min(256, (1 << 18) / max(1, databaseCount))) }

    /// Writes each query's marked count and the number of neighbours counted (at most `k`).
    func run(threads: Int, outMarked: UnsafeMutablePointer<Int32>, outTaken: UnsafeMutablePointer<Int32>) {
        let rowsPerBlock = blockRows
        let blocks = (queryCount + rowsPerBlock - 1) / rowsPerBlock
        let workers = max(1, min(threads, blocks))
        let scores = (0..<workers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: rowsPerBlock * databaseCount) }
        // Per worker: the group maxima or candidate scores (padded to whole vectors), their keys, passing groups
        // or tied ids, and the candidates.
        let scratch = (0..<workers).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: databaseCount + databaseCount / Self.groupSize + 8) }
        let keys = (0..<workers).map { _ in UnsafeMutablePointer<Int32>.allocate(capacity: databaseCount + databaseCount / Self.groupSize + 8) }
        let candidates = (0..<workers).map { _ in UnsafeMutablePointer<(Float, Int32)>.allocate(capacity: databaseCount + 1) }
        defer {
            for p in scores { p.deallocate() }
            for p in scratch { p.deallocate() }
            for p in keys { p.deallocate() }
            for p in candidates { p.deallocate() }
        }
        let databaseIsFinite = Self.isFinite(database, count: databaseCount * dimension)
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
                    let grouped = databaseIsFinite && Self.isFinite(queries + (first + r) * dimension, count: dimension)
                    let counts = vote(buffer + r * databaseCount, selfId: selfIds[first + r], grouped: grouped,
                                      scratch: scratch[worker], keys: keys[worker], candidates: candidates[worker])
                    markedOut.base[first + r] = counts.marked
                    takenOut.base[first + r] = counts.taken
                }
            }
        }
    }

    /// The vote of one query row of scores (the row is scratch: the self entry is overwritten).
    @inline(__always)
    private func vote(_ row: UnsafeMutablePointer<Float>, selfId: Int, grouped: Bool, scratch: UnsafeMutablePointer<Float>,
                      keys: UnsafeMutablePointer<Int32>,
                      candidates: UnsafeMutablePointer<(Float, Int32)>) -> (marked: Int32, taken: Int32) {
        let n = databaseCount
        if selfId >= 0 && selfId < n { row[selfId] = -.infinity }
        let blocks = n / Self.blockWidth
        let groups = blocks * Lanes.scalarCount
        var found = 0
        if grouped && groups > 2 * k {
            // 1. Group maxima; entries past the last whole block are one more group. NaN never wins.
            let maxima = scratch
            for b in 0..<blocks {
                let block = UnsafeRawPointer(row + b * Self.blockWidth)
                var m = Lanes(repeating: -.infinity)
                for v in 0..<Self.groupSize {
                    let x = block.loadUnaligned(fromByteOffset: v * MemoryLayout<Lanes>.stride, as: Lanes.self)
                    m.replace(with: x, where: x .> m)
                }
                UnsafeMutableRawPointer(maxima + b * Lanes.scalarCount).storeBytes(of: m, as: Lanes.self)
            }
            let tail = blocks * Self.blockWidth
            var tailMaximum = -Float.infinity
            for j in tail..<n { tailMaximum = row[j] > tailMaximum ? row[j] : tailMaximum }
            maxima[groups] = tailMaximum
            let groupCount = groups + (tail < n ? 1 : 0)
            // 2. The bound.
            let bound = Self.lowerBound(k, of: maxima, count: groupCount, slack: 2, keys: keys)
            // 3. The groups reaching it, listed branch-free, then their entries at or above it. The bound is
            // finite, so the self entry (−∞) and NaN fail; each entry is written unconditionally and kept by
            // advancing the count.
            let passing = keys
            var passingCount = 0
            for group in 0..<groups {
                passing[passingCount] = Int32(truncatingIfNeeded: group)
                passingCount &+= Self.reaches(maxima[group], bound)
            }
            for i in 0..<passingCount {
                let group = Int(passing[i])
                let start = (group / Lanes.scalarCount) * Self.blockWidth + group % Lanes.scalarCount
                for v in 0..<Self.groupSize {
                    let j = start + v * Lanes.scalarCount
                    let s = row[j]
                    candidates[found] = (s, Int32(truncatingIfNeeded: j))
                    found &+= Self.reaches(s, bound)
                }
            }
            if maxima[groups] >= bound {
                for j in tail..<n {
                    candidates[found] = (row[j], Int32(truncatingIfNeeded: j))
                    found &+= row[j] >= bound ? 1 : 0
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
        // 4. The k-th best score; everything above it is in, and ties at it are taken lowest id first.
        let scores = scratch
        for i in 0..<found { scores[i] = candidates[i].0 }
        let kth = found - k <= 16
            ? Self.smallest(found - k + 1, of: scores, count: found)
            : Self.largest(k, of: scores, count: found)
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

    /// A value with at least `k` of the `count` values at or above it, and at most `k + slack` unless ties or
    /// nearly equal values prevent it: a bisection over the values' order-preserving integer keys, each step a
    /// count over four lanes at a time. `keys` gets the keys, padded with `Int32.min` to whole vectors.
    static func lowerBound(_ k: Int, of values: UnsafeMutablePointer<Float>, count: Int, slack: Int,
                           keys: UnsafeMutablePointer<Int32>) -> Float {
        let vectors = (count + 3) / 4
        var lo = Int32.max, hi = Int32.min
        for i in 0..<count {
            let key = orderedKey(values[i])
            keys[i] = key
            lo = key < lo ? key : lo
            hi = key > hi ? key : hi
        }
        for i in count..<(vectors * 4) { keys[i] = .min }
        let lanes = UnsafeRawPointer(keys)
        // Invariant: at least k keys are ≥ low (`aboveLow` of them), fewer than k are ≥ high.
        var low = Int64(lo), high = Int64(hi) + 1
        var aboveLow = count
        while high - low > 1 && aboveLow > k + slack {
            let mid = low + (high - low) / 2
            // `key ≥ mid` is `key > mid − 1`; a true lane is −1.
            let threshold = SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: mid - 1))
            var sum = SIMD4<Int32>()
            for v in 0..<vectors {
                let key = lanes.loadUnaligned(fromByteOffset: v * MemoryLayout<SIMD4<Int32>>.stride, as: SIMD4<Int32>.self)
                sum &-= unsafeBitCast(key .> threshold, to: SIMD4<Int32>.self)
            }
            let above = Int(sum.wrappedSum())
            if above >= k { low = mid; aboveLow = above } else { high = mid }
        }
        return value(ofKey: Int32(truncatingIfNeeded: low))
    }

    /// Whether every one of `count` values is finite (no NaN, no ±∞).
    static func isFinite(_ values: UnsafePointer<Float>, count: Int) -> Bool {
        var finite = true
        for i in 0..<count { finite = finite && values[i].isFinite }
        return finite
    }

    /// 1 when `value ≥ bound`, else 0, for finite `bound` and a non-NaN `value`: the sign of the difference
    /// (exact, and +0 on equality), with no comparison for the compiler to turn into a branch.
    @inline(__always)
    static func reaches(_ value: Float, _ bound: Float) -> Int {
        Int(truncatingIfNeeded: 1 &- ((value - bound).bitPattern >> 31))
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

    /// The `r`-th smallest of `count` values (none NaN), counting repeats (`1 ≤ r ≤ count`), for a small `r`: each
    /// pass counts the copies of the least value not yet counted and finds the next, four lanes at a time. Pads
    /// `values` with +∞ to whole vectors.
    static func smallest(_ r: Int, of values: UnsafeMutablePointer<Float>, count: Int) -> Float {
        let vectors = (count + 3) / 4
        for i in count..<(vectors * 4) { values[i] = .infinity }
        let lanes = UnsafeRawPointer(values)
        @inline(__always) func vector(_ v: Int) -> Lanes {
            lanes.loadUnaligned(fromByteOffset: v * MemoryLayout<Lanes>.stride, as: Lanes.self)
        }
        var least = Lanes(repeating: .infinity)
        for v in 0..<vectors {
            let x = vector(v)
            least.replace(with: x, where: x .< least)
        }
        var m = least.min()
        var below = 0
        while true {
            // The copies of `m`, then the least value above it.
            let target = Lanes(repeating: m)
            var copies = SIMD4<Int32>()
            for v in 0..<vectors { copies &-= unsafeBitCast(vector(v) .== target, to: SIMD4<Int32>.self) }
            below += Int(copies.wrappedSum())
            if below >= r || m == .infinity { return m }
            least = Lanes(repeating: .infinity)
            for v in 0..<vectors {
                let x = vector(v)
                least.replace(with: x, where: (x .> target) .& (x .< least))
            }
            m = least.min()
        }
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
