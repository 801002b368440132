/// Input data a numeric routine cannot work with, named by where it is.
public enum NumericError: Error, Sendable, Equatable, CustomStringConvertible {
    /// An element of `matrix` is NaN or infinite.
    case nonFiniteValue(matrix: String, row: Int, column: Int)

    public var description: String {
        switch self {
        case let .nonFiniteValue(matrix, row, column):
            return "\(matrix): row \(row), column \(column): value is not a finite number"
        }
    }
}

extension Matrix {
    /// Throws ``NumericError/nonFiniteValue(matrix:row:column:)`` for the first NaN or infinite element.
    func checkFinite(_ name: String) throws {
        try withUnsafeBufferPointer { p in
            for (i, v) in p.enumerated() where !v.isFinite {
                throw NumericError.nonFiniteValue(matrix: name, row: i / columns, column: i % columns)
            }
        }
    }
}
