import Foundation
import Segments
import Testing

/// Number tests on aggregates are evaluated by the scan itself, a block of 64
/// customers at a time, on several threads; other tests read the aggregate's
/// column. Both must give the same members, over many blocks and for customers
/// without activity.
@Suite("Evaluation: number tests of aggregates evaluated in the scan")
struct EvaluationScanTestTests {
    /// A number test (evaluated in the scan) and a list test with the same members (evaluated on a column).
    struct Pair: Sendable, CustomStringConvertible {
        var scanned: String
        var listed: String
        var description: String { scanned }
    }

    static func list(_ values: ClosedRange<Int>) -> String {
        "(" + values.map(String.init).joined(separator: ", ") + ")"
    }

    static let pairs: [Pair] = [
        Pair(scanned: "count(purchase) >= 2", listed: "count(purchase) in \(list(2...20))"),
        Pair(scanned: "count(purchase within last 30 days) = 0", listed: "count(purchase within last 30 days) in (0)"),
        Pair(scanned: "did not do visit within last 10 days", listed: "count(visit within last 10 days) in (0)"),
        Pair(scanned: "sum(amount of purchase) > 150", listed: "sum(amount of purchase) in \(list(151...900))"),
        Pair(scanned: "sum(amount of purchase within last 20 days) between 1 and 60",
             listed: "sum(amount of purchase within last 20 days) in \(list(1...60))"),
        Pair(scanned: #"max(amount of purchase where channel = "web") >= 50"#,
             listed: #"max(amount of purchase where channel = "web") in \#(list(50...100))"#),
        Pair(scanned: "min(amount of purchase) < 10", listed: "min(amount of purchase) in \(list(1...9))"),
        // Every purchase has an amount: no average exactly when no purchase.
        Pair(scanned: "avg(amount of purchase) is empty", listed: "count(purchase) in (0)"),
        Pair(scanned: "avg(amount of purchase) is not empty", listed: "count(purchase) in \(list(1...20))"),
        Pair(scanned: "days_since_last(visit) <= 5", listed: "days_since_last(visit) in \(list(0...5))"),
        Pair(scanned: "days_since_first(any) > 40", listed: "days_since_first(any) in \(list(41...100))"),
        Pair(scanned: "days_since_last(purchase) != 3", listed: "(days_since_last(purchase) in \(list(0...2)) or "
             + "days_since_last(purchase) in \(list(4...100)))"),
    ]

    /// 300 customers (five blocks, the last one partial); customer `i` has `i % 9` activities in the 60 days before asOf.
    static func fixture() throws -> EvaluationFixture {
        var customers = "customer_id,age,country,tier,email,opt_in,signup,last_login,income\n"
        var activities = "customer_id,type,channel,amount,timestamp\n"
        let asOf = EvaluationFixture.asOf.timeIntervalSince1970
        let formatter = ISO8601DateFormatter()
        for customer in 0..<300 {
            customers += "c\(customer),30,DE,gold,x@example.org,true,2024-01-01,2024-01-01T00:00:00Z,1000\n"
            for index in 0..<(customer % 9) {
                let type = (customer + index) % 3 == 0 ? "visit" : "purchase"
                let channel = (customer + index) % 2 == 0 ? "web" : "store"
                let amount = (customer * 7 + index * 13) % 100 + 1
                let secondsBack = Double((customer * 3 + index * 11) % 60) * 86_400 + Double(index * 3_600 + 60)
                let timestamp = formatter.string(from: Date(timeIntervalSince1970: asOf - secondsBack))
                activities += "c\(customer),\(type),\(channel),\(type == "visit" ? "" : String(amount)),\(timestamp)\n"
            }
        }
        return try EvaluationFixture(customers: customers, activities: activities)
    }

    @Test("each test alone gives the members of its list form", arguments: pairs)
    func alone(_ pair: Pair) throws {
        let fixture = try Self.fixture()
        let scanned = try fixture.members(pair.scanned)
        #expect(scanned == (try fixture.members(pair.listed)))
        #expect(!scanned.isEmpty && scanned.count < 300, "the case should split the customers")
    }

    @Test("in one batch, with tests and columns of the same aggregates side by side")
    func batch() throws {
        let fixture = try Self.fixture()
        let catalog = fixture.evaluator.catalog
        var batch: [(name: String, definition: SegmentDefinition)] = []
        for (index, pair) in Self.pairs.enumerated() {
            batch.append(("scanned-\(index)", try catalog.definition(text: pair.scanned)))
            batch.append(("listed-\(index)", try catalog.definition(text: pair.listed)))
        }
        let results = try fixture.evaluator.evaluate(batch)
        for index in Self.pairs.indices {
            let scanned = try #require(results["scanned-\(index)"])
            let listed = try #require(results["listed-\(index)"])
            #expect(scanned.members == listed.members, "\(Self.pairs[index].scanned)")
        }
    }
}
