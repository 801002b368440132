import Foundation
import Testing
@testable import Workspace

/// Differentiators of a date attribute: SMD on day numbers, means shown as ISO dates.
@Suite struct DateDifferentiatorTests {
    @Test func dateMeansReadAsISODatesWhileTheSMDUsesDayNumbers() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("audience-dates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let people = directory.appendingPathComponent("people.csv")
        try "id,joined,tier\n1,2024-01-01,gold\n2,2024-01-03,gold\n3,2020-01-01,silver\n4,2020-01-04,silver\n"
            .write(to: people, atomically: true, encoding: .utf8)
        let events = directory.appendingPathComponent("events.csv")
        try "who,when,what,total\n1,2025-06-20T10:00:00,purchase,120\n".write(to: events, atomically: true, encoding: .utf8)
        var request = WorkspaceCreation()
        request.timeZone = "UTC"
        request.customers = .init(file: people, idColumn: "id")
        request.activities = .init(
            name: "events", file: events, customerIdColumn: "who", timestampColumn: "when",
            typeColumn: "what", fixedType: nil, amountColumn: "total")
        let ws = try Workspace.create(at: directory.appendingPathComponent("ws"), request)
        _ = try ws.ingest()
        try ws.createSegment(named: "Gold", definition: #"tier = "gold""#)
        try ws.refresh(["Gold"], asOf: SmallWorkspace.july1)

        let report = try ws.differentiators(of: "Gold", asOf: SmallWorkspace.july1)
        let joined = try #require(report.items.first { $0.name == "joined" })
        #expect(joined.statistic == "smd")
        // Gold joined 2024-01-01 and 2024-01-03; everyone's mean day is 18,993.75, nearest 2022-01-02.
        #expect(joined.segmentSummary == "mean 2024-01-02")
        #expect(joined.baselineSummary == "mean 2022-01-02")
        let days: [Double] = [19_723, 19_725, 18_262, 18_265]
        func variance(_ values: [Double]) -> Double {
            let mean = values.reduce(0, +) / Double(values.count)
            return values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        }
        let expected = (19_724 - days.reduce(0, +) / 4) / ((variance(Array(days[0..<2])) + variance(days)) / 2).squareRoot()
        #expect(abs(joined.value - expected) < 1e-9)
        #expect(joined.value > 0)
    }

    @Test func dayNumbersFormatAsISODates() {
        #expect(Workspace.isoDate(day: 0) == "1970-01-01")
        #expect(Workspace.isoDate(day: 19_723.4) == "2024-01-01")
        #expect(Workspace.isoDate(day: -1) == "1969-12-31")
        #expect(Workspace.isoDate(day: 11_016) == "2000-02-29")
    }
}
