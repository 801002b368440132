import Foundation
import Segments

extension QuickSegmentEstimate {
    /// The estimate for the terminal: the size, then the field's distribution.
    public var text: String {
        var lines: [String] = []
        let kind = isMeasure ? "measure" : type.rawValue
        if let condition, let count, let percent {
            lines.append("\(condition): \(count.grouped) of \(customers.grouped) customers (\(String(format: "%.2f", percent)) %)")
        } else {
            lines.append("\(field) (\(kind)) over \(customers.grouped) customers")
        }
        if emptyCount > 0 { lines.append("  empty: \(emptyCount.grouped)") }
        if !topValues.isEmpty {
            lines.append("  top values:")
            let width = topValues.map(\.value.count).max() ?? 0
            for value in topValues {
                let share = customers == 0 ? 0 : 100 * Double(value.count) / Double(customers)
                lines.append("    " + value.value + String(repeating: " ", count: width - value.value.count)
                    + "  \(value.count.grouped) (\(String(format: "%.1f", share)) %)")
            }
        }
        if !percentiles.isEmpty {
            lines.append("  percentiles: " + percentiles.map { "p\($0.percentile) \($0.text)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

extension Workspace {
    /// A quick segment: one attribute or measure, optionally with one operator, over the
    /// live snapshot — its estimated size and the field's distribution (top 10 values of a
    /// category, percentiles 5…95 of a number or date).
    ///
    /// - Parameter input: a field name (`country`), or one condition (`age >= 30`, `spend_90d > 100`).
    public func quick(_ input: String, asOf: Date = Date()) throws -> QuickSegmentEstimate {
        let evaluator = try evaluator(asOf: asOf)
        let trimmed = input.trimmingCharacters(in: .whitespaces)
        if trimmed.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
            return try evaluator.quick(field: trimmed)
        }
        return try evaluator.quick(try SegmentParser.parseFieldCondition(trimmed))
    }
}
