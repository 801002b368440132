import Foundation

/// An error of the ingest, the type inference or the snapshot reader.
///
/// Its description names where the problem is as precisely as known, in the
/// form `file:line: column "name": "value" reason`, for example
/// `customers.csv:1042: column "age": "forty" is not a number`. The file is
/// the path as written in `audience.json`; the line is the 1-based physical
/// line where the record starts (the header is line 1).
public struct IngestError: Error, CustomStringConvertible, Equatable, Sendable, Codable {
    /// The file, as given in the config (`customers.csv`), or `audience.json` for config errors.
    public var file: String?
    /// The 1-based line where the record starts.
    public var line: Int?
    /// The column's header name.
    public var column: String?
    /// The offending cell text.
    public var value: String?
    /// What is wrong (`is not a number`).
    public var reason: String

    public init(file: String? = nil, line: Int? = nil, column: String? = nil, value: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.reason = reason
    }

    public var description: String {
        var text = ""
        if let file {
            text += file
            if let line { text += ":\(line)" }
            text += ": "
        } else if let line {
            text += "line \(line): "
        }
        if let column { text += "column \"\(column)\": " }
        if let value { text += "\"\(Self.quoted(value))\" " }
        text += reason
        return text
    }

    /// Long or control-laden cell texts are shortened and escaped for one line.
    static func quoted(_ value: String) -> String {
        var shown = value
        if shown.count > 60 { shown = String(shown.prefix(57)) + "..." }
        return shown
            .replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
            .replacingOccurrences(of: "\r", with: "\\r")
    }

    static func config(_ reason: String, file: String = "audience.json") -> IngestError {
        IngestError(file: file, reason: reason)
    }
}

/// One row left out under the `skip` policy.
public struct BadRow: Codable, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: String?
    public var value: String?
    /// The full message, `file:line: column "c": "v" reason`.
    public var message: String

    public var description: String { message }
}
