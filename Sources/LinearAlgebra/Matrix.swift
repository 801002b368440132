/// A dense matrix of `Float` or `Double`, stored row-major in one contiguous buffer.
///
/// Element `(i, j)` lives at `elements[i * columns + j]`. The storage is a
/// copy-on-write `ContiguousArray`, so passing a matrix around is cheap and
/// BLAS/LAPACK calls see one pointer with leading dimension `columns`.
public struct Matrix<Scalar: BLASScalar>: Sendable, Equatable {
    /// The number of rows.
    public let rows: Int
    /// The number of columns.
    public let columns: Int
    /// The elements in row-major order; `count == rows * columns`.
    public private(set) var elements: ContiguousArray<Scalar>

    /// Creates a `rows × columns` matrix with every element set to `value`.
    public init(rows: Int, columns: Int, repeating value: Scalar = 0) {
        precondition(rows >= 0 && columns >= 0, "Matrix.init(rows:columns:repeating:): negative dimension \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = ContiguousArray(repeating: value, count: rows * columns)
    }

    /// Creates a `rows × columns` matrix from elements in row-major order.
    public init<S: Sequence>(rows: Int, columns: Int, elements: S) where S.Element == Scalar {
        precondition(rows >= 0 && columns >= 0, "Matrix.init(rows:columns:elements:): negative dimension \(rows) × \(columns)")
        let storage = ContiguousArray(elements)
        precondition(storage.count == rows * columns,
                     "Matrix.init(rows:columns:elements:): \(storage.count) elements for a \(rows) × \(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.elements = storage
    }

    /// Creates a `rows × columns` matrix whose elements `body` writes, every one of them, through a buffer of
    /// the row-major storage (for filling a large matrix on several threads without zeroing it first).
    public init(rows: Int, columns: Int, initializingWith body: (UnsafeMutableBufferPointer<Scalar>) -> Void) {
        precondition(rows >= 0 && columns >= 0, "Matrix.init(rows:columns:initializingWith:): negative dimension \(rows) × \(columns)")
        self.rows = rows
        self.columns = columns
        self.elements = ContiguousArray(unsafeUninitializedCapacity: rows * columns) { buffer, count in
            body(buffer)
            count = rows * columns
        }
    }

    /// Creates a matrix from an array of equally long rows.
    public init(_ rowArrays: [[Scalar]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "Matrix.init(_:): rows of different lengths")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.joined())
    }

    /// Creates a matrix whose elements are those of `other`, converted to `Scalar`.
    public init<Other: BLASScalar>(converting other: Matrix<Other>) {
        self.init(rows: other.rows, columns: other.columns, elements: other.elements.lazy.map { Scalar($0) })
    }

    /// Creates a matrix by calling `body` once for every `(row, column)` in row-major order.
    public init(rows: Int, columns: Int, generator body: (Int, Int) throws -> Scalar) rethrows {
        precondition(rows >= 0 && columns >= 0, "Matrix.init(rows:columns:generator:): negative dimension \(rows) × \(columns)")
        var storage = ContiguousArray<Scalar>()
        storage.reserveCapacity(rows * columns)
        for i in 0..<rows {
            for j in 0..<columns { storage.append(try body(i, j)) }
        }
        self.rows = rows
        self.columns = columns
        self.elements = storage
    }

    /// The `n × n` identity matrix.
    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }

    /// Whether the matrix has no elements.
    public var isEmpty: Bool { rows == 0 || columns == 0 }

    /// The element in row `row` and column `column`.
    public subscript(row: Int, column: Int) -> Scalar {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Matrix.subscript: (\(row), \(column)) is outside \(rows) × \(columns)")
            return elements[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "Matrix.subscript: (\(row), \(column)) is outside \(rows) × \(columns)")
            elements[row * columns + column] = newValue
        }
    }

    /// The elements of row `index`, copied into an array.
    public func row(_ index: Int) -> [Scalar] {
        precondition(index >= 0 && index < rows, "Matrix.row(_:): row \(index) is outside 0..<\(rows)")
        return Array(elements[(index * columns)..<((index + 1) * columns)])
    }

    /// The elements of column `index`, copied into an array.
    public func column(_ index: Int) -> [Scalar] {
        precondition(index >= 0 && index < columns, "Matrix.column(_:): column \(index) is outside 0..<\(columns)")
        return (0..<rows).map { elements[$0 * columns + index] }
    }

    /// The transpose, as a new matrix.
    public func transposed() -> Matrix {
        var result = Matrix(rows: columns, columns: rows)
        elements.withUnsafeBufferPointer { src in
            result.elements.withUnsafeMutableBufferPointer { dst in
                for i in 0..<rows {
                    for j in 0..<columns { dst[j * rows + i] = src[i * columns + j] }
                }
            }
        }
        return result
    }

    /// Calls `body` with a pointer to the row-major elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Scalar>) throws -> R) rethrows -> R {
        try elements.withUnsafeBufferPointer(body)
    }

    /// Calls `body` with a mutable pointer to the row-major elements.
    public mutating func withUnsafeMutableBufferPointer<R>(
        _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> R
    ) rethrows -> R {
        try elements.withUnsafeMutableBufferPointer(body)
    }
}
