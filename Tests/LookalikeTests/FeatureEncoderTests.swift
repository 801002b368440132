import CustomerData
import Foundation
import LinearAlgebra
import Testing
@testable import Lookalike

@Suite struct FeatureEncoderTests {
    static let asOf = Date(timeIntervalSince1970: 1_735_689_600)  // 2025-01-01T00:00:00Z

    /// 9 customers: a symmetric number, a skewed one with a gap, three categories, a boolean, a date.
    static let customers = """
    customer_id,even,skewed,plan,tag,constant,opted_in,joined
    1,1,1,basic,t1,same,true,2024-12-31
    2,2,1,basic,t2,same,false,2024-12-30
    3,3,2,pro,t3,same,true,2024-12-29
    4,4,2,pro,t4,same,false,2024-11-01
    5,5,3,pro,t5,same,true,2024-10-01
    6,6,3,team,t6,same,,2024-01-01
    7,7,,team,t7,same,true,2023-01-01
    8,8,100,,t8,same,false,2022-01-01
    9,9,1000,basic,t9,same,true,2021-01-01
    """
    static let columns = ["even": "number", "skewed": "number", "plan": "category", "tag": "category",
                          "constant": "category", "opted_in": "boolean", "joined": "date"]

    func field(_ encoder: FeatureEncoder, _ name: String) -> EncodedField? { encoder.fields.first { $0.name == name } }

    @Test func numbersAreStandardisedByMedianAndIQRWithLogForSkewedOnes() throws {
        let directory = try TemporaryDirectory()
        let snapshot = try makeSnapshot(in: directory, customers: Self.customers, columns: Self.columns)
        let encoder = try FeatureEncoder.fit(on: snapshot, options: FeatureEncoderOptions(asOf: Self.asOf))
        let even = try #require(field(encoder, "even"))
        guard case .robust(let usesLog, let median, let scale) = even.transform else { Issue.record("even is not robust"); return }
        #expect(!usesLog)
        #expect(abs(median - 5) < 1e-12)
        #expect(abs(scale - 4) < 1e-12)  // quartiles 3 and 7
        #expect(!even.hasMissingIndicator)
        let skewed = try #require(field(encoder, "skewed"))
        guard case .robust(let skewLog, let skewMedian, _) = skewed.transform else { Issue.record("skewed is not robust"); return }
        #expect(skewLog)
        #expect(abs(skewMedian - (log1p(2.0) + log1p(3.0)) / 2) < 1e-12)  // median of log1p(1,1,2,2,3,3,100,1000)
        #expect(skewed.hasMissingIndicator)
        let joined = try #require(field(encoder, "joined"))
        #expect(joined.input == .column(name: "joined", type: "date"))
    }

    @Test func categoriesAreOneHotWithinLimitsAndTheRestIsReported() throws {
        let directory = try TemporaryDirectory()
        let snapshot = try makeSnapshot(in: directory, customers: Self.customers, columns: Self.columns)
        let encoder = try FeatureEncoder.fit(on: snapshot, options: FeatureEncoderOptions(maxCategoryLevels: 5, asOf: Self.asOf))
        let plan = try #require(field(encoder, "plan"))
        #expect(plan.transform == .oneHot(levels: ["basic", "pro", "team"]))
        #expect(plan.columnNames == ["plan = basic", "plan = pro", "plan = team", "plan is missing"])
        #expect(field(encoder, "tag") == nil)
        #expect(encoder.leftOut.contains(LeftOutField(name: "tag", reason: "category with 9 distinct values (more than 5)")))
        #expect(encoder.leftOut.contains { $0.name == "constant" && $0.reason.contains("fewer than 2") })
        let wide = try FeatureEncoder.fit(on: snapshot, options: FeatureEncoderOptions(asOf: Self.asOf))
        #expect(field(wide, "tag") != nil)  // 9 values is within the default 30
    }

    @Test func missingValuesGetAnIndicatorAndEncodeAsTheMedian() throws {
        let directory = try TemporaryDirectory()
        let snapshot = try makeSnapshot(in: directory, customers: Self.customers, columns: Self.columns)
        let encoder = try FeatureEncoder.fit(on: snapshot, options: FeatureEncoderOptions(includedFields: ["skewed", "opted_in"], asOf: Self.asOf))
        #expect(encoder.columnNames == ["skewed", "skewed is missing", "opted_in", "opted_in is missing"])
        let rows = try encoder.encode(snapshot)
        #expect(rows[6, 1] > 0)  // customer 7 has no "skewed"
        #expect(rows[6, 0] == 0)
        #expect(rows[0, 1] == 0)
        #expect(rows[5, 3] > 0)  // customer 6 has no "opted_in"
        for i in 0..<rows.rows {
            let norm = (0..<rows.columns).reduce(Float(0)) { $0 + rows[i, $1] * rows[i, $1] }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
    }

    @Test func fieldsCanBeExcludedByName() throws {
        let directory = try TemporaryDirectory()
        let snapshot = try makeSnapshot(in: directory, customers: Self.customers, columns: Self.columns)
        let encoder = try FeatureEncoder.fit(on: snapshot, options: FeatureEncoderOptions(excludedFields: ["plan", "even"], asOf: Self.asOf))
        #expect(field(encoder, "plan") == nil && field(encoder, "even") == nil)
        #expect(encoder.leftOut.contains(LeftOutField(name: "plan", reason: "excluded by name")))
        #expect(!encoder.columnNames.contains { $0.hasPrefix("customer_id") })
    }

    @Test func fittingIsDeterministicAndSurvivesJSON() throws {
        let directory = try TemporaryDirectory()
        let snapshot = try makeSnapshot(in: directory, customers: Self.customers, columns: Self.columns)
        let options = FeatureEncoderOptions(pcaDimensions: 3, asOf: Self.asOf)
        let a = try FeatureEncoder.fit(on: snapshot, options: options)
        let b = try FeatureEncoder.fit(on: snapshot, options: options)
        #expect(a == b)
        #expect(a.dimension == 3)
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        let decoded = try decoder.decode(FeatureEncoder.self, from: try encoder.encode(a))
        #expect(decoded == a)
        #expect(try decoded.encode(snapshot) == (try a.encode(snapshot)))
    }

    @Test func recordsEncodeLikeTheSnapshotRowsTheyCameFrom() throws {
        let directory = try TemporaryDirectory()
        let snapshot = try Fixtures.snapshot("retail", in: directory)
        let encoder = try FeatureEncoder.fit(on: snapshot, options: FeatureEncoderOptions(asOf: Fixtures.retailAsOf))
        #expect(encoder.columnNames.contains("purchase frequency"))
        #expect(encoder.columnNames.contains("purchase monetary"))
        #expect(encoder.columnNames.contains("visit recency is missing"))
        #expect(encoder.columnNames.contains("channel app share"))
        let text = try Fixtures.csvRows("retail/customers.csv").prefix(300)
        var channel: CategoryColumn?
        if case .category(let c)? = snapshot.activities.column(named: "channel") { channel = c }
        let records = text.map { row -> CustomerRecord in
            let id = row["customer_id"]!
            let r = snapshot.customerRow(forID: id)!
            let activities = snapshot.activityRange(ofCustomer: r).map { a in
                ActivityRecord(type: snapshot.activityTypes[a]!,
                               timestamp: Date(timeIntervalSince1970: Double(snapshot.activityTimestamps[a]!) / 1000),
                               amount: snapshot.activityAmounts[a], channel: channel?[a])
            }
            return CustomerRecord(id: id, attributes: row, activities: activities)
        }
        let fromRecords = try encoder.encode(records: records)
        let fromSnapshot = try encoder.encode(snapshot, rows: records.map { UInt32(snapshot.customerRow(forID: $0.id)!) })
        #expect(fromRecords.rows == 300)
        var largest: Float = 0
        for i in 0..<fromRecords.rows {
            for j in 0..<fromRecords.columns { largest = max(largest, abs(fromRecords[i, j] - fromSnapshot[i, j])) }
        }
        #expect(largest < 1e-6)
    }

    @Test func unreadableRecordValuesNameTheField() throws {
        let directory = try TemporaryDirectory()
        let snapshot = try makeSnapshot(in: directory, customers: Self.customers, columns: Self.columns)
        let encoder = try FeatureEncoder.fit(on: snapshot, options: FeatureEncoderOptions(asOf: Self.asOf))
        #expect(throws: LookalikeError.invalidValue(field: "even", value: "forty", expected: "a number")) {
            try encoder.encode(records: [CustomerRecord(id: "x", attributes: ["even": "forty"])])
        }
        #expect("\(LookalikeError.invalidValue(field: "even", value: "forty", expected: "a number"))" == "field \"even\": \"forty\" is not a number")
    }
}
