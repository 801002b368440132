/// Bytes that are not a valid serialized ``MemberSet``.
///
/// The text says where the bytes came from (when the caller says) and what is
/// wrong, e.g. `segment "Churn risk", refresh 12: member bitmap: container 3:
/// array values are not increasing at offset 1046`.
public struct MemberSetError: Error, CustomStringConvertible, Sendable, Equatable {
    /// Where the bytes came from, e.g. `segment "VIP", refresh 12`; empty when
    /// unknown.
    public var source: String
    /// The byte offset where the problem was found.
    public var offset: Int
    /// What is wrong.
    public var reason: String

    /// Creates an error.
    public init(source: String = "", offset: Int, reason: String) {
        self.source = source
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        let prefix = source.isEmpty ? "" : "\(source): "
        return "\(prefix)member bitmap: \(reason) at byte \(offset)"
    }
}
