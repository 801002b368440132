import Foundation

/// A segment command that cannot be done as asked: an unknown name, a bad time,
/// a definition a change would break. Nothing has changed when it is thrown.
public enum SegmentLifecycleError: Error, CustomStringConvertible, Equatable, Sendable {
    /// No segment has this name; `suggestion` is the closest existing name.
    case unknownSegment(name: String, suggestion: String?)
    /// No export has this name.
    case unknownExport(name: String, suggestion: String?)
    /// No customer has this id in the live snapshot.
    case unknownCustomer(id: String)
    /// A field asked for is not the id, a customer attribute or a measure.
    case unknownField(name: String, suggestion: String?)
    /// Removing a reference would leave a dependent segment with no rules.
    case wouldEmptyDefinition(segment: String, dependent: String)
    /// A command needs the segment's members, and it has never been refreshed.
    case neverRefreshed(segment: String)
    /// An insight needs a different number of segments.
    case segmentCount(command: String, given: Int, expected: String)
    /// The segment type cannot do what was asked.
    case unsupported(segment: String, reason: String)
    /// A file could not be written.
    case cannotWrite(path: String, reason: String)

    public var description: String {
        switch self {
        case .unknownSegment(let name, let suggestion):
            return "no segment named \"\(name)\"" + Self.hint(suggestion) + " ('audience segment list' shows them)"
        case .unknownExport(let name, let suggestion):
            return "no export named \"\(name)\"" + Self.hint(suggestion) + " ('audience export list' shows them)"
        case .unknownCustomer(let id):
            return "no customer with id \"\(id)\" in the live snapshot"
        case .unknownField(let name, let suggestion):
            return "fields: \"\(name)\" is not the id, a customer attribute or a measure" + Self.hint(suggestion)
        case .wouldEmptyDefinition(let segment, let dependent):
            return "segment \"\(dependent)\" would have no rules left without its references to \"\(segment)\"; "
                + "edit or delete \"\(dependent)\" first"
        case .neverRefreshed(let segment):
            return "segment \"\(segment)\" has no members yet; run 'audience segment refresh \"\(segment)\"' first"
        case .segmentCount(let command, let given, let expected):
            return "\(command) needs \(expected) segments, got \(given)"
        case .unsupported(let segment, let reason):
            return "segment \"\(segment)\": \(reason)"
        case .cannotWrite(let path, let reason):
            return "\(path): cannot write: \(reason)"
        }
    }

    private static func hint(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean \"\($0)\"?" } ?? ""
    }

    /// The closest of `candidates` to `name` when it looks like a typo: at most a third
    /// of the name's length (at least one, at most three) edits away, ignoring case.
    static func closest(to name: String, in candidates: [String]) -> String? {
        let target = Array(name.lowercased())
        let limit = max(1, min(3, target.count / 3))
        var best: (distance: Int, name: String)?
        for candidate in candidates {
            let other = Array(candidate.lowercased())
            if abs(other.count - target.count) > limit { continue }
            var previous = Array(0...other.count)
            for (i, a) in target.enumerated() {
                var current = [i + 1] + Array(repeating: 0, count: other.count)
                for (j, b) in other.enumerated() {
                    current[j + 1] = min(previous[j + 1] + 1, current[j] + 1, previous[j] + (a == b ? 0 : 1))
                }
                previous = current
            }
            let distance = previous[other.count]
            if distance <= limit, best.map({ distance < $0.distance }) ?? true {
                best = (distance, candidate)
            }
        }
        return best?.name
    }
}
