import CustomerData
import Foundation
import Segments

/// A small workspace ingested into a temporary folder, with an evaluator at a
/// fixed instant. Each test makes its own, so tests run in parallel.
final class EvaluationFixture {
    let directory: URL
    let snapshot: Snapshot
    let config: WorkspaceConfig
    let evaluator: SegmentEvaluator

    /// Customers `c1 … c8`; see `customersCSV` and `activitiesCSV` for the values.
    static let customersCSV = """
        customer_id,age,country,tier,email,opt_in,signup,last_login,income
        c1,25,DE,gold,anna@gmail.com,true,2024-03-10,2024-06-29T10:00:00Z,50000
        c2,40,de,silver,BEN@Example.org,false,2023-12-31,2024-06-01T23:30:00Z,
        c3,,FR,,,,,,30000
        c4,30,US,gold,cara@gmail.com,true,2024-06-30,2024-06-30T08:00:00Z,70000
        c5,61.5,DE,platinum,dan@web.de,true,2020-07-02,2023-01-15T12:00:00Z,120000
        c6,-3,,bronze,Émile@Mail.fr,false,2024-07-05,2024-07-01T00:00:00Z,0
        c7,30,Deutschland,gold,eve@gmail.com.au,,2024-01-01,2024-01-01T00:30:00Z,45000
        c8,0,FR,silver,x,true,1996-07-03,2024-06-30T12:00:00Z,-10

        """

    /// Activities; the evaluation instant is 2024-06-30T12:00:00Z.
    static let activitiesCSV = """
        customer_id,type,channel,amount,timestamp
        c1,purchase,web,10,2024-06-01T10:00:00Z
        c1,purchase,app,20,2024-06-20T10:00:00Z
        c1,visit,web,,2024-06-29T10:00:00Z
        c2,purchase,store,100,2023-01-01T10:00:00Z
        c2,return,store,30,2024-05-01T10:00:00Z
        c4,purchase,web,5,2024-07-15T10:00:00Z
        c5,visit,app,,2024-06-30T11:59:00Z
        c5,purchase,web,,2024-06-10T00:00:00Z
        c5,purchase,web,40,2024-06-10T00:00:00Z
        c5,purchase,,7,2024-04-02T00:00:00Z
        c7,visit,web,,2024-03-31T12:00:00Z
        c8,purchase,app,15,2024-06-30T12:00:00Z
        c8,purchase,app,15,2024-06-30T12:00:01Z

        """

    static let asOf = Date(timeIntervalSince1970: 1_719_748_800)  // 2024-06-30T12:00:00Z

    static let measures: [MeasureDefinition] = [
        MeasureDefinition(name: "spend_90d", aggregate: .sum, field: "amount", activityTypes: ["purchase"],
                          window: .lastDays(90)),
        MeasureDefinition(name: "purchases", aggregate: .count, activityTypes: ["purchase"]),
        MeasureDefinition(name: "avg_purchase", aggregate: .avg, field: "amount", activityTypes: ["purchase"]),
        MeasureDefinition(name: "web_purchases", aggregate: .count, activityTypes: ["purchase"],
                          conditions: ["channel = \"web\""]),
        MeasureDefinition(name: "days_since_visit", aggregate: .daysSinceLast, activityTypes: ["visit"]),
        MeasureDefinition(name: "last_channel", aggregate: .last, field: "channel", activityTypes: ["purchase"]),
    ]

    init(timeZone: String = "UTC", customers: String = EvaluationFixture.customersCSV,
         activities: String = EvaluationFixture.activitiesCSV, asOf: Date = EvaluationFixture.asOf) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("audience-evaluation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try customers.write(to: directory.appendingPathComponent("customers.csv"), atomically: true, encoding: .utf8)
        try activities.write(to: directory.appendingPathComponent("activities.csv"), atomically: true, encoding: .utf8)
        config = WorkspaceConfig(
            name: "evaluation", timeZone: timeZone,
            customers: CustomerSource(
                path: "customers.csv", idColumn: "customer_id",
                columns: ["age": .number, "country": .category, "tier": .category, "email": .text,
                          "opt_in": .boolean, "signup": .date, "last_login": .datetime, "income": .number]),
            activities: [
                ActivitySource(
                    name: "activities", path: "activities.csv", customerIdColumn: "customer_id",
                    typeColumn: "type", timestampColumn: "timestamp", amountColumn: "amount",
                    columns: ["channel": .category]),
            ],
            measures: EvaluationFixture.measures)
        let generation = directory.appendingPathComponent("data/gen-000001")
        _ = try Ingest.run(config: config, workspaceDirectory: directory, generationDirectory: generation,
                           options: IngestOptions(threads: 2))
        snapshot = try Snapshot(directory: generation)
        evaluator = try SegmentEvaluator(snapshot: snapshot, config: config, asOf: asOf, threads: 2)
    }

    deinit {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The member ids of a definition in the text syntax, sorted.
    func members(_ text: String, segments: [String: Bitset] = [:]) throws -> [String] {
        let definition = try evaluator.catalog(with: segments).definition(text: text)
        let result = try evaluator.evaluate(definition, segmentMembers: { segments[$0] })
        return evaluator.customerIDs(of: result.members).sorted()
    }

    /// A bitset of customers by id.
    func bitset(_ ids: [String]) -> Bitset {
        Bitset(capacity: evaluator.customerCount, members: ids.map { snapshot.customerRow(forID: $0)! })
    }
}

extension SegmentEvaluator {
    /// The evaluator's catalog, knowing the given segments.
    func catalog(with segments: [String: Bitset]) -> SegmentCatalog {
        var catalog = self.catalog
        for name in segments.keys { catalog.segments[name] = [] }
        return catalog
    }
}
