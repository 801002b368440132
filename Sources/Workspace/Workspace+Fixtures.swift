import CustomerData
import Foundation

extension Workspace {
    /// Writes deterministic synthetic retail data (customers, activities, personas and an
    /// `audience.json`) into `directory`; see `fixtures/README.md` for its planted structure.
    ///
    /// - Returns: a summary of what was written, for the terminal.
    public static func generateSyntheticRetail(
        customers: Int, activities: Int, seed: UInt64, to directory: URL,
        progress: ((Double) -> Void)? = nil
    ) throws -> String {
        let generator = SyntheticRetailGenerator(customers: customers, activities: activities, seed: seed)
        return try generator.write(to: directory, progress: progress).description
    }
}
