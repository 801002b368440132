import CustomerData
import Foundation
import Segments

extension FeatureEncoder {
    /// A measure's values for every customer of a snapshot, as the encoder reads them, with its result type.
    struct MeasureColumn {
        /// The result type's raw name: `number`, `date` or `datetime`.
        var type: String
        /// Numbers as they are; dates and datetimes as their age in days at the as-of instant; NaN where empty.
        var values: [Double]
    }

    /// The measures of `measures` that can be encoded (those whose result is a number, date or datetime), each
    /// with its result type, and the others with the reason they are left out.
    static func encodableMeasures(_ measures: EncodedMeasures, names: [String], snapshot: Snapshot)
        -> (usable: [(name: String, type: String)], leftOut: [LeftOutField]) {
        let catalog = SegmentCatalog(snapshot: snapshot, measures: measures.definitions, hasAmount: measures.hasAmount)
        let idColumn = snapshot.manifest.customers.idColumn
        var usable: [(name: String, type: String)] = [], leftOut: [LeftOutField] = []
        for name in names {
            guard let definition = measures.definitions.first(where: { $0.name == name }) else { continue }
            if name == idColumn || snapshot.customers.column(named: name) != nil {
                leftOut.append(LeftOutField(name: name, reason: "a measure named like a customer field is not encoded"))
                continue
            }
            do {
                _ = try ActivityAggregate(measure: definition)
            } catch {
                leftOut.append(LeftOutField(name: name, reason: "measure cannot be computed (\(error))"))
                continue
            }
            switch catalog.resultType(ofMeasure: name) {
            case .number?: usable.append((name, "number"))
            case .date?: usable.append((name, "date"))
            case .datetime?: usable.append((name, "datetime"))
            case let type?: leftOut.append(LeftOutField(name: name, reason: "measure of type \(type.rawValue) is not encoded"))
            case nil:
                leftOut.append(LeftOutField(name: name, reason: "measure of field \(definition.field ?? "?") that the activities do not have"))
            }
        }
        return (usable, leftOut)
    }

    /// The record of the measures kept as fields, with the snapshot's type of each activity field they read.
    static func keptMeasures(_ names: [String], of measures: EncodedMeasures, snapshot: Snapshot) -> EncodedMeasures {
        let definitions = names.compactMap { name in measures.definitions.first { $0.name == name } }
        var types: [String: ColumnType] = [:]
        for definition in definitions {
            guard let aggregate = try? ActivityAggregate(measure: definition) else { continue }
            for name in [aggregate.field].compactMap({ $0 }) + aggregate.conditions.map(\.field) {
                if let column = snapshot.activities.column(named: name) { types[name] = column.type }
            }
        }
        return EncodedMeasures(definitions: definitions, timeZone: measures.timeZone, hasAmount: measures.hasAmount,
                               activityFields: types)
    }

    /// The named measures for every customer of a snapshot, computed in one scan of its activities as a
    /// refresh computes them, as of `asOf` in the measures' time zone.
    ///
    /// - Throws: `EvaluationError` for an unknown time zone or a measure the engine cannot compute.
    static func measureColumns(_ snapshot: Snapshot, measures: EncodedMeasures, names: [String], asOf: Date)
        throws -> [String: MeasureColumn] {
        guard !names.isEmpty else { return [:] }
        guard let zone = TimeZone(identifier: measures.timeZone) else { throw EvaluationError.badTimeZone(measures.timeZone) }
        let time = TimeContext(asOf: asOf, timeZone: zone)
        let evaluator = SegmentEvaluator(snapshot: snapshot, measures: measures.definitions, time: time,
                                         hasAmount: measures.hasAmount, keptColumnBytes: 0)
        let raw = try evaluator.measureValues(names)
        let asOfMilliseconds = Int64((asOf.timeIntervalSince1970 * 1000).rounded(.down))
        let asOfDays = Double(Int((asOf.timeIntervalSince1970 / 86_400).rounded(.down)))
        var columns: [String: MeasureColumn] = [:]
        for name in names {
            guard let values = raw[name] else { continue }
            switch evaluator.catalog.resultType(ofMeasure: name) {
            case .number?:
                columns[name] = MeasureColumn(type: "number", values: values)
            case .date?:
                // Day numbers since 1970-01-01, as a customers file's date column reads.
                columns[name] = MeasureColumn(type: "date", values: values.map { $0.isNaN ? .nan : asOfDays - $0 })
            case .datetime?:
                // Days since the epoch (milliseconds / 86 400 000).
                columns[name] = MeasureColumn(type: "datetime", values: values.map {
                    $0.isNaN ? .nan : Double(asOfMilliseconds - Int64(($0 * 86_400_000).rounded())) / 86_400_000
                })
            default:
                continue
            }
        }
        return columns
    }
}
