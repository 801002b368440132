// engine-bench: times the in-process segment engine on a workspace's live
// snapshot, for scripts/bench-engine (which runs DuckDB on the same data and
// prints the comparison).
//
//   engine-bench --workspace DIR --as-of 2026-01-01T00:00:00 --cases FILE.json [--repeat 5]
//
// FILE.json: {"cases": [{"name": "profile", "definitions": ["age > 30 and …", …]}, …]}.
// Each case is evaluated as one batch: once to warm up, then `repeat` times,
// the cases taking turns round by round.
// Prints one JSON object per case: the median and every time in seconds, the
// median processor time (all threads), and
// per definition the member count and the sum of the member ids (the ids
// are numbers in the benchmark data), so the script can compare members.
import Foundation
import Segments
import Workspace

struct Cases: Decodable {
    struct Case: Decodable {
        var name: String
        var definitions: [String]
    }

    var cases: [Case]
}

struct CaseResult: Encodable {
    var name: String
    var definitions: Int
    var medianSeconds: Double
    var seconds: [Double]
    /// The median processor time of a run, all threads together (steadier than the wall clock on a busy machine).
    var medianCPUSeconds: Double
    var counts: [Int]
    var idSums: [Int]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data(("engine-bench: " + message + "\n").utf8))
    exit(2)
}

func option(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let index = arguments.firstIndex(of: "--" + name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

/// The processor time of the process so far, all threads together.
func cpuSeconds() -> Double {
    var usage = rusage()
    guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { fail("getrusage failed") }
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

guard let workspacePath = option("workspace"), let casesPath = option("cases") else {
    fail("usage: engine-bench --workspace DIR --cases FILE.json [--as-of yyyy-MM-ddTHH:mm:ss] [--repeat N]")
}
let repeats = Int(option("repeat") ?? "5") ?? 5

do {
    let workspace = try Workspace.open(at: URL(fileURLWithPath: workspacePath))
    let openStart = DispatchTime.now()
    let snapshot = try workspace.liveSnapshot()
    let openSeconds = seconds(since: openStart)
    guard let zone = TimeZone(identifier: workspace.config.timeZone) else { fail("bad time zone") }
    var asOf = Date()
    if let text = option("as-of") {
        guard let literal = DateTimeLiteral(iso: text) else { fail("--as-of \(text) is not a date and time") }
        let probe = TimeContext(asOfMilliseconds: 0, timeZone: zone)
        asOf = Date(timeIntervalSince1970: Double(probe.instant(of: literal)) / 1000)
    }
    let evaluator = try SegmentEvaluator(snapshot: snapshot, config: workspace.config, asOf: asOf)
    let cases = try JSONDecoder().decode(Cases.self, from: Data(contentsOf: URL(fileURLWithPath: casesPath)))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(["snapshotOpenSeconds": openSeconds]), as: UTF8.self))

    let batches = try cases.cases.map { benchCase in
        try benchCase.definitions.enumerated().map { index, text in
            (name: "\(benchCase.name)-\(index)", definition: try evaluator.catalog.definition(text: text))
        }
    }
    // Round by round, every case in turn, so a change in the machine's load
    // falls on all cases alike and their ratios stay fair.
    var times = [[Double]](repeating: [], count: batches.count)
    var cpuTimes = [[Double]](repeating: [], count: batches.count)
    var last = [[String: EvaluationResult]](repeating: [:], count: batches.count)
    var members = [[[UInt32]]](repeating: [], count: batches.count)
    for run in 0...repeats {
        for (index, batch) in batches.enumerated() {
            let start = DispatchTime.now()
            let cpuStart = cpuSeconds()
            let results = try evaluator.evaluate(batch)
            // The members as sorted rows, as a caller storing them would need.
            members[index] = batch.map { results[$0.name]!.members.sortedMembers }
            let elapsed = seconds(since: start)
            let cpu = cpuSeconds() - cpuStart
            last[index] = results
            if run > 0 {
                times[index].append(elapsed)
                cpuTimes[index].append(cpu)
            }
        }
    }
    for (index, benchCase) in cases.cases.enumerated() {
        let batch = batches[index]
        let idSums = members[index].map { rows in rows.reduce(0) { $0 + (Int(snapshot.customerID(ofRow: Int($1))) ?? 0) } }
        let result = CaseResult(
            name: benchCase.name, definitions: batch.count, medianSeconds: median(times[index]), seconds: times[index],
            medianCPUSeconds: median(cpuTimes[index]), counts: batch.map { last[index][$0.name]!.count }, idSums: idSums)
        print(String(decoding: try encoder.encode(result), as: UTF8.self))
    }
} catch {
    fail("\(error)")
}
