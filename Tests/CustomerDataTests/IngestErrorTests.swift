import Foundation
import Testing
@testable import CustomerData

@Suite("Ingest errors name file, line, column and value")
struct IngestErrorTests {
    func customersError(_ csv: String, columns: [String: ColumnType] = [:], format: CSVFormat = .standard) -> String {
        let ws = TestWorkspace()
        ws.write("customers.csv", csv)
        let error = ws.ingestError(simpleConfig(customers: CustomerSource(
            path: "customers.csv", idColumn: "id", columns: columns, format: format)))
        #expect(!FileManager.default.fileExists(atPath: ws.generation("gen-000001").path), "a failed ingest leaves nothing")
        return error
    }

    func activitiesError(_ csv: String, columns: [String: ColumnType] = [:], source: ActivitySource? = nil) -> String {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n1\n2\n")
        ws.write("events.csv", csv)
        return ws.ingestError(simpleConfig(activities: [source ?? activitySource(columns: columns)]))
    }

    @Test func notANumber() {
        let csv = "id,note,age\n1,a,30\n2,\"x\ny\",31\n3,b,forty\n"
        #expect(customersError(csv, columns: ["age": .number, "note": .text]) == #"customers.csv:5: column "age": "forty" is not a number"#)
    }

    @Test func theDocumentedExample() {
        var csv = "id,age\n"
        for i in 2..<1042 { csv += "\(i),\(i % 90)\n" }
        csv += "1042,forty\n"
        #expect(customersError(csv, columns: ["age": .number]) == #"customers.csv:1042: column "age": "forty" is not a number"#)
    }

    @Test func notABooleanDateOrDatetime() {
        #expect(customersError("id,ok\n1,maybe\n", columns: ["ok": .boolean])
            == #"customers.csv:2: column "ok": "maybe" is not a boolean (expected true/false/yes/no/1/0)"#)
        #expect(customersError("id,d\n1,2024-02-30\n", columns: ["d": .date])
            == #"customers.csv:2: column "d": "2024-02-30" is not a date (expected yyyy-MM-dd)"#)
        #expect(customersError("id,d\n1,31/12/2024\n", columns: ["d": .date], format: CSVFormat(dateFormat: "dd.MM.yyyy"))
            == #"customers.csv:2: column "d": "31/12/2024" is not a date (expected yyyy-MM-dd or dd.MM.yyyy)"#)
        #expect(customersError("id,t\n1,yesterday\n", columns: ["t": .datetime])
            == #"customers.csv:2: column "t": "yesterday" is not a datetime (expected yyyy-MM-ddTHH:mm:ss)"#)
    }

    @Test func wrongFieldCounts() {
        #expect(customersError("id,a,b\n1,2,3\n2,3\n") == "customers.csv:3: expected 3 fields, found 2")
        #expect(customersError("id,a\n1,2\n2,3,4\n") == "customers.csv:3: expected 2 fields, found 3")
    }

    @Test func malformedQuotes() {
        #expect(customersError("id,note\n1,\"abc\n2,x\n") == #"customers.csv:2: column "note": unterminated quoted field"#)
        #expect(customersError("id,note\n1,\"abc\"def\n") == #"customers.csv:2: column "note": unexpected text after the closing quote"#)
    }

    @Test func customerIDs() {
        #expect(customersError("id,a\n1,x\n,y\n") == #"customers.csv:3: column "id": the customer id is missing"#)
        #expect(customersError("id,a\n1,x\n2,y\n1,z\n")
            == #"customers.csv:4: column "id": "1" duplicate customer id (first on line 2); set "duplicateIds": "last-wins" to keep the last row"#)
    }

    @Test func theFirstErrorInTheFileIsReported() {
        #expect(customersError("id,a\n1,2\n1,3\n2,x\n", columns: ["a": .number]).hasPrefix("customers.csv:3: column \"id\": \"1\" duplicate"))
        #expect(customersError("id,a\n1,2\n2,x\n1,3\n", columns: ["a": .number]) == #"customers.csv:3: column "a": "x" is not a number"#)
    }

    @Test func activityCells() {
        #expect(activitiesError("customer,type,ts,amount\n1,buy,2024-01-01,5\n1,,2024-01-02,5\n")
            == #"events.csv:3: column "type": the activity type is missing"#)
        #expect(activitiesError("customer,type,ts,amount\n1,buy,NA,5\n")
            == #"events.csv:2: column "ts": the timestamp is missing"#)
        #expect(activitiesError("customer,type,ts,amount\n1,buy,2024-01-01,5\n,buy,2024-01-01,5\n")
            == #"events.csv:3: column "customer": the customer id is missing"#)
        #expect(activitiesError("customer,type,ts,amount\n1,buy,2024-01-01T10:00:00,5\n1,buy,soon,5\n")
            == #"events.csv:3: column "ts": "soon" is not a datetime (expected yyyy-MM-ddTHH:mm:ss)"#)
        #expect(activitiesError("customer,type,ts,amount\n1,buy,2024-01-01,5€\n")
            == #"events.csv:2: column "amount": "5€" is not a number"#)
    }

    @Test func missingFileAndColumns() {
        let ws = TestWorkspace()
        let missing = ws.ingestError(simpleConfig())
        #expect(missing == "customers.csv: file not found (\(ws.url.appendingPathComponent("customers.csv").path))")
        ws.write("customers.csv", "cid,name\n1,x\n")
        #expect(ws.ingestError(simpleConfig())
            == #"customers.csv: column "id" (the customer id) not found in the header; the header has: cid, name"#)
        #expect(ws.ingestError(simpleConfig(customers: CustomerSource(path: "customers.csv", idColumn: "cid", columns: ["age": .number])))
            == #"customers.csv: column "age" is declared in audience.json but not found in the header; the header has: cid, name"#)
        ws.write("events.csv", "customer,type,when\n1,buy,2024-01-01\n")
        let config = simpleConfig(customers: CustomerSource(path: "customers.csv", idColumn: "cid"), activities: [activitySource()])
        #expect(ws.ingestError(config)
            == #"events.csv: column "ts" (the timestamp) not found in the header; the header has: customer, type, when"#)
    }

    @Test func badHeaders() {
        #expect(customersError("") == "customers.csv: the file is empty (no header row)")
        #expect(customersError("\n\n") == "customers.csv: the file is empty (no header row)")
        #expect(customersError("id,a,a\n1,2,3\n") == #"customers.csv:1: column "a" appears twice in the header"#)
    }

    @Test func configErrors() {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n1\n")
        #expect(ws.ingestError(simpleConfig(timeZone: "Mars/Olympus_Mons"))
            == #"audience.json: unknown time zone "Mars/Olympus_Mons" (use an IANA name such as Europe/Berlin or UTC)"#)
        #expect(ws.ingestError(simpleConfig(customers: CustomerSource(path: "customers.csv", idColumn: "id", format: CSVFormat(delimiter: ";;"))))
            == #"audience.json: customers.csv: the delimiter must be one ASCII character other than a quote or a line end, got ";;""#)
        #expect(ws.ingestError(simpleConfig(customers: CustomerSource(path: "customers.csv", idColumn: "id", format: CSVFormat(dateFormat: "dd.MM"))))
            == #"audience.json: customers.csv: "dateFormat" "dd.MM" is not a valid pattern (use yyyy, MM, dd, e.g. dd.MM.yyyy)"#)
        var source = activitySource()
        source.typeColumn = nil
        #expect(ws.ingestError(simpleConfig(activities: [source]))
            == #"audience.json: activity source "events": set "typeColumn" or "fixedType""#)
        #expect(ws.ingestError(simpleConfig(activities: [activitySource(), activitySource()]))
            == #"audience.json: two activity sources are named "events""#)
    }

    @Test func columnTypeConflictBetweenSources() {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n1\n")
        ws.write("a.csv", "customer,type,ts,amount,channel\n1,x,2024-01-01,1,web\n")
        ws.write("b.csv", "customer,type,ts,amount,channel\n1,x,2024-01-01,1,3\n")
        let config = simpleConfig(activities: [
            activitySource(name: "a", path: "a.csv", columns: ["channel": .category]),
            activitySource(name: "b", path: "b.csv", columns: ["channel": .number]),
        ])
        #expect(ws.ingestError(config)
            == #"audience.json: column "channel" is category in a.csv but number in b.csv; declare its type in "columns" of both sources"#)
    }

    @Test func tooManyBadRows() {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id,age\n1,x\n2,3\n3,y\n4,z\n")
        let config = simpleConfig(customers: CustomerSource(
            path: "customers.csv", idColumn: "id", columns: ["age": .number], onError: .skip(upTo: 2)))
        #expect(ws.ingestError(config)
            == #"customers.csv: more than 2 bad rows ("maxBadRows" of "onError"); the first: customers.csv:2: column "age": "x" is not a number"#)
    }

    @Test func generationFolderMustBeFresh() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n1\n")
        try ws.ingest(simpleConfig())
        let error = ws.ingestError(simpleConfig())
        #expect(error == "\(ws.generation("gen-000001").path): the generation folder exists and is not empty")
        // The existing generation is untouched.
        #expect(try ws.open().customers.rowCount == 1)
    }
}
