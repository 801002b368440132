import Dispatch
import Foundation

/// A deterministic generator of synthetic retail data with planted structure:
/// a customers table, an activity log, the hidden persona of every customer
/// and a workspace config that points at them.
///
/// The same arguments give byte-identical files, whatever the number of
/// threads: every customer's values come from its own random stream keyed by
/// `(seed, customer id)`, and chunks of customers are written in id order.
/// `fixtures/README.md` documents the model (personas, planted rules and
/// distributions).
///
/// ```swift
/// let generator = SyntheticRetailGenerator(customers: 5_000, activities: 50_000, seed: 42)
/// let summary = try generator.write(to: folder)
/// ```
public struct SyntheticRetailGenerator: Sendable {
    /// The number of customers, with ids `1 … customerCount`.
    public let customerCount: Int
    /// The exact number of activity rows.
    public let activityCount: Int
    /// The seed of every random stream.
    public let seed: UInt64
    /// The first day activities can fall on.
    public let firstDay: CalendarDay
    /// The last day activities can fall on.
    public let lastDay: CalendarDay

    /// The file names the generator writes into its output folder.
    public static let customersFileName = "customers.csv"
    public static let activitiesFileName = "activities.csv"
    public static let personasFileName = "personas.csv"
    public static let configFileName = "audience.json"

    /// Customers per chunk: the unit of parallel work and of ordered output.
    static let chunkSize = 4_096

    /// Creates a generator.
    ///
    /// - Parameters:
    ///   - customers: the number of customers (at least 1).
    ///   - activities: the exact number of activity rows (at least 0).
    ///   - seed: the seed; the same arguments always give the same bytes.
    ///   - firstDay: the first activity day (default 2024-01-01).
    ///   - lastDay: the last activity day (default 2025-12-31); at least 365 days after `firstDay`.
    public init(
        customers: Int,
        activities: Int,
        seed: UInt64,
        firstDay: CalendarDay = CalendarDay(year: 2024, month: 1, day: 1),
        lastDay: CalendarDay = CalendarDay(year: 2025, month: 12, day: 31)
    ) {
        precondition(customers >= 1, "SyntheticRetailGenerator.init: customers must be at least 1, not \(customers)")
        precondition(activities >= 0, "SyntheticRetailGenerator.init: activities must not be negative, not \(activities)")
        precondition(
            lastDay.daysSince1970 - firstDay.daysSince1970 >= 365,
            "SyntheticRetailGenerator.init: lastDay \(lastDay) must be at least 365 days after firstDay \(firstDay)")
        precondition(
            firstDay.year >= 1000 && lastDay.year <= 9999,
            "SyntheticRetailGenerator.init: days must fall in the years 1000–9999")
        customerCount = customers
        activityCount = activities
        self.seed = seed
        self.firstDay = firstDay
        self.lastDay = lastDay
    }

    /// The hidden persona of the customer with id `id` (`1 … customerCount`),
    /// the same one `personas.csv` lists.
    public func persona(ofCustomer id: Int) -> SyntheticPersona {
        precondition(
            (1...customerCount).contains(id),
            "SyntheticRetailGenerator.persona(ofCustomer:): id \(id) is not in 1…\(customerCount)")
        var random = SyntheticRandom(seed: seed, stream: UInt64(id), purpose: Self.profilePurpose)
        return SyntheticPersona(index: random.pick(cumulative: Self.personaCumulative))
    }

    /// Writes `customers.csv`, `activities.csv`, `personas.csv` and
    /// `audience.json` into `directory`, creating it if needed and replacing
    /// files of the same names.
    ///
    /// Each file is written under a temporary name and the four are moved into
    /// place only when all are complete, so a failure leaves earlier files as
    /// they were.
    ///
    /// - Parameters:
    ///   - directory: the output folder.
    ///   - threads: the number of worker threads, at least 1 (default: one per
    ///     core); it does not change the output.
    ///   - progress: called on the calling thread with the fraction done, 0…1.
    /// - Throws: `SyntheticRetailError` when a folder or file cannot be written.
    public func write(
        to directory: URL,
        threads: Int? = nil,
        progress: ((Double) -> Void)? = nil
    ) throws -> SyntheticRetailSummary {
        precondition(threads.map { $0 >= 1 } ?? true, "SyntheticRetailGenerator.write: threads must be at least 1")
        let chunkCount = (customerCount + Self.chunkSize - 1) / Self.chunkSize
        // More workers than chunks (or than 64) would only hold memory.
        let width = min(threads ?? ProcessInfo.processInfo.activeProcessorCount, chunkCount, 64)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw SyntheticRetailError.cannotCreateDirectory(path: directory.path, reason: "\(error.localizedDescription)")
        }

        let profiles = UnsafeMutableBufferPointer<SyntheticCustomerProfile>.allocate(capacity: customerCount)
        defer { profiles.deallocate() }
        let shared = SyntheticSharedProfiles(base: profiles.baseAddress!)
        let workers = SyntheticWorkers(
            count: width, firstDay: firstDay.daysSince1970,
            dayCount: lastDay.daysSince1970 - firstDay.daysSince1970 + 1)

        // MARK: Customers and personas
        let customersFile = try SyntheticFileWriter(path: directory.appendingPathComponent(Self.customersFileName).path)
        let personasFile = try SyntheticFileWriter(path: directory.appendingPathComponent(Self.personasFileName).path)
        try writeHeader("customer_id,age,country,gender,loyalty_tier,signup_date,email_opt_in,annual_income\n", to: customersFile)
        try writeHeader("customer_id,persona\n", to: personasFile)
        var personaCounts = [Int](repeating: 0, count: SyntheticPersona.allCases.count)
        try forEachRound(chunkCount: chunkCount, workers: workers) { chunk, output in
            output.reset()
            for id in chunkRange(chunk) {
                let profile = makeProfile(id: id, tables: output.tables)
                (shared.base + (id - 1)).initialize(to: profile)
                appendCustomerRow(id: id, profile: profile, tables: output.tables, to: output.rows)
                appendPersonaRow(id: id, profile: profile, tables: output.tables, to: output.extraRows)
                output.personaCounts[profile.persona.index] += 1
            }
        } collect: { output, chunksDone in
            try customersFile.write(output.rows)
            try personasFile.write(output.extraRows)
            for index in personaCounts.indices { personaCounts[index] += output.personaCounts[index] }
            progress?(0.1 * Double(chunksDone) / Double(chunkCount))
        }

        // MARK: Activities
        let counts = allocateActivities(profiles: UnsafeBufferPointer(profiles))
        let sharedCounts = SyntheticSharedCounts(base: counts.baseAddress!)
        defer { counts.deallocate() }
        let activitiesFile = try SyntheticFileWriter(path: directory.appendingPathComponent(Self.activitiesFileName).path)
        try writeHeader("customer_id,type,channel,amount,timestamp\n", to: activitiesFile)
        var typeCounts = [Int](repeating: 0, count: SyntheticRetailCatalog.activityTypes.count)
        try forEachRound(chunkCount: chunkCount, workers: workers) { chunk, output in
            output.reset()
            var scratch = SyntheticActivityScratch()
            for id in chunkRange(chunk) {
                appendActivities(
                    id: id, profile: shared.base[id - 1], count: sharedCounts.base[id - 1],
                    tables: output.tables, scratch: &scratch, output: output)
            }
        } collect: { output, chunksDone in
            try activitiesFile.write(output.rows)
            for index in typeCounts.indices { typeCounts[index] += output.typeCounts[index] }
            progress?(0.1 + 0.9 * Double(chunksDone) / Double(chunkCount))
        }

        // MARK: Workspace config
        let configFile = try SyntheticFileWriter(path: directory.appendingPathComponent(Self.configFileName).path)
        try configJSON().withUnsafeBytes { try configFile.write($0) }

        // Only now that every file is complete do they replace earlier ones.
        for file in [customersFile, personasFile, activitiesFile, configFile] {
            try file.finish()
        }

        return SyntheticRetailSummary(
            directory: directory,
            customerCount: customerCount,
            activityCount: typeCounts.reduce(0, +),
            activityCounts: Dictionary(uniqueKeysWithValues: zip(SyntheticRetailCatalog.activityTypes, typeCounts)),
            personaCounts: Dictionary(uniqueKeysWithValues: zip(SyntheticPersona.allCases, personaCounts)),
            bytesWritten: customersFile.bytesWritten + personasFile.bytesWritten + activitiesFile.bytesWritten
                + configFile.bytesWritten)
    }

    // MARK: - Work distribution

    /// Cumulative persona shares, in the order of `SyntheticPersona.allCases`.
    static let personaCumulative = SyntheticRetailTables.cumulative(SyntheticPersona.allCases.map(\.share))

    /// The random stream purpose of a customer's profile.
    static let profilePurpose: UInt64 = 0
    /// The random stream purpose of a customer's activities.
    static let activityPurpose: UInt64 = 1

    /// The customer ids of a chunk.
    func chunkRange(_ chunk: Int) -> ClosedRange<Int> {
        (chunk * Self.chunkSize + 1)...min((chunk + 1) * Self.chunkSize, customerCount)
    }

    /// Runs `produce` for every chunk, up to `workers.count` chunks at a time in
    /// parallel, and then `collect` for each chunk of the round in chunk order
    /// on the calling thread.
    private func forEachRound(
        chunkCount: Int,
        workers: SyntheticWorkers,
        produce: @escaping @Sendable (_ chunk: Int, _ output: SyntheticChunkOutput) -> Void,
        collect: (_ output: SyntheticChunkOutput, _ chunksDone: Int) throws -> Void
    ) throws {
        var firstChunk = 0
        while firstChunk < chunkCount {
            let roundWidth = min(workers.count, chunkCount - firstChunk)
            let roundStart = firstChunk
            if roundWidth == 1 {
                produce(roundStart, workers.outputs[0])
            } else {
                DispatchQueue.concurrentPerform(iterations: roundWidth) { slot in
                    produce(roundStart + slot, workers.outputs[slot])
                }
            }
            for slot in 0..<roundWidth {
                try collect(workers.outputs[slot], roundStart + slot + 1)
            }
            firstChunk += roundWidth
        }
    }

    private func writeHeader(_ header: String, to file: SyntheticFileWriter) throws {
        try Array(header.utf8).withUnsafeBytes { try file.write($0) }
    }

    /// Splits exactly `activityCount` activities over the customers in
    /// proportion to their weights: customer `i` gets
    /// `floor(M * W_i / W) - floor(M * W_(i-1) / W)` where `W_i` is the running
    /// sum of weights in id order and `W` the total.
    private func allocateActivities(profiles: UnsafeBufferPointer<SyntheticCustomerProfile>) -> UnsafeMutableBufferPointer<Int> {
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: customerCount)
        var total = 0.0
        for profile in profiles { total += profile.activityWeight }
        var running = 0.0
        var previousBoundary = 0
        let activities = Double(activityCount)
        for index in 0..<customerCount {
            running += profiles[index].activityWeight
            let boundary = index == customerCount - 1
                ? activityCount
                : min(activityCount, Int((activities * running / total).rounded(.down)))
            counts[index] = boundary - previousBoundary
            previousBoundary = boundary
        }
        return counts
    }
}
