/// The unit of a relative duration.
public enum DurationUnit: String, Codable, CaseIterable, Hashable, Sendable {
    case days, weeks, months, years

    /// The singular word (`day`), printed when the amount is 1.
    public var singular: String { String(rawValue.dropLast()) }
}

/// A number of calendar units, as in `within last 6 months`.
///
/// Days and weeks are calendar days on the workspace wall clock (a day across a
/// daylight-saving change is 23 or 25 hours); months and years clamp the day
/// of month to the target month's last day.
public struct RelativeDuration: Hashable, Sendable, Codable {
    /// The number of units; validation requires `0...100_000`.
    public var amount: Int
    public var unit: DurationUnit

    public init(_ amount: Int, _ unit: DurationUnit) {
        self.amount = amount
        self.unit = unit
    }

    /// The text form, `6 months` or `1 day`.
    public var text: String {
        "\(amount) " + (amount == 1 ? unit.singular : unit.rawValue)
    }
}
