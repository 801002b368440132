import Foundation
import Testing

/// The example models in the repository's `models/`: what they say about themselves, and that
/// `scripts/make-models` (what `make models` runs) retrains them to the same scores.
@Suite struct ExampleModelsTests {
    /// One committed example model and what it was trained on.
    struct Example: Sendable, CustomTestStringConvertible {
        /// The file stem in `models/`.
        var name: String
        var sourceSegment: String
        /// The fixture folder whose customers it was trained on and is scored on here.
        var fixture: String
        var sourceCount: Int
        /// A backtest AUC the model is well above (the figures are in models/README.md).
        var minimumAUC: Double

        var testDescription: String { name }
        var json: URL { CLI.packageRoot.appendingPathComponent("models/\(name).json") }
        var customers: String { CLI.packageRoot.appendingPathComponent("fixtures/\(fixture)/customers.csv").path }
    }

    static let examples = [
        Example(name: "credit-g-bad-credit", sourceSegment: "Bad credit", fixture: "credit-g", sourceCount: 300, minimumAUC: 0.7),
        Example(name: "retail-high-value", sourceSegment: "High value", fixture: "retail", sourceCount: 320, minimumAUC: 0.85),
    ]

    /// Scores are written with six decimals; a retrained model gives the committed model's scores to this…
    static let scoreTolerance = 1e-4
    /// …but for a few customers (at most 1 %) that sit exactly on a rank reference of the model (a
    /// target-sample customer ties its own margin): a last-bit rounding difference of BLAS on another
    /// CPU family moves such a customer off the tie by half a rank step, about 5e-4 in score.
    static let tieTolerance = 2e-3
    /// The same for every number of the model's JSON, relative for numbers above 1.
    static let modelTolerance = 1e-4

    @Test(arguments: examples) func theCommittedModelDescribesItself(_ example: Example) throws {
        let document = try Self.jsonObject(example.json)
        #expect(document["format"] as? String == "audience-lookalike-model")
        #expect(document["formatVersion"] as? Int == 1)
        #expect(document["binaryFile"] as? String == "\(example.name).bin", "the JSON names the binary file beside it")
        #expect(FileManager.default.fileExists(atPath: example.json.deletingPathExtension().appendingPathExtension("bin").path))
        let metadata = try #require(document["metadata"] as? [String: Any])
        #expect(metadata["name"] as? String == example.name)
        #expect(metadata["sourceSegment"] as? String == example.sourceSegment)
        #expect(metadata["sourceCount"] as? Int == example.sourceCount)
        #expect((metadata["targetCount"] as? Int ?? 0) > 0)
        #expect(metadata["trainedAt"] is String)
        let backtest = try #require(metadata["backtest"] as? [String: Any])
        #expect((backtest["heldOutCount"] as? Int ?? 0) > 0)
        #expect((backtest["auc"] as? Double ?? 0) > example.minimumAUC)
        #expect((0...1).contains(backtest["recall"] as? Double ?? -1))
        #expect((metadata["influences"] as? [Any])?.isEmpty == false)
    }

    /// Runs `scripts/make-models` as `make models` does, into a temporary folder, and scores each
    /// fixture's customers with the committed and the retrained model.
    @Test func retrainingFromTheFixturesGivesTheCommittedScores() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let script = Process()
        script.executableURL = CLI.packageRoot.appendingPathComponent("scripts/make-models")
        script.arguments = [CLI.executable.path, cli.path("retrained")]
        script.currentDirectoryURL = cli.directory
        let errors = Pipe()
        script.standardOutput = FileHandle.nullDevice
        script.standardError = errors
        try script.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        script.waitUntilExit()
        try #require(script.terminationStatus == 0, "scripts/make-models failed: \(stderr)")

        for example in Self.examples {
            let retrained = cli.directory.appendingPathComponent("retrained/\(example.name).json")
            try cli.succeed("score", "--model", example.json.path, "--input", example.customers, "--output", "\(example.name)-committed.csv")
            try cli.succeed("score", "--model", retrained.path, "--input", example.customers, "--output", "\(example.name)-retrained.csv")
            let committed = try SimilarCommandTests.scores(cli.path("\(example.name)-committed.csv"))
            let again = try SimilarCommandTests.scores(cli.path("\(example.name)-retrained.csv"))
            let customers = try String(contentsOfFile: example.customers, encoding: .utf8).split(separator: "\n").count - 1
            #expect(committed.count == customers, "\(example.name): every customer scored")
            #expect(Set(committed.keys) == Set(again.keys), "\(example.name)")
            let differences = committed.map { abs($0.value - (again[$0.key] ?? .infinity)) }
            let beyond = differences.filter { $0 > Self.scoreTolerance }
            let advice = "run `make models` and commit models/ if training changed on purpose"
            #expect(beyond.count * 100 <= differences.count,
                    "\(example.name): \(beyond.count) of \(differences.count) retrained scores differ by more than \(Self.scoreTolerance); \(advice)")
            #expect((differences.max() ?? .infinity) <= Self.tieTolerance,
                    "\(example.name): retrained scores differ by up to \(differences.max() ?? .infinity); \(advice)")

            // The parts scoring a customers file alone cannot reach (activity features) must agree too.
            var changes: [String] = []
            Self.compare(try Self.jsonObject(example.json), try Self.jsonObject(retrained), at: "", into: &changes)
            #expect(changes.isEmpty, "\(example.name): retrained model differs at \(changes.prefix(5).joined(separator: "; ")); \(advice)")
            let binaryChanges = try Self.binaryDifferences(example.json, retrained)
            #expect(binaryChanges.isEmpty, "\(example.name).bin: \(binaryChanges.prefix(5).joined(separator: "; ")); \(advice)")
        }
    }

    /// `audience score` with a model of a format version this build does not read says which file and version.
    @Test func aNewerFormatVersionFailsNamingTheFileAndVersion() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let example = Self.examples[0]
        let text = try String(contentsOf: example.json, encoding: .utf8)
        let bumped = text.replacingOccurrences(of: "\"formatVersion\" : 1,", with: "\"formatVersion\" : 7,")
        try #require(bumped != text)
        try cli.write(bumped, to: "from-the-future.json")
        try FileManager.default.copyItem(
            at: example.json.deletingPathExtension().appendingPathExtension("bin"),
            to: cli.directory.appendingPathComponent("\(example.name).bin"))
        let result = try cli.run("score", "--model", cli.path("from-the-future.json"), "--input", example.customers, "--output", "out.csv")
        #expect(result.status == 3)  // bad input
        #expect(result.stderr.contains("from-the-future.json"))
        #expect(result.stderr.contains("version 7"))
        #expect(result.stderr.contains("upgrade Audience"))
        #expect(!FileManager.default.fileExists(atPath: cli.path("out.csv")))
    }

    // MARK: - Helpers

    static func jsonObject(_ url: URL) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
    }

    /// Collects the paths where two model documents differ: numbers
    /// beyond `modelTolerance`, anything else unequal. The training time is left out.
    static func compare(_ a: Any, _ b: Any, at path: String, into differences: inout [String]) {
        switch (a, b) {
        case let (a as [String: Any], b as [String: Any]):
            guard Set(a.keys) == Set(b.keys) else {
                differences.append("\(path): keys \(a.keys.sorted()) against \(b.keys.sorted())")
                return
            }
            for key in a.keys.sorted() where path + "." + key != ".metadata.trainedAt" {
                compare(a[key]!, b[key]!, at: path + "." + key, into: &differences)
            }
        case let (a as [Any], b as [Any]):
            guard a.count == b.count else {
                differences.append("\(path): \(a.count) elements against \(b.count)")
                return
            }
            for (index, (x, y)) in zip(a, b).enumerated() { compare(x, y, at: "\(path)[\(index)]", into: &differences) }
        case let (a as String, b as String):
            if a != b { differences.append("\(path): \"\(a)\" against \"\(b)\"") }
        case let (a, b) where number(a) != nil && number(b) != nil:
            let x = number(a)!, y = number(b)!
            if abs(x - y) > modelTolerance * max(1, abs(x)) { differences.append("\(path): \(x) against \(y)") }
        default:
            if "\(a)" != "\(b)" { differences.append("\(path): \(a) against \(b)") }
        }
    }

    /// Where the binary files of two models differ: the sections the JSON lists (the neighbour set as
    /// `Float32`, its source flags as bytes, the rank references as `Float64`), numbers within `modelTolerance`.
    static func binaryDifferences(_ a: URL, _ b: URL) throws -> [String] {
        let sections = try #require(try jsonObject(a)["sections"] as? [[String: Any]])
        let x = try Data(contentsOf: a.deletingPathExtension().appendingPathExtension("bin"))
        let y = try Data(contentsOf: b.deletingPathExtension().appendingPathExtension("bin"))
        guard x.count == y.count else { return ["\(x.count) bytes against \(y.count)"] }
        var differences: [String] = []
        for section in sections {
            let name = try #require(section["name"] as? String)
            let offset = try #require(section["offset"] as? Int), count = try #require(section["count"] as? Int)
            let stride = name == "reference" ? 4 : name == "referenceIsSource" ? 1 : 8
            try #require(offset + count * stride <= x.count, "section \(name) is out of bounds")
            func value(_ data: Data, _ index: Int) -> Double {
                data.withUnsafeBytes { raw in
                    switch stride {
                    case 4: return Double(raw.loadUnaligned(fromByteOffset: offset + 4 * index, as: Float.self))
                    case 1: return Double(raw[offset + index])
                    default: return raw.loadUnaligned(fromByteOffset: offset + 8 * index, as: Double.self)
                    }
                }
            }
            for index in 0..<count {
                let u = value(x, index), v = value(y, index)
                if !(abs(u - v) <= modelTolerance * max(1, abs(u))) { differences.append("\(name)[\(index)]: \(u) against \(v)") }
            }
        }
        return differences
    }

    /// A JSON number as a `Double` (JSONSerialization may give `Int`, `Double` or `NSNumber`).
    static func number(_ value: Any) -> Double? {
        switch value {
        case let value as Int: return Double(value)
        case let value as Double: return value
        case let value as NSNumber: return value.doubleValue
        default: return nil
        }
    }
}
