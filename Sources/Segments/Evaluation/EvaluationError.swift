/// Why a batch of definitions cannot be evaluated. Nothing is evaluated when
/// any definition of the batch has a problem.
public enum EvaluationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A definition does not validate against the snapshot's catalog; the
    /// diagnostics carry paths (and, for parsed text, locations).
    case invalidDefinition(segment: String, SegmentValidationError)
    /// A definition refers to a segment that is neither in the batch nor given by `segmentMembers`.
    case unknownSegment(String, referencedBy: String)
    /// The batch has the same segment name twice.
    case duplicateSegment(String)
    /// A measure's window or field conditions do not parse (`audience.json`).
    case badMeasure(String, reason: String)
    /// A segment's given members were made for a different number of customers (another snapshot).
    case membersDoNotFit(segment: String, capacity: Int, customers: Int)
    /// An attribute or measure name that `quick` does not know.
    case unknownField(String, suggestion: String?)
    /// The workspace time zone is not a known IANA zone.
    case badTimeZone(String)

    public var description: String {
        switch self {
        case .invalidDefinition(let segment, let error):
            return "segment \"\(segment)\": \(error)"
        case .unknownSegment(let name, let referencedBy):
            return "segment \"\(referencedBy)\": refers to unknown segment \"\(name)\""
        case .duplicateSegment(let name):
            return "segment \"\(name)\" appears twice in the batch"
        case .badMeasure(let name, let reason):
            return "measure \"\(name)\": \(reason)"
        case .membersDoNotFit(let segment, let capacity, let customers):
            return "segment \"\(segment)\": its members range over \(capacity) customers, "
                + "the snapshot has \(customers); refresh it on this snapshot first"
        case .unknownField(let name, let suggestion):
            return "unknown attribute or measure \"\(name)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? "")
        case .badTimeZone(let zone):
            return "audience.json: timeZone: unknown time zone \"\(zone)\" (use an IANA name such as Europe/Berlin)"
        }
    }
}
