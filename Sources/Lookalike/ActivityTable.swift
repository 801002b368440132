import Segments

/// Activity aggregates per customer id, gathered from activity files before a batch is scored: the activity
/// input of batch scoring.
///
/// Only what the encoder reads is kept: per activity type it uses, the count,
/// the last time and the summed amount up to the encoder's as-of instant, the
/// count per channel it uses, and the customer's total count (the channel
/// share's denominator). Memory is one entry per distinct customer id added,
/// `bytesPerCustomer` plus the id and a hash-table slot (about 40 bytes for a
/// short id), whatever the number of activities. With ``measures``, each
/// customer also keeps that stream's fixed running totals (8 bytes times its
/// `slotsPerCustomer`), fed by ``add(customerID:type:milliseconds:amount:channel:measureRow:)``.
public struct ActivityTable: Sendable {
    /// The activity types the encoder uses (index `type` of ``add(customerID:type:milliseconds:amount:channel:)``).
    public let types: [String]
    /// The channels the encoder uses (index `channel`).
    public let channels: [String]
    let asOf: Int64
    /// Row `slots.slot(of: id)` holds that customer's totals.
    private var slots = CustomerSlots()
    private var totals: ActivityAggregates
    /// Activities counted (at or before the as-of instant).
    public private(set) var activityCount = 0
    /// The measures computed from the activities, if any.
    public let measures: MeasureStream?
    /// `measureTotals[slot * measures.slotsPerCustomer ..< …]`: customer `slot`'s measure running totals.
    private var measureTotals: [Double] = []

    /// An empty table for the encoder's activity features and, when given, the measures of `measures`.
    public init(encoder: FeatureEncoder, measures: MeasureStream? = nil) {
        types = encoder.activityTypes
        channels = encoder.channels
        asOf = encoder.asOfMilliseconds
        totals = ActivityAggregates(types: encoder.activityTypes, channels: encoder.channels, rowCount: 0)
        self.measures = measures
    }

    /// Customers with at least one activity counted.
    public var customerCount: Int { slots.count }

    /// The aggregate bytes kept per customer, besides its id and hash-table slot.
    public var bytesPerCustomer: Int { 24 * types.count + 8 * channels.count + 8 + 8 * (measures?.slotsPerCustomer ?? 0) }

    /// Adds one activity; `type` and `channel` index ``types`` and ``channels`` (−1: another or none), `amount` is
    /// NaN when missing. An activity after the as-of instant is ignored, as in the workspace.
    public mutating func add(customerID: String, type t: Int, milliseconds: Int64, amount a: Double, channel c: Int) {
        var id = customerID
        id.withUTF8 { add(customerID: $0, type: t, milliseconds: milliseconds, amount: a, channel: c) }
    }

    /// ``add(customerID:type:milliseconds:amount:channel:)`` with the id as UTF-8 bytes (read during the call only).
    public mutating func add(customerID: UnsafeBufferPointer<UInt8>, type t: Int, milliseconds: Int64, amount a: Double,
                             channel c: Int) {
        precondition(t < types.count && c < channels.count, "ActivityTable.add: type \(t) or channel \(c) out of range")
        precondition(measures == nil, "ActivityTable.add: a table with measures takes add(customerID:…:measureRow:)")
        if milliseconds > asOf { return }
        let slot = slot(of: customerID).slot
        activityCount += 1
        totals.add(customer: slot, type: t, milliseconds: milliseconds, amount: a, channel: c, asOf: asOf)
    }

    /// ``add(customerID:type:milliseconds:amount:channel:)`` that also adds the activity to the customer's
    /// measures; `measureRow` carries the fields of ``measures``.
    public mutating func add(customerID: String, type t: Int, milliseconds: Int64, amount a: Double, channel c: Int,
                             measureRow: MeasureStream.Row) {
        var id = customerID
        id.withUTF8 { add(customerID: $0, type: t, milliseconds: milliseconds, amount: a, channel: c, measureRow: measureRow) }
    }

    /// ``add(customerID:type:milliseconds:amount:channel:measureRow:)`` with the id as UTF-8 bytes (read during the
    /// call only).
    public mutating func add(customerID: UnsafeBufferPointer<UInt8>, type t: Int, milliseconds: Int64, amount a: Double,
                             channel c: Int, measureRow: MeasureStream.Row) {
        precondition(t < types.count && c < channels.count, "ActivityTable.add: type \(t) or channel \(c) out of range")
        guard let measures else { preconditionFailure("ActivityTable.add(measureRow:): the table has no measures") }
        if milliseconds > asOf { return }
        let (slot, isNew) = slot(of: customerID)
        if isNew { measureTotals.append(contentsOf: measures.initialSlots) }
        activityCount += 1
        totals.add(customer: slot, type: t, milliseconds: milliseconds, amount: a, channel: c, asOf: asOf)
        let width = measures.slotsPerCustomer
        measureTotals.withUnsafeMutableBufferPointer { all in
            measures.add(measureRow, to: all.baseAddress! + slot * width)
        }
    }

    /// The customer's slot in the totals, added (empty) when the customer is new.
    private mutating func slot(of customerID: UnsafeBufferPointer<UInt8>) -> (slot: Int, isNew: Bool) {
        let (slot, isNew) = slots.insert(customerID)
        if isNew { totals.appendCustomer() }
        return (slot, isNew)
    }

    /// The value of measure `measure` (an index of `measures.names`) for a customer, as
    /// `SegmentEvaluator.measureValues(_:)` gives it (a customer without activities gets the empty totals' value).
    public func measureValue(_ measure: Int, ofCustomer id: String) -> Double {
        measureValue(measure, atSlot: slot(ofCustomer: id))
    }

    /// Where a customer's totals are, for ``measureValue(_:atSlot:)``; nil for a customer without activities.
    public func slot(ofCustomer id: String) -> Int? {
        slots.slot(of: id)
    }

    /// The value of measure `measure` from the totals at `slot` (nil: the empty totals).
    public func measureValue(_ measure: Int, atSlot slot: Int?) -> Double {
        guard let measures else { preconditionFailure("ActivityTable.measureValue(_:atSlot:): the table has no measures") }
        if let slot {
            return measureTotals.withUnsafeBufferPointer { all in
                measures.value(measure, of: all.baseAddress! + slot * measures.slotsPerCustomer)
            }
        }
        return measures.initialSlots.withUnsafeBufferPointer { measures.value(measure, of: $0.baseAddress!) }
    }

    /// The aggregates of a batch of customers, in order (zero for a customer without activities).
    func aggregates(for ids: [String]) -> ActivityAggregates {
        var result = ActivityAggregates(types: types, channels: channels, rowCount: ids.count)
        let nt = types.count, nc = channels.count
        for (i, id) in ids.enumerated() {
            guard let slot = slots.slot(of: id) else { continue }
            for t in 0..<nt {
                result.count[i * nt + t] = totals.count[slot * nt + t]
                result.last[i * nt + t] = totals.last[slot * nt + t]
                result.amount[i * nt + t] = totals.amount[slot * nt + t]
            }
            for c in 0..<nc { result.channelCount[i * nc + c] = totals.channelCount[slot * nc + c] }
            result.total[i] = totals.total[slot]
        }
        result.hasAmount = totals.hasAmount
        return result
    }
}
