/// The rules segment names and tags follow.
public enum SegmentRules {
    /// The most tags a segment can carry.
    public static let maximumTagsPerSegment = 20
    /// The longest name, in characters.
    public static let maximumNameLength = 200
    /// The longest tag, in characters.
    public static let maximumTagLength = 64
    /// The tag auto-deactivation gives the segments it deactivates.
    public static let autoDeactivatedTag = "AutoDeactivated"
    /// How many memberships of each segment are kept by default.
    public static let defaultKeptMemberships = 30
    /// How long a segment stays unused before auto-deactivation, by default.
    public static let defaultAutoDeactivationDays = 45

    /// Why `name` cannot name a segment or export, or nil when it can. Names
    /// are stored as given after trimming surrounding whitespace.
    static func problem(withName name: String) -> String? {
        if name.isEmpty {
            return "a name cannot be empty"
        }
        if name.count > maximumNameLength {
            return "a name has at most \(maximumNameLength) characters, this one \(name.count)"
        }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "a name cannot contain control characters (tabs, line breaks)"
        }
        return nil
    }

    /// Why `tag` cannot be a tag, or nil when it can.
    static func problem(withTag tag: String) -> String? {
        if tag.isEmpty {
            return "a tag cannot be empty"
        }
        if tag.count > maximumTagLength {
            return "a tag has at most \(maximumTagLength) characters"
        }
        if tag.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "a tag cannot contain control characters"
        }
        return nil
    }
}
