import CustomerData
import Foundation
import Testing

@Suite("Synthetic retail generator")
struct SyntheticRetailGeneratorTests {
    // MARK: - Determinism and counts

    @Test("The same arguments give the same bytes, whatever the number of threads")
    func sameArgumentsSameBytes() throws {
        let folder = try SyntheticTestFolder()
        defer { folder.remove() }
        let generator = SyntheticRetailGenerator(customers: 9_000, activities: 30_000, seed: 7)
        let one = folder.url.appendingPathComponent("one-thread")
        let many = folder.url.appendingPathComponent("five-threads")
        let again = folder.url.appendingPathComponent("default-threads")
        _ = try generator.write(to: one, threads: 1)
        _ = try generator.write(to: many, threads: 5)
        _ = try SyntheticRetailGenerator(customers: 9_000, activities: 30_000, seed: 7).write(to: again)
        for name in syntheticFileNames {
            let expected = try Data(contentsOf: one.appendingPathComponent(name))
            #expect(try Data(contentsOf: many.appendingPathComponent(name)) == expected, "\(name) differs with 5 threads")
            #expect(try Data(contentsOf: again.appendingPathComponent(name)) == expected, "\(name) differs on a second run")
        }
    }

    @Test("A different seed gives different data")
    func differentSeedDifferentData() throws {
        let folder = try SyntheticTestFolder()
        defer { folder.remove() }
        let first = folder.url.appendingPathComponent("seed-1")
        let second = folder.url.appendingPathComponent("seed-2")
        _ = try SyntheticRetailGenerator(customers: 500, activities: 5_000, seed: 1).write(to: first)
        _ = try SyntheticRetailGenerator(customers: 500, activities: 5_000, seed: 2).write(to: second)
        for name in [SyntheticRetailGenerator.customersFileName, SyntheticRetailGenerator.activitiesFileName,
                     SyntheticRetailGenerator.personasFileName] {
            #expect(try Data(contentsOf: first.appendingPathComponent(name))
                    != Data(contentsOf: second.appendingPathComponent(name)), "\(name) is the same for seeds 1 and 2")
        }
    }

    struct CountCase: Sendable, CustomTestStringConvertible {
        let customers: Int
        let activities: Int
        var testDescription: String { "\(customers) customers, \(activities) activities" }
    }

    @Test("Exactly N customers and M activities", arguments: [
        CountCase(customers: 1, activities: 0),
        CountCase(customers: 1, activities: 37),
        CountCase(customers: 3, activities: 1_000),
        CountCase(customers: 4_097, activities: 4_096),
        CountCase(customers: 2_000, activities: 40_000),
    ])
    func exactCounts(_ counts: CountCase) throws {
        let folder = try SyntheticTestFolder()
        defer { folder.remove() }
        let summary = try SyntheticRetailGenerator(customers: counts.customers, activities: counts.activities, seed: 3)
            .write(to: folder.url)
        let customers = try SyntheticTestTable(contentsOf: folder.url.appendingPathComponent("customers.csv"))
        let activities = try SyntheticTestTable(contentsOf: folder.url.appendingPathComponent("activities.csv"))
        let personas = try SyntheticTestTable(contentsOf: folder.url.appendingPathComponent("personas.csv"))
        #expect(customers.rows.count == counts.customers)
        #expect(personas.rows.count == counts.customers)
        #expect(activities.rows.count == counts.activities)
        #expect(summary.customerCount == counts.customers)
        #expect(summary.activityCount == counts.activities)
        #expect(summary.activityCounts.values.reduce(0, +) == counts.activities)
        #expect(summary.personaCounts.values.reduce(0, +) == counts.customers)
        #expect(customers.rows.map { Int($0[0]) } == Array(1...counts.customers).map { Optional($0) },
                "customer ids are 1…N in order")
    }

    // MARK: - Value domains

    @Test("Every value is in its domain and every activity belongs to a customer")
    func valueDomains() throws {
        let folder = try SyntheticTestFolder()
        defer { folder.remove() }
        let generator = SyntheticRetailGenerator(customers: 5_000, activities: 50_000, seed: 99)
        _ = try generator.write(to: folder.url)
        let customers = try SyntheticTestTable(contentsOf: folder.url.appendingPathComponent("customers.csv"))
        let activities = try SyntheticTestTable(contentsOf: folder.url.appendingPathComponent("activities.csv"))
        #expect(customers.header == ["customer_id", "age", "country", "gender", "loyalty_tier", "signup_date",
                                     "email_opt_in", "annual_income"])
        #expect(activities.header == ["customer_id", "type", "channel", "amount", "timestamp"])

        var isOptedIn: [Int: Bool] = [:]
        var missingIncome = 0
        let latestSignup = generator.lastDay.daysSince1970 - 30
        for row in customers.rows {
            let id = try #require(Int(row[0]))
            let age = try #require(Int(row[1]), "age \(row[1])")
            #expect((18...85).contains(age), "customer \(id): age \(age)")
            #expect(["DE", "FR", "NL", "AT", "CH", "IT", "ES", "PL", "BE", "SE", "DK", "GB"].contains(row[2]))
            #expect(["female", "male", "diverse"].contains(row[3]))
            #expect(["bronze", "silver", "gold", "platinum"].contains(row[4]))
            let signup = try #require(syntheticDay(row[5]), "customer \(id): signup_date \(row[5])")
            #expect(signup.daysSince1970 <= latestSignup, "customer \(id) signed up \(signup)")
            #expect(row[6] == "true" || row[6] == "false")
            isOptedIn[id] = row[6] == "true"
            if row[7].isEmpty {
                missingIncome += 1
            } else {
                let income = try #require(Int(row[7]), "customer \(id): annual_income \(row[7])")
                #expect(income > 0 && income % 100 == 0, "customer \(id): annual_income \(income)")
            }
        }
        let missingShare = Double(missingIncome) / Double(customers.rows.count)
        #expect(abs(missingShare - 0.08) < 0.02, "missing income share \(missingShare), expected about 0.08")

        let lastSecond = (generator.lastDay.daysSince1970 - generator.firstDay.daysSince1970 + 1) * 86_400 - 1
        var previous: (id: Int, seconds: Int) = (0, -1)
        for (index, row) in activities.rows.enumerated() {
            let line = "activities.csv:\(index + 2)"
            let id = try #require(Int(row[0]), "\(line): customer_id \(row[0])")
            #expect(isOptedIn[id] != nil, "\(line): customer \(id) does not exist")
            let type = String(row[1])
            let channel = String(row[2])
            #expect(["purchase", "return", "visit", "email_click"].contains(type), "\(line): type \(type)")
            #expect(["web", "app", "store", "email"].contains(channel), "\(line): channel \(channel)")
            #expect((type == "email_click") == (channel == "email"), "\(line): \(type) through \(channel)")
            if type == "email_click" { #expect(isOptedIn[id] == true, "\(line): customer \(id) did not opt in") }
            if type == "purchase" || type == "return" {
                let amount = try #require(Double(row[3]), "\(line): amount \(row[3])")
                #expect(amount >= 1, "\(line): amount \(amount)")
                #expect(row[3].split(separator: ".").last?.count == 2, "\(line): amount \(row[3]) without cents")
            } else {
                #expect(row[3].isEmpty, "\(line): \(type) with amount \(row[3])")
            }
            let time = try syntheticLocalSeconds(row[4], firstDay: generator.firstDay)
            #expect((0...lastSecond).contains(time.seconds), "\(line): timestamp \(row[4]) out of range")
            #expect(time.hour != 2, "\(line): \(row[4]) falls in the daylight-saving hour")
            if channel == "store" {
                #expect(time.weekday != 6 && (9...19).contains(time.hour), "\(line): store closed at \(row[4])")
            }
            #expect(id > previous.id || (id == previous.id && time.seconds >= previous.seconds),
                    "\(line): rows are not ordered by customer, then time")
            previous = (id, time.seconds)
        }
    }

    @Test("personas.csv agrees with persona(ofCustomer:)")
    func personasFileAgreesWithAPI() throws {
        let folder = try SyntheticTestFolder()
        defer { folder.remove() }
        let generator = SyntheticRetailGenerator(customers: 3_000, activities: 3_000, seed: 5)
        let summary = try generator.write(to: folder.url)
        let personas = try SyntheticTestTable(contentsOf: folder.url.appendingPathComponent("personas.csv"))
        #expect(personas.header == ["customer_id", "persona"])
        var counts: [SyntheticPersona: Int] = [:]
        for row in personas.rows {
            let id = try #require(Int(row[0]))
            let persona = try #require(SyntheticPersona(rawValue: String(row[1])), "persona \(row[1])")
            #expect(generator.persona(ofCustomer: id) == persona, "customer \(id)")
            counts[persona, default: 0] += 1
        }
        #expect(counts == summary.personaCounts)
        #expect(Set(counts.keys) == Set(SyntheticPersona.allCases))
    }

    @Test("audience.json decodes to the generator's workspace config")
    func configMatches() throws {
        let folder = try SyntheticTestFolder()
        defer { folder.remove() }
        let generator = SyntheticRetailGenerator(customers: 10, activities: 10, seed: 1)
        _ = try generator.write(to: folder.url)
        let data = try Data(contentsOf: folder.url.appendingPathComponent("audience.json"))
        let config = try JSONDecoder().decode(WorkspaceConfig.self, from: data)
        #expect(config == generator.workspaceConfig())
        #expect(config.timeZone == "Europe/Berlin")
        #expect(config.customers.path == "customers.csv")
        #expect(config.activities.map(\.path) == ["activities.csv"])
        for measure in ["spend_90d", "purchases_365d", "days_since_last_purchase", "returns_365d", "email_clicks_30d"] {
            #expect(config.measures.contains { $0.name == measure }, "no measure \(measure)")
        }
    }

    @Test("An output folder that cannot be created is an error naming it")
    func unwritableFolder() throws {
        let folder = try SyntheticTestFolder()
        defer { folder.remove() }
        let blocker = folder.url.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: blocker)
        let target = blocker.appendingPathComponent("out")
        let error = #expect(throws: SyntheticRetailError.self) {
            try SyntheticRetailGenerator(customers: 10, activities: 10, seed: 1).write(to: target)
        }
        #expect(error.map { "\($0)" }?.contains(target.path) == true)
    }

    @Test("A file that cannot be written is an error naming it, and no earlier file is replaced")
    func unwritableFileChangesNothing() throws {
        let folder = try SyntheticTestFolder()
        defer { folder.remove() }
        let old = Data("customer_id\n1\n".utf8)
        try old.write(to: folder.url.appendingPathComponent("customers.csv"))
        // A folder where the activities file's temporary copy would go makes opening it fail.
        try FileManager.default.createDirectory(
            at: folder.url.appendingPathComponent("activities.csv.partial"), withIntermediateDirectories: false)
        let error = #expect(throws: SyntheticRetailError.self) {
            try SyntheticRetailGenerator(customers: 100, activities: 1_000, seed: 1).write(to: folder.url)
        }
        let activitiesPath = folder.url.appendingPathComponent("activities.csv").path
        #expect(error == .cannotWrite(path: activitiesPath, reason: "Is a directory (errno 21)"))
        #expect(error.map { "\($0)" }?.hasPrefix("\(activitiesPath): cannot write: ") == true)
        #expect(try Data(contentsOf: folder.url.appendingPathComponent("customers.csv")) == old)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
        #expect(left == ["activities.csv.partial", "customers.csv"])
    }

    @Test("Writing into a used folder replaces the four files and leaves nothing else")
    func rewritesFolder() throws {
        let folder = try SyntheticTestFolder()
        defer { folder.remove() }
        let fresh = folder.url.appendingPathComponent("fresh")
        let reused = folder.url.appendingPathComponent("reused")
        _ = try SyntheticRetailGenerator(customers: 300, activities: 6_000, seed: 4).write(to: reused)
        _ = try SyntheticRetailGenerator(customers: 200, activities: 2_000, seed: 5).write(to: reused)
        _ = try SyntheticRetailGenerator(customers: 200, activities: 2_000, seed: 5).write(to: fresh)
        #expect(try FileManager.default.contentsOfDirectory(atPath: reused.path).sorted() == syntheticFileNames.sorted())
        for name in syntheticFileNames {
            #expect(try Data(contentsOf: reused.appendingPathComponent(name))
                    == Data(contentsOf: fresh.appendingPathComponent(name)), "\(name)")
        }
    }

    // MARK: - Calendar

    @Test("Calendar days convert to and from days since 1970")
    func calendarDays() {
        typealias Day = SyntheticRetailGenerator.CalendarDay
        #expect(Day(year: 1970, month: 1, day: 1).daysSince1970 == 0)
        #expect(Day(year: 2000, month: 3, day: 1).daysSince1970 == 11_017)
        #expect(Day(year: 2025, month: 12, day: 31).daysSince1970 == 20_453)
        #expect(Day(year: 1969, month: 12, day: 31).daysSince1970 == -1)
        #expect(Day(daysSince1970: 19_782) == Day(year: 2024, month: 2, day: 29))
        #expect(Day(year: 2024, month: 2, day: 29).description == "2024-02-29")
        var previous = Day(daysSince1970: -800_000)
        for days in stride(from: -799_999, through: 800_000, by: 37) {
            let day = Day(daysSince1970: days)
            #expect(day.daysSince1970 == days)
            #expect(previous < day)
            previous = day
        }
    }
}

/// A `yyyy-MM-dd` text as a calendar day, or `nil`.
func syntheticDay(_ text: Substring) -> SyntheticRetailGenerator.CalendarDay? {
    let parts = text.split(separator: "-")
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
          let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
          (1...12).contains(month), (1...31).contains(day)
    else { return nil }
    return SyntheticRetailGenerator.CalendarDay(year: year, month: month, day: day)
}
