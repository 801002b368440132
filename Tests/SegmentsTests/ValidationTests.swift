import Foundation
import CustomerData
import Segments
import Testing

/// A definition (text) and the problems validation reports, as printed.
struct ValidationCase: Sendable, CustomTestStringConvertible {
    var text: String
    var problems: [String]
    var testDescription: String { text }
}

@Suite struct ValidationTests {
    static let cases: [ValidationCase] = [
        ValidationCase(text: "agee > 30", problems: [
            "1:1: rules[0].conditions[0]: unknown attribute \"agee\"; did you mean \"age\"?",
        ]),
        ValidationCase(text: "age > 3 and (country = \"DE\" or (email_opt_in is true and cuntry = \"AT\"))", problems: [
            "1:58: rules[0].conditions[1].subrule.conditions[1].subrule.conditions[1]: unknown attribute \"cuntry\"; did you mean \"country\"?",
        ]),
        ValidationCase(text: "measure spend_09d > 3", problems: [
            "1:1: rules[0].conditions[0]: unknown measure \"spend_09d\"; did you mean \"spend_90d\"?",
        ]),
        ValidationCase(text: "in segment \"Churnd\"", problems: [
            "1:1: rules[0].conditions[0]: unknown segment \"Churnd\"; did you mean \"Churned\"?",
        ]),
        ValidationCase(text: "in segment \"Nothing like it\"", problems: [
            "1:1: rules[0].conditions[0]: unknown segment \"Nothing like it\"",
        ]),
        ValidationCase(text: "count(purchse where chanel = \"web\") > 1", problems: [
            "1:1: rules[0].conditions[0]: unknown activity type \"purchse\"; did you mean \"purchase\"?",
            "1:21: rules[0].conditions[0].where[0]: unknown activity field \"chanel\"; did you mean \"channel\"?",
        ]),
        ValidationCase(text: "country < \"DE\"", problems: [
            "1:1: rules[0].conditions[0]: < does not apply to attribute \"country\" of type category; use one of: =, !=, in, not in, contains, starts with, ends with, is empty, is not empty",
        ]),
        ValidationCase(text: "signup_date = 2024-01-01", problems: [
            "1:1: rules[0].conditions[0]: = does not apply to attribute \"signup_date\" of type date; use on",
        ]),
        ValidationCase(text: "email_opt_in = \"yes\"", problems: [
            "1:1: rules[0].conditions[0]: = does not apply to attribute \"email_opt_in\" of type boolean; use is true or is false",
        ]),
        ValidationCase(text: "age = \"forty\"", problems: [
            "1:1: rules[0].conditions[0]: \"forty\" is not a number (attribute \"age\" is a number)",
        ]),
        ValidationCase(text: "age = 3 ignoring case", problems: [
            "1:1: rules[0].conditions[0]: ignoring case applies only to =, !=, in, not in, contains, starts with and ends with on text",
        ]),
        ValidationCase(text: "age between 40 and 30", problems: [
            "1:1: rules[0].conditions[0]: between 40 and 30: the low bound is above the high bound",
        ]),
        ValidationCase(text: "signup_date within last -3 days", problems: [
            "1:1: rules[0].conditions[0]: -3 days: the number of days cannot be negative",
        ]),
        ValidationCase(text: "signup_date before 2024-01-01T10:00:00Z", problems: [
            "1:1: rules[0].conditions[0]: 2024-01-01T10:00:00Z is not a date (attribute \"signup_date\" is a date); write a date like 2024-03-01",
        ]),
        ValidationCase(text: "last_login on 2024-01-01T10:00:00Z", problems: [
            "1:1: rules[0].conditions[0]: on takes a date, not a date and time; use between for a span of time",
        ]),
        ValidationCase(text: "email = \"\"", problems: [
            "1:1: rules[0].conditions[0]: the empty text is not a value; use is empty or is not empty",
        ]),
        ValidationCase(text: "birthday anniversary within next 400 days", problems: [
            "1:1: rules[0].conditions[0]: anniversary within next 400 days: the number of days must be 0 to 366",
        ]),
        ValidationCase(text: "sum(channel of purchase) > 1", problems: [
            "1:1: rules[0].conditions[0]: sum needs a number field; \"channel\" is category",
        ]),
        ValidationCase(text: "count(amount of purchase) > 1", problems: [
            "1:1: rules[0].conditions[0]: count takes no field; leave out \"amount of\"",
        ]),
        ValidationCase(text: "count(purchase from 2024-05-01 to 2024-01-01) > 1", problems: [
            "1:1: rules[0].conditions[0]: the window starts (2024-05-01) after it ends (2024-01-01)",
        ]),
        ValidationCase(text: "last(channel of purchase) > 3", problems: [
            "1:1: rules[0].conditions[0]: > does not apply to last(…) of type category; use one of: =, !=, in, not in, contains, starts with, ends with, is empty, is not empty",
        ]),
        ValidationCase(text: "measure last_channel = 3", problems: [
            "1:1: rules[0].conditions[0]: 3 is not a text (measure \"last_channel\" is category); write it in double quotes",
        ]),
        ValidationCase(text: "measure first_delivery within last 30 days and measure orders >= 2", problems: []),
        ValidationCase(
            text: "agee > 1 union country = 5\nexcept (sigup_date after 2024-01-01 or spend between 9 and 1)",
            problems: [
                "1:1: rules[0].conditions[0]: unknown attribute \"agee\"; did you mean \"age\"?",
                "1:16: rules[1].conditions[0]: 5 is not a text (attribute \"country\" is category); write it in double quotes",
                "2:9: rules[2].conditions[0].subrule.conditions[0]: unknown attribute \"sigup_date\"; did you mean \"signup_date\"?",
                "2:40: rules[2].conditions[0].subrule.conditions[1]: between 9 and 1: the low bound is above the high bound",
            ]),
    ]

    @Test("problems name the condition by path and text location", arguments: cases)
    func problems(_ example: ValidationCase) throws {
        let parsed = try SegmentParser.parse(example.text)
        let found = TestCatalog.catalog.diagnostics(for: parsed.definition, locations: parsed.locations)
        #expect(found.map(\.description) == example.problems)
    }

    @Test("JSON input gets the same paths, without line and column")
    func jsonPaths() throws {
        let json = """
            {"rules": [
              {"join": "and", "conditions": [{"kind": "attribute", "field": "age", "operator": "greater_than", "value": 1}]},
              {"combine": "except", "conditions": [
                {"kind": "subrule", "subrule": {"join": "or", "conditions": [
                  {"kind": "attribute", "field": "age", "operator": "less_than", "value": 1},
                  {"kind": "subrule", "subrule": {"conditions": []}},
                  {"kind": "attribute", "field": "agee", "operator": "is_empty"}
                ]}}
              ]},
              {"conditions": []}
            ]}
            """
        let definition = try SegmentDefinition(json: Data(json.utf8))
        let found = TestCatalog.catalog.diagnostics(for: definition)
        #expect(found.map(\.description) == [
            "rules[1].conditions[0].subrule.conditions[1]: the subrule has no conditions",
            "rules[1].conditions[0].subrule.conditions[2]: unknown attribute \"agee\"; did you mean \"age\"?",
            "rules[2]: a rule after the first needs \"combine\": union, intersect or except",
            "rules[2]: the rule has no conditions",
        ])
        #expect(found.map(\.kind) == [.emptySubrule, .unknownAttribute, .misplacedCombine, .emptyRule])
        #expect(found[1].suggestion == "age")
    }

    @Test("an empty definition and a combined first rule are errors")
    func emptyDefinition() {
        #expect(TestCatalog.catalog.diagnostics(for: SegmentDefinition(rules: [])).map(\.description)
            == ["definition: a definition needs at least one rule"])
        let combinedFirst = SegmentDefinition(rules: [
            SegmentRule(combine: .except, conditions: [.attribute(FieldCondition(field: "age", test: .isEmpty))]),
        ])
        #expect(TestCatalog.catalog.diagnostics(for: combinedFirst).map(\.description)
            == ["rules[0]: the first rule has nothing to except with; leave out \"combine\""])
    }

    @Test("a segment that reaches itself is a cycle, reported with its path")
    func cycles() throws {
        var catalog = TestCatalog.catalog
        catalog.segments["A"] = ["B"]
        catalog.segments["B"] = ["C"]
        catalog.segments["C"] = []
        catalog.segments["Loop 1"] = ["Loop 2"]
        catalog.segments["Loop 2"] = ["Loop 1"]

        // C is redefined to refer to A: C → A → B → C.
        let parsed = try SegmentParser.parse("age > 3 and in segment \"A\"")
        let found = catalog.diagnostics(for: parsed.definition, named: "C", locations: parsed.locations)
        #expect(found.map(\.description) == [
            "1:13: rules[0].conditions[1]: segments refer to each other in a cycle: C → A → B → C",
        ])
        #expect(found.first?.kind == .segmentCycle)

        let selfReference = try SegmentDefinition(text: "not in segment \"C\"")
        #expect(catalog.diagnostics(for: selfReference, named: "C").map(\.description)
            == ["rules[0].conditions[0]: segments refer to each other in a cycle: C → C"])

        let intoLoop = try SegmentDefinition(text: "in segment \"Loop 1\"")
        #expect(catalog.diagnostics(for: intoLoop, named: "New").map(\.description)
            == ["rules[0].conditions[0]: segment \"Loop 1\" depends on a cycle: Loop 1 → Loop 2 → Loop 1"])

        let fine = try SegmentDefinition(text: "in segment \"A\" or in segment \"VIP\"")
        #expect(catalog.diagnostics(for: fine, named: "D").isEmpty)
    }

    @Test("validate(_:) throws every problem at once; definition(text:) parses and validates")
    func throwingForms() throws {
        let definition = try SegmentDefinition(text: "agee > 1 and country < \"x\"")
        #expect(throws: SegmentValidationError.self) { try TestCatalog.catalog.validate(definition) }
        do {
            try TestCatalog.catalog.validate(definition)
        } catch {
            #expect(error.diagnostics.count == 2)
        }
        let valid = try TestCatalog.catalog.definition(text: "spend_90d > 100 and did not do visit within last 30 days")
        #expect(valid.referencedMeasures == ["spend_90d"])
        #expect(throws: SegmentValidationError.self) {
            _ = try TestCatalog.catalog.definition(text: "spend_90d > \"a lot\"")
        }
    }

    @Test("did you mean picks the closest name and stays quiet for unrelated ones")
    func didYouMean() throws {
        let catalog = SegmentCatalog(attributes: ["lifetime_value": .number, "life_stage": .category, "age": .number])
        func suggestion(_ field: String) -> String? {
            catalog.diagnostics(for: SegmentDefinition(.and, [.attribute(FieldCondition(field: field, test: .isEmpty))]))
                .first?.suggestion
        }
        #expect(suggestion("lifetime_valeu") == "lifetime_value")
        #expect(suggestion("Life_Stage") == "life_stage")
        #expect(suggestion("AGE") == "age")
        #expect(suggestion("zip_code") == nil)
    }
}

