import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Settings of an ingest that are not part of the workspace config.
public struct IngestOptions: Sendable {
    /// Threads that parse chunks concurrently (default: the active cores).
    public var threads: Int
    /// Bytes of CSV per chunk and thread.
    public var chunkBytes: Int
    /// Records read to infer undeclared column types.
    public var sampleRows: Int
    /// Details of bad rows kept per source in the report (all are counted).
    public var reportedBadRows: Int

    public init(
        threads: Int? = nil, chunkBytes: Int = 8 << 20, sampleRows: Int = typeInferenceSampleRows,
        reportedBadRows: Int = 1000
    ) {
        self.threads = max(1, threads ?? defaultThreadCount)
        self.chunkBytes = max(1, chunkBytes)
        self.sampleRows = sampleRows
        self.reportedBadRows = reportedBadRows
    }
}

/// Where an ingest is, for a progress display.
public struct IngestProgress: Sendable, Equatable {
    public enum Phase: String, Sendable {
        case reading, sorting, writing, done
    }

    public var phase: Phase
    /// The source being read: `customers` or an activity source's name.
    public var source: String
    /// Bytes of this source read so far, and its size.
    public var bytesRead: Int
    public var bytesTotal: Int
    /// Bytes of all sources read so far, and their total size.
    public var allBytesRead: Int = 0
    public var allBytesTotal: Int = 0

    /// The fraction of the whole ingest done (0...1): reading is the first 90%.
    public var fraction: Double {
        switch phase {
        case .reading, .writing:
            return allBytesTotal > 0 ? 0.9 * Double(allBytesRead) / Double(allBytesTotal) : 0
        case .sorting: return 0.9
        case .done: return 1
        }
    }
}

/// What an ingest did; also written as `report.json` into the generation.
public struct IngestReport: Codable, Sendable, Equatable {
    public struct Source: Codable, Sendable, Equatable {
        /// `customers`, or the activity source's name.
        public var name: String
        /// The file as given in the config.
        public var file: String
        public var bytes: Int
        /// Records in the file (the header and blank lines not counted).
        public var rowsRead: Int
        /// Rows that made it into the snapshot.
        public var rowsKept: Int
        /// Rows left out as bad under the `skip` policy.
        public var badRowCount: Int
        /// The first bad rows, with messages.
        public var badRows: [BadRow]
        /// Activities whose customer id is not in the customers table (left out).
        public var unknownCustomerCount: Int
        /// Customers: rows whose id repeated an earlier row's (replaced it under `last-wins`).
        public var duplicateIdCount: Int
        /// The column types used, in header order, and whether declared.
        public var columns: [ColumnReport]
        public var seconds: Double
    }

    public struct ColumnReport: Codable, Sendable, Equatable {
        public var name: String
        /// `nil` for a column not stored (the activities' customer id).
        public var type: ColumnType?
        public var declared: Bool
    }

    /// The generation folder's name (`gen-000007`).
    public var generation: String
    public var customers: Source
    public var activities: [Source]
    public var customerCount: Int
    public var activityCount: Int
    /// The snapshot's size on disk.
    public var snapshotBytes: Int
    public var seconds: Double
}

/// Reads a workspace's sources into a typed columnar snapshot.
///
/// The snapshot is written into a fresh generation folder that the caller
/// chooses (`data/gen-000007/`); no other folder is touched. Every file is
/// synced and `manifest.json` comes last, so a generation without a manifest
/// is incomplete (a crash, or a failed ingest, which also deletes what it
/// wrote). Making the new generation live is the caller's business.
public struct Ingest {
    /// Runs an ingest; throws an `IngestError` naming file, line, column and
    /// value of the first problem (under the `fail` policy) or the config problem.
    public static func run(
        config: WorkspaceConfig,
        workspaceDirectory: URL,
        generationDirectory: URL,
        options: IngestOptions = IngestOptions(),
        progress: ((IngestProgress) -> Void)? = nil
    ) throws -> IngestReport {
        let run = IngestRun(
            config: config, workspace: workspaceDirectory, generation: generationDirectory,
            options: options, progress: progress)
        return try run.execute()
    }
}

// MARK: - The run

private final class IngestRun {
    let config: WorkspaceConfig
    let workspace: URL
    let generation: URL
    let options: IngestOptions
    let progress: ((IngestProgress) -> Void)?
    let clock = Date()
    /// Sizes of the sources read before the current one, and of all of them.
    var bytesBefore = 0
    var bytesTotal = 0

    func notify(_ phase: IngestProgress.Phase, _ source: String, _ read: Int, _ total: Int) {
        guard let progress else { return }
        var p = IngestProgress(phase: phase, source: source, bytesRead: read, bytesTotal: total)
        p.allBytesRead = phase == .reading || phase == .writing ? bytesBefore + read : bytesTotal
        p.allBytesTotal = bytesTotal
        progress(p)
    }

    init(config: WorkspaceConfig, workspace: URL, generation: URL, options: IngestOptions,
         progress: ((IngestProgress) -> Void)?) {
        self.config = config
        self.workspace = workspace
        self.generation = generation
        self.options = options
        self.progress = progress
    }

    func resolve(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        return workspace.appendingPathComponent(path).path
    }

    func execute() throws -> IngestReport {
        guard let zone = ZoneRules(identifier: config.timeZone) else {
            throw IngestError.config("unknown time zone \"\(config.timeZone)\" (use an IANA name such as Europe/Berlin or UTC)")
        }
        try validateConfig()

        let fm = FileManager.default
        let genPath = generation.path
        var isDirectory: ObjCBool = false
        var created = false
        if fm.fileExists(atPath: genPath, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, (try? fm.contentsOfDirectory(atPath: genPath))?.isEmpty == true else {
                throw IngestError(file: genPath, reason: "the generation folder exists and is not empty")
            }
        } else {
            do {
                try fm.createDirectory(atPath: genPath, withIntermediateDirectories: true)
            } catch {
                throw IngestError(file: genPath, reason: "cannot create the generation folder (\(error.localizedDescription))")
            }
            created = true
        }
        do {
            return try ingest(zone: zone)
        } catch {
            // Nothing of a failed ingest stays behind: no manifest, no files.
            if created {
                try? fm.removeItem(atPath: genPath)
            } else if let items = try? fm.contentsOfDirectory(atPath: genPath) {
                for item in items { try? fm.removeItem(atPath: genPath + "/" + item) }
            }
            throw error
        }
    }

    func validateConfig() throws {
        var names = Set<String>()
        for source in config.activities {
            if source.name.isEmpty { throw IngestError.config("an activity source has an empty name") }
            if !names.insert(source.name).inserted {
                throw IngestError.config("two activity sources are named \"\(source.name)\"")
            }
            if source.typeColumn == nil && source.fixedType == nil {
                throw IngestError.config("activity source \"\(source.name)\": set \"typeColumn\" or \"fixedType\"")
            }
            if source.typeColumn != nil && source.fixedType != nil {
                throw IngestError.config("activity source \"\(source.name)\": set only one of \"typeColumn\" and \"fixedType\"")
            }
            if let fixed = source.fixedType, fixed.isEmpty {
                throw IngestError.config("activity source \"\(source.name)\": \"fixedType\" is empty")
            }
            try validateFormat(source.format, file: source.path)
        }
        try validateFormat(config.customers.format, file: config.customers.path)
        for (policy, file) in [(config.customers.onError, config.customers.path)] + config.activities.map({ ($0.onError, $0.path) })
        where policy.maxBadRows < 0 {
            throw IngestError.config("\(file): \"maxBadRows\" must not be negative")
        }
    }

    func validateFormat(_ format: CSVFormat, file: String) throws {
        _ = try delimiterByte(of: format, file: file)
        if let f = format.dateFormat, DatePattern(f) == nil {
            throw IngestError.config("\(file): \"dateFormat\" \"\(f)\" is not a valid pattern (use yyyy, MM, dd, e.g. dd.MM.yyyy)")
        }
        if let f = format.datetimeFormat, DatePattern(f) == nil {
            throw IngestError.config(
                "\(file): \"datetimeFormat\" \"\(f)\" is not a valid pattern (use yyyy, MM, dd, HH, mm, ss, e.g. dd.MM.yyyy HH:mm:ss)")
        }
    }

    /// Declared types win; the rest comes from the sample.
    func columnTypes(
        _ source: CSVSource, declared: [String: ColumnType], format: CSVFormat, skip: Set<Int>
    ) throws -> [(type: ColumnType, declared: Bool)] {
        for name in declared.keys.sorted() where !source.header.contains(name) {
            throw IngestError(
                file: source.displayName,
                reason: "column \"\(name)\" is declared in audience.json but not found in the header; the header has: \(source.header.joined(separator: ", "))")
        }
        var sample: CSVTable?
        return try source.header.enumerated().map { index, name in
            if let type = declared[name] { return (type, true) }
            if skip.contains(index) { return (.text, false) }
            if sample == nil { sample = source.sample(limit: options.sampleRows) }
            return (try inferType(ofSampleColumn: index, of: sample!, format: format, file: source.displayName), false)
        }
    }

    func basePlan(_ source: CSVSource, format: CSVFormat, policy: ErrorPolicy, zone: ZoneRules) -> ParsePlan {
        ParsePlan(
            file: source.displayName, fields: [], counts: [:], missing: MissingMatcher(format.missingValues), zone: zone,
            datePattern: format.dateFormat.flatMap(DatePattern.init),
            datetimePattern: format.datetimeFormat.flatMap(DatePattern.init),
            customerIndex: nil,
            keepBadRows: policy.mode == .fail ? 1 : min(policy.maxBadRows + 1, max(1, options.reportedBadRows)),
            keepLines: false, delimiter: source.delimiter)
    }

    static func fieldKind(for type: ColumnType) -> FieldKind {
        switch type {
        case .number: return .number
        case .boolean: return .boolean
        case .date: return .date
        case .datetime: return .datetime
        case .category: return .category
        case .text: return .text
        }
    }

    // MARK: Planning

    struct CustomerPlan {
        var source: CSVSource
        var plan: ParsePlan
        var specs: [TableColumnSpec]
        var outputs: [Int]
        var report: [IngestReport.ColumnReport]
    }

    func planCustomers(zone: ZoneRules) throws -> CustomerPlan {
        let c = config.customers
        let source = try CSVSource(path: resolve(c.path), displayName: c.path, format: c.format)
        let idIndex = try source.index(of: c.idColumn, role: "the customer id")
        let types = try columnTypes(source, declared: c.columns, format: c.format, skip: [idIndex])
        var plan = basePlan(source, format: c.format, policy: c.onError, zone: zone)
        plan.keepLines = true
        var specs: [TableColumnSpec] = []
        var outputs: [Int] = []
        var report: [IngestReport.ColumnReport] = []
        for (i, name) in source.header.enumerated() {
            if i == idIndex {
                plan.fields.append(FieldPlan(name: name, kind: .customerID, output: 0, missingReason: "the customer id is missing"))
                specs.append(TableColumnSpec(name: name, type: .text, role: .id, declared: true))
                outputs.append(0)
                report.append(.init(name: name, type: .text, declared: c.columns[name] != nil))
                continue
            }
            let (type, declared) = types[i]
            let storage = ColumnStorage.storageKind(for: type)
            let output = plan.count(storage)
            plan.counts[storage] = output + 1
            plan.fields.append(FieldPlan(name: name, kind: Self.fieldKind(for: type), output: output, missingReason: nil))
            specs.append(TableColumnSpec(name: name, type: type, role: nil, declared: declared))
            outputs.append(output)
            report.append(.init(name: name, type: type, declared: declared))
        }
        return CustomerPlan(source: source, plan: plan, specs: specs, outputs: outputs, report: report)
    }

    struct ActivityPlan {
        var config: ActivitySource
        var source: CSVSource
        var plan: ParsePlan
        /// For each table column: the source's storage index, or nil.
        var outputs: [Int?]
        var report: [IngestReport.ColumnReport]
    }

    static let reservedActivityNames: Set<String> = ["customer", "source", "type", "timestamp", "amount"]

    func planActivities(zone: ZoneRules) throws -> (plans: [ActivityPlan], specs: [TableColumnSpec]) {
        var specs: [TableColumnSpec] = [
            TableColumnSpec(name: "source", type: .category, role: .source, declared: false),
            TableColumnSpec(name: "type", type: .category, role: .type, declared: false),
            TableColumnSpec(name: "timestamp", type: .datetime, role: .timestamp, declared: false),
            TableColumnSpec(name: "amount", type: .number, role: .amount, declared: false),
        ]
        var specOwner: [String: String] = [:]
        var pending: [(config: ActivitySource, source: CSVSource, plan: ParsePlan, columns: [(Int, String, Int)], report: [IngestReport.ColumnReport])] = []
        for a in config.activities {
            let source = try CSVSource(path: resolve(a.path), displayName: a.path, format: a.format)
            let customerIndex = try source.index(of: a.customerIdColumn, role: "the customer id")
            let typeIndex = try a.typeColumn.map { try source.index(of: $0, role: "the activity type") }
            let timestampIndex = try source.index(of: a.timestampColumn, role: "the timestamp")
            let amountIndex = try a.amountColumn.map { try source.index(of: $0, role: "the amount") }
            if let t = a.columns[a.timestampColumn], t != .date && t != .datetime {
                throw IngestError.config("\(a.path): the timestamp column \"\(a.timestampColumn)\" must be a date or datetime, not \(t.rawValue)")
            }
            if let amount = a.amountColumn, let t = a.columns[amount], t != .number {
                throw IngestError.config("\(a.path): the amount column \"\(amount)\" must be a number, not \(t.rawValue)")
            }
            var skip: Set<Int> = [customerIndex]
            if let typeIndex { skip.insert(typeIndex) }
            if let amountIndex { skip.insert(amountIndex) }
            let types = try columnTypes(source, declared: a.columns, format: a.format, skip: skip)
            var plan = basePlan(source, format: a.format, policy: a.onError, zone: zone)
            var columns: [(Int, String, Int)] = []  // (table column, name, storage index)
            var report: [IngestReport.ColumnReport] = []
            for (i, name) in source.header.enumerated() {
                func add(_ kind: FieldKind, _ storage: StorageKind?, missing: String?) -> Int {
                    var output = 0
                    if let storage {
                        output = plan.count(storage)
                        plan.counts[storage] = output + 1
                    }
                    plan.fields.append(FieldPlan(name: name, kind: kind, output: output, missingReason: missing))
                    return output
                }
                if i == customerIndex {
                    _ = add(.activityCustomer, nil, missing: "the customer id is missing")
                    report.append(.init(name: name, type: nil, declared: false))
                } else if i == typeIndex {
                    columns.append((1, name, add(.category, .category, missing: "the activity type is missing")))
                    report.append(.init(name: name, type: .category, declared: false))
                } else if i == timestampIndex {
                    let (type, declared) = types[i]
                    let isDate = type == .date
                    columns.append((2, name, add(isDate ? .dateAsDatetime : .datetime, .i64, missing: "the timestamp is missing")))
                    report.append(.init(name: name, type: isDate ? .date : .datetime, declared: declared))
                } else if i == amountIndex {
                    columns.append((3, name, add(.number, .f64, missing: nil)))
                    report.append(.init(name: name, type: .number, declared: a.columns[name] != nil))
                } else {
                    let (type, declared) = types[i]
                    let tableName = Self.reservedActivityNames.contains(name) ? "\(a.name).\(name)" : name
                    var tableIndex: Int
                    if let existing = specs.firstIndex(where: { $0.name == tableName && $0.role == nil }) {
                        if specs[existing].type != type {
                            throw IngestError.config(
                                "column \"\(name)\" is \(specs[existing].type.rawValue) in \(specOwner[tableName] ?? "another source") but \(type.rawValue) in \(a.path); declare its type in \"columns\" of both sources")
                        }
                        specs[existing].declared = specs[existing].declared || declared
                        tableIndex = existing
                    } else {
                        specs.append(TableColumnSpec(name: tableName, type: type, role: nil, declared: declared))
                        specOwner[tableName] = a.path
                        tableIndex = specs.count - 1
                    }
                    columns.append((tableIndex, name, add(Self.fieldKind(for: type), ColumnStorage.storageKind(for: type), missing: nil)))
                    report.append(.init(name: name, type: type, declared: declared))
                }
            }
            pending.append((a, source, plan, columns, report))
        }
        let plans = pending.map { p -> ActivityPlan in
            var outputs = [Int?](repeating: nil, count: specs.count)
            for (table, _, storage) in p.columns { outputs[table] = storage }
            return ActivityPlan(config: p.config, source: p.source, plan: p.plan, outputs: outputs, report: p.report)
        }
        return (plans, specs)
    }

    // MARK: Reading

    struct Tally {
        var rowsRead = 0
        var rowsKept = 0
        var badRowCount = 0
        var badRows: [BadRow] = []
        var unknown = 0
    }

    /// Parses a source chunk by chunk on `options.threads` threads and hands
    /// each chunk's parser, in file order, to `consume` with its first line.
    ///
    /// The chunks start every `chunkBytes`, after the first newline there (a
    /// guess: the newline may be inside a quoted field). Worker threads parse
    /// them in any order, at most a few ahead of the merge; this thread merges
    /// them in order, checks each guess against where the previous chunk really
    /// ended, and parses a chunk again from there when the guess was wrong.
    func scan(_ source: CSVSource, plan: ParsePlan, name: String, consume: (RowParser, Int) throws -> Void) throws {
        guard let base = source.file.bytes else { return }
        defer { withExtendedLifetime(source) {} }
        let end = source.file.count
        let capacity = plan.fields.count + 1
        source.file.adviseSequential()
        var starts = [source.bodyStart]
        var nominal = source.bodyStart + options.chunkBytes
        while nominal < end {
            let s = CSVScanner.speculativeRecordStart(base, after: nominal, end: end)
            if s >= end { break }
            if s > starts.last! { starts.append(s) }
            nominal = s + options.chunkBytes
        }
        let chunkStarts = starts
        let softEnds = Array(starts.dropFirst()) + [end]
        let count = starts.count
        let threads = max(1, min(options.threads, count))
        let room = DispatchSemaphore(value: max(2, 2 * threads))
        let ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        let slots = UnsafeMutableBufferPointer<(RowParser, ChunkScanResult)?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        let state = ScanState()
        let group = DispatchGroup()
        let shared = UncheckedSendable((base, slots, plan))
        // Dedicated threads, not the shared pool: this thread blocks while they
        // work, which must not starve a pool the caller may be running on.
        for _ in 0..<threads {
            group.enter()
            let worker = Thread {
                defer { group.leave() }
                let (base, slots, plan) = shared.value
                while true {
                    room.wait()
                    guard let j = state.take(below: count) else {
                        room.signal()  // pass the wake-up on to the next worker
                        return
                    }
                    let parser = RowParser(plan: plan)
                    let r = ChunkScanner.scan(
                        base, start: chunkStarts[j], softEnd: softEnds[j], hardEnd: end,
                        delimiter: plan.delimiter, capacity: capacity, sink: parser)
                    slots[j] = (parser, r)
                    ready[j].signal()
                }
            }
            worker.stackSize = 1 << 20
            worker.start()
        }
        defer {
            state.cancel()
            room.signal()
            group.wait()
            _ = slots.deinitialize()
            slots.deallocate()
        }
        var expected = source.bodyStart
        var line = source.bodyLine
        var released = 0
        for j in 0..<count {
            ready[j].wait()
            var (parser, r) = slots[j]!
            slots[j] = nil
            room.signal()
            if chunkStarts[j] != expected {
                // The guessed start was inside a quoted field: parse again from the true boundary.
                parser = RowParser(plan: plan)
                r = ChunkScanner.scan(
                    base, start: expected, softEnd: max(expected, softEnds[j]), hardEnd: end,
                    delimiter: plan.delimiter, capacity: capacity, sink: parser)
            }
            try consume(parser, line)
            line += r.lines
            expected = r.end
            if expected - released >= 16 << 20 || j == count - 1 {
                source.file.release(upTo: expected)
                released = expected
                notify(.reading, name, expected, end)
            }
        }
    }

    /// Applies the error policy to a chunk's bad rows.
    func tallyBadRows(_ parser: RowParser, firstLine: Int, file: String, policy: ErrorPolicy, tally: inout Tally) throws {
        tally.rowsRead += parser.rowsRead
        tally.unknown += parser.unknownCustomers
        guard parser.badRowCount > 0 else { return }
        for b in parser.badRows {
            let error = IngestError(file: file, line: firstLine + b.line, column: b.column, value: b.value, reason: b.reason)
            if policy.mode == .fail { throw error }
            if tally.badRows.count < options.reportedBadRows {
                tally.badRows.append(BadRow(line: error.line!, column: b.column, value: b.value, message: error.description))
            }
        }
        tally.badRowCount += parser.badRowCount
        if tally.badRowCount > policy.maxBadRows {
            let first = tally.badRows.first?.message ?? "?"
            throw IngestError(
                file: file,
                reason: "more than \(policy.maxBadRows) bad rows (\"maxBadRows\" of \"onError\"); the first: \(first)")
        }
    }

    // MARK: The ingest

    func ingest(zone: ZoneRules) throws -> IngestReport {
        let genPath = generation.path
        let customerPlan = try planCustomers(zone: zone)
        let (activityPlans, activitySpecs) = try planActivities(zone: zone)
        bytesTotal = customerPlan.source.file.count + activityPlans.reduce(0) { $0 + $1.source.file.count }
        let fm = FileManager.default
        try fm.createDirectory(atPath: genPath + "/customers", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: genPath + "/activities", withIntermediateDirectories: true)

        // Customers.
        var t0 = Date()
        let c = config.customers
        let csource = customerPlan.source
        let estimatedRows = max(1024, min(csource.file.count / 32, 1 << 26))
        let syncer = FileSyncer()
        defer { try? syncer.wait() }
        let customers = CustomerTableBuilder(
            specs: customerPlan.specs, outputs: customerPlan.outputs, file: c.path, policy: c.duplicateIds,
            expectedRows: estimatedRows)
        customers.syncer = syncer
        var ctally = Tally()
        try scan(csource, plan: customerPlan.plan, name: "customers") { parser, firstLine in
            if c.onError.mode == .fail, let bad = parser.badRows.first {
                // A duplicate id before the bad row is the first error.
                let before = (0..<parser.rows).first { Int(parser.lines[$0]) > bad.line } ?? parser.rows
                try customers.append(parser, firstLine: firstLine, rowLimit: before)
            }
            try tallyBadRows(parser, firstLine: firstLine, file: c.path, policy: c.onError, tally: &ctally)
            try customers.append(parser, firstLine: firstLine)
        }
        notify(.writing, "customers", csource.file.count, csource.file.count)
        bytesBefore += csource.file.count
        let customersManifest = try customers.write(to: genPath + "/customers", prefix: "customers")
        let customerReport = IngestReport.Source(
            name: "customers", file: c.path, bytes: csource.file.count, rowsRead: ctally.rowsRead,
            rowsKept: customers.rowCount, badRowCount: ctally.badRowCount, badRows: ctally.badRows,
            unknownCustomerCount: 0, duplicateIdCount: customers.duplicates, columns: customerPlan.report,
            seconds: Date().timeIntervalSince(t0))
        customers.releaseColumns()
        let index = CustomerIndex(table: customers.ids)

        // Activities.
        let activities = try ActivityTableBuilder(specs: activitySpecs, folder: genPath + "/activities", prefix: "activities")
        activities.syncer = syncer
        var activityReports: [IngestReport.Source] = []
        do {
            let sourceDictionary = activities.column(role: .source)!.dictionary!
            let typeDictionary = activities.column(role: .type)!.dictionary!
            for a in activityPlans { _ = sourceDictionary.intern(a.config.name) }
            for a in activityPlans {
                t0 = Date()
                var plan = a.plan
                plan.customerIndex = index
                var bindings: [ActivityBinding] = []
                for (i, spec) in activitySpecs.enumerated() {
                    if spec.role == .source {
                        bindings.append(.constant(sourceDictionary.intern(a.config.name)))
                    } else if spec.role == .type, let fixed = a.config.fixedType {
                        bindings.append(.constant(typeDictionary.intern(fixed)))
                    } else if let output = a.outputs[i] {
                        bindings.append(.output(output))
                    } else {
                        bindings.append(.missing)
                    }
                }
                var tally = Tally()
                let before = activities.rowCount
                try scan(a.source, plan: plan, name: a.config.name) { parser, firstLine in
                    try tallyBadRows(parser, firstLine: firstLine, file: a.config.path, policy: a.config.onError, tally: &tally)
                    try activities.append(parser, bindings: bindings)
                }
                bytesBefore += a.source.file.count
                activityReports.append(IngestReport.Source(
                    name: a.config.name, file: a.config.path, bytes: a.source.file.count, rowsRead: tally.rowsRead,
                    rowsKept: activities.rowCount - before, badRowCount: tally.badRowCount, badRows: tally.badRows,
                    unknownCustomerCount: tally.unknown, duplicateIdCount: 0, columns: a.report,
                    seconds: Date().timeIntervalSince(t0)))
            }
        } catch {
            activities.removeTemporaryFiles()
            throw error
        }
        notify(.sorting, "activities", 0, 0)
        let activitiesManifest: TableManifest
        do {
            activitiesManifest = try activities.finish(customerCount: customers.rowCount, threads: options.threads)
        } catch {
            activities.removeTemporaryFiles()
            throw error
        }

        // Every column file on disk, then the report, then the manifest: its
        // presence marks the generation complete.
        try syncer.wait()
        fsyncDirectory(genPath + "/customers")
        fsyncDirectory(genPath + "/activities")
        var report = IngestReport(
            generation: generation.lastPathComponent, customers: customerReport, activities: activityReports,
            customerCount: customers.rowCount, activityCount: activities.rowCount, snapshotBytes: 0,
            seconds: 0)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var manifest = SnapshotManifest(
            format: SnapshotManifest.formatName, version: SnapshotManifest.currentVersion, createdAt: iso8601Now(),
            timeZone: config.timeZone, customers: customersManifest, activities: activitiesManifest,
            activitySources: config.activities.map(\.name), totalBytes: 0)
        let dataBytes = directorySize(genPath)
        report.seconds = Date().timeIntervalSince(clock)
        report.snapshotBytes = dataBytes
        try writeFileSynced(try encoder.encode(report), to: genPath + "/report.json")
        manifest.totalBytes = directorySize(genPath)
        report.snapshotBytes = manifest.totalBytes
        let tmp = genPath + "/manifest.json.tmp"
        try writeFileSynced(try encoder.encode(manifest), to: tmp)
        if rename(tmp, genPath + "/manifest.json") != 0 {
            throw IngestError(file: genPath + "/manifest.json", reason: "cannot write the manifest")
        }
        fsyncDirectory(genPath)
        report.seconds = Date().timeIntervalSince(clock)
        notify(.done, "", 0, 0)
        return report
    }
}

/// The chunk counter of a scan's workers, and its cancellation.
private final class ScanState: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var cancelled = false

    /// The next chunk to parse, or nil when there is none or the scan was cancelled.
    func take(below count: Int) -> Int? {
        lock.lock()
        defer { lock.unlock() }
        if cancelled || next >= count { return nil }
        next += 1
        return next - 1
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
    }
}

/// The total size of the regular files under a folder.
func directorySize(_ path: String) -> Int {
    guard let e = FileManager.default.enumerator(atPath: path) else { return 0 }
    var total = 0
    while let item = e.nextObject() as? String {
        var st = stat()
        if stat(path + "/" + item, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG { total += Int(st.st_size) }
    }
    return total
}
