import Foundation

/// Streams a file written for one answer (a CSV download) and removes it.
///
/// The file is unlinked as soon as it is opened, so it disappears even when the client
/// hangs up or the server stops mid-transfer; the open handle keeps the bytes readable.
final class FileResponseStream: ResponseStream {
    /// Bytes read per chunk.
    static let chunkBytes = 64 * 1024

    private let handle: FileHandle

    /// Opens `url` for streaming and removes its directory entry.
    ///
    /// - Throws: the file system's error when the file cannot be opened.
    init(consuming url: URL) throws {
        handle = try FileHandle(forReadingFrom: url)
        try? FileManager.default.removeItem(at: url)
    }

    func nextChunk() throws -> [UInt8]? {
        guard let data = try handle.read(upToCount: Self.chunkBytes), !data.isEmpty else { return nil }
        return Array(data)
    }

    deinit {
        try? handle.close()
    }
}
