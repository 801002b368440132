import CustomerData
import Foundation
import SegmentStore

extension Workspace {
    /// Creates a workspace in `directory` (made if missing): the folders, the store and
    /// `audience.json`, written last, so a failed `init` can simply be run again.
    ///
    /// - Throws: `WorkspaceError.alreadyAWorkspace`, `.missingFile` for a source or template,
    ///   `IngestError` when a CSV header cannot be read.
    public static func create(at directory: URL, _ request: WorkspaceCreation) throws -> Workspace {
        let files = FileManager.default
        if files.fileExists(atPath: directory.appendingPathComponent(WorkspaceConfig.fileName).path) {
            throw WorkspaceError.alreadyAWorkspace(path: directory.relativePath)
        }
        let directory = directory.standardizedFileURL
        try files.createDirectory(at: directory, withIntermediateDirectories: true)

        var config: WorkspaceConfig
        if let template = request.template {
            config = try copyTemplate(template, into: directory)
        } else if let customers = request.customers {
            config = try configForFiles(customers: customers, activities: request.activities, in: directory, copy: request.copyFiles)
        } else {
            config = WorkspaceConfig(
                name: directory.lastPathComponent,
                customers: CustomerSource(path: "customers.csv", idColumn: "customer_id"))
        }
        if let name = request.name { config.name = name }
        if let timeZone = request.timeZone { config.timeZone = timeZone }
        if request.template == nil && request.name == nil { config.name = directory.lastPathComponent }
        try config.check()

        for folder in folders {
            try files.createDirectory(at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let store = try Store(path: directory.appendingPathComponent(storeFileName).path)
        try config.save(toWorkspace: directory)
        return Workspace(directory: directory, config: config, store: store)
    }

    /// Copies `template/audience.json` and every relative source file it names.
    private static func copyTemplate(_ template: URL, into directory: URL) throws -> WorkspaceConfig {
        let template = template.standardizedFileURL
        guard FileManager.default.fileExists(atPath: template.appendingPathComponent(WorkspaceConfig.fileName).path) else {
            throw WorkspaceError.missingFile(
                path: template.appendingPathComponent(WorkspaceConfig.fileName).relativePath, role: "template config")
        }
        let config = try WorkspaceConfig.load(fromWorkspace: template)
        for path in [config.customers.path] + config.activities.map(\.path) where !path.hasPrefix("/") {
            let source = template.appendingPathComponent(path)
            let target = directory.appendingPathComponent(path)
            guard FileManager.default.fileExists(atPath: source.path) else {
                throw WorkspaceError.missingFile(path: source.relativePath, role: "source file named by the template")
            }
            try FileManager.default.createDirectory(
                at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: source, to: target)
        }
        return config
    }

    /// A config whose column types are inferred from the files' first rows.
    private static func configForFiles(
        customers: WorkspaceCreation.Customers, activities: WorkspaceCreation.Activities?,
        in directory: URL, copy: Bool
    ) throws -> WorkspaceConfig {
        let customerColumns = try inferredTypes(of: customers.file, excluding: [customers.idColumn], required: [customers.idColumn])
        var config = WorkspaceConfig(
            name: directory.lastPathComponent,
            customers: CustomerSource(
                path: try place(customers.file, in: directory, copy: copy),
                idColumn: customers.idColumn,
                columns: customerColumns))
        if let activities {
            let mapped = [activities.customerIdColumn, activities.timestampColumn, activities.typeColumn, activities.amountColumn]
                .compactMap { $0 }
            config.activities = [
                ActivitySource(
                    name: activities.name,
                    path: try place(activities.file, in: directory, copy: copy),
                    customerIdColumn: activities.customerIdColumn,
                    typeColumn: activities.typeColumn,
                    fixedType: activities.fixedType,
                    timestampColumn: activities.timestampColumn,
                    amountColumn: activities.amountColumn,
                    columns: try inferredTypes(of: activities.file, excluding: mapped, required: mapped))
            ]
        }
        return config
    }

    /// The inferred type of every column of `file` but `excluding`, after checking `required` columns exist.
    private static func inferredTypes(of file: URL, excluding: [String], required: [String]) throws -> [String: ColumnType] {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw WorkspaceError.missingFile(path: file.relativePath, role: "CSV file")
        }
        let columns = try inferColumns(ofCSVAt: file, format: .standard)
        let names = Set(columns.map(\.name))
        for column in required where !names.contains(column) {
            throw WorkspaceError.invalidConfig(
                file: file.lastPathComponent, field: "header",
                message: "has no column \"\(column)\"; its columns are \(columns.map { "\"\($0.name)\"" }.joined(separator: ", "))")
        }
        var types: [String: ColumnType] = [:]
        for column in columns where !excluding.contains(column.name) {
            types[column.name] = column.type
        }
        return types
    }

    /// The path to write into `audience.json` for `file`: copied into `sources/`, or relative to the workspace.
    private static func place(_ file: URL, in directory: URL, copy: Bool) throws -> String {
        let file = file.standardizedFileURL
        if copy {
            let sources = directory.appendingPathComponent("sources")
            try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
            let target = sources.appendingPathComponent(file.lastPathComponent)
            try? FileManager.default.removeItem(at: target)
            try FileManager.default.copyItem(at: file, to: target)
            return "sources/" + file.lastPathComponent
        }
        return relativePath(of: file, from: directory)
    }

    /// `file`'s path relative to `directory` (`../data/customers.csv`).
    static func relativePath(of file: URL, from directory: URL) -> String {
        let fileParts = file.standardizedFileURL.pathComponents
        let directoryParts = directory.standardizedFileURL.pathComponents
        var common = 0
        while common < min(fileParts.count, directoryParts.count) - 1, fileParts[common] == directoryParts[common] {
            common += 1
        }
        let up = Array(repeating: "..", count: directoryParts.count - common)
        return (up + fileParts[common...]).joined(separator: "/")
    }
}

extension WorkspaceConfig {
    /// The sources and their declared columns, a few lines for the terminal.
    public var schemaSummary: String {
        func columns(_ types: [String: ColumnType]) -> String {
            types.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value.rawValue)" }.joined(separator: ", ")
        }
        var lines = ["customers  \(customers.path) (id \"\(customers.idColumn)\")"]
        if !customers.columns.isEmpty { lines.append("  " + columns(customers.columns)) }
        for source in activities {
            let type = source.typeColumn.map { "type column \"\($0)\"" } ?? "type \"\(source.fixedType ?? "")\""
            lines.append("activities \(source.name): \(source.path) (customer \"\(source.customerIdColumn)\", time \"\(source.timestampColumn)\", \(type))")
            if !source.columns.isEmpty { lines.append("  " + columns(source.columns)) }
        }
        if !measures.isEmpty { lines.append("measures   " + measures.map(\.name).joined(separator: ", ")) }
        return lines.joined(separator: "\n")
    }
}
