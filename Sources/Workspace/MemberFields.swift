import CustomerData
import Foundation
import Segments

/// The columns of a member list (preview, download, export): the customer id, customer
/// attributes and measures, each measure computed once for every customer.
///
/// A name is the id (`id` or the id column's name) first, then a customer attribute, then a
/// measure of the workspace config; a measure is computed only when one is asked for, in one
/// activity scan for all of them, as of one instant (the as-of of the refresh that stored the
/// members). Values are written as ingest reads them back: numbers in plain decimal (integers
/// without a fraction, others in the shortest digits that read back to the same value, never
/// with an exponent), dates as `2025-03-05`, datetimes as `2025-03-05T14:30:00Z` (with `.123`
/// when there are milliseconds), empty cells where a customer has no value.
struct MemberFields {
    /// One column of the output.
    enum Field {
        case id
        case attribute(SnapshotColumn)
        /// A measure's value per customer row (NaN: empty), of result type number, date
        /// (days since 1970-01-01) or datetime (days since 1970-01-01T00:00:00Z, with a fraction).
        case measure(values: [Double], type: ColumnType)
    }

    /// A name resolved, before any measure is computed.
    private enum Resolved {
        case id
        case attribute(SnapshotColumn)
        case measure(name: String, type: ColumnType)
    }

    let snapshot: Snapshot
    /// The names asked for, in order: the header.
    let names: [String]
    let fields: [Field]

    /// Resolves `names` over `snapshot` and computes the measures among them as of `asOf`.
    /// - Throws: `SegmentLifecycleError.unknownField` for a name that is neither the id, an
    ///   attribute nor a measure (with the closest of them as a suggestion),
    ///   `WorkspaceError.badValue` for a measure whose result is text, category or boolean,
    ///   `EvaluationError` when a measure cannot be computed.
    init(_ names: [String], snapshot: Snapshot, config: WorkspaceConfig, asOf: Date) throws {
        let resolved = try Self.resolve(names, snapshot: snapshot, config: config)
        var measureNames: [String] = []
        for case .measure(let name, _) in resolved where !measureNames.contains(name) { measureNames.append(name) }
        var values: [String: [Double]] = [:]
        if !measureNames.isEmpty {
            values = try SegmentEvaluator(snapshot: snapshot, config: config, asOf: asOf).measureValues(measureNames)
        }
        self.snapshot = snapshot
        self.names = names
        self.fields = try resolved.map { field in
            switch field {
            case .id: return .id
            case .attribute(let column): return .attribute(column)
            case .measure(let name, let type):
                guard let column = values[name] else {
                    throw WorkspaceError.badValue(field: "fields", value: name, expected: Self.computableMeasure)
                }
                return .measure(values: column, type: type)
            }
        }
    }

    /// Checks that every name is the id, an attribute or a measure that can be a column,
    /// without computing anything.
    static func validate(_ names: [String], snapshot: Snapshot, config: WorkspaceConfig) throws {
        _ = try resolve(names, snapshot: snapshot, config: config)
    }

    private static let computableMeasure = "a measure whose result is a number, date or datetime"

    private static func resolve(_ names: [String], snapshot: Snapshot, config: WorkspaceConfig) throws -> [Resolved] {
        let idName = snapshot.manifest.customers.idColumn
        var catalog: SegmentCatalog?
        return try names.map { name in
            if name == "id" || name == idName { return .id }
            if let column = snapshot.customers.column(named: name) { return .attribute(column) }
            if config.measures.contains(where: { $0.name == name }) {
                let measures = catalog ?? SegmentCatalog(snapshot: snapshot, config: config)
                catalog = measures
                // nil: the measure's field is unknown, which computing it reports in full.
                let type = measures.resultType(ofMeasure: name) ?? .number
                guard type == .number || type == .date || type == .datetime else {
                    throw WorkspaceError.badValue(field: "fields", value: name, expected: computableMeasure)
                }
                return .measure(name: name, type: type)
            }
            let candidates = ["id"] + snapshot.customers.columns.map(\.name).filter { $0 != idName }
                + config.measures.map(\.name)
            throw SegmentLifecycleError.unknownField(
                name: name, suggestion: SegmentLifecycleError.closest(to: name, in: candidates))
        }
    }

    /// Whether any field is a measure.
    var hasMeasures: Bool {
        fields.contains { if case .measure = $0 { true } else { false } }
    }

    /// The text of field `index` at customer row `row`, or nil when the cell is empty.
    func text(ofField index: Int, row: Int) -> String? {
        switch fields[index] {
        case .id: return snapshot.customerID(ofRow: row)
        case .attribute(let column): return column.text(at: row)
        case .measure(let values, let type): return Self.text(ofMeasureValue: values[row], type: type)
        }
    }

    // MARK: - Formatting

    /// A measure value as ingest reads it back; nil for NaN (no value) and infinities.
    static func text(ofMeasureValue value: Double, type: ColumnType) -> String? {
        guard value.isFinite else { return nil }
        switch type {
        case .date: return formatDate(days: Int(value.rounded(.down)))
        case .datetime: return formatDatetimeUTC(milliseconds: Int64((value * 86_400_000).rounded()))
        default: return plainNumber(value)
        }
    }

    /// `12`, `3.25`, `12345678901234567000`, `0.00000015`: the shortest decimal digits that read
    /// back to `value`, written without an exponent.
    static func plainNumber(_ value: Double) -> String {
        precondition(value.isFinite, "MemberFields.plainNumber(_:): \(value) is not finite")
        // Below 2^53 every integer is a Double, and Int64 prints it exactly.
        if value == value.rounded(), abs(value) < 0x1p53 { return String(Int64(value)) }
        let shortest = value.description
        guard let e = shortest.firstIndex(where: { $0 == "e" || $0 == "E" }),
              let exponent = Int(shortest[shortest.index(after: e)...])
        else { return shortest.hasSuffix(".0") ? String(shortest.dropLast(2)) : shortest }
        var mantissa = Substring(shortest[..<e])
        let isNegative = mantissa.hasPrefix("-")
        if isNegative { mantissa = mantissa.dropFirst() }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0]
        var digits = String(whole) + (parts.count > 1 ? String(parts[1]) : "")
        while digits.count > 1, digits.hasSuffix("0") { digits.removeLast() }
        let point = whole.count + exponent  // Digits before the decimal point.
        let text: String
        if point <= 0 {
            text = "0." + String(repeating: "0", count: -point) + digits
        } else if point >= digits.count {
            text = digits + String(repeating: "0", count: point - digits.count)
        } else {
            text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
        }
        return isNegative ? "-" + text : text
    }
}
