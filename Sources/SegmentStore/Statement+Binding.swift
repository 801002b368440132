import CSQLite
import Foundation

extension Statement {
    /// The number of parameters (`?`, `?NNN`, `:name`, `@name`, `$name`).
    public var parameterCount: Int {
        Int(sqlite3_bind_parameter_count(handle))
    }

    /// Binds `value` to the parameter at 1-based `index`; `nil` binds `NULL`.
    ///
    /// Text and blobs are copied (`SQLITE_TRANSIENT`), so `value` need not
    /// outlive the call.
    /// - Precondition: `index` is between 1 and ``parameterCount``.
    public func bind(_ value: (any DatabaseValueConvertible)?, at index: Int) throws {
        precondition(
            index >= 1 && index <= parameterCount,
            "Statement.bind(_:at:): parameter \(index) out of range 1...\(parameterCount) in `\(sql)`"
        )
        reset()
        let code = bindValue(value?.databaseValue ?? .null, at: Int32(index))
        guard code == SQLITE_OK else {
            throw DatabaseError.lastError(of: database.handle, code: code, sql: sql)
        }
    }

    /// Binds `value` to the parameter called `name`: `":id"`, `"@id"`,
    /// `"$id"`, or `"id"` meaning `":id"`.
    /// - Precondition: the statement has such a parameter.
    public func bind(_ value: (any DatabaseValueConvertible)?, named name: String) throws {
        try bind(value, at: parameterIndex(named: name, caller: "Statement.bind(_:named:)"))
    }

    /// Binds `values` to parameters 1, 2, … in order.
    /// - Precondition: there are exactly ``parameterCount`` values.
    public func bind(_ values: [(any DatabaseValueConvertible)?]) throws {
        precondition(
            values.count == parameterCount,
            "Statement.bind(_:): \(values.count) values for \(parameterCount) parameters in `\(sql)`"
        )
        for (offset, value) in values.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    /// Binds each value of `values` to the parameter named by its key.
    public func bind(_ values: [String: (any DatabaseValueConvertible)?]) throws {
        for (name, value) in values {
            try bind(value, named: name)
        }
    }

    /// The 1-based index of parameter `name`, trapping when there is none.
    private func parameterIndex(named name: String, caller: String) -> Int {
        let candidates = name.first.map { ":@$".contains($0) } == true ? [name] : [":" + name, "@" + name, "$" + name]
        for candidate in candidates {
            let index = sqlite3_bind_parameter_index(handle, candidate)
            if index > 0 { return Int(index) }
        }
        preconditionFailure("\(caller): no parameter \(name) in `\(sql)`")
    }

    /// Binds one value and returns SQLite's result code.
    ///
    /// The corresponding C functions are `sqlite3_bind_*`.
    private func bindValue(_ value: DatabaseValue, at index: Int32) -> Int32 {
        switch value {
        case .null:
            return sqlite3_bind_null(handle, index)
        case .integer(let integer):
            return sqlite3_bind_int64(handle, index, integer)
        case .real(let real):
            return sqlite3_bind_double(handle, index, real)
        case .text(var text):
            return text.withUTF8 { bytes in
                // An empty buffer may have no base address, and a NULL pointer
                // would bind NULL instead of the empty string.
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    return sqlite3_bind_text(handle, index, "", 0, audience_sqlite_transient())
                }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { characters in
                    sqlite3_bind_text64(
                        handle, index, characters, UInt64(bytes.count),
                        audience_sqlite_transient(), UInt8(SQLITE_UTF8)
                    )
                }
            }
        case .blob(let data):
            if data.isEmpty {
                // A NULL pointer would bind NULL; a zero-length blob is not NULL.
                return sqlite3_bind_zeroblob(handle, index, 0)
            }
            return data.withUnsafeBytes { bytes in
                sqlite3_bind_blob64(handle, index, bytes.baseAddress, UInt64(bytes.count), audience_sqlite_transient())
            }
        }
    }
}
