import Foundation
@testable import SegmentStore

/// Helpers shared by the segment store tests.
enum SegmentStoreTestSupport {
    /// A fixed instant to build test times from: 2026-03-01 12:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_772_366_400)

    /// `start` plus `days` days and `hours` hours.
    static func time(days: Double = 0, hours: Double = 0) -> Date {
        start.addingTimeInterval(days * 86_400 + hours * 3_600)
    }

    /// A new store in `directory`.
    static func makeStore(_ directory: TemporaryDirectory) throws -> Store {
        try Store(path: directory.path("audience.sqlite"))
    }

    /// A definition JSON text naming `label`, as the Workspace would pass it.
    static func definition(_ label: String) -> String {
        #"{"all":[{"attribute":"\#(label)","op":">=","value":1}]}"#
    }

    /// Every row of every segment-related table, as text: equal dumps mean
    /// nothing changed.
    static func dump(_ store: Store) throws -> String {
        let tables = [
            "segments", "segment_definitions", "segment_dependencies", "segment_tags", "refresh_runs",
            "memberships", "segment_history", "system_schedule", "exports", "export_segments", "export_runs",
        ]
        return try store.read { db in
            var text = ""
            for table in tables {
                text += "# \(table)\n"
                let rows = try db.prepare("SELECT * FROM \(table) ORDER BY 1, 2").map { row in
                    (0..<row.count).map { "\(row.value(at: $0))" }.joined(separator: " | ")
                }
                text += rows.joined(separator: "\n") + "\n"
            }
            return text
        }
    }

    /// Creates a segment named `name` with a definition and returns it.
    @discardableResult
    static func create(
        _ store: Store,
        _ name: String,
        references: [Int64] = [],
        type: SegmentType = .dynamic,
        tags: [String] = [],
        at date: Date = start
    ) throws -> SegmentRecord {
        try store.createSegment(
            NewSegment(
                name: name, definitionJSON: definition(name), definitionText: "\(name) >= 1",
                referencedSegmentIDs: references, type: type, tags: tags
            ),
            at: date
        )
    }
}
