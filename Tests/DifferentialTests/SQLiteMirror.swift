import CustomerData
import Foundation
import SegmentStore
import Segments

/// A SQLite database holding a snapshot in the compiled queries' layout, and
/// the members of the segments definitions refer to.
final class SQLiteMirror {
    let database: Database
    let export: SQLSnapshotExport

    init(path: String, snapshot: Snapshot, timeZone: TimeZone, segmentMembers: [String: Set<Int>]) throws {
        database = try Database(path: path)
        export = try SQLSnapshotExport(snapshot: snapshot, timeZone: timeZone)
        try database.inTransaction {
            for statement in export.schemaStatements {
                try database.execute(statement)
            }
            for table in export.tables {
                let insert = try database.prepare(export.insertStatement(for: table))
                try export.forEachRow(of: table) { values in
                    try insert.bind(values.map(SQLiteMirror.convertible))
                    try insert.execute()
                }
            }
            let members = try database.prepare(export.insertStatement(for: .segmentMembers))
            for (segment, rows) in segmentMembers {
                for row in rows.sorted() {
                    try members.bind([segment, Int64(row)])
                    try members.execute()
                }
            }
        }
    }

    /// The customer rows the query selects, in its order.
    func rows(of query: SQLQuery) throws -> [Int] {
        let statement = try database.prepare(query.text)
        try statement.bind(query.parameters.map(SQLiteMirror.convertible))
        return try statement.map { row in Int(try row.decode(Int64.self, at: 0)) }
    }

    static func convertible(_ value: SQLValue) -> (any DatabaseValueConvertible)? {
        switch value {
        case .null: return nil
        case .integer(let integer): return integer
        case .real(let real): return real
        case .text(let text): return text
        }
    }
}
