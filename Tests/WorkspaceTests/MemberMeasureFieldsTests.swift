import CustomerData
import Foundation
import Testing
@testable import Workspace

/// Measures as fields of member previews, downloads and exports.
@Suite struct MemberMeasureFieldsTests {
    static let asOf = SmallWorkspace.date("2025-10-15T00:00:00Z")

    /// The retail fixture's workspace in its own temporary folder, ingested, with the refreshed
    /// segment "Everyone" (every customer) evaluated as of `asOf`.
    struct Retail {
        let directory: URL
        let workspace: Workspace

        init(extraMeasures: [MeasureDefinition] = []) throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("audience-retail-\(UUID().uuidString)")
            let packageRoot = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            var request = WorkspaceCreation()
            request.template = packageRoot.appendingPathComponent("fixtures/retail")
            let root = directory.appendingPathComponent("ws")
            var created = try Workspace.create(at: root, request)
            if !extraMeasures.isEmpty {
                var config = created.config
                config.measures += extraMeasures
                try config.save(toWorkspace: root)
                created = try Workspace.open(at: root)
            }
            _ = try created.ingest()
            try created.createSegment(named: "Everyone", definition: "age >= 0 or age is empty")
            try created.refresh(["Everyone"], asOf: MemberMeasureFieldsTests.asOf)
            workspace = created
        }

        func cleanUp() {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// The cells of a CSV without quoted cells, by row (header first).
    static func cells(_ url: URL) throws -> [[String]] {
        try String(contentsOf: url, encoding: .utf8).components(separatedBy: "\r\n").filter { !$0.isEmpty }
            .map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func downloadedMeasureColumnsAreTheWorkspacesValuesForEveryMember() throws {
        let fixture = try Retail()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        let measures = ["spend_90d", "days_since_last_purchase", "avg_purchase_value", "purchases_365d"]
        let out = fixture.directory.appendingPathComponent("everyone.csv")
        let written = try ws.downloadMembers(named: "Everyone", to: out, fields: ["customer_id", "country"] + measures)

        let snapshot = try ws.liveSnapshot()
        #expect(written == snapshot.customers.rowCount)
        let expected = try ws.evaluator(asOf: Self.asOf).measureValues(measures)
        let rows = try Self.cells(out)
        #expect(rows.first == ["customer_id", "country"] + measures)
        #expect(rows.count == written + 1)
        var empty = [String: Int]()
        for cells in rows.dropFirst() {
            let row = try #require(snapshot.customerRow(forID: cells[0]))
            #expect(cells[1] == snapshot.customers.column(named: "country")?.text(at: row) ?? "")
            for (offset, name) in measures.enumerated() {
                let value = try #require(expected[name])[row]
                let cell = cells[2 + offset]
                if value.isNaN {
                    #expect(cell.isEmpty, "\(name) of \(cells[0]) has no value, written \"\(cell)\"")
                    empty[name, default: 0] += 1
                } else {
                    // Written in the shortest digits that read back exactly.
                    #expect(Double(cell) == value, "\(name) of \(cells[0]): \(cell) for \(value)")
                    #expect(!cell.contains("e"), "\(name) of \(cells[0]): \(cell)")
                }
            }
        }
        #expect(empty["days_since_last_purchase", default: 0] > 0, "customers without purchases have empty cells")
        #expect(empty["spend_90d", default: 0] == 0, "a sum of no purchases is 0, not empty")
    }

    @Test func previewShowsMeasuresAsOfTheLastRefresh() throws {
        let fixture = try Retail()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        let preview = try ws.memberPreview(named: "Everyone", fields: ["id", "spend_365d"], limit: 20)
        #expect(preview.fields == ["id", "spend_365d"])
        #expect(preview.rows.count == 20)
        let snapshot = try ws.liveSnapshot()
        let atRefresh = try #require(try ws.evaluator(asOf: Self.asOf).measureValues(["spend_365d"])["spend_365d"])
        let yearLater = try #require(
            try ws.evaluator(asOf: Self.asOf.addingTimeInterval(366 * 86_400)).measureValues(["spend_365d"])["spend_365d"])
        var differs = false
        for cells in preview.rows {
            let id = try #require(cells[0])
            let row = try #require(snapshot.customerRow(forID: id))
            #expect(cells[1].flatMap(Double.init) == atRefresh[row], "customer \(id)")
            if atRefresh[row] != yearLater[row] { differs = true }
        }
        // The as-of matters for this measure, so the check above tells the refresh's instant from another.
        #expect(differs)
        // Default fields stay the id and the attributes the definition uses.
        #expect(try ws.memberPreview(named: "Everyone", limit: 1).fields == ["id", "age"])
    }

    @Test func exportsWriteMeasureFields() throws {
        let fixture = try Retail()
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "Gold", definition: #"loyalty_tier = "gold""#)
        try ws.refresh(["Gold"], asOf: Self.asOf)
        try ws.createExport(named: "crm", path: "exports/crm", fields: ["id", "spend_90d", "days_since_last_purchase"],
                            segments: ["Gold", "Everyone"])
        let run = try ws.runExport(named: "crm")
        #expect(run.status == "succeeded", "\(run.message ?? "")")
        let snapshot = try ws.liveSnapshot()
        let expected = try ws.evaluator(asOf: Self.asOf).measureValues(["spend_90d", "days_since_last_purchase"])
        for segment in ["Gold", "Everyone"] {
            let rows = try Self.cells(ws.directory.appendingPathComponent("exports/crm/\(segment).csv"))
            #expect(rows.first == ["id", "spend_90d", "days_since_last_purchase"])
            #expect(rows.count > 1)
            for cells in rows.dropFirst() {
                let row = try #require(snapshot.customerRow(forID: cells[0]))
                for (offset, name) in ["spend_90d", "days_since_last_purchase"].enumerated() {
                    let value = try #require(expected[name])[row]
                    #expect(value.isNaN ? cells[1 + offset].isEmpty : Double(cells[1 + offset]) == value)
                }
            }
        }
        #expect(run.rowCount == (try ws.memberPreview(named: "Gold", limit: 0).memberCount) + snapshot.customers.rowCount)
    }

    @Test func unknownFieldsSuggestCloseMeasuresAndTextMeasuresAreRefused() throws {
        let lastChannel = MeasureDefinition(name: "last_channel", aggregate: .last, field: "channel", activityTypes: ["purchase"])
        let fixture = try Retail(extraMeasures: [lastChannel])
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        let typo = #expect(throws: SegmentLifecycleError.self) {
            try ws.memberPreview(named: "Everyone", fields: ["id", "spend_90"])
        }
        #expect(typo?.description == #"fields: "spend_90" is not the id, a customer attribute or a measure; did you mean "spend_90d"?"#)
        let out = fixture.directory.appendingPathComponent("x.csv")
        #expect(throws: SegmentLifecycleError.self) { try ws.downloadMembers(named: "Everyone", to: out, fields: ["days_since_last_purchse"]) }
        #expect(!FileManager.default.fileExists(atPath: out.path))
        let export = #expect(throws: SegmentLifecycleError.self) {
            try ws.createExport(named: "crm", path: "exports/crm", fields: ["id", "avg_purchase_valu"])
        }
        #expect(export?.description.contains(#"did you mean "avg_purchase_value"?"#) == true)

        // A measure whose result is text cannot be a column: refused up front, naming it.
        let text = #expect(throws: WorkspaceError.self) { try ws.memberPreview(named: "Everyone", fields: ["id", "last_channel"]) }
        #expect(text?.description.contains(#""last_channel""#) == true)
        #expect(throws: WorkspaceError.self) { try ws.createExport(named: "crm", path: "exports/crm", fields: ["last_channel"]) }
    }

    @Test func dateAndDatetimeMeasuresAreWrittenAsTheEngineWritesThem() throws {
        let lastPurchase = MeasureDefinition(name: "last_purchase", aggregate: .last, field: "timestamp", activityTypes: ["purchase"])
        let fixture = try SmallWorkspace(measures: [spendMeasure, lastPurchase])
        defer { fixture.cleanUp() }
        let ws = fixture.workspace
        try ws.createSegment(named: "All", definition: "age > 0 or age is empty")
        try ws.refresh(["All"], asOf: SmallWorkspace.july1)
        let preview = try ws.memberPreview(named: "All", fields: ["id", "spend", "last_purchase"])
        // Activities are local times of Europe/Berlin (UTC+2 in summer); datetimes are written in UTC.
        #expect(preview.rows == [
            ["1", "125", "2025-06-20T08:00:00Z"], ["2", "0", nil], ["3", "0", nil], ["4", "30", "2025-06-29T07:00:00Z"],
        ])
    }

    @Test(arguments: [
        (12.0, "12"), (-2.5, "-2.5"), (0.1, "0.1"), (1e20, "100000000000000000000"),
        (12_345_678_901_234_567.0, "12345678901234568"), (1.5e-7, "0.00000015"), (-3.25e-5, "-0.0000325"),
        (1e15, "1000000000000000"), (9_007_199_254_740_993.0, "9007199254740992"), (123_456.789, "123456.789"),
    ])
    func numbersAreWrittenWithoutExponentAndReadBackExactly(value: Double, text: String) {
        let written = MemberFields.plainNumber(value)
        #expect(written == text)
        #expect(Double(written) == value)
    }

    @Test func measureValueTexts() {
        #expect(MemberFields.text(ofMeasureValue: .nan, type: .number) == nil)
        #expect(MemberFields.text(ofMeasureValue: 20_254, type: .date) == "2025-06-15")
        #expect(MemberFields.text(ofMeasureValue: 20_254.5 + 0.123 / 86_400, type: .datetime) == "2025-06-15T12:00:00.123Z")
        #expect(MemberFields.text(ofMeasureValue: -0.5, type: .datetime) == "1969-12-31T12:00:00Z")
    }
}
