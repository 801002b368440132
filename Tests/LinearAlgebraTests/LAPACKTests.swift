import LinearAlgebra
import Testing

@Suite("LAPACK wrappers")
struct LAPACKTests {
    /// A random symmetric positive definite matrix `AᵀA + n·I`.
    static func spd(_ n: Int, seed: UInt64) -> Matrix<Double> {
        let a: Matrix<Double> = Reference.randomMatrix(n, n, seed: seed)
        var m = Matrix<Double>(rows: n, columns: n)
        BLAS.syrk(a, into: &m)
        for i in 0..<n { m[i, i] += Double(n) }
        return m
    }

    @Test("symmetricEigen (syevd) gives ascending values with orthonormal vectors, A·v = λ·v")
    func eigen() throws {
        let a = Self.spd(6, seed: 10)
        let e = try LAPACK.symmetricEigen(a)
        #expect(zip(e.values, e.values.dropFirst()).allSatisfy { $0 <= $1 })
        for j in 0..<6 {
            let v = e.vectors.column(j)
            let av = a.multiplied(by: v)
            for i in 0..<6 { #expect(abs(av[i] - e.values[j] * v[i]) < 1e-10) }
            for l in 0..<6 {
                let dot = BLAS.dot(v, e.vectors.column(l))
                #expect(abs(dot - (j == l ? 1 : 0)) < 1e-10)
            }
        }
        // Trace is the sum of eigenvalues.
        let trace = (0..<6).reduce(0.0) { $0 + a[$1, $1] }
        #expect(abs(e.values.reduce(0, +) - trace) < 1e-9)
    }

    @Test("singularValueDecomposition (gesdd) reconstructs A with descending singular values")
    func svd() throws {
        for (m, n) in [(7, 4), (4, 7)] {
            let a: Matrix<Double> = Reference.randomMatrix(m, n, seed: 11)
            let s = try LAPACK.singularValueDecomposition(a)
            #expect(s.singularValues.count == min(m, n))
            #expect(zip(s.singularValues, s.singularValues.dropFirst()).allSatisfy { $0 >= $1 })
            var us = s.u
            for i in 0..<us.rows { for j in 0..<us.columns { us[i, j] *= s.singularValues[j] } }
            #expect(Reference.maxDifference(us.multiplied(by: s.vt), Reference.matmul(a, Matrix<Double>.identity(n))) < 1e-10)
        }
        let f: Matrix<Float> = Matrix([[3, 0], [0, -2], [0, 0]])
        let sf = try LAPACK.singularValueDecomposition(f)
        #expect(abs(sf.singularValues[0] - 3) < 1e-5 && abs(sf.singularValues[1] - 2) < 1e-5)
    }

    @Test("choleskyFactor (potrf) and choleskySolve (potrs) solve A·x = b")
    func cholesky() throws {
        let a = Self.spd(5, seed: 12)
        let l = try LAPACK.choleskyFactor(a)
        for i in 0..<5 { for j in (i + 1)..<5 { #expect(l[i, j] == 0) } }
        #expect(Reference.maxDifference(l.multiplied(by: l.transposed()), Reference.matmul(a, Matrix<Double>.identity(5))) < 1e-10)
        let x = [1.0, -2.0, 3.0, 0.5, 0.0]
        let b = a.multiplied(by: x)
        let solved = try LAPACK.choleskySolve(factor: l, b)
        for i in 0..<5 { #expect(abs(solved[i] - x[i]) < 1e-10) }
    }

    @Test("potrf on a matrix that is not positive definite throws a typed error naming the minor")
    func notPositiveDefinite() throws {
        let a: Matrix<Double> = Matrix([[1, 2, 0], [2, 1, 0], [0, 0, 1]])
        #expect(throws: LAPACKError.notPositiveDefinite(routine: "potrf", order: 2)) {
            _ = try LAPACK.choleskyFactor(a)
        }
        let error = LAPACKError.notPositiveDefinite(routine: "potrf", order: 2)
        #expect(error.description.contains("potrf") && error.description.contains("order 2"))
        let f: Matrix<Float> = Matrix([[-1]])
        #expect(throws: LAPACKError.self) { _ = try LAPACK.choleskyFactor(f) }
    }
}
