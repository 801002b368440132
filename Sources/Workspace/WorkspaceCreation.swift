import Foundation

/// What `Workspace.create` should put in a new workspace.
public struct WorkspaceCreation: Sendable {
    /// A customers CSV file and its id column.
    public struct Customers: Sendable {
        public var file: URL
        public var idColumn: String

        public init(file: URL, idColumn: String) {
            self.file = file
            self.idColumn = idColumn
        }
    }

    /// An activities CSV file and how its columns map.
    public struct Activities: Sendable {
        public var name: String
        public var file: URL
        public var customerIdColumn: String
        public var timestampColumn: String
        public var typeColumn: String?
        public var fixedType: String?
        public var amountColumn: String?

        public init(
            name: String, file: URL, customerIdColumn: String, timestampColumn: String,
            typeColumn: String?, fixedType: String?, amountColumn: String?
        ) {
            self.name = name
            self.file = file
            self.customerIdColumn = customerIdColumn
            self.timestampColumn = timestampColumn
            self.typeColumn = typeColumn
            self.fixedType = fixedType
            self.amountColumn = amountColumn
        }
    }

    /// The workspace's name; the folder's name when `nil`.
    public var name: String?
    /// The time zone; the template's, else UTC, when `nil`.
    public var timeZone: String?
    /// A folder holding an `audience.json` and the files it names, copied into the workspace.
    public var template: URL?
    public var customers: Customers?
    public var activities: Activities?
    /// Copy the CSV files into the workspace's `sources/` folder instead of referring to them.
    public var copyFiles = false

    public init() {}
}
