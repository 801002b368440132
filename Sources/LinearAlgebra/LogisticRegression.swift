#if canImport(Glibc)
import Glibc
#endif

/// L2-regularised logistic regression with sample weights, fitted by Newton's method (IRLS) in Double.
///
/// Minimises `Σᵢ wᵢ·[log(1 + e^{zᵢ}) − yᵢ·zᵢ] + (λ/2)·‖β‖²` with `zᵢ = xᵢ·β + b`
/// (the intercept `b` is not penalised); this is scikit-learn's
/// `LogisticRegression(C = 1/λ)` objective. Each Newton step forms the Hessian
/// `Xᵀ·diag(w·p·(1−p))·X + λI`, factors it with `dpotrf` and solves with
/// `dpotrs`; a backtracking line search keeps every step downhill.
///
/// The Hessian is summed over blocks of rows, one single-threaded `dsyrk` per
/// block on every core, in block order: the same sums whatever the core count.
/// OpenBLAS runs single-threaded throughout, because its worker threads spin
/// between calls and the fit's other steps would share the cores with them.
public struct LogisticRegression: Sendable {
    /// The feature weights `β`.
    public let coefficients: [Double]
    /// The intercept `b` (0 when fitted without one).
    public let intercept: Double
    /// Newton iterations run.
    public let iterations: Int
    /// Whether the gradient fell below tolerance before `maxIterations`.
    public let converged: Bool

    /// Creates a model from known parameters.
    public init(coefficients: [Double], intercept: Double) {
        self.coefficients = coefficients
        self.intercept = intercept
        self.iterations = 0
        self.converged = true
    }

    private init(coefficients: [Double], intercept: Double, iterations: Int, converged: Bool) {
        self.coefficients = coefficients
        self.intercept = intercept
        self.iterations = iterations
        self.converged = converged
    }

    /// Fits the model.
    ///
    /// - Parameters:
    ///   - features: `n × d` rows.
    ///   - labels: `n` outcomes.
    ///   - weights: `n` non-negative sample weights (default all 1).
    ///   - l2Penalty: `λ ≥ 0`; with 0 and separable data the fit stops at `maxIterations` unconverged.
    ///   - fitIntercept: whether to fit `b`.
    ///   - tolerance: stop when the largest gradient entry is below `tolerance · max(1, Σw)`.
    /// - Throws: ``NumericError/nonFiniteValue(matrix:row:column:)`` for NaN or infinite features,
    ///   ``LAPACKError`` if the Newton system cannot be factored.
    /// - Complexity: O(n·d²) per iteration.
    public static func fit(features: Matrix<Double>, labels: [Bool], weights: [Double]? = nil, l2Penalty: Double = 1,
                           fitIntercept: Bool = true, maxIterations: Int = 100,
                           tolerance: Double = 1e-10) throws -> LogisticRegression {
        try BLASThreadScope.with(threads: 1) {
            try newton(features: features, labels: labels, weights: weights, l2Penalty: l2Penalty,
                       fitIntercept: fitIntercept, maxIterations: maxIterations, tolerance: tolerance)
        }
    }

    /// Rows per block of the Hessian's sum.
    static let hessianBlockRows = 8_192

    private static func newton(features: Matrix<Double>, labels: [Bool], weights: [Double]?, l2Penalty: Double,
                               fitIntercept: Bool, maxIterations: Int, tolerance: Double) throws -> LogisticRegression {
        let n = features.rows, d = features.columns
        precondition(labels.count == n, "LogisticRegression.fit: \(labels.count) labels for \(n) rows")
        precondition(weights == nil || weights!.count == n, "LogisticRegression.fit: \(weights!.count) weights for \(n) rows")
        precondition(weights?.allSatisfy { $0 >= 0 && $0.isFinite } ?? true, "LogisticRegression.fit: weights must be finite and non-negative")
        precondition(l2Penalty >= 0 && l2Penalty.isFinite, "LogisticRegression.fit: l2Penalty \(l2Penalty) must be finite and non-negative")
        try features.checkFinite("logistic regression features")
        let w = weights ?? [Double](repeating: 1, count: n)
        let y = labels.map { $0 ? 1.0 : 0.0 }
        let p = d + (fitIntercept ? 1 : 0)
        // The design matrix with a column of ones for the intercept.
        let design: Matrix<Double> = fitIntercept
            ? Matrix(rows: n, columns: p) { i, j in j < d ? features[i, j] : 1 }
            : features
        let penalty = (0..<p).map { $0 < d ? l2Penalty : 0 }
        let totalWeight = max(1, w.reduce(0, +))
        var beta = [Double](repeating: 0, count: p)

        func objective(_ b: [Double]) -> Double {
            let z = design.multiplied(by: b)
            var loss = 0.0
            for i in 0..<n { loss += w[i] * (softplus(z[i]) - y[i] * z[i]) }
            for j in 0..<p { loss += 0.5 * penalty[j] * b[j] * b[j] }
            return loss
        }

        var iterations = 0
        var converged = false
        var current = objective(beta)
        while iterations < maxIterations {
            let z = design.multiplied(by: beta)
            var residual = [Double](repeating: 0, count: n)
            var curvature = [Double](repeating: 0, count: n)
            for i in 0..<n {
                let prob = sigmoid(z[i])
                residual[i] = w[i] * (prob - y[i])
                curvature[i] = w[i] * prob * (1 - prob)
            }
            var gradient = [Double](repeating: 0, count: p)
            BLAS.gemv(design, transposed: true, residual, into: &gradient)
            for j in 0..<p { gradient[j] += penalty[j] * beta[j] }
            if gradient.map(abs).max() ?? 0 <= tolerance * totalWeight {
                converged = true
                break
            }
            iterations += 1
            var hessian = weightedGram(design, curvature: curvature)
            // λ on the penalised diagonal, plus a tiny jitter so a saturated intercept cannot make it singular;
            // the jitter changes the step, never the fixed point (where the gradient is zero).
            let trace = (0..<p).reduce(0.0) { $0 + hessian[$1, $1] }
            let jitter = 1e-12 * max(1, trace / Double(max(p, 1)))
            for j in 0..<p { hessian[j, j] += penalty[j] + jitter }
            let factor = try LAPACK.choleskyFactor(hessian)
            let step = try LAPACK.choleskySolve(factor: factor, gradient)
            // Backtracking (Armijo) along the Newton direction.
            let slope = zip(gradient, step).reduce(0.0) { $0 - $1.0 * $1.1 }
            var t = 1.0
            var candidate = beta
            var value = current
            for _ in 0..<40 {
                for j in 0..<p { candidate[j] = beta[j] - t * step[j] }
                value = objective(candidate)
                if value <= current + 1e-4 * t * slope { break }
                t *= 0.5
            }
            if value > current {
                converged = true  // no downhill step left at machine precision
                break
            }
            beta = candidate
            current = value
        }
        return LogisticRegression(coefficients: Array(beta[0..<d]), intercept: fitIntercept ? beta[d] : 0,
                                  iterations: iterations, converged: converged)
    }

    /// `Xᵀ·diag(c)·X`: per block of rows, the rows scaled by `√c` and one `dsyrk`, on every core; the blocks'
    /// results are added in block order.
    static func weightedGram(_ x: Matrix<Double>, curvature: [Double]) -> Matrix<Double> {
        let n = x.rows, p = x.columns
        if n == 0 || p == 0 { return Matrix(rows: p, columns: p) }
        let blockRows = hessianBlockRows
        let blocks = (n + blockRows - 1) / blockRows
        var parts = [Double](repeating: 0, count: blocks * p * p)
        let workers = min(blocks, Parallel.processorCount)
        var scratch = [Double](repeating: 0, count: workers * min(n, blockRows) * p)
        x.withUnsafeBufferPointer { x in
            curvature.withUnsafeBufferPointer { c in
                parts.withUnsafeMutableBufferPointer { parts in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        let out = SharedPointer(base: parts.baseAddress!), rows = SharedPointer(base: scratch.baseAddress!)
                        Parallel.forEach(items: blocks, threads: workers) { block, worker in
                            let first = block * blockRows, count = min(blockRows, n - first)
                            let scaled = rows.base + worker * blockRows * p
                            for i in 0..<count {
                                let root = c[first + i].squareRoot()
                                for j in 0..<p { scaled[i * p + j] = x[(first + i) * p + j] * root }
                            }
                            Double._syrk(transpose: true, n: Int32(p), k: Int32(count), alpha: 1, a: scaled, lda: Int32(p),
                                         beta: 0, c: out.base + block * p * p, ldc: Int32(p))
                        }
                    }
                }
            }
        }
        // The upper triangles, added in block order, then mirrored.
        var gram = Matrix<Double>(rows: p, columns: p)
        for block in 0..<blocks {
            for i in 0..<p {
                for j in i..<p { gram[i, j] += parts[block * p * p + i * p + j] }
            }
        }
        for i in 0..<p {
            for j in 0..<i { gram[i, j] = gram[j, i] }
        }
        return gram
    }

    /// `P(y = 1 | x)` for every row of `features`, through one `gemv`.
    public func probabilities(_ features: Matrix<Double>) -> [Double] {
        precondition(features.columns == coefficients.count,
                     "LogisticRegression.probabilities: \(features.columns) columns, model has \(coefficients.count)")
        return features.multiplied(by: coefficients).map { sigmoid($0 + intercept) }
    }

    /// `P(y = 1 | x)` for one feature vector.
    public func probability(_ x: [Double]) -> Double {
        precondition(x.count == coefficients.count, "LogisticRegression.probability: \(x.count) features, model has \(coefficients.count)")
        return sigmoid(zip(x, coefficients).reduce(intercept) { $0 + $1.0 * $1.1 })
    }
}

/// `1 / (1 + e^{−z})` without overflow.
func sigmoid(_ z: Double) -> Double {
    z >= 0 ? 1 / (1 + exp(-z)) : exp(z) / (1 + exp(z))
}

/// `log(1 + e^{z})` without overflow.
func softplus(_ z: Double) -> Double {
    z > 0 ? z + log1p(exp(-z)) : log1p(exp(z))
}
