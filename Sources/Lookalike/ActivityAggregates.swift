import CustomerData
import Foundation

/// Per-customer activity counts, last times, amounts and channel counts up to an as-of instant.
struct ActivityAggregates {
    /// The activity types, in column order.
    let types: [String]
    /// The channels, in column order.
    let channels: [String]
    /// Customers aggregated.
    private(set) var rowCount: Int
    /// `count[i * types.count + t]`.
    var count: [Double]
    /// Last activity time in milliseconds, `Int64.min` when none.
    var last: [Int64]
    /// Summed amounts.
    var amount: [Double]
    /// Whether any activity of the type had an amount.
    var hasAmount: [Bool]
    /// `channelCount[i * channels.count + c]`.
    var channelCount: [Double]
    /// All activities per customer (the channel-share denominator).
    var total: [Double]

    init(types: [String], channels: [String], rowCount: Int) {
        self.types = types
        self.channels = channels
        self.rowCount = rowCount
        count = [Double](repeating: 0, count: rowCount * types.count)
        last = [Int64](repeating: .min, count: rowCount * types.count)
        amount = [Double](repeating: 0, count: rowCount * types.count)
        hasAmount = [Bool](repeating: false, count: types.count)
        channelCount = [Double](repeating: 0, count: rowCount * channels.count)
        total = [Double](repeating: 0, count: rowCount)
    }

    /// Adds a customer without activities as row `rowCount`.
    mutating func appendCustomer() {
        rowCount += 1
        count.append(contentsOf: repeatElement(0, count: types.count))
        last.append(contentsOf: repeatElement(Int64.min, count: types.count))
        amount.append(contentsOf: repeatElement(0, count: types.count))
        channelCount.append(contentsOf: repeatElement(0, count: channels.count))
        total.append(0)
    }

    /// Adds one activity of customer `i`; `type` and `channel` are column indexes or −1, later than `asOf` is ignored.
    @inline(__always)
    mutating func add(customer i: Int, type t: Int, milliseconds: Int64, amount a: Double, channel c: Int, asOf: Int64) {
        if milliseconds > asOf { return }
        total[i] += 1
        if c >= 0 { channelCount[i * channels.count + c] += 1 }
        guard t >= 0 else { return }
        let k = i * types.count + t
        count[k] += 1
        if milliseconds > last[k] { last[k] = milliseconds }
        if !a.isNaN {
            amount[k] += a
            hasAmount[t] = true
        }
    }

    /// Aggregates the snapshot's activities of `rows` (every customer when nil).
    static func from(_ snapshot: Snapshot, rows: [Int]?, types: [String], channels: [String],
                     channelColumn: String, asOf: Int64) -> ActivityAggregates {
        let n = rows?.count ?? snapshot.customers.rowCount
        var result = ActivityAggregates(types: types, channels: channels, rowCount: n)
        let typeColumn = snapshot.activityTypes
        let typeIndex = (0..<typeColumn.dictionary.count).map { types.firstIndex(of: typeColumn.dictionary.string(at: $0)) ?? -1 }
        var channelCodes: UnsafeBufferPointer<UInt32>?
        var channelIndex: [Int] = []
        if case .category(let column)? = snapshot.activities.column(named: channelColumn) {
            channelCodes = column.codes
            channelIndex = (0..<column.dictionary.count).map { channels.firstIndex(of: column.dictionary.string(at: $0)) ?? -1 }
        }
        let times = snapshot.activityTimestamps.values
        let amounts = snapshot.activityAmounts.values
        let codes = typeColumn.codes
        for i in 0..<n {
            let row = rows?[i] ?? i
            for a in snapshot.activityRange(ofCustomer: row) {
                let code = codes[a]
                let t = code == UInt32.max ? -1 : typeIndex[Int(code)]
                var c = -1
                if let channelCodes, channelCodes[a] != UInt32.max { c = channelIndex[Int(channelCodes[a])] }
                let ms = times[a]
                if ms == Int64.min { continue }
                result.add(customer: i, type: t, milliseconds: ms, amount: amounts[a], channel: c, asOf: asOf)
            }
        }
        return result
    }

    /// Aggregates the activities of streamed records.
    static func from(_ records: [CustomerRecord], types: [String], channels: [String], asOf: Int64) -> ActivityAggregates {
        var result = ActivityAggregates(types: types, channels: channels, rowCount: records.count)
        let typeIndex = Dictionary(uniqueKeysWithValues: types.enumerated().map { ($1, $0) })
        let channelIndex = Dictionary(uniqueKeysWithValues: channels.enumerated().map { ($1, $0) })
        for (i, record) in records.enumerated() {
            for activity in record.activities {
                let ms = Int64((activity.timestamp.timeIntervalSince1970 * 1000).rounded(.down))
                result.add(customer: i, type: typeIndex[activity.type] ?? -1, milliseconds: ms,
                           amount: activity.amount ?? .nan, channel: activity.channel.flatMap { channelIndex[$0] } ?? -1,
                           asOf: asOf)
            }
        }
        return result
    }

    /// The value of an activity field for customer `i` (NaN when missing).
    func value(of input: EncodedField.Input, customer i: Int, asOf: Int64) -> Double {
        switch input {
        case .activityFrequency(let type):
            guard let t = types.firstIndex(of: type) else { return 0 }
            return count[i * types.count + t]
        case .activityRecency(let type):
            guard let t = types.firstIndex(of: type) else { return .nan }
            let ms = last[i * types.count + t]
            return ms == .min ? .nan : Double(asOf - ms) / 86_400_000
        case .activityMonetary(let type):
            guard let t = types.firstIndex(of: type) else { return 0 }
            return amount[i * types.count + t]
        case .channelShare(let channel):
            guard let c = channels.firstIndex(of: channel), total[i] > 0 else { return 0 }
            return channelCount[i * channels.count + c] / total[i]
        case .column:
            preconditionFailure("ActivityAggregates.value(of:customer:asOf:): \(input) is a profile column")
        }
    }

    /// Every customer's value of an activity field (the same as ``value(of:customer:asOf:)`` for each).
    func values(of input: EncodedField.Input, asOf: Int64) -> [Double] {
        let nt = types.count, nc = channels.count
        switch input {
        case .activityFrequency(let type):
            guard let t = types.firstIndex(of: type) else { return [Double](repeating: 0, count: rowCount) }
            return (0..<rowCount).map { count[$0 * nt + t] }
        case .activityRecency(let type):
            guard let t = types.firstIndex(of: type) else { return [Double](repeating: .nan, count: rowCount) }
            return (0..<rowCount).map { i in
                let ms = last[i * nt + t]
                return ms == .min ? .nan : Double(asOf - ms) / 86_400_000
            }
        case .activityMonetary(let type):
            guard let t = types.firstIndex(of: type) else { return [Double](repeating: 0, count: rowCount) }
            return (0..<rowCount).map { amount[$0 * nt + t] }
        case .channelShare(let channel):
            guard let c = channels.firstIndex(of: channel) else { return [Double](repeating: 0, count: rowCount) }
            return (0..<rowCount).map { i in total[i] > 0 ? channelCount[i * nc + c] / total[i] : 0 }
        case .column:
            preconditionFailure("ActivityAggregates.values(of:asOf:): \(input) is a profile column")
        }
    }
}
