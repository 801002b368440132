// The printer: the canonical text form of a definition. Parsing the printed
// text gives back an equal definition, and printing a parsed text gives the
// canonical spelling of what was written.
extension SegmentDefinition {
    /// The definition in the text syntax, on one line.
    public var text: String {
        var parts: [String] = []
        for (index, rule) in rules.enumerated() {
            if index > 0 { parts.append((rule.combine ?? .union).rawValue) }
            parts.append(TextPrinter.conditions(rule.conditions, join: rule.join))
        }
        return parts.joined(separator: " ")
    }
}

extension SegmentDefinition: CustomStringConvertible {
    public var description: String { text }
}

extension Condition {
    /// The condition in the text syntax.
    public var text: String { TextPrinter.condition(self) }
}

extension FieldCondition {
    /// The field condition in the text syntax (`channel = "web"`).
    public var text: String { TextPrinter.field(self) }
}

extension Literal {
    /// The value in the text syntax: `42`, `"gold"`, `2024-03-01`.
    public var text: String { TextPrinter.literal(self) }
}

/// Text forms of the parts of a definition.
enum TextPrinter {
    static func conditions(_ conditions: [Condition], join: Join) -> String {
        if conditions.isEmpty { return "()" }
        return conditions.map(condition).joined(separator: " \(join.rawValue) ")
    }

    static func condition(_ condition: Condition) -> String {
        switch condition {
        case .attribute(let field):
            return self.field(field)
        case .measure(let measure):
            return "measure " + name(measure.measure) + " " + test(measure.test, ignoreCase: measure.ignoreCase)
        case .activity(let activity):
            let aggregate = activity.aggregate
            if activity.isDidNotDo {
                return "did not do " + specification(aggregate, insideParentheses: false)
            }
            var head = aggregate.function.rawValue + "("
            if let field = aggregate.field { head += name(field) + " of " }
            head += specification(aggregate, insideParentheses: true) + ")"
            return head + " " + test(activity.test, ignoreCase: activity.ignoreCase)
        case .segment(let segment):
            return (segment.isMember ? "in segment " : "not in segment ") + string(segment.segment)
        case .subrule(let group):
            return "(" + conditions(group.conditions, join: group.join) + ")"
        }
    }

    static func field(_ field: FieldCondition) -> String {
        name(field.field) + " " + test(field.test, ignoreCase: field.ignoreCase)
    }

    static func specification(_ aggregate: ActivityAggregate, insideParentheses: Bool) -> String {
        var text = aggregate.activityTypes.isEmpty ? "any" : aggregate.activityTypes.map(name).joined(separator: ", ")
        if !aggregate.conditions.isEmpty {
            let parts = aggregate.conditions.map(field)
            text += " where " + (parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " and ") + ")")
        }
        switch aggregate.window {
        case .allTime: break
        case .last(let duration): text += " within last " + duration.text
        case .between(let from, let to): text += " from \(from.isoString) to \(to.isoString)"
        case .yearToDate: text += " within year to date"
        }
        return text
    }

    static func test(_ test: ValueTest, ignoreCase: Bool) -> String {
        let body: String
        switch test {
        case .isEmpty, .isNotEmpty, .isTrue, .isFalse, .yearToDate:
            body = test.testOperator.textForm
        case .equals(let value), .notEquals(let value), .lessThan(let value), .lessThanOrEqual(let value),
             .greaterThan(let value), .greaterThanOrEqual(let value), .before(let value), .after(let value),
             .on(let value):
            body = test.testOperator.textForm + " " + literal(value)
        case .between(let low, let high):
            body = "between " + literal(low) + " and " + literal(high)
        case .isIn(let values), .notIn(let values):
            body = test.testOperator.textForm + " (" + values.map(literal).joined(separator: ", ") + ")"
        case .contains(let text), .startsWith(let text), .endsWith(let text):
            body = test.testOperator.textForm + " " + string(text)
        case .withinLast(let duration), .notWithinLast(let duration), .withinNext(let duration):
            body = test.testOperator.textForm + " " + duration.text
        case .monthIn(let months):
            body = "month in (" + months.map(\.name).joined(separator: ", ") + ")"
        case .dayOfWeekIn(let weekdays):
            body = "day of week in (" + weekdays.map(\.name).joined(separator: ", ") + ")"
        case .anniversaryWithinNext(let days):
            body = "anniversary within next \(days) " + (days == 1 ? "day" : "days")
        }
        return ignoreCase ? body + " ignoring case" : body
    }

    static func literal(_ value: Literal) -> String {
        switch value {
        case .number(let number): return self.number(number)
        case .text(let text): return string(text)
        case .date(let date): return date.isoString
        case .datetime(let datetime): return datetime.isoString
        }
    }

    /// Whole numbers without a fraction (`30`), others in Swift's shortest
    /// round-tripping form (`0.1`, `1e-05`).
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 {
            return String(Int64(value))
        }
        return "\(value)"
    }

    /// A double-quoted text with `\` escapes.
    static func string(_ text: String) -> String {
        "\"" + escaped(text, quote: "\"") + "\""
    }

    /// A name, bare when it is a plain word that is not reserved, else in backticks.
    static func name(_ name: String) -> String {
        let scalars = name.unicodeScalars
        if let first = scalars.first, SegmentLexer.isWordStart(first), scalars.allSatisfy(SegmentLexer.isWordPart),
           !SegmentParser.reservedWords.contains(name.lowercased()) {
            return name
        }
        return "`" + escaped(name, quote: "`") + "`"
    }

    static func escaped(_ text: String, quote: Unicode.Scalar) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case quote: result += "\\" + String(quote)
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.properties.generalCategory == .format
                    || scalar.properties.generalCategory == .lineSeparator
                    || scalar.properties.generalCategory == .paragraphSeparator {
                    result += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
