/// The Benjamini–Hochberg procedure: p-values adjusted for the false discovery rate.
public enum BenjaminiHochberg {
    /// Adjusted p-values, in the order given: with `p₍₁₎ ≤ … ≤ p₍ₘ₎`,
    /// `p̃₍ᵢ₎ = min over j ≥ i of (m / j) · p₍ⱼ₎`, capped at 1.
    /// A hypothesis is rejected at false discovery rate `q` when `p̃ ≤ q`.
    ///
    /// - Complexity: O(m log m).
    public static func adjusted(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        guard m > 0 else { return [] }
        let p = pValues.map { $0.isNaN ? 1 : $0 }
        let order = (0..<m).sorted { (p[$0], $0) < (p[$1], $1) }
        var result = [Double](repeating: 1, count: m)
        var running = 1.0
        for rank in stride(from: m, through: 1, by: -1) {
            let index = order[rank - 1]
            running = min(running, p[index] * Double(m) / Double(rank))
            result[index] = min(1, running)
        }
        return result
    }
}
