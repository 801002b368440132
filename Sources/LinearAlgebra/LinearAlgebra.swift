import CBLAS
import CLAPACKE
// The numeric core: Matrix, BLAS/LAPACK wrappers, exact cosine k-NN, k-means, PCA, logistic regression.
func _probe() -> Float { var x: [Float] = [1, 2]; return cblas_snrm2(2, &x, 1) + Float(LAPACKE_dpotrf(LAPACK_ROW_MAJOR, 76, 0, nil, 1)) }
