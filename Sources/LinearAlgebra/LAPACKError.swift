/// A LAPACK routine reported that it could not finish on the data it was given.
///
/// Illegal arguments (negative `info`) are programmer errors and trap instead;
/// these cases are the data and environment failures an operator can act on.
public enum LAPACKError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `?potrf`: the leading minor of order `order` is not positive definite.
    case notPositiveDefinite(routine: String, order: Int)
    /// `?syevd` / `?gesdd`: the iteration did not converge (`info` is LAPACK's count).
    case didNotConverge(routine: String, info: Int)
    /// `?potrs` or another solve met a singular factor (`info` is LAPACK's index).
    case singular(routine: String, info: Int)
    /// LAPACKE could not allocate its work or transpose buffer.
    case outOfMemory(routine: String)

    public var description: String {
        switch self {
        case let .notPositiveDefinite(routine, order):
            return "\(routine): the matrix is not positive definite (leading minor of order \(order) is not positive)"
        case let .didNotConverge(routine, info):
            return "\(routine): the algorithm did not converge (info \(info))"
        case let .singular(routine, info):
            return "\(routine): the matrix is singular (info \(info))"
        case let .outOfMemory(routine):
            return "\(routine): LAPACKE could not allocate its work memory"
        }
    }
}
