import CustomerData
import Foundation
import Segments
import Testing
@testable import Lookalike

/// Measures computed from streamed activities (batch scoring's `--activities`) equal the engine's.
@Suite struct MeasureStreamTests {
    /// As of mid-October 2025 in Berlin: later activities must not count, and year-to-date is most of a year.
    static let asOf = Date(timeIntervalSince1970: 1_760_529_600)  // 2025-10-15T12:00:00Z

    /// The retail measures plus one of every streamed aggregate, window and kind of condition.
    static let extraMeasures: [MeasureDefinition] = [
        MeasureDefinition(name: "max_purchase", aggregate: .max, field: "amount", activityTypes: ["purchase"]),
        MeasureDefinition(name: "min_web_purchase_365d", aggregate: .min, field: "amount", activityTypes: ["purchase"],
                          window: .lastDays(365), conditions: [#"channel = "web""#]),
        MeasureDefinition(name: "first_purchase_amount", aggregate: .first, field: "amount", activityTypes: ["purchase"]),
        MeasureDefinition(name: "last_amount", aggregate: .last, field: "amount"),
        MeasureDefinition(name: "first_purchase", aggregate: .min, field: "timestamp", activityTypes: ["purchase"]),
        MeasureDefinition(name: "last_visit", aggregate: .last, field: "timestamp", activityTypes: ["visit"]),
        MeasureDefinition(name: "days_since_first_activity", aggregate: .daysSinceFirst),
        MeasureDefinition(name: "spend_ytd", aggregate: .sum, field: "amount", activityTypes: ["purchase"], window: .yearToDate),
        MeasureDefinition(name: "avg_spend_h1", aggregate: .avg, field: "amount", activityTypes: ["purchase", "return"],
                          window: .between(from: "2025-01-01", to: "2025-06-30")),
        MeasureDefinition(name: "big_purchases_180d", aggregate: .count, activityTypes: ["purchase"],
                          window: .lastDays(180), conditions: ["amount > 50", #"channel in ("app", "web")"#]),
        MeasureDefinition(name: "weekend_visits", aggregate: .count, activityTypes: ["visit"],
                          conditions: ["timestamp day of week in (saturday, sunday)"]),
        MeasureDefinition(name: "days_since_last_off_store_before_september", aggregate: .daysSinceLast,
                          conditions: [#"channel != "store""#, "timestamp before 2025-09-01"]),
    ]

    /// Streams `fixtures/retail/activities.csv` row by row, as batch scoring reads a file, into a table that
    /// computes `names`.
    static func streamedTable(_ encoder: FeatureEncoder, _ names: [String]) throws -> ActivityTable {
        let stream = try #require(encoder.measures).stream(names, asOf: encoder.options.asOf)
        var table = ActivityTable(encoder: encoder, measures: stream)
        var cells = try CellReader(timeZone: "Europe/Berlin")
        var row = MeasureStream.Row(fieldCount: stream.fields.count)
        for activity in try Fixtures.csvRows("retail/activities.csv") {
            var time = Array(activity["timestamp"]!.utf8)
            let ms = try #require(time.withUnsafeMutableBufferPointer { cells.milliseconds(UnsafeBufferPointer($0)) })
            let amount = Double(activity["amount"]!) ?? .nan
            var type = Array(activity["type"]!.utf8), channel = Array(activity["channel"]!.utf8)
            type.withUnsafeMutableBufferPointer { typeBytes in
                channel.withUnsafeMutableBufferPointer { channelBytes in
                    row.milliseconds = ms
                    row.type = UnsafeBufferPointer(typeBytes)
                    for (f, field) in stream.fields.enumerated() {
                        switch field.name {
                        case "amount": row.values[f] = amount
                        case "timestamp": row.values[f] = Double(ms)
                        case "type": row.texts[f] = UnsafeBufferPointer(typeBytes)
                        case "channel": row.texts[f] = UnsafeBufferPointer(channelBytes)
                        default: Issue.record("unexpected field \(field.name)")
                        }
                    }
                    let t = encoder.activityTypes.firstIndex(of: activity["type"]!) ?? -1
                    let c = encoder.channels.firstIndex(of: activity["channel"]!) ?? -1
                    table.add(customerID: activity["customer_id"]!, type: t, milliseconds: ms, amount: amount, channel: c,
                              measureRow: row)
                }
            }
        }
        return table
    }

    @Test func streamedMeasuresEqualTheEnginesForEveryCustomer() throws {
        let directory = try TemporaryDirectory()
        let snapshot = try Fixtures.snapshot("retail", in: directory)
        var config = try JSONDecoder().decode(
            WorkspaceConfig.self, from: Data(contentsOf: Fixtures.root.appendingPathComponent("retail/audience.json")))
        config.measures += Self.extraMeasures
        let measures = EncodedMeasures(definitions: config.measures, timeZone: config.timeZone, hasAmount: true)
        var options = FeatureEncoderOptions(asOf: Self.asOf)
        options.includesMeasures = true
        let encoder = try FeatureEncoder.fit(on: snapshot, options: options, measures: measures)
        let kept = try #require(encoder.measures)
        let names = kept.definitions.map(\.name)
        #expect(names.count == config.measures.count, "every measure is encoded: \(encoder.leftOut)")
        #expect(kept.activityFields?["channel"] == .category, "the model records the condition field's type")

        let table = try Self.streamedTable(encoder, names)
        let engine = try SegmentEvaluator(snapshot: snapshot, config: config, asOf: encoder.options.asOf).measureValues(names)
        for (m, name) in names.enumerated() {
            let expected = try #require(engine[name])
            var present = 0, mismatches: [String] = []
            for row in 0..<snapshot.customers.rowCount {
                let id = snapshot.customerID(ofRow: row)
                let got = table.measureValue(m, ofCustomer: id)
                let want = expected[row]
                if want.isNaN != got.isNaN || (!want.isNaN && abs(got - want) > 1e-9 * max(1, abs(want))) {
                    mismatches.append("\(id): \(got) vs \(want)")
                }
                if !want.isNaN && want != 0 { present += 1 }
            }
            #expect(mismatches.count == 0, "\(name): \(mismatches.count) differ, e.g. \(mismatches.prefix(3))")
            #expect(present > 50, "\(name): only \(present) customers with a value; the comparison says little")
        }
    }

    @Test func distinctCountIsLeftToTheColumnRoute() throws {
        let measures = EncodedMeasures(
            definitions: [MeasureDefinition(name: "channels", aggregate: .distinctCount, field: "channel")],
            timeZone: "UTC", activityFields: ["channel": .category])
        #expect(throws: EvaluationError.self) { try measures.stream(["channels"], asOf: Self.asOf) }
    }

    @Test func aFieldOfUnknownTypeIsRefusedNamingIt() throws {
        let measures = EncodedMeasures(
            definitions: [MeasureDefinition(name: "web", aggregate: .count, conditions: [#"channel = "web""#])],
            timeZone: "UTC")
        do {
            _ = try measures.stream(["web"], asOf: Self.asOf)
            Issue.record("a model without the field's type streamed the measure")
        } catch {
            #expect("\(error)".contains("\"channel\""), "\(error)")
        }
    }
}
