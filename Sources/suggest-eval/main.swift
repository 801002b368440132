// suggest-eval: runs the suggestions on a workspace source folder (data files
// plus audience.json) and writes the run as JSON, for notebooks and
// benchmarks. Release-mode figures go to stdout, one line each.
//
//   suggest-eval measure  --source DIR --primary NAME [--share-of VALUE] --influencing A,B,C [--out FILE] [--resamples N]
//   suggest-eval activity --source DIR [--types A,B] [--as-of yyyy-MM-dd] [--period all_time|last_year|last_month] [--out FILE]
//   suggest-eval bench    [--customers N] [--attributes N] [--source DIR --as-of yyyy-MM-dd]

import CustomerData
import Foundation
import LinearAlgebra
import Segments
import Suggestions

@preconcurrency import Glibc

struct Arguments {
    var command: String
    var options: [String: String]

    init() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        guard let command = args.first else { throw UsageError(message: "name a command: measure, activity or bench") }
        self.command = command
        args.removeFirst()
        var options: [String: String] = [:]
        while let key = args.first, key.hasPrefix("--") {
            args.removeFirst()
            guard let value = args.first else { throw UsageError(message: "\(key) needs a value") }
            args.removeFirst()
            options[String(key.dropFirst(2))] = value
        }
        if let extra = args.first { throw UsageError(message: "unexpected argument \"\(extra)\"") }
        self.options = options
    }

    func required(_ key: String) throws -> String {
        guard let v = options[key] else { throw UsageError(message: "--\(key) is required") }
        return v
    }

    func list(_ key: String) -> [String] {
        options[key].map { $0.split(separator: ",").map(String.init) } ?? []
    }
}

struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Ingests a source folder into a temporary snapshot. A source without activities
/// gets one placeholder visit, because ingesting an empty activity table traps today.
func snapshot(source: URL, scratch: URL) throws -> (Snapshot, WorkspaceConfig) {
    var config = try JSONDecoder().decode(WorkspaceConfig.self, from: Data(contentsOf: source.appendingPathComponent("audience.json")))
    var workspace = source
    if config.activities.isEmpty {
        workspace = scratch.appendingPathComponent("source", isDirectory: true)
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        let customers = source.appendingPathComponent(config.customers.path)
        let text = try String(contentsOf: customers, encoding: .utf8)
        try text.write(to: workspace.appendingPathComponent("customers.csv"), atomically: true, encoding: .utf8)
        let firstID = text.split(separator: "\n")[1].split(separator: ",")[0]
        try "customer_id,type,timestamp\n\(firstID),placeholder,2000-01-01T00:00:00\n"
            .write(to: workspace.appendingPathComponent("activities.csv"), atomically: true, encoding: .utf8)
        config.customers.path = "customers.csv"
        config.activities = [ActivitySource(name: "activities", path: "activities.csv", customerIdColumn: "customer_id",
                                            typeColumn: "type", timestampColumn: "timestamp")]
    }
    let generation = scratch.appendingPathComponent("gen-000001", isDirectory: true)
    _ = try Ingest.run(config: config, workspaceDirectory: workspace, generationDirectory: generation)
    return (try Snapshot.open(generation), config)
}

/// Midnight UTC of a `yyyy-MM-dd` date, in milliseconds.
func utcMilliseconds(_ text: String) throws -> Int64 {
    guard let date = CalendarDate(iso: text) else { throw UsageError(message: "\"\(text)\" is not a date (yyyy-MM-dd)") }
    return Int64(date.daysSinceEpoch) * 86_400_000
}

/// The run JSON with each suggestion's member ids beside it.
func write(_ run: SuggestionRun, snapshot: Snapshot, to path: String?) throws {
    let runObject = try JSONSerialization.jsonObject(with: run.jsonData(prettyPrinted: false))
    let members = run.suggestions.map { $0.memberRows.map { snapshot.customerID(ofRow: $0) } }
    let data = try JSONSerialization.data(withJSONObject: ["run": runObject, "members": members], options: [.sortedKeys])
    if let path {
        try data.write(to: URL(fileURLWithPath: path))
    } else {
        FileHandle.standardOutput.write(data)
    }
}

func main() throws {
    let args = try Arguments()
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("suggest-eval-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    switch args.command {
    case "measure":
        let (snap, _) = try snapshot(source: URL(fileURLWithPath: try args.required("source")), scratch: scratch)
        var request = MeasureSuggestionRequest(primary: try args.required("primary"), shareOf: args.options["share-of"],
                                               influencing: args.list("influencing"))
        if let r = args.options["resamples"], let n = Int(r) { request.options.bootstrapResamples = n }
        if let r = args.options["max"], let n = Int(r) { request.options.maximumSuggestions = n }
        let run = try MeasureSuggestions.run(request, snapshot: snap)
        try write(run, snapshot: snap, to: args.options["out"])
    case "activity":
        let (snap, config) = try snapshot(source: URL(fileURLWithPath: try args.required("source")), scratch: scratch)
        let period: ActivityPeriod
        switch args.options["period"] ?? "all_time" {
        case "all_time": period = .allTime
        case "last_year": period = .lastYear
        case "last_month": period = .lastMonth
        case let other: throw UsageError(message: "unknown period \"\(other)\"")
        }
        let asOf = try args.options["as-of"].map(utcMilliseconds) ?? Int64(Date().timeIntervalSince1970 * 1000)
        let request = ActivitySuggestionRequest(activityTypes: args.list("types"), period: period, asOfMilliseconds: asOf,
                                                timeZone: config.timeZone)
        let run = try ActivitySuggestions.run(request, snapshot: snap)
        try write(run, snapshot: snap, to: args.options["out"])
    case "bench":
        try bench(args, scratch: scratch)
    default:
        throw UsageError(message: "unknown command \"\(args.command)\"; use measure, activity or bench")
    }
}

/// Processor seconds used by the process so far (all threads).
func cpuSeconds() -> Double {
    Double(clock()) / Double(CLOCKS_PER_SEC)
}

/// Measure suggestions on generated data (N customers, A influencing attributes), and RFM over a source's activities.
func bench(_ args: Arguments, scratch: URL) throws {
    let customers = Int(args.options["customers"] ?? "1000000") ?? 1_000_000
    let attributes = Int(args.options["attributes"] ?? "20") ?? 20
    var rng = SeededGenerator(seed: 1)
    var features: [BinnedFeature] = []
    var columns: [[Double]] = []
    for a in 0..<attributes {
        if a % 4 == 3 {
            let labels = (0..<12).map { "v\($0)" }
            let codes = (0..<customers).map { _ in UInt32(rng.next() % 12) }
            columns.append(codes.map(Double.init))
            features.append(codes.withUnsafeBufferPointer { BinnedFeature.categorical(codes: $0, labels: labels, expression: .attribute("c\(a)", .category)) })
        } else {
            let values = (0..<customers).map { _ in (rng.nextGaussian() * 15 + 45).rounded() }
            columns.append(values)
            features.append(.numeric(values, expression: .attribute("n\(a)", .number)))
        }
    }
    // A planted interaction: n0 in 30…40 and c3 = v1 triples the target.
    let target = (0..<customers).map { i -> Double in
        let base = exp(rng.nextGaussian() * 0.6) * 40
        return columns[0][i] >= 30 && columns[0][i] <= 40 && columns[3][i] == 1 ? base * 3 : base
    }
    let started = Date()
    let cpu = cpuSeconds()
    let request = MeasureSuggestionRequest(primary: "target", influencing: features.map(\.name))
    let run = MeasureSuggestions.run(request, target: target, kind: .mean, features: features)
    let seconds = Date().timeIntervalSince(started)
    print(String(format: "measure suggestions: %d customers, %d attributes, %d resamples: %.2f s wall, %.2f s processor (top: %@)",
                 customers, attributes, request.options.bootstrapResamples, seconds, cpuSeconds() - cpu,
                 run.suggestions.first?.definitionText ?? "none"))
    // Binning is part of a run from a snapshot: time it on its own.
    let binStart = Date()
    for column in columns.prefix(3) { _ = BinnedFeature.numeric(column, expression: .attribute("x", .number)) }
    print(String(format: "binning: %.3f s wall per numeric attribute", Date().timeIntervalSince(binStart) / 3))
    if let source = args.options["source"] {
        let (snap, config) = try snapshot(source: URL(fileURLWithPath: source), scratch: scratch)
        let asOf = try args.options["as-of"].map(utcMilliseconds) ?? Int64(Date().timeIntervalSince1970 * 1000)
        let request = ActivitySuggestionRequest(activityTypes: args.list("types"), period: .allTime, asOfMilliseconds: asOf,
                                                timeZone: config.timeZone)
        _ = snap.touchAllColumns()
        let rfmStart = Date()
        let rfmCPU = cpuSeconds()
        let rfm = try ActivitySuggestions.run(request, snapshot: snap, includeClusters: false)
        print(String(format: "RFM suggestions: %d customers, %d activities: %.2f s wall, %.2f s processor (%d suggestions)",
                     snap.customers.rowCount, snap.activities.rowCount, Date().timeIntervalSince(rfmStart), cpuSeconds() - rfmCPU,
                     rfm.suggestions.count))
        let clusterStart = Date()
        let clusterCPU = cpuSeconds()
        let clustered = try ActivitySuggestions.run(request, snapshot: snap, includeClusters: true)
        print(String(format: "RFM + clusters: %.2f s wall, %.2f s processor (%d clusters)", Date().timeIntervalSince(clusterStart),
                     cpuSeconds() - clusterCPU, clustered.clusters?.count ?? 0))
    }
}

do {
    try main()
} catch {
    FileHandle.standardError.write(Data("suggest-eval: \(error)\n".utf8))
    exit(1)
}
