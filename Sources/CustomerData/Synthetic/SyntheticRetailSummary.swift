import Foundation

/// What `SyntheticRetailGenerator.write(to:threads:progress:)` wrote.
public struct SyntheticRetailSummary: Sendable, Equatable, CustomStringConvertible {
    /// The output folder.
    public var directory: URL
    public var customerCount: Int
    public var activityCount: Int
    /// Activity rows per type (`purchase`, `return`, `visit`, `email_click`).
    public var activityCounts: [String: Int]
    /// Customers per hidden persona.
    public var personaCounts: [SyntheticPersona: Int]
    /// The bytes of all files written.
    public var bytesWritten: Int

    public init(
        directory: URL,
        customerCount: Int,
        activityCount: Int,
        activityCounts: [String: Int],
        personaCounts: [SyntheticPersona: Int],
        bytesWritten: Int
    ) {
        self.directory = directory
        self.customerCount = customerCount
        self.activityCount = activityCount
        self.activityCounts = activityCounts
        self.personaCounts = personaCounts
        self.bytesWritten = bytesWritten
    }

    /// `5000 customers, 50000 activities (purchase 15890, return 760, visit 24100, email_click 9250), 2.6 MB in fixtures/retail`
    public var description: String {
        let types = SyntheticRetailCatalog.activityTypes
            .map { "\($0) \(activityCounts[$0] ?? 0)" }
            .joined(separator: ", ")
        let tenthsOfMegabytes = (bytesWritten + 50_000) / 100_000
        return "\(customerCount) customers, \(activityCount) activities (\(types)), "
            + "\(tenthsOfMegabytes / 10).\(tenthsOfMegabytes % 10) MB in \(directory.path)"
    }
}
