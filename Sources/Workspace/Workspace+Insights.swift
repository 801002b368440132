import CustomerData
import Foundation
import SegmentStore
import Segments

/// How two or more segments overlap (`insights overlap`).
public struct OverlapReport: Codable, Sendable {
    /// One set of segments and a count.
    public struct Region: Codable, Sendable, Equatable {
        public var segments: [String]
        public var count: Int
    }

    /// Each segment with its member count.
    public var segments: [Region]
    /// Customers in all of the listed segments (whatever else they are in), for every
    /// combination of two or more.
    public var intersections: [Region]
    /// Customers in exactly the listed segments and none of the others, for every
    /// non-empty combination; the one-segment regions are the customers unique to it.
    public var exactRegions: [Region]
    /// Customers in at least one of the segments.
    public var unionCount: Int

    /// A table for the terminal.
    public var text: String {
        var lines = ["Segments:"]
        for segment in segments { lines.append("  \(segment.segments[0]): \(segment.count.grouped)") }
        lines.append("In all of (intersections):")
        for region in intersections {
            lines.append("  " + region.segments.joined(separator: " ∩ ") + ": " + region.count.grouped)
        }
        lines.append("In exactly these (unique to each where one is named):")
        for region in exactRegions where region.count > 0 || region.segments.count == 1 {
            lines.append("  " + region.segments.joined(separator: " + ") + ": " + region.count.grouped)
        }
        lines.append("In any: \(unionCount.grouped)")
        return lines.joined(separator: "\n")
    }
}

/// What sets a segment apart from a baseline (`insights differentiators`).
public struct DifferentiatorReport: Codable, Sendable {
    /// One attribute or measure.
    public struct Item: Codable, Sendable {
        public var name: String
        /// `attribute` or `measure`.
        public var source: String
        /// `smd` (standardized mean difference, numbers and dates) or `tvd` (total variation distance, categories).
        public var statistic: String
        /// The SMD (signed: positive when the segment is higher) or the TVD.
        public var value: Double
        /// The ranking score in [0, 1]: the TVD, or for an SMD `d` the TVD of two normal
        /// distributions `d` standard deviations apart, `2Φ(|d|/2) − 1`.
        public var score: Double
        /// The segment's mean, or its most over-represented value and share.
        public var segmentSummary: String
        /// The baseline's mean, or the same value's share in the baseline.
        public var baselineSummary: String
    }

    public var segment: String
    /// `all customers` or the other segment's name.
    public var baseline: String
    public var segmentCount: Int
    public var baselineCount: Int
    /// Ranked, most different first.
    public var items: [Item]

    /// A ranked table for the terminal.
    public var text: String {
        var lines = ["\"\(segment)\" (\(segmentCount.grouped)) against \(baseline) (\(baselineCount.grouped)), most different first:"]
        let width = min(32, items.map(\.name.count).max() ?? 0)
        for item in items {
            lines.append(
                "  " + item.name.padding(toLength: max(width, item.name.count), withPad: " ", startingAt: 0)
                    + "  \(item.statistic) " + String(format: "%+.3f", item.value) + "  score " + String(format: "%.3f", item.score)
                    + "  segment " + item.segmentSummary + " vs " + item.baselineSummary)
        }
        return lines.joined(separator: "\n")
    }
}

extension Workspace {
    /// Text attributes with fewer distinct values than this are compared as categories.
    static let maximumTextCategories = 100

    /// The most segments `overlap` takes.
    public static let maximumOverlapSegments = 8

    /// The overlap of 2 to 8 segments: the count in every intersection and in every
    /// exact region (unique to each, shared by exactly these).
    public func overlap(of names: [String]) throws -> OverlapReport {
        guard (2...Self.maximumOverlapSegments).contains(names.count) else {
            throw SegmentLifecycleError.segmentCount(command: "overlap", given: names.count, expected: "2 to \(Self.maximumOverlapSegments)")
        }
        let records = try names.map { try requireSegment(named: $0) }
        let snapshot = try liveSnapshot()
        let capacity = snapshot.customers.rowCount
        let sets = try records.map { record -> [UInt64] in
            let (_, members) = try membersOnLiveSnapshot(record)
            return Bitset(members, capacity: capacity).words
        }
        let k = sets.count
        // Count each exact region word by word: bits in the sets of `mask` and in no other.
        var exact = [Int](repeating: 0, count: 1 << k)
        for word in 0..<sets[0].count {
            for mask in 1..<(1 << k) {
                var bits = UInt64.max
                for index in 0..<k {
                    let set: UInt64 = sets[index][word]
                    let isIn = (mask >> index) & 1 == 1
                    bits &= isIn ? set : ~set
                    if bits == 0 { break }
                }
                exact[mask] += bits.nonzeroBitCount
            }
        }
        func segmentNames(_ mask: Int) -> [String] {
            (0..<k).filter { (mask >> $0) & 1 == 1 }.map { records[$0].name }
        }
        var intersections: [OverlapReport.Region] = []
        var regions: [OverlapReport.Region] = []
        let masks = (1..<(1 << k)).sorted { ($0.nonzeroBitCount, $0) < ($1.nonzeroBitCount, $1) }
        for mask in masks {
            regions.append(.init(segments: segmentNames(mask), count: exact[mask]))
            if mask.nonzeroBitCount >= 2 {
                let total = (1..<(1 << k)).filter { $0 & mask == mask }.reduce(0) { $0 + exact[$1] }
                intersections.append(.init(segments: segmentNames(mask), count: total))
            }
        }
        let segments = (0..<k).map { index in
            OverlapReport.Region(segments: [records[index].name], count: sets[index].reduce(0) { $0 + $1.nonzeroBitCount })
        }
        return OverlapReport(
            segments: segments, intersections: intersections, exactRegions: regions, unionCount: exact.reduce(0, +))
    }

    /// What distinguishes a segment from all customers or from another segment, per
    /// customer attribute and measure, ranked by score.
    ///
    /// Numbers, dates and measures: standardized mean difference
    /// `d = (mean_s − mean_b) / sqrt((var_s + var_b) / 2)` over non-empty values.
    /// Categories and booleans: total variation distance
    /// `TVD = ½ Σ_v |p_s(v) − p_b(v)|` over the values, empty counted as a value.
    /// Scores put both on one scale: the TVD, or `2Φ(|d|/2) − 1` for an SMD (the TVD of
    /// two equal-variance normal distributions `d` apart). Text attributes with fewer than 100 distinct values count as categories; others are left out.
    public func differentiators(of name: String, against other: String? = nil, asOf: Date = Date()) throws -> DifferentiatorReport {
        let record = try requireSegment(named: name)
        let evaluator = try self.evaluator(asOf: asOf)
        let snapshot = evaluator.snapshot
        let capacity = snapshot.customers.rowCount
        let (_, segmentMembers) = try membersOnLiveSnapshot(record)
        let inSegment = Bitset(segmentMembers, capacity: capacity)
        let baseline: Bitset
        let baselineName: String
        if let other {
            let otherRecord = try requireSegment(named: other)
            baseline = Bitset(try membersOnLiveSnapshot(otherRecord).1, capacity: capacity)
            baselineName = "segment \"\(otherRecord.name)\""
        } else {
            baseline = Bitset.full(capacity: capacity)
            baselineName = "all customers"
        }
        let segmentRows = inSegment.sortedMembers
        let baselineRows = baseline.sortedMembers
        var items: [DifferentiatorReport.Item] = []
        let idName = snapshot.manifest.customers.idColumn
        for column in snapshot.customers.columns where column.name != idName {
            switch column {
            case .number(let c):
                items.append(contentsOf: Self.meanDifference(name: c.name, source: "attribute", in: segmentRows, baselineRows) { c.values[$0] })
            case .date(let c):
                items.append(contentsOf: Self.meanDifference(
                    name: c.name, source: "attribute", in: segmentRows, baselineRows, describe: Self.isoDate(day:)
                ) { c.isMissing($0) ? .nan : Double(c.values[$0]) })
            case .datetime(let c):
                let zone = timeZone
                items.append(contentsOf: Self.meanDifference(
                    name: c.name, source: "attribute", in: segmentRows, baselineRows,
                    describe: { Self.isoText(Date(timeIntervalSince1970: ($0 * 86_400).rounded()), timeZone: zone) }
                ) { c.isMissing($0) ? .nan : Double(c.values[$0]) / 86_400_000 })
            case .category(let c):
                items.append(contentsOf: Self.distributionDifference(
                    name: c.name, values: c.dictionary.count + 1, in: segmentRows, baselineRows,
                    label: { $0 == c.dictionary.count ? "(empty)" : c.dictionary.string(at: $0) }
                ) { c.isMissing($0) ? c.dictionary.count : Int(c.codes[$0]) })
            case .boolean(let c):
                items.append(contentsOf: Self.distributionDifference(
                    name: c.name, values: 3, in: segmentRows, baselineRows, label: { ["false", "true", "(empty)"][$0] }
                ) { c.isMissing($0) ? 2 : Int(c.values[$0]) })
            case .text(let c):
                // Text with few distinct values reads as a category; free text is left out.
                var codes: [String: Int] = [:]
                var labels: [String] = []
                var rowCodes = [Int](repeating: 0, count: capacity)
                for row in 0..<capacity {
                    let value = c[row] ?? "(empty)"
                    if let code = codes[value] {
                        rowCodes[row] = code
                    } else {
                        guard labels.count < Self.maximumTextCategories else { break }
                        codes[value] = labels.count
                        rowCodes[row] = labels.count
                        labels.append(value)
                    }
                }
                guard labels.count < Self.maximumTextCategories else { continue }
                items.append(contentsOf: Self.distributionDifference(
                    name: c.name, values: labels.count, in: segmentRows, baselineRows, label: { labels[$0] }
                ) { rowCodes[$0] })
            }
        }
        let measures = try evaluator.measureValues(config.measures.map(\.name))
        for (measure, values) in measures.sorted(by: { $0.key < $1.key }) {
            items.append(contentsOf: Self.meanDifference(name: measure, source: "measure", in: segmentRows, baselineRows) { values[$0] })
        }
        items.sort { $0.score != $1.score ? $0.score > $1.score : $0.name < $1.name }
        return DifferentiatorReport(
            segment: record.name, baseline: baselineName, segmentCount: inSegment.count,
            baselineCount: baseline.count, items: items)
    }

    /// The SMD item of one numeric column, or nothing when either side has fewer than two values.
    ///
    /// Dates and times take part as day numbers (days since 1970-01-01); `describe` writes
    /// the means as a reader knows them (an ISO date for a date column).
    private static func meanDifference(
        name: String, source: String, in segment: [UInt32], _ baseline: [UInt32],
        describe: (Double) -> String = format, value: (Int) -> Double
    ) -> [DifferentiatorReport.Item] {
        func moments(_ set: [UInt32]) -> (count: Double, mean: Double, variance: Double) {
            // Welford's running mean and variance.
            var count = 0.0, mean = 0.0, m2 = 0.0
            for row in set {
                let x = value(Int(row))
                guard !x.isNaN else { continue }
                count += 1
                let delta = x - mean
                mean += delta / count
                m2 += delta * (x - mean)
            }
            return (count, mean, count > 1 ? m2 / (count - 1) : 0)
        }
        let s = moments(segment), b = moments(baseline)
        guard s.count >= 2, b.count >= 2 else { return [] }
        let pooled = ((s.variance + b.variance) / 2).squareRoot()
        let d = pooled > 0 ? (s.mean - b.mean) / pooled : 0
        return [.init(
            name: name, source: source, statistic: "smd", value: d, score: erf(abs(d) / (2 * 2.0.squareRoot())),
            segmentSummary: "mean " + describe(s.mean), baselineSummary: "mean " + describe(b.mean))]
    }

    /// The TVD item of one categorical column (values coded `0..<values`).
    private static func distributionDifference(
        name: String, values: Int, in segment: [UInt32], _ baseline: [UInt32],
        label: (Int) -> String, code: (Int) -> Int
    ) -> [DifferentiatorReport.Item] {
        func shares(_ set: [UInt32]) -> [Double] {
            var counts = [Double](repeating: 0, count: values)
            for row in set { counts[code(Int(row))] += 1 }
            let total = counts.reduce(0, +)
            return total > 0 ? counts.map { $0 / total } : counts
        }
        guard !segment.isEmpty, !baseline.isEmpty else { return [] }
        let s = shares(segment), b = shares(baseline)
        let tvd = zip(s, b).reduce(0) { $0 + abs($1.0 - $1.1) } / 2
        let top = (0..<values).max { s[$0] - b[$0] < s[$1] - b[$1] } ?? 0
        return [.init(
            name: name, source: "attribute", statistic: "tvd", value: tvd, score: tvd,
            segmentSummary: "\(label(top)) \(format(100 * s[top]))%", baselineSummary: "\(format(100 * b[top]))%")]
    }

    /// `2024-03-05` for a day number (days since 1970-01-01), rounded to the nearest day.
    static func isoDate(day: Double) -> String {
        let (year, month, dayOfMonth) = CivilCalendar.date(ofDay: Int(day.rounded()))
        func digits(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return digits(year, 4) + "-" + digits(month, 2) + "-" + digits(dayOfMonth, 2)
    }

    private static func format(_ value: Double) -> String {
        String(format: abs(value) >= 100 ? "%.0f" : "%.2f", value)
    }
}
