/// A test on a number with its operands resolved, for values the scan computes
/// one customer at a time instead of in a column.
///
/// It gives exactly what `ValueColumn.matching` gives on a number column: every
/// test but `is empty` is false on an empty value (NaN).
struct NumberTest: Hashable, Sendable {
    enum Comparison: UInt8, Hashable, Sendable {
        case isEmpty, isNotEmpty, equals, notEquals, lessThan, lessThanOrEqual, greaterThan, greaterThanOrEqual, between
    }

    var comparison: Comparison
    var low: Double
    var high: Double

    /// The test for `test`, or `nil` when it is not a comparison of a number with number literals.
    init?(_ test: ValueTest) {
        func number(_ literal: Literal) -> Double? {
            if case .number(let value) = literal { return value }
            return nil
        }
        low = 0
        high = 0
        switch test {
        case .isEmpty: comparison = .isEmpty
        case .isNotEmpty: comparison = .isNotEmpty
        case .equals(let literal), .notEquals(let literal), .lessThan(let literal), .lessThanOrEqual(let literal),
             .greaterThan(let literal), .greaterThanOrEqual(let literal):
            guard let value = number(literal) else { return nil }
            low = value
            switch test {
            case .equals: comparison = .equals
            case .notEquals: comparison = .notEquals
            case .lessThan: comparison = .lessThan
            case .lessThanOrEqual: comparison = .lessThanOrEqual
            case .greaterThan: comparison = .greaterThan
            default: comparison = .greaterThanOrEqual
            }
        case .between(let lowLiteral, let highLiteral):
            guard let lowValue = number(lowLiteral), let highValue = number(highLiteral) else { return nil }
            comparison = .between
            low = lowValue
            high = highValue
        default:
            return nil
        }
    }

    /// Whether `value` passes (NaN is the empty value).
    @inline(__always)
    func holds(_ value: Double) -> Bool {
        switch comparison {
        case .isEmpty: return value.isNaN
        case .isNotEmpty: return !value.isNaN
        case .equals: return value == low
        case .notEquals: return value == value && value != low
        case .lessThan: return value < low
        case .lessThanOrEqual: return value <= low
        case .greaterThan: return value > low
        case .greaterThanOrEqual: return value >= low
        case .between: return value >= low && value <= high
        }
    }

    /// The outcomes for `values[0..<64]` as the bits of a word (value `k` at bit `k`),
    /// eight values at a time without a branch per value.
    @inline(__always)
    func word(of64 values: UnsafePointer<Double>) -> UInt64 {
        let weights = SIMD8<UInt64>(1, 2, 4, 8, 16, 32, 64, 128)
        let zero = SIMD8<UInt64>(repeating: 0)
        @inline(__always)
        func bits(_ holds: (SIMD8<Double>) -> SIMDMask<SIMD8<Int64>>) -> UInt64 {
            var word: UInt64 = 0
            for group in 0..<8 {
                let base = values + group &* 8
                let chunk = SIMD8<Double>(base[0], base[1], base[2], base[3], base[4], base[5], base[6], base[7])
                let byte = zero.replacing(with: weights, where: holds(chunk)).wrappedSum()
                word |= byte &<< UInt64(group &* 8)
            }
            return word
        }
        let low = SIMD8<Double>(repeating: self.low)
        let high = SIMD8<Double>(repeating: self.high)
        switch comparison {
        case .isEmpty: return bits { $0 .!= $0 }
        case .isNotEmpty: return bits { $0 .== $0 }
        case .equals: return bits { $0 .== low }
        case .notEquals: return bits { ($0 .== $0) .& ($0 .!= low) }
        case .lessThan: return bits { $0 .< low }
        case .lessThanOrEqual: return bits { $0 .<= low }
        case .greaterThan: return bits { $0 .> low }
        case .greaterThanOrEqual: return bits { $0 .>= low }
        case .between: return bits { ($0 .>= low) .& ($0 .<= high) }
        }
    }
}
