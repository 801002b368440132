import Foundation

/// `log1p` that reads whole numbers below 4,096 from a table: counts and day spans, most of the skewed values
/// the encoder transforms, cost a load instead of a call. The table holds `log1p` of each number, so every
/// value is exactly `log1p(x)` (up to the sign of a zero).
enum WholeNumberLog {
    static let tableSize = 4_096

    /// `log1p(0) … log1p(4_095)`.
    struct Table: @unchecked Sendable {  // reason: filled once before it is shared, then only read; never freed
        let base: UnsafePointer<Double>
    }

    /// The one table, so writers can keep its pointer.
    static let table: Table = {
        let values = UnsafeMutablePointer<Double>.allocate(capacity: tableSize)
        for i in 0..<tableSize { values[i] = Foundation.log1p(Double(i)) }
        return Table(base: UnsafePointer(values))
    }()

    /// `log1p(x)` for `x ≥ 0` (or NaN, which stays NaN).
    @inline(__always)
    static func value(_ x: Double, table: Table) -> Double {
        if x < Double(tableSize) && x == x.rounded(.towardZero) { return table.base[Int(x)] }
        return Foundation.log1p(x)
    }
}
