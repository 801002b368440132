import Segments
import Testing

/// Text that does not parse, and the message a user sees.
struct SyntaxErrorCase: Sendable, CustomTestStringConvertible {
    var text: String
    var message: String
    var testDescription: String { text.isEmpty ? "(empty)" : text }
}

@Suite struct SyntaxErrorTests {
    static let cases: [SyntaxErrorCase] = [
        SyntaxErrorCase(text: "", message: "1:1: the definition is empty; write at least one condition, such as age > 30"),
        SyntaxErrorCase(text: "age = ",
                        message: "1:7: expected a value after = (a number, \"text\", a date like 2024-03-01 or a date and time), found end of input"),
        SyntaxErrorCase(text: "country = DE",
                        message: "1:11: expected a value after =, found \"DE\"; write text in double quotes (\"DE\")"),
        SyntaxErrorCase(text: "age betwen 1 and 2",
                        message: "1:5: expected an operator after the field (=, !=, <, <=, >, >=, between, in, not in, is, contains, starts with, ends with, before, after, on, within, month in, day of week in, anniversary), found \"betwen\"; did you mean \"between\"?"),
        SyntaxErrorCase(text: "age > 1 and age < 5 or age = 9",
                        message: "1:21: \"and\" and \"or\" are mixed at the same level; add parentheses, as in a and (b or c)"),
        SyntaxErrorCase(text: "age > 1 and ()", message: "1:14: empty parentheses; a subrule needs at least one condition"),
        SyntaxErrorCase(text: "signup_date before 2023-02-29",
                        message: "1:20: \"2023-02-29\" is not a date (write yyyy-MM-dd with a day that exists)"),
        SyntaxErrorCase(text: "last_login before 2024-03-01T25:00",
                        message: "1:19: \"2024-03-01T25:00\" is not a date and time (write yyyy-MM-ddTHH:mm:ss, optionally with Z or ±HH:MM)"),
        SyntaxErrorCase(text: "age = 1 union",
                        message: "1:14: expected a condition (a field name, measure, count(…), in segment, did not do or \"(\"), found end of input"),
        SyntaxErrorCase(text: "in segment Churned", message: "1:12: write the segment name in double quotes: \"Churned\""),
        SyntaxErrorCase(text: "email = \"open", message: "1:9: this text has no closing \""),
        SyntaxErrorCase(text: "from = 3", message: "1:1: expected a condition (a field name, measure, count(…), in segment, did not do or \"(\"), found \"from\""),
        SyntaxErrorCase(text: "count(any where from = 3) > 1", message: "1:17: \"from\" is a keyword; write `from` to use it as a name"),
        SyntaxErrorCase(text: "(age > 3 union age < 1)",
                        message: "1:10: \"union\" combines whole rules and cannot stand inside parentheses"),
        SyntaxErrorCase(text: "sum(purchase) > 3",
                        message: "1:5: expected a field and \"of\" (as in: sum(amount of purchase)), found \"purchase\""),
        SyntaxErrorCase(text: "age > 3 )", message: "1:9: this \")\" has no matching \"(\""),
        SyntaxErrorCase(text: "signup_date within last 2.5 days", message: "1:25: expected a whole number, found the number 2.5"),
        SyntaxErrorCase(text: "signup_date within last 3 fortnights",
                        message: "1:27: expected a unit (days, weeks, months or years), found \"fortnights\""),
        SyntaxErrorCase(text: "country = 'DE'", message: "1:11: unexpected character \"'\"; write text in double quotes (\"gold\")"),
        SyntaxErrorCase(text: "birthday month in (smarch)", message: "1:20: expected a month, found \"smarch\""),
        SyntaxErrorCase(text: "count(purchase where a = 1 or b = 2) > 1",
                        message: "1:28: activity conditions after where are joined by and only"),
        SyntaxErrorCase(text: "age > 3 and\n  country = \n", message: "3:1: expected a value after = (a number, \"text\", a date like 2024-03-01 or a date and time), found end of input"),
        SyntaxErrorCase(text: "age > 3 and\n  country ~ \"DE\"", message: "2:11: unexpected character \"~\""),
    ]

    @Test("errors say where and what to write instead", arguments: cases)
    func message(_ example: SyntaxErrorCase) {
        do {
            _ = try SegmentDefinition(text: example.text)
            Issue.record("expected a syntax error")
        } catch {
            #expect(error.description == example.message)
        }
    }

    @Test("the caret diagram points at the column")
    func caretDiagram() {
        do {
            _ = try SegmentDefinition(text: "age > 3 and\ncountry = DE")
            Issue.record("expected an error")
        } catch {
            #expect(error.caretDiagram == """
                2:11: expected a value after =, found "DE"; write text in double quotes ("DE")
                country = DE
                          ^
                """)
        }
    }
}
