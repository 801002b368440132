import CustomerData
import Foundation
import Workspace

extension APIServer {
    /// `GET /api/workspace`, `GET /api/workspace/schema` and `POST /api/ingest`.
    static func addWorkspaceRoutes(
        to router: inout Router, workspace: Workspace, jobs: JobRunner, translator: FailureTranslator
    ) {
        let live = LiveSnapshotCache(workspace: workspace)
        router.add(
            "GET", "/api/workspace",
            RouteDocumentation(
                summary: "Shows the workspace: name, time zone, sources, measures and the live snapshot.",
                tag: "workspace", responseSchema: "WorkspaceInfo")
        ) { _ in
            try live.encodedAnswer("workspace") { workspaceInfo(workspace, snapshot: $0) }
        }

        router.add(
            "GET", "/api/workspace/schema",
            RouteDocumentation(
                summary: "Describes the live snapshot: tables, column types and per-column statistics.",
                tag: "workspace", responseSchema: "WorkspaceDescription", errorStatuses: [404])
        ) { _ in
            try live.encodedAnswer("schema") { _ in try live.describe() }
        }

        router.add(
            "POST", "/api/ingest",
            RouteDocumentation(
                summary: "Starts an ingest of the sources into a new snapshot (a job; poll /api/jobs/{id}).",
                tag: "workspace", successStatus: 202, responseSchema: "Job", errorStatuses: [409])
        ) { _ in
            if let running = jobs.jobs().first(where: { $0.kind == "ingest" && !$0.isFinished }) {
                throw HTTPError(
                    status: 409, message: "an ingest is already under way (job \(running.id))",
                    headers: [HTTPHeader("Location", "/api/jobs/\(running.id)")])
            }
            let job = jobs.start(kind: "ingest") { progress in
                let outcome = try workspace.ingest { fraction, note in progress.update(fraction, note: note) }
                live.invalidate()
                return try JSONValue(encoding: ingestResult(outcome, translator: translator))
            }
            return try accepted(job)
        }
    }

    /// The answer of `GET /api/workspace`.
    static func workspaceInfo(_ workspace: Workspace, snapshot: WorkspaceInfo.Snapshot?) -> WorkspaceInfo {
        let config = workspace.config
        var sources = [
            WorkspaceInfo.Source(
                name: "customers", kind: "customers", file: fileName(config.customers.path),
                idColumn: config.customers.idColumn, columns: config.customers.columns)
        ]
        for source in config.activities {
            sources.append(
                WorkspaceInfo.Source(
                    name: source.name, kind: "activities", file: fileName(source.path),
                    idColumn: source.customerIdColumn, timestampColumn: source.timestampColumn,
                    typeColumn: source.typeColumn, fixedType: source.fixedType, amountColumn: source.amountColumn,
                    columns: source.columns))
        }
        return WorkspaceInfo(
            name: config.name, timeZone: config.timeZone, version: Workspace.version, sources: sources,
            measures: config.measures, snapshot: snapshot)
    }

    /// The result of an ingest job, with file names in place of paths.
    static func ingestResult(_ outcome: IngestOutcome, translator: FailureTranslator) -> IngestResult {
        var report = outcome.report
        func clean(_ source: inout IngestReport.Source) {
            source.file = fileName(source.file)
            for index in source.badRows.indices {
                source.badRows[index].message = translator.withoutDirectories(source.badRows[index].message)
            }
        }
        clean(&report.customers)
        for index in report.activities.indices { clean(&report.activities[index]) }
        return IngestResult(
            generation: outcome.snapshot.directoryName, customers: outcome.snapshot.customerCount,
            activities: outcome.snapshot.activityCount, removedGenerations: outcome.removedGenerations,
            report: report)
    }

    /// The last component of a config path (`sources/customers.csv` → `customers.csv`).
    static func fileName(_ path: String) -> String {
        path.split(separator: "/").last.map(String.init) ?? path
    }
}
