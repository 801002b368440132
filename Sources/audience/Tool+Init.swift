import ArgumentParsing
import Foundation
import Workspace

extension Tool {
    static let initCommand = Command(
        name: "init",
        abstract: "Create a workspace folder: audience.json, audience.sqlite, data/, models/, exports/.",
        discussion: """
            With --customers (and optionally --activities) the files' columns are typed from a
            sample and written into audience.json, where you can change them before ingesting.
            With --from, a folder holding an audience.json and the files it names (such as
            fixtures/retail) is copied into the new workspace.
            Example: audience init shop --customers customers.csv --id customer_id \\
                       --activities orders.csv --customer-id customer_id --timestamp ordered_at --type purchase --amount total
            """,
        options: [
            .value("name", placeholder: "NAME", help: "The workspace's name (default: the folder's name)."),
            .value("time-zone", placeholder: "ZONE", help: "IANA time zone for dates and relative windows.", default: "UTC"),
            .value("from", placeholder: "FOLDER", help: "Copy a folder with an audience.json and its data files."),
            .value("customers", placeholder: "FILE", help: "The customers CSV file."),
            .value("id", placeholder: "COLUMN", help: "The customer id column of the customers file."),
            .value("activities", placeholder: "FILE", help: "An activities CSV file."),
            .value("activity-name", placeholder: "NAME", help: "The activity source's name.", default: "activities"),
            .value("customer-id", placeholder: "COLUMN", help: "The customer id column of the activities file."),
            .value("timestamp", placeholder: "COLUMN", help: "The date or datetime column of the activities file."),
            .value("type-column", placeholder: "COLUMN", help: "The activity type column of the activities file."),
            .value("type", placeholder: "TYPE", help: "One activity type for every row (instead of --type-column)."),
            .value("amount", placeholder: "COLUMN", help: "The amount column of the activities file."),
            .flag("copy", help: "Copy the CSV files into the workspace instead of referring to them."),
        ],
        arguments: [Argument("DIR", help: "The folder to create (it may exist but must not hold a workspace).")],
        action: runInit)

    private static func runInit(_ parsed: ParsedArguments) throws -> Int32 {
        let directory = URL(fileURLWithPath: parsed.argument("DIR")!)
        var request = WorkspaceCreation()
        request.name = parsed.string("name")
        request.timeZone = parsed.string("time-zone")
        request.copyFiles = parsed.flag("copy")
        if let from = parsed.string("from") {
            guard parsed.string("customers") == nil, parsed.string("activities") == nil else {
                throw UsageError("--from cannot be combined with --customers or --activities", commandPath: parsed.commandPath)
            }
            request.template = URL(fileURLWithPath: from)
        }
        if let customers = parsed.string("customers") {
            request.customers = .init(
                file: URL(fileURLWithPath: customers),
                idColumn: try parsed.required("id"))
        } else if parsed.string("id") != nil {
            throw UsageError("--id needs --customers", commandPath: parsed.commandPath)
        }
        if let activities = parsed.string("activities") {
            guard parsed.string("customers") != nil else {
                throw UsageError("--activities needs --customers", commandPath: parsed.commandPath)
            }
            let typeColumn = parsed.string("type-column")
            let fixedType = parsed.string("type")
            guard (typeColumn == nil) != (fixedType == nil) else {
                throw UsageError("--activities needs exactly one of --type-column and --type", commandPath: parsed.commandPath)
            }
            request.activities = .init(
                name: parsed.string("activity-name")!,
                file: URL(fileURLWithPath: activities),
                customerIdColumn: try parsed.required("customer-id"),
                timestampColumn: try parsed.required("timestamp"),
                typeColumn: typeColumn,
                fixedType: fixedType,
                amountColumn: parsed.string("amount"))
        }

        let workspace = try Workspace.create(at: directory, request)
        _ = try workspace.apiToken()
        print("Created workspace \(directory.relativePath)")
        print("  audience.json    config: sources, column types, time zone \(workspace.config.timeZone), measures")
        print("  audience.sqlite  store")
        print("  api-token        the HTTP API's bearer token (mode 0600)")
        print("  data/ models/ exports/")
        print(workspace.config.schemaSummary)
        print("Next: audience ingest --workspace \(directory.relativePath)")
        return ExitCode.success
    }
}
