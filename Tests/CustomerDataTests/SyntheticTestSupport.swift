import CustomerData
import Foundation
import Testing

/// A small CSV table read for assertions: the synthetic files never quote cells.
struct SyntheticTestTable {
    let header: [String]
    let rows: [[Substring]]

    init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "", "\(url.lastPathComponent) must end with a newline")
        if lines.last == "" { lines.removeLast() }
        let first = try #require(lines.first, "\(url.lastPathComponent) has no header")
        header = first.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        for (index, row) in rows.enumerated() where row.count != header.count {
            Issue.record("\(url.lastPathComponent):\(index + 2): \(row.count) cells, expected \(header.count)")
        }
    }

    /// The position of `name` in the header.
    func column(_ name: String) throws -> Int {
        try #require(header.firstIndex(of: name), "no column \(name) in \(header)")
    }
}

/// A fresh temporary folder for one test, removed by `remove()`.
struct SyntheticTestFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("audience-synthetic-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

/// The repository's `fixtures/` folder, found from this file's path.
let syntheticFixturesFolder = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .deletingLastPathComponent()
    .appendingPathComponent("fixtures", isDirectory: true)

/// The four files the generator writes.
let syntheticFileNames = [
    SyntheticRetailGenerator.customersFileName,
    SyntheticRetailGenerator.activitiesFileName,
    SyntheticRetailGenerator.personasFileName,
    SyntheticRetailGenerator.configFileName,
]

/// Seconds since 00:00:00 of `firstDay` for a `yyyy-MM-ddTHH:mm:ss` text, and its weekday (0 = Monday).
func syntheticLocalSeconds(
    _ text: Substring, firstDay: SyntheticRetailGenerator.CalendarDay
) throws -> (seconds: Int, weekday: Int, hour: Int) {
    let bytes = Array(text.utf8)
    try #require(bytes.count == 19 && bytes[4] == 45 && bytes[7] == 45 && bytes[10] == 84
                 && bytes[13] == 58 && bytes[16] == 58, "bad timestamp \(text)")
    func number(_ range: Range<Int>) -> Int {
        bytes[range].reduce(0) { $0 * 10 + Int($1) - 48 }
    }
    let day = SyntheticRetailGenerator.CalendarDay(year: number(0..<4), month: number(5..<7), day: number(8..<10))
    let hour = number(11..<13)
    let minute = number(14..<16)
    let second = number(17..<19)
    try #require(hour < 24 && minute < 60 && second < 60, "bad time of day in \(text)")
    let days = day.daysSince1970 - firstDay.daysSince1970
    return (days * 86_400 + hour * 3_600 + minute * 60 + second,
            ((day.daysSince1970 + 3) % 7 + 7) % 7, hour)
}
