/// Definition text (or JSON) that cannot be read, with where it went wrong.
///
/// `description` reads `1:14: expected a value after "=", found end of input`;
/// `caretDiagram` adds the offending line with a caret under the column.
public struct SegmentSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong and, where possible, what to write instead.
    public var message: String
    /// Where in the text; `nil` for errors found without text positions (JSON).
    public var location: SourceLocation?
    /// The text line holding `location`, for the caret diagram.
    public var sourceLine: String?
    /// What was being read, such as `measure "spend_90d": conditions[0]` or a JSON path.
    public var context: String?

    public init(message: String, location: SourceLocation? = nil, sourceLine: String? = nil, context: String? = nil) {
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
        self.context = context
    }

    public var description: String {
        var parts: [String] = []
        if let context { parts.append(context) }
        if let location { parts.append(location.description) }
        parts.append(message)
        return parts.joined(separator: ": ")
    }

    /// The description, the offending line and a caret under the column.
    public var caretDiagram: String {
        guard let location, let sourceLine else { return description }
        let padding = String(repeating: " ", count: max(0, location.column - 1))
        return description + "\n" + sourceLine + "\n" + padding + "^"
    }

    /// The same error with `context` in front of any context it has.
    func inContext(_ outer: String) -> SegmentSyntaxError {
        var copy = self
        copy.context = context.map { outer + ": " + $0 } ?? outer
        return copy
    }
}
