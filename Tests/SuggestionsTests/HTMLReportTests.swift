import Foundation
import Suggestions
import Testing

/// The HTML report is self-contained and shows the run's numbers.
@Suite struct HTMLReportTests {
    @Test func reportShowsTheRunsNumbersWithoutNetwork() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try ingestFixture("cdnow", into: folder)
        let request = ActivitySuggestionRequest(activityTypes: ["purchase"], period: .allTime,
                                                asOfMilliseconds: utcMilliseconds(1998, 7, 1), timeZone: "UTC")
        let run = try ActivitySuggestions.run(request, snapshot: snapshot, includeClusters: false)
        let html = run.html
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        // Nothing is fetched: the only URL is the SVG namespace, and there are no scripts.
        let withoutNamespace = html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "")
        #expect(!withoutNamespace.contains("http://") && !withoutNamespace.contains("https://") && !html.contains("<script"))
        for s in run.suggestions {
            #expect(html.contains("<tr data-rank=\"\(s.rank)\"><td>\(s.rank)</td>"))
            #expect(html.contains("<td class=\"members\">\(s.memberCount)</td>"))
        }
        let grid = try #require(run.rfmGrid)
        for count in grid.counts.flatMap({ $0 }) { #expect(html.contains(">\(count)</text>")) }
        #expect(html.components(separatedBy: "<svg").count - 1 == 2)
    }
}
