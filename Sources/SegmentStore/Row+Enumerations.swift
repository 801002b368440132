import Foundation

extension Row {
    /// Column `index` read as the text raw value of `T`.
    /// - Throws: ``RowDecodingError`` when the column is not text or not one
    ///   of `T`'s raw values.
    func decodeEnumeration<T: RawRepresentable>(_ type: T.Type = T.self, at index: Int) throws -> T where T.RawValue == String {
        let text: String = try decode(at: index)
        guard let value = T(rawValue: text) else {
            throw RowDecodingError(
                columnIndex: index,
                columnName: statement.columnName(at: index),
                expectedType: String(describing: T.self),
                found: .text(text),
                sql: statement.sql
            )
        }
        return value
    }

    /// Column `index` as JSON text decoded to `T`.
    /// - Throws: ``RowDecodingError`` when the column is not text or does not
    ///   decode.
    func decodeJSON<T: Decodable>(_ type: T.Type = T.self, at index: Int) throws -> T {
        let text: String = try decode(at: index)
        do {
            return try JSONDecoder().decode(T.self, from: Data(text.utf8))
        } catch {
            throw RowDecodingError(
                columnIndex: index,
                columnName: statement.columnName(at: index),
                expectedType: "\(T.self) as JSON (\(error))",
                found: .text(text),
                sql: statement.sql
            )
        }
    }
}

/// JSON text for a `*_json` column: keys sorted so equal values store equal text.
func jsonText<T: Encodable>(_ value: T) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    do {
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    } catch {
        preconditionFailure("jsonText(_:): \(T.self) does not encode: \(error)")
    }
}
