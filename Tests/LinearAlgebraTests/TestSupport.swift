import LinearAlgebra

/// Random matrices and plain-loop reference implementations for the tests.
enum Reference {
    static func randomMatrix<S: BLASScalar>(_ rows: Int, _ columns: Int, seed: UInt64, as: S.Type = S.self) -> Matrix<S> {
        var rng = SeededGenerator(seed: seed)
        return Matrix(rows: rows, columns: columns) { _, _ in S(rng.nextGaussian()) }
    }

    static func matmul<S: BLASScalar>(_ a: Matrix<S>, _ b: Matrix<S>) -> [[Double]] {
        (0..<a.rows).map { i in
            (0..<b.columns).map { j in
                (0..<a.columns).reduce(0.0) { $0 + Double(a[i, $1]) * Double(b[$1, j]) }
            }
        }
    }

    static func maxDifference<S: BLASScalar>(_ m: Matrix<S>, _ expected: [[Double]]) -> Double {
        var worst = 0.0
        for i in 0..<m.rows {
            for j in 0..<m.columns { worst = max(worst, abs(Double(m[i, j]) - expected[i][j])) }
        }
        return worst
    }

    /// Cosine similarity in Double; 0 when either vector is zero.
    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        var dot = 0.0, na = 0.0, nb = 0.0
        for j in a.indices {
            dot += Double(a[j]) * Double(b[j])
            na += Double(a[j]) * Double(a[j])
            nb += Double(b[j]) * Double(b[j])
        }
        return na == 0 || nb == 0 ? 0 : dot / (na.squareRoot() * nb.squareRoot())
    }

    /// Brute-force top-k: similarity descending, lower id first on ties.
    static func topK(query: [Float], database: Matrix<Float>, k: Int, excluded: Set<Int> = []) -> [(id: Int, similarity: Double)] {
        let scored = (0..<database.rows).filter { !excluded.contains($0) }.map { ($0, cosine(query, database.row($0))) }
        let sorted = scored.sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        return Array(sorted.prefix(k)).map { (id: $0.0, similarity: $0.1) }
    }

    /// Rows drawn around `clusters` well-separated random centres.
    static func clustered(rows: Int, columns: Int, clusters: Int, spread: Double, seed: UInt64) -> (Matrix<Float>, [Int]) {
        var rng = SeededGenerator(seed: seed)
        let centres = (0..<clusters).map { _ in (0..<columns).map { _ in rng.nextGaussian() * 10 } }
        var labels: [Int] = []
        let m = Matrix<Float>(rows: rows, columns: columns) { i, j in
            if j == 0 { labels.append(i % clusters) }
            return Float(centres[i % clusters][j] + spread * rng.nextGaussian())
        }
        return (m, labels)
    }
}
