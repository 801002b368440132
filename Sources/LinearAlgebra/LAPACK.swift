/// Checked Swift entry points to the LAPACK routines the numeric core needs, through LAPACKE (row-major).
///
/// Every call's `info` is checked next to it: a negative value (an illegal
/// argument) traps with the routine's name; a positive value, or LAPACKE's
/// memory error, throws ``LAPACKError``.
public enum LAPACK {
    /// The eigenvalues (ascending) and eigenvectors of a symmetric matrix.
    public struct SymmetricEigendecomposition<S: BLASScalar>: Sendable {
        /// Eigenvalues in ascending order.
        public var values: [S]
        /// Column `j` is the unit eigenvector of `values[j]`.
        public var vectors: Matrix<S>
    }

    /// The thin singular value decomposition `A = U·diag(s)·Vᵀ`.
    public struct SingularValueDecomposition<S: BLASScalar>: Sendable {
        /// `m × min(m, n)`, orthonormal columns.
        public var u: Matrix<S>
        /// Singular values in descending order.
        public var singularValues: [S]
        /// `min(m, n) × n`, orthonormal rows.
        public var vt: Matrix<S>
    }

    /// Eigen-decomposes the symmetric matrix `a` (only its upper triangle is read), divide and conquer.
    ///
    /// The corresponding C functions are `LAPACKE_ssyevd` / `LAPACKE_dsyevd`.
    public static func symmetricEigen<S: BLASScalar>(_ a: Matrix<S>) throws -> SymmetricEigendecomposition<S> {
        precondition(a.rows == a.columns, "LAPACK.symmetricEigen: matrix is \(a.rows) × \(a.columns), not square")
        let n = a.rows
        var vectors = a
        var values = [S](repeating: 0, count: n)
        if n == 0 { return SymmetricEigendecomposition(values: values, vectors: vectors) }
        let info = vectors.withUnsafeMutableBufferPointer { pa in
            values.withUnsafeMutableBufferPointer { pw in
                S._syevd(computeVectors: true, n: Int32(dimension: n, "LAPACK.symmetricEigen"), a: pa.baseAddress,
                         lda: Int32(dimension: n, "LAPACK.symmetricEigen"), w: pw.baseAddress)
            }
        }
        try check(info, routine: "syevd") { .didNotConverge(routine: "syevd", info: Int($0)) }
        return SymmetricEigendecomposition(values: values, vectors: vectors)
    }

    /// The thin SVD of `a`, divide and conquer.
    ///
    /// The corresponding C functions are `LAPACKE_sgesdd` / `LAPACKE_dgesdd` (`jobz = 'S'`).
    public static func singularValueDecomposition<S: BLASScalar>(_ a: Matrix<S>) throws -> SingularValueDecomposition<S> {
        let m = a.rows, n = a.columns, r = min(m, n)
        var work = a
        var s = [S](repeating: 0, count: r)
        var u = Matrix<S>(rows: m, columns: r)
        var vt = Matrix<S>(rows: r, columns: n)
        if r == 0 { return SingularValueDecomposition(u: u, singularValues: s, vt: vt) }
        let info = work.withUnsafeMutableBufferPointer { pa in
            s.withUnsafeMutableBufferPointer { ps in
                u.withUnsafeMutableBufferPointer { pu in
                    vt.withUnsafeMutableBufferPointer { pv in
                        S._gesdd(m: Int32(dimension: m, "LAPACK.singularValueDecomposition"),
                                 n: Int32(dimension: n, "LAPACK.singularValueDecomposition"),
                                 a: pa.baseAddress, lda: Int32(n), s: ps.baseAddress,
                                 u: pu.baseAddress, ldu: Int32(r), vt: pv.baseAddress, ldvt: Int32(n))
                    }
                }
            }
        }
        try check(info, routine: "gesdd") { .didNotConverge(routine: "gesdd", info: Int($0)) }
        return SingularValueDecomposition(u: u, singularValues: s, vt: vt)
    }

    /// The Cholesky factor `L` of a symmetric positive definite matrix, `A = L·Lᵀ` (strict upper triangle zero).
    ///
    /// Only the lower triangle of `a` is read. Throws ``LAPACKError/notPositiveDefinite(routine:order:)``
    /// when `a` is not positive definite.
    /// The corresponding C functions are `LAPACKE_spotrf` / `LAPACKE_dpotrf`.
    public static func choleskyFactor<S: BLASScalar>(_ a: Matrix<S>) throws -> Matrix<S> {
        precondition(a.rows == a.columns, "LAPACK.choleskyFactor: matrix is \(a.rows) × \(a.columns), not square")
        let n = a.rows
        var factor = a
        if n == 0 { return factor }
        let info = factor.withUnsafeMutableBufferPointer { pa in
            S._potrf(n: Int32(dimension: n, "LAPACK.choleskyFactor"), a: pa.baseAddress, lda: Int32(n))
        }
        try check(info, routine: "potrf") { .notPositiveDefinite(routine: "potrf", order: Int($0)) }
        factor.withUnsafeMutableBufferPointer { pa in
            for i in 0..<n {
                for j in (i + 1)..<n { pa[i * n + j] = 0 }
            }
        }
        return factor
    }

    /// Solves `A·X = B` given the Cholesky factor `L` of `A` from ``choleskyFactor(_:)``.
    ///
    /// The corresponding C functions are `LAPACKE_spotrs` / `LAPACKE_dpotrs`.
    public static func choleskySolve<S: BLASScalar>(factor: Matrix<S>, _ b: Matrix<S>) throws -> Matrix<S> {
        precondition(factor.rows == factor.columns, "LAPACK.choleskySolve: factor is \(factor.rows) × \(factor.columns), not square")
        precondition(b.rows == factor.rows, "LAPACK.choleskySolve: right-hand side has \(b.rows) rows, expected \(factor.rows)")
        let n = factor.rows
        var x = b
        if n == 0 || b.columns == 0 { return x }
        let info = factor.withUnsafeBufferPointer { pa in
            x.withUnsafeMutableBufferPointer { pb in
                S._potrs(n: Int32(dimension: n, "LAPACK.choleskySolve"),
                         nrhs: Int32(dimension: b.columns, "LAPACK.choleskySolve"),
                         a: pa.baseAddress, lda: Int32(n), b: pb.baseAddress, ldb: Int32(b.columns))
            }
        }
        try check(info, routine: "potrs") { .singular(routine: "potrs", info: Int($0)) }
        return x
    }

    /// Solves `A·x = b` for one right-hand side vector given the Cholesky factor of `A`.
    public static func choleskySolve<S: BLASScalar>(factor: Matrix<S>, _ b: [S]) throws -> [S] {
        Array(try choleskySolve(factor: factor, Matrix(rows: b.count, columns: 1, elements: b)).elements)
    }

    /// Turns LAPACKE's `info` into a trap (illegal argument), a thrown error, or nothing.
    private static func check(_ info: Int32, routine: String, positive: (Int32) -> LAPACKError) throws {
        if info == 0 { return }
        // LAPACK_WORK_MEMORY_ERROR (-1010) and LAPACK_TRANSPOSE_MEMORY_ERROR (-1011).
        if info == -1010 || info == -1011 { throw LAPACKError.outOfMemory(routine: routine) }
        precondition(info > 0, "LAPACK.\(routine): argument \(-info) is illegal")
        throw positive(info)
    }
}
