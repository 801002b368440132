import CustomerData

/// Measures computed from activities streamed one at a time (activity files read outside a snapshot), with
/// exactly the engine's semantics: the values `SegmentEvaluator.measureValues(_:)` gives for the same activities.
///
/// Each customer keeps a fixed few doubles per measure (``slotsPerCustomer``
/// in all): a count, a sum, a sum and a count, an extreme, or a time and a
/// value. An activity counts for a measure when its type is one of the
/// measure's types (any type when none is named; never without a type), its
/// timestamp lies in the window (which ends at the as-of instant, in the
/// workspace zone) and it passes every condition. `first` and `last` take the
/// earliest and latest matching timestamp; on a tie the activity streamed
/// first wins, as the engine keeps the file order of equal timestamps.
/// Without a matching activity `count` and `sum` are 0, the others empty (NaN).
///
/// `distinct_count` needs every distinct value per customer, which no fixed
/// accumulator holds exactly: such a measure is refused at ``init(measures:fieldTypes:time:)``.
public final class MeasureStream: @unchecked Sendable {  // reason: immutable after init; its text tests are closures over immutable byte arrays
    /// An activity field the measures read, besides the type and the timestamp.
    public struct Field: Sendable, Equatable {
        /// The field's name in the snapshot's activities table (`amount`, `channel`, `timestamp`).
        public let name: String
        public let type: ColumnType

        /// Whether a row gives the field as bytes (``Row/texts``) rather than a value (``Row/values``).
        public var isText: Bool { type == .category || type == .text }
    }

    /// One activity, as the reader of a file gives it to ``add(_:to:)``; the buffers are read during the call only.
    public struct Row {
        /// The instant, in milliseconds since the epoch.
        public var milliseconds: Int64 = 0
        /// The activity type (empty: missing, then no measure counts it).
        public var type = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
        /// Per field of ``fields``: numbers as they are, booleans 1 or 0, dates in days since 1970-01-01,
        /// datetimes in milliseconds since the epoch; NaN when empty. Unused for category and text fields.
        public var values: [Double]
        /// Per field of ``fields``: category and text values as bytes (empty when missing). Unused for the others.
        public var texts: [UnsafeBufferPointer<UInt8>]

        /// A row for a stream's fields, every value empty.
        public init(fieldCount: Int) {
            values = [Double](repeating: .nan, count: fieldCount)
            texts = [UnsafeBufferPointer<UInt8>](repeating: UnsafeBufferPointer(start: nil, count: 0), count: fieldCount)
        }
    }

    /// One measure's plan: which activities count and what it keeps. Plain values, so reading one per activity
    /// touches no reference counts; its types and conditions are in ``accepts`` and ``conditions``.
    struct Plan {
        var function: MeasureDefinition.Aggregate
        /// Whether every activity type counts (else those ``accepts`` marks).
        var everyType: Bool
        /// The window as an inclusive range of instants (empty when `low > high`).
        var low: Int64
        var high: Int64
        /// Whether ``conditions`` has tests for it.
        var hasConditions: Bool
        /// The aggregated field's index in ``fields``, or −1.
        var field: Int
        /// The first of the measure's slots in a customer's totals.
        var slot: Int
        /// The aggregated field's type (for the result's unit).
        var fieldType: ColumnType?
    }

    /// The measures computed, in the order given.
    public let names: [String]
    /// The fields a ``Row`` carries.
    public let fields: [Field]
    /// Doubles kept per customer.
    public let slotsPerCustomer: Int
    /// A customer's totals before any activity.
    public let initialSlots: [Double]
    let plans: [Plan]
    /// The activity types some measure names, as bytes, one after another (``typeRanges`` says where).
    let typeBytes: [UInt8]
    let typeRanges: [Range<Int>]
    /// `accepts[plan · typeRanges.count + t]`: whether type `t` counts for a plan (unused when it takes every type).
    let accepts: [Bool]
    /// Per plan: its field conditions, each with the index of its field in ``fields``.
    let conditions: [[(field: Int, test: ActivityCellTest)]]
    let time: TimeContext

    /// The activity fields whose type is known without a snapshot (the columns ingest names itself).
    public static let standardFieldTypes: [String: ColumnType] = [
        "timestamp": .datetime, "type": .category, "source": .category, "amount": .number,
    ]

    /// Compiles measures for streaming.
    ///
    /// - Parameters:
    ///   - fieldTypes: the type of each activity field the measures read (their field and condition fields), as the
    ///     snapshot had it; ``standardFieldTypes`` need not be listed.
    ///   - time: the as-of instant and the workspace time zone.
    /// - Throws: `EvaluationError.badMeasure` for a `distinct_count` measure, a condition or window that does not
    ///   parse, or a field whose type is not known.
    public init(measures: [MeasureDefinition], fieldTypes: [String: ColumnType], time: TimeContext) throws {
        self.time = time
        var fields: [Field] = []
        func fieldIndex(_ name: String, measure: String) throws -> Int {
            if let known = fields.firstIndex(where: { $0.name == name }) { return known }
            guard let type = fieldTypes[name] ?? Self.standardFieldTypes[name] else {
                throw EvaluationError.badMeasure(measure, reason: "the type of activity field \"\(name)\" is not known")
            }
            fields.append(Field(name: name, type: type))
            return fields.count - 1
        }
        var plans: [Plan] = []
        var planTypes: [Set<String>] = []
        var planConditions: [[(field: Int, test: ActivityCellTest)]] = []
        var initial: [Double] = []
        for measure in measures {
            let aggregate: ActivityAggregate
            do {
                aggregate = try ActivityAggregate(measure: measure)
            } catch {
                throw EvaluationError.badMeasure(measure.name, reason: "\(error)")
            }
            if aggregate.function == .distinctCount {
                throw EvaluationError.badMeasure(
                    measure.name, reason: "distinct_count needs every distinct value of each customer; it is not "
                        + "computed from streamed activities")
            }
            let range = time.instantRanges(for: aggregate.window).first
            var conditions: [(field: Int, test: ActivityCellTest)] = []
            for condition in aggregate.conditions {
                let index = try fieldIndex(condition.field, measure: measure.name)
                conditions.append((index, ActivityCellTest(condition, type: fields[index].type, time: time)))
            }
            var field = -1
            if ActivityAggregate.takesField(aggregate.function), let name = aggregate.field {
                field = try fieldIndex(name, measure: measure.name)
                if fields[field].isText {
                    throw EvaluationError.badMeasure(
                        measure.name, reason: "activity field \"\(name)\" is \(fields[field].type.rawValue), "
                            + "not a number, date or datetime")
                }
            }
            plans.append(Plan(
                function: aggregate.function, everyType: aggregate.activityTypes.isEmpty,
                low: range?.lowerBound ?? Int64.max, high: range?.upperBound ?? Int64.min, hasConditions: !conditions.isEmpty,
                field: field, slot: initial.count, fieldType: field >= 0 ? fields[field].type : nil))
            planTypes.append(Set(aggregate.activityTypes))
            planConditions.append(conditions)
            initial += Self.initialSlots(of: aggregate.function)
        }
        names = measures.map(\.name)
        self.fields = fields
        self.plans = plans
        let typeNames = planTypes.reduce(into: Set<String>()) { $0.formUnion($1) }.sorted()
        var typeBytes: [UInt8] = [], typeRanges: [Range<Int>] = []
        for name in typeNames {
            let start = typeBytes.count
            typeBytes += Array(name.utf8)
            typeRanges.append(start..<typeBytes.count)
        }
        self.typeBytes = typeBytes
        self.typeRanges = typeRanges
        accepts = planTypes.flatMap { types in typeNames.map { types.contains($0) } }
        conditions = planConditions
        initialSlots = initial
        slotsPerCustomer = initial.count
    }

    /// The slots a function keeps, as they start.
    private static func initialSlots(of function: MeasureDefinition.Aggregate) -> [Double] {
        switch function {
        case .count, .sum: return [0]
        case .avg: return [0, 0]
        case .min, .max: return [.nan]
        // The time of the chosen activity and its value.
        case .first: return [.infinity, .nan]
        case .last: return [-.infinity, .nan]
        case .daysSinceFirst: return [.infinity]
        case .daysSinceLast: return [-.infinity]
        case .distinctCount: preconditionFailure("MeasureStream.initialSlots(of:): distinct_count is not streamed")
        }
    }
}
