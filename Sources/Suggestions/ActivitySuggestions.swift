import CustomerData
import Foundation
import Segments

/// Suggested segments from activity: recency, frequency and monetary levels,
/// the named RFM segments and activity-pattern clusters. Every definition is
/// dynamic: it states its thresholds with inline activity conditions over the
/// run's types and period, so the segment re-evaluates on refresh.
/// `docs/suggestions.md` gives the rules.
public enum ActivitySuggestions {
    /// Runs the activity suggestions.
    ///
    /// - Parameter scopeRows: the customer rows of the scope segment; nil means every customer.
    /// - Throws: `SuggestionError` for an unknown time zone, activity type or bad quantiles.
    public static func run(_ request: ActivitySuggestionRequest, snapshot: Snapshot, scopeRows: [Int]? = nil,
                           includeClusters: Bool = true) throws -> SuggestionRun {
        let started = Date()
        guard let zone = TimeZone(identifier: request.timeZone) else {
            throw SuggestionError(field: "time zone", reason: "unknown time zone \"\(request.timeZone)\"")
        }
        for (i, type) in request.activityTypes.enumerated() where snapshot.activityTypes.code(of: type) == nil {
            let known = (0..<snapshot.activityTypes.dictionary.count).map { "\"\(snapshot.activityTypes.dictionary.string(at: $0))\"" }
            throw SuggestionError(field: "activity_types[\(i)] \"\(type)\"", reason: "no activity has this type (types: \(known.joined(separator: ", ")))")
        }
        let quantiles = request.levelQuantiles
        guard !quantiles.isEmpty, quantiles.allSatisfy({ $0 > 0 && $0 < 1 }), zip(quantiles, quantiles.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw SuggestionError(field: "level_quantiles", reason: "\(quantiles) must be increasing and strictly between 0 and 1")
        }
        let context = TimeContext(asOfMilliseconds: request.asOfMilliseconds, timeZone: zone)
        let window = request.period.window
        let features = ActivityFeatures.perCustomer(
            snapshot: snapshot, activityTypes: request.activityTypes, window: window, context: context,
            includePatterns: includeClusters, patternChannelField: request.channelField)
        let n = snapshot.customers.rowCount
        let scope = scopeRows.map { Array(Set($0)).sorted() } ?? Array(0..<n)
        let active = scope.filter { features.frequency[$0] > 0 }
        let terms = Terms(types: request.activityTypes, window: window, scopeSegment: request.scopeSegment)

        var suggestions: [Suggestion] = []
        func add(_ kind: Suggestion.Kind, _ title: String, _ conditions: [Condition], rows: [Int], notes: [String] = []) {
            guard !rows.isEmpty else { return }
            let definition = SegmentDefinition(rules: [SegmentRule(join: .and, conditions: terms.scoped(conditions))])
            suggestions.append(Suggestion(
                rank: suggestions.count + 1, kind: kind, title: title, definition: definition, memberCount: rows.count,
                shareOfCustomers: Double(rows.count) / Double(max(1, scope.count)),
                averages: averages(rows, features), notes: notes, memberRows: rows))
        }

        // Levels per dimension.
        let levelNames = quantiles.count == 2 ? ["low", "medium", "high"]
            : (1...(quantiles.count + 1)).map { "level \($0) of \(quantiles.count + 1)" }
        let recencyCuts = cuts(active.map { features.recencyDays[$0] }, quantiles)
        let frequencyCuts = cuts(active.map { features.frequency[$0] }, quantiles)
        let monetaryCuts = cuts(active.map { features.monetary[$0] }, quantiles)
        for level in 0...quantiles.count {
            // Recency: the most recent bucket (fewest days) is the highest level.
            let bucket = quantiles.count - level
            let lower = bucket > 0 ? recencyCuts[bucket - 1] : nil
            let upper = bucket < quantiles.count ? recencyCuts[bucket] : nil
            let rows = active.filter { inRange(features.recencyDays[$0], lower, upper) }
            add(.activityLevel, "recency \(levelNames[level])",
                PathConstraint.bounds(terms.recency, lower: lower, upper: upper, isIntegral: true)
                    + (lower == nil && upper == nil ? [terms.hasActivity] : []),
                rows: rows, notes: [rangeNote("days since last activity", lower, upper)])
        }
        for level in 0...quantiles.count {
            let lower = level > 0 ? frequencyCuts[level - 1] : 0
            let upper = level < quantiles.count ? frequencyCuts[level] : nil
            let rows = active.filter { inRange(features.frequency[$0], lower, upper) }
            add(.activityLevel, "frequency \(levelNames[level])",
                PathConstraint.bounds(terms.frequency, lower: lower, upper: upper, isIntegral: true),
                rows: rows, notes: [rangeNote("activities", lower, upper)])
        }
        for level in 0...quantiles.count {
            let lower = level > 0 ? monetaryCuts[level - 1] : nil
            let upper = level < quantiles.count ? monetaryCuts[level] : nil
            let rows = active.filter { inRange(features.monetary[$0], lower, upper) }
            add(.activityLevel, "monetary \(levelNames[level])",
                [terms.hasActivity] + PathConstraint.bounds(terms.monetary, lower: lower, upper: upper, isIntegral: false),
                rows: rows, notes: [rangeNote("sum of amount", lower, upper)])
        }

        // Named RFM segments from quintile scores.
        let fifths = [0.2, 0.4, 0.6, 0.8]
        let rCuts = cuts(active.map { features.recencyDays[$0] }, fifths)
        let fCuts = cuts(active.map { features.frequency[$0] }, fifths)
        let mCuts = cuts(active.map { features.monetary[$0] }, fifths)
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 5), count: 5)
        var monetarySums = [[Double]](repeating: [Double](repeating: 0, count: 5), count: 5)
        var segmentRows: [RFMSegmentName: [Int]] = [:]
        for row in active {
            let r = RFMScores.recency(features.recencyDays[row], cuts: rCuts)
            let f = RFMScores.ascending(features.frequency[row], cuts: fCuts)
            counts[r - 1][f - 1] += 1
            monetarySums[r - 1][f - 1] += features.monetary[row]
            segmentRows[RFMSegmentName.of(recencyScore: r, frequencyScore: f), default: []].append(row)
        }
        for name in RFMSegmentName.allCases {
            // A score range whose cut points coincide (tied values) selects nobody: leave it out.
            let rectangles = name.rectangles.filter {
                RFMScores.isPossible($0.recency, cuts: rCuts, descending: true) && RFMScores.isPossible($0.frequency, cuts: fCuts, descending: false)
            }
            let groups: [Condition] = rectangles.map { rect in
                let conditions = RFMScores.recencyConditions(rect.recency, cuts: rCuts, terms: terms)
                    + RFMScores.frequencyConditions(rect.frequency, cuts: fCuts, terms: terms)
                return conditions.count == 1 ? conditions[0] : .subrule(ConditionGroup(join: .and, conditions: conditions))
            }
            guard !groups.isEmpty else { continue }
            let conditions: [Condition] = groups.count == 1
                ? (groups[0].subruleConditions ?? [groups[0]])
                : [.subrule(ConditionGroup(join: .or, conditions: groups))]
            let cells = name.rectangles.map { "R \($0.recency.lowerBound)–\($0.recency.upperBound), F \($0.frequency.lowerBound)–\($0.frequency.upperBound)" }
            add(.rfmSegment, name.rawValue, conditions, rows: segmentRows[name] ?? [],
                notes: [name.meaning, "scores " + cells.joined(separator: " or ")])
        }
        let inactive = scope.filter { features.frequency[$0] == 0 }
        add(.activityLevel, "no activity in the period", [terms.noActivity], rows: inactive)

        var clusterProfiles: [ClusterProfile]?
        if includeClusters, active.count >= 10 {
            let clusters = try ActivityClusters.fit(features: features, rows: active, clusterCount: request.clusterCount, seed: request.seed)
            clusterProfiles = clusters.profiles
            for profile in clusters.profiles {
                let rule = ActivityClusters.rule(for: profile.cluster, clusters: clusters, features: features, snapshot: snapshot,
                                                 terms: terms, channelField: request.channelField)
                let definition = SegmentDefinition(rules: [SegmentRule(join: .and, conditions: terms.scoped(rule.conditions))])
                suggestions.append(Suggestion(
                    rank: suggestions.count + 1, kind: .cluster, title: "cluster \(profile.cluster + 1)", definition: definition,
                    memberCount: rule.rows.count, shareOfCustomers: Double(rule.rows.count) / Double(max(1, scope.count)),
                    averages: averages(clusters.members(of: profile.cluster), features),
                    notes: ["\(profile.size) customers in the cluster"] + profile.distinguishing.map(\.text),
                    definitionJaccard: rule.jaccard, memberRows: rule.rows))
            }
        }

        let grid = RFMGrid(
            recencyCuts: rCuts, frequencyCuts: fCuts, monetaryCuts: mCuts, counts: counts,
            meanMonetary: (0..<5).map { r in (0..<5).map { f in counts[r][f] > 0 ? monetarySums[r][f] / Double(counts[r][f]) : nil } })
        return SuggestionRun(kind: .activity, createdAt: started, activityRequest: request, customerCount: scope.count,
                             candidateCount: suggestions.count, suggestions: suggestions, rfmGrid: grid, clusters: clusterProfiles,
                             seconds: Date().timeIntervalSince(started))
    }

    /// The cut points at quantiles `qs` of `values`: the smallest value with at least a share q of the values at or below it.
    static func cuts(_ values: [Double], _ qs: [Double]) -> [Double] {
        let sorted = values.filter { !$0.isNaN }.sorted()
        guard !sorted.isEmpty else { return qs.map { _ in 0 } }
        return qs.map { q in sorted[max(0, min(sorted.count - 1, Int((q * Double(sorted.count)).rounded(.up)) - 1))] }
    }

    static func inRange(_ v: Double, _ lower: Double?, _ upper: Double?) -> Bool {
        if v.isNaN { return false }
        if let lower, !(v > lower) { return false }
        if let upper, !(v <= upper) { return false }
        return true
    }

    private static func rangeNote(_ what: String, _ lower: Double?, _ upper: Double?) -> String {
        switch (lower, upper) {
        case (let l?, let u?): return "\(what) above \(format(l)), at most \(format(u))"
        case (let l?, nil): return "\(what) above \(format(l))"
        case (nil, let u?): return "\(what) at most \(format(u))"
        case (nil, nil): return "any \(what)"
        }
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e15 ? String(Int64(v)) : String(format: "%.2f", v)
    }

    static func averages(_ rows: [Int], _ features: ActivityFeatures) -> ActivityAverages {
        var recency = SampleSummary()
        var frequency = 0.0, monetary = 0.0
        for r in rows {
            recency.add(features.recencyDays[r].isNaN ? .nan : features.recencyDays[r], weight: features.recencyDays[r].isNaN ? 0 : 1)
            frequency += features.frequency[r]
            monetary += features.monetary[r]
        }
        let count = Double(max(1, rows.count))
        return ActivityAverages(recencyDays: recency.count > 0 ? recency.mean : nil, frequency: frequency / count,
                                monetary: monetary / count)
    }
}

extension Condition {
    /// The conditions of an `and` subrule, nil for anything else.
    var subruleConditions: [Condition]? {
        if case .subrule(let group) = self, group.join == .and { return group.conditions }
        return nil
    }
}
