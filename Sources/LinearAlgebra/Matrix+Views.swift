/// A contiguous block of rows of a matrix, shared with it without copying.
///
/// Row-major storage makes any run of whole rows one contiguous range, so a
/// view is just the base matrix (shared copy-on-write) plus a row range. BLAS
/// wrappers accept views wherever they accept matrices through ``rows(_:)``.
public struct MatrixRows<Scalar: BLASScalar>: Sendable {
    /// The matrix the rows belong to.
    public let base: Matrix<Scalar>
    /// The rows of `base` this view covers.
    public let range: Range<Int>

    /// The number of rows in the view.
    public var rows: Int { range.count }
    /// The number of columns, the same as the base matrix's.
    public var columns: Int { base.columns }

    /// The element at `(row, column)`, with `row` counted from the start of the view.
    public subscript(row: Int, column: Int) -> Scalar {
        precondition(row >= 0 && row < range.count, "MatrixRows.subscript: row \(row) is outside 0..<\(range.count)")
        return base[range.lowerBound + row, column]
    }

    /// Copies the rows into a matrix of their own.
    public func copied() -> Matrix<Scalar> {
        Matrix(rows: rows, columns: columns,
               elements: base.elements[(range.lowerBound * columns)..<(range.upperBound * columns)])
    }

    /// Calls `body` with a pointer to the first element of the view's first row.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try base.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[(range.lowerBound * columns)..<(range.upperBound * columns)]))
        }
    }
}

extension Matrix {
    /// A view of the rows in `range`, sharing this matrix's storage.
    public func rows(_ range: Range<Int>) -> MatrixRows<Scalar> {
        precondition(range.lowerBound >= 0 && range.upperBound <= rows,
                     "Matrix.rows(_:): \(range) is outside 0..<\(rows)")
        return MatrixRows(base: self, range: range)
    }

    /// A view of all rows.
    public var allRows: MatrixRows<Scalar> { MatrixRows(base: self, range: 0..<rows) }
}
