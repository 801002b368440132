import LinearAlgebra
import Testing

@Suite("Exact cosine top-k search")
struct CosineIndexTests {
    /// Asserts `result` row `q` equals brute force: same ids, similarities within 1e-5.
    static func expectMatchesBruteForce(_ result: NeighborResult, queries: Matrix<Float>, database: Matrix<Float>,
                                        k: Int, excluded: Set<Int> = []) {
        for q in 0..<queries.rows {
            let expected = Reference.topK(query: queries.row(q), database: database, k: k, excluded: excluded)
            let got = result.neighbors(ofQuery: q)
            #expect(got.map(\.id) == expected.map(\.id), "query \(q)")
            for (g, e) in zip(got, expected) { #expect(abs(Double(g.similarity) - e.similarity) < 1e-5) }
        }
    }

    static let tinyTiles = SearchOptions(parallelism: .splitQueryBlocks(threads: 2), queryBlockRows: 3, databaseBlockRows: 70)

    @Test("top-k equals brute force on random data, for default, tiny-tile and OpenBLAS-threaded options")
    func matchesBruteForce() {
        let database: Matrix<Float> = Reference.randomMatrix(1_000, 24, seed: 20)
        let queries: Matrix<Float> = Reference.randomMatrix(37, 24, seed: 21)
        let index = CosineIndex(vectors: database)
        for options in [SearchOptions.default, Self.tinyTiles, SearchOptions(parallelism: .openBLASThreads(2))] {
            let result = index.nearest(to: queries, count: 10, options: options)
            #expect(result.queryCount == 37 && result.count == 10)
            Self.expectMatchesBruteForce(result, queries: queries, database: database, k: 10)
        }
    }

    @Test("ties in similarity put the lower id first, whatever the tiling")
    func ties() {
        // Exactly representable vectors: every summation order gives the same score, so ties are exact.
        let patterns: [[Float]] = [[1, 0, 0, 0], [0.5, 0.5, 0.5, 0.5], [0, 1, 0, 0], [0.5, 0.5, 0.5, 0.5], [1, 0, 0, 0]]
        var rows: [[Float]] = []
        for i in 0..<200 { rows.append(patterns[i % patterns.count]) }
        let index = CosineIndex(vectors: Matrix(rows))
        let queries = Matrix<Float>([[1, 0, 0, 0], [0.5, 0.5, 0.5, 0.5]])
        for options in [SearchOptions.default, Self.tinyTiles] {
            let result = index.nearest(to: queries, count: 45, options: options)
            let firstRowIds = (0..<200).filter { $0 % 5 == 0 || $0 % 5 == 4 }
            #expect(result.ids(ofQuery: 0) == Array(firstRowIds.prefix(45)))
            let secondRowIds = (0..<200).filter { $0 % 5 == 1 || $0 % 5 == 3 }
            #expect(result.ids(ofQuery: 1) == Array(secondRowIds.prefix(45)))
            #expect(result.similarities[0] == 1)
        }
    }

    @Test("k larger than the database returns every row once; k = 0 returns nothing")
    func kLargerThanN() {
        let database: Matrix<Float> = Reference.randomMatrix(7, 5, seed: 22)
        let queries: Matrix<Float> = Reference.randomMatrix(3, 5, seed: 23)
        let index = CosineIndex(vectors: database)
        let result = index.nearest(to: queries, count: 50)
        #expect(result.count == 7)
        Self.expectMatchesBruteForce(result, queries: queries, database: database, k: 50)
        #expect(index.nearest(to: queries, count: 0).count == 0)
    }

    @Test("empty database or empty query batch gives an empty result, not a crash")
    func emptyInputs() {
        let empty = CosineIndex(vectors: Matrix<Float>(rows: 0, columns: 8))
        let queries: Matrix<Float> = Reference.randomMatrix(4, 8, seed: 24)
        let r1 = empty.nearest(to: queries, count: 5)
        #expect(r1.queryCount == 4 && r1.count == 0 && r1.neighbors(ofQuery: 3).isEmpty)
        let index = CosineIndex(vectors: Reference.randomMatrix(10, 8, seed: 25))
        let r2 = index.nearest(to: Matrix<Float>(rows: 0, columns: 8), count: 5)
        #expect(r2.queryCount == 0 && r2.ids.isEmpty)
        #expect(empty.neighborGraph(count: 3).queryCount == 0)
    }

    @Test("zero vectors have similarity 0 to everything, never NaN")
    func zeroVectors() {
        var database: Matrix<Float> = Reference.randomMatrix(20, 6, seed: 26)
        for j in 0..<6 { database[3, j] = 0 }
        let queries = Matrix<Float>([[0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0]])
        let result = CosineIndex(vectors: database).nearest(to: queries, count: 20)
        #expect(!result.similarities.contains { $0.isNaN })
        // The zero query ties at 0 with every row: ids in order.
        #expect(result.ids(ofQuery: 0) == Array(0..<20))
        #expect(result.neighbors(ofQuery: 0).allSatisfy { $0.similarity == 0 })
        let zeroRow = result.neighbors(ofQuery: 1).first { $0.id == 3 }
        #expect(zeroRow?.similarity == 0)
    }

    @Test("excluded ids never appear, and the result shrinks to the eligible rows")
    func masks() {
        let database: Matrix<Float> = Reference.randomMatrix(300, 10, seed: 27)
        let queries: Matrix<Float> = Reference.randomMatrix(9, 10, seed: 28)
        let index = CosineIndex(vectors: database)
        // Exclude every query's true best few, plus ids outside the index (ignored).
        var excluded = Set<Int>()
        for q in 0..<queries.rows {
            for hit in Reference.topK(query: queries.row(q), database: database, k: 3) { excluded.insert(hit.id) }
        }
        let result = index.nearest(to: queries, count: 8, excluding: Array(excluded) + [-5, 1_000], options: Self.tinyTiles)
        Self.expectMatchesBruteForce(result, queries: queries, database: database, k: 8, excluded: excluded)
        let almostAll = index.nearest(to: queries, count: 8, excluding: 0..<298)
        #expect(almostAll.count == 2)
        #expect(almostAll.ids(ofQuery: 0).sorted() == [298, 299])
    }

    @Test("reference-set scoring is the mean of each candidate's top-k similarities, leaving the candidate itself out")
    func referenceScoring() {
        let reference: Matrix<Float> = Reference.randomMatrix(60, 8, seed: 29)
        let candidates: Matrix<Float> = Reference.randomMatrix(15, 8, seed: 30)
        let index = CosineIndex(vectors: reference)
        let scores = index.meanTopSimilarity(of: candidates, count: 5, options: Self.tinyTiles)
        for c in 0..<15 {
            let top = Reference.topK(query: candidates.row(c), database: reference, k: 5)
            let mean = top.reduce(0.0) { $0 + $1.similarity } / 5
            #expect(abs(Double(scores[c]) - mean) < 1e-5)
        }
        // Scoring the reference members themselves with leave-one-out.
        let selfScores = index.meanTopSimilarity(of: reference, count: 3, referenceIdOfCandidate: Array(0..<60))
        for r in [0, 17, 59] {
            let top = Reference.topK(query: reference.row(r), database: reference, k: 3, excluded: [r])
            #expect(abs(Double(selfScores[r]) - top.reduce(0.0) { $0 + $1.similarity } / 3) < 1e-5)
        }
        // k above the reference size averages what there is.
        let all = index.meanTopSimilarity(of: candidates, count: 500)
        let everything = Reference.topK(query: candidates.row(0), database: reference, k: 60)
        #expect(abs(Double(all[0]) - everything.reduce(0.0) { $0 + $1.similarity } / 60) < 1e-5)
    }

    @Test("the exact k-NN graph equals brute force and never lists a row as its own neighbour")
    func exactGraph() {
        let data: Matrix<Float> = Reference.randomMatrix(400, 12, seed: 31)
        let index = CosineIndex(vectors: data)
        let graph = index.neighborGraph(count: 6, options: Self.tinyTiles)
        #expect(graph.queryCount == 400 && graph.count == 6)
        for i in stride(from: 0, to: 400, by: 7) {
            let expected = Reference.topK(query: data.row(i), database: data, k: 6, excluded: [i])
            #expect(graph.ids(ofQuery: i) == expected.map(\.id))
        }
        #expect(CosineIndex(vectors: data.rows(0..<3).copied()).neighborGraph(count: 10).count == 2)
    }

    @Test("the approximate graph reaches recall ≥ 0.9 on clustered data and reports it truthfully")
    func approximateGraph() {
        let (data, _) = Reference.clustered(rows: 6_000, columns: 16, clusters: 40, spread: 6, seed: 32)
        let index = CosineIndex(vectors: data)
        let approximate = index.approximateNeighborGraph(count: 10, options: .init(recallSampleSize: 300, seed: 1))
        #expect(approximate.recall >= 0.9)
        // Recompute the recall independently on other rows.
        let exact = index.neighborGraph(count: 10)
        var found = 0, total = 0
        for row in stride(from: 5, to: 6_000, by: 37) {
            let truth = exact.neighbors(ofQuery: row)
            let kth = truth.last!.similarity
            let truthIds = Set(truth.map(\.id))
            for hit in approximate.graph.neighbors(ofQuery: row) where truthIds.contains(hit.id) || hit.similarity >= kth - 1e-6 {
                found += 1
            }
            total += truth.count
            #expect(!approximate.graph.ids(ofQuery: row).contains(row))
        }
        let measured = Double(found) / Double(total)
        #expect(measured >= 0.9)
        #expect(abs(measured - approximate.recall) < 0.05)
    }
}
