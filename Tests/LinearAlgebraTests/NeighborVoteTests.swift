import LinearAlgebra
import Testing

@Suite("Marked-neighbour counts (the k-NN vote)")
struct NeighborVoteTests {
    /// The vote through the neighbour lists of `nearest`: marked among the first `k` that are not the query itself.
    static func expected(_ index: CosineIndex, queries: Matrix<Float>, k: Int, marked: [Bool], selfIds: [Int]) -> [(Int32, Int32)] {
        let result = index.nearest(to: queries, count: k + 1)
        return (0..<queries.rows).map { q in
            var taken: Int32 = 0, hits: Int32 = 0
            for neighbor in result.neighbors(ofQuery: q) where neighbor.id != selfIds[q] && taken < Int32(k) {
                taken += 1
                if marked[neighbor.id] { hits += 1 }
            }
            return (hits, taken)
        }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var rows: Int
        var k: Int
        var testDescription: String { "\(rows) rows, k = \(k)" }
    }

    @Test("counts equal those of the neighbour lists, the query left out of its own vote",
          arguments: [Case(rows: 1_024, k: 25), Case(rows: 2_048, k: 25), Case(rows: 3_001, k: 10), Case(rows: 3_001, k: 60),
                      Case(rows: 300, k: 25), Case(rows: 20, k: 25)])
    func matchesNeighbourLists(_ c: Case) {
        let database: Matrix<Float> = Reference.randomMatrix(c.rows, 12, seed: 40)
        let index = CosineIndex(vectors: database)
        var generator = SeededGenerator(seed: 41)
        let marked = (0..<c.rows).map { _ in generator.next() % 3 == 0 }
        // Half the queries are rows of the index (left out of their own vote), half are new.
        let queryRows = (0..<200).map { q in q % 2 == 0 ? Int(generator.next() % UInt64(c.rows)) : -1 }
        let fresh: Matrix<Float> = Reference.randomMatrix(200, 12, seed: 42)
        let queries = Matrix<Float>(rows: 200, columns: 12) { q, j in queryRows[q] >= 0 ? index.vectors[queryRows[q], j] : fresh[q, j] }
        let got = index.markedNeighborCounts(to: queries, count: c.k, marked: marked, excluding: queryRows)
        let want = Self.expected(index, queries: queries, k: c.k, marked: marked, selfIds: queryRows)
        #expect(got.marked == want.map(\.0))
        #expect(got.taken == want.map(\.1))
    }

    @Test("exact ties at the k-th neighbour count the lower ids, as the neighbour lists do")
    func tiesTakeTheLowerIds() {
        // Few exactly representable directions: most scores tie exactly, whatever the summation order.
        let patterns: [[Float]] = [[1, 0, 0, 0], [0.5, 0.5, 0.5, 0.5], [0, 1, 0, 0], [0, 0, 0.6, 0.8]]
        let rows = (0..<1_024).map { patterns[($0 * 7) % patterns.count] }
        let index = CosineIndex(vectors: Matrix(rows))
        let marked = (0..<1_024).map { $0 % 5 < 2 }
        let queries = Matrix<Float>([[1, 0, 0, 0], [0.5, 0.5, 0.5, 0.5], [0, 0, 0.6, 0.8]])
        let selfIds = [0, -1, 3]
        let got = index.markedNeighborCounts(to: queries, count: 25, marked: marked, excluding: selfIds)
        let want = Self.expected(index, queries: queries, k: 25, marked: marked, selfIds: selfIds)
        #expect(got.marked == want.map(\.0))
        #expect(got.taken == want.map(\.1))
    }

    @Test("a row or query that is not finite counts as a zero vector, as in the neighbour lists")
    func notFinite() {
        let random: Matrix<Float> = Reference.randomMatrix(1_024, 8, seed: 43)
        let index = CosineIndex(vectors: Matrix(rows: 1_024, columns: 8) { i, j in i == 5 ? .nan : random[i, j] })
        let marked = (0..<1_024).map { $0 % 4 == 1 }
        let fresh: Matrix<Float> = Reference.randomMatrix(40, 8, seed: 44)
        let queries = Matrix<Float>(rows: 40, columns: 8) { q, j in
            q == 3 && j == 2 ? .nan : q == 7 ? .infinity : fresh[q, j]
        }
        let selfIds = [Int](repeating: -1, count: 40)
        let got = index.markedNeighborCounts(to: queries, count: 25, marked: marked)
        let want = Self.expected(index, queries: queries, k: 25, marked: marked, selfIds: selfIds)
        #expect(got.marked == want.map(\.0))
        #expect(got.taken == want.map(\.1))
    }
}
