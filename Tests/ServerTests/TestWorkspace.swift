import Foundation
import Server
import Workspace

/// A small workspace in its own temporary folder, optionally ingested, with a server on a free port.
final class TestWorkspace {
    let directory: TemporaryDirectory
    let workspace: Workspace
    private(set) var server: APIServer?

    static let customersCSV = """
        customer_id,age,city,joined
        c1,34,Berlin,2023-01-05
        c2,51,Paris,2022-11-30
        c3,27,Berlin,2024-02-14
        c4,45,Madrid,2021-07-01

        """
    static let activitiesCSV = """
        customer_id,timestamp,type,amount
        c1,2024-03-01T10:00:00Z,purchase,12.5
        c1,2024-03-05T11:30:00Z,purchase,40
        c2,2024-03-02T09:15:00Z,visit,0
        c3,2024-03-03T18:45:00Z,purchase,7.25

        """

    /// Creates the workspace; `ingested` runs an ingest before returning.
    init(ingested: Bool = true, customersCSV: String = TestWorkspace.customersCSV) throws {
        directory = try TemporaryDirectory()
        let sources = directory.url.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: sources, withIntermediateDirectories: true)
        let customers = sources.appendingPathComponent("customers.csv")
        let activities = sources.appendingPathComponent("activities.csv")
        try Data(customersCSV.utf8).write(to: customers)
        try Data(Self.activitiesCSV.utf8).write(to: activities)
        var creation = WorkspaceCreation()
        creation.name = "test shop"
        creation.customers = .init(file: customers, idColumn: "customer_id")
        creation.activities = .init(
            name: "events", file: activities, customerIdColumn: "customer_id", timestampColumn: "timestamp",
            typeColumn: "type", fixedType: nil, amountColumn: "amount")
        creation.copyFiles = true
        workspace = try Workspace.create(at: directory.url.appendingPathComponent("shop"), creation)
        if ingested { _ = try workspace.ingest() }
    }

    /// Starts an API server on a free loopback port with the workspace's token.
    func start(maxBodyBytes: Int = 1 << 20) throws -> APIServer {
        let server = try APIServer(
            workspace: workspace, host: "127.0.0.1", port: 0, token: try workspace.apiToken(),
            maxBodyBytes: maxBodyBytes)
        self.server = server
        return server
    }

    /// A client that sends the workspace's token.
    func client() throws -> TestClient {
        guard let server else { throw RawHTTPError("start the server first") }
        return TestClient(port: server.port, token: try workspace.apiToken())
    }

    /// Replaces the copied customers file (to make the next ingest fail, say).
    func replaceCustomers(with text: String) throws {
        let file = workspace.directory.appendingPathComponent(workspace.config.customers.path)
        try Data(text.utf8).write(to: file)
    }

    deinit {
        server?.stop()
    }
}
