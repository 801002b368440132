/// An exact cosine-similarity index over the rows of a Float matrix.
///
/// The rows are L2-normalised once, at creation, so the cosine similarity of a
/// query and a row is their dot product and a batch of queries is scored with
/// one `sgemm` per tile (see ``nearest(to:count:excluding:options:)``).
/// A zero (or non-finite) row is kept as a zero vector: its similarity to
/// everything is 0, never NaN.
public struct CosineIndex: Sendable {
    /// The normalised rows, `count × dimension`.
    public let vectors: Matrix<Float>

    /// The number of indexed rows; ids are `0..<count`.
    public var count: Int { vectors.rows }
    /// The vector dimension.
    public var dimension: Int { vectors.columns }

    /// Indexes the rows of `vectors` (copied and L2-normalised).
    public init(vectors: Matrix<Float>) {
        precondition(vectors.rows <= Int(Int32.max), "CosineIndex.init(vectors:): \(vectors.rows) rows exceed the 32-bit id range")
        self.vectors = CosineIndex.normalized(vectors)
    }

    /// Indexes rows that are already L2-normalised (or zero), without copying them.
    public init(normalizedVectors: Matrix<Float>) {
        precondition(normalizedVectors.rows <= Int(Int32.max),
                     "CosineIndex.init(normalizedVectors:): \(normalizedVectors.rows) rows exceed the 32-bit id range")
        self.vectors = normalizedVectors
    }

    /// The rows of `m` scaled to unit L2 norm; zero and non-finite rows become zero vectors.
    ///
    /// The norm is accumulated in Double, so it neither overflows nor loses precision.
    public static func normalized(_ m: Matrix<Float>) -> Matrix<Float> {
        var out = m
        let d = m.columns
        out.withUnsafeMutableBufferPointer { p in
            for i in 0..<m.rows {
                let row = p.baseAddress! + i * d
                var sum = 0.0
                for j in 0..<d { sum += Double(row[j]) * Double(row[j]) }
                let norm = sum.squareRoot()
                if norm > 0 && norm.isFinite {
                    let scale = Float(1 / norm)
                    for j in 0..<d { row[j] *= scale }
                } else {
                    for j in 0..<d { row[j] = 0 }
                }
            }
        }
        return out
    }
}
