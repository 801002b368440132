import LinearAlgebra
import Testing

@Suite("BLAS wrappers against plain loops")
struct BLASTests {
    @Test("gemm matches a naive product for every transpose, alpha and beta (Float and Double)")
    func gemm() {
        for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
            let a: Matrix<Double> = Reference.randomMatrix(ta ? 7 : 5, ta ? 5 : 7, seed: 1)
            let b: Matrix<Double> = Reference.randomMatrix(tb ? 3 : 7, tb ? 7 : 3, seed: 2)
            var c: Matrix<Double> = Reference.randomMatrix(5, 3, seed: 3)
            let c0 = c
            BLAS.gemm(a, b, transposingA: ta, transposingB: tb, alpha: 2, beta: 0.5, into: &c)
            let product = Reference.matmul(ta ? a.transposed() : a, tb ? b.transposed() : b)
            let expected = (0..<5).map { i in (0..<3).map { j in 2 * product[i][j] + 0.5 * c0[i, j] } }
            #expect(Reference.maxDifference(c, expected) < 1e-12)
        }
        let af: Matrix<Float> = Reference.randomMatrix(33, 17, seed: 4)
        let bf: Matrix<Float> = Reference.randomMatrix(17, 9, seed: 5)
        #expect(Reference.maxDifference(af.multiplied(by: bf), Reference.matmul(af, bf)) < 1e-4)
    }

    @Test("gemm on a row view multiplies only those rows, without copying")
    func gemmOnView() {
        let a: Matrix<Float> = Reference.randomMatrix(10, 4, seed: 6)
        let b: Matrix<Float> = Reference.randomMatrix(4, 3, seed: 7)
        var c = Matrix<Float>(rows: 3, columns: 3)
        BLAS.gemm(a.rows(5..<8), b, into: &c)
        #expect(Reference.maxDifference(c, Reference.matmul(a.rows(5..<8).copied(), b)) < 1e-5)
    }

    @Test("gemv, syrk, dot, nrm2 and axpy match plain loops")
    func level1And2() {
        let a: Matrix<Double> = Reference.randomMatrix(6, 4, seed: 8)
        let x = [1.0, -2.0, 0.5, 3.0]
        let z = [0.25, 1.0, -1.0, 2.0, 0.0, 1.5]
        var y = [Double](repeating: 1, count: 6)
        BLAS.gemv(a, x, alpha: 2, beta: 3, into: &y)
        for i in 0..<6 {
            let expected = 2 * (0..<4).reduce(0.0) { $0 + a[i, $1] * x[$1] } + 3
            #expect(abs(y[i] - expected) < 1e-12)
        }
        var yt = [Double](repeating: 0, count: 4)
        BLAS.gemv(a, transposed: true, z, into: &yt)
        for j in 0..<4 {
            #expect(abs(yt[j] - (0..<6).reduce(0.0) { $0 + a[$1, j] * z[$1] }) < 1e-12)
        }
        var gram = Matrix<Double>(rows: 4, columns: 4)
        BLAS.syrk(a, into: &gram)
        #expect(Reference.maxDifference(gram, Reference.matmul(a.transposed(), a)) < 1e-12)
        var outer = Matrix<Double>(rows: 6, columns: 6)
        BLAS.syrk(a, transposed: false, into: &outer)
        #expect(Reference.maxDifference(outer, Reference.matmul(a, a.transposed())) < 1e-12)

        let u: [Float] = [3, 4, 0, -12]
        let v: [Float] = [1, -1, 2, 0.5]
        #expect(abs(BLAS.dot(u, v) - (3 - 4 + 0 - 6)) < 1e-6)
        #expect(abs(BLAS.nrm2(u) - 13) < 1e-5)
        #expect(BLAS.nrm2([Float]()) == 0)
        var w = v
        BLAS.axpy(2, u, &w)
        #expect(zip(w, [7, 7, 2, -23.5] as [Float]).allSatisfy { abs($0 - $1) < 1e-6 })
    }

    @Test("nrm2 does not overflow where the naive sum of squares would")
    func nrm2Scaling() {
        let big: [Float] = [3e30, 4e30]
        #expect(abs(BLAS.nrm2(big) / 5e30 - 1) < 1e-5)
    }
}
