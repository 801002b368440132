import Foundation
import Testing

/// Runs the built `audience` tool as a user would, in a temporary folder per test.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package's root folder.
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `audience` executable built beside the test bundle.
    static let executable: URL = {
        let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for folder in [besideTests, besideTests.deletingLastPathComponent(), packageRoot.appendingPathComponent(".build/debug")] {
            let candidate = folder.appendingPathComponent("audience")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        return packageRoot.appendingPathComponent(".build/debug/audience")
    }()

    /// A fresh temporary folder, removed by `cleanUp()`.
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("audience-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func cleanUp() {
        try? FileManager.default.removeItem(at: directory)
    }

    /// A path inside the test's folder.
    func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    /// Writes `text` to `name` in the test's folder.
    func write(_ text: String, to name: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    /// Starts `audience arguments…` in the test's folder without waiting.
    func start(_ arguments: [String]) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "AUDIENCE_WORKSPACE")
        process.environment = environment
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        return (process, out, err)
    }

    /// Runs `audience arguments…` in the test's folder and waits for it.
    @discardableResult
    func run(_ arguments: String...) throws -> Result {
        try run(arguments)
    }

    @discardableResult
    func run(_ arguments: [String]) throws -> Result {
        let (process, out, err) = try start(arguments)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    /// Runs a command that must succeed and returns its standard output.
    @discardableResult
    func succeed(_ arguments: String..., sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments)
        #expect(result.status == 0, "audience \(arguments.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// `describe --json` of a workspace, decoded.
    func describe(_ workspace: String) throws -> [String: Any] {
        let text = try succeed("describe", "--workspace", workspace, "--json")
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Row counts per table from `describe --json`.
    func rowCounts(_ workspace: String) throws -> [String: Int] {
        let snapshot = try #require(try describe(workspace)["snapshot"] as? [String: Any])
        let tables = try #require(snapshot["tables"] as? [[String: Any]])
        var counts: [String: Int] = [:]
        for table in tables {
            counts[try #require(table["name"] as? String)] = try #require(table["rowCount"] as? Int)
        }
        return counts
    }

    /// Makes and ingests workspace `ws`: four customers (`id,age,tier`, one age empty) and
    /// the activities `events` (`who,when,what,total` rows after the header), in Europe/Berlin.
    func makeSmallWorkspace(events: String) throws {
        try write("id,age,tier\n1,34,gold\n2,,silver\n3,51,gold\n4,38,bronze\n", to: "people.csv")
        try write("who,when,what,total\n" + events, to: "events.csv")
        try succeed(
            "init", "ws", "--customers", "people.csv", "--id", "id", "--activities", "events.csv",
            "--customer-id", "who", "--timestamp", "when", "--type-column", "what", "--amount", "total",
            "--time-zone", "Europe/Berlin")
        try succeed("ingest", "--workspace", "ws")
    }
}
