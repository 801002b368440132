#if canImport(Glibc)
import Glibc
/// The C `write`, named apart from the method below.
private let systemWrite = Glibc.write
#elseif canImport(Darwin)
import Darwin
/// The C `write`, named apart from the method below.
private let systemWrite = Darwin.write
#endif

/// Writes one output file in large blocks under a temporary name and moves it
/// into place only when it is complete, so a failed run leaves no half file.
final class SyntheticFileWriter {
    /// The final path of the file.
    let path: String
    private let partialPath: String
    private var descriptor: Int32
    private(set) var bytesWritten = 0

    /// Creates (or truncates) `path + ".partial"` for writing.
    init(path: String) throws {
        self.path = path
        partialPath = path + ".partial"
        // The corresponding C function is `open`.
        descriptor = open(partialPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw SyntheticRetailError.cannotWrite(path: path, reason: SyntheticFileWriter.lastErrorText())
        }
    }

    deinit {
        if descriptor >= 0 {
            // An unfinished file: close and remove it; there is nobody to report a failure to.
            _ = close(descriptor)
            _ = unlink(partialPath)
        }
    }

    /// Appends the bytes of `buffer`.
    func write(_ buffer: SyntheticByteBuffer) throws {
        try buffer.withBytes { try write($0) }
    }

    /// Appends `bytes`, retrying short writes and interrupted calls.
    func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(descriptor >= 0, "SyntheticFileWriter.write: the file is already finished")
        var offset = 0
        while offset < bytes.count {
            // The corresponding C function is `write`.
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                throw SyntheticRetailError.cannotWrite(path: path, reason: SyntheticFileWriter.lastErrorText())
            }
            offset += written
        }
        bytesWritten += bytes.count
    }

    /// Closes the file and renames it to its final name.
    func finish() throws {
        precondition(descriptor >= 0, "SyntheticFileWriter.finish: the file is already finished")
        let closed = close(descriptor)
        descriptor = -1
        guard closed == 0 else {
            let reason = SyntheticFileWriter.lastErrorText()
            _ = unlink(partialPath)  // best effort: the close failure is what gets reported
            throw SyntheticRetailError.cannotWrite(path: path, reason: reason)
        }
        guard rename(partialPath, path) == 0 else {
            let reason = SyntheticFileWriter.lastErrorText()
            _ = unlink(partialPath)  // best effort: the rename failure is what gets reported
            throw SyntheticRetailError.cannotWrite(path: path, reason: reason)
        }
    }

    /// The text of `errno`, such as "No space left on device".
    static func lastErrorText() -> String {
        let code = errno
        return "\(String(cString: strerror(code))) (errno \(code))"
    }
}
