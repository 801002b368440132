/// One encoded field of a ``FeatureEncoder``: where its value comes from and how it becomes columns.
public struct EncodedField: Codable, Sendable, Equatable {
    /// Where the field's value comes from.
    public enum Input: Codable, Sendable, Equatable {
        /// A profile column of the customers table, with its type's raw name (`number`, `category`, …), or a
        /// measure of ``FeatureEncoder/measures`` named like it (`number`, `date` or `datetime`): a customers
        /// file to score carries it as a column of that name.
        case column(name: String, type: String)
        /// How many activities of a type the customer had up to the as-of instant.
        case activityFrequency(type: String)
        /// Days from the customer's last activity of a type to the as-of instant (missing when none).
        case activityRecency(type: String)
        /// The summed amounts of the customer's activities of a type.
        case activityMonetary(type: String)
        /// The share of the customer's activities in one channel (0 when the customer has none).
        case channelShare(channel: String)
    }

    /// How the value becomes columns.
    public enum Transform: Codable, Sendable, Equatable {
        /// `clip((f(x) − median) / scale)` with `f = log1p` when `usesLog`, else the identity.
        case robust(usesLog: Bool, median: Double, scale: Double)
        /// One 0/1 column per level, in this order.
        case oneHot(levels: [String])
        /// The value itself (booleans as 0/1, shares in [0, 1]).
        case identity
    }

    /// The field's display name (`age`, `purchase frequency`, `channel app share`).
    public let name: String
    /// Where the value comes from.
    public let input: Input
    /// How it is encoded.
    public let transform: Transform
    /// Whether a 0/1 "is missing" column follows the value columns.
    public let hasMissingIndicator: Bool

    /// The names of the field's output columns, in order.
    public var columnNames: [String] {
        var names: [String]
        switch transform {
        case .robust, .identity: names = [name]
        case .oneHot(let levels): names = levels.map { "\(name) = \($0)" }
        }
        if hasMissingIndicator { names.append("\(name) is missing") }
        return names
    }

    /// The number of output columns.
    public var columnCount: Int {
        switch transform {
        case .robust, .identity: return 1 + (hasMissingIndicator ? 1 : 0)
        case .oneHot(let levels): return levels.count + (hasMissingIndicator ? 1 : 0)
        }
    }

    /// What the output columns mean, for explanations.
    var columnRoles: [ColumnRole] {
        var roles: [ColumnRole]
        switch transform {
        case .robust, .identity: roles = [.value]
        case .oneHot(let levels): roles = levels.map { .level($0) }
        }
        if hasMissingIndicator { roles.append(.missing) }
        return roles
    }

    /// What one output column means.
    enum ColumnRole: Equatable {
        case value
        case level(String)
        case missing
    }
}
