import Foundation
import Segments
import Testing

@Suite struct JSONTests {
    static let example = """
        age between 30 and 40 and last_login after 2024-03-01T09:30:00+01:00 \
        union (country = "DE" ignoring case or signup_date within last 6 months) \
        except count(purchase where channel = "web" within last 90 days) >= 3 \
        intersect not in segment "Churned" and birthday month in (march)
        """

    @Test("the JSON form has kind discriminators, snake_case operators and typed values")
    func shape() throws {
        let definition = try SegmentDefinition(text: Self.example)
        let json = String(decoding: definition.jsonData(), as: UTF8.self)
        #expect(json == """
            {"rules":[{"conditions":[{"field":"age","from":30,"kind":"attribute","operator":"between","to":40},\
            {"field":"last_login","kind":"attribute","operator":"after","value":{"datetime":"2024-03-01T09:30:00+01:00"}}],"join":"and"},\
            {"combine":"union","conditions":[{"kind":"subrule","subrule":{"conditions":[\
            {"field":"country","ignore_case":true,"kind":"attribute","operator":"equals","value":"DE"},\
            {"amount":6,"field":"signup_date","kind":"attribute","operator":"within_last","unit":"months"}],"join":"or"}}],"join":"and"},\
            {"combine":"except","conditions":[{"activity_types":["purchase"],"aggregate":"count","kind":"activity",\
            "operator":"greater_than_or_equal","value":3,"where":[{"field":"channel","operator":"equals","value":"web"}],\
            "window":{"amount":90,"kind":"last","unit":"days"}}],"join":"and"},\
            {"combine":"intersect","conditions":[{"kind":"segment","operator":"not_in","segment":"Churned"},\
            {"field":"birthday","kind":"attribute","months":["march"],"operator":"month_in"}],"join":"and"}]}
            """)
    }

    @Test("hand-written JSON may leave out defaults")
    func defaults() throws {
        let json = """
            {"rules": [{"conditions": [
              {"kind": "activity", "aggregate": "count", "operator": "equals", "value": 0},
              {"kind": "attribute", "field": "signup_date", "operator": "on", "value": {"date": "2024-02-29"}}
            ]}]}
            """
        let definition = try SegmentDefinition(json: Data(json.utf8))
        #expect(definition.text == "did not do any and signup_date on 2024-02-29")
    }

    /// A JSON document and the error it gets.
    struct BadJSON: Sendable, CustomTestStringConvertible {
        var json: String
        var message: String
        var testDescription: String { message }
    }

    static let badDocuments: [BadJSON] = [
        BadJSON(
            json: #"{"rules": [{"conditions": [{"kind": "attribute", "field": "age", "operator": "betwen", "from": 1, "to": 2}]}]}"#,
            message: "rules[0].conditions[0].operator: unknown operator \"betwen\"; did you mean \"between\"? (one of is_empty, is_not_empty, is_true, is_false, equals, not_equals, less_than, less_than_or_equal, greater_than, greater_than_or_equal, between, in, not_in, contains, starts_with, ends_with, before, after, on, within_last, not_within_last, within_next, month_in, day_of_week_in, year_to_date, anniversary_within_next)"),
        BadJSON(
            json: #"{"rules": [{"conditions": [{"kind": "atribute", "field": "age", "operator": "is_empty"}]}]}"#,
            message: "rules[0].conditions[0].kind: unknown condition kind \"atribute\"; did you mean \"attribute\"? (one of attribute, measure, activity, segment, subrule)"),
        BadJSON(
            json: #"{"rules": [{"conditions": [{"kind": "attribute", "field": "age", "operator": "between", "from": 1}]}]}"#,
            message: "rules[0].conditions[0]: missing member \"to\""),
        BadJSON(
            json: #"{"rules": [{"conditions": [{"kind": "attribute", "field": "d", "operator": "on", "value": {"date": "2023-02-29"}}]}]}"#,
            message: "rules[0].conditions[0].value.date: \"2023-02-29\" is not a date (yyyy-MM-dd)"),
        BadJSON(
            json: #"{"rules": [{"conditions": [{"kind": "attribute", "field": "d", "operator": "within_last", "amount": 3, "unit": "fortnights"}]}]}"#,
            message: "rules[0].conditions[0].unit: unknown unit \"fortnights\" (one of days, weeks, months, years)"),
    ]

    @Test("bad JSON is reported with its path", arguments: badDocuments)
    func badJSON(_ example: BadJSON) {
        do {
            _ = try SegmentDefinition(json: Data(example.json.utf8))
            Issue.record("expected an error")
        } catch {
            #expect(error.description == example.message)
        }
    }
}
