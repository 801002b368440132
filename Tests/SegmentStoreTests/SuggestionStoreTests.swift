import Foundation
import Testing
@testable import SegmentStore

@Suite struct SuggestionStoreTests {
    typealias Support = SegmentStoreTestSupport

    /// A run of three suggestions, as the Workspace records it.
    static func recordRun(_ store: Store) throws -> SuggestionRunRecord {
        try store.recordSuggestionRun(
            kind: .measure, inputsJSON: #"{"primary":"credit_amount"}"#, runJSON: #"{"kind":"measure","suggestions":[]}"#,
            suggestions: (1...3).map {
                SuggestionRunRecord.NewItem(rank: $0, title: "rule \($0)", definitionText: "age >= \($0 * 10)", memberCount: 100 * $0)
            },
            at: Support.start)
    }

    /// The suggestion tables as text: equal dumps mean nothing changed.
    static func dump(_ store: Store) throws -> String {
        try store.read { db in
            try ["suggestion_runs", "suggestions", "segments"].map { table in
                try db.prepare("SELECT * FROM \(table) ORDER BY 1").map { row in
                    (0..<row.count).map { "\(row.value(at: $0))" }.joined(separator: " | ")
                }.joined(separator: "\n")
            }.joined(separator: "\n#\n")
        }
    }

    @Test func aRunAndItsSuggestionsRoundTrip() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let recorded = try Self.recordRun(store)
        let reopened = try Store(path: directory.path("audience.sqlite"))
        let run = try #require(try reopened.suggestionRun(id: recorded.id))
        #expect(run == recorded)
        #expect(run.kind == .measure)
        #expect(run.status == .open)
        #expect(run.createdAt == Support.start)
        #expect(run.inputsJSON == #"{"primary":"credit_amount"}"#)
        #expect(run.runJSON == #"{"kind":"measure","suggestions":[]}"#)
        #expect(run.suggestions.map(\.rank) == [1, 2, 3])
        #expect(run.suggestions.map(\.definitionText) == ["age >= 10", "age >= 20", "age >= 30"])
        #expect(run.suggestions.allSatisfy { $0.status == .new && $0.acceptedSegmentID == nil && $0.decidedAt == nil })

        let second = try store.recordSuggestionRun(
            kind: .activity, inputsJSON: "{}", runJSON: "{}", suggestions: [], at: Support.time(days: 1))
        #expect(second.status == .reviewed, "a run without suggestions has nothing to decide")
        #expect(try store.suggestionRuns().map(\.id) == [second.id, recorded.id], "newest first")
        #expect(try store.suggestionRun(id: 99) == nil)
    }

    @Test func acceptingAndDismissingMoveEachSuggestionOnce() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let run = try Self.recordRun(store)
        let segment = try Support.create(store, "Older")

        let accepted = try store.acceptSuggestion(runID: run.id, rank: 1, segmentID: segment.id, at: Support.time(days: 1))
        #expect(accepted.suggestion(rank: 1)?.status == .accepted)
        #expect(accepted.suggestion(rank: 1)?.acceptedSegmentID == segment.id)
        #expect(accepted.suggestion(rank: 1)?.decidedAt == Support.time(days: 1))
        #expect(accepted.status == .open)

        let before = try Self.dump(store)
        #expect(throws: SuggestionStoreError.alreadyDecided(store: store.path, runID: run.id, rank: 1, status: .accepted)) {
            try store.acceptSuggestion(runID: run.id, rank: 1, segmentID: segment.id)
        }
        #expect(throws: SuggestionStoreError.alreadyDecided(store: store.path, runID: run.id, rank: 1, status: .accepted)) {
            try store.dismissSuggestion(runID: run.id, rank: 1)
        }
        #expect(throws: SuggestionStoreError.suggestionNotFound(store: store.path, runID: run.id, rank: 4, count: 3)) {
            try store.dismissSuggestion(runID: run.id, rank: 4)
        }
        #expect(throws: SuggestionStoreError.runNotFound(store: store.path, id: 42)) {
            try store.dismissSuggestion(runID: 42, rank: 1)
        }
        #expect(throws: StoreError.self, "accepting as a segment that does not exist") {
            try store.acceptSuggestion(runID: run.id, rank: 2, segmentID: 999)
        }
        #expect(try Self.dump(store) == before, "nothing changes on error")

        try store.dismissSuggestion(runID: run.id, rank: 2, at: Support.time(days: 2))
        #expect(throws: SuggestionStoreError.self) { try store.dismissSuggestion(runID: run.id, rank: 2) }
        let reviewed = try store.dismissSuggestion(runID: run.id, rank: 3, at: Support.time(days: 2))
        #expect(reviewed.status == .reviewed, "every suggestion decided")
        #expect(reviewed.suggestions.map(\.status) == [.accepted, .dismissed, .dismissed])
    }

    @Test func deletingTheAcceptedSegmentKeepsTheDecision() throws {
        let directory = try TemporaryDirectory()
        let store = try Support.makeStore(directory)
        let run = try Self.recordRun(store)
        let segment = try Support.create(store, "Older")
        try store.acceptSuggestion(runID: run.id, rank: 1, segmentID: segment.id)
        try store.deleteSegment(id: segment.id)
        let item = try #require(try store.suggestionRun(id: run.id)?.suggestion(rank: 1))
        #expect(item.status == .accepted)
        #expect(item.acceptedSegmentID == nil)
    }
}
