import Foundation
import Lookalike
import SegmentStore
import Segments
import Testing
@testable import Workspace

/// Expansion segments keep their scores: a new threshold or top share re-selects exactly
/// from them without retraining, every scoring rewrites the stored result, a re-ingest
/// makes re-selection rescore, and deleting the segment removes its files.
@Suite struct ExpansionSelectionTests {
    /// A shop of 400 customers in its own folder, with "Berliners" (134 members) refreshed
    /// and "Like Berliners" made from them (the top quarter of everyone else).
    struct Shop {
        let directory: URL
        let workspace: Workspace
        let expansion: SegmentRecord

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("audience-expansion-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let customers = directory.appendingPathComponent("customers.csv")
            let cities = ["Berlin", "Paris", "Madrid"]
            var lines = ["customer_id,age,city,income"]
            for index in 0..<400 {
                let age = 20 + (index * 7) % 50
                let city = cities[index % 3]
                let income = 20_000 + (city == "Berlin" ? 30_000 : 0) + age * 400 + (index * 37) % 3_000
                lines.append("c\(index + 1),\(age),\(city),\(income)")
            }
            try (lines.joined(separator: "\n") + "\n").write(to: customers, atomically: true, encoding: .utf8)
            var request = WorkspaceCreation()
            request.timeZone = "UTC"
            request.customers = .init(file: customers, idColumn: "customer_id")
            workspace = try Workspace.create(at: directory.appendingPathComponent("ws"), request)
            _ = try workspace.ingest()
            try workspace.createSegment(named: "Berliners", definition: "city = \"Berlin\"")
            try workspace.refresh(["Berliners"])
            _ = try workspace.findSimilar(SimilarRequest(source: "Berliners", name: "Like Berliners", topShare: 0.25))
            expansion = try workspace.requireSegment(named: "Like Berliners")
        }

        func cleanUp() { try? FileManager.default.removeItem(at: directory) }

        var scoresURL: URL { workspace.expansionScoresURL(segmentID: expansion.id) }
        var modelURL: URL { workspace.directory.appendingPathComponent("models/expansion-\(expansion.id).json") }

        func scores() throws -> ExpansionScores { try #require(try ExpansionScores.read(from: scoresURL)) }

        func members() throws -> Set<UInt32> {
            Set(try #require(try workspace.store.currentMembers(segmentID: expansion.id)).toArray())
        }

        func runs() throws -> [RefreshRunRecord] { try workspace.store.refreshRuns(segmentID: expansion.id) }

        func trainedAt() throws -> Date { try LookalikeModel.load(from: modelURL).metadata.trainedAt }
    }

    @Test func scoringKeepsTheTargetsScoresOnTheLiveSnapshot() throws {
        let shop = try Shop()
        defer { shop.cleanUp() }
        let scores = try shop.scores()
        #expect(scores.snapshotID == (try shop.workspace.store.liveSnapshot()?.id))
        #expect(scores.targetRows.count == 400 - 134)
        #expect(scores.sourceRows.isEmpty)
        let result = try #require(try shop.workspace.expansionResult(segment: "Like Berliners"))
        // The members are the target customers scoring at least the threshold.
        #expect(Set(scores.targetRows(scoringAtLeast: result.summary.threshold)) == (try shop.members()))
        #expect(result.summary.memberCount == (try shop.members()).count)
        #expect(result.summary.histogram.reduce(0, +) == scores.targetRows.count)
    }

    @Test func aNewThresholdReselectsExactlyFromTheStoredScoresWithoutRetraining() throws {
        let shop = try Shop()
        defer { shop.cleanUp() }
        // Stored scores no model would give (reversed): a selection that retrained could not match them.
        var scores = try shop.scores()
        scores.targetScores = scores.targetScores.map { 1 - $0 }
        try scores.write(to: shop.scoresURL)
        let trainedAt = try shop.trainedAt()
        let modelBytes = try Data(contentsOf: shop.modelURL)
        let runsBefore = try shop.runs().count

        let result = try shop.workspace.reselectExpansion(segment: "Like Berliners", threshold: 0.6)

        let expected = Set(scores.targetRows.indices.filter { Double(scores.targetScores[$0]) >= 0.6 }.map { scores.targetRows[$0] })
        #expect(try shop.members() == expected)
        #expect(result.summary.memberCount == expected.count)
        #expect(abs(result.summary.threshold - 0.6) < 1e-12)
        #expect(result.request.threshold == 0.6)
        #expect(try shop.trainedAt() == trainedAt)
        #expect(try Data(contentsOf: shop.modelURL) == modelBytes)
        // One manual run, succeeded, with the new count.
        let runs = try shop.runs()
        #expect(runs.count == runsBefore + 1)
        let run = try #require(runs.first)
        #expect(run.trigger == .manual)
        #expect(run.status == .succeeded)
        #expect(run.memberCount == expected.count)
        // The result follows the stored scores: histogram, bands, best members first.
        #expect(result.summary.histogram == Workspace.histogram(of: scores.targetScores, binCount: 20))
        #expect(result.summary.bands.map(\.count).reduce(0, +) == scores.targetRows.count)
        let best = scores.targetScores.filter { Double($0) >= 0.6 }.sorted(by: >).prefix(10).map(Double.init)
        #expect(result.summary.topMembers.count == best.count)
        for (member, score) in zip(result.summary.topMembers, best) {
            #expect(abs(member.score - score) < 1e-9)
            #expect(!member.reasons.isEmpty)
        }
        // And it is what the segment's page reads next.
        let stored = try #require(try shop.workspace.expansionResult(segment: "Like Berliners"))
        #expect(stored.summary.memberCount == expected.count)
        #expect(stored.request.threshold == 0.6)
    }

    @Test func aTopShareKeepsTheBestScoresWithTiesAtTheCut() throws {
        let shop = try Shop()
        defer { shop.cleanUp() }
        let scores = try shop.scores()
        let result = try shop.workspace.reselectExpansion(segment: "like berliners", threshold: nil, topShare: 0.1)
        let members = try shop.members()
        let wanted = Int((0.1 * Double(scores.targetRows.count)).rounded())
        #expect(members.count >= wanted)
        #expect(result.summary.memberCount == members.count)
        for (row, score) in zip(scores.targetRows, scores.targetScores) {
            #expect(members.contains(row) == (Double(score) >= result.summary.threshold))
        }
        #expect(result.request.threshold == nil)
        #expect(result.request.topShare == 0.1)
    }

    @Test func aRefreshRewritesTheStoredResultAndScores() throws {
        let shop = try Shop()
        defer { shop.cleanUp() }
        var scores = try shop.scores()
        let fresh = scores
        scores.targetScores = scores.targetScores.map { 1 - $0 }
        try scores.write(to: shop.scoresURL)
        let resultURL = shop.workspace.directory.appendingPathComponent("models/expansion-\(shop.expansion.id).result.json")
        try FileManager.default.removeItem(at: resultURL)
        #expect(try shop.workspace.expansionResult(segment: "Like Berliners") == nil)

        let report = try shop.workspace.refresh(["Like Berliners"])
        #expect(report.runs.first { $0.segment == "Like Berliners" }?.status == "succeeded")

        #expect(try shop.scores() == fresh)
        let result = try #require(try shop.workspace.expansionResult(segment: "Like Berliners"))
        #expect(result.summary.memberCount == (try shop.members()).count)
    }

    @Test func aReingestMakesReselectionRescore() throws {
        let shop = try Shop()
        defer { shop.cleanUp() }
        var scores = try shop.scores()
        scores.targetScores = scores.targetScores.map { 1 - $0 }
        try scores.write(to: shop.scoresURL)
        _ = try shop.workspace.ingest()
        let live = try #require(try shop.workspace.store.liveSnapshot()?.id)
        #expect(live != scores.snapshotID)

        let result = try shop.workspace.reselectExpansion(segment: "Like Berliners", threshold: 0.6)

        let rescored = try shop.scores()
        #expect(rescored.snapshotID == live)
        #expect(rescored.targetScores != scores.targetScores)
        #expect(Set(rescored.targetRows(scoringAtLeast: 0.6)) == (try shop.members()))
        #expect(result.summary.memberCount == (try shop.members()).count)
        #expect(try shop.runs().first?.snapshotID == live)
    }

    @Test func scoringAgainMakesAResultForASegmentWithoutOne() throws {
        let shop = try Shop()
        defer { shop.cleanUp() }
        for suffix in ["result.json", "scores.bin"] {
            try FileManager.default.removeItem(
                at: shop.workspace.directory.appendingPathComponent("models/expansion-\(shop.expansion.id).\(suffix)"))
        }
        // Without stored scores a new threshold rescores, too.
        let reselected = try shop.workspace.reselectExpansion(segment: "Like Berliners", threshold: 0.5)
        #expect(reselected.summary.memberCount == (try shop.members()).count)
        let rescored = try shop.workspace.rescoreExpansion(segment: "Like Berliners")
        #expect(rescored.request.threshold == 0.5)
        #expect(try shop.workspace.expansionResult(segment: "Like Berliners")?.summary.memberCount == (try shop.members()).count)
        #expect(try shop.runs().first?.trigger == .manual)
    }

    @Test func deletingTheSegmentRemovesItsFiles() throws {
        let shop = try Shop()
        defer { shop.cleanUp() }
        let models = shop.workspace.directory.appendingPathComponent("models")
        let prefix = "expansion-\(shop.expansion.id)."
        let before = try FileManager.default.contentsOfDirectory(atPath: models.path).filter { $0.hasPrefix(prefix) }
        #expect(Set(before.map { String($0.dropFirst(prefix.count)) }).isSuperset(of: ["json", "request.json", "scores.bin", "result.json"]))

        try shop.workspace.deleteSegment(named: "Like Berliners")

        #expect(try FileManager.default.contentsOfDirectory(atPath: models.path).filter { $0.hasPrefix(prefix) }.isEmpty)
    }

    @Test func aDamagedScoresFileIsNamedAndReselectionRescores() throws {
        let shop = try Shop()
        defer { shop.cleanUp() }
        var bytes = try Data(contentsOf: shop.scoresURL)
        bytes.removeLast(3)
        try bytes.write(to: shop.scoresURL)
        #expect {
            _ = try ExpansionScores.read(from: shop.scoresURL)
        } throws: { error in
            String(describing: error).contains("models/expansion-\(shop.expansion.id).scores.bin: length")
        }
        try shop.workspace.reselectExpansion(segment: "Like Berliners", threshold: 0.6)
        #expect(try shop.scores().targetRows.count == 400 - 134)
    }
}
