import CustomerData
import Foundation

/// The in-process engine: evaluates batches of segment definitions over a
/// snapshot into member bitsets.
///
/// ```swift
/// let evaluator = try SegmentEvaluator(snapshot: snapshot, config: config, asOf: Date())
/// let results = try evaluator.evaluate([("VIP", vip), ("Lapsed", lapsed)])
/// print(results["VIP"]!.count, results["VIP"]!.ruleCounts)
/// ```
///
/// A batch is validated first (nothing runs if any definition has a problem),
/// then every measure and inline aggregate of the batch is computed in one
/// scan of the activities (`ActivityScan`), then the definitions evaluate in
/// dependency order, each condition as one pass over a column into a `Bitset`.
/// docs/engine.md describes the plan.
public final class SegmentEvaluator: Sendable {
    /// The snapshot the evaluator reads.
    public let snapshot: Snapshot
    /// The instant and zone of every relative date and window.
    public let time: TimeContext
    /// Names of attributes, activity types and fields, and measures (no segments).
    public let catalog: SegmentCatalog
    /// Measures from `audience.json` by name.
    let measures: [String: MeasureDefinition]
    /// Threads for the activity scan.
    let threads: Int
    /// Memory of aggregate columns, kept between batches so a refresh does not
    /// fault in fresh pages for every output column.
    let pool: BufferPool

    /// An evaluator over `snapshot` with the workspace's measures.
    ///
    /// - Parameters:
    ///   - hasAmount: whether the activity sources have an amount column (else `amount` is not a field).
    ///   - threads: threads of the activity scan (default: the active cores).
    ///   - keptColumnBytes: how much memory of computed columns the evaluator keeps
    ///     between batches for reuse (default 1 GiB; 0 frees it after every batch).
    public init(snapshot: Snapshot, measures: [MeasureDefinition], time: TimeContext, hasAmount: Bool = true,
                threads: Int? = nil, keptColumnBytes: Int = 1 << 30) {
        self.snapshot = snapshot
        self.time = time
        self.catalog = SegmentCatalog(snapshot: snapshot, measures: measures, hasAmount: hasAmount)
        self.measures = Dictionary(measures.map { ($0.name, $0) }, uniquingKeysWith: { _, last in last })
        self.threads = max(1, threads ?? ProcessInfo.processInfo.activeProcessorCount)
        self.pool = BufferPool(limitBytes: max(0, keptColumnBytes))
    }

    /// An evaluator over `snapshot` with the measures and time zone of `config`, at `asOf`.
    ///
    /// - Throws: `EvaluationError.badTimeZone` when `config.timeZone` is not a known zone.
    public convenience init(snapshot: Snapshot, config: WorkspaceConfig, asOf: Date = Date(), threads: Int? = nil) throws {
        guard let zone = TimeZone(identifier: config.timeZone) else {
            throw EvaluationError.badTimeZone(config.timeZone)
        }
        self.init(snapshot: snapshot, measures: config.measures, time: TimeContext(asOf: asOf, timeZone: zone),
                  hasAmount: config.activities.contains { $0.amountColumn != nil }, threads: threads)
    }

    /// The number of customers: every bitset ranges over `0..<customerCount`.
    public var customerCount: Int { snapshot.customers.rowCount }

    /// The customer ids of the first `limit` members, in row order.
    public func customerIDs(of members: Bitset, limit: Int = Int.max) -> [String] {
        members.members(limit: limit).map { snapshot.customerID(ofRow: Int($0)) }
    }

    /// A customer attribute as a column, or `nil` when there is none of that name.
    func attributeColumn(_ name: String) -> ValueColumn? {
        guard name != snapshot.manifest.customers.idColumn, let column = snapshot.customers.column(named: name) else {
            return nil
        }
        return ValueColumn(column, snapshot: snapshot)
    }

    /// The aggregate a named measure computes.
    func aggregate(ofMeasure name: String) throws -> ActivityAggregate {
        guard let measure = measures[name] else {
            throw EvaluationError.badMeasure(name, reason: "no such measure in audience.json")
        }
        do {
            return try ActivityAggregate(measure: measure)
        } catch {
            throw EvaluationError.badMeasure(name, reason: "\(error)")
        }
    }
}
