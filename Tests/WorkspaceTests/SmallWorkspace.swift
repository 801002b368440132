import CustomerData
import Foundation
import SegmentStore
import Testing
@testable import Workspace

/// A four-customer workspace in its own temporary folder, members countable by hand.
///
/// As of 2025-07-01 (Europe/Berlin): `tier = "gold"` is {1, 3}; `sum(amount of purchase
/// within last 30 days) >= 30` is {1, 4}; as of 2025-07-25 only {4}.
struct SmallWorkspace {
    let directory: URL
    let workspace: Workspace

    static let july1 = date("2025-07-01T12:00:00+02:00")
    static let july25 = date("2025-07-25T12:00:00+02:00")

    static func date(_ text: String) -> Date {
        ISO8601DateFormatter().date(from: text)!
    }

    init(measures: [MeasureDefinition] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("audience-ws-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let people = directory.appendingPathComponent("people.csv")
        try "id,age,tier,note\n1,34,gold,=cmd\n2,,silver,\"a,b\"\n3,51,gold,-x\n4,38,bronze,plain\n"
            .write(to: people, atomically: true, encoding: .utf8)
        let events = directory.appendingPathComponent("events.csv")
        try """
            who,when,what,total
            1,2025-06-20T10:00:00,purchase,120
            1,2025-01-02T11:00:00,purchase,5
            3,2025-06-25T12:00:00,visit,
            4,2025-06-29T09:00:00,purchase,30

            """.write(to: events, atomically: true, encoding: .utf8)
        var request = WorkspaceCreation()
        request.timeZone = "Europe/Berlin"
        request.customers = .init(file: people, idColumn: "id")
        request.activities = .init(
            name: "events", file: events, customerIdColumn: "who", timestampColumn: "when",
            typeColumn: "what", fixedType: nil, amountColumn: "total")
        let root = directory.appendingPathComponent("ws")
        var created = try Workspace.create(at: root, request)
        if !measures.isEmpty {
            var config = created.config
            config.measures = measures
            try config.save(toWorkspace: root)
            created = try Workspace.open(at: root)
        }
        _ = try created.ingest()
        workspace = created
    }

    /// The workspace opened again (as another command would), after changing its config.
    func reopened(changingConfig change: (inout WorkspaceConfig) -> Void = { _ in }) throws -> Workspace {
        var config = workspace.config
        change(&config)
        try config.save(toWorkspace: workspace.directory)
        return try Workspace.open(at: workspace.directory)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// The customer ids of a segment's current members.
    func memberIDs(_ name: String) throws -> [String] {
        try workspace.memberPreview(named: name, fields: ["id"]).rows.map { $0[0] ?? "" }
    }
}

/// The spend measure some tests use: all-time purchase amount.
let spendMeasure = MeasureDefinition(name: "spend", aggregate: .sum, field: "amount", activityTypes: ["purchase"])
