/// Data and environment problems of the lookalike module, with the field, file or segment they concern.
public enum LookalikeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The source segment is too small to learn from.
    case sourceTooSmall(segment: String, members: Int, minimum: Int)
    /// After removing the source, the target audience is empty.
    case emptyTarget(segment: String)
    /// A row index is outside the snapshot.
    case rowOutOfRange(row: UInt32, rowCount: Int)
    /// The data being encoded lacks a field the encoder was fitted with, or has it with another type.
    case fieldMismatch(field: String, reason: String)
    /// A value cannot be read as the field's type.
    case invalidValue(field: String, value: String, expected: String)
    /// No field could be encoded.
    case noUsableFields(leftOut: [LeftOutField])
    /// PCA was asked for more components than the encoder has columns.
    case tooManyDimensions(requested: Int, columns: Int)
    /// A saved model cannot be read.
    case unreadableModel(file: String, reason: String)
    /// A saved model has a format version this build does not read.
    case unsupportedModelVersion(file: String, version: Int, supported: ClosedRange<Int>)

    public var description: String {
        switch self {
        case .sourceTooSmall(let segment, let members, let minimum):
            return "source segment \"\(segment)\" has \(members) members; similar customers need at least \(minimum)"
        case .emptyTarget(let segment):
            return "the target audience of \"\(segment)\" is empty once the source members are removed"
        case .rowOutOfRange(let row, let rowCount):
            return "customer row \(row) is outside the snapshot (\(rowCount) customers)"
        case .fieldMismatch(let field, let reason):
            return "field \"\(field)\": \(reason)"
        case .invalidValue(let field, let value, let expected):
            return "field \"\(field)\": \"\(value)\" is not \(expected)"
        case .noUsableFields(let leftOut):
            let reasons = leftOut.prefix(5).map(\.description).joined(separator: "; ")
            return "no field can be encoded (\(leftOut.count) left out: \(reasons))"
        case .tooManyDimensions(let requested, let columns):
            return "PCA to \(requested) dimensions needs at least \(requested) encoded columns; the fields give \(columns)"
        case .unreadableModel(let file, let reason):
            return "\(file): \(reason)"
        case .unsupportedModelVersion(let file, let version, let supported):
            let newer = version > supported.upperBound
            return "\(file): model format version \(version) is \(newer ? "newer than" : "older than") this build reads "
                + "(\(supported.lowerBound)…\(supported.upperBound)); \(newer ? "upgrade Audience" : "retrain the model with `audience similar`")"
        }
    }
}
