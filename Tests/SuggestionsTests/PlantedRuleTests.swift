import CustomerData
import Foundation
import Segments
import Suggestions
import Testing

/// The synthetic retail data has a planted rule: customers aged 30–40 in the
/// gold tier spend three times more per purchase. The top suggestion for the
/// average purchase amount must find them.
@Suite struct PlantedRuleTests {
    static let influencing = ["age", "country", "gender", "loyalty_tier", "signup_date", "email_opt_in"]

    /// The planted segment's rows: age 30…40 and gold.
    static func plantedRows(_ snapshot: Snapshot) throws -> Set<Int> {
        guard case .number(let age)? = snapshot.customers.column(named: "age"),
              case .category(let tier)? = snapshot.customers.column(named: "loyalty_tier") else {
            Issue.record("retail fixture lacks age or loyalty_tier")
            return []
        }
        let gold = try #require(tier.code(of: "gold"))
        return Set((0..<snapshot.customers.rowCount).filter { age.values[$0] >= 30 && age.values[$0] <= 40 && tier.codes[$0] == gold })
    }

    static func averagePurchase(_ snapshot: Snapshot) -> [Double] {
        let context = TimeContext(asOfMilliseconds: utcMilliseconds(2026, 1, 1), timeZone: TimeZone(identifier: "Europe/Berlin")!)
        return ActivityFeatures.perCustomer(snapshot: snapshot, activityTypes: ["purchase"], window: .allTime, context: context).averageAmount
    }

    @Test func topSuggestionRecoversThePlantedSegment() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try ingestFixture("retail", into: folder)
        let planted = try Self.plantedRows(snapshot)
        #expect(planted.count == 197)
        let request = MeasureSuggestionRequest(primary: "avg_purchase_value", influencing: Self.influencing)
        let run = try MeasureSuggestions.run(request, snapshot: snapshot, primaryValues: Self.averagePurchase(snapshot))
        let top = try #require(run.suggestions.first)
        let similarity = jaccard(Set(top.memberRows), planted)
        print("planted rule: top suggestion \(top.definitionText), Jaccard \(similarity), stability \(top.stability ?? -1)")
        print(run.text)
        #expect(similarity >= 0.8, "top suggestion \(top.definitionText) has Jaccard \(similarity) with the planted segment")
        let stats = try #require(top.statistics)
        #expect(stats.segmentValue > 3 * stats.overallValue)
        #expect(stats.adjustedPValue < 1e-6)
        #expect(top.memberCount == top.memberRows.count)
        #expect(top.definitionText.contains("loyalty_tier"))
        #expect(top.definitionText.contains("age"))
    }
}
