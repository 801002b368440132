/// One problem validation found in a definition, with where it is.
///
/// `description` reads
/// `1:9: rules[0].conditions[1]: unknown attribute "agee"; did you mean "age"?`
/// (without the `line:column` for JSON input).
public struct SegmentDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem, for programs that react to it.
    public enum Kind: String, Hashable, Sendable, Codable {
        case emptyDefinition = "empty_definition"
        case emptyRule = "empty_rule"
        case emptySubrule = "empty_subrule"
        case misplacedCombine = "misplaced_combine"
        case unknownAttribute = "unknown_attribute"
        case unknownMeasure = "unknown_measure"
        case unknownSegment = "unknown_segment"
        case unknownActivityType = "unknown_activity_type"
        case unknownActivityField = "unknown_activity_field"
        case operatorMismatch = "operator_mismatch"
        case badValue = "bad_value"
        case badAggregate = "bad_aggregate"
        case segmentCycle = "segment_cycle"
    }

    public var kind: Kind
    /// Where the problem is: `rules[1].conditions[0].subrule.conditions[2]`.
    public var path: ConditionPath
    /// Where the condition was written, for text input.
    public var location: SourceLocation?
    /// What is wrong, naming the field, operator or value.
    public var message: String
    /// The closest known name, for unknown names ("did you mean").
    public var suggestion: String?

    public init(kind: Kind, path: ConditionPath, location: SourceLocation? = nil, message: String, suggestion: String? = nil) {
        self.kind = kind
        self.path = path
        self.location = location
        self.message = message
        self.suggestion = suggestion
    }

    public var description: String {
        (location.map { "\($0): " } ?? "") + "\(path): " + message
            + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
    }
}

/// A definition that does not validate; holds every problem found, in written order.
public struct SegmentValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var diagnostics: [SegmentDiagnostic]

    public init(diagnostics: [SegmentDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One line per problem.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n")
    }
}
