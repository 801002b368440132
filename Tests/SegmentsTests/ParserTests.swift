import Segments
import Testing

/// One condition written in text, the model it means, and its canonical text
/// when that differs from what was written.
struct ParseCase: Sendable, CustomTestStringConvertible {
    var text: String
    var condition: Condition
    var canonical: String?

    init(_ text: String, _ condition: Condition, canonical: String? = nil) {
        self.text = text
        self.condition = condition
        self.canonical = canonical
    }

    var testDescription: String { text }
}

private func attribute(_ field: String, _ test: ValueTest, ignoreCase: Bool = false) -> Condition {
    .attribute(FieldCondition(field: field, test: test, ignoreCase: ignoreCase))
}

private func date(_ text: String) -> Literal { .date(CalendarDate(iso: text)!) }
private func datetime(_ text: String) -> Literal { .datetime(DateTimeLiteral(iso: text)!) }

@Suite struct ParserTests {
    static let numberCases: [ParseCase] = [
        ParseCase("age = 30", attribute("age", .equals(.number(30)))),
        ParseCase("age != 30", attribute("age", .notEquals(.number(30)))),
        ParseCase("age < -1.5", attribute("age", .lessThan(.number(-1.5)))),
        ParseCase("age <= 0.25", attribute("age", .lessThanOrEqual(.number(0.25)))),
        ParseCase("age > 1e+20", attribute("age", .greaterThan(.number(1e20)))),
        ParseCase("age >= 18", attribute("age", .greaterThanOrEqual(.number(18)))),
        ParseCase("age between 30 and 40", attribute("age", .between(.number(30), .number(40)))),
        ParseCase("age in (1, 2.5, -3)", attribute("age", .isIn([.number(1), .number(2.5), .number(-3)]))),
        ParseCase("age not in (7)", attribute("age", .notIn([.number(7)]))),
        ParseCase("age is empty", attribute("age", .isEmpty)),
        ParseCase("age is not empty", attribute("age", .isNotEmpty)),
    ]

    static let textCases: [ParseCase] = [
        ParseCase("country = \"DE\"", attribute("country", .equals(.text("DE")))),
        ParseCase("country = \"DE\" ignoring case", attribute("country", .equals(.text("DE")), ignoreCase: true)),
        ParseCase("country != \"DE\" ignoring case", attribute("country", .notEquals(.text("DE")), ignoreCase: true)),
        ParseCase("loyalty_tier in (\"gold\", \"platinum\")",
                  attribute("loyalty_tier", .isIn([.text("gold"), .text("platinum")]))),
        ParseCase("loyalty_tier not in (\"bronze\") ignoring case",
                  attribute("loyalty_tier", .notIn([.text("bronze")]), ignoreCase: true)),
        ParseCase("email contains \"@example.com\"", attribute("email", .contains("@example.com"))),
        ParseCase("`first name` starts with \"An\" ignoring case",
                  attribute("first name", .startsWith("An"), ignoreCase: true)),
        ParseCase("email ends with \".de\"", attribute("email", .endsWith(".de"))),
        ParseCase("email is empty", attribute("email", .isEmpty)),
        ParseCase("`Straße` is not empty", attribute("Straße", .isNotEmpty)),
        ParseCase("email = \"say \\\"hi\\\" \\\\ \\n\\t\\u{1f600}\"", attribute("email", .equals(.text("say \"hi\" \\ \n\t😀"))),
                  canonical: "email = \"say \\\"hi\\\" \\\\ \\n\\t😀\""),
    ]

    static let booleanCases: [ParseCase] = [
        ParseCase("email_opt_in is true", attribute("email_opt_in", .isTrue)),
        ParseCase("email_opt_in is false", attribute("email_opt_in", .isFalse)),
        ParseCase("email_opt_in is empty", attribute("email_opt_in", .isEmpty)),
    ]

    static let dateCases: [ParseCase] = [
        ParseCase("signup_date before 2024-01-01", attribute("signup_date", .before(date("2024-01-01")))),
        ParseCase("signup_date after 2024-02-29", attribute("signup_date", .after(date("2024-02-29")))),
        ParseCase("signup_date on 2023-12-31", attribute("signup_date", .on(date("2023-12-31")))),
        ParseCase("signup_date between 2024-01-01 and 2024-03-31",
                  attribute("signup_date", .between(date("2024-01-01"), date("2024-03-31")))),
        ParseCase("signup_date within last 6 months",
                  attribute("signup_date", .withinLast(RelativeDuration(6, .months)))),
        ParseCase("signup_date within last 1 days",
                  attribute("signup_date", .withinLast(RelativeDuration(1, .days))),
                  canonical: "signup_date within last 1 day"),
        ParseCase("signup_date not within last 30 days",
                  attribute("signup_date", .notWithinLast(RelativeDuration(30, .days)))),
        ParseCase("signup_date within next 2 weeks",
                  attribute("signup_date", .withinNext(RelativeDuration(2, .weeks)))),
        ParseCase("signup_date within last 1 year", attribute("signup_date", .withinLast(RelativeDuration(1, .years)))),
        ParseCase("birthday month in (Dec, JANUARY)", attribute("birthday", .monthIn([.december, .january])),
                  canonical: "birthday month in (december, january)"),
        ParseCase("birthday day of week in (saturday, sun)", attribute("birthday", .dayOfWeekIn([.saturday, .sunday])),
                  canonical: "birthday day of week in (saturday, sunday)"),
        ParseCase("signup_date within year to date", attribute("signup_date", .yearToDate)),
        ParseCase("birthday anniversary within next 7 days", attribute("birthday", .anniversaryWithinNext(days: 7))),
        ParseCase("birthday is not empty", attribute("birthday", .isNotEmpty)),
    ]

    static let datetimeCases: [ParseCase] = [
        ParseCase("last_login before 2024-03-01T09:30:00Z",
                  attribute("last_login", .before(datetime("2024-03-01T09:30:00Z")))),
        ParseCase("last_login after 2024-03-01T09:30+05:30",
                  attribute("last_login", .after(datetime("2024-03-01T09:30:00+05:30"))),
                  canonical: "last_login after 2024-03-01T09:30:00+05:30"),
        ParseCase("last_login after 2024-03-01T09:30:00+00:00",
                  attribute("last_login", .after(datetime("2024-03-01T09:30:00Z"))),
                  canonical: "last_login after 2024-03-01T09:30:00Z"),
        ParseCase("last_login between 2024-03-01 and 2024-03-02T12:00:00.250",
                  attribute("last_login", .between(date("2024-03-01"), datetime("2024-03-02T12:00:00.250")))),
        ParseCase("last_login on 2024-03-31", attribute("last_login", .on(date("2024-03-31")))),
        ParseCase("last_login within last 24 days", attribute("last_login", .withinLast(RelativeDuration(24, .days)))),
    ]

    static let otherCases: [ParseCase] = [
        ParseCase("measure spend_90d > 100",
                  .measure(MeasureCondition(measure: "spend_90d", test: .greaterThan(.number(100))))),
        ParseCase("count(purchase where channel = \"web\" within last 90 days) >= 3",
                  .activity(ActivityCondition(
                    aggregate: ActivityAggregate(
                        function: .count, activityTypes: ["purchase"],
                        conditions: [FieldCondition(field: "channel", test: .equals(.text("web")))],
                        window: .last(RelativeDuration(90, .days))),
                    test: .greaterThanOrEqual(.number(3))))),
        ParseCase("sum(amount of purchase within last 365 days) > 500",
                  .activity(ActivityCondition(
                    aggregate: ActivityAggregate(
                        function: .sum, field: "amount", activityTypes: ["purchase"],
                        window: .last(RelativeDuration(365, .days))),
                    test: .greaterThan(.number(500))))),
        ParseCase("did not do visit within last 30 days",
                  .activity(.didNotDo(["visit"], window: .last(RelativeDuration(30, .days))))),
        ParseCase("count(visit within last 30 days) = 0",
                  .activity(.didNotDo(["visit"], window: .last(RelativeDuration(30, .days)))),
                  canonical: "did not do visit within last 30 days"),
        ParseCase("days_since_last(any) <= 7",
                  .activity(ActivityCondition(
                    aggregate: ActivityAggregate(function: .daysSinceLast), test: .lessThanOrEqual(.number(7))))),
        ParseCase("distinct_count(product of purchase, `page view` from 2024-01-01 to 2024-03-31) between 1 and 5",
                  .activity(ActivityCondition(
                    aggregate: ActivityAggregate(
                        function: .distinctCount, field: "product", activityTypes: ["purchase", "page view"],
                        window: .between(CalendarDate(iso: "2024-01-01")!, CalendarDate(iso: "2024-03-31")!)),
                    test: .between(.number(1), .number(5))))),
        ParseCase("last(channel of purchase within year to date) = \"web\" ignoring case",
                  .activity(ActivityCondition(
                    aggregate: ActivityAggregate(
                        function: .last, field: "channel", activityTypes: ["purchase"], window: .yearToDate),
                    test: .equals(.text("web")), ignoreCase: true))),
        ParseCase("count(purchase where channel = \"web\" and amount between 1 and 2) > 0",
                  .activity(ActivityCondition(
                    aggregate: ActivityAggregate(
                        function: .count, activityTypes: ["purchase"],
                        conditions: [
                            FieldCondition(field: "channel", test: .equals(.text("web"))),
                            FieldCondition(field: "amount", test: .between(.number(1), .number(2))),
                        ]),
                    test: .greaterThan(.number(0)))),
                  canonical: "count(purchase where (channel = \"web\" and amount between 1 and 2)) > 0"),
        ParseCase("in segment \"Churned\"", .segment(SegmentCondition(segment: "Churned"))),
        ParseCase("not in segment \"Newsletter \\\"Weekly\\\"\"",
                  .segment(SegmentCondition(segment: "Newsletter \"Weekly\"", isMember: false))),
        ParseCase("(country = \"DE\" or country = \"AT\")",
                  .subrule(ConditionGroup(join: .or, conditions: [
                    attribute("country", .equals(.text("DE"))), attribute("country", .equals(.text("AT"))),
                  ]))),
        ParseCase("`from` = 1", attribute("from", .equals(.number(1)))),
    ]

    @Test("parses and prints every operator on every type", arguments:
            numberCases + textCases + booleanCases + dateCases + datetimeCases + otherCases)
    func parseAndPrint(_ example: ParseCase) throws {
        let definition = try SegmentDefinition(text: example.text)
        #expect(definition == SegmentDefinition(.and, [example.condition]))
        #expect(definition.text == (example.canonical ?? example.text))
    }

    @Test("keywords ignore case, spacing is free, numbers print in their shortest form")
    func canonicalSpelling() throws {
        let definition = try SegmentDefinition(text: "age>=30 AND\n  country=\"DE\"  And spend = 1.50 and spend != 1e3")
        #expect(definition.text == "age >= 30 and country = \"DE\" and spend = 1.5 and spend != 1000")
    }

    @Test("rules combine left to right with union, intersect and except")
    func multipleRules() throws {
        let definition = try SegmentDefinition(
            text: "age > 30 and spend > 5 union country = \"DE\" except in segment \"Churned\" intersect (age < 60 or age is empty)")
        #expect(definition.rules.map(\.combine) == [nil, .union, .except, .intersect])
        #expect(definition.rules.map(\.conditions.count) == [2, 1, 1, 1])
        #expect(definition.rules[0].join == .and)
        #expect(definition.text
            == "age > 30 and spend > 5 union country = \"DE\" except in segment \"Churned\" intersect (age < 60 or age is empty)")
    }

    @Test("subrules nest to any depth")
    func deepNesting() throws {
        let text = "age > 1 and (age > 2 or (age > 3 and (age > 4 or (age > 5 and age > 6))))"
        let definition = try SegmentDefinition(text: text)
        #expect(definition.text == text)
        var depth = 0
        definition.forEachCondition { _, path in
            depth = max(depth, path.steps.filter { $0 == .subrule }.count)
        }
        #expect(depth == 4)
    }

    @Test("with the catalog, a bare measure name reads as a measure condition")
    func bareMeasureNames() throws {
        let definition = try SegmentDefinition(text: "spend_90d > 100 and not in segment \"Churned\"", catalog: TestCatalog.catalog)
        #expect(definition.rules[0].conditions[0]
            == .measure(MeasureCondition(measure: "spend_90d", test: .greaterThan(.number(100)))))
        #expect(definition.text == "measure spend_90d > 100 and not in segment \"Churned\"")
        // Without the catalog the parser cannot know; validation then points at the fix.
        let bare = try SegmentDefinition(text: "spend_90d > 100")
        let problems = TestCatalog.catalog.diagnostics(for: bare)
        #expect(problems.map(\.description) == [
            "rules[0].conditions[0]: \"spend_90d\" is a measure, not an attribute; write measure spend_90d",
        ])
    }

    @Test("a did not do condition takes several where conditions only in parentheses")
    func didNotDoWhere() throws {
        let text = "did not do visit where (channel = \"web\" and returned is false) within last 30 days and age > 3"
        let definition = try SegmentDefinition(text: text)
        #expect(definition.text == text)
        #expect(definition.rules[0].conditions.count == 2)
        let loose = try SegmentDefinition(text: "did not do visit where channel = \"web\" and age > 3")
        #expect(loose.rules[0].conditions.count == 2)
    }

    @Test("a measure's field conditions parse with the same syntax")
    func measureConditions() throws {
        let measure = TestCatalog.measures.first { $0.name == "web_orders" }!
        let aggregate = try ActivityAggregate(measure: measure)
        #expect(aggregate.conditions == [FieldCondition(field: "channel", test: .equals(.text("web")))])
        #expect(aggregate.activityTypes == ["purchase"])

        var broken = measure
        broken.conditions = ["channel = web"]
        #expect(throws: SegmentSyntaxError.self) { try ActivityAggregate(measure: broken) }
        do {
            _ = try ActivityAggregate(measure: broken)
        } catch {
            #expect(error.description
                == "measure \"web_orders\": conditions[0]: 1:11: expected a value after =, found \"web\"; write text in double quotes (\"web\")")
        }
    }
}
