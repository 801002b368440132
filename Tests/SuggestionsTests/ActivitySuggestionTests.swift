import CustomerData
import Foundation
import Segments
import Suggestions
import Testing

@Suite struct ActivitySuggestionTests {
    /// Six customers with hand-made purchases, as of 2024-07-01T00:00Z (UTC).
    static func tinySnapshot(_ folder: TemporaryFolder) throws -> Snapshot {
        let source = folder.url.appendingPathComponent("tiny", isDirectory: true)
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        var customers = "customer_id,age\n"
        for id in 1...6 { customers += "\(id),\(20 + id)\n" }
        var activities = "customer_id,type,amount,timestamp\n"
        for day in 26...30 { activities += "1,purchase,100,2024-06-\(day)T10:00:00\n" }  // R 1, F 5, M 500
        activities += "2,purchase,20,2024-06-20T23:30:00\n"                            // R 11, F 1, M 20
        activities += "2,purchase,999,2024-07-05T10:00:00\n"                           // after asOf: never counts
        for month in 1...3 { activities += "3,purchase,30,2024-0\(month)-15T08:00:00\n" }  // R 108, F 3, M 90
        activities += "4,purchase,50,2023-03-01T10:00:00\n4,purchase,50,2023-04-01T10:00:00\n"  // outside the last year
        activities += "5,visit,,2024-06-29T10:00:00\n"                                 // not a purchase
        try customers.write(to: source.appendingPathComponent("customers.csv"), atomically: true, encoding: .utf8)
        try activities.write(to: source.appendingPathComponent("activities.csv"), atomically: true, encoding: .utf8)
        let config = WorkspaceConfig(
            name: "tiny", timeZone: "UTC",
            customers: CustomerSource(path: "customers.csv", idColumn: "customer_id", columns: ["age": .number]),
            activities: [ActivitySource(name: "activities", path: "activities.csv", customerIdColumn: "customer_id",
                                        typeColumn: "type", timestampColumn: "timestamp", amountColumn: "amount")])
        try JSONEncoder().encode(config).write(to: source.appendingPathComponent("audience.json"))
        return try ingest(source: source, into: folder)
    }

    static let asOf = utcMilliseconds(2024, 7, 1)

    @Test func recencyFrequencyMonetaryOnATinyTable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try Self.tinySnapshot(folder)
        let context = TimeContext(asOfMilliseconds: Self.asOf, timeZone: TimeZone(identifier: "UTC")!)
        let f = ActivityFeatures.perCustomer(snapshot: snapshot, activityTypes: ["purchase"], window: ActivityPeriod.lastYear.window,
                                             context: context)
        let row = { (id: String) in snapshot.customerRow(forID: id)! }
        #expect(f.frequency[row("1")] == 5 && f.monetary[row("1")] == 500 && f.recencyDays[row("1")] == 1)
        #expect(f.frequency[row("2")] == 1 && f.monetary[row("2")] == 20 && f.recencyDays[row("2")] == 11)
        #expect(f.frequency[row("3")] == 3 && f.monetary[row("3")] == 90 && f.recencyDays[row("3")] == 108)
        #expect(abs(f.averageAmount[row("3")] - 30) < 1e-12)
        for id in ["4", "5", "6"] {
            #expect(f.frequency[row(id)] == 0 && f.monetary[row(id)] == 0 && f.recencyDays[row(id)].isNaN)
        }
        // All time, customer 4's old purchases count.
        let all = ActivityFeatures.perCustomer(snapshot: snapshot, activityTypes: ["purchase"], window: .allTime, context: context)
        #expect(all.frequency[row("4")] == 2)
        #expect(all.recencyDays[row("4")] == 457)  // 2023-04-01 → 2024-07-01
    }

    @Test func levelsAndNamedSegmentsOnATinyTable() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try Self.tinySnapshot(folder)
        let request = ActivitySuggestionRequest(activityTypes: ["purchase"], period: .lastYear, asOfMilliseconds: Self.asOf,
                                                timeZone: "UTC")
        let run = try ActivitySuggestions.run(request, snapshot: snapshot)
        let ids = { (s: Suggestion) in Set(s.memberRows.map { snapshot.customerID(ofRow: $0) }) }
        func suggestion(_ title: String) throws -> Suggestion {
            try #require(run.suggestions.first { $0.title == title }, "no suggestion \(title)")
        }
        #expect(ids(try suggestion("frequency high")) == ["1"])
        #expect(ids(try suggestion("frequency medium")) == ["3"])
        #expect(ids(try suggestion("frequency low")) == ["2"])
        #expect(ids(try suggestion("recency high")) == ["1"])
        #expect(ids(try suggestion("recency medium")) == ["2"])
        #expect(ids(try suggestion("recency low")) == ["3"])
        #expect(ids(try suggestion("monetary high")) == ["1"])
        #expect(ids(try suggestion("monetary low")) == ["2"])
        #expect(ids(try suggestion("no activity in the period")) == ["4", "5", "6"])
        #expect(ids(try suggestion("Champions")) == ["1"])
        #expect(ids(try suggestion("New")) == ["2"])
        #expect(ids(try suggestion("Hibernating")) == ["3"])
        #expect(run.suggestions.allSatisfy { $0.kind != .rfmSegment || ["Champions", "New", "Hibernating"].contains($0.title) })
        let high = try suggestion("frequency high")
        #expect(high.definitionText == "count(purchase within last 1 year) >= 4")
        #expect(try suggestion("frequency low").averages?.monetary == 20)
        #expect(try suggestion("Champions").definitionText
            == "days_since_last(purchase within last 1 year) <= 1 and count(purchase within last 1 year) >= 4")
        // The grid counts every active customer once.
        let grid = try #require(run.rfmGrid)
        #expect(grid.counts.flatMap { $0 }.reduce(0, +) == 3)
        #expect(grid.counts[4][3] == 1)  // R 5, F 4: customer 1

        // Every definition selects exactly its members, by an independent evaluation of its aggregates.
        let context = TimeContext(asOfMilliseconds: Self.asOf, timeZone: TimeZone(identifier: "UTC")!)
        let features = ActivityFeatures.perCustomer(snapshot: snapshot, activityTypes: ["purchase"],
                                                    window: ActivityPeriod.lastYear.window, context: context)
        var checker = DefinitionChecker(snapshot: snapshot)
        checker.aggregate = { aggregate, row in
            #expect(aggregate.activityTypes == ["purchase"] && aggregate.window == ActivityPeriod.lastYear.window)
            switch aggregate.function {
            case .count: return features.frequency[row]
            case .sum: return features.monetary[row]
            case .daysSinceLast: return features.recencyDays[row]
            default:
                Issue.record("unexpected aggregate \(aggregate)")
                return .nan
            }
        }
        for s in run.suggestions {
            #expect(checker.members(s.definition) == Set(s.memberRows), "\(s.title): \(s.definitionText)")
            #expect(try SegmentParser.parse(s.definitionText).definition == s.definition)
        }
        let decoded = try SuggestionRun(json: run.jsonData())
        #expect(decoded.activityRequest == request)
        #expect(decoded.rfmGrid == run.rfmGrid)
        #expect(run.text.contains("R \\ F"))
    }

    @Test func namedSegmentsCoverTheGridOnce() {
        var seen: [RFMSegmentName: Int] = [:]
        for r in 1...5 {
            for f in 1...5 {
                let name = RFMSegmentName.of(recencyScore: r, frequencyScore: f)
                seen[name, default: 0] += 1
                let inRectangles = name.rectangles.filter { $0.recency.contains(r) && $0.frequency.contains(f) }
                #expect(inRectangles.count == 1, "R \(r) F \(f) → \(name)")
            }
        }
        #expect(Set(seen.keys) == Set(RFMSegmentName.allCases))
        #expect(seen.values.reduce(0, +) == 25)
        #expect(RFMSegmentName.of(recencyScore: 5, frequencyScore: 5) == .champions)
        #expect(RFMSegmentName.of(recencyScore: 1, frequencyScore: 1) == .lost)
        #expect(RFMSegmentName.of(recencyScore: 1, frequencyScore: 5) == .cantLoseThem)
    }

    @Test func unknownActivityTypeIsNamed() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try Self.tinySnapshot(folder)
        let request = ActivitySuggestionRequest(activityTypes: ["purchse"], period: .allTime, asOfMilliseconds: Self.asOf, timeZone: "UTC")
        #expect(throws: SuggestionError.self) { try ActivitySuggestions.run(request, snapshot: snapshot) }
        do {
            _ = try ActivitySuggestions.run(request, snapshot: snapshot)
        } catch {
            #expect("\(error)".hasPrefix("activity_types[0] \"purchse\": no activity has this type"))
        }
    }
}
