import Foundation
import Segments
import Testing

/// Refreshing batches again and again on one evaluator (which reuses the memory
/// of its computed columns) and batches that mix windows of different lengths
/// (which the scan walks phase by phase) give the members each definition has alone.
@Suite("Evaluation: repeated refreshes and mixed windows")
struct EvaluationRefreshTests {
    /// Definitions whose aggregates use windows of every length, so one batch has several window starts.
    static let mixed = [
        "count(purchase within last 30 days) >= 1",
        "count(purchase within last 90 days) >= 2",
        "sum(amount of purchase) > 50",
        "avg(amount of purchase within last 90 days) >= 15",
        "max(amount of purchase, return within last 365 days) >= 30",
        "days_since_last(visit) <= 1",
        "did not do purchase within last 30 days",
        "count(any within last 2 days) >= 1",
        #"count(purchase where channel = "web" within last 30 days) >= 1"#,
        "min(amount of purchase within last 90 days) < 10 or count(return) >= 1",
        "measure spend_90d > 20 and measure purchases >= 2",
        "measure days_since_visit = 91",
        #"measure last_channel = "app""#,
    ]

    /// Each definition of `texts`, evaluated alone on a fresh evaluator.
    static func alone(_ texts: [String]) throws -> [[String]] {
        try texts.map { try EvaluationFixture().members($0) }
    }

    /// The batch of `texts` on `evaluator`, members of each in order.
    static func batch(_ texts: [String], _ fixture: EvaluationFixture) throws -> [[String]] {
        let catalog = fixture.evaluator.catalog
        let batch = try texts.enumerated().map { (name: "d\($0.offset)", definition: try catalog.definition(text: $0.element)) }
        let results = try fixture.evaluator.evaluate(batch)
        return batch.map { fixture.evaluator.customerIDs(of: results[$0.name]!.members).sorted() }
    }

    @Test("a batch mixing windows gives every definition the members it has alone")
    func mixedWindows() throws {
        let expected = try EvaluationRefreshTests.alone(EvaluationRefreshTests.mixed)
        #expect(expected[0] == ["c1", "c5", "c8"])
        #expect(expected[5] == ["c1", "c5"])
        let fixture = try EvaluationFixture()
        #expect(try EvaluationRefreshTests.batch(EvaluationRefreshTests.mixed, fixture) == expected)
    }

    @Test("refreshing different batches on one evaluator never mixes up their columns")
    func repeatedRefreshes() throws {
        let texts = EvaluationRefreshTests.mixed
        let expected = try EvaluationRefreshTests.alone(texts)
        let fixture = try EvaluationFixture()
        let firstHalf = Array(texts.prefix(texts.count / 2))
        let secondHalf = Array(texts.dropFirst(texts.count / 2))
        for _ in 0..<3 {
            #expect(try EvaluationRefreshTests.batch(texts, fixture) == expected)
            // A smaller batch and a reversed one reuse the memory of the first in another order.
            #expect(try EvaluationRefreshTests.batch(secondHalf, fixture) == Array(expected.dropFirst(firstHalf.count)))
            #expect(try EvaluationRefreshTests.batch(texts.reversed(), fixture) == expected.reversed())
        }
    }

    @Test("an evaluator that keeps no column memory gives the same members")
    func noKeptMemory() throws {
        let fixture = try EvaluationFixture()
        let evaluator = SegmentEvaluator(snapshot: fixture.snapshot, measures: fixture.config.measures,
                                             time: fixture.evaluator.time, threads: 2, keptColumnBytes: 0)
        let texts = EvaluationRefreshTests.mixed
        let batch = try texts.enumerated().map { (name: "d\($0.offset)", definition: try evaluator.catalog.definition(text: $0.element)) }
        let expected = try EvaluationRefreshTests.batch(texts, fixture)
        for _ in 0..<2 {
            let results = try evaluator.evaluate(batch)
            #expect(batch.map { evaluator.customerIDs(of: results[$0.name]!.members).sorted() } == expected)
        }
    }

    @Test("sorted members and the first members of sets of every size")
    func members() {
        for capacity in [0, 1, 63, 64, 65, 130, 1000] {
            var rows = Set<Int>()
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(capacity + 1)
            for _ in 0..<(capacity / 2) {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                rows.insert(Int(state >> 33) % max(1, capacity))
            }
            if capacity == 0 { rows = [] }
            let set = Bitset(capacity: capacity, members: rows)
            let sorted = rows.sorted().map(UInt32.init)
            #expect(set.sortedMembers == sorted)
            #expect(set.members(limit: 3) == Array(sorted.prefix(3)))
            #expect(set.members(limit: 0) == [])
            #expect(Bitset.full(capacity: capacity).sortedMembers == (0..<capacity).map(UInt32.init))
        }
    }
}
