import ArgumentParsing
import Foundation
import Workspace

extension Tool {
    static let ingestCommand = Command(
        name: "ingest",
        abstract: "Read the workspace's sources into a new typed columnar snapshot and switch to it.",
        discussion: """
            The new snapshot is written beside the live one and switched in atomically when it
            is complete: a failed or interrupted ingest leaves the previous snapshot in use.
            Rows that do not parse fail the ingest unless the source's "onError" policy skips them.
            """,
        options: [
            workspaceOption,
            .flag("json", help: "Print the ingest report as JSON."),
        ],
        action: runIngest)

    private static func runIngest(_ parsed: ParsedArguments) throws -> Int32 {
        let workspace = try Workspace.open(at: workspaceDirectory(parsed))
        let bar = ProgressBar(label: "ingest")
        let outcome: IngestOutcome
        do {
            outcome = try workspace.ingest { fraction, note in bar.update(fraction, note: note) }
            bar.finish()
        } catch {
            bar.finish()
            throw error
        }
        if parsed.flag("json") {
            print(try outcome.jsonText())
        } else {
            print(outcome.summary)
        }
        return ExitCode.success
    }

    static let describeCommand = Command(
        name: "describe",
        abstract: "Print the live snapshot's schema, row counts and per-column statistics.",
        options: [
            workspaceOption,
            .flag("json", help: "Print the description as JSON."),
        ],
        action: { parsed in
            let workspace = try Workspace.open(at: workspaceDirectory(parsed))
            let description = try workspace.describe()
            print(parsed.flag("json") ? try description.jsonText() : description.text)
            return ExitCode.success
        })

    static let verifyCommand = Command(
        name: "verify",
        abstract: "Open the live snapshot, read every activity column, and print the time and a checksum.",
        options: [
            workspaceOption,
            .flag("json", help: "Print the result as JSON."),
        ],
        action: { parsed in
            let check = try Workspace.open(at: workspaceDirectory(parsed)).verifySnapshot()
            if parsed.flag("json") {
                print(try jsonText(check))
            } else {
                print("\(check.generation): \(check.customers) customers, \(check.activities) activities read in "
                    + "\(String(format: "%.3f", check.seconds)) s (checksum \(String(check.checksum, radix: 16)))")
            }
            return ExitCode.success
        })

    static let fixturesCommand = Command(
        name: "fixtures",
        abstract: "Make test and benchmark data.",
        subcommands: [
            Command(
                name: "generate",
                abstract: "Write deterministic synthetic retail data: customers, activities, personas and an audience.json.",
                discussion: """
                    The same arguments always write the same bytes. The data has planted structure
                    (personas and rules, see fixtures/README.md) for the AI features to find.
                    Example: audience fixtures generate --customers 1000000 --activities 10000000 --seed 1 --out big
                    """,
                options: [
                    .value("customers", placeholder: "N", help: "How many customers.", default: "5000"),
                    .value("activities", placeholder: "M", help: "How many activities in all.", default: "50000"),
                    .value("seed", placeholder: "S", help: "The random seed.", default: "42"),
                    .value("out", placeholder: "DIR", help: "The folder to write (created if missing)."),
                ],
                action: runGenerate)
        ])

    private static func runGenerate(_ parsed: ParsedArguments) throws -> Int32 {
        let customers = try parsed.requiredInt("customers", minimum: 1)
        let activities = try parsed.requiredInt("activities", minimum: 0)
        let seed = try parsed.requiredInt("seed", minimum: 0)
        let out = URL(fileURLWithPath: try parsed.required("out"))
        let bar = ProgressBar(label: "generate")
        let summary = try Workspace.generateSyntheticRetail(
            customers: customers, activities: activities, seed: UInt64(seed), to: out
        ) { bar.update($0) }
        bar.finish()
        print(summary)
        return ExitCode.success
    }
}
