import Foundation

// Auto-deactivation: active segments nobody uses are made inactive and tagged.
extension Database {
    /// The active, non-exempt segments unused for `days` days before `asOf`:
    /// created and last changed before then, not viewed or refreshed by hand
    /// since, in no export and referred to by no other segment. By name.
    public func autoDeactivationCandidates(
        asOf date: Date,
        days: Int = SegmentRules.defaultAutoDeactivationDays
    ) throws -> [SegmentRecord] {
        precondition(days >= 0, "Database.autoDeactivationCandidates(asOf:days:): negative days \(days)")
        let cutoff = date.addingTimeInterval(-Double(days) * 86_400)
        let statement = try prepare("""
            SELECT \(SegmentRecord.selection) FROM segments AS s
            WHERE s.state = 'active' AND s.is_exempt_from_auto_deactivation = 0
              AND s.created_at < ?1 AND s.updated_at < ?1
              AND (s.last_used_at IS NULL OR s.last_used_at < ?1)
              AND NOT EXISTS (SELECT 1 FROM export_segments AS e WHERE e.segment_id = s.id)
              AND NOT EXISTS (SELECT 1 FROM segment_dependencies AS d WHERE d.referenced_segment_id = s.id)
            ORDER BY s.name COLLATE NOCASE
            """)
        try statement.bind([cutoff])
        return try statement.map(SegmentRecord.init(row:))
    }

    /// Deactivates segments `ids` and gives each `tag` (by default
    /// `AutoDeactivated`; added even when a segment already has the most
    /// tags a person may set). Returns the changed records.
    /// - Throws: ``StoreError/segmentNotFound(store:id:)`` before changing any.
    @discardableResult
    public func deactivate(ids: [Int64], tag: String = SegmentRules.autoDeactivatedTag, at date: Date) throws -> [SegmentRecord] {
        for id in ids {
            _ = try requireSegment(id: id)
        }
        for id in ids {
            try execute(
                "UPDATE segments SET state = 'inactive', deactivate_at = NULL, updated_at = ? WHERE id = ?",
                arguments: [date, id]
            )
            try insertTags([tag], segmentID: id)
        }
        return try ids.map { try requireSegment(id: $0) }
    }
}
