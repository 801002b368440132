/// Read access to a contiguous row-major block of scalars: a ``Matrix`` or a ``MatrixRows`` view.
///
/// The BLAS wrappers take their inputs through this protocol so a view of some
/// rows is multiplied without being copied.
public protocol RowMajorMatrix<Scalar> {
    /// The element type.
    associatedtype Scalar: BLASScalar
    /// The number of rows.
    var rows: Int { get }
    /// The number of columns (the leading dimension of the storage).
    var columns: Int { get }
    /// Calls `body` with the `rows * columns` elements in row-major order.
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R
}

extension Matrix: RowMajorMatrix {}
extension MatrixRows: RowMajorMatrix {}

extension Int32 {
    /// Converts a dimension for a C call, trapping with the caller's name if it does not fit.
    init(dimension value: Int, _ function: StaticString) {
        precondition(value >= 0 && value <= Int(Int32.max), "\(function): dimension \(value) does not fit a 32-bit BLAS/LAPACK integer")
        self.init(value)
    }
}
