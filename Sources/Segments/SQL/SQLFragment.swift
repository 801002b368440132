/// A piece of SQL under construction: SQL text written by the compiler, and
/// parameter values kept apart from it until the statement is finished.
///
/// Written with string interpolation: literal segments are SQL,
/// `\(parameter: value)` is a bound value and `\(fragment)` nests another
/// fragment. `\(raw:)` inserts SQL made by a dialect (a quoted identifier),
/// never text a user wrote.
public struct SQLFragment: Sendable, Hashable {
    enum Part: Sendable, Hashable {
        case sql(String)
        case parameter(SQLValue)
    }

    var parts: [Part]

    init(parts: [Part]) {
        self.parts = parts
    }

    /// A fragment that is a single bound value.
    public static func parameter(_ value: SQLValue) -> SQLFragment {
        SQLFragment(parts: [.parameter(value)])
    }

    /// SQL text produced by code (a dialect's function name, a quoted identifier).
    public static func raw(_ sql: String) -> SQLFragment {
        SQLFragment(parts: [.sql(sql)])
    }

    /// The fragments one after another with `separator` SQL between them.
    public static func joined(_ fragments: [SQLFragment], separator: String) -> SQLFragment {
        var parts: [Part] = []
        for (index, fragment) in fragments.enumerated() {
            if index > 0 { parts.append(.sql(separator)) }
            parts += fragment.parts
        }
        return SQLFragment(parts: parts)
    }

    /// The bound values, in order.
    public var parameters: [SQLValue] {
        parts.compactMap { part in
            if case .parameter(let value) = part { return value }
            return nil
        }
    }

    /// The finished statement with placeholders numbered by `dialect`.
    public func query(in dialect: any SQLDialect) -> SQLQuery {
        var text = ""
        var parameters: [SQLValue] = []
        for part in parts {
            switch part {
            case .sql(let sql):
                text += sql
            case .parameter(let value):
                parameters.append(value)
                text += dialect.placeholder(number: parameters.count)
            }
        }
        return SQLQuery(text: text, parameters: parameters)
    }
}

extension SQLFragment: ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) {
        parts = value.isEmpty ? [] : [.sql(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        parts = stringInterpolation.parts
    }

    /// Builds a fragment from literal SQL and interpolated parameters and fragments.
    public struct StringInterpolation: StringInterpolationProtocol {
        var parts: [Part] = []

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) {
            if !literal.isEmpty { parts.append(.sql(literal)) }
        }

        public mutating func appendInterpolation(_ fragment: SQLFragment) {
            parts += fragment.parts
        }

        public mutating func appendInterpolation(parameter value: SQLValue) {
            parts.append(.parameter(value))
        }

        public mutating func appendInterpolation(raw sql: String) {
            parts.append(.sql(sql))
        }
    }
}

extension SQLFragment {
    /// The two fragments one after the other.
    public static func + (lhs: SQLFragment, rhs: SQLFragment) -> SQLFragment {
        SQLFragment(parts: lhs.parts + rhs.parts)
    }
}
