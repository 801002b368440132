/// The nearest neighbours of a batch of queries: `queryCount × count` ids and similarities, row-major.
///
/// Row `q` lists query `q`'s neighbours best first: similarity descending, and
/// on equal similarity the lower id first. When fewer than `count` database rows
/// are eligible for a query (masks, `k > n`), the row ends in padding entries with
/// id `-1` and similarity `-infinity`; ``neighbors(ofQuery:)`` leaves them out.
public struct NeighborResult: Sendable, Equatable {
    /// The padding id of an entry that holds no neighbour.
    public static let noNeighbor = -1

    /// The number of queries (rows).
    public let queryCount: Int
    /// The number of neighbour slots per query (columns), `min(k, eligible database rows)`.
    public let count: Int
    /// Database row ids, row-major `queryCount × count`; ``noNeighbor`` marks padding.
    public internal(set) var ids: [Int]
    /// Cosine similarities in `[-1, 1]`, row-major `queryCount × count`; `-infinity` marks padding.
    public internal(set) var similarities: [Float]

    /// Creates a result from row-major arrays of ids and similarities.
    public init(queryCount: Int, count: Int, ids: [Int], similarities: [Float]) {
        precondition(ids.count == queryCount * count && similarities.count == queryCount * count,
                     "NeighborResult.init: \(ids.count) ids and \(similarities.count) similarities for \(queryCount) × \(count)")
        self.queryCount = queryCount
        self.count = count
        self.ids = ids
        self.similarities = similarities
    }

    /// The neighbours of query `q`, best first, without padding.
    public func neighbors(ofQuery q: Int) -> [(id: Int, similarity: Float)] {
        precondition(q >= 0 && q < queryCount, "NeighborResult.neighbors(ofQuery:): query \(q) is outside 0..<\(queryCount)")
        var out: [(id: Int, similarity: Float)] = []
        out.reserveCapacity(count)
        for j in (q * count)..<((q + 1) * count) where ids[j] != Self.noNeighbor {
            out.append((ids[j], similarities[j]))
        }
        return out
    }

    /// The ids of query `q`'s neighbours, best first, without padding.
    public func ids(ofQuery q: Int) -> [Int] { neighbors(ofQuery: q).map(\.id) }
}
