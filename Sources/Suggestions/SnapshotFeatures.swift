import CustomerData
import Segments

/// Reads a run's primary and influencing attributes from a snapshot's customers table.
enum SnapshotFeatures {
    /// The most values an influencing category may have.
    static let maximumInfluencingCategories = 100
    /// The most values a category primary may have.
    static let maximumPrimaryCategories = 10

    /// The primary as one value per row: the number, or 1/0 for "has the value `shareOf`".
    static func target(_ request: MeasureSuggestionRequest, snapshot: Snapshot) throws -> (values: [Double], kind: SuggestionStatistics.Kind) {
        let field = "primary \"\(request.primary)\""
        guard let column = snapshot.customers.column(named: request.primary) else {
            throw SuggestionError(field: field, reason: "no such customer attribute (a measure's values must be passed in)"
                                  + didYouMean(request.primary, in: snapshot))
        }
        switch column {
        case .number(let c):
            if request.shareOf != nil {
                throw SuggestionError(field: field, reason: "is a number: compare its mean (leave out the share value)")
            }
            return (Array(c.values), .mean)
        case .category(let c):
            guard c.dictionary.count <= maximumPrimaryCategories else {
                throw SuggestionError(field: field, reason: "is a category with \(c.dictionary.count) values; at most \(maximumPrimaryCategories) are allowed")
            }
            guard let value = request.shareOf else {
                throw SuggestionError(field: field, reason: "is a category: name the value whose share to compare")
            }
            guard let code = c.code(of: value) else {
                let values = (0..<c.dictionary.count).map { "\"\(c.dictionary.string(at: $0))\"" }.joined(separator: ", ")
                throw SuggestionError(field: field, reason: "has no value \"\(value)\" (values: \(values))")
            }
            return (c.codes.map { $0 == MissingValue.category ? .nan : ($0 == code ? 1 : 0) }, .share)
        case .boolean(let c):
            let positive: UInt8
            switch request.shareOf ?? "true" {
            case "true": positive = 1
            case "false": positive = 0
            default: throw SuggestionError(field: field, reason: "is a boolean: its share value is \"true\" or \"false\"")
            }
            return (c.values.map { $0 == MissingValue.boolean ? .nan : ($0 == positive ? 1 : 0) }, .share)
        default:
            throw SuggestionError(field: field, reason: "is a \(column.type.rawValue); the primary is a number, a category with at most \(maximumPrimaryCategories) values or a boolean")
        }
    }

    /// The influencing attributes, binned.
    static func influencing(_ request: MeasureSuggestionRequest, snapshot: Snapshot) throws -> [BinnedFeature] {
        guard !request.influencing.isEmpty else {
            throw SuggestionError(field: "influencing", reason: "name at least one influencing attribute")
        }
        guard request.options.maximumBins >= 2 && request.options.maximumBins <= BinnedFeature.binLimit else {
            throw SuggestionError(field: "options.maximum_bins", reason: "\(request.options.maximumBins) is outside 2 … \(BinnedFeature.binLimit)")
        }
        var columns: [SnapshotColumn] = []
        for (index, name) in request.influencing.enumerated() {
            let field = "influencing[\(index)] \"\(name)\""
            guard let column = snapshot.customers.column(named: name) else {
                throw SuggestionError(field: field, reason: "no such customer attribute" + didYouMean(name, in: snapshot))
            }
            if name == request.primary {
                throw SuggestionError(field: field, reason: "is the primary itself")
            }
            switch column {
            case .number, .boolean, .date: break
            case .category(let c):
                if c.dictionary.count > maximumInfluencingCategories {
                    throw SuggestionError(field: field, reason: "is a category with \(c.dictionary.count) values; at most \(maximumInfluencingCategories) are allowed")
                }
            case .text, .datetime:
                throw SuggestionError(field: field, reason: "is a \(column.type.rawValue); influencing attributes are categories, numbers, booleans and dates")
            }
            columns.append(column)
        }
        let bins = request.options.maximumBins
        let out = SharedBuffer<BinnedFeature?>(repeating: nil, count: columns.count)
        defer { out.free() }
        ParallelWork.forEach(columns.count) { i in
            out[i] = binned(columns[i], maximumBins: bins)
        }
        return out.toArray().map { $0! }
    }

    /// One snapshot column, binned.
    static func binned(_ column: SnapshotColumn, maximumBins: Int) -> BinnedFeature {
        switch column {
        case .number(let c):
            return .numeric(Array(c.values), expression: .attribute(c.name, .number), maximumBins: maximumBins)
        case .date(let c):
            let days = c.values.map { $0 == MissingValue.date ? Double.nan : Double($0) }
            return .numeric(days, expression: .attribute(c.name, .date), maximumBins: maximumBins)
        case .boolean(let c):
            return .boolean(c.values, expression: .attribute(c.name, .boolean))
        case .category(let c):
            let labels = (0..<c.dictionary.count).map { c.dictionary.string(at: $0) }
            return .categorical(codes: c.codes, labels: labels, expression: .attribute(c.name, .category))
        case .text, .datetime:
            preconditionFailure("SnapshotFeatures.binned: \(column.type) columns are rejected before binning")
        }
    }

    private static func didYouMean(_ name: String, in snapshot: Snapshot) -> String {
        let lower = name.lowercased()
        let close = snapshot.customers.columns.map(\.name).first {
            $0.lowercased().hasPrefix(lower) || lower.hasPrefix($0.lowercased())
        }
        return close.map { "; did you mean \"\($0)\"?" } ?? ""
    }
}
