import Foundation

// The manifest of a snapshot generation (`manifest.json`), described in
// docs/snapshot-format.md. Its presence marks a complete generation: the
// ingest writes and syncs every column file first and the manifest last.

/// The contents of `manifest.json`.
public struct SnapshotManifest: Codable, Sendable, Equatable {
    public static let formatName = "audience-snapshot"
    public static let currentVersion = 1

    public var format: String
    public var version: Int
    /// When the ingest finished, ISO 8601 UTC.
    public var createdAt: String
    /// The workspace time zone the ingest used for local timestamps.
    public var timeZone: String
    public var customers: TableManifest
    public var activities: TableManifest
    /// The activity sources in the order of their codes in the `source` column's dictionary
    /// (the dictionary itself is sorted; this is the config order).
    public var activitySources: [String]
    /// The total size in bytes of the generation's files.
    public var totalBytes: Int
}

/// One table of the snapshot.
public struct TableManifest: Codable, Sendable, Equatable {
    public var name: String
    public var rowCount: Int
    public var columns: [ColumnManifest]
    /// Customers: the id column's name and the id hash index (see docs).
    public var idColumn: String?
    public var idIndexFile: String?
    public var idIndexSlots: Int?
    /// Activities: the customer row of each activity (`UInt32`), and the
    /// per-customer offsets (`UInt64`, customers + 1) when sorted by customer.
    public var customerFile: String?
    public var customerOffsetsFile: String?
    /// The row order, e.g. `["customer", "timestamp"]`; empty when the file order is kept.
    public var sortedBy: [String]
}

/// One column: its type and files, paths relative to the generation folder.
public struct ColumnManifest: Codable, Sendable, Equatable {
    /// The role of an activity column with a fixed meaning, or the customers' id.
    public enum Role: String, Codable, Sendable {
        case id, source, type, timestamp, amount
    }

    public var name: String
    public var type: ColumnType
    public var role: Role?
    /// Whether the type was declared in `audience.json` (else inferred or fixed by its role).
    public var declared: Bool
    /// The values: `f64`, `u8`, `i32`, `i64`, `u32` codes, or the text offsets (`u64`, rows + 1).
    public var file: String
    /// Text: the UTF-8 bytes the offsets point into.
    public var bytesFile: String?
    /// Category: the dictionary, sorted by bytes: offsets (`u64`, entries + 1) and bytes.
    public var dictionaryOffsetsFile: String?
    public var dictionaryBytesFile: String?
    public var dictionaryCount: Int?
    /// The number of missing values.
    public var missingCount: Int
}

/// The element layout of a column file.
enum ColumnStorage {
    static func fileExtension(for type: ColumnType) -> String {
        switch type {
        case .number: return "f64"
        case .boolean: return "u8"
        case .date: return "i32"
        case .datetime: return "i64"
        case .category: return "u32"
        case .text: return "offsets"
        }
    }

    static func storageKind(for type: ColumnType) -> StorageKind {
        switch type {
        case .number: return .f64
        case .boolean: return .u8
        case .date: return .i32
        case .datetime: return .i64
        case .category: return .category
        case .text: return .text
        }
    }
}

/// Missing-value sentinels of the column files.
public enum MissingValue {
    /// Booleans: 0 false, 1 true, 2 missing.
    public static let boolean: UInt8 = 2
    public static let date = Int32.min
    public static let datetime = Int64.min
    public static let category = UInt32.max
    /// Numbers are NaN when missing; text is missing when empty.
}

func iso8601Now() -> String {
    let ms = Int64(Date().timeIntervalSince1970 * 1000)
    return formatDatetimeUTC(milliseconds: ms - ms % 1000)
}
