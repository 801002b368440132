import CSQLite

/// An error reported by SQLite: the result codes, SQLite's message and the SQL
/// that failed.
///
/// The SQL is the statement text only; bound values never appear in an error,
/// so customer data does not leak into logs.
///
/// A busy store (another connection or process holds the write lock longer
/// than the busy timeout) is its own, clearly worded case: check `isBusy`.
public struct DatabaseError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The primary result code (`SQLITE_CONSTRAINT`, `SQLITE_BUSY`, …).
    public let resultCode: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_FOREIGNKEY`, …).
    public let extendedResultCode: Int32
    /// SQLite's own explanation (`sqlite3_errmsg`) or a description of the
    /// failed call.
    public let message: String
    /// The SQL being prepared or run, if any. Never contains bound values.
    public let sql: String?

    /// Creates an error from explicit parts.
    public init(resultCode: Int32, extendedResultCode: Int32? = nil, message: String, sql: String? = nil) {
        self.resultCode = resultCode & 0xff
        self.extendedResultCode = extendedResultCode ?? resultCode
        self.message = message
        self.sql = sql
    }

    /// Whether the store was busy: another connection or process held a lock
    /// for longer than the busy timeout (`SQLITE_BUSY` or `SQLITE_LOCKED`).
    /// Trying again later can succeed.
    public var isBusy: Bool {
        resultCode == SQLITE_BUSY || resultCode == SQLITE_LOCKED
    }

    /// Whether a constraint (`UNIQUE`, `NOT NULL`, `CHECK`, foreign key) refused
    /// the change.
    public var isConstraintViolation: Bool {
        resultCode == SQLITE_CONSTRAINT
    }

    /// The name of the primary result code, as SQLite spells it
    /// (`sqlite3_errstr`).
    public var codeDescription: String {
        String(cString: sqlite3_errstr(extendedResultCode))
    }

    public var description: String {
        var text: String
        if isBusy {
            text = "the workspace store is busy: another audience process is writing; try again"
            text += " (SQLite error \(extendedResultCode): \(message))"
        } else {
            text = "SQLite error \(extendedResultCode) (\(codeDescription)): \(message)"
        }
        if let sql {
            text += " while running `\(sql)`"
        }
        return text
    }
}

extension DatabaseError {
    /// The error SQLite last recorded on `connection` for a call that returned
    /// `code`.
    static func lastError(of connection: OpaquePointer?, code: Int32, sql: String?) -> DatabaseError {
        let message: String
        let extended: Int32
        if let connection {
            message = String(cString: sqlite3_errmsg(connection))
            let recorded = sqlite3_extended_errcode(connection)
            // The connection's recorded code can lag behind (e.g. after a
            // failed commit); trust the returned code when they disagree.
            extended = (recorded & 0xff) == (code & 0xff) ? recorded : code
        } else {
            message = String(cString: sqlite3_errstr(code))
            extended = code
        }
        return DatabaseError(resultCode: code, extendedResultCode: extended, message: message, sql: sql)
    }
}
