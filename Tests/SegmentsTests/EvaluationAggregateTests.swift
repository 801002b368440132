import Foundation
import Segments
import Testing

@Suite("Evaluation: measures and inline activity aggregates")
struct EvaluationAggregateTests {
    /// Measures of `EvaluationFixture.measures`; activities after asOf (c4's, c8's second) never count.
    static let measures: [MemberCase] = [
        MemberCase("measure spend_90d > 0", ["c1", "c5", "c8"]),
        MemberCase("measure spend_90d = 47", ["c5"]),  // 7 + 40; the purchase without an amount is skipped
        MemberCase("measure spend_90d = 0", ["c2", "c3", "c4", "c6", "c7"]),  // no activity: 0, never empty
        MemberCase("measure spend_90d is empty", []),
        MemberCase("measure purchases = 0", ["c3", "c4", "c6", "c7"]),
        MemberCase("measure purchases >= 2", ["c1", "c5"]),
        MemberCase("measure purchases = 3", ["c5"]),
        MemberCase("measure avg_purchase is empty", ["c3", "c4", "c6", "c7"]),  // avg without activity: empty
        MemberCase("measure avg_purchase < 20", ["c1", "c8"]),
        MemberCase("measure avg_purchase = 23.5", ["c5"]),
        MemberCase("measure web_purchases >= 1", ["c1", "c5"]),
        MemberCase("measure web_purchases = 2", ["c5"]),
        MemberCase("measure days_since_visit <= 1", ["c1", "c5"]),
        MemberCase("measure days_since_visit = 91", ["c7"]),
        MemberCase("measure days_since_visit is empty", ["c2", "c3", "c4", "c6", "c8"]),
        MemberCase(#"measure last_channel = "app""#, ["c1", "c8"]),
        MemberCase(#"measure last_channel = "web""#, ["c5"]),
        MemberCase("measure last_channel is empty", ["c3", "c4", "c6", "c7"]),
    ]

    static let inline: [MemberCase] = [
        MemberCase("count(purchase within last 30 days) >= 1", ["c1", "c5", "c8"]),
        MemberCase("count(purchase within last 30 days) = 2", ["c1", "c5"]),
        MemberCase("count(any) = 0", ["c3", "c4", "c6"]),  // c4's only activity is after asOf
        MemberCase("did not do visit within last 30 days", ["c2", "c3", "c4", "c6", "c7", "c8"]),
        MemberCase("did not do purchase", ["c3", "c4", "c6", "c7"]),
        MemberCase(#"did not do purchase where channel = "web" within last 90 days"#, ["c2", "c3", "c4", "c6", "c7", "c8"]),
        MemberCase("sum(amount of purchase, return) > 50", ["c2"]),
        MemberCase("sum(amount of visit) = 0", ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8"]),
        MemberCase("min(amount of purchase) = 7", ["c5"]),
        MemberCase("max(amount of purchase) >= 20", ["c1", "c2", "c5"]),
        MemberCase("min(amount of purchase) is empty", ["c3", "c4", "c6", "c7"]),
        MemberCase("min(timestamp of purchase) before 2024-01-01", ["c2"]),
        MemberCase("max(timestamp of any) on 2024-06-30", ["c5", "c8"]),
        MemberCase("distinct_count(channel of any) = 2", ["c1", "c5"]),
        MemberCase("distinct_count(channel of any) = 0", ["c3", "c4", "c6"]),
        MemberCase("distinct_count(amount of purchase) = 1", ["c2", "c8"]),
        MemberCase(#"first(channel of purchase) = "web""#, ["c1"]),
        MemberCase("first(channel of purchase) is empty", ["c3", "c4", "c5", "c6", "c7"]),  // c5's first has no channel
        MemberCase("last(amount of purchase) = 20", ["c1"]),
        MemberCase("last(amount of purchase) is empty", ["c3", "c4", "c5", "c6", "c7"]),  // tie: the earlier row
        MemberCase("days_since_first(any) >= 365", ["c2"]),
        MemberCase("days_since_last(any) = 0", ["c5", "c8"]),
        MemberCase(#"avg(amount of purchase where channel = "web") = 40"#, ["c5"]),
        MemberCase(#"count(purchase where channel in ("web", "app") and amount >= 15) >= 1"#, ["c1", "c5", "c8"]),
        MemberCase("count(purchase from 2024-06-01 to 2024-06-15) = 1", ["c1"]),
        MemberCase("count(purchase from 2024-06-01 to 2024-06-15) = 2", ["c5"]),
        MemberCase("count(purchase from 2024-06-01 to 2024-12-31) >= 1", ["c1", "c5", "c8"]),  // clipped at asOf
        MemberCase("count(purchase within year to date) >= 1", ["c1", "c5", "c8"]),
        MemberCase("count(any where amount > 25) >= 1", ["c2", "c5"]),
        MemberCase("count(any where channel is empty) = 1", ["c5"]),
    ]

    @Test("measures from audience.json", arguments: measures)
    func measure(_ test: MemberCase) throws {
        #expect(try EvaluationFixture().members(test.text) == test.expected)
    }

    @Test("inline activity aggregates", arguments: inline)
    func inlineAggregate(_ test: MemberCase) throws {
        #expect(try EvaluationFixture().members(test.text) == test.expected)
    }

    @Test("each aggregate function under each window kind")
    func functionsByWindow() throws {
        let fixture = try EvaluationFixture()
        // c1 bought for 10 on June 1 and 20 on June 20; c5 for 7 on April 2 and 40 (and one without amount) on June 10.
        let windows = ["", " within last 20 days", " from 2024-04-01 to 2024-06-05", " within year to date"]
        let expected: [[String]] = [
            ["c1", "c2", "c5", "c8"],  // all time
            ["c1", "c8"],  // since June 10, 12:00
            ["c1", "c5"],
            ["c1", "c5", "c8"],
        ]
        for (window, members) in zip(windows, expected) {
            #expect(try fixture.members("count(purchase\(window)) > 0") == members)
            #expect(try fixture.members("sum(amount of purchase\(window)) > 0") == members)
            #expect(try fixture.members("avg(amount of purchase\(window)) is not empty") == members)
            #expect(try fixture.members("min(amount of purchase\(window)) is not empty") == members)
            #expect(try fixture.members("max(amount of purchase\(window)) is not empty") == members)
            #expect(try fixture.members("distinct_count(channel of purchase\(window)) >= 0") == fixture.all)
            #expect(try fixture.members("days_since_first(purchase\(window)) >= 0") == members)
            #expect(try fixture.members("days_since_last(purchase\(window)) >= 0") == members)
            #expect(try fixture.members("first(timestamp of purchase\(window)) is not empty") == members)
            #expect(try fixture.members("last(timestamp of purchase\(window)) is not empty") == members)
        }
    }

    @Test("a measure and an equal inline aggregate give the same members")
    func measureEqualsInline() throws {
        let fixture = try EvaluationFixture()
        #expect(try fixture.members("measure spend_90d > 10")
                == fixture.members("sum(amount of purchase within last 90 days) > 10"))
        #expect(try fixture.members("measure web_purchases = 1")
                == fixture.members(#"count(purchase where channel = "web") = 1"#))
    }

    @Test("days since last counts calendar days in the workspace zone")
    func daysSinceInZone() throws {
        // c8's purchase at 2024-06-30T12:00Z; at 2024-06-30T23:30Z it is July 1 in Berlin.
        let late = Date(timeIntervalSince1970: 1_719_790_200)
        let utc = try EvaluationFixture(asOf: late)
        #expect(try utc.members("days_since_last(purchase) = 0") == ["c8"])
        let berlin = try EvaluationFixture(timeZone: "Europe/Berlin", asOf: late)
        #expect(try berlin.members("days_since_last(purchase) = 1") == ["c8"])
    }
}

extension EvaluationFixture {
    /// Every customer id.
    var all: [String] { (1...8).map { "c\($0)" } }
}
