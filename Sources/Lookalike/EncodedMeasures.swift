import CustomerData
import Foundation
import Segments

/// The workspace measures an encoder reads, kept with it so a saved model computes them again on new data.
///
/// A measure field is encoded like a customer column of the measure's result
/// type (`number`, `date` or `datetime`) named like the measure. On a snapshot
/// its values are computed from the activities as of the encoder's as-of
/// instant, in ``timeZone``, exactly as a refresh computes them; streamed
/// records and batch files carry them as a column named like the measure, or
/// batch scoring computes them from activity files (``stream(_:asOf:)``).
public struct EncodedMeasures: Codable, Sendable, Equatable {
    /// The definitions of the encoded measures, as the workspace config had them when the encoder was fitted.
    public var definitions: [MeasureDefinition]
    /// The workspace time zone their windows are read in (`Europe/Berlin`).
    public var timeZone: String
    /// Whether the workspace's activities had an amount column (so `amount` is an activity field).
    public var hasAmount: Bool
    /// The snapshot's type of each activity field the measures read (their field and condition fields), so
    /// activity files are read as ingest typed them; nil in models saved before it was recorded.
    public var activityFields: [String: ColumnType]?

    /// Creates the record of encoded measures.
    public init(definitions: [MeasureDefinition], timeZone: String, hasAmount: Bool = true,
                activityFields: [String: ColumnType]? = nil) {
        self.definitions = definitions
        self.timeZone = timeZone
        self.hasAmount = hasAmount
        self.activityFields = activityFields
    }

    /// The named measures compiled to be computed from streamed activities, as of `asOf` in ``timeZone``.
    ///
    /// - Throws: `EvaluationError` for an unknown time zone, a `distinct_count` measure, or a field whose type the
    ///   model does not record.
    public func stream(_ names: [String], asOf: Date) throws -> MeasureStream {
        guard let zone = TimeZone(identifier: timeZone) else { throw EvaluationError.badTimeZone(timeZone) }
        let chosen = names.map { name in
            guard let definition = definitions.first(where: { $0.name == name }) else {
                preconditionFailure("EncodedMeasures.stream(_:asOf:): \(name) is not an encoded measure")
            }
            return definition
        }
        return try MeasureStream(measures: chosen, fieldTypes: activityFields ?? [:],
                                 time: TimeContext(asOf: asOf, timeZone: zone))
    }

    /// Whether a field of that name is one of these measures.
    public func contains(_ name: String) -> Bool { definitions.contains { $0.name == name } }
}
