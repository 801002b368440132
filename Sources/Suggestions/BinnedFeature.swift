import CustomerData
import Foundation
import Segments

/// One influencing feature with its values reduced to small bin codes, computed
/// once per run so every tree (and every bootstrap resample) searches splits
/// over histograms instead of sorting.
///
/// Numeric features (numbers, dates, aggregates) get up to `maximumBins` bins
/// whose upper edges are data values (quantiles, or every distinct value when
/// there are few), so thresholds read as values that occur (`age <= 40`).
/// Categories and booleans get one bin per value. Missing values have their own
/// bin, `missingBin`, the last one.
public struct BinnedFeature: Sendable {
    public enum Kind: Sendable {
        /// Bin `b` holds values in `(upperEdges[b − 1], upperEdges[b]]`; `isIntegral` when every value is a whole number.
        case numeric(upperEdges: [Double], isIntegral: Bool)
        /// Bin `b` holds category `labels[b]`.
        case categorical(labels: [String])
        /// Bin 0 is false, bin 1 true.
        case boolean
    }

    /// How conditions on the feature are written.
    public let expression: FeatureExpression
    public let kind: Kind
    /// The bin of every customer row; `missingBin` when the value is missing.
    public let codes: [UInt8]
    /// Whether any row has a missing value (then conditions say `or … is empty` where missing rows belong).
    public let hasMissing: Bool
    /// Numeric features: for a split after bin `b`, the threshold `t` of `x <= t` — the shortest
    /// decimal between the bin's upper edge and the next value that occurs — and that next value
    /// (so whole-number features read `x >= next`). Both select the same rows of the data.
    let splitPoints: [(threshold: Double, next: Double)]

    /// The number of non-missing bins.
    public var binCount: Int {
        switch kind {
        case .numeric(let edges, _): return edges.count
        case .categorical(let labels): return labels.count
        case .boolean: return 2
        }
    }

    /// The bin of missing values (`binCount`).
    public var missingBin: Int { binCount }

    /// The name shown in reports.
    public var name: String { expression.displayName }

    init(expression: FeatureExpression, kind: Kind, codes: [UInt8], hasMissing: Bool,
         splitPoints: [(threshold: Double, next: Double)] = []) {
        self.expression = expression
        self.kind = kind
        self.codes = codes
        self.hasMissing = hasMissing
        self.splitPoints = splitPoints
    }

    /// The shortest decimal `t` with `low ≤ t < high` (coarsest scale first), or `low`.
    static func shortestDecimal(from low: Double, below high: Double) -> Double {
        guard high > low, high.isFinite, low.isFinite else { return low }
        for exponent in stride(from: 15, through: -12, by: -1) {
            let scale = pow(10.0, Double(exponent))
            let candidate = (low / scale).rounded(.up) * scale
            if candidate >= low && candidate < high { return candidate }
        }
        return low
    }

    /// The largest number of non-missing bins (codes are bytes and one is kept for missing).
    public static let binLimit = 255
}

// MARK: - Building

extension BinnedFeature {
    /// Bins numeric values (NaN missing) into at most `maximumBins` quantile bins.
    ///
    /// Edges come from the sorted non-missing values (from an even sample of
    /// at most `sampleLimit` rows): every distinct value when there are at most
    /// `maximumBins`, otherwise the values at ranks `k·m/maximumBins`, without repeats.
    public static func numeric(
        _ values: [Double], expression: FeatureExpression, maximumBins: Int = 128, sampleLimit: Int = 200_000
    ) -> BinnedFeature {
        precondition(maximumBins >= 2 && maximumBins <= binLimit,
                     "BinnedFeature.numeric: maximumBins \(maximumBins) is outside 2 … \(binLimit)")
        let n = values.count
        let step = max(1, n / max(1, sampleLimit))
        var sample: [Double] = []
        sample.reserveCapacity(min(n, sampleLimit) + 1)
        var isIntegral = true
        var hasMissing = false
        for i in 0..<n {
            let v = values[i]
            if v.isNaN {
                hasMissing = true
                continue
            }
            if isIntegral && v != v.rounded() { isIntegral = false }
            if i % step == 0 { sample.append(v) }
        }
        sample.sort()
        var distinct: [Double] = []
        for v in sample where distinct.last != v { distinct.append(v) }
        var edges: [Double]
        if distinct.count <= maximumBins {
            edges = distinct
        } else {
            edges = []
            for k in 1...maximumBins {
                let rank = min(sample.count - 1, k * sample.count / maximumBins - 1)
                let v = sample[max(0, rank)]
                if edges.last != v { edges.append(v) }
            }
        }
        if edges.isEmpty { edges = [0] }
        let last = edges.count - 1
        let missing = UInt8(edges.count)
        var codes = [UInt8](repeating: missing, count: n)
        edges.withUnsafeBufferPointer { e in
            for i in 0..<n {
                let v = values[i]
                if v.isNaN { continue }
                // The first edge ≥ v; values above the sampled maximum go to the last bin.
                var lo = 0, hi = last
                while lo < hi {
                    let mid = (lo + hi) >> 1
                    if e[mid] < v { lo = mid + 1 } else { hi = mid }
                }
                codes[i] = UInt8(lo)
            }
        }
        // The smallest value of every bin, then for each split the next value that occurs.
        var binMinimum = [Double](repeating: .infinity, count: edges.count)
        for i in 0..<n where codes[i] != missing {
            let b = Int(codes[i])
            if values[i] < binMinimum[b] { binMinimum[b] = values[i] }
        }
        var points: [(threshold: Double, next: Double)] = []
        var suffixMinimum = Double.infinity
        var nextOf = [Double](repeating: .infinity, count: edges.count)
        for b in stride(from: edges.count - 1, through: 0, by: -1) {
            nextOf[b] = suffixMinimum
            suffixMinimum = min(suffixMinimum, binMinimum[b])
        }
        for b in 0..<edges.count {
            let next = nextOf[b]
            let threshold = isIntegral || expression.isDate ? edges[b] : shortestDecimal(from: edges[b], below: next)
            points.append((threshold, next))
        }
        return BinnedFeature(expression: expression, kind: .numeric(upperEdges: edges, isIntegral: isIntegral),
                             codes: codes, hasMissing: hasMissing, splitPoints: points)
    }

    /// One bin per category code (`UInt32.max` missing).
    public static func categorical(codes: UnsafeBufferPointer<UInt32>, labels: [String], expression: FeatureExpression) -> BinnedFeature {
        precondition(labels.count <= binLimit, "BinnedFeature.categorical: \(labels.count) labels exceed \(binLimit)")
        let missing = UInt8(labels.count)
        var out = [UInt8](repeating: missing, count: codes.count)
        var hasMissing = false
        for i in 0..<codes.count {
            let c = codes[i]
            if c == MissingValue.category || Int(c) >= labels.count {
                hasMissing = true
            } else {
                out[i] = UInt8(c)
            }
        }
        return BinnedFeature(expression: expression, kind: .categorical(labels: labels), codes: out, hasMissing: hasMissing)
    }

    /// Bin 0 false, 1 true, 2 missing (`MissingValue.boolean`).
    public static func boolean(_ values: UnsafeBufferPointer<UInt8>, expression: FeatureExpression) -> BinnedFeature {
        var out = [UInt8](repeating: 2, count: values.count)
        var hasMissing = false
        for i in 0..<values.count {
            switch values[i] {
            case 0: out[i] = 0
            case 1: out[i] = 1
            default: hasMissing = true
            }
        }
        return BinnedFeature(expression: expression, kind: .boolean, codes: out, hasMissing: hasMissing)
    }
}
