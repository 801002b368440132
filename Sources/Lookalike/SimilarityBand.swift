/// The bands a similarity score falls in.
public enum SimilarityBand: String, Codable, Sendable, CaseIterable, Comparable {
    /// Score below 0.55.
    case notSimilar = "not similar"
    /// Score in [0.55, 0.7).
    case somewhatSimilar = "somewhat similar"
    /// Score in [0.7, 0.85).
    case similar = "similar"
    /// Score in [0.85, 1].
    case verySimilar = "very similar"

    /// The band of a score in [0, 1].
    public init(score: Double) {
        switch score {
        case ..<0.55: self = .notSimilar
        case ..<0.7: self = .somewhatSimilar
        case ..<0.85: self = .similar
        default: self = .verySimilar
        }
    }

    /// The lowest score in the band.
    public var lowerBound: Double {
        switch self {
        case .notSimilar: return 0
        case .somewhatSimilar: return 0.55
        case .similar: return 0.7
        case .verySimilar: return 0.85
        }
    }

    public static func < (a: SimilarityBand, b: SimilarityBand) -> Bool { a.lowerBound < b.lowerBound }
}
