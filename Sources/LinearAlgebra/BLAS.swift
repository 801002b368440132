internal import CBLAS

/// Checked Swift entry points to the BLAS routines of OpenBLAS.
///
/// Each wrapper checks dimensions with a precondition naming it and then makes
/// one C call; the corresponding C function is named in each doc comment.
/// BLAS routines have no return codes to check.
public enum BLAS {
    /// The number of threads OpenBLAS uses inside one call (process-wide).
    ///
    /// The corresponding C functions are `openblas_get_num_threads` and
    /// `openblas_set_num_threads`.
    public static var threadCount: Int {
        get { Int(openblas_get_num_threads()) }
        set {
            precondition(newValue >= 1, "BLAS.threadCount: \(newValue) threads")
            openblas_set_num_threads(Int32(clamping: newValue))
        }
    }

    /// The number of processors OpenBLAS detected. The corresponding C function is `openblas_get_num_procs`.
    public static var processorCount: Int { Int(openblas_get_num_procs()) }

    /// OpenBLAS's build configuration string (version, kernel). The corresponding C function is `openblas_get_config`.
    public static var configuration: String {
        guard let text = openblas_get_config() else { return "unknown" }
        return String(cString: text)
    }

    /// General matrix product `C ← alpha·op(A)·op(B) + beta·C`, where `op(X)` is `X` or `Xᵀ`.
    ///
    /// The corresponding C functions are `cblas_sgemm` / `cblas_dgemm`.
    public static func gemm<S: BLASScalar>(
        _ a: some RowMajorMatrix<S>, _ b: some RowMajorMatrix<S>,
        transposingA transposeA: Bool = false, transposingB transposeB: Bool = false,
        alpha: S = 1, beta: S = 0, into c: inout Matrix<S>
    ) {
        let m = transposeA ? a.columns : a.rows
        let k = transposeA ? a.rows : a.columns
        let kb = transposeB ? b.columns : b.rows
        let n = transposeB ? b.rows : b.columns
        precondition(k == kb, "BLAS.gemm: inner dimensions differ (\(k) and \(kb))")
        precondition(c.rows == m && c.columns == n, "BLAS.gemm: result is \(c.rows) × \(c.columns), expected \(m) × \(n)")
        if m == 0 || n == 0 { return }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    S._gemm(transposeA: transposeA, transposeB: transposeB,
                            m: Int32(dimension: m, "BLAS.gemm"), n: Int32(dimension: n, "BLAS.gemm"),
                            k: Int32(dimension: k, "BLAS.gemm"), alpha: alpha,
                            a: pa.baseAddress, lda: Int32(dimension: max(1, a.columns), "BLAS.gemm"),
                            b: pb.baseAddress, ldb: Int32(dimension: max(1, b.columns), "BLAS.gemm"),
                            beta: beta, c: pc.baseAddress, ldc: Int32(dimension: max(1, n), "BLAS.gemm"))
                }
            }
        }
    }

    /// Matrix–vector product `y ← alpha·op(A)·x + beta·y`.
    ///
    /// The corresponding C functions are `cblas_sgemv` / `cblas_dgemv`.
    public static func gemv<S: BLASScalar>(
        _ a: some RowMajorMatrix<S>, transposed: Bool = false, _ x: [S],
        alpha: S = 1, beta: S = 0, into y: inout [S]
    ) {
        let rowsOut = transposed ? a.columns : a.rows
        let inner = transposed ? a.rows : a.columns
        precondition(x.count == inner, "BLAS.gemv: x has \(x.count) elements, expected \(inner)")
        precondition(y.count == rowsOut, "BLAS.gemv: y has \(y.count) elements, expected \(rowsOut)")
        if rowsOut == 0 { return }
        if inner == 0 {
            for i in y.indices { y[i] = beta * y[i] }
            return
        }
        a.withUnsafeBufferPointer { pa in
            x.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    S._gemv(transpose: transposed, m: Int32(dimension: a.rows, "BLAS.gemv"),
                            n: Int32(dimension: a.columns, "BLAS.gemv"), alpha: alpha, a: pa.baseAddress,
                            lda: Int32(dimension: max(1, a.columns), "BLAS.gemv"), x: px.baseAddress, incx: 1,
                            beta: beta, y: py.baseAddress, incy: 1)
                }
            }
        }
    }

    /// Symmetric rank-k update `C ← alpha·AᵀA + beta·C` (or `alpha·AAᵀ + beta·C` when `transposed` is false).
    ///
    /// Only the upper triangle is computed by BLAS; this wrapper mirrors it into
    /// the lower triangle so `c` is a full symmetric matrix.
    /// The corresponding C functions are `cblas_ssyrk` / `cblas_dsyrk`.
    public static func syrk<S: BLASScalar>(
        _ a: some RowMajorMatrix<S>, transposed: Bool = true, alpha: S = 1, beta: S = 0, into c: inout Matrix<S>
    ) {
        let n = transposed ? a.columns : a.rows
        let k = transposed ? a.rows : a.columns
        precondition(c.rows == n && c.columns == n, "BLAS.syrk: result is \(c.rows) × \(c.columns), expected \(n) × \(n)")
        if n == 0 { return }
        a.withUnsafeBufferPointer { pa in
            c.withUnsafeMutableBufferPointer { pc in
                S._syrk(transpose: transposed, n: Int32(dimension: n, "BLAS.syrk"), k: Int32(dimension: k, "BLAS.syrk"),
                        alpha: alpha, a: pa.baseAddress, lda: Int32(dimension: max(1, a.columns), "BLAS.syrk"),
                        beta: beta, c: pc.baseAddress, ldc: Int32(dimension: n, "BLAS.syrk"))
                for i in 0..<n {
                    for j in 0..<i { pc[i * n + j] = pc[j * n + i] }
                }
            }
        }
    }

    /// Dot product `xᵀy`. The corresponding C functions are `cblas_sdot` / `cblas_ddot`.
    public static func dot<S: BLASScalar>(_ x: [S], _ y: [S]) -> S {
        precondition(x.count == y.count, "BLAS.dot: lengths differ (\(x.count) and \(y.count))")
        return x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                S._dot(n: Int32(dimension: x.count, "BLAS.dot"), x: px.baseAddress, incx: 1, y: py.baseAddress, incy: 1)
            }
        }
    }

    /// Euclidean norm `‖x‖₂`, computed without overflow. The corresponding C functions are `cblas_snrm2` / `cblas_dnrm2`.
    public static func nrm2<S: BLASScalar>(_ x: [S]) -> S {
        x.withUnsafeBufferPointer { px in
            S._nrm2(n: Int32(dimension: x.count, "BLAS.nrm2"), x: px.baseAddress, incx: 1)
        }
    }

    /// `y ← alpha·x + y`. The corresponding C functions are `cblas_saxpy` / `cblas_daxpy`.
    public static func axpy<S: BLASScalar>(_ alpha: S, _ x: [S], _ y: inout [S]) {
        precondition(x.count == y.count, "BLAS.axpy: lengths differ (\(x.count) and \(y.count))")
        x.withUnsafeBufferPointer { px in
            y.withUnsafeMutableBufferPointer { py in
                S._axpy(n: Int32(dimension: x.count, "BLAS.axpy"), alpha: alpha, x: px.baseAddress, incx: 1,
                        y: py.baseAddress, incy: 1)
            }
        }
    }
}

extension Matrix {
    /// The product `self · other` through `gemm`.
    public func multiplied(by other: some RowMajorMatrix<Scalar>, transposingOther: Bool = false) -> Matrix {
        var result = Matrix(rows: rows, columns: transposingOther ? other.rows : other.columns)
        BLAS.gemm(self, other, transposingB: transposingOther, into: &result)
        return result
    }

    /// The product `self · x` through `gemv`.
    public func multiplied(by x: [Scalar]) -> [Scalar] {
        var y = [Scalar](repeating: 0, count: rows)
        BLAS.gemv(self, x, into: &y)
        return y
    }
}
