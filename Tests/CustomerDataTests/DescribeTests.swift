import Foundation
import Testing
@testable import CustomerData

@Suite("Describe")
struct DescribeTests {
    @Test func statistics() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", IngestTests.customersCSV)
        ws.write("events.csv", IngestTests.eventsCSV.replacingOccurrences(of: "\n1,", with: "\nc1,").replacingOccurrences(of: "\n2,", with: "\nc2,"))
        try ws.ingest(simpleConfig(customers: IngestTests.customersConfig, activities: [activitySource()], timeZone: "UTC"))
        let d = SnapshotDescription(snapshot: try ws.open())
        #expect(d.tables.map(\.name) == ["customers", "activities"])
        #expect(d.tables.map(\.rowCount) == [4, 5])
        let c = Dictionary(uniqueKeysWithValues: d.tables[0].columns.map { ($0.name, $0) })
        #expect(c["id"]?.role == "id")
        #expect(c["id"]?.distinctCount == 4)
        #expect(c["age"]?.missingCount == 1)
        #expect(c["age"]?.missingPercent == 25)
        #expect(c["age"]?.min == "29")
        #expect(c["age"]?.max == "51")
        #expect(c["age"]?.mean == 38)
        #expect(c["city"]?.distinctCount == 2)
        #expect(c["city"]?.top == [.init(value: "Berlin", count: 2), .init(value: "Paris", count: 1)])
        #expect(c["member"]?.top == [.init(value: "false", count: 2), .init(value: "true", count: 2)]
            || c["member"]?.top == [.init(value: "true", count: 2), .init(value: "false", count: 2)])
        #expect(c["joined"]?.min == "2019-12-31")
        #expect(c["joined"]?.max == "2021-06-30")
        #expect(c["last_login"]?.min == "2024-03-01T10:00:00Z")
        #expect(c["name"]?.missingCount == 1)
        #expect(c["name"]?.distinctCount == 3)
        #expect(c["name"]?.top == nil)  // no value repeats
        #expect(c["id"]?.top == nil)
        let a = d.tables[1]
        #expect(a.customersWithActivities == 2)
        #expect(a.columns.first { $0.name == "type" }?.top?.first == .init(value: "purchase", count: 2))
        #expect(a.columns.first { $0.name == "amount" }?.missingCount == 2)

        let text = d.render()
        #expect(text.contains("customers: 4 rows"))
        #expect(text.contains("activities: 5 rows (2 customers with activities)"))
        #expect(text.contains("Berlin (2)"))
        let json = try d.json()
        let back = try JSONDecoder().decode(SnapshotDescription.self, from: Data(json.utf8))
        #expect(back == d)
    }
}
