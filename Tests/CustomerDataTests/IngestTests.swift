import Foundation
import Testing
@testable import CustomerData

@Suite("Ingest and snapshot")
struct IngestTests {
    static let customersCSV = """
        id,name,age,city,member,joined,last_login,score
        c1,"Smith, Anna",34,Berlin,yes,2020-01-15,2024-03-01T10:00:00,1.5
        c2,Bob,NA,Paris,no,2021-06-30,2024-03-02 11:30:00Z,
        c3,"Dan ""D"" Lee",51,Berlin,true,,null,-2e3
        c4,,29,,false,2019-12-31,2024-03-03T00:00:00+01:00,7

        """

    static let customersConfig = CustomerSource(
        path: "customers.csv", idColumn: "id",
        columns: ["name": .text, "age": .number, "city": .category, "member": .boolean, "joined": .date,
                  "last_login": .datetime, "score": .number])

    @Test func roundTripOfEveryType() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", Self.customersCSV)
        let report = try ws.ingest(simpleConfig(customers: Self.customersConfig, timeZone: "Europe/Berlin"))
        #expect(report.customerCount == 4)
        #expect(report.customers.rowsRead == 4)
        let s = try ws.open()
        #expect(s.customers.schema.map(\.name) == ["id", "name", "age", "city", "member", "joined", "last_login", "score"])
        #expect(s.customers.schema.map(\.type) == [.text, .text, .number, .category, .boolean, .date, .datetime, .number])
        #expect(cells(s.customers) == [
            ["c1", "Smith, Anna", "34", "Berlin", "true", "2020-01-15", "2024-03-01T09:00:00Z", "1.5"],
            ["c2", "Bob", nil, "Paris", "false", "2021-06-30", "2024-03-02T11:30:00Z", nil],
            ["c3", "Dan \"D\" Lee", "51", "Berlin", "true", nil, nil, "-2000"],
            ["c4", nil, "29", nil, "false", "2019-12-31", "2024-03-02T23:00:00Z", "7"],
        ])
        guard case .category(let city)? = s.customers.column(named: "city"),
              case .number(let age)? = s.customers.column(named: "age"),
              case .boolean(let member)? = s.customers.column(named: "member"),
              case .date(let joined)? = s.customers.column(named: "joined") else {
            Issue.record("column types")
            return
        }
        #expect(city.dictionary.count == 2)
        #expect(city.dictionary.string(at: 0) == "Berlin")  // sorted dictionary
        #expect(Array(city.codes) == [0, 1, 0, MissingValue.category])
        #expect(city.code(of: "Paris") == 1)
        #expect(city.code(of: "Rome") == nil)
        #expect(age.values[1].isNaN)
        #expect(Array(member.values) == [1, 0, 1, 0])
        #expect(joined.values[2] == MissingValue.date)
        #expect(s.customerRow(forID: "c3") == 2)
        #expect(s.customerRow(forID: "c9") == nil)
        #expect(s.customerID(ofRow: 3) == "c4")
        let manifest = s.manifest.customers.columns
        #expect(manifest.map(\.missingCount) == [0, 1, 1, 1, 0, 1, 1, 1])
    }

    static let eventsCSV = """
        customer,type,ts,amount,channel
        2,visit,2024-01-03T10:00:00,,web
        1,purchase,2024-01-02T09:00:00,19.99,store
        9,purchase,2024-01-02T09:00:00,5,web
        1,visit,2024-01-01T08:00:00,,app
        2,purchase,2024-01-03T09:00:00,7.5,web
        1,return,2024-01-05T12:00:00,-19.99,store

        """

    @Test func activitiesAreSortedByCustomerAndTime() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id,name\n1,A\n2,B\n3,C\n")
        ws.write("events.csv", Self.eventsCSV)
        let report = try ws.ingest(simpleConfig(activities: [activitySource(columns: ["channel": .category])]))
        #expect(report.activities[0].rowsRead == 6)
        #expect(report.activities[0].rowsKept == 5)
        #expect(report.activities[0].unknownCustomerCount == 1)
        let s = try ws.open()
        #expect(s.activities.rowCount == 5)
        #expect(Array(s.activityCustomerRows) == [0, 0, 0, 1, 1])
        #expect(Array(s.activityOffsets) == [0, 3, 5, 5])
        #expect(s.activityRange(ofCustomer: 1) == 3..<5)
        #expect(s.activities.schema.map(\.name) == ["source", "type", "timestamp", "amount", "channel"])
        #expect(cells(s.activities) == [
            ["events", "visit", "2024-01-01T08:00:00Z", nil, "app"],
            ["events", "purchase", "2024-01-02T09:00:00Z", "19.99", "store"],
            ["events", "return", "2024-01-05T12:00:00Z", "-19.99", "store"],
            ["events", "purchase", "2024-01-03T09:00:00Z", "7.5", "web"],
            ["events", "visit", "2024-01-03T10:00:00Z", nil, "web"],
        ])
        #expect(s.activityTypes[1] == "purchase")
        #expect(s.activityAmounts[1] == 19.99)
        #expect(s.activityTimestamps.values[0] < s.activityTimestamps.values[1])
        #expect(s.manifest.activities.sortedBy == ["customer", "timestamp"])
    }

    @Test func severalSourcesMergeIntoOneTable() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n10\n20\n")
        ws.write("orders.csv", "cid,kind,day,total,channel\n20,order,2024-02-01,30,web\n10,order,2024-02-03,12,shop\n")
        ws.write("visits.csv", "who;when;page\n10;01.02.2024 10:00;home\n20;01.02.2024 23:30;cart\n")
        let config = simpleConfig(
            activities: [
                ActivitySource(name: "orders", path: "orders.csv", customerIdColumn: "cid", typeColumn: "kind",
                               timestampColumn: "day", amountColumn: "total", columns: ["channel": .category]),
                ActivitySource(name: "visits", path: "visits.csv", customerIdColumn: "who", fixedType: "visit",
                               timestampColumn: "when", columns: ["page": .category],
                               format: CSVFormat(delimiter: ";", datetimeFormat: "dd.MM.yyyy HH:mm")),
            ],
            timeZone: "Europe/Berlin")
        try ws.ingest(config)
        let s = try ws.open()
        #expect(s.activities.schema.map(\.name) == ["source", "type", "timestamp", "amount", "channel", "page"])
        #expect(cells(s.activities) == [
            ["visits", "visit", "2024-02-01T09:00:00Z", nil, nil, "home"],
            ["orders", "order", "2024-02-02T23:00:00Z", "12", "shop", nil],
            ["orders", "order", "2024-01-31T23:00:00Z", "30", "web", nil],
            ["visits", "visit", "2024-02-01T22:30:00Z", nil, nil, "cart"],
        ])
        #expect(s.manifest.activitySources == ["orders", "visits"])
    }

    @Test func skipPolicyReportsBadRows() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id,age\n1,30\n2,old\n3,40\n4,5,6\n5,50\n")
        let config = simpleConfig(customers: CustomerSource(
            path: "customers.csv", idColumn: "id", columns: ["age": .number], onError: .skip(upTo: 5)))
        let report = try ws.ingest(config)
        #expect(report.customers.rowsRead == 5)
        #expect(report.customers.rowsKept == 3)
        #expect(report.customers.badRowCount == 2)
        #expect(report.customers.badRows.map(\.message) == [
            #"customers.csv:3: column "age": "old" is not a number"#,
            "customers.csv:5: expected 2 fields, found 3",
        ])
        #expect(report.customers.badRows.map(\.line) == [3, 5])
        #expect(report.customers.badRows.first?.column == "age")
        #expect(report.customers.badRows.first?.value == "old")
        #expect(cells(try ws.open().customers) == [["1", "30"], ["3", "40"], ["5", "50"]])
    }

    @Test func duplicateIDsLastWins() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id,name,age\n1,first,10\n2,two,20\n1,second,11\n3,three,\n1,third,12\n")
        let config = simpleConfig(customers: CustomerSource(
            path: "customers.csv", idColumn: "id", columns: ["name": .text, "age": .number], duplicateIds: .lastWins))
        let report = try ws.ingest(config)
        #expect(report.customers.duplicateIdCount == 2)
        #expect(report.customerCount == 3)
        let s = try ws.open()
        #expect(cells(s.customers) == [["1", "third", "12"], ["2", "two", "20"], ["3", "three", nil]])
        #expect(s.customerRow(forID: "1") == 0)
    }

    @Test func failPolicyLeavesThePreviousGenerationAlone() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id,age\n1,30\n2,40\n")
        let config = simpleConfig(customers: CustomerSource(path: "customers.csv", idColumn: "id", columns: ["age": .number]))
        try ws.ingest(config, into: "gen-000001")
        ws.write("customers.csv", "id,age\n1,30\n2,forty\n3,50\n")
        #expect(ws.ingestError(config, into: "gen-000002") == #"customers.csv:3: column "age": "forty" is not a number"#)
        #expect(!FileManager.default.fileExists(atPath: ws.generation("gen-000002").path))
        #expect(throws: IngestError.self) { try ws.open("gen-000002") }
        #expect(cells(try ws.open("gen-000001").customers) == [["1", "30"], ["2", "40"]])
    }

    @Test func aGenerationWithoutManifestDoesNotOpen() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n1\n")
        try ws.ingest(simpleConfig())
        let gen = ws.generation("gen-000001")
        try FileManager.default.removeItem(at: gen.appendingPathComponent("manifest.json"))
        #expect {
            try Snapshot(directory: gen)
        } throws: { error in
            "\(error)".contains("no manifest.json")
        }
    }

    @Test func missingValuesAndFormats() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id;born;vip;x\n1;05.03.1990;-;\"-\"\n2; ;1;NA\n3;-;YES;n/a\n")
        let config = simpleConfig(customers: CustomerSource(
            path: "customers.csv", idColumn: "id", columns: ["born": .date, "vip": .boolean, "x": .text],
            format: CSVFormat(delimiter: ";", missingValues: ["-", "n/a"], dateFormat: "dd.MM.yyyy")))
        try ws.ingest(config)
        #expect(cells(try ws.open().customers) == [
            ["1", "1990-03-05", nil, nil], ["2", nil, "true", "NA"], ["3", nil, "true", nil],
        ])
    }

    @Test func dateTimestampsAreLocalMidnight() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n1\n")
        ws.write("events.csv", "customer,type,ts,amount\n1,x,2024-07-01,\n1,x,2024-01-01,\n")
        try ws.ingest(simpleConfig(activities: [activitySource()], timeZone: "Europe/Berlin"))
        let s = try ws.open()
        #expect((0..<2).map { s.activityTimestamps.text(at: $0) } == ["2023-12-31T23:00:00Z", "2024-06-30T22:00:00Z"])
        let report = try JSONDecoder().decode(
            IngestReport.self, from: Data(contentsOf: ws.generation("gen-000001").appendingPathComponent("report.json")))
        #expect(report.activities[0].columns.map(\.type) == [nil, .category, .date, .number])
    }

    @Test func integerAndTextCustomerIDs() throws {
        for ids in [["1", "2", "3"], ["007", "7", "x"], ["-5", "100000000000", "3"]] {
            let ws = TestWorkspace()
            ws.write("customers.csv", "id\n" + ids.joined(separator: "\n") + "\n")
            var events = "customer,type,ts,amount\n"
            for id in ids.reversed() { events += "\(id),t,2024-01-01,1\n" }
            events += "\(ids[0])0,t,2024-01-01,1\n 7,t,2024-01-01,1\n"
            ws.write("events.csv", events)
            let report = try ws.ingest(simpleConfig(activities: [activitySource()]))
            let s = try ws.open()
            // " 7" is trimmed to "7"; "<first id>0" is unknown.
            #expect(Array(s.activityCustomerRows) == (ids.contains("7") ? [0, 1, 1, 2] : [0, 1, 2]), "\(ids)")
            #expect(report.activities[0].unknownCustomerCount == (ids.contains("7") ? 1 : 2), "\(ids)")
            for (row, id) in ids.enumerated() { #expect(s.customerRow(forID: id) == row) }
        }
    }

    @Test func emptyTables() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id,age\n")
        ws.write("events.csv", "customer,type,ts,amount")
        try ws.ingest(simpleConfig(activities: [activitySource()]))
        let s = try ws.open()
        #expect(s.customers.rowCount == 0)
        #expect(s.activities.rowCount == 0)
        #expect(Array(s.activityOffsets) == [0])
        _ = s.touchAllColumns()
        _ = SnapshotDescription(snapshot: s).render()
    }

    @Test func touchAllColumnsReadsEverything() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n1\n2\n")
        ws.write("events.csv", Self.eventsCSV)
        try ws.ingest(simpleConfig(activities: [activitySource()]), into: "a")
        try ws.ingest(simpleConfig(activities: [activitySource()]), into: "b")
        let a = try ws.open("a").touchAllColumns(threads: 1)
        #expect(a == (try ws.open("b").touchAllColumns(threads: 2)))
        #expect(a != 0)
    }

    @Test func progressIsReported() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n1\n2\n")
        ws.write("events.csv", Self.eventsCSV)
        let phases = Phases()
        _ = try Ingest.run(
            config: simpleConfig(activities: [activitySource()]), workspaceDirectory: ws.url,
            generationDirectory: ws.generation("g"), progress: { phases.add($0) })
        #expect(phases.fractions == phases.fractions.sorted())
        #expect(phases.fractions.last == 1)
        #expect(phases.list.first == .reading)
        #expect(phases.list.last == .done)
        #expect(phases.list.contains(.sorting))
    }
}

final class Phases: @unchecked Sendable {
    var list: [IngestProgress.Phase] = []
    var fractions: [Double] = []
    func add(_ p: IngestProgress) {
        if list.last != p.phase { list.append(p.phase) }
        fractions.append(p.fraction)
    }
}

@Suite("Ingest file details")
struct IngestFileDetailTests {
    @Test func byteOrderMarkCRLFAndNoFinalNewline() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("id,city\r\n1,Berlin\r\n2,\"Paris\"\r\n3,Rome".utf8))
        ws.write("events.csv", bytes: [0xEF, 0xBB, 0xBF] + Array("customer,type,ts,amount\r\n3,buy,2024-01-01,\"1.5\"".utf8))
        try ws.ingest(simpleConfig(activities: [activitySource()]))
        let s = try ws.open()
        #expect(s.customers.schema.map(\.name) == ["id", "city"])
        #expect(cells(s.customers) == [["1", "Berlin"], ["2", "Paris"], ["3", "Rome"]])
        #expect(cells(s.activities) == [["events", "buy", "2024-01-01T00:00:00Z", "1.5"]])
        #expect(Array(s.activityCustomerRows) == [2])
    }
}

@Suite("Activities in order or not")
struct ActivityOrderTests {
    /// Rows already in (customer, timestamp) order keep their files; shuffled
    /// rows are reordered. Both give the same snapshot.
    @Test func sortedAndShuffledInputGiveTheSameSnapshot() throws {
        var rows: [String] = []
        for c in 1...40 {
            for k in 0..<(c % 5) {
                let channel = ["web", "app", "", "store"][(c + k) % 4]
                let amount = k % 2 == 0 ? "\(c).\(k)" : ""
                let note = k == 1 ? "\"n,\(c)\n\"" : "plain"
                let flag = ["yes", "no", ""][(c * k) % 3]
                rows.append("\(c),\(["zeta", "alpha", "mid"][k % 3]),2024-01-\(String(format: "%02d", k + 1))T0\(k):00:00,\(amount),\(channel),\(note),\(flag)")
            }
        }
        let header = "customer,type,ts,amount,channel,note,flag\n"
        var shuffled = rows
        var g = RandomisedCSVTests.Generator(state: 7)
        shuffled.shuffle(using: &g)
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n" + (1...40).map(String.init).joined(separator: "\n") + "\n")
        let config = simpleConfig(activities: [activitySource(columns: ["channel": .category, "note": .text, "flag": .boolean])])
        ws.write("events.csv", header + rows.joined(separator: "\n") + "\n")
        try ws.ingest(config, into: "sorted", options: IngestOptions(threads: 2, chunkBytes: 64))
        ws.write("events.csv", header + shuffled.joined(separator: "\n") + "\n")
        try ws.ingest(config, into: "shuffled", options: IngestOptions(threads: 2, chunkBytes: 64))
        let a = try ws.open("sorted"), b = try ws.open("shuffled")
        #expect(a.activities.rowCount == rows.count)
        #expect(cells(a.activities) == cells(b.activities))
        #expect(a.manifest.activities.columns == b.manifest.activities.columns)
        #expect(Array(a.activityOffsets) == Array(b.activityOffsets))
        #expect(Array(a.activityCustomerRows) == Array(b.activityCustomerRows))
        #expect(a.activityTypes.dictionary.string(at: 0) == "alpha")
        #expect(a.activities.column(named: "note")?.text(at: 2) == "n,2\n")
        let fm = FileManager.default
        let leftovers = try fm.contentsOfDirectory(atPath: ws.generation("sorted").appendingPathComponent("activities").path)
            .filter { $0.hasPrefix(".tmp") }
        #expect(leftovers.isEmpty)
    }
}

@Suite("Reordering long runs")
struct LongRunTests {
    @Test func longCustomerRunsAreSortedStably() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n1\n2\n")
        var g = RandomisedCSVTests.Generator(state: 3)
        var events = "customer,type,ts,amount\n"
        var expected: [(Int, Int, Int)] = []  // (customer, minute, sequence)
        for sequence in 0..<400 {
            let customer = Int.random(in: 1...2, using: &g)
            let minute = Int.random(in: 0..<20, using: &g)  // many ties
            events += "\(customer),t,2024-01-01T10:\(String(format: "%02d", minute)):00Z,\(sequence)\n"
            expected.append((customer, minute, sequence))
        }
        ws.write("events.csv", events)
        try ws.ingest(simpleConfig(activities: [activitySource()]), options: IngestOptions(threads: 2, chunkBytes: 256))
        let s = try ws.open()
        expected.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        #expect((0..<s.activities.rowCount).map { Int(s.activityAmounts[$0]!) } == expected.map(\.2))
        #expect(Array(s.activityCustomerRows) == expected.map { UInt32($0.0 - 1) })
    }
}
