import CustomerData
import Foundation
import Segments

/// What `audience eval` prints: the member count, per-rule counts and the first members.
public struct EvaluationSummary: Codable, Sendable {
    /// The definition in canonical text syntax.
    public var definition: String
    /// The instant relative dates resolved against (ISO 8601).
    public var asOf: String
    public var timeZone: String
    public var customerCount: Int
    public var memberCount: Int
    /// Members as a percentage of all customers.
    public var percent: Double
    /// Per rule: its own count and the running count after its set operation.
    public var rules: [RuleCount]
    /// The first members' customer ids, in snapshot order.
    public var firstMembers: [String]
    public var seconds: Double

    /// The summary for the terminal.
    public var text: String {
        var lines = [
            "\(memberCount.grouped) of \(customerCount.grouped) customers (\(String(format: "%.2f", percent)) %) as of \(asOf) (\(timeZone))",
            "  \(definition)",
        ]
        if rules.count > 1 {
            lines.append("Rules:")
            for rule in rules {
                let operation = rule.combine.map { "\($0.rawValue) " } ?? ""
                lines.append("  \(rule.rule + 1). \(operation)rule: \(rule.count.grouped) customers → \(rule.runningCount.grouped) so far")
            }
        }
        if !firstMembers.isEmpty {
            lines.append("First members: " + firstMembers.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }
}

extension Workspace {
    /// Reads a definition: JSON when it starts with `{`, else the text syntax;
    /// `@path` reads it from a file first.
    ///
    /// - Throws: `SegmentSyntaxError` / `SegmentValidationError` naming the line:column or
    ///   the path of each problem, before anything runs.
    public func parseDefinition(_ input: String, catalog: SegmentCatalog) throws -> SegmentDefinition {
        var source = input
        if input.hasPrefix("@") {
            let path = String(input.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                throw WorkspaceError.missingFile(path: path, role: "definition file")
            }
            source = String(decoding: data, as: UTF8.self)
        }
        let trimmed = source.trimmingCharacters(in: .whitespacesAndNewlines)
        let definition: SegmentDefinition
        if trimmed.hasPrefix("{") {
            definition = try SegmentDefinition(json: Data(trimmed.utf8))
            try catalog.validate(definition)
        } else {
            definition = try catalog.definition(text: trimmed)
        }
        return definition
    }

    /// An evaluator over the live snapshot at `asOf` (default now).
    public func evaluator(asOf: Date = Date()) throws -> SegmentEvaluator {
        try SegmentEvaluator(snapshot: try liveSnapshot(), config: config, asOf: asOf)
    }

    /// Evaluates one definition over the live snapshot without storing anything.
    ///
    /// Segment references resolve to the stored segments' current members.
    public func evaluate(_ input: String, asOf: Date = Date(), limit: Int = 10) throws -> EvaluationSummary {
        let started = Date()
        let evaluator = try evaluator(asOf: asOf)
        var catalog = evaluator.catalog
        for segment in try store.segments() {
            catalog.segments[segment.name] = []
        }
        let definition = try parseDefinition(input, catalog: catalog)
        let capacity = evaluator.customerCount
        let store = self.store
        let result = try evaluator.evaluate(definition, named: "definition") { name in
            guard let record = try? store.segment(named: name),
                  let members = try? store.currentMembers(segmentID: record.id)
            else { return nil }
            return Bitset(members, capacity: capacity)
        }
        let zone = evaluator.time.timeZone
        return EvaluationSummary(
            definition: definition.text,
            asOf: Self.isoText(asOf, timeZone: zone),
            timeZone: zone.identifier,
            customerCount: capacity,
            memberCount: result.count,
            percent: capacity == 0 ? 0 : 100 * Double(result.count) / Double(capacity),
            rules: result.ruleCounts,
            firstMembers: evaluator.customerIDs(of: result.members, limit: limit),
            seconds: Date().timeIntervalSince(started))
    }

    /// `2025-06-30T12:00:00+02:00` in `timeZone`.
    static func isoText(_ date: Date, timeZone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = timeZone
        return formatter.string(from: date)
    }
}

extension Workspace {
    /// Reads an `--as-of` value: `2025-06-30` (the start of that day in the workspace
    /// time zone), `2025-06-30T12:00:00` (local) or an ISO 8601 instant with an offset.
    public func instant(_ text: String) throws -> Date {
        let zone = TimeZone(identifier: config.timeZone) ?? .gmt
        let withOffset = ISO8601DateFormatter()
        if let date = withOffset.date(from: text) { return date }
        let local = DateFormatter()
        local.locale = Locale(identifier: "en_US_POSIX")
        local.timeZone = zone
        for format in ["yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd"] {
            local.dateFormat = format
            if let date = local.date(from: text) { return date }
        }
        throw WorkspaceError.badValue(
            field: "as-of", value: text,
            expected: "a date (2025-06-30), a local datetime (2025-06-30T12:00:00) or an instant with an offset")
    }
}
