/// Why the synthetic retail generator could not write its files.
public enum SyntheticRetailError: Error, Equatable, CustomStringConvertible {
    /// The output folder could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// A file could not be opened, written, closed or moved into place.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .cannotCreateDirectory(let path, let reason):
            return "\(path): cannot create the output folder: \(reason)"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write: \(reason)"
        }
    }
}
