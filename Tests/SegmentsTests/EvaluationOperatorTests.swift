import Foundation
import Segments
import Testing

/// A definition in the text syntax and the customers it must select, worked out by hand
/// from `EvaluationFixture`'s data (evaluated at 2024-06-30T12:00:00Z).
struct MemberCase: Sendable, CustomTestStringConvertible {
    let text: String
    let expected: [String]
    var testDescription: String { text }

    init(_ text: String, _ expected: [String]) {
        self.text = text
        self.expected = expected.sorted()
    }
}

@Suite("Evaluation: every operator on every type, with empty values")
struct EvaluationOperatorTests {
    static let numbers: [MemberCase] = [
        MemberCase("age = 30", ["c4", "c7"]),
        MemberCase("age != 30", ["c1", "c2", "c5", "c6", "c8"]),  // c3 (empty) is not "not 30"
        MemberCase("age < 25", ["c6", "c8"]),
        MemberCase("age <= 25", ["c1", "c6", "c8"]),
        MemberCase("age > 40", ["c5"]),
        MemberCase("age >= 40", ["c2", "c5"]),
        MemberCase("age between 25 and 40", ["c1", "c2", "c4", "c7"]),
        MemberCase("age in (0, 40, 99)", ["c2", "c8"]),
        MemberCase("age not in (30, 25)", ["c2", "c5", "c6", "c8"]),
        MemberCase("age is empty", ["c3"]),
        MemberCase("age is not empty", ["c1", "c2", "c4", "c5", "c6", "c7", "c8"]),
        MemberCase("income is empty", ["c2"]),
        MemberCase("income < 0", ["c8"]),
        MemberCase("income = 0", ["c6"]),
    ]

    static let categories: [MemberCase] = [
        MemberCase(#"country = "DE""#, ["c1", "c5"]),
        MemberCase(#"country = "de" ignoring case"#, ["c1", "c2", "c5"]),
        MemberCase(#"country != "DE""#, ["c2", "c3", "c4", "c7", "c8"]),
        MemberCase(#"country != "de" ignoring case"#, ["c3", "c4", "c7", "c8"]),
        MemberCase(#"country in ("FR", "US")"#, ["c3", "c4", "c8"]),
        MemberCase(#"country not in ("FR", "US")"#, ["c1", "c2", "c5", "c7"]),
        MemberCase(#"country not in ("fr") ignoring case"#, ["c1", "c2", "c4", "c5", "c7"]),
        MemberCase(#"country contains "e""#, ["c2", "c7"]),
        MemberCase(#"country contains "E" ignoring case"#, ["c1", "c2", "c5", "c7"]),
        MemberCase(#"country starts with "D""#, ["c1", "c5", "c7"]),
        MemberCase(#"country ends with "land""#, ["c7"]),
        MemberCase(#"country = "XX""#, []),
        MemberCase(#"country != "XX""#, ["c1", "c2", "c3", "c4", "c5", "c7", "c8"]),
        MemberCase("country is empty", ["c6"]),
        MemberCase("country is not empty", ["c1", "c2", "c3", "c4", "c5", "c7", "c8"]),
        MemberCase("tier is empty", ["c3"]),
    ]

    static let texts: [MemberCase] = [
        MemberCase(#"email = "x""#, ["c8"]),
        MemberCase(#"email = "ben@example.org" ignoring case"#, ["c2"]),
        MemberCase(#"email = "ben@example.org""#, []),
        MemberCase(#"email != "x""#, ["c1", "c2", "c4", "c5", "c6", "c7"]),
        MemberCase(#"email contains "@gmail""#, ["c1", "c4", "c7"]),
        MemberCase(#"email ends with ".de""#, ["c5"]),
        MemberCase(#"email ends with ".FR" ignoring case"#, ["c6"]),
        MemberCase(#"email starts with "é" ignoring case"#, ["c6"]),
        MemberCase(#"email starts with "é""#, []),
        MemberCase(#"email in ("x", "anna@gmail.com")"#, ["c1", "c8"]),
        MemberCase(#"email not in ("x")"#, ["c1", "c2", "c4", "c5", "c6", "c7"]),
        MemberCase(#"email not in ("X", "ANNA@GMAIL.COM") ignoring case"#, ["c2", "c4", "c5", "c6", "c7"]),
        MemberCase("email is empty", ["c3"]),
        MemberCase("email is not empty", ["c1", "c2", "c4", "c5", "c6", "c7", "c8"]),
    ]

    static let booleans: [MemberCase] = [
        MemberCase("opt_in is true", ["c1", "c4", "c5", "c8"]),
        MemberCase("opt_in is false", ["c2", "c6"]),
        MemberCase("opt_in is empty", ["c3", "c7"]),
        MemberCase("opt_in is not empty", ["c1", "c2", "c4", "c5", "c6", "c8"]),
    ]

    static let dates: [MemberCase] = [
        MemberCase("signup before 2024-01-01", ["c2", "c5", "c8"]),
        MemberCase("signup after 2024-01-01", ["c1", "c4", "c6"]),
        MemberCase("signup on 2024-01-01", ["c7"]),
        MemberCase("signup between 2024-01-01 and 2024-06-30", ["c1", "c4", "c7"]),
        MemberCase("signup within last 3 months", ["c4"]),
        MemberCase("signup within last 4 months", ["c1", "c4"]),  // from 2024-02-29 (June 30 less 4 months, clamped)
        MemberCase("signup not within last 4 months", ["c2", "c5", "c6", "c7", "c8"]),
        MemberCase("signup within last 0 days", ["c4"]),
        MemberCase("signup within next 7 days", ["c4", "c6"]),
        MemberCase("signup month in (july)", ["c5", "c6", "c8"]),
        MemberCase("signup month in (december, january)", ["c2", "c7"]),
        MemberCase("signup day of week in (sunday)", ["c1", "c2", "c4"]),
        MemberCase("signup day of week in (monday, friday)", ["c6", "c7"]),
        MemberCase("signup within year to date", ["c1", "c4", "c7"]),
        MemberCase("signup anniversary within next 7 days", ["c4", "c5", "c6", "c8"]),
        MemberCase("signup anniversary within next 2 days", ["c4", "c5"]),
        MemberCase("signup is empty", ["c3"]),
        MemberCase("signup is not empty", ["c1", "c2", "c4", "c5", "c6", "c7", "c8"]),
    ]

    static let datetimes: [MemberCase] = [
        MemberCase("last_login within last 1 day", ["c4", "c8"]),
        MemberCase("last_login within last 2 days", ["c1", "c4", "c8"]),
        MemberCase("last_login not within last 2 days", ["c2", "c5", "c6", "c7"]),
        MemberCase("last_login within next 1 day", ["c6", "c8"]),
        MemberCase("last_login on 2024-06-30", ["c4", "c8"]),
        MemberCase("last_login before 2024-06-01", ["c5", "c7"]),
        MemberCase("last_login after 2024-06-30", ["c6"]),
        MemberCase("last_login before 2024-06-30T12:00:00Z", ["c1", "c2", "c4", "c5", "c7"]),
        MemberCase("last_login after 2024-06-30T08:00:00Z", ["c6", "c8"]),
        MemberCase("last_login between 2024-06-01 and 2024-06-29", ["c1", "c2"]),
        MemberCase("last_login between 2024-06-30T08:00:00Z and 2024-06-30T12:00:00Z", ["c4", "c8"]),
        MemberCase("last_login within year to date", ["c1", "c2", "c4", "c7", "c8"]),
        MemberCase("last_login month in (june)", ["c1", "c2", "c4", "c8"]),
        MemberCase("last_login day of week in (sunday)", ["c4", "c5", "c8"]),  // 2023-01-15 was a Sunday too
        MemberCase("last_login anniversary within next 1 days", ["c4", "c6", "c8"]),
        MemberCase("last_login is empty", ["c3"]),
    ]

    @Test("numbers", arguments: numbers)
    func number(_ test: MemberCase) throws {
        #expect(try EvaluationFixture().members(test.text) == test.expected)
    }

    @Test("categories", arguments: categories)
    func category(_ test: MemberCase) throws {
        #expect(try EvaluationFixture().members(test.text) == test.expected)
    }

    @Test("texts", arguments: texts)
    func text(_ test: MemberCase) throws {
        #expect(try EvaluationFixture().members(test.text) == test.expected)
    }

    @Test("booleans", arguments: booleans)
    func boolean(_ test: MemberCase) throws {
        #expect(try EvaluationFixture().members(test.text) == test.expected)
    }

    @Test("dates", arguments: dates)
    func date(_ test: MemberCase) throws {
        #expect(try EvaluationFixture().members(test.text) == test.expected)
    }

    @Test("datetimes", arguments: datetimes)
    func datetime(_ test: MemberCase) throws {
        #expect(try EvaluationFixture().members(test.text) == test.expected)
    }

    @Test("datetime calendar days follow the workspace time zone")
    func zone() throws {
        // c2 logged in at 2024-06-01T23:30Z, which is 01:30 on June 2 in Berlin.
        let utc = try EvaluationFixture()
        #expect(try utc.members("last_login on 2024-06-02") == [])
        #expect(try utc.members("last_login on 2024-06-01") == ["c2"])
        let berlin = try EvaluationFixture(timeZone: "Europe/Berlin")
        #expect(try berlin.members("last_login on 2024-06-02") == ["c2"])
        #expect(try berlin.members("last_login on 2024-06-01") == [])
        #expect(try berlin.members("last_login day of week in (sunday)") == ["c2", "c4", "c5", "c8"])
    }
}
