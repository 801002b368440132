import CustomerData
import Foundation
import Segments
import Testing

/// The SQL text and parameters of compiled definitions: values are always
/// parameters, names always quoted, relative dates resolved in Swift.
/// (Results on real tables are checked in DifferentialTests.)
@Suite struct SQLCompilerTests {
    static let catalog = SegmentCatalog(
        attributes: ["country": .category, "signup": .date, #"we"ird"#: .number],
        activityTypes: ["purchase"], activityFields: ["amount": .number, "channel": .category],
        measures: [MeasureDefinition(name: "spend", aggregate: .sum, field: "amount", activityTypes: ["purchase"])],
        segments: ["VIP": []])
    /// 2024-03-15T12:00:00Z.
    static let time = TimeContext(asOfMilliseconds: 1_710_504_000_000, timeZone: TimeZone(identifier: "UTC")!)

    func compile(_ text: String, dialect: any SQLDialect = SQLiteDialect()) throws -> SQLQuery {
        let definition = try SQLCompilerTests.catalog.definition(text: text)
        return try SQLCompiler(catalog: SQLCompilerTests.catalog, time: SQLCompilerTests.time, dialect: dialect)
            .compile(definition)
    }

    @Test func valuesAreParametersNeverText() throws {
        let attack = "DE'; DROP TABLE customers; --"
        let query = try compile(#"country = "DE'; DROP TABLE customers; --" or in segment "VIP""#)
        #expect(!query.text.contains("DROP"))
        #expect(!query.text.contains("DE'"))
        #expect(query.parameters.contains(.text(attack)))
        #expect(query.parameters.contains(.text("VIP")))
        #expect(query.text.filter { $0 == "?" }.count == query.parameters.count)
    }

    @Test func identifiersAreQuotedWithQuotesDoubled() throws {
        let query = try compile(#"`we"ird` > 3"#)
        #expect(query.text.contains(#""c"."we""ird""#))
        #expect(query.parameters == [.real(3)])
    }

    @Test func relativeDatesAreBoundAsDayNumbers() throws {
        let query = try compile("signup within last 7 days")
        let today = Int64(CalendarDate(year: 2024, month: 3, day: 15)!.daysSinceEpoch)
        #expect(query.parameters == [.integer(today - 7), .integer(today)])
        #expect(query.text.contains("BETWEEN ? AND ?"))
    }

    @Test func ignoringCaseBindsTheLowercaseOperand() throws {
        let query = try compile(#"country in ("ÜBER", "De") ignoring case"#)
        #expect(query.parameters.suffix(2) == [.text("über"), .text("de")])
    }

    @Test func aMeasureAndTheSameInlineAggregateShareOneTableExpression() throws {
        let query = try compile("measure spend > 10 and sum(amount of purchase) < 100")
        #expect(query.text.components(separatedBy: " AS (SELECT").count == 2)
    }

    @Test func placeholdersAreNumberedByTheDialect() throws {
        struct Numbered: SQLDialect {
            let base = SQLiteDialect()
            var name: String { "numbered" }
            func placeholder(number: Int) -> String { "$\(number)" }
            func booleanLiteral(_ value: Bool) -> String { value ? "TRUE" : "FALSE" }
            func columnType(for type: ColumnType) -> String { base.columnType(for: type) }
            var integerColumnType: String { "BIGINT" }
            func sumOrZero(_ expression: SQLFragment) -> SQLFragment { "COALESCE(SUM(\(expression)), 0)" }
            func caseFolded(_ expression: SQLFragment, layout: SQLLayout) -> SQLFragment { "lower(\(expression))" }
            func localDay(ofInstant expression: SQLFragment, layout: SQLLayout) -> SQLFragment { expression }
            func month(ofDay expression: SQLFragment) -> SQLFragment { expression }
            func monthAndDay(ofDay expression: SQLFragment) -> SQLFragment { expression }
            var needsLocalDayTable: Bool { false }
            var needsFoldedTextTable: Bool { false }
        }
        let query = try compile(#"country starts with "50%_" and measure spend >= 1"#, dialect: Numbered())
        let placeholders = (1...query.parameters.count).map { "$\($0)" }
        for placeholder in placeholders { #expect(query.text.contains(placeholder)) }
        #expect(!query.text.contains("$\(query.parameters.count + 1)"))
        // The default text matching is LIKE with the pattern's own % and _ escaped.
        #expect(query.parameters.contains(.text(#"50\%\_%"#)))
        #expect(query.text.contains(#"ESCAPE '\'"#))
    }

    @Test func likePatternsEscapeTheirWildcardsAndTheEscape() {
        #expect(SQLiteDialect().escapeLikePattern(#"100%_off\now"#) == #"100\%\_off\\now"#)
    }

    @Test func invalidDefinitionsAreRejectedBeforeCompiling() throws {
        let definition = SegmentDefinition(.and, [.attribute(FieldCondition(field: "nope", test: .isEmpty))])
        #expect(throws: SegmentValidationError.self) {
            try SQLCompiler(catalog: SQLCompilerTests.catalog, time: SQLCompilerTests.time).compile(definition)
        }
    }
}
