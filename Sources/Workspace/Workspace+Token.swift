import Foundation
import Glibc

extension Workspace {
    /// The name of the API token file in the workspace folder.
    public static let apiTokenFileName = "api-token"

    /// The bearer token the HTTP API requires, made on first use.
    ///
    /// The token is 32 random bytes from `/dev/urandom`, hex-encoded, kept in
    /// `api-token` with mode 0600 (owner read/write only). `audience init` calls this
    /// so the token exists from the start; a token file readable by others is
    /// narrowed back to 0600.
    ///
    /// - Throws: `WorkspaceError.invalidConfig` naming `api-token` when the file cannot
    ///   be read, written or holds no token.
    public func apiToken() throws -> String {
        let path = directory.appendingPathComponent(Self.apiTokenFileName).path
        func failure(_ message: String) -> WorkspaceError {
            .invalidConfig(file: Self.apiTokenFileName, field: "", message: message)
        }
        func reason(_ code: Int32) -> String { String(cString: strerror(code)) }

        // O_EXCL: of two processes starting at once, one creates and the other reads.
        let created = Glibc.open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if created >= 0 {
            defer { _ = close(created) }
            let token = try Self.randomHex(byteCount: 32)
            let line = Array((token + "\n").utf8)
            let written = line.withUnsafeBytes { write(created, $0.baseAddress, $0.count) }
            guard written == line.count else {
                let code = errno
                _ = unlink(path)
                throw failure("cannot be written (\(written < 0 ? reason(code) : "short write"))")
            }
            guard fsync(created) == 0 else {
                let code = errno
                _ = unlink(path)
                throw failure("cannot be written (\(reason(code)))")
            }
            return token
        }
        guard errno == EEXIST else { throw failure("cannot be created (\(reason(errno)))") }

        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot be read (\(reason(errno)))") }
        defer { _ = close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot be read (\(reason(errno)))") }
        if status.st_mode & 0o077 != 0 {
            guard fchmod(descriptor, 0o600) == 0 else {
                throw failure("is readable by others and its mode cannot be set to 0600 (\(reason(errno)))")
            }
        }
        var bytes = [UInt8](repeating: 0, count: 256)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count >= 0 else { throw failure("cannot be read (\(reason(errno)))") }
        let token = String(decoding: bytes[..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, !token.contains(where: { $0.isWhitespace }) else {
            throw failure("holds no token; delete the file and a new token is made")
        }
        return token
    }

    /// `byteCount` bytes from `/dev/urandom` as lower-case hex.
    private static func randomHex(byteCount: Int) throws -> String {
        let failure = { (message: String) in
            WorkspaceError.invalidConfig(file: "/dev/urandom", field: "", message: message)
        }
        let descriptor = Glibc.open("/dev/urandom", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot be opened (\(String(cString: strerror(errno))))") }
        defer { _ = close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: byteCount)
        let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count == byteCount else { throw failure("gave \(max(count, 0)) of \(byteCount) random bytes") }
        return bytes.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
