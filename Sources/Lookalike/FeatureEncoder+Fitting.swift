import CustomerData
import Foundation
import LinearAlgebra

extension FeatureEncoder {
    /// Fits the encoder on every customer of a snapshot.
    ///
    /// - Parameter measures: the workspace's measures, their time zone and whether activities have amounts;
    ///   those the options choose (``FeatureEncoderOptions/includesMeasures`` and the field lists) are encoded
    ///   after the profile fields, and the encoder keeps their definitions.
    /// - Throws: ``LookalikeError/noUsableFields(leftOut:)`` when nothing can be encoded,
    ///   ``LookalikeError/tooManyDimensions(requested:columns:)`` when PCA asks for more dimensions than there
    ///   are encoded columns, `EvaluationError` when a chosen measure cannot be computed, a `NumericError` or
    ///   `LAPACKError` when PCA fails.
    public static func fit(on snapshot: Snapshot, options: FeatureEncoderOptions = FeatureEncoderOptions(),
                           measures: EncodedMeasures? = nil) throws -> FeatureEncoder {
        try fitKeepingMeasures(on: snapshot, options: options, measures: measures).encoder
    }

    /// ``fit(on:options:measures:)``, also returning the measure columns it computed, so that encoding the same
    /// snapshot next need not compute them again (``encode(_:rows:measureColumns:)``).
    static func fitKeepingMeasures(on snapshot: Snapshot, options: FeatureEncoderOptions, measures: EncodedMeasures?)
        throws -> (encoder: FeatureEncoder, measureColumns: [String: MeasureColumn]) {
        precondition(options.maxCategoryLevels >= 2, "FeatureEncoder.fit(on:options:): maxCategoryLevels must be at least 2")
        precondition(options.clipLimit > 0, "FeatureEncoder.fit(on:options:): clipLimit must be positive")
        // Whole seconds, so a saved encoder (ISO 8601 in JSON) reads back exactly.
        var options = options
        options.asOf = Date(timeIntervalSince1970: options.asOf.timeIntervalSince1970.rounded(.down))
        var fields: [EncodedField] = []
        var leftOut: [LeftOutField] = []
        let n = snapshot.customers.rowCount
        let idColumn = snapshot.manifest.customers.idColumn
        let asOfDays = Int((options.asOf.timeIntervalSince1970 / 86_400).rounded(.down))
        let asOfMilliseconds = Int64((options.asOf.timeIntervalSince1970 * 1000).rounded(.down))

        // Each field is a job giving its encoding or why it is left out; the jobs run on every core, in column order.
        typealias Job = () -> (field: EncodedField?, leftOut: [LeftOutField])
        var jobs: [Job] = []
        func leave(_ name: String, _ reason: String) { jobs.append { (nil, [LeftOutField(name: name, reason: reason)]) } }
        func robust(_ name: String, _ input: EncodedField.Input, _ values: @escaping () -> [Double]) {
            jobs.append {
                var out: [LeftOutField] = []
                return (robustField(name: name, input: input, values: values(), options: options, leftOut: &out), out)
            }
        }
        func identity(_ name: String, _ input: EncodedField.Input, _ values: @escaping () -> [Double]) {
            jobs.append {
                var out: [LeftOutField] = []
                return (identityField(name: name, input: input, values: values(), leftOut: &out), out)
            }
        }
        for column in snapshot.customers.columns where column.name != idColumn {
            let name = column.name
            guard options.admits(name) else {
                leave(name, "excluded by name")
                continue
            }
            let input = EncodedField.Input.column(name: name, type: column.type.rawValue)
            switch column {
            case .text:
                leave(name, "free text is not encoded")
            case .category(let c):
                var used = [Bool](repeating: false, count: c.dictionary.count)
                var missing = false
                for i in 0..<n {
                    let code = c.codes[i]
                    if code == UInt32.max { missing = true } else { used[Int(code)] = true }
                }
                let levels = (0..<used.count).filter { used[$0] }.map { c.dictionary.string(at: $0) }.sorted()
                if levels.count < 2 {
                    leave(name, "category with \(levels.count) distinct value\(levels.count == 1 ? "" : "s") (fewer than 2)")
                } else if levels.count > options.maxCategoryLevels {
                    leave(name, "category with \(levels.count) distinct values (more than \(options.maxCategoryLevels))")
                } else {
                    let field = EncodedField(name: name, input: input, transform: .oneHot(levels: levels), hasMissingIndicator: missing)
                    jobs.append { (field, []) }
                }
            case .boolean(let c):
                identity(name, input) { (0..<n).map { c[$0].map { $0 ? 1.0 : 0.0 } ?? .nan } }
            case .number(let c):
                robust(name, input) { Array(c.values) }
            case .date(let c):
                robust(name, input) { (0..<n).map { c[$0].map { Double(asOfDays - Int($0)) } ?? .nan } }
            case .datetime(let c):
                robust(name, input) { (0..<n).map { c[$0].map { Double(asOfMilliseconds - $0) / 86_400_000 } ?? .nan } }
            }
        }

        // Measures, after the profile fields: computed once here, then standardised like numbers.
        var measureNames: [String] = []
        var measureColumns: [String: MeasureColumn] = [:]
        if let measures {
            var chosen: [String] = []
            for definition in measures.definitions where !chosen.contains(definition.name) {
                if options.admitsMeasure(definition.name) {
                    chosen.append(definition.name)
                } else if options.includesMeasures {
                    leave(definition.name, "excluded by name")
                }
            }
            let (usable, unusable) = encodableMeasures(measures, names: chosen, snapshot: snapshot)
            for field in unusable { leave(field.name, field.reason) }
            let columns = try Self.measureColumns(snapshot, measures: measures, names: usable.map(\.name), asOf: options.asOf)
            measureColumns = columns
            for (name, type) in usable {
                guard let column = columns[name], column.type == type else {
                    leave(name, "measure gives no \(type) values")
                    continue
                }
                measureNames.append(name)
                robust(name, .column(name: name, type: type)) { column.values }
            }
        }

        if options.includesActivityFeatures && snapshot.activities.rowCount > 0 {
            let typeDictionary = snapshot.activityTypes.dictionary
            let types = (0..<typeDictionary.count).map { typeDictionary.string(at: $0) }
            var channels: [String] = []
            if case .category(let c)? = snapshot.activities.column(named: options.channelColumn) {
                channels = (0..<c.dictionary.count).map { c.dictionary.string(at: $0) }
                if channels.count > options.maxCategoryLevels {
                    leave(options.channelColumn, "channel with \(channels.count) distinct values (more than \(options.maxCategoryLevels))")
                    channels = []
                }
            }
            let aggregates = ActivityAggregates.from(snapshot, rows: nil, types: types, channels: channels,
                                                     channelColumn: options.channelColumn, asOf: asOfMilliseconds)
            var inputs: [(String, EncodedField.Input, isShare: Bool)] = []
            for (t, type) in types.enumerated() {
                inputs.append(("\(type) frequency", .activityFrequency(type: type), false))
                inputs.append(("\(type) recency", .activityRecency(type: type), false))
                if aggregates.hasAmount[t] { inputs.append(("\(type) monetary", .activityMonetary(type: type), false)) }
            }
            for channel in channels { inputs.append(("channel \(channel) share", .channelShare(channel: channel), true)) }
            for (name, input, isShare) in inputs {
                guard options.admits(name) else {
                    leave(name, "excluded by name")
                    continue
                }
                let values = { aggregates.values(of: input, asOf: asOfMilliseconds) }
                if isShare { identity(name, input, values) } else { robust(name, input, values) }
            }
        }
        var results = [(field: EncodedField?, leftOut: [LeftOutField])](repeating: (nil, []), count: jobs.count)
        results.withUnsafeMutableBufferPointer { out in
            Parallel.forEach(items: jobs.count, threads: Parallel.processorCount) { item, _ in out[item] = jobs[item]() }
        }
        for result in results {
            if let field = result.field { fields.append(field) }
            leftOut += result.leftOut
        }
        guard !fields.isEmpty else { throw LookalikeError.noUsableFields(leftOut: leftOut) }

        // Only the measures that became fields are kept (and computed again when encoding another snapshot).
        var encodedMeasures: EncodedMeasures?
        if let measures {
            let kept = measureNames.filter { name in fields.contains { $0.name == name } }
            if !kept.isEmpty {
                encodedMeasures = keptMeasures(kept, of: measures, snapshot: snapshot)
            }
        }
        var encoder = FeatureEncoder(options: options, fields: fields, leftOut: leftOut, projection: nil,
                                     measures: encodedMeasures)
        if let d = options.pcaDimensions {
            precondition(d >= 1, "FeatureEncoder.fit(on:options:measures:): pcaDimensions must be at least 1")
            guard d <= encoder.columnCount else {
                throw LookalikeError.tooManyDimensions(requested: d, columns: encoder.columnCount)
            }
            let raw = try encoder.encodedColumns(snapshot, rows: nil, measureColumns: measureColumns)
            let pca = try PCA<Float>.fit(raw, componentCount: d)
            let projection = Projection(mean: pca.mean, components: Array(pca.components.elements), dimension: d,
                                        explainedVarianceRatio: pca.explainedVarianceRatio)
            encoder = FeatureEncoder(options: options, fields: fields, leftOut: leftOut, projection: projection,
                                     measures: encodedMeasures)
        }
        return (encoder, measureColumns)
    }

    /// A robust-standardised field, or nil (and a report entry) when the values are all missing or constant.
    static func robustField(name: String, input: EncodedField.Input, values: [Double], options: FeatureEncoderOptions,
                            leftOut: inout [LeftOutField]) -> EncodedField? {
        let present = values.filter { !$0.isNaN }
        let hasMissing = present.count < values.count
        guard let first = present.first else {
            leftOut.append(LeftOutField(name: name, reason: "every value is missing"))
            return nil
        }
        if !hasMissing && present.allSatisfy({ $0 == first }) {
            leftOut.append(LeftOutField(name: name, reason: "every customer has the same value"))
            return nil
        }
        let usesLog = (present.min() ?? 0) >= 0 && Self.skewness(present) > options.skewnessThreshold
        let table = WholeNumberLog.table
        let transformed = usesLog ? present.map { WholeNumberLog.value($0, table: table) } : present
        let quartiles = Self.percentiles(of: transformed, [0.25, 0.5, 0.75])
        let median = quartiles[1]
        var scale = quartiles[2] - quartiles[0]
        if !(scale > 0) { scale = Self.standardDeviation(transformed.sorted()) }
        if !(scale > 0) { scale = 1 }
        return EncodedField(name: name, input: input, transform: .robust(usesLog: usesLog, median: median, scale: scale),
                            hasMissingIndicator: hasMissing)
    }

    /// A field encoded as its value (booleans, shares), or nil when it never varies.
    static func identityField(name: String, input: EncodedField.Input, values: [Double], leftOut: inout [LeftOutField]) -> EncodedField? {
        let present = values.filter { !$0.isNaN }
        let hasMissing = present.count < values.count
        guard let first = present.first else {
            leftOut.append(LeftOutField(name: name, reason: "every value is missing"))
            return nil
        }
        if !hasMissing && present.allSatisfy({ $0 == first }) {
            leftOut.append(LeftOutField(name: name, reason: "every customer has the same value"))
            return nil
        }
        return EncodedField(name: name, input: input, transform: .identity, hasMissingIndicator: hasMissing)
    }

    /// The `q`-quantile of sorted values, interpolating linearly between order statistics (position `q·(n−1)`).
    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "FeatureEncoder.percentile: no values")
        let position = q * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sorted.count - 1)
        let fraction = position - Double(lower)
        return sorted[lower] + fraction * (sorted[upper] - sorted[lower])
    }

    /// ``percentile(_:_:)`` of the sorted values for each `q`, by selection instead of a sort: O(n) expected.
    static func percentiles(of values: [Double], _ qs: [Double]) -> [Double] {
        precondition(!values.isEmpty, "FeatureEncoder.percentiles: no values")
        var scratch = values
        return scratch.withUnsafeMutableBufferPointer { v in
            qs.map { q in
                let position = q * Double(v.count - 1)
                let lower = Int(position.rounded(.down))
                let upper = min(lower + 1, v.count - 1)
                let fraction = position - Double(lower)
                let low = select(lower, in: v)
                // After the selection everything right of `lower` is at least as large: the next order statistic is their minimum.
                var high = low
                if upper > lower {
                    high = v[upper]
                    for i in (upper + 1)..<v.count where v[i] < high { high = v[i] }
                }
                return low + fraction * (high - low)
            }
        }
    }

    /// The `k`-th smallest value (0-based), moving smaller values left of `k` and larger ones right (Hoare's
    /// quickselect; values must not be NaN).
    static func select(_ k: Int, in v: UnsafeMutableBufferPointer<Double>) -> Double {
        var lo = 0, hi = v.count - 1
        while lo < hi {
            let pivot = v[lo + (hi - lo) / 2]
            var i = lo, j = hi
            while i <= j {
                while v[i] < pivot { i += 1 }
                while v[j] > pivot { j -= 1 }
                if i <= j {
                    v.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            if k <= j { hi = j } else if k >= i { lo = i } else { break }
        }
        return v[k]
    }

    /// The population standard deviation.
    static func standardDeviation(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return variance.squareRoot()
    }

    /// The sample skewness `E[(x − μ)³] / σ³` (0 for constant values).
    static func skewness(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return 0 }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        var m2 = 0.0, m3 = 0.0
        for v in values {
            let d = v - mean
            m2 += d * d
            m3 += d * d * d
        }
        m2 /= n
        m3 /= n
        return m2 > 0 ? m3 / (m2 * m2.squareRoot()) : 0
    }
}
