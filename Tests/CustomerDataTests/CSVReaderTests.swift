import Foundation
import Testing
@testable import CustomerData

@Suite("CSV reading")
struct CSVReaderTests {
    @Test func plainFields() {
        #expect(parseCSV("a,b,c\n1,2,3\n4,5,6\n") == [["a", "b", "c"], ["1", "2", "3"], ["4", "5", "6"]])
    }

    @Test func noTrailingNewline() {
        #expect(parseCSV("a,b\n1,2") == [["a", "b"], ["1", "2"]])
        #expect(parseCSV("a,b\n1,\"2\"") == [["a", "b"], ["1", "2"]])
    }

    @Test func crlfLineEnds() {
        #expect(parseCSV("a,b\r\n1,2\r\n3,\"x\"\r\n") == [["a", "b"], ["1", "2"], ["3", "x"]])
        #expect(parseCSV("a,b\r\n1,2") == [["a", "b"], ["1", "2"]])
    }

    @Test func quotedFieldsWithDelimitersNewlinesAndQuotes() {
        let text = "a,b,c\n\"x,y\",\"line1\nline2\",\"say \"\"hi\"\"\"\n\"\",\"\"\"\",z\n"
        #expect(parseCSV(text) == [["a", "b", "c"], ["x,y", "line1\nline2", "say \"hi\""], ["", "\"", "z"]])
    }

    @Test func quotedCRLFInsideField() {
        #expect(parseCSV("a,b\r\n\"1\r\n2\",3\r\n") == [["a", "b"], ["1\r\n2", "3"]])
    }

    @Test func emptyFieldsAndTrailingDelimiter() {
        #expect(parseCSV("a,b,c\n,,\n1,,\n") == [["a", "b", "c"], ["", "", ""], ["1", "", ""]])
    }

    @Test func blankLinesAreSkipped() {
        #expect(parseCSV("a,b\n\n1,2\r\n\r\n3,4\n\n") == [["a", "b"], ["1", "2"], ["3", "4"]])
    }

    @Test func otherDelimiter() {
        #expect(parseCSV("a;b\n\"1;2\";3\n", delimiter: ";") == [["a", "b"], ["1;2", "3"]])
        #expect(parseCSV("a\tb\n1\t2\n", delimiter: "\t") == [["a", "b"], ["1", "2"]])
    }

    @Test func quoteInsideUnquotedFieldIsLiteral() {
        #expect(parseCSV("a,b\n5\"3,x\n") == [["a", "b"], ["5\"3", "x"]])
    }

    @Test func byteOrderMarkIsSkipped() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,name\n1,x\n".utf8)
        let table = bytes.withUnsafeBufferPointer { CSVText.read($0.baseAddress, count: $0.count, delimiter: 44) }
        #expect(table.header == ["id", "name"])
        #expect(table.records.map(\.fields) == [["1", "x"]])
    }

    @Test func lineNumbersCountPhysicalLines() {
        let table = CSVText.read("a,b\n1,\"x\ny\"\n\n2,z\r\n3,w\n")
        #expect(table.records.map(\.line) == [2, 5, 6])
    }

    @Test func malformedQuotes() {
        let open = CSVText.read("a,b\n1,\"abc\n")
        #expect(open.statuses == [.unterminatedQuote(field: 1)])
        let after = CSVText.read("a,b\n\"x\"y,2\n3,4\n")
        #expect(after.statuses == [.textAfterQuote(field: 0), .ok])
        #expect(after.records.last?.fields == ["3", "4"])
    }
}

@Suite("Parallel chunks")
struct ParallelChunkTests {
    /// A file whose quoted fields hold newlines, CRLF, delimiters and quotes,
    /// so that small chunks start inside quoted fields.
    static func trickyCustomers(rows: Int) -> String {
        var text = "id,note,score\r\n"
        for i in 0..<rows {
            switch i % 5 {
            case 0: text += "\(i),\"multi\nline \(i)\n\",\(i)\r\n"
            case 1: text += "\(i),\"a,b \"\"quoted\"\" \(i)\",\(i).5\n"
            case 2: text += "\(i),plain \(i),\n"
            case 3: text += "\n\(i),\"\r\n\",-\(i)\r\n"
            default: text += "\(i),\"\"\"\n,\"\"\",\(i)e1\n"
            }
        }
        return text
    }

    @Test(arguments: [1, 3, 7, 16, 64, 1000])
    func smallChunksGiveTheSameSnapshot(chunkBytes: Int) throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", Self.trickyCustomers(rows: 60))
        let config = simpleConfig(customers: CustomerSource(
            path: "customers.csv", idColumn: "id", columns: ["note": .text, "score": .number]))
        try ws.ingest(config, into: "one", options: IngestOptions(threads: 1, chunkBytes: 1 << 20))
        try ws.ingest(config, into: "many", options: IngestOptions(threads: 3, chunkBytes: chunkBytes))
        let one = try ws.open("one"), many = try ws.open("many")
        #expect(one.customers.rowCount == 60)
        #expect(cells(one.customers) == cells(many.customers))
        #expect(one.customers.column(named: "note")?.text(at: 0) == "multi\nline 0\n")
        #expect(one.customers.column(named: "note")?.text(at: 4) == "\"\n,\"")
        #expect(one.customers.column(named: "score")?.text(at: 3) == "-3")
    }

    @Test(arguments: [2, 5, 11, 40])
    func errorLinesAreRightWhateverTheChunks(chunkBytes: Int) {
        let ws = TestWorkspace()
        var text = Self.trickyCustomers(rows: 40)
        text += "40,\"x\ny\",forty\n"
        ws.write("customers.csv", text)
        let config = simpleConfig(customers: CustomerSource(
            path: "customers.csv", idColumn: "id", columns: ["note": .text, "score": .number]))
        let expected = ws.ingestError(config, options: IngestOptions(threads: 1, chunkBytes: 1 << 20))
        #expect(expected.hasSuffix("column \"score\": \"forty\" is not a number"))
        let line = Self.trickyCustomers(rows: 40).utf8.filter { $0 == 10 }.count + 1
        #expect(expected.hasPrefix("customers.csv:\(line): "))
        #expect(ws.ingestError(config, options: IngestOptions(threads: 2, chunkBytes: chunkBytes)) == expected)
        #expect(ws.ingestError(config, options: IngestOptions(threads: 3, chunkBytes: chunkBytes)) == expected)
    }

    @Test func activitiesInSmallChunks() throws {
        let ws = TestWorkspace()
        ws.write("customers.csv", "id\n1\n2\n3\n")
        var events = "customer,type,ts,amount,memo\n"
        for i in 0..<200 {
            events += "\((i * 7) % 4),\"buy\",2024-01-\(String(format: "%02d", i % 28 + 1))T10:00:00Z,\(i),\"m\n\(i)\"\n"
        }
        ws.write("events.csv", events)
        let config = simpleConfig(activities: [activitySource(columns: ["memo": .text])])
        try ws.ingest(config, into: "one", options: IngestOptions(threads: 1))
        try ws.ingest(config, into: "many", options: IngestOptions(threads: 2, chunkBytes: 13))
        let one = try ws.open("one"), many = try ws.open("many")
        #expect(cells(one.activities) == cells(many.activities))
        #expect(Array(one.activityCustomerRows) == Array(many.activityCustomerRows))
        #expect(one.activities.rowCount == 150)  // customer 0 is unknown
    }
}

@Suite("Randomised CSV")
struct RandomisedCSVTests {
    /// A tiny deterministic generator, so a failure can be reproduced.
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state ^ (state >> 29)
        }
    }

    static func cell(_ g: inout Generator) -> (csv: String, value: String?) {
        let pieces = ["a", "b", "1", " ", ",", "\n", "\r\n", "\"", "é", "x y"]
        let count = Int.random(in: 0...4, using: &g)
        let value = (0..<count).map { _ in pieces.randomElement(using: &g)! }.joined()
        let needsQuotes = value.utf8.contains { $0 == 44 || $0 == 10 || $0 == 13 || $0 == 34 }
        let quoted = needsQuotes || Bool.random(using: &g)
        let csv = quoted ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        return (csv, value.isEmpty ? nil : value)
    }

    @Test(arguments: [1, 2, 3, 4, 5])
    func randomFilesParseTheSameInAnyChunking(seed: UInt64) throws {
        var g = Generator(state: seed)
        let ws = TestWorkspace()
        var text = Bool.random(using: &g) ? "\u{FEFF}" : ""
        text += "id,a,b\n"
        var expected: [[String?]] = []
        for i in 0..<300 {
            let a = Self.cell(&g), b = Self.cell(&g)
            text += "\(i),\(a.csv),\(b.csv)" + (Bool.random(using: &g) ? "\r\n" : "\n")
            expected.append(["\(i)", a.value, b.value])
        }
        if Bool.random(using: &g) { text.removeLast() }
        ws.write("customers.csv", text)
        let config = simpleConfig(customers: CustomerSource(
            path: "customers.csv", idColumn: "id", columns: ["a": .text, "b": .text],
            format: CSVFormat(missingValues: [])))
        try ws.ingest(config, into: "one", options: IngestOptions(threads: 1))
        #expect(cells(try ws.open("one").customers) == expected)
        for chunk in [1, 9, 50] {
            try ws.ingest(config, into: "c\(chunk)", options: IngestOptions(threads: 3, chunkBytes: chunk))
            #expect(cells(try ws.open("c\(chunk)").customers) == expected, "chunk \(chunk)")
        }
    }
}
