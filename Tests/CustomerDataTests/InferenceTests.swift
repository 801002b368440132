import Foundation
import Testing
@testable import CustomerData

@Suite("Type inference")
struct InferenceTests {
    @Test func valueTypes() {
        #expect(inferColumnType(of: ["true", "false", "yes", "NA", ""]) == .boolean)
        #expect(inferColumnType(of: ["1", "0", "1", "0"]) == .number)
        #expect(inferColumnType(of: ["1", "0", "yes"]) == .boolean)
        #expect(inferColumnType(of: ["2024-01-01", "2023-12-31", ""]) == .date)
        #expect(inferColumnType(of: ["2024-01-01T10:00:00", "2024-01-01", "2024-01-02 08:00:00Z"]) == .datetime)
        #expect(inferColumnType(of: ["1", "2.5", "-3e2", "null"]) == .number)
        #expect(inferColumnType(of: ["", "NA", "null"]) == .text)
        #expect(inferColumnType(of: []) == .text)
    }

    @Test func categoryOrText() {
        let cities = (0..<200).map { ["Berlin", "Paris", "Rome"][$0 % 3] }
        #expect(inferColumnType(of: cities) == .category)
        let names = (0..<200).map { "name \($0)" }
        #expect(inferColumnType(of: names) == .text)
        // Few values that do not repeat enough are text.
        #expect(inferColumnType(of: ["a", "b", "c"]) == .text)
        #expect(inferColumnType(of: ["a", "b", "a", "b"]) == .category)
        // Many distinct values, but at most 1% of the rows.
        let many = (0..<10_000).map { "v\($0 % 80)" }
        #expect(inferColumnType(of: many) == .category)
    }

    @Test func customFormats() {
        let format = CSVFormat(dateFormat: "dd.MM.yyyy", datetimeFormat: "dd.MM.yyyy HH:mm")
        #expect(inferColumnType(of: ["05.03.2024", "06.03.2024"], format: format) == .date)
        #expect(inferColumnType(of: ["05.03.2024 10:00", "06.03.2024"], format: format) == .datetime)
        #expect(inferColumnType(of: ["05.03.2024"]) == .text)
    }

    @Test func inferColumnsOfAFile() throws {
        let ws = TestWorkspace()
        var text = "\u{FEFF}id,age,city,member,joined,last_seen,note\n"
        for i in 0..<100 {
            text += "\(i),\(20 + i % 50),\(["Berlin", "Paris"][i % 2]),\(i % 3 == 0 ? "yes" : "no"),2024-01-\(String(format: "%02d", i % 28 + 1)),2024-02-01T10:\(String(format: "%02d", i % 60)):00,\"free text \(i)\"\n"
        }
        ws.write("c.csv", text)
        let columns = try inferColumns(ofCSVAt: ws.url.appendingPathComponent("c.csv"), format: .standard)
        #expect(columns.map(\.name) == ["id", "age", "city", "member", "joined", "last_seen", "note"])
        #expect(columns.map(\.type) == [.number, .number, .category, .boolean, .date, .datetime, .text])
    }

    @Test func declaredTypesOverrideInference() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id,zip,score\n1,01234,1\n2,10115,0\n3,01234,1\n4,10115,1\n")
        try ws.ingest(simpleConfig(customers: CustomerSource(
            path: "customers.csv", idColumn: "id", columns: ["zip": .text, "score": .boolean])))
        let s = try ws.open()
        #expect(s.customers.schema.map(\.type) == [.text, .text, .boolean])
        #expect(s.customers.column(named: "zip")?.text(at: 0) == "01234")
        let report = try JSONDecoder().decode(
            IngestReport.self, from: Data(contentsOf: ws.generation("gen-000001").appendingPathComponent("report.json")))
        #expect(report.customers.columns.map(\.declared) == [false, true, true])
    }
}
