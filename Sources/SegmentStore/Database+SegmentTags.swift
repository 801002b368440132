import Foundation

// Segment tags: at most `SegmentRules.maximumTagsPerSegment` per segment,
// unique regardless of (ASCII) case.
extension Database {
    /// Replaces the tags of segment `id` with `tags`.
    /// - Throws: ``StoreError/tooManyTags(store:segment:count:limit:)``,
    ///   ``StoreError/invalidTag(store:segment:tag:reason:)``.
    @discardableResult
    public func setSegmentTags(id: Int64, _ tags: [String], at date: Date) throws -> SegmentRecord {
        let segment = try requireSegment(id: id)
        let checked = try checkedTags(tags, segment: segment.name)
        try execute("DELETE FROM segment_tags WHERE segment_id = ?", arguments: [id])
        try insertTags(checked, segmentID: id)
        try touchSegment(id: id, at: date)
        return try requireSegment(id: id)
    }

    /// Adds `tags` to segment `id`; tags it already has (in any case) are kept
    /// as they are.
    /// - Throws: ``StoreError/tooManyTags(store:segment:count:limit:)``,
    ///   ``StoreError/invalidTag(store:segment:tag:reason:)``.
    @discardableResult
    public func addSegmentTags(id: Int64, _ tags: [String], at date: Date) throws -> SegmentRecord {
        let segment = try requireSegment(id: id)
        return try setSegmentTags(id: id, segment.tags + tags, at: date)
    }

    /// Removes `tags` (any case) from segment `id`; tags it does not have are
    /// ignored.
    @discardableResult
    public func removeSegmentTags(id: Int64, _ tags: [String], at date: Date) throws -> SegmentRecord {
        let segment = try requireSegment(id: id)
        let removed = Set(tags.map { $0.trimmingCharacters(in: .whitespacesAndNewlines).lowercased() })
        return try setSegmentTags(id: id, segment.tags.filter { !removed.contains($0.lowercased()) }, at: date)
    }

    /// `tags` trimmed and without case-insensitive repeats (first spelling
    /// wins), after checking each and the count.
    func checkedTags(_ tags: [String], segment: String) throws -> [String] {
        var result: [String] = []
        var seen: Set<String> = []
        for tag in tags {
            let trimmed = tag.trimmingCharacters(in: .whitespacesAndNewlines)
            if let problem = SegmentRules.problem(withTag: trimmed) {
                throw StoreError.invalidTag(store: path, segment: segment, tag: tag, reason: problem)
            }
            if seen.insert(trimmed.lowercased()).inserted {
                result.append(trimmed)
            }
        }
        guard result.count <= SegmentRules.maximumTagsPerSegment else {
            throw StoreError.tooManyTags(
                store: path, segment: segment, count: result.count, limit: SegmentRules.maximumTagsPerSegment
            )
        }
        return result
    }

    /// Inserts already checked `tags` for segment `segmentID`; tags it has in
    /// any case are skipped.
    func insertTags(_ tags: [String], segmentID: Int64) throws {
        let insert = try prepare("INSERT OR IGNORE INTO segment_tags (segment_id, tag) VALUES (?, ?)")
        for tag in tags {
            try insert.bind([segmentID, tag])
            try insert.execute()
        }
    }
}
