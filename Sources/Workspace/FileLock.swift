import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// An exclusive advisory lock on a file (`flock`), released when the value is dropped
/// or the process dies, so a killed process never leaves it held.
final class FileLock {
    private let descriptor: Int32

    /// Takes the lock on `url` (created if missing) without waiting.
    ///
    /// - Returns: `nil` when another process holds it.
    /// - Throws: `WorkspaceError.missingFile` when the lock file cannot be opened.
    init?(url: URL) throws {
        let descriptor = Glibc.open(url.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)  // The C function is `open`.
        guard descriptor >= 0 else {
            throw WorkspaceError.missingFile(path: url.lastPathComponent, role: "lock file (\(String(cString: strerror(errno))))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        Glibc.close(descriptor)
    }
}
