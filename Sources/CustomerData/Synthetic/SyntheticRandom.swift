import Foundation

/// A seeded xoshiro256** pseudo-random stream for the synthetic data generator.
///
/// Every stream is keyed by `(seed, stream, purpose)` through SplitMix64, so a
/// customer's values depend only on the seed and the customer's id, never on
/// the order or the thread in which customers are generated. The samplers
/// below are written out here rather than taken from the standard library, so
/// the output cannot change when the standard library changes its algorithms.
struct SyntheticRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates the stream for one `(seed, stream, purpose)` key.
    init(seed: UInt64, stream: UInt64, purpose: UInt64) {
        var key = SyntheticRandom.mix(seed ^ 0x5851_F42D_4C95_7F2D)
        key = SyntheticRandom.mix(key ^ stream)
        key = SyntheticRandom.mix(key ^ (purpose &* 0x9E37_79B9_7F4A_7C15))
        var splitMix = key
        s0 = SyntheticRandom.splitMixNext(&splitMix)
        s1 = SyntheticRandom.splitMixNext(&splitMix)
        s2 = SyntheticRandom.splitMixNext(&splitMix)
        s3 = SyntheticRandom.splitMixNext(&splitMix)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }  // xoshiro's one forbidden state
    }

    /// The SplitMix64 output function: a bijective 64-bit mix.
    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    private static func splitMixNext(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return mix(state)
    }

    /// The next 64 random bits (xoshiro256**).
    @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    mutating func uniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0..<bound` (multiply-high; bias below 2^-40 for the bounds used here).
    @inline(__always)
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "SyntheticRandom.below(_:) needs a positive bound")
        return Int(truncatingIfNeeded: next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// `true` with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool {
        uniform() < p
    }

    /// A standard normal value (Box–Muller, one value per call).
    mutating func normal() -> Double {
        let u1 = 1.0 - uniform()  // (0, 1]
        let u2 = uniform()
        return (-2.0 * Foundation.log(u1)).squareRoot() * Foundation.cos(2.0 * Double.pi * u2)
    }

    /// A Gamma(2, 1/2) value: mean 1, variance 1/2 (the sum of two exponentials).
    mutating func gammaShapeTwoMeanOne() -> Double {
        let u1 = 1.0 - uniform()
        let u2 = 1.0 - uniform()
        return -0.5 * Foundation.log(u1 * u2)
    }

    /// An index drawn with the probabilities of a cumulative weight table
    /// (ascending, last entry the total).
    @inline(__always)
    mutating func pick(cumulative table: [Double]) -> Int {
        let target = uniform() * table[table.count - 1]
        var index = 0
        while index < table.count - 1 && table[index] <= target { index += 1 }
        return index
    }
}
