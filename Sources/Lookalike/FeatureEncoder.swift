import CustomerData
import Foundation
import LinearAlgebra

/// The profile embedding: turns customers into L2-normalised `Float` rows, fitted once on a snapshot.
///
/// Numbers are robust-standardised, `(f(x) − median) / IQR` clipped to ±5, with
/// `f = log1p` for skewed non-negative numbers; categories with 2…30 values
/// are one-hot; booleans are 0/1; dates and datetimes become their age in days
/// at the as-of instant; every field with missing values gets a 0/1 "is
/// missing" column (the value itself then encodes as 0, the median). With
/// activity features, each activity type adds frequency, recency and (when it
/// has amounts) monetary fields, and the channel column adds one share per
/// channel. With measures, each chosen workspace measure is encoded like a
/// number field (dates and datetimes by their age in days), computed from the
/// activities as of the as-of instant (see ``EncodedMeasures``). Optional PCA
/// projects the columns on `d` components. Each row is finally divided by its
/// L2 norm, so cosine similarity is a dot product.
///
/// The encoder is `Codable` and is saved inside every lookalike model; the same
/// encoder reads a snapshot (``encode(_:rows:)``) or streamed records
/// (``encode(records:)``) and gives the same features for the same customer.
public struct FeatureEncoder: Codable, Sendable, Equatable {
    /// The options it was fitted with.
    public let options: FeatureEncoderOptions
    /// The encoded fields, in column order.
    public let fields: [EncodedField]
    /// The fields left out, with the reason.
    public let leftOut: [LeftOutField]
    /// The PCA projection, when the options ask for one.
    public let projection: Projection?
    /// The measures encoded (as fields named like them), with what computing them again needs; nil when none.
    public let measures: EncodedMeasures?

    /// A fitted PCA projection: `y = components · (x − mean)`.
    public struct Projection: Codable, Sendable, Equatable {
        /// The mean of each encoded column.
        public let mean: [Float]
        /// `dimension × columns` components, row-major.
        public let components: [Float]
        /// The number of components.
        public let dimension: Int
        /// The share of variance each component explains.
        public let explainedVarianceRatio: [Double]
    }

    /// The names of the encoded columns before any projection, in order.
    public var columnNames: [String] { fields.flatMap(\.columnNames) }

    /// The number of encoded columns before any projection.
    public var columnCount: Int { fields.reduce(0) { $0 + $1.columnCount } }

    /// The width of the embedding rows (`pcaDimensions` when projecting).
    public var dimension: Int { projection?.dimension ?? columnCount }

    /// The names of the embedding's columns: the encoded columns, or `component 1…d` with PCA.
    public var embeddingColumnNames: [String] {
        if let projection { return (1...projection.dimension).map { "component \($0)" } }
        return columnNames
    }

    init(options: FeatureEncoderOptions, fields: [EncodedField], leftOut: [LeftOutField], projection: Projection?,
         measures: EncodedMeasures? = nil) {
        self.options = options
        self.fields = fields
        self.leftOut = leftOut
        self.projection = projection
        self.measures = measures
    }

    /// The as-of instant as whole days since 1970-01-01 (UTC) and as milliseconds.
    var asOfDays: Int { Int((options.asOf.timeIntervalSince1970 / 86_400).rounded(.down)) }
    var asOfMilliseconds: Int64 { Int64((options.asOf.timeIntervalSince1970 * 1000).rounded(.down)) }
}

// MARK: - Writing encoded values

/// An encoded field's transform as plain values, so that writing a value touches no reference-counted storage.
struct FieldWriter {
    enum Kind { case robust, identity, oneHot }
    let kind: Kind
    let usesLog: Bool
    let median: Double
    let scale: Double
    /// The one-hot levels (0 for other kinds).
    let levelCount: Int
    let hasMissingIndicator: Bool
    let logTable = WholeNumberLog.table

    init(_ field: EncodedField) {
        hasMissingIndicator = field.hasMissingIndicator
        switch field.transform {
        case .robust(let usesLog, let median, let scale):
            (kind, self.usesLog, self.median, self.scale, levelCount) = (.robust, usesLog, median, scale, 0)
        case .identity:
            (kind, usesLog, median, scale, levelCount) = (.identity, false, 0, 1, 0)
        case .oneHot(let levels):
            (kind, usesLog, median, scale, levelCount) = (.oneHot, false, 0, 1, levels.count)
        }
    }

    /// Writes the field's columns for one value: the number for robust and identity fields, the level index for
    /// one-hot fields (−1 for a level not seen when fitting: all zeros); NaN is missing.
    @inline(__always)
    func write(_ value: Double, clip: Double, to out: UnsafeMutablePointer<Float>) {
        let missing = value.isNaN
        switch kind {
        case .robust:
            if missing {
                out[0] = 0
            } else {
                let x = usesLog ? WholeNumberLog.value(max(value, 0), table: logTable) : value
                out[0] = Float(min(clip, max(-clip, (x - median) / scale)))
            }
            if hasMissingIndicator { out[1] = missing ? 1 : 0 }
        case .identity:
            out[0] = missing ? 0 : Float(value)
            if hasMissingIndicator { out[1] = missing ? 1 : 0 }
        case .oneHot:
            for j in 0..<levelCount { out[j] = 0 }
            if !missing, value >= 0 { out[Int(value)] = 1 }
            if hasMissingIndicator { out[levelCount] = missing ? 1 : 0 }
        }
    }
}

extension FeatureEncoder {
    /// Fills an `n × columnCount` matrix from per-field value arrays, then projects and normalises it.
    func assemble(rowCount n: Int, values: [[Double]]) -> Matrix<Float> {
        var encoded = columns(rowCount: n, values: values)
        if projection != nil { encoded = project(encoded) }
        Self.normalizeRows(&encoded)
        return encoded
    }

    /// The `n × columnCount` encoded columns of per-field value arrays, before projection and normalisation.
    func columns(rowCount n: Int, values: [[Double]]) -> Matrix<Float> {
        precondition(values.count == fields.count, "FeatureEncoder.columns: \(values.count) value arrays for \(fields.count) fields")
        let width = columnCount
        let clip = options.clipLimit
        let writers = fields.map(FieldWriter.init), offsets = columnOffsets
        return Matrix(rows: n, columns: width) { out in
            guard let base = out.baseAddress else { return }
            // Blocks of rows on every core; each row is written by one worker alone.
            Parallel.forEachBlock(of: n) { rows in
                for (f, writer) in writers.enumerated() {
                    values[f].withUnsafeBufferPointer { column in
                        for i in rows { writer.write(column[i], clip: clip, to: base + i * width + offsets[f]) }
                    }
                }
            }
        }
    }

    /// Each field's first column.
    var columnOffsets: [Int] {
        var offsets: [Int] = [], offset = 0
        for field in fields {
            offsets.append(offset)
            offset += field.columnCount
        }
        return offsets
    }

    /// Applies the PCA projection, if any.
    func project(_ encoded: Matrix<Float>) -> Matrix<Float> {
        guard let projection else { return encoded }
        let width = encoded.columns, rowCount = encoded.rows
        var centered = encoded
        centered.withUnsafeMutableBufferPointer { p in
            for i in 0..<rowCount {
                for j in 0..<width { p[i * width + j] -= projection.mean[j] }
            }
        }
        let components = Matrix<Float>(rows: projection.dimension, columns: width, elements: projection.components)
        return centered.multiplied(by: components, transposingOther: true)
    }

    /// Divides every row by its L2 norm (zero rows stay zero), in place.
    static func normalizeRows(_ m: inout Matrix<Float>) {
        let width = m.columns, rowCount = m.rows
        m.withUnsafeMutableBufferPointer { buffer in
            guard let p = buffer.baseAddress else { return }
            Parallel.forEachBlock(of: rowCount) { rows in
                for i in rows { normalizeRow(p + i * width, width: width) }
            }
        }
    }

    /// Divides one row by its L2 norm (a zero row stays zero).
    @inline(__always)
    static func normalizeRow(_ row: UnsafeMutablePointer<Float>, width: Int) {
        var sum: Float = 0
        for j in 0..<width { sum += row[j] * row[j] }
        if sum > 0 {
            let inverse = 1 / sum.squareRoot()
            for j in 0..<width { row[j] *= inverse }
        }
    }
}
