#if canImport(Glibc)
import Glibc
#endif
import LinearAlgebra
import Testing

@Suite("k-means, PCA and logistic regression")
struct ModelTests {
    @Test("k-means recovers well-separated clusters")
    func kMeansRecoversClusters() throws {
        let (data, labels) = Reference.clustered(rows: 900, columns: 5, clusters: 6, spread: 0.5, seed: 40)
        let model = try KMeans.fit(data, clusterCount: 6, seed: 3)
        #expect(model.converged)
        // Each true cluster maps to exactly one found cluster and vice versa.
        var mapping: [Int: Int] = [:]
        for (i, label) in labels.enumerated() {
            if let found = mapping[label] { #expect(found == model.assignments[i]) } else { mapping[label] = model.assignments[i] }
        }
        #expect(Set(mapping.values).count == 6)
        #expect(model.clusterSizes.allSatisfy { $0 == 150 })
    }

    @Test("k-means is deterministic for a seed")
    func kMeansDeterministic() throws {
        let data: Matrix<Float> = Reference.randomMatrix(500, 4, seed: 41)
        let a = try KMeans.fit(data, clusterCount: 7, seed: 9)
        let b = try KMeans.fit(data, clusterCount: 7, seed: 9)
        #expect(a.assignments == b.assignments && a.centroids == b.centroids && a.inertia == b.inertia)
    }

    @Test("k-means gives an empty cluster the farthest row instead of a NaN centre")
    func kMeansEmptyCluster() throws {
        let (data, _) = Reference.clustered(rows: 300, columns: 3, clusters: 3, spread: 0.3, seed: 42)
        // Two centres in one cluster and one far from every row: after the first assignment it is empty.
        var start = Matrix<Float>(rows: 3, columns: 3)
        for j in 0..<3 {
            start[0, j] = data[0, j]
            start[1, j] = data[3, j]
            start[2, j] = 1e4
        }
        let model = try KMeans.fit(data, initialCentroids: start)
        #expect(!model.centroids.elements.contains { $0.isNaN })
        #expect(model.clusterSizes.allSatisfy { $0 > 0 })
        #expect(Set(model.assignments).count == 3)
    }

    @Test("k-means clamps k to the row count and rejects NaN with a typed error")
    func kMeansEdges() throws {
        let data = Matrix<Float>([[0, 0], [1, 1]])
        let model = try KMeans.fit(data, clusterCount: 5)
        #expect(model.centroids.rows == 2 && Set(model.assignments) == [0, 1])
        #expect(model.inertia < 1e-12)
        let bad = Matrix<Float>([[0, 0], [1, .nan]])
        #expect(throws: NumericError.nonFiniteValue(matrix: "k-means data", row: 1, column: 1)) {
            _ = try KMeans.fit(bad, clusterCount: 1)
        }
    }

    @Test("PCA finds the axes and variances of a known covariance")
    func pca() throws {
        // x = z·diag(3, 1, 0.3)·Rᵀ with a fixed rotation R: variances 9, 1, 0.09 along R's columns.
        let c = 0.6, s = 0.8
        let r = Matrix<Double>([[c, -s, 0], [s, c, 0], [0, 0, 1]])
        let scales = [3.0, 1.0, 0.3]
        var rng = SeededGenerator(seed: 43)
        let n = 40_000
        let data = Matrix<Double>(rows: n, columns: 3) { _, _ in rng.nextGaussian() }
        var scaled = data
        for i in 0..<n { for j in 0..<3 { scaled[i, j] = data[i, j] * scales[j] + [5.0, -1.0, 2.0][j] } }
        var shifted = scaled
        for i in 0..<n {
            let row = (0..<3).map { scaled[i, $0] - [5.0, -1.0, 2.0][$0] }
            for j in 0..<3 { shifted[i, j] = (0..<3).reduce(0.0) { $0 + r[j, $1] * row[$1] } + 10 }
        }
        let model = try PCA.fit(shifted, componentCount: 2)
        #expect(abs(model.explainedVariance[0] - 9) / 9 < 0.03)
        #expect(abs(model.explainedVariance[1] - 1) < 0.03)
        #expect(abs(model.explainedVarianceRatio[0] - 9 / 10.09) < 0.01)
        #expect(abs(abs(BLAS.dot(model.components.row(0), r.column(0))) - 1) < 1e-3)
        #expect(abs(abs(BLAS.dot(model.components.row(1), r.column(1))) - 1) < 1e-3)
        #expect(model.mean.allSatisfy { abs($0 - 10) < 0.05 })
        let projected = model.transform(shifted)
        #expect(projected.rows == n && projected.columns == 2)
        let variance = (0..<n).reduce(0.0) { $0 + projected[$1, 0] * projected[$1, 0] } / Double(n - 1)
        #expect(abs(variance - model.explainedVariance[0]) / variance < 1e-3)
    }

    @Test("PCA of Float data agrees with the Double fit")
    func pcaFloat() throws {
        let d: Matrix<Double> = Reference.randomMatrix(300, 6, seed: 44)
        let f = Matrix<Float>(converting: d)
        let md = try PCA.fit(d, componentCount: 3)
        let mf = try PCA.fit(f, componentCount: 3)
        for c in 0..<3 {
            #expect(abs(md.explainedVariance[c] - mf.explainedVariance[c]) < 1e-4)
            #expect(abs(abs(BLAS.dot(md.components.row(c), Matrix<Double>(converting: mf.components).row(c))) - 1) < 1e-3)
        }
    }

    /// Newton's method in plain loops with Gaussian elimination: the reference solution.
    static func naiveLogistic(x: [[Double]], y: [Double], w: [Double], lambda: Double) -> [Double] {
        let p = x[0].count + 1
        var beta = [Double](repeating: 0, count: p)
        for _ in 0..<100 {
            var g = [Double](repeating: 0, count: p)
            var h = [[Double]](repeating: [Double](repeating: 0, count: p), count: p)
            for i in x.indices {
                let xi = x[i] + [1]
                let z = zip(xi, beta).reduce(0.0) { $0 + $1.0 * $1.1 }
                let prob = 1 / (1 + exp(-z))
                for a in 0..<p {
                    g[a] += w[i] * (prob - y[i]) * xi[a]
                    for b in 0..<p { h[a][b] += w[i] * prob * (1 - prob) * xi[a] * xi[b] }
                }
            }
            for a in 0..<(p - 1) {
                g[a] += lambda * beta[a]
                h[a][a] += lambda
            }
            // Solve h·step = g by Gaussian elimination with partial pivoting.
            var m = h.enumerated().map { $0.element + [g[$0.offset]] }
            for col in 0..<p {
                let pivot = (col..<p).max { abs(m[$0][col]) < abs(m[$1][col]) }!
                m.swapAt(col, pivot)
                for row in (col + 1)..<p {
                    let f = m[row][col] / m[col][col]
                    for k in col...p { m[row][k] -= f * m[col][k] }
                }
            }
            var step = [Double](repeating: 0, count: p)
            for row in stride(from: p - 1, through: 0, by: -1) {
                step[row] = (m[row][p] - ((row + 1)..<p).reduce(0.0) { $0 + m[row][$1] * step[$1] }) / m[row][row]
            }
            for a in 0..<p { beta[a] -= step[a] }
        }
        return beta
    }

    @Test("weighted L2 logistic regression matches a plain-loop Newton solve")
    func logisticMatchesNaive() throws {
        var rng = SeededGenerator(seed: 45)
        let n = 400, d = 4
        let x = (0..<n).map { _ in (0..<d).map { _ in rng.nextGaussian() } }
        let trueBeta = [1.5, -2.0, 0.5, 0.0]
        let y = x.map { row -> Double in
            let z = zip(row, trueBeta).reduce(0.3) { $0 + $1.0 * $1.1 }
            return rng.nextUnit() < 1 / (1 + exp(-z)) ? 1 : 0
        }
        let w = (0..<n).map { _ in 0.2 + 2 * rng.nextUnit() }
        let model = try LogisticRegression.fit(features: Matrix(x), labels: y.map { $0 == 1 }, weights: w, l2Penalty: 0.7)
        let expected = Self.naiveLogistic(x: x, y: y, w: w, lambda: 0.7)
        #expect(model.converged)
        for j in 0..<d { #expect(abs(model.coefficients[j] - expected[j]) < 1e-7) }
        #expect(abs(model.intercept - expected[d]) < 1e-7)
        let probabilities = model.probabilities(Matrix(x))
        #expect(abs(probabilities[5] - model.probability(x[5])) < 1e-12)
    }

    @Test("a sample weight of 2 is the same as the row appearing twice")
    func logisticWeightsAreCounts() throws {
        let x: [[Double]] = [[0.0], [1.0], [2.0], [3.0], [1.5]]
        let y = [false, false, true, true, false]
        let weighted = try LogisticRegression.fit(features: Matrix(x), labels: y, weights: [1, 1, 1, 1, 2], l2Penalty: 0.1)
        let duplicated = try LogisticRegression.fit(features: Matrix(x + [[1.5]]), labels: y + [false], l2Penalty: 0.1)
        #expect(abs(weighted.coefficients[0] - duplicated.coefficients[0]) < 1e-9)
        #expect(abs(weighted.intercept - duplicated.intercept) < 1e-9)
    }

    @Test("separable data with a penalty converges to finite coefficients that classify it")
    func logisticSeparable() throws {
        let x: [[Double]] = [[-2, 1], [-1, 0], [-1.5, -1], [1, 0.5], [2, -1], [1.5, 1]]
        let y = [false, false, false, true, true, true]
        let model = try LogisticRegression.fit(features: Matrix(x), labels: y, l2Penalty: 0.01)
        #expect(model.converged && model.coefficients.allSatisfy(\.isFinite))
        let p = model.probabilities(Matrix(x))
        #expect(zip(p, y).allSatisfy { ($0 > 0.5) == $1 })
    }
}
