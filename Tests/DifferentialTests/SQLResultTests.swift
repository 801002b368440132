import CustomerData
import Foundation
import SegmentStore
import Segments
import Testing

/// Compiled SQL run on tiny tables in SQLite, checked by customer id (and
/// against the reference evaluator on the way).
@Suite struct SQLResultTests {
    @Test func notEqualsAndNotInNeverMatchEmptyValues() throws {
        let workspace = try TinyWorkspace(customers: "id,country\nC1,DE\nC2,FR\nC3,\nC4,NA\n",
                                          customerTypes: ["country": .category])
        #expect(try workspace.members(#"country != "DE""#) == ["C2"])
        #expect(try workspace.members(#"country not in ("DE", "AT")"#) == ["C2"])
        #expect(try workspace.members("country is empty") == ["C3", "C4"])
        // The complement by set operation does include the empty values.
        #expect(try workspace.members(#"country is empty or country is not empty except country = "DE""#) == ["C2", "C3", "C4"])
    }

    @Test func ignoringCaseLowercasesUnicodeNotJustASCII() throws {
        let workspace = try TinyWorkspace(
            customers: "id,name\nC1,ÜNÏCØDÉ\nC2,ünïcødé\nC3,UNICODE\nC4,Straße\n", customerTypes: ["name": .text])
        #expect(try workspace.members(#"name = "ünïcødé" ignoring case"#) == ["C1", "C2"])
        #expect(try workspace.members(#"name contains "NÏC" ignoring case"#) == ["C1", "C2"])
        #expect(try workspace.members(#"name in ("unicode", "STRASSE") ignoring case"#) == ["C3"])
        #expect(try workspace.members(#"name = "ünïcødé""#) == ["C2"])
    }

    @Test func textMatchingTakesPercentAndUnderscoreLiterallyAndMindsCase() throws {
        let workspace = try TinyWorkspace(
            customers: "id,code\nC1,100%_off\nC2,100x-off\nC3,100%off\nC4,100%_OFF\n", customerTypes: ["code": .text])
        #expect(try workspace.members(#"code contains "%_""#) == ["C1", "C4"])
        #expect(try workspace.members(#"code starts with "100%""#) == ["C1", "C3", "C4"])
        #expect(try workspace.members(#"code ends with "_off""#) == ["C1"])
        #expect(try workspace.members(#"code ends with "_off" ignoring case"#) == ["C1", "C4"])
        #expect(try workspace.members(#"code ends with "a long suffix, longer than any code""#) == [])
    }

    @Test func namesAndValuesCannotInjectSQL() throws {
        let column = #"x"; DROP TABLE customers; --"#
        let segment = #"Robert"); DROP TABLE segment_members; --"#
        let workspace = try TinyWorkspace(
            customers: "id,\(CSVText.quoted(column))\nC1,' OR 1=1 --\nC2,a\n", customerTypes: [column: .category],
            segments: [segment: ["C2"]])
        #expect(try workspace.members("`\(column)` = \"' OR 1=1 --\"") == ["C1"])
        #expect(try workspace.members("`\(column)` = \"a' OR '1'='1\"") == [])
        #expect(try workspace.members("in segment \"Robert\\\"); DROP TABLE segment_members; --\"") == ["C2"])
        // The tables are still there.
        #expect(try workspace.members("`\(column)` is not empty") == ["C1", "C2"])
    }

    /// Regression: the first differential run found SQLite (latest file row
    /// wins `last` on a tie) and the in-process engine (earliest file row
    /// wins) disagreeing on exactly this. The language does not say; the
    /// engine's tested rule was kept: among equal timestamps the earlier row
    /// counts, for `first` and `last` alike.
    @Test func firstAndLastBreakTimestampTiesByTheEarlierRow() throws {
        let workspace = try TinyWorkspace(
            customers: "id\nC1\nC2\n",
            events: """
                customer,kind,at,value,channel
                C1,purchase,2024-03-01T10:00:00Z,5,web
                C1,purchase,2024-03-01T10:00:00Z,7,store
                C2,purchase,2024-02-01T10:00:00Z,1,app
                C2,purchase,2024-03-01T10:00:00Z,5,
                C2,purchase,2024-03-01T10:00:00Z,7,store
                """,
            eventTypes: ["channel": .category])
        #expect(try workspace.members(#"last(channel of purchase) = "web""#) == ["C1"])
        #expect(try workspace.members(#"first(channel of purchase) = "web""#) == ["C1"])
        // The latest activity's field is empty: the aggregate is empty, not the last non-empty value.
        #expect(try workspace.members("last(channel of purchase) is empty") == ["C2"])
        #expect(try workspace.members("last(amount of purchase) = 5") == ["C1", "C2"])
        #expect(try workspace.members(#"first(channel of purchase) = "app""#) == ["C2"])
    }

    @Test func aggregatesOfCustomersWithoutActivities() throws {
        let workspace = try TinyWorkspace(
            customers: "id\nC1\nC2\nC3\n",
            events: """
                customer,kind,at,value
                C1,purchase,2024-03-30T10:00:00Z,5
                C2,purchase,2023-01-01T10:00:00Z,NA

                """)
        #expect(try workspace.members("did not do purchase within last 30 days") == ["C2", "C3"])
        #expect(try workspace.members("sum(amount of purchase) = 0") == ["C2", "C3"])
        #expect(try workspace.members("avg(amount of purchase) is empty") == ["C2", "C3"])
        #expect(try workspace.members("count(purchase) = 1") == ["C1", "C2"])
        #expect(try workspace.members("distinct_count(amount of any) = 0") == ["C2", "C3"])
    }

    @Test func daysSinceLastCountsCalendarDaysOnTheWorkspaceClock() throws {
        // asOf is noon on the day Berlin springs forward; 23:30 UTC the day before is 00:30 local today.
        let workspace = try TinyWorkspace(
            customers: "id\nC1\nC2\nC3\n",
            events: """
                customer,kind,at,value
                C1,visit,2024-03-30T23:30:00Z,1
                C2,visit,2024-03-30T22:59:59.999Z,1
                C3,visit,2024-03-31T12:00:00.001+02:00,1

                """)
        #expect(try workspace.members("days_since_last(visit) = 0") == ["C1"])
        #expect(try workspace.members("days_since_last(visit) = 1") == ["C2"])
        // An activity after asOf never counts.
        #expect(try workspace.members("days_since_last(visit) is empty") == ["C3"])
    }

    @Test func relativeDatesResolveAroundTheDaylightSavingChange() throws {
        let workspace = try TinyWorkspace(
            customers: """
                id,seen
                C1,2024-03-30T12:00:00+01:00
                C2,2024-03-30T11:59:59.999+01:00
                C3,2024-03-31T02:30:00
                C4,

                """,
            customerTypes: ["seen": .datetime])
        // One day before noon CEST on March 31 is noon CET on March 30: 23 hours.
        #expect(try workspace.members("seen within last 1 day") == ["C1", "C3"])
        #expect(try workspace.members("seen not within last 1 day") == ["C2"])
        // 02:30 does not exist that night; it reads as 03:30 CEST, on March 31.
        #expect(try workspace.members("seen on 2024-03-31") == ["C3"])
        #expect(try workspace.members("seen day of week in (sunday)") == ["C3"])
    }

    @Test func exportRejectsColumnNamesSQLCannotKeepApart() throws {
        #expect {
            _ = try TinyWorkspace(customers: "id,customer_row\nC1,7\n", customerTypes: ["customer_row": .number])
        } throws: { error in
            (error as? SQLExportError)?.description
                == #"customers: column "customer_row": is named like the layout's column "customer_row"; rename it in the source"#
        }
        #expect {
            _ = try TinyWorkspace(customers: "id,Email,email\nC1,a,b\n")
        } throws: { error in
            (error as? SQLExportError)?.column == "email"
        }
    }
}
