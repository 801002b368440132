/// Principal component analysis: the covariance through `syrk`, its eigenvectors through `syevd`.
///
/// The covariance `Σ = (X − μ)ᵀ(X − μ) / (n − 1)` is accumulated in Double from
/// centred blocks of rows (one `dsyrk` each), so Float input loses no precision
/// and no centred copy of the whole matrix is made. Components are the
/// eigenvectors of the largest eigenvalues, each signed so its largest-magnitude
/// entry is positive, which makes the result deterministic. OpenBLAS runs on one
/// thread meanwhile: the eigensolver's sums depend on its thread count, which
/// another caller may be changing at the same moment.
public struct PCA<Scalar: BLASScalar>: Sendable {
    /// The mean of every input column.
    public let mean: [Scalar]
    /// `c × d`: row `i` is the unit principal axis of the `i`-th largest variance.
    public let components: Matrix<Scalar>
    /// The variance along each component (eigenvalues of the sample covariance), descending.
    public let explainedVariance: [Double]
    /// `explainedVariance` divided by the total variance of the data.
    public let explainedVarianceRatio: [Double]

    /// Fits the first `componentCount` principal components of the rows of `data`.
    ///
    /// - Throws: ``NumericError/nonFiniteValue(matrix:row:column:)`` for NaN or infinite input,
    ///   ``LAPACKError`` if the eigensolver fails.
    /// - Complexity: O(n·d²) in `syrk` plus O(d³) in `syevd`.
    public static func fit(_ data: Matrix<Scalar>, componentCount: Int) throws -> PCA {
        try BLASThreadScope.with(threads: 1) { try fitSingleThreaded(data, componentCount: componentCount) }
    }

    private static func fitSingleThreaded(_ data: Matrix<Scalar>, componentCount: Int) throws -> PCA {
        precondition(componentCount >= 0 && componentCount <= data.columns,
                     "PCA.fit: \(componentCount) components for \(data.columns) columns")
        try data.checkFinite("PCA data")
        let n = data.rows, d = data.columns
        var mean = [Double](repeating: 0, count: d)
        data.withUnsafeBufferPointer { x in
            for i in 0..<n {
                for j in 0..<d { mean[j] += Double(x[i * d + j]) }
            }
        }
        if n > 0 { for j in 0..<d { mean[j] /= Double(n) } }
        var covariance = Matrix<Double>(rows: d, columns: d)
        let blockRows = 4096
        var block = Matrix<Double>(rows: min(blockRows, n), columns: d)
        var start = 0
        while start < n {
            let rows = min(blockRows, n - start)
            if rows != block.rows { block = Matrix(rows: rows, columns: d) }
            data.withUnsafeBufferPointer { x in
                block.withUnsafeMutableBufferPointer { b in
                    for i in 0..<rows {
                        for j in 0..<d { b[i * d + j] = Double(x[(start + i) * d + j]) - mean[j] }
                    }
                }
            }
            BLAS.syrk(block, transposed: true, alpha: 1, beta: start == 0 ? 0 : 1, into: &covariance)
            start += rows
        }
        let scale = 1 / Double(max(n - 1, 1))
        covariance = Matrix(rows: d, columns: d, elements: covariance.elements.map { $0 * scale })
        let eigen = try LAPACK.symmetricEigen(covariance)
        let total = eigen.values.reduce(0) { $0 + max(0, $1) }
        var components = Matrix<Scalar>(rows: componentCount, columns: d)
        var variances: [Double] = []
        for c in 0..<componentCount {
            let column = d - 1 - c  // syevd sorts ascending
            var axis = eigen.vectors.column(column)
            let largest = axis.indices.max { abs(axis[$0]) < abs(axis[$1]) || (abs(axis[$0]) == abs(axis[$1]) && $0 > $1) }
            if let largest, axis[largest] < 0 { axis = axis.map { -$0 } }
            for j in 0..<d { components[c, j] = Scalar(axis[j]) }
            variances.append(max(0, eigen.values[column]))
        }
        return PCA(mean: mean.map { Scalar($0) }, components: components, explainedVariance: variances,
                   explainedVarianceRatio: variances.map { total > 0 ? $0 / total : 0 })
    }

    /// Projects rows onto the components: `(X − μ)·Wᵀ`, `n × c`, through `gemm`.
    public func transform(_ data: Matrix<Scalar>) -> Matrix<Scalar> {
        precondition(data.columns == mean.count, "PCA.transform: data has \(data.columns) columns, PCA was fitted on \(mean.count)")
        var centred = data
        let d = data.columns
        centred.withUnsafeMutableBufferPointer { x in
            for i in 0..<data.rows {
                for j in 0..<d { x[i * d + j] -= mean[j] }
            }
        }
        return centred.multiplied(by: components, transposingOther: true)
    }
}
