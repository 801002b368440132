/// A k-means clustering: k-means++ seeding, then Lloyd iterations with distances through `sgemm`.
///
/// Squared distances are `‖x‖² − 2·x·c + ‖c‖²`, so the assignment step is one
/// `sgemm` of a block of rows against all centroids plus an argmin per row
/// (ties go to the lower cluster index), with row blocks spread over the cores.
/// A cluster that ends an iteration empty takes over the row farthest from its
/// own centroid. The result depends only on the data, `k` and the seed.
public struct KMeans: Sendable {
    /// `k × d` cluster centres.
    public let centroids: Matrix<Float>
    /// The cluster index of every fitted row.
    public let assignments: [Int]
    /// The number of rows in each cluster.
    public let clusterSizes: [Int]
    /// The sum of squared distances of the rows to their centres.
    public let inertia: Double
    /// Lloyd iterations run.
    public let iterations: Int
    /// Whether the centres settled before `maxIterations`.
    public let converged: Bool

    /// Clusters the rows of `data` into `k` clusters.
    ///
    /// - Parameters:
    ///   - data: `n × d` rows.
    ///   - k: the number of clusters; more than `n` is clamped to `n`.
    ///   - maxIterations: the cap on Lloyd iterations.
    ///   - tolerance: stop when the summed squared centre movement is below
    ///     `tolerance` times the mean per-feature variance (scikit-learn's rule), or no row changes cluster.
    ///   - seed: fixes k-means++ seeding, and so the whole result.
    /// - Throws: ``NumericError/nonFiniteValue(matrix:row:column:)`` when `data` holds NaN or infinity.
    /// - Complexity: O(n·k·d) flops per iteration, in `sgemm`.
    public static func fit(_ data: Matrix<Float>, clusterCount k: Int, maxIterations: Int = 100,
                           tolerance: Double = 1e-4, seed: UInt64 = 0) throws -> KMeans {
        precondition(k >= 1, "KMeans.fit: cluster count \(k) is not positive")
        precondition(maxIterations >= 0, "KMeans.fit: negative maxIterations \(maxIterations)")
        try data.checkFinite("k-means data")
        let n = data.rows, d = data.columns
        let k = min(k, n)
        if k == 0 {
            return KMeans(centroids: Matrix(rows: 0, columns: d), assignments: [], clusterSizes: [], inertia: 0,
                          iterations: 0, converged: true)
        }
        let centroids = seedPlusPlus(data, rowNorms: squaredRowNorms(data), k: k, seed: seed)
        return lloyd(data, initialCentroids: centroids, maxIterations: maxIterations, tolerance: tolerance)
    }

    /// Runs Lloyd iterations on `data` from the given centres (a warm start or a fixed seeding).
    ///
    /// - Throws: ``NumericError/nonFiniteValue(matrix:row:column:)`` when `data` or the centres hold NaN or infinity.
    public static func fit(_ data: Matrix<Float>, initialCentroids: Matrix<Float>, maxIterations: Int = 100,
                           tolerance: Double = 1e-4) throws -> KMeans {
        precondition(initialCentroids.columns == data.columns && initialCentroids.rows >= 1,
                     "KMeans.fit(_:initialCentroids:): \(initialCentroids.rows) × \(initialCentroids.columns) centres for \(data.columns) columns")
        precondition(maxIterations >= 0, "KMeans.fit(_:initialCentroids:): negative maxIterations \(maxIterations)")
        try data.checkFinite("k-means data")
        try initialCentroids.checkFinite("k-means initial centroids")
        return lloyd(data, initialCentroids: initialCentroids, maxIterations: maxIterations, tolerance: tolerance)
    }

    private static func lloyd(_ data: Matrix<Float>, initialCentroids: Matrix<Float>, maxIterations: Int,
                              tolerance: Double) -> KMeans {
        let n = data.rows, k = initialCentroids.rows
        let rowNorms = squaredRowNorms(data)
        var centroids = initialCentroids
        if n == 0 {
            return KMeans(centroids: centroids, assignments: [], clusterSizes: [Int](repeating: 0, count: k), inertia: 0,
                          iterations: 0, converged: true)
        }
        let threshold = tolerance * meanFeatureVariance(data)
        var assignments = [Int](repeating: -1, count: n)
        var distances = [Float](repeating: 0, count: n)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
            iterations += 1
            let previous = assignments
            assign(data, rowNorms: rowNorms, centroids: centroids, assignments: &assignments, distances: &distances)
            let updated = updateCentroids(data, k: k, assignments: &assignments, distances: distances)
            var shift = 0.0
            for i in 0..<updated.elements.count {
                let delta = Double(updated.elements[i]) - Double(centroids.elements[i])
                shift += delta * delta
            }
            centroids = updated
            if assignments == previous || shift <= threshold {
                converged = true
                break
            }
        }
        assign(data, rowNorms: rowNorms, centroids: centroids, assignments: &assignments, distances: &distances)
        var sizes = [Int](repeating: 0, count: k)
        for a in assignments { sizes[a] += 1 }
        let inertia = distances.reduce(0.0) { $0 + Double($1) }
        return KMeans(centroids: centroids, assignments: assignments, clusterSizes: sizes, inertia: inertia,
                      iterations: iterations, converged: converged)
    }

    /// The nearest centre of every row of `data` (ties to the lower index).
    public func assign(_ data: Matrix<Float>) -> [Int] {
        precondition(data.columns == centroids.columns, "KMeans.assign: data has \(data.columns) columns, centroids \(centroids.columns)")
        var assignments = [Int](repeating: 0, count: data.rows)
        var distances = [Float](repeating: 0, count: data.rows)
        KMeans.assign(data, rowNorms: KMeans.squaredRowNorms(data), centroids: centroids,
                      assignments: &assignments, distances: &distances)
        return assignments
    }
}

// MARK: - Steps

extension KMeans {
    static func squaredRowNorms(_ m: Matrix<Float>) -> [Float] {
        m.withUnsafeBufferPointer { p in
            (0..<m.rows).map { i in
                var s: Float = 0
                for j in 0..<m.columns { s += p[i * m.columns + j] * p[i * m.columns + j] }
                return s
            }
        }
    }

    static func meanFeatureVariance(_ m: Matrix<Float>) -> Double {
        guard m.rows > 0, m.columns > 0 else { return 0 }
        var total = 0.0
        for j in 0..<m.columns {
            var sum = 0.0, sumSq = 0.0
            for i in 0..<m.rows {
                let v = Double(m[i, j])
                sum += v
                sumSq += v * v
            }
            let mean = sum / Double(m.rows)
            total += max(0, sumSq / Double(m.rows) - mean * mean)
        }
        return total / Double(m.columns)
    }

    /// k-means++: the first centre uniformly, each next one with probability proportional to D².
    static func seedPlusPlus(_ data: Matrix<Float>, rowNorms: [Float], k: Int, seed: UInt64) -> Matrix<Float> {
        var rng = SeededGenerator(seed: seed)
        let n = data.rows, d = data.columns
        var centroids = Matrix<Float>(rows: k, columns: d)
        var minDistances = [Double](repeating: .infinity, count: n)
        var chosen = Int(rng.next() % UInt64(n))
        var dots = [Float](repeating: 0, count: n)
        for c in 0..<k {
            let centre = data.row(chosen)
            for j in 0..<d { centroids[c, j] = centre[j] }
            if c == k - 1 { break }
            // D² to the new centre for every row: ‖x‖² − 2·x·c + ‖c‖² through one gemv.
            BLAS.gemv(data, centre, into: &dots)
            let centreNorm = rowNorms[chosen]
            var total = 0.0
            for i in 0..<n {
                let dist = max(0, Double(rowNorms[i]) - 2 * Double(dots[i]) + Double(centreNorm))
                if dist < minDistances[i] { minDistances[i] = dist }
                total += minDistances[i]
            }
            if total > 0 {
                let target = rng.nextUnit() * total
                var cumulative = 0.0
                chosen = n - 1
                for i in 0..<n {
                    cumulative += minDistances[i]
                    if cumulative > target && minDistances[i] > 0 {
                        chosen = i
                        break
                    }
                }
            } else {
                chosen = Int(rng.next() % UInt64(n))
            }
        }
        return centroids
    }

    /// Nearest centre and squared distance of every row, in row blocks of one `sgemm` each, over the cores.
    static func assign(_ data: Matrix<Float>, rowNorms: [Float], centroids: Matrix<Float>,
                       assignments: inout [Int], distances: inout [Float]) {
        let n = data.rows, d = data.columns, k = centroids.rows
        let centroidNorms = squaredRowNorms(centroids)
        let blockRows = 1024
        let blocks = (n + blockRows - 1) / blockRows
        let threads = Parallel.processorCount
        let tiles = (0..<threads).map { _ in UnsafeMutablePointer<Float>.allocate(capacity: blockRows * max(1, k)) }
        defer { for t in tiles { t.deallocate() } }
        assignments.withUnsafeMutableBufferPointer { outAssign in
            distances.withUnsafeMutableBufferPointer { outDist in
                let assignOut = SharedPointer(base: outAssign.baseAddress!)
                let distOut = SharedPointer(base: outDist.baseAddress!)
                data.withUnsafeBufferPointer { x in
                    centroids.withUnsafeBufferPointer { c in
                        BLASThreadScope.with(threads: 1) {
                            Parallel.forEach(items: blocks, threads: threads) { block, worker in
                                let first = block * blockRows
                                let rows = min(blockRows, n - first)
                                let tile = tiles[worker]
                                if d > 0 {
                                    Float._gemm(transposeA: false, transposeB: true, m: Int32(rows), n: Int32(k), k: Int32(d),
                                                alpha: 1, a: x.baseAddress! + first * d, lda: Int32(d),
                                                b: c.baseAddress, ldb: Int32(d), beta: 0, c: tile, ldc: Int32(k))
                                } else {
                                    tile.update(repeating: 0, count: rows * k)
                                }
                                for r in 0..<rows {
                                    var best = 0
                                    var bestDistance = Float.infinity
                                    for j in 0..<k {
                                        let dist = centroidNorms[j] - 2 * tile[r * k + j]
                                        if dist < bestDistance {
                                            bestDistance = dist
                                            best = j
                                        }
                                    }
                                    assignOut.base[first + r] = best
                                    distOut.base[first + r] = max(0, bestDistance + rowNorms[first + r])
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Centre means (accumulated in Double); an empty cluster takes the row farthest from its centre.
    static func updateCentroids(_ data: Matrix<Float>, k: Int, assignments: inout [Int], distances: [Float]) -> Matrix<Float> {
        let n = data.rows, d = data.columns
        var sums = [Double](repeating: 0, count: k * d)
        var counts = [Int](repeating: 0, count: k)
        data.withUnsafeBufferPointer { x in
            for i in 0..<n {
                let a = assignments[i]
                counts[a] += 1
                for j in 0..<d { sums[a * d + j] += Double(x[i * d + j]) }
            }
        }
        let empty = (0..<k).filter { counts[$0] == 0 }
        if !empty.isEmpty {
            // Farthest rows first (ties: lower row), each taken from a cluster that keeps at least one member.
            let farthest = (0..<n).sorted { distances[$0] > distances[$1] || (distances[$0] == distances[$1] && $0 < $1) }
            var next = 0
            for cluster in empty {
                while next < n && counts[assignments[farthest[next]]] <= 1 { next += 1 }
                guard next < n else { break }
                let row = farthest[next]
                next += 1
                let from = assignments[row]
                counts[from] -= 1
                for j in 0..<d { sums[from * d + j] -= Double(data[row, j]) }
                assignments[row] = cluster
                counts[cluster] = 1
                for j in 0..<d { sums[cluster * d + j] = Double(data[row, j]) }
            }
        }
        var centroids = Matrix<Float>(rows: k, columns: d)
        for c in 0..<k where counts[c] > 0 {
            for j in 0..<d { centroids[c, j] = Float(sums[c * d + j] / Double(counts[c])) }
        }
        return centroids
    }
}
