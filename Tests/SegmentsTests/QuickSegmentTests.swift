import Foundation
import Segments
import Testing

@Suite("Quick segments: size of one test and the field's distribution")
struct QuickSegmentTests {
    @Test("a number attribute: the count and share of a test, percentiles by linear interpolation")
    func numberAttribute() throws {
        let fixture = try EvaluationFixture()
        let estimate = try fixture.evaluator.quick(SegmentParser.parseFieldCondition("age >= 30"))
        #expect(estimate.count == 4)  // 40, 30, 61.5, 30
        #expect(abs(estimate.percent! - 50) < 1e-9)
        #expect(estimate.customers == 8)
        #expect(estimate.emptyCount == 1)
        #expect(estimate.condition == "age >= 30")
        #expect(!estimate.isMeasure)
        // Values -3, 0, 25, 30, 30, 40, 61.5; numpy.percentile(values, [5, 10, 25, 50, 75, 90, 95]).
        let expected: [Double] = [-2.1, -1.2, 12.5, 30, 35, 48.6, 55.05]
        #expect(estimate.percentiles.map(\.percentile) == [5, 10, 25, 50, 75, 90, 95])
        for (percentile, value) in zip(estimate.percentiles, expected) {
            #expect(abs(percentile.value - value) < 1e-9, "p\(percentile.percentile)")
        }
        #expect(estimate.topValues.isEmpty)
    }

    @Test("a category attribute: the ten most frequent values, ties in byte order")
    func categoryAttribute() throws {
        let fixture = try EvaluationFixture()
        let estimate = try fixture.evaluator.quick(field: "tier")
        #expect(estimate.topValues.map(\.value) == ["gold", "silver", "bronze", "platinum"])
        #expect(estimate.topValues.map(\.count) == [3, 2, 1, 1])
        #expect(estimate.emptyCount == 1)
        #expect(estimate.count == nil)
        let gold = try fixture.evaluator.quick(SegmentParser.parseFieldCondition(#"tier in ("gold", "platinum")"#))
        #expect(gold.count == 4)
        #expect(abs(gold.percent! - 50) < 1e-9)
    }

    @Test("a boolean attribute and a date attribute")
    func otherTypes() throws {
        let fixture = try EvaluationFixture()
        let optIn = try fixture.evaluator.quick(field: "opt_in")
        #expect(optIn.topValues == [.init(value: "true", count: 4), .init(value: "false", count: 2)])
        #expect(optIn.emptyCount == 2)
        let signup = try fixture.evaluator.quick(field: "signup")
        #expect(signup.percentiles.first { $0.percentile == 50 }?.text == "2024-01-01")
    }

    @Test("a measure: customers without activity count as 0")
    func measure() throws {
        let fixture = try EvaluationFixture()
        let estimate = try fixture.evaluator.quick(SegmentParser.parseFieldCondition("purchases >= 1"))
        #expect(estimate.isMeasure)
        #expect(estimate.condition == "measure purchases >= 1")
        #expect(estimate.count == 4)
        #expect(estimate.emptyCount == 0)
        // 0, 0, 0, 0, 1, 1, 2, 3
        #expect(abs(estimate.percentiles.first { $0.percentile == 50 }!.value - 0.5) < 1e-9)
        let channel = try fixture.evaluator.quick(field: "last_channel")
        #expect(channel.topValues == [.init(value: "app", count: 2), .init(value: "store", count: 1),
                                      .init(value: "web", count: 1)])
    }

    @Test("unknown fields and tests that do not fit are errors")
    func errors() throws {
        let fixture = try EvaluationFixture()
        #expect(throws: EvaluationError.unknownField("agee", suggestion: "age")) {
            try fixture.evaluator.quick(field: "agee")
        }
        #expect {
            try fixture.evaluator.quick(SegmentParser.parseFieldCondition(#"age = "old""#))
        } throws: { error in
            "\(error)".contains("not a number")
        }
    }
}
