import Foundation
import Testing

/// Executes the comparison notebook on credit-g when `AUDIENCE_NOTEBOOK_TESTS=1`
/// (it needs Python with pysubgroup, nbclient, scikit-learn, pandas and matplotlib).
@Suite struct NotebookTests {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["AUDIENCE_NOTEBOOK_TESTS"] == "1"))
    func comparisonNotebookRuns() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let root = fixturesFolder.deletingLastPathComponent()
        let process = Process()
        process.executableURL = root.appendingPathComponent("scripts/run-suggestions-notebook")
        let output = folder.url.appendingPathComponent("executed.ipynb")
        process.arguments = [output.path]
        var environment = ProcessInfo.processInfo.environment
        environment["SUGGESTION_RESAMPLES"] = "5"
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let executed = try String(contentsOf: output, encoding: .utf8)
        #expect(executed.contains("pysubgroup beam (WRAcc)"))
        #expect(!executed.contains("\"output_type\": \"error\""))
    }
}
