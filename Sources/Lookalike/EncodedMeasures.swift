import CustomerData

/// The workspace measures an encoder reads, kept with it so a saved model computes them again on new data.
///
/// A measure field is encoded like a customer column of the measure's result
/// type (`number`, `date` or `datetime`) named like the measure. On a snapshot
/// its values are computed from the activities as of the encoder's as-of
/// instant, in ``timeZone``, exactly as a refresh computes them; streamed
/// records and batch files carry them as a column named like the measure.
public struct EncodedMeasures: Codable, Sendable, Equatable {
    /// The definitions of the encoded measures, as the workspace config had them when the encoder was fitted.
    public var definitions: [MeasureDefinition]
    /// The workspace time zone their windows are read in (`Europe/Berlin`).
    public var timeZone: String
    /// Whether the workspace's activities had an amount column (so `amount` is an activity field).
    public var hasAmount: Bool

    /// Creates the record of encoded measures.
    public init(definitions: [MeasureDefinition], timeZone: String, hasAmount: Bool = true) {
        self.definitions = definitions
        self.timeZone = timeZone
        self.hasAmount = hasAmount
    }

    /// Whether a field of that name is one of these measures.
    public func contains(_ name: String) -> Bool { definitions.contains { $0.name == name } }
}
