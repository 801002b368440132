/// The named RFM segments and the R × F score cells each covers (scores 1 … 5,
/// 5 the most recent or most frequent). The eight names cover all 25 cells once:
///
/// | R \ F | 1 | 2 | 3 | 4 | 5 |
/// |---|---|---|---|---|---|
/// | 5 | New | Potential loyalists | Potential loyalists | Champions | Champions |
/// | 4 | New | Potential loyalists | Potential loyalists | Loyal | Loyal |
/// | 3 | Hibernating | Potential loyalists | Potential loyalists | Loyal | Loyal |
/// | 2 | Hibernating | Hibernating | At risk | At risk | Can't lose them |
/// | 1 | Lost | Lost | At risk | At risk | Can't lose them |
public enum RFMSegmentName: String, Codable, CaseIterable, Hashable, Sendable {
    case champions = "Champions"
    case loyal = "Loyal"
    case potentialLoyalists = "Potential loyalists"
    case new = "New"
    case atRisk = "At risk"
    case cantLoseThem = "Can't lose them"
    case hibernating = "Hibernating"
    case lost = "Lost"

    /// The segment of an R score and an F score (1 … 5 each).
    public static func of(recencyScore r: Int, frequencyScore f: Int) -> RFMSegmentName {
        precondition((1...5).contains(r) && (1...5).contains(f), "RFMSegmentName.of: scores \(r), \(f) outside 1 … 5")
        switch (r, f) {
        case (5, 4...5): return .champions
        case (3...4, 4...5): return .loyal
        case (3...5, 2...3): return .potentialLoyalists
        case (4...5, 1): return .new
        case (2...3, 1), (2, 2): return .hibernating
        case (1, 1...2): return .lost
        case (1...2, 3...4): return .atRisk
        default: return .cantLoseThem  // (1…2, 5)
        }
    }

    /// The cells as rectangles of score ranges (recency, frequency), for definitions.
    public var rectangles: [(recency: ClosedRange<Int>, frequency: ClosedRange<Int>)] {
        switch self {
        case .champions: return [(5...5, 4...5)]
        case .loyal: return [(3...4, 4...5)]
        case .potentialLoyalists: return [(3...5, 2...3)]
        case .new: return [(4...5, 1...1)]
        case .hibernating: return [(2...3, 1...1), (2...2, 2...2)]
        case .lost: return [(1...1, 1...2)]
        case .atRisk: return [(1...2, 3...4)]
        case .cantLoseThem: return [(1...2, 5...5)]
        }
    }

    /// What the segment means, for reports.
    public var meaning: String {
        switch self {
        case .champions: return "bought most recently and most often"
        case .loyal: return "buy often, fairly recently"
        case .potentialLoyalists: return "recent, with a few purchases"
        case .new: return "recent, with a single purchase level"
        case .atRisk: return "used to buy often, not lately"
        case .cantLoseThem: return "the most frequent, but gone quiet"
        case .hibernating: return "infrequent and not recent"
        case .lost: return "the least recent and least frequent"
        }
    }
}
