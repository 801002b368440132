import Foundation

/// The contents of a workspace's `audience.json`: where the sources are, how
/// their columns are typed, the workspace time zone and the named measures.
///
/// Paths are relative to the workspace folder (absolute paths are allowed).
public struct WorkspaceConfig: Codable, Sendable, Equatable {
    /// The version of this file's format.
    public var version: Int
    /// The workspace's name, shown by `describe` and the web page.
    public var name: String
    /// An IANA time zone identifier (`Europe/Berlin`). Timestamps without an
    /// offset and relative dates resolve in this zone.
    public var timeZone: String
    /// The customers table: one row per customer.
    public var customers: CustomerSource
    /// Zero or more activity tables: one row per event of a customer.
    public var activities: [ActivitySource]
    /// Named per-customer aggregates over activities, evaluated by the engine.
    public var measures: [MeasureDefinition]
    /// Days a segment may go unused before the scheduler deactivates it (nil: 45).
    public var autoDeactivationDays: Int?

    public static let currentVersion = 1

    public init(
        version: Int = WorkspaceConfig.currentVersion,
        name: String,
        timeZone: String = "UTC",
        customers: CustomerSource,
        activities: [ActivitySource] = [],
        measures: [MeasureDefinition] = [],
        autoDeactivationDays: Int? = nil
    ) {
        self.version = version
        self.name = name
        self.timeZone = timeZone
        self.customers = customers
        self.activities = activities
        self.measures = measures
        self.autoDeactivationDays = autoDeactivationDays
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decodeIfPresent(Int.self, forKey: .version) ?? Self.currentVersion
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? "workspace"
        timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone) ?? "UTC"
        customers = try container.decode(CustomerSource.self, forKey: .customers)
        activities = try container.decodeIfPresent([ActivitySource].self, forKey: .activities) ?? []
        measures = try container.decodeIfPresent([MeasureDefinition].self, forKey: .measures) ?? []
        autoDeactivationDays = try container.decodeIfPresent(Int.self, forKey: .autoDeactivationDays)
    }
}

/// The type of a column in the snapshot.
public enum ColumnType: String, Codable, Sendable, CaseIterable {
    /// A 64-bit float; missing values are NaN in the column file.
    case number
    /// Free text, stored as offsets into a byte heap.
    case text
    /// Text with few distinct values, dictionary-encoded.
    case category
    /// `true/false/yes/no/1/0`.
    case boolean
    /// A calendar date, stored as days since 1970-01-01.
    case date
    /// An instant, stored as milliseconds since 1970-01-01T00:00:00Z.
    case datetime
}

/// What to do with a row that does not parse.
public struct ErrorPolicy: Codable, Sendable, Equatable {
    public enum Mode: String, Codable, Sendable, CaseIterable {
        /// The first bad row stops the ingest and nothing changes (the default).
        case fail
        /// Bad rows are left out and reported, up to `maxBadRows`; one more fails the ingest.
        case skip
    }

    public var mode: Mode
    public var maxBadRows: Int

    public static let fail = ErrorPolicy(mode: .fail, maxBadRows: 0)

    public static func skip(upTo maxBadRows: Int) -> ErrorPolicy {
        ErrorPolicy(mode: .skip, maxBadRows: maxBadRows)
    }

    public init(mode: Mode, maxBadRows: Int) {
        self.mode = mode
        self.maxBadRows = maxBadRows
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        mode = try container.decodeIfPresent(Mode.self, forKey: .mode) ?? .fail
        maxBadRows = try container.decodeIfPresent(Int.self, forKey: .maxBadRows) ?? (mode == .skip ? 100 : 0)
    }
}

/// How the CSV file of a source is read.
public struct CSVFormat: Codable, Sendable, Equatable {
    /// One ASCII character; `,` by default.
    public var delimiter: String
    /// Cell texts read as missing besides the empty cell (compared without case).
    public var missingValues: [String]
    /// A date format for cells that are not ISO 8601 (`dd.MM.yyyy`, `MM/dd/yyyy`, `yyyyMMdd`).
    public var dateFormat: String?
    /// A datetime format for cells that are not ISO 8601 (`dd.MM.yyyy HH:mm:ss`).
    public var datetimeFormat: String?

    public static let standard = CSVFormat()

    public init(
        delimiter: String = ",",
        missingValues: [String] = ["NA", "null"],
        dateFormat: String? = nil,
        datetimeFormat: String? = nil
    ) {
        self.delimiter = delimiter
        self.missingValues = missingValues
        self.dateFormat = dateFormat
        self.datetimeFormat = datetimeFormat
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        delimiter = try container.decodeIfPresent(String.self, forKey: .delimiter) ?? ","
        missingValues = try container.decodeIfPresent([String].self, forKey: .missingValues) ?? ["NA", "null"]
        dateFormat = try container.decodeIfPresent(String.self, forKey: .dateFormat)
        datetimeFormat = try container.decodeIfPresent(String.self, forKey: .datetimeFormat)
    }
}

/// The customers table.
public struct CustomerSource: Codable, Sendable, Equatable {
    public enum DuplicateIDPolicy: String, Codable, Sendable, CaseIterable {
        /// A repeated customer id fails the ingest (the default).
        case error
        /// The last row with an id replaces the earlier ones.
        case lastWins = "last-wins"
    }

    /// The CSV file, relative to the workspace folder.
    public var path: String
    /// The column holding the customer id.
    public var idColumn: String
    /// Declared column types; columns not named here are inferred from a sample.
    public var columns: [String: ColumnType]
    public var format: CSVFormat
    public var onError: ErrorPolicy
    public var duplicateIds: DuplicateIDPolicy

    public init(
        path: String,
        idColumn: String,
        columns: [String: ColumnType] = [:],
        format: CSVFormat = .standard,
        onError: ErrorPolicy = .fail,
        duplicateIds: DuplicateIDPolicy = .error
    ) {
        self.path = path
        self.idColumn = idColumn
        self.columns = columns
        self.format = format
        self.onError = onError
        self.duplicateIds = duplicateIds
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        path = try container.decode(String.self, forKey: .path)
        idColumn = try container.decode(String.self, forKey: .idColumn)
        columns = try container.decodeIfPresent([String: ColumnType].self, forKey: .columns) ?? [:]
        format = try container.decodeIfPresent(CSVFormat.self, forKey: .format) ?? .standard
        onError = try container.decodeIfPresent(ErrorPolicy.self, forKey: .onError) ?? .fail
        duplicateIds = try container.decodeIfPresent(DuplicateIDPolicy.self, forKey: .duplicateIds) ?? .error
    }
}

/// An activity table: one row per event (purchase, visit, click, ...).
public struct ActivitySource: Codable, Sendable, Equatable {
    /// The source's name, unique in the workspace (`purchases`).
    public var name: String
    /// The CSV file, relative to the workspace folder.
    public var path: String
    /// The column holding the customer id of each event.
    public var customerIdColumn: String
    /// The column holding the activity type; `nil` when `fixedType` is set.
    public var typeColumn: String?
    /// The activity type of every row when the file has no type column.
    public var fixedType: String?
    /// The column holding the event's date or datetime.
    public var timestampColumn: String
    /// The column holding the event's amount (money, quantity), if any.
    public var amountColumn: String?
    /// Declared types of the other columns; the rest are inferred.
    public var columns: [String: ColumnType]
    public var format: CSVFormat
    public var onError: ErrorPolicy

    public init(
        name: String,
        path: String,
        customerIdColumn: String,
        typeColumn: String? = nil,
        fixedType: String? = nil,
        timestampColumn: String,
        amountColumn: String? = nil,
        columns: [String: ColumnType] = [:],
        format: CSVFormat = .standard,
        onError: ErrorPolicy = .fail
    ) {
        self.name = name
        self.path = path
        self.customerIdColumn = customerIdColumn
        self.typeColumn = typeColumn
        self.fixedType = fixedType
        self.timestampColumn = timestampColumn
        self.amountColumn = amountColumn
        self.columns = columns
        self.format = format
        self.onError = onError
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        path = try container.decode(String.self, forKey: .path)
        customerIdColumn = try container.decode(String.self, forKey: .customerIdColumn)
        typeColumn = try container.decodeIfPresent(String.self, forKey: .typeColumn)
        fixedType = try container.decodeIfPresent(String.self, forKey: .fixedType)
        timestampColumn = try container.decode(String.self, forKey: .timestampColumn)
        amountColumn = try container.decodeIfPresent(String.self, forKey: .amountColumn)
        columns = try container.decodeIfPresent([String: ColumnType].self, forKey: .columns) ?? [:]
        format = try container.decodeIfPresent(CSVFormat.self, forKey: .format) ?? .standard
        onError = try container.decodeIfPresent(ErrorPolicy.self, forKey: .onError) ?? .fail
    }
}

/// A named per-customer aggregate over activities, such as
/// `spend_90d = sum(amount) of purchase within last 90 days`.
///
/// The engine (Segments) computes measures; the config only carries them.
public struct MeasureDefinition: Codable, Sendable, Equatable {
    public enum Aggregate: String, Codable, Sendable, CaseIterable {
        case count, sum, avg, min, max
        case distinctCount = "distinct_count"
        case first, last
        case daysSinceFirst = "days_since_first"
        case daysSinceLast = "days_since_last"
    }

    /// The time window over which activities count.
    public enum Window: Codable, Sendable, Equatable {
        case allTime
        case lastDays(Int)
        case between(from: String, to: String)
        case yearToDate

        private enum CodingKeys: String, CodingKey { case kind, days, from, to }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let kind = try container.decode(String.self, forKey: .kind)
            switch kind {
            case "all_time": self = .allTime
            case "last_days": self = .lastDays(try container.decode(Int.self, forKey: .days))
            case "between":
                self = .between(
                    from: try container.decode(String.self, forKey: .from),
                    to: try container.decode(String.self, forKey: .to))
            case "year_to_date": self = .yearToDate
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .kind, in: container,
                    debugDescription: "unknown window \"\(kind)\"; expected all_time, last_days, between or year_to_date")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .allTime: try container.encode("all_time", forKey: .kind)
            case .lastDays(let days):
                try container.encode("last_days", forKey: .kind)
                try container.encode(days, forKey: .days)
            case .between(let from, let to):
                try container.encode("between", forKey: .kind)
                try container.encode(from, forKey: .from)
                try container.encode(to, forKey: .to)
            case .yearToDate: try container.encode("year_to_date", forKey: .kind)
            }
        }
    }

    public var name: String
    public var aggregate: Aggregate
    /// The aggregated field (`amount` or another activity column); `nil` for count and days-since.
    public var field: String?
    /// The activity types that count; empty means every type.
    public var activityTypes: [String]
    public var window: Window
    /// Field conditions in the segment language's text syntax (`channel = "web"`), parsed by the engine.
    public var conditions: [String]
    public var description: String?

    public init(
        name: String,
        aggregate: Aggregate,
        field: String? = nil,
        activityTypes: [String] = [],
        window: Window = .allTime,
        conditions: [String] = [],
        description: String? = nil
    ) {
        self.name = name
        self.aggregate = aggregate
        self.field = field
        self.activityTypes = activityTypes
        self.window = window
        self.conditions = conditions
        self.description = description
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(String.self, forKey: .name)
        aggregate = try container.decode(Aggregate.self, forKey: .aggregate)
        field = try container.decodeIfPresent(String.self, forKey: .field)
        activityTypes = try container.decodeIfPresent([String].self, forKey: .activityTypes) ?? []
        window = try container.decodeIfPresent(Window.self, forKey: .window) ?? .allTime
        conditions = try container.decodeIfPresent([String].self, forKey: .conditions) ?? []
        description = try container.decodeIfPresent(String.self, forKey: .description)
    }
}

/// An enum read from a JSON string whose error lists the accepted values.
protocol ListedCasesDecodable: RawRepresentable<String>, CaseIterable, Decodable {}

extension ListedCasesDecodable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = Self(rawValue: text) else {
            let accepted = Self.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not one of \(accepted)")
        }
        self = value
    }
}

extension ColumnType: ListedCasesDecodable {}
extension ErrorPolicy.Mode: ListedCasesDecodable {}
extension CustomerSource.DuplicateIDPolicy: ListedCasesDecodable {}
extension MeasureDefinition.Aggregate: ListedCasesDecodable {}
