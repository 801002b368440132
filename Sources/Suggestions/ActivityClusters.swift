import CustomerData
import Foundation
import LinearAlgebra
import Segments

/// Activity-pattern clusters: k-means on each active customer's normalised
/// activity pattern — counts per type (log1p), channel mix, weekday mix and
/// hour mix (shares of the customer's activities), and recency, log1p
/// frequency, log1p monetary value and log1p average amount — every column standardised to mean 0
/// and standard deviation 1.
///
/// Without a given k, k is chosen from 2 … 6 by the mean silhouette of
/// k-means fitted on a seeded sample of at most 20,000 customers, scored on a
/// sample of 600. Each group of columns weighs the
/// same in the distances (columns scaled by 1/√(columns in the group)).
public struct ActivityClusters: Sendable {
    /// The customer rows clustered (customers with activity in the period).
    public var rows: [Int]
    /// The cluster of each of `rows`.
    public var assignments: [Int]
    public var featureNames: [String]
    public var profiles: [ClusterProfile]
    /// The mean silhouette of the chosen k on the sample, when k was chosen.
    public var silhouette: Double?

    /// The customer rows of one cluster.
    public func members(of cluster: Int) -> [Int] {
        zip(rows, assignments).filter { $0.1 == cluster }.map(\.0)
    }

    /// Clusters the customers `rows` by the pattern columns of `features` (which must include patterns).
    public static func fit(features: ActivityFeatures, rows: [Int], clusterCount: Int? = nil, seed: UInt64 = 1) throws -> ActivityClusters {
        precondition(!features.patternNames.isEmpty, "ActivityClusters.fit: features were computed without patterns")
        let (names, raw) = matrix(features: features, rows: rows)
        let d = names.count
        let m = rows.count
        // Standardise every column.
        var means = [Double](repeating: 0, count: d)
        var sds = [Double](repeating: 0, count: d)
        for j in 0..<d {
            var s = SampleSummary()
            for i in 0..<m { s.add(raw[i * d + j]) }
            means[j] = s.mean
            sds[j] = s.variance.isNaN ? 0 : s.variance.squareRoot()
        }
        // Each group of columns (types, channels, weekdays, hours, RFM) weighs the same in distances:
        // a column of a group of g columns is scaled by 1/√g.
        let groupSizes = Dictionary(grouping: names, by: groupName).mapValues(\.count)
        let scale = names.map { 1 / Double(groupSizes[groupName($0)]!).squareRoot() }
        let data = Matrix<Float>(rows: m, columns: d) { i, j in
            sds[j] > 0 ? Float((raw[i * d + j] - means[j]) / sds[j] * scale[j]) : 0
        }
        var k = clusterCount ?? 0
        var silhouette: Double?
        if clusterCount == nil {
            // Candidates are fitted on a sample of at most 20,000 customers and scored on 600 of them.
            var best = (k: 2, score: -Double.infinity)
            let fitRows = sampleRows(m, limit: 20_000, seed: seed)
            let fitData = fitRows.count == m ? data : Matrix<Float>(rows: fitRows.count, columns: d) { i, j in data[fitRows[i], j] }
            let sample = sampleRows(m, limit: 600, seed: seed)
            let sampled = Matrix<Float>(rows: sample.count, columns: d) { i, j in data[sample[i], j] }
            for candidate in 2...6 where candidate < sample.count {
                let fit = try KMeans.fit(fitData, clusterCount: candidate, seed: seed)
                let score = meanSilhouette(sampled, labels: fit.assign(sampled), k: candidate)
                if score > best.score { best = (candidate, score) }
            }
            k = best.k
            silhouette = best.score.finiteOrNil
        }
        let fit = try KMeans.fit(data, clusterCount: max(1, k), seed: seed)
        var profiles: [ClusterProfile] = []
        for c in 0..<fit.centroids.rows {
            let members = (0..<m).filter { fit.assignments[$0] == c }
            var clusterMeans = [Double](repeating: 0, count: d)
            for i in members { for j in 0..<d { clusterMeans[j] += raw[i * d + j] } }
            for j in 0..<d { clusterMeans[j] /= Double(max(1, members.count)) }
            let differences = (0..<d).filter { sds[$0] > 0 }.map { j in
                FeatureDifference(feature: names[j], clusterMean: clusterMeans[j], overallMean: means[j],
                                  standardizedDifference: (clusterMeans[j] - means[j]) / sds[j])
            }.sorted { (-abs($0.standardizedDifference), $0.feature) < (-abs($1.standardizedDifference), $1.feature) }
            profiles.append(ClusterProfile(cluster: c, size: members.count, distinguishing: Array(differences.prefix(4)),
                                           means: clusterMeans))
        }
        return ActivityClusters(rows: rows, assignments: fit.assignments, featureNames: names, profiles: profiles,
                                silhouette: silhouette)
    }

    /// The group of a feature column: the part of its name before `:`, or `rfm`.
    static func groupName(_ name: String) -> String {
        name.firstIndex(of: ":").map { String(name[..<$0]) } ?? "rfm"
    }

    /// The raw (unstandardised) feature matrix, row-major, with its column names.
    static func matrix(features: ActivityFeatures, rows: [Int]) -> ([String], [Double]) {
        let width = features.patternNames.count
        let typeColumns = features.patternNames.indices.filter { features.patternNames[$0].hasPrefix("type:") }
        let shareColumns = features.patternNames.indices.filter { !features.patternNames[$0].hasPrefix("type:") }
        let names = typeColumns.map { features.patternNames[$0] } + shareColumns.map { features.patternNames[$0] }
            + ["recency_days", "log_frequency", "log_monetary", "log_average_amount"]
        let d = names.count
        var out = [Double](repeating: 0, count: rows.count * d)
        // Customers without amounts take the mean log average amount.
        let averages = SampleSummary(rows.map { features.averageAmount[$0] }.filter { !$0.isNaN }.map { log1p(max(0, $0)) })
        let fallbackAverage = averages.count > 0 ? averages.mean : 0
        for (i, row) in rows.enumerated() {
            let base = row * width
            let total = max(1, features.frequency[row])
            var j = 0
            for c in typeColumns { out[i * d + j] = log1p(Double(features.patternCounts[base + c])); j += 1 }
            for c in shareColumns { out[i * d + j] = Double(features.patternCounts[base + c]) / total; j += 1 }
            out[i * d + j] = features.recencyDays[row].isNaN ? 0 : features.recencyDays[row]
            out[i * d + j + 1] = log1p(features.frequency[row])
            out[i * d + j + 2] = log1p(max(0, features.monetary[row]))
            let average = features.averageAmount[row]
            out[i * d + j + 3] = average.isNaN ? fallbackAverage : log1p(max(0, average))
        }
        return (names, out)
    }

    /// The mean silhouette `(b − a) / max(a, b)` over the rows (Euclidean distances).
    static func meanSilhouette(_ data: Matrix<Float>, labels: [Int], k: Int) -> Double {
        let m = data.rows, d = data.columns
        guard m > 1 else { return 0 }
        var total = 0.0
        let sizes = (0..<k).map { c in labels.filter { $0 == c }.count }
        data.withUnsafeBufferPointer { x in
            for i in 0..<m {
                var sums = [Double](repeating: 0, count: k)
                for j in 0..<m where j != i {
                    var s: Float = 0
                    for t in 0..<d {
                        let diff = x[i * d + t] - x[j * d + t]
                        s += diff * diff
                    }
                    sums[labels[j]] += Double(s.squareRoot())
                }
                let own = labels[i]
                guard sizes[own] > 1 else { continue }
                let a = sums[own] / Double(sizes[own] - 1)
                var b = Double.infinity
                for c in 0..<k where c != own && sizes[c] > 0 { b = min(b, sums[c] / Double(sizes[c])) }
                if b.isFinite, max(a, b) > 0 { total += (b - a) / max(a, b) }
            }
        }
        return total / Double(m)
    }

    /// A seeded sample of at most `limit` indices of `0..<m`, ascending.
    static func sampleRows(_ m: Int, limit: Int, seed: UInt64) -> [Int] {
        guard m > limit else { return Array(0..<m) }
        var rng = SeededGenerator(seed: seed ^ 0x5EED)
        var indices = Array(0..<m)
        for i in 0..<limit {
            let j = i + Int(rng.next() % UInt64(m - i))
            indices.swapAt(i, j)
        }
        return indices[0..<limit].sorted()
    }
}

// MARK: - Definitions

extension ActivityClusters {
    /// The nearest expressible rule for a cluster and its honest fit.
    struct Rule {
        var conditions: [Condition]
        var rows: [Int]
        var jaccard: Double
    }

    /// A depth-3 tree on expressible per-customer aggregates (counts per type and
    /// per channel, days since the last activity, sum of amount) fitted to
    /// "in the cluster"; the rule is the union of the leaves where cluster
    /// members are the majority (or the purest leaf), within customers with activity.
    static func rule(for cluster: Int, clusters: ActivityClusters, features: ActivityFeatures, snapshot: Snapshot,
                     terms: Terms, channelField: String?) -> Rule {
        let n = features.count
        var inScope = [Bool](repeating: false, count: n)
        for r in clusters.rows { inScope[r] = true }
        var target = [Double](repeating: .nan, count: n)
        for (r, a) in zip(clusters.rows, clusters.assignments) { target[r] = a == cluster ? 1 : 0 }
        var columns: [(FeatureExpression, [Double])] = []
        let typeNames = features.patternNames.filter { $0.hasPrefix("type:") }
        let width = features.patternNames.count
        if typeNames.count > 1 {
            for name in typeNames {
                let j = features.patternNames.firstIndex(of: name)!
                columns.append((terms.count(ofType: String(name.dropFirst(5))), (0..<n).map { Double(features.patternCounts[$0 * width + j]) }))
            }
        }
        if let channelField {
            for (j, name) in features.patternNames.enumerated() where name.hasPrefix("channel:") {
                let value = String(name.dropFirst(8))
                let condition = FieldCondition(field: channelField, test: .equals(.text(value)))
                columns.append((terms.count(where: condition), (0..<n).map { Double(features.patternCounts[$0 * width + j]) }))
            }
        }
        columns.append((terms.recency, features.recencyDays))
        columns.append((terms.frequency, features.frequency))
        columns.append((terms.monetary, features.monetary))
        let binned = columns.map { BinnedFeature.numeric($0.1, expression: $0.0, maximumBins: 64) }
        let leaf = Double(max(20, clusters.rows.count / 100))
        let tree = SuggestionTree.fit(target: target, features: binned, inScope: inScope,
                                      limits: SuggestionTree.Limits(maximumDepth: 3, minimumLeafSize: leaf))
        let leaves = tree.nodes.indices.filter { tree.nodes[$0].children == nil }
        var chosen = leaves.filter { tree.nodes[$0].summary.mean > 0.5 }
        if chosen.isEmpty, let purest = leaves.max(by: { (tree.nodes[$0].summary.mean, -$0) < (tree.nodes[$1].summary.mean, -$1) }) {
            chosen = [purest]
        }
        // Siblings both chosen read as their parent.
        var merged = Set(chosen)
        var changed = true
        while changed {
            changed = false
            for (i, node) in tree.nodes.enumerated() {
                if let (l, r) = node.children, merged.contains(l), merged.contains(r) {
                    merged.subtract([l, r])
                    merged.insert(i)
                    changed = true
                }
            }
        }
        chosen = merged.sorted()
        let chosenSet = Set(tree.nodes.indices.filter { i in chosen.contains { tree.isAncestor($0, of: i) } })
        let rows = clusters.rows.filter { chosenSet.contains(Int(tree.leafOfRow[$0])) }
        let clusterRows = Set(clusters.members(of: cluster))
        let intersection = rows.filter { clusterRows.contains($0) }.count
        let union = rows.count + clusterRows.count - intersection
        let groups: [Condition] = chosen.map { node in
            let c = tree.conditions(ofNode: node, features: binned)
            return c.count == 1 ? c[0] : .subrule(ConditionGroup(join: .and, conditions: c))
        }
        var conditions = [terms.hasActivity]
        if groups.count == 1 {
            conditions += groups[0].subruleConditions ?? [groups[0]]
        } else if groups.count > 1 {
            conditions.append(.subrule(ConditionGroup(join: .or, conditions: groups)))
        }
        return Rule(conditions: conditions, rows: rows, jaccard: union > 0 ? Double(intersection) / Double(union) : 0)
    }
}
