internal import CBLAS
internal import CLAPACKE

/// A scalar type OpenBLAS and LAPACKE compute with: `Float` (the `s…` routines) or `Double` (the `d…` routines).
///
/// The underscored requirements are the raw C entry points; call the checked
/// wrappers in ``BLAS`` and ``LAPACK`` instead. Only this module conforms types.
public protocol BLASScalar: BinaryFloatingPoint, Sendable where Self.RawSignificand: FixedWidthInteger {
    /// `cblas_?gemm`, row-major: `C ← alpha·op(A)·op(B) + beta·C`.
    static func _gemm(transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Self,
                      a: UnsafePointer<Self>?, lda: Int32, b: UnsafePointer<Self>?, ldb: Int32,
                      beta: Self, c: UnsafeMutablePointer<Self>?, ldc: Int32)
    /// `cblas_?gemv`, row-major: `y ← alpha·op(A)·x + beta·y`.
    static func _gemv(transpose: Bool, m: Int32, n: Int32, alpha: Self, a: UnsafePointer<Self>?, lda: Int32,
                      x: UnsafePointer<Self>?, incx: Int32, beta: Self, y: UnsafeMutablePointer<Self>?, incy: Int32)
    /// `cblas_?syrk`, row-major, upper triangle: `C ← alpha·op(A)·op(A)ᵀ + beta·C`.
    static func _syrk(transpose: Bool, n: Int32, k: Int32, alpha: Self, a: UnsafePointer<Self>?, lda: Int32,
                      beta: Self, c: UnsafeMutablePointer<Self>?, ldc: Int32)
    /// `cblas_?dot`.
    static func _dot(n: Int32, x: UnsafePointer<Self>?, incx: Int32, y: UnsafePointer<Self>?, incy: Int32) -> Self
    /// `cblas_?nrm2`.
    static func _nrm2(n: Int32, x: UnsafePointer<Self>?, incx: Int32) -> Self
    /// `cblas_?axpy`.
    static func _axpy(n: Int32, alpha: Self, x: UnsafePointer<Self>?, incx: Int32, y: UnsafeMutablePointer<Self>?, incy: Int32)
    /// `LAPACKE_?syevd`, row-major, upper triangle; returns LAPACK's `info`.
    static func _syevd(computeVectors: Bool, n: Int32, a: UnsafeMutablePointer<Self>?, lda: Int32,
                       w: UnsafeMutablePointer<Self>?) -> Int32
    /// `LAPACKE_?gesdd`, row-major, `jobz = 'S'`; returns LAPACK's `info`.
    static func _gesdd(m: Int32, n: Int32, a: UnsafeMutablePointer<Self>?, lda: Int32, s: UnsafeMutablePointer<Self>?,
                       u: UnsafeMutablePointer<Self>?, ldu: Int32, vt: UnsafeMutablePointer<Self>?, ldvt: Int32) -> Int32
    /// `LAPACKE_?potrf`, row-major, lower triangle; returns LAPACK's `info`.
    static func _potrf(n: Int32, a: UnsafeMutablePointer<Self>?, lda: Int32) -> Int32
    /// `LAPACKE_?potrs`, row-major, lower triangle; returns LAPACK's `info`.
    static func _potrs(n: Int32, nrhs: Int32, a: UnsafePointer<Self>?, lda: Int32,
                       b: UnsafeMutablePointer<Self>?, ldb: Int32) -> Int32
}

private func trans(_ t: Bool) -> CBLAS_TRANSPOSE { t ? CblasTrans : CblasNoTrans }
private let upper = CChar(UInt8(ascii: "U"))
private let lower = CChar(UInt8(ascii: "L"))

extension Float: BLASScalar {
    public static func _gemm(transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Float,
                             a: UnsafePointer<Float>?, lda: Int32, b: UnsafePointer<Float>?, ldb: Int32,
                             beta: Float, c: UnsafeMutablePointer<Float>?, ldc: Int32) {
        cblas_sgemm(CblasRowMajor, trans(transposeA), trans(transposeB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
    public static func _gemv(transpose: Bool, m: Int32, n: Int32, alpha: Float, a: UnsafePointer<Float>?, lda: Int32,
                             x: UnsafePointer<Float>?, incx: Int32, beta: Float, y: UnsafeMutablePointer<Float>?, incy: Int32) {
        cblas_sgemv(CblasRowMajor, trans(transpose), m, n, alpha, a, lda, x, incx, beta, y, incy)
    }
    public static func _syrk(transpose: Bool, n: Int32, k: Int32, alpha: Float, a: UnsafePointer<Float>?, lda: Int32,
                             beta: Float, c: UnsafeMutablePointer<Float>?, ldc: Int32) {
        cblas_ssyrk(CblasRowMajor, CblasUpper, trans(transpose), n, k, alpha, a, lda, beta, c, ldc)
    }
    public static func _dot(n: Int32, x: UnsafePointer<Float>?, incx: Int32, y: UnsafePointer<Float>?, incy: Int32) -> Float {
        cblas_sdot(n, x, incx, y, incy)
    }
    public static func _nrm2(n: Int32, x: UnsafePointer<Float>?, incx: Int32) -> Float {
        cblas_snrm2(n, x, incx)
    }
    public static func _axpy(n: Int32, alpha: Float, x: UnsafePointer<Float>?, incx: Int32, y: UnsafeMutablePointer<Float>?, incy: Int32) {
        cblas_saxpy(n, alpha, x, incx, y, incy)
    }
    public static func _syevd(computeVectors: Bool, n: Int32, a: UnsafeMutablePointer<Float>?, lda: Int32,
                              w: UnsafeMutablePointer<Float>?) -> Int32 {
        LAPACKE_ssyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: computeVectors ? "V" : "N")), upper, n, a, lda, w)
    }
    public static func _gesdd(m: Int32, n: Int32, a: UnsafeMutablePointer<Float>?, lda: Int32, s: UnsafeMutablePointer<Float>?,
                              u: UnsafeMutablePointer<Float>?, ldu: Int32, vt: UnsafeMutablePointer<Float>?, ldvt: Int32) -> Int32 {
        LAPACKE_sgesdd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "S")), m, n, a, lda, s, u, ldu, vt, ldvt)
    }
    public static func _potrf(n: Int32, a: UnsafeMutablePointer<Float>?, lda: Int32) -> Int32 {
        LAPACKE_spotrf(LAPACK_ROW_MAJOR, lower, n, a, lda)
    }
    public static func _potrs(n: Int32, nrhs: Int32, a: UnsafePointer<Float>?, lda: Int32,
                              b: UnsafeMutablePointer<Float>?, ldb: Int32) -> Int32 {
        LAPACKE_spotrs(LAPACK_ROW_MAJOR, lower, n, nrhs, a, lda, b, ldb)
    }
}

extension Double: BLASScalar {
    public static func _gemm(transposeA: Bool, transposeB: Bool, m: Int32, n: Int32, k: Int32, alpha: Double,
                             a: UnsafePointer<Double>?, lda: Int32, b: UnsafePointer<Double>?, ldb: Int32,
                             beta: Double, c: UnsafeMutablePointer<Double>?, ldc: Int32) {
        cblas_dgemm(CblasRowMajor, trans(transposeA), trans(transposeB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
    }
    public static func _gemv(transpose: Bool, m: Int32, n: Int32, alpha: Double, a: UnsafePointer<Double>?, lda: Int32,
                             x: UnsafePointer<Double>?, incx: Int32, beta: Double, y: UnsafeMutablePointer<Double>?, incy: Int32) {
        cblas_dgemv(CblasRowMajor, trans(transpose), m, n, alpha, a, lda, x, incx, beta, y, incy)
    }
    public static func _syrk(transpose: Bool, n: Int32, k: Int32, alpha: Double, a: UnsafePointer<Double>?, lda: Int32,
                             beta: Double, c: UnsafeMutablePointer<Double>?, ldc: Int32) {
        cblas_dsyrk(CblasRowMajor, CblasUpper, trans(transpose), n, k, alpha, a, lda, beta, c, ldc)
    }
    public static func _dot(n: Int32, x: UnsafePointer<Double>?, incx: Int32, y: UnsafePointer<Double>?, incy: Int32) -> Double {
        cblas_ddot(n, x, incx, y, incy)
    }
    public static func _nrm2(n: Int32, x: UnsafePointer<Double>?, incx: Int32) -> Double {
        cblas_dnrm2(n, x, incx)
    }
    public static func _axpy(n: Int32, alpha: Double, x: UnsafePointer<Double>?, incx: Int32, y: UnsafeMutablePointer<Double>?, incy: Int32) {
        cblas_daxpy(n, alpha, x, incx, y, incy)
    }
    public static func _syevd(computeVectors: Bool, n: Int32, a: UnsafeMutablePointer<Double>?, lda: Int32,
                              w: UnsafeMutablePointer<Double>?) -> Int32 {
        LAPACKE_dsyevd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: computeVectors ? "V" : "N")), upper, n, a, lda, w)
    }
    public static func _gesdd(m: Int32, n: Int32, a: UnsafeMutablePointer<Double>?, lda: Int32, s: UnsafeMutablePointer<Double>?,
                              u: UnsafeMutablePointer<Double>?, ldu: Int32, vt: UnsafeMutablePointer<Double>?, ldvt: Int32) -> Int32 {
        LAPACKE_dgesdd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "S")), m, n, a, lda, s, u, ldu, vt, ldvt)
    }
    public static func _potrf(n: Int32, a: UnsafeMutablePointer<Double>?, lda: Int32) -> Int32 {
        LAPACKE_dpotrf(LAPACK_ROW_MAJOR, lower, n, a, lda)
    }
    public static func _potrs(n: Int32, nrhs: Int32, a: UnsafePointer<Double>?, lda: Int32,
                              b: UnsafeMutablePointer<Double>?, ldb: Int32) -> Int32 {
        LAPACKE_dpotrs(LAPACK_ROW_MAJOR, lower, n, nrhs, a, lda, b, ldb)
    }
}
