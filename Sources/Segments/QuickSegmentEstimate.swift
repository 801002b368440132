import CustomerData

/// A quick segment: one attribute or measure, optionally one test, with the
/// size of the segment the test makes and the field's distribution.
///
/// Made by `SegmentEvaluator.quick(_:)` and `quick(field:)`.
public struct QuickSegmentEstimate: Sendable, Codable, Equatable {
    /// The attribute or measure name.
    public var field: String
    /// Whether `field` is a measure of `audience.json` (else a customer attribute).
    public var isMeasure: Bool
    /// The field's type (for a measure, the type of its result).
    public var type: ColumnType
    /// The test, in the text syntax (`age >= 30`), when one was given.
    public var condition: String?
    /// The customers the test selects (the exact count; nil without a test).
    public var count: Int?
    /// `count` as a percentage of all customers.
    public var percent: Double?
    /// All customers of the snapshot.
    public var customers: Int
    /// The customers whose value is empty.
    public var emptyCount: Int
    /// Category, text and boolean fields: the ten most frequent values, most frequent first
    /// (ties in byte order of the value).
    public var topValues: [ValueCount]
    /// Number, date and datetime fields: the 5th, 10th, 25th, 50th, 75th, 90th and 95th
    /// percentiles of the non-empty values (linear interpolation, numpy's default).
    public var percentiles: [Percentile]

    /// A value and how many customers have it.
    public struct ValueCount: Sendable, Codable, Equatable {
        public var value: String
        public var count: Int

        public init(value: String, count: Int) {
            self.value = value
            self.count = count
        }
    }

    /// A percentile of a field's values.
    public struct Percentile: Sendable, Codable, Equatable {
        /// 5, 10, 25, 50, 75, 90 or 95.
        public var percentile: Int
        /// The value: a number, or days since 1970-01-01 (dates), or milliseconds (datetimes).
        public var value: Double
        /// The value as text: the number, `yyyy-MM-dd`, or ISO 8601 UTC.
        public var text: String

        public init(percentile: Int, value: Double, text: String) {
            self.percentile = percentile
            self.value = value
            self.text = text
        }
    }

    /// The percentiles reported.
    public static let percentileRanks = [5, 10, 25, 50, 75, 90, 95]

    /// The `p`th percentile of ascending `sorted` values, by linear interpolation
    /// between the closest ranks: position `h = (n − 1)·p/100`, value
    /// `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])` (numpy's default "linear" method).
    ///
    /// Precondition: `sorted` is not empty.
    public static func percentile(_ p: Double, ofSorted sorted: [Double]) -> Double {
        precondition(!sorted.isEmpty, "QuickSegmentEstimate.percentile(_:ofSorted:): no values")
        let position = Double(sorted.count - 1) * p / 100
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
    }
}
