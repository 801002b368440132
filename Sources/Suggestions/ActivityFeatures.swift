import CustomerData
import Foundation
import Segments

/// Per-customer figures from the activities of chosen types in a window:
/// recency, frequency and monetary value, the average amount, and (on request)
/// the activity pattern — counts per type and channel, weekday and hour mix.
///
/// One pass over each customer's activity rows (activities are stored sorted
/// by customer), customers split in blocks over the cores. Recency follows the
/// segment language's `days_since_last`: calendar days in the workspace zone
/// from the last activity's day to the day of `asOf`.
public struct ActivityFeatures: Sendable {
    /// Days since the last matching activity; NaN when there is none.
    public var recencyDays: [Double]
    /// Number of matching activities.
    public var frequency: [Double]
    /// Sum of their amounts (missing amounts skipped); 0 when none.
    public var monetary: [Double]
    /// Mean of their amounts; NaN when none has an amount.
    public var averageAmount: [Double]
    /// Pattern counts, row-major `customers × patternNames.count`; empty unless requested.
    public var patternCounts: [Float]
    /// The names of the pattern columns: `type:purchase`, `channel:app`, `weekday:1` (Monday) … `hour:20-23`.
    public var patternNames: [String]

    /// The customer count.
    public var count: Int { frequency.count }

    /// The hour buckets of the hour mix: four hours each.
    static let hourBucketHours = 4

    /// Computes the features for every customer row.
    ///
    /// - Parameters:
    ///   - activityTypes: the types that count; empty means every type. Unknown types match nothing.
    ///   - window: the period, ending at `context.asOfMilliseconds`.
    ///   - patternChannelField: with `includePatterns`, the category activity field for the channel mix.
    public static func perCustomer(
        snapshot: Snapshot, activityTypes: [String], window: ActivityWindow, context: TimeContext,
        includePatterns: Bool = false, patternChannelField: String? = nil
    ) -> ActivityFeatures {
        let n = snapshot.customers.rowCount
        let types = snapshot.activityTypes
        var typeMatches = [Bool](repeating: activityTypes.isEmpty, count: types.dictionary.count)
        for t in activityTypes {
            if let code = types.code(of: t) { typeMatches[Int(code)] = true }
        }
        let range = context.instantRanges(for: window).first ?? (Int64.max...Int64.max)
        let timestamps = snapshot.activityTimestamps.values
        let amounts = snapshot.activityAmounts.values
        let typeCodes = types.codes
        let offsets = snapshot.activityOffsets
        let today = context.today.daysSinceEpoch

        // Pattern columns: matching types, channels, 7 weekdays, hour buckets.
        let typeColumns = (0..<types.dictionary.count).filter { typeMatches[$0] }
        var typeColumnOf = [Int](repeating: -1, count: types.dictionary.count)
        var names: [String] = []
        var channel: CategoryColumn?
        if includePatterns {
            for (i, code) in typeColumns.enumerated() {
                typeColumnOf[code] = i
                names.append("type:" + types.dictionary.string(at: code))
            }
            if let field = patternChannelField, case .category(let c)? = snapshot.activities.column(named: field) {
                channel = c
                for code in 0..<c.dictionary.count { names.append("channel:" + c.dictionary.string(at: code)) }
            }
            for day in Weekday.allCases { names.append("weekday:" + day.name) }
            for start in stride(from: 0, to: 24, by: hourBucketHours) {
                names.append("hour:\(start)-\(start + hourBucketHours - 1)")
            }
        }
        let width = names.count
        let channelBase = typeColumns.count
        let channelCount = channel?.dictionary.count ?? 0
        let weekdayBase = channelBase + channelCount
        let hourBase = weekdayBase + 7

        var minTime = context.asOfMilliseconds
        for t in timestamps where t != MissingValue.datetime && t < minTime { minTime = t }
        let zone = ZoneOffsets(zone: context.timeZone, from: minTime - 86_400_000, to: context.asOfMilliseconds + 86_400_000)
        let recency = SharedBuffer<Double>(repeating: .nan, count: n)
        let frequency = SharedBuffer<Double>(repeating: 0, count: n)
        let monetary = SharedBuffer<Double>(repeating: 0, count: n)
        let average = SharedBuffer<Double>(repeating: .nan, count: n)
        let patterns = SharedBuffer<Float>(repeating: 0, count: includePatterns ? n * width : 0)
        defer { recency.free(); frequency.free(); monetary.free(); average.free(); patterns.free() }
        let blockSize = 16_384
        let blocks = (n + blockSize - 1) / blockSize
        ParallelWork.forEach(blocks) { block in
            for c in (block * blockSize)..<min(n, (block + 1) * blockSize) {
                var count = 0
                var sum = 0.0
                var amountCount = 0
                var last = Int64.min
                for a in Int(offsets[c])..<Int(offsets[c + 1]) {
                    let type = typeCodes[a]
                    guard type != MissingValue.category, typeMatches[Int(type)] else { continue }
                    let t = timestamps[a]
                    guard t != MissingValue.datetime, range.contains(t) else { continue }
                    count += 1
                    let amount = amounts[a]
                    if !amount.isNaN {
                        sum += amount
                        amountCount += 1
                    }
                    if t > last { last = t }
                    if includePatterns {
                        let base = c * width
                        patterns[base + typeColumnOf[Int(type)]] += 1
                        if let channel {
                            let code = channel.codes[a]
                            if code != MissingValue.category { patterns[base + channelBase + Int(code)] += 1 }
                        }
                        let local = zone.localMilliseconds(t)
                        let day = Int((local >= 0 ? local : local - 86_399_999) / 86_400_000)
                        // 1970-01-01 was a Thursday: Monday = 0.
                        let weekday = ((day + 3) % 7 + 7) % 7
                        patterns[base + weekdayBase + weekday] += 1
                        let hour = Int((local - Int64(day) * 86_400_000) / 3_600_000)
                        patterns[base + hourBase + hour / hourBucketHours] += 1
                    }
                }
                frequency[c] = Double(count)
                monetary[c] = sum
                if amountCount > 0 { average[c] = sum / Double(amountCount) }
                if count > 0 { recency[c] = Double(today - zone.localDay(last)) }
            }
        }
        return ActivityFeatures(recencyDays: recency.toArray(), frequency: frequency.toArray(), monetary: monetary.toArray(),
                                averageAmount: average.toArray(), patternCounts: includePatterns ? patterns.toArray() : [],
                                patternNames: names)
    }
}
