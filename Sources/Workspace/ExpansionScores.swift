import Foundation

/// The scores an expansion segment's last scoring gave its target audience (and its
/// source, for segments that keep the source), tied to the snapshot they were computed on.
///
/// Kept beside the model as `models/expansion-ID.scores.bin`, so a new threshold or top
/// share re-selects the members exactly from these scores without retraining. The file
/// is little-endian: the 8 bytes `AUDSCORE`, a `UInt32` version (1), a `UInt32` (0), the
/// snapshot's store id as `Int64` (−1: none), the target and source counts as `UInt32`,
/// then the target rows (`UInt32`), the target scores (`Float32`), the source rows and
/// the source scores.
struct ExpansionScores: Equatable {
    /// The store id of the snapshot generation the rows refer to (nil: none was live).
    var snapshotID: Int64?
    /// The target audience's snapshot rows, ascending.
    var targetRows: [UInt32]
    /// Their scores in [0, 1], same order.
    var targetScores: [Float]
    /// The source members' rows and scores, only when the segment keeps the source.
    var sourceRows: [UInt32]
    var sourceScores: [Float]

    static let magic = Data("AUDSCORE".utf8)
    static let version: UInt32 = 1
    static let headerSize = 32

    /// The rows of every target customer scoring at least `threshold`, ascending.
    /// - Complexity: O(n).
    func targetRows(scoringAtLeast threshold: Double) -> [UInt32] {
        var rows: [UInt32] = []
        for index in targetScores.indices where Double(targetScores[index]) >= threshold {
            rows.append(targetRows[index])
        }
        return rows
    }

    /// The threshold that keeps the best `count` target customers (ties at the cut are all
    /// kept): the `count`-th best score, or just above the best for a count of 0.
    /// - Complexity: O(n log n).
    func threshold(forSize count: Int) -> Double {
        guard !targetScores.isEmpty else { return 1 }
        let sorted = targetScores.sorted(by: >)
        if count <= 0 { return Double(sorted[0]).nextUp }
        return Double(sorted[min(count, sorted.count) - 1])
    }

    // MARK: - Reading and writing

    /// The file's bytes.
    func encoded() -> Data {
        precondition(targetRows.count == targetScores.count && sourceRows.count == sourceScores.count,
                     "ExpansionScores.encoded(): rows and scores differ in count")
        var data = Data(capacity: Self.headerSize + 8 * (targetRows.count + sourceRows.count))
        data.append(Self.magic)
        Self.append(Self.version, to: &data)
        Self.append(UInt32(0), to: &data)
        Self.append(UInt64(bitPattern: snapshotID ?? -1), to: &data)
        Self.append(UInt32(targetRows.count), to: &data)
        Self.append(UInt32(sourceRows.count), to: &data)
        Self.append(targetRows, to: &data)
        Self.append(targetScores.map(\.bitPattern), to: &data)
        Self.append(sourceRows, to: &data)
        Self.append(sourceScores.map(\.bitPattern), to: &data)
        return data
    }

    /// Writes the file atomically (a new file renamed over the old one).
    func write(to url: URL) throws {
        do {
            try encoded().write(to: url, options: .atomic)
        } catch {
            throw SegmentLifecycleError.cannotWrite(path: "models/" + url.lastPathComponent, reason: error.localizedDescription)
        }
    }

    /// Reads a file written by ``write(to:)``; nil when there is none.
    /// - Throws: `WorkspaceError.invalidConfig` naming the file when it is not a scores file or is cut short.
    static func read(from url: URL) throws -> ExpansionScores? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let name = "models/" + url.lastPathComponent
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw WorkspaceError.invalidConfig(file: name, field: "", message: "cannot be read (\(error.localizedDescription))")
        }
        return try decoded(data, file: name)
    }

    /// The scores of a file's bytes.
    static func decoded(_ data: Data, file name: String) throws -> ExpansionScores {
        guard data.count >= headerSize, data.prefix(8) == magic else {
            throw WorkspaceError.invalidConfig(file: name, field: "header", message: "not an expansion scores file")
        }
        return try data.withUnsafeBytes { bytes -> ExpansionScores in
            func integer<T: FixedWidthInteger>(_ offset: Int, as: T.Type) -> T {
                T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
            }
            let version = integer(8, as: UInt32.self)
            guard version == Self.version else {
                throw WorkspaceError.invalidConfig(file: name, field: "version", message: "version \(version) is not 1")
            }
            let snapshot = Int64(bitPattern: integer(16, as: UInt64.self))
            let targetCount = Int(integer(24, as: UInt32.self))
            let sourceCount = Int(integer(28, as: UInt32.self))
            let expected = headerSize + 8 * (targetCount + sourceCount)
            guard bytes.count == expected else {
                throw WorkspaceError.invalidConfig(
                    file: name, field: "length", message: "\(bytes.count) bytes where \(expected) were expected; the file is damaged")
            }
            func words(_ offset: Int, _ count: Int) -> [UInt32] {
                (0..<count).map { integer(offset + 4 * $0, as: UInt32.self) }
            }
            var offset = headerSize
            let targetRows = words(offset, targetCount)
            offset += 4 * targetCount
            let targetScores = words(offset, targetCount).map(Float.init(bitPattern:))
            offset += 4 * targetCount
            let sourceRows = words(offset, sourceCount)
            offset += 4 * sourceCount
            let sourceScores = words(offset, sourceCount).map(Float.init(bitPattern:))
            return ExpansionScores(
                snapshotID: snapshot < 0 ? nil : snapshot, targetRows: targetRows, targetScores: targetScores,
                sourceRows: sourceRows, sourceScores: sourceScores)
        }
    }

    private static func append<T: FixedWidthInteger>(_ value: T, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private static func append(_ values: [UInt32], to data: inout Data) {
        values.map(\.littleEndian).withUnsafeBytes { data.append(contentsOf: $0) }
    }
}
