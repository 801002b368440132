import Foundation
import Segments

extension Database {
    /// Rewrites every kept membership bitmap through `transform` (for example from the
    /// customer rows of one snapshot generation to those of the next), with its count.
    ///
    /// Call it inside a write transaction; bitmaps are handled one at a time.
    /// - Returns: how many memberships were rewritten.
    /// - Throws: `MemberSetError` for a stored bitmap that does not read back, `DatabaseError`.
    @discardableResult
    public func remapMemberships(_ transform: (MemberSet) -> MemberSet) throws -> Int {
        let ids = try prepare("SELECT id FROM memberships ORDER BY id").map { row in try row.decode(Int64.self, at: 0) }
        let read = try prepare("SELECT member_bitmap FROM memberships WHERE id = ?")
        for id in ids {
            read.reset()
            try read.bind(id, at: 1)
            guard let row = try read.step() else { continue }
            let members = try MemberSet(serializedData: try row.decode(Data.self, at: 0), source: "membership \(id)")
            let mapped = transform(members)
            try execute(
                "UPDATE memberships SET member_bitmap = ?, member_count = ? WHERE id = ?",
                arguments: [mapped.serializedData(), mapped.count, id])
        }
        return ids.count
    }
}
