import CustomerData
import Foundation
import Segments
import Suggestions
import Testing

/// RFM on the CDNOW purchase log, as of 1998-07-01 (the day after the log ends).
@Suite struct CDNOWTests {
    @Test func rfmSuggestionsOnCDNOW() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try ingestFixture("cdnow", into: folder)
        let request = ActivitySuggestionRequest(activityTypes: ["purchase"], period: .allTime,
                                                asOfMilliseconds: utcMilliseconds(1998, 7, 1), timeZone: "UTC",
                                                scopeSegment: "Everyone")
        let run = try ActivitySuggestions.run(request, snapshot: snapshot)
        print(run.text)
        let validation = catalog(of: snapshot, segments: ["Everyone"])
        for s in run.suggestions {
            #expect(validation.diagnostics(for: s.definition).isEmpty, "\(s.title): \(s.definitionText)")
            #expect(s.definitionText.hasPrefix("in segment \"Everyone\" and "))
            #expect(s.memberCount > 0)
        }
        // Every CDNOW customer bought in 1997: frequency levels and named segments each cover all 23,570 once.
        let levels = run.suggestions.filter { $0.kind == .activityLevel && $0.title.hasPrefix("frequency") }
        #expect(levels.map(\.memberCount).reduce(0, +) == 23_570)
        let named = run.suggestions.filter { $0.kind == .rfmSegment }
        #expect(named.map(\.memberCount).reduce(0, +) == 23_570)
        #expect(Set(named.flatMap(\.memberRows)).count == 23_570)
        let champions = try #require(named.first { $0.title == "Champions" })
        let lost = try #require(named.first { $0.title == "Lost" })
        #expect(try #require(champions.averages?.recencyDays) < 100)
        #expect(try #require(lost.averages?.recencyDays) > 450)
        #expect(champions.averages!.monetary > 5 * lost.averages!.monetary)
        #expect(!run.suggestions.contains { $0.kind == .activityLevel && $0.title.hasPrefix("no activity") })
    }

    @Test func measureDefinitionsValidate() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let snapshot = try ingestFixture("retail", into: folder)
        let request = MeasureSuggestionRequest(primary: "annual_income",
                                               influencing: ["age", "loyalty_tier", "signup_date", "email_opt_in", "country"])
        let run = try MeasureSuggestions.run(request, snapshot: snapshot)
        #expect(!run.suggestions.isEmpty)
        let validation = catalog(of: snapshot)
        for s in run.suggestions {
            #expect(validation.diagnostics(for: s.definition).isEmpty, "\(s.definitionText)")
        }
        var checker = DefinitionChecker(snapshot: snapshot)
        checker.aggregate = { _, _ in .nan }
        for s in run.suggestions { #expect(checker.members(s.definition) == Set(s.memberRows), "\(s.definitionText)") }
    }
}
