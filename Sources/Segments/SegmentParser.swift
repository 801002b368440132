import CustomerData

/// Reads the text syntax of segment definitions (see `docs/segment-language.md`).
///
/// A hand-written lexer and recursive-descent parser. Errors carry the line and
/// column of the offending token and say what was expected.
public enum SegmentParser {
    /// Names that are keywords where a name could stand; write them in backticks
    /// to use them as names (`` `from` ``).
    public static let reservedWords: Set<String> = [
        "and", "or", "not", "in", "did", "measure", "of", "where", "any", "within", "from",
        "union", "intersect", "except",
    ]

    /// Parses a whole definition.
    ///
    /// - Parameter catalog: when given, a bare name that is a measure and not an
    ///   attribute reads as a measure condition (`spend_90d > 100`).
    /// - Returns: the definition and the text location of every rule and condition, by path.
    public static func parse(_ text: String, catalog: SegmentCatalog? = nil) throws(SegmentSyntaxError) -> ParsedDefinition {
        var lexer = SegmentLexer(text)
        var parser = Parser(tokens: try lexer.tokens(), lexer: lexer, catalog: catalog)
        let definition = try parser.definition()
        return ParsedDefinition(definition: definition, locations: parser.locations)
    }

    /// Parses one field condition (`channel = "web"`), as written in a measure's `conditions`.
    public static func parseFieldCondition(_ text: String) throws(SegmentSyntaxError) -> FieldCondition {
        var lexer = SegmentLexer(text)
        var parser = Parser(tokens: try lexer.tokens(), lexer: lexer, catalog: nil)
        let condition = try parser.fieldCondition()
        try parser.expectEnd(after: "the condition")
        return condition
    }
}

/// A parsed definition and where each of its parts was written.
public struct ParsedDefinition: Hashable, Sendable {
    public var definition: SegmentDefinition
    /// The location of each rule (`rules[1]`), condition and `where` condition.
    public var locations: [ConditionPath: SourceLocation]
}

extension SegmentDefinition {
    /// Parses definition text; see `SegmentParser.parse(_:catalog:)`.
    public init(text: String, catalog: SegmentCatalog? = nil) throws(SegmentSyntaxError) {
        self = try SegmentParser.parse(text, catalog: catalog).definition
    }
}

// MARK: - Parser

private struct Parser {
    let tokens: [SegmentToken]
    let lexer: SegmentLexer
    let catalog: SegmentCatalog?
    var position = 0
    var locations: [ConditionPath: SourceLocation] = [:]

    init(tokens: [SegmentToken], lexer: SegmentLexer, catalog: SegmentCatalog?) {
        self.tokens = tokens
        self.lexer = lexer
        self.catalog = catalog
    }

    var current: SegmentToken { tokens[position] }
    var following: SegmentToken { tokens[min(position + 1, tokens.count - 1)] }

    mutating func advance() {
        if position < tokens.count - 1 { position += 1 }
    }

    func error(_ message: String, at token: SegmentToken? = nil) -> SegmentSyntaxError {
        let location = (token ?? current).location
        return SegmentSyntaxError(message: message, location: location, sourceLine: lexer.sourceLine(location.line))
    }

    func unexpected(_ expected: String) -> SegmentSyntaxError {
        error("expected \(expected), found \(current.quoted)")
    }

    /// Consumes the keyword or fails saying what was expected.
    mutating func expectKeyword(_ keyword: String, _ context: String = "") throws(SegmentSyntaxError) {
        guard current.isKeyword(keyword) else {
            throw unexpected("\"\(keyword)\"" + (context.isEmpty ? "" : " " + context))
        }
        advance()
    }

    mutating func expectSymbol(_ symbol: String, _ context: String = "") throws(SegmentSyntaxError) {
        guard current.isSymbol(symbol) else {
            throw unexpected("\"\(symbol)\"" + (context.isEmpty ? "" : " " + context))
        }
        advance()
    }

    mutating func expectEnd(after what: String) throws(SegmentSyntaxError) {
        guard current.kind == .end else { throw unexpected("end of input after \(what)") }
    }

    // MARK: Rules and groups

    mutating func definition() throws(SegmentSyntaxError) -> SegmentDefinition {
        if current.kind == .end {
            throw error("the definition is empty; write at least one condition, such as age > 30")
        }
        var rules = [try rule(index: 0, combine: nil)]
        while let operation = setOperation(current) {
            advance()
            rules.append(try rule(index: rules.count, combine: operation))
        }
        if current.isSymbol(")") {
            throw error("this \")\" has no matching \"(\"")
        }
        try expectEnd(after: "the definition (or and, or, union, intersect, except)")
        return SegmentDefinition(rules: rules)
    }

    func setOperation(_ token: SegmentToken) -> SetOperation? {
        guard case .word(let word) = token.kind else { return nil }
        return SetOperation(rawValue: word.lowercased())
    }

    mutating func rule(index: Int, combine: SetOperation?) throws(SegmentSyntaxError) -> SegmentRule {
        let path = ConditionPath([.rule(index)])
        locations[path] = current.location
        let (join, conditions) = try conditionList(path)
        return SegmentRule(combine: combine, join: join, conditions: conditions)
    }

    /// Conditions joined by one kind of join; mixing `and` and `or` needs parentheses.
    mutating func conditionList(_ path: ConditionPath) throws(SegmentSyntaxError) -> (Join, [Condition]) {
        var conditions = [try condition(path.appending(.condition(0)))]
        var join: Join?
        while case .word(let word) = current.kind, let next = Join(rawValue: word.lowercased()) {
            if let join, join != next {
                throw error(
                    "\"and\" and \"or\" are mixed at the same level; add parentheses, as in a and (b or c)")
            }
            join = next
            advance()
            conditions.append(try condition(path.appending(.condition(conditions.count))))
        }
        return (join ?? .and, conditions)
    }

    // MARK: Conditions

    mutating func condition(_ path: ConditionPath) throws(SegmentSyntaxError) -> Condition {
        locations[path] = current.location
        let token = current
        if token.isSymbol("(") {
            advance()
            if current.isSymbol(")") {
                throw error("empty parentheses; a subrule needs at least one condition")
            }
            let (join, conditions) = try conditionList(path.appending(.subrule))
            if setOperation(current) != nil {
                throw error("\(current.quoted) combines whole rules and cannot stand inside parentheses")
            }
            try expectSymbol(")", "to close the subrule")
            return .subrule(ConditionGroup(join: join, conditions: conditions))
        }
        if token.isKeyword("not") {
            advance()
            try expectKeyword("in", "(as in: not in segment \"Churned\")")
            try expectKeyword("segment", "(as in: not in segment \"Churned\")")
            return .segment(SegmentCondition(segment: try segmentName(), isMember: false))
        }
        if token.isKeyword("in") {
            advance()
            try expectKeyword("segment", "(as in: in segment \"Churned\")")
            return .segment(SegmentCondition(segment: try segmentName(), isMember: true))
        }
        if token.isKeyword("did") {
            advance()
            try expectKeyword("not", "(as in: did not do visit within last 30 days)")
            try expectKeyword("do", "(as in: did not do visit within last 30 days)")
            let (types, conditions, window) = try activitySpecification(path, insideParentheses: false)
            return .activity(.didNotDo(types, where: conditions, window: window))
        }
        if token.isKeyword("measure") {
            advance()
            let name = try name("a measure name")
            let (test, ignoreCase) = try valueTest(subject: name)
            return .measure(MeasureCondition(measure: name, test: test, ignoreCase: ignoreCase))
        }
        if case .word(let word) = token.kind, following.isSymbol("("),
           let function = MeasureDefinition.Aggregate(rawValue: word.lowercased()) {
            return .activity(try activityCondition(function, path))
        }
        guard case .word = token.kind, !SegmentParser.reservedWords.contains(token.lowercasedWord) else {
            if case .quotedName = token.kind {
                return try attributeOrMeasure()
            }
            throw unexpected(
                "a condition (a field name, measure, count(…), in segment, did not do or \"(\")")
        }
        return try attributeOrMeasure()
    }

    mutating func attributeOrMeasure() throws(SegmentSyntaxError) -> Condition {
        let field = try fieldCondition()
        if let catalog, catalog.attributes[field.field] == nil, catalog.measures[field.field] != nil {
            return .measure(MeasureCondition(measure: field.field, test: field.test, ignoreCase: field.ignoreCase))
        }
        return .attribute(field)
    }

    mutating func fieldCondition() throws(SegmentSyntaxError) -> FieldCondition {
        let field = try name("a field name")
        let (test, ignoreCase) = try valueTest(subject: field)
        return FieldCondition(field: field, test: test, ignoreCase: ignoreCase)
    }

    mutating func segmentName() throws(SegmentSyntaxError) -> String {
        switch current.kind {
        case .string(let name), .quotedName(let name):
            advance()
            return name
        case .word(let word):
            throw error("write the segment name in double quotes: \"\(word)\"")
        default:
            throw unexpected("a segment name in double quotes")
        }
    }

    /// A bare word that is not reserved, or a backtick-quoted name.
    mutating func name(_ what: String) throws(SegmentSyntaxError) -> String {
        switch current.kind {
        case .quotedName(let name):
            advance()
            return name
        case .word(let word):
            if SegmentParser.reservedWords.contains(word.lowercased()) {
                throw error("\"\(word)\" is a keyword; write `\(word)` to use it as a name")
            }
            advance()
            return word
        case .string(let text):
            throw error("expected \(what), found the text \"\(text)\"; write names bare or in backticks (`\(text)`)")
        default:
            throw unexpected(what)
        }
    }

    // MARK: Activity aggregates

    mutating func activityCondition(
        _ function: MeasureDefinition.Aggregate, _ path: ConditionPath
    ) throws(SegmentSyntaxError) -> ActivityCondition {
        advance()
        try expectSymbol("(")
        var field: String?
        if following.isKeyword("of") {
            field = try name("the aggregated field")
            advance()
        } else if ActivityAggregate.takesField(function) {
            throw unexpected("a field and \"of\" (as in: \(function.rawValue)(amount of purchase))")
        }
        let (types, conditions, window) = try activitySpecification(path, insideParentheses: true)
        try expectSymbol(")", "to close \(function.rawValue)(…)")
        let aggregate = ActivityAggregate(
            function: function, field: field, activityTypes: types, conditions: conditions, window: window)
        let (test, ignoreCase) = try valueTest(subject: function.rawValue + "(…)")
        return ActivityCondition(aggregate: aggregate, test: test, ignoreCase: ignoreCase)
    }

    /// `types [where conditions] [window]`.
    ///
    /// Inside an aggregate's parentheses the `where` conditions may be joined by
    /// `and` freely; after `did not do`, more than one must be in parentheses,
    /// because a bare `and` there continues the rule.
    mutating func activitySpecification(
        _ path: ConditionPath, insideParentheses: Bool
    ) throws(SegmentSyntaxError) -> ([String], [FieldCondition], ActivityWindow) {
        var types: [String] = []
        if current.isKeyword("any") {
            advance()
        } else {
            types.append(try name("an activity type (or any)"))
            while current.isSymbol(",") {
                advance()
                types.append(try name("an activity type"))
            }
        }
        var conditions: [FieldCondition] = []
        if current.isKeyword("where") {
            advance()
            let parenthesised = current.isSymbol("(")
            if parenthesised { advance() }
            repeat {
                if !conditions.isEmpty { advance() }
                locations[path.appending(.whereCondition(conditions.count))] = current.location
                conditions.append(try fieldCondition())
            } while current.isKeyword("and") && (parenthesised || insideParentheses)
            if current.isKeyword("or"), parenthesised || insideParentheses {
                throw error("activity conditions after where are joined by and only")
            }
            if parenthesised { try expectSymbol(")", "to close the where conditions") }
        }
        var window = ActivityWindow.allTime
        if current.isKeyword("within") {
            advance()
            if current.isKeyword("last") {
                advance()
                window = .last(try duration())
            } else if current.isKeyword("year") {
                try yearToDate()
                window = .yearToDate
            } else {
                throw unexpected("\"last\" or \"year to date\" after within")
            }
        } else if current.isKeyword("from") {
            advance()
            let from = try date("a start date")
            try expectKeyword("to", "between the window's dates")
            window = .between(from, try date("an end date"))
        }
        return (types, conditions, window)
    }

    mutating func yearToDate() throws(SegmentSyntaxError) {
        try expectKeyword("year")
        try expectKeyword("to", "(as in: within year to date)")
        try expectKeyword("date", "(as in: within year to date)")
    }

    mutating func date(_ what: String) throws(SegmentSyntaxError) -> CalendarDate {
        guard case .date(let date) = current.kind else { throw unexpected("\(what) (yyyy-MM-dd)") }
        advance()
        return date
    }

    // MARK: Tests

    /// An operator and its operands, and an optional `ignoring case`.
    mutating func valueTest(subject: String) throws(SegmentSyntaxError) -> (ValueTest, Bool) {
        let token = current
        let test: ValueTest
        switch token.kind {
        case .symbol(let symbol) where ["=", "!=", "<", "<=", ">", ">="].contains(symbol):
            advance()
            let value = try literal(after: symbol)
            switch symbol {
            case "=": test = .equals(value)
            case "!=": test = .notEquals(value)
            case "<": test = .lessThan(value)
            case "<=": test = .lessThanOrEqual(value)
            case ">": test = .greaterThan(value)
            default: test = .greaterThanOrEqual(value)
            }
        case .word(let word):
            advance()
            test = try wordTest(word.lowercased(), token: token)
        default:
            throw operatorExpected(subject: subject)
        }
        if current.isKeyword("ignoring") {
            advance()
            try expectKeyword("case", "after ignoring")
            return (test, true)
        }
        return (test, false)
    }

    func operatorExpected(subject: String, at token: SegmentToken? = nil) -> SegmentSyntaxError {
        let token = token ?? current
        let words = ["between", "in", "not", "is", "contains", "starts", "ends", "before", "after", "on", "within",
                     "month", "day", "anniversary"]
        var hint = ""
        if case .word(let word) = token.kind {
            hint = NameSuggestion.hint(for: word.lowercased(), in: words)
        }
        return error(
            "expected an operator after \(subject) (=, !=, <, <=, >, >=, between, in, not in, is, contains, "
                + "starts with, ends with, before, after, on, within, month in, day of week in, anniversary), "
                + "found \(token.quoted)" + hint,
            at: token)
    }

    mutating func wordTest(_ word: String, token: SegmentToken) throws(SegmentSyntaxError) -> ValueTest {
        switch word {
        case "between":
            let low = try literal(after: "between")
            try expectKeyword("and", "between the bounds of between")
            return .between(low, try literal(after: "and"))
        case "in":
            return .isIn(try literalList())
        case "not":
            if current.isKeyword("in") {
                advance()
                return .notIn(try literalList())
            }
            if current.isKeyword("within") {
                advance()
                try expectKeyword("last", "(as in: not within last 30 days)")
                return .notWithinLast(try duration())
            }
            throw unexpected("\"in\" or \"within last\" after not")
        case "is":
            if current.isKeyword("empty") {
                advance()
                return .isEmpty
            }
            if current.isKeyword("true") {
                advance()
                return .isTrue
            }
            if current.isKeyword("false") {
                advance()
                return .isFalse
            }
            if current.isKeyword("not") {
                advance()
                try expectKeyword("empty", "(as in: is not empty)")
                return .isNotEmpty
            }
            throw unexpected("empty, not empty, true or false after is")
        case "contains":
            return .contains(try text(after: "contains"))
        case "starts":
            try expectKeyword("with", "(as in: starts with \"A\")")
            return .startsWith(try text(after: "starts with"))
        case "ends":
            try expectKeyword("with", "(as in: ends with \"z\")")
            return .endsWith(try text(after: "ends with"))
        case "before":
            return .before(try literal(after: "before"))
        case "after":
            return .after(try literal(after: "after"))
        case "on":
            return .on(try literal(after: "on"))
        case "within":
            if current.isKeyword("last") {
                advance()
                return .withinLast(try duration())
            }
            if current.isKeyword("next") {
                advance()
                return .withinNext(try duration())
            }
            if current.isKeyword("year") {
                try yearToDate()
                return .yearToDate
            }
            throw unexpected("last, next or year to date after within")
        case "month":
            try expectKeyword("in", "(as in: month in (december, january))")
            return .monthIn(try nameList("a month") { Month(name: $0) })
        case "day":
            try expectKeyword("of", "(as in: day of week in (saturday, sunday))")
            try expectKeyword("week", "(as in: day of week in (saturday, sunday))")
            try expectKeyword("in", "(as in: day of week in (saturday, sunday))")
            return .dayOfWeekIn(try nameList("a day of the week") { Weekday(name: $0) })
        case "anniversary":
            try expectKeyword("within", "(as in: anniversary within next 7 days)")
            try expectKeyword("next", "(as in: anniversary within next 7 days)")
            let days = try wholeNumber()
            guard current.isKeyword("days") || current.isKeyword("day") else {
                throw unexpected("\"days\" (anniversaries count days)")
            }
            advance()
            return .anniversaryWithinNext(days: days)
        default:
            throw operatorExpected(subject: "the field", at: token)
        }
    }

    mutating func literal(after what: String) throws(SegmentSyntaxError) -> Literal {
        let token = current
        switch token.kind {
        case .number(let value, _):
            advance()
            return .number(value)
        case .string(let text):
            advance()
            return .text(text)
        case .date(let date):
            advance()
            return .date(date)
        case .datetime(let value):
            advance()
            return .datetime(value)
        case .word(let word):
            throw error(
                "expected a value after \(what), found \"\(word)\"; write text in double quotes (\"\(word)\")")
        default:
            throw unexpected("a value after \(what) (a number, \"text\", a date like 2024-03-01 or a date and time)")
        }
    }

    mutating func text(after what: String) throws(SegmentSyntaxError) -> String {
        guard case .string(let text) = current.kind else {
            throw unexpected("a text in double quotes after \(what)")
        }
        advance()
        return text
    }

    /// `(value, value, …)`.
    mutating func literalList() throws(SegmentSyntaxError) -> [Literal] {
        try expectSymbol("(", "to start the list of values")
        var values = [try literal(after: "(")]
        while current.isSymbol(",") {
            advance()
            values.append(try literal(after: ","))
        }
        try expectSymbol(")", "to close the list of values")
        return values
    }

    /// `(name, name, …)` of months or weekdays.
    mutating func nameList<T>(_ what: String, _ make: (String) -> T?) throws(SegmentSyntaxError) -> [T] {
        try expectSymbol("(", "to start the list")
        var values: [T] = []
        repeat {
            if !values.isEmpty { advance() }
            guard case .word(let word) = current.kind, let value = make(word) else {
                throw unexpected(what)
            }
            values.append(value)
            advance()
        } while current.isSymbol(",")
        try expectSymbol(")", "to close the list")
        return values
    }

    mutating func wholeNumber() throws(SegmentSyntaxError) -> Int {
        guard case .number(_, let text) = current.kind, let value = Int(text) else {
            throw unexpected("a whole number")
        }
        advance()
        return value
    }

    /// `6 months`, `1 day`.
    mutating func duration() throws(SegmentSyntaxError) -> RelativeDuration {
        let amount = try wholeNumber()
        guard case .word(let word) = current.kind,
              let unit = DurationUnit(rawValue: word.lowercased())
                ?? DurationUnit.allCases.first(where: { $0.singular == word.lowercased() }) else {
            throw unexpected("a unit (days, weeks, months or years)")
        }
        advance()
        return RelativeDuration(amount, unit)
    }
}

extension SegmentToken {
    var lowercasedWord: String {
        if case .word(let word) = kind { return word.lowercased() }
        return ""
    }
}
