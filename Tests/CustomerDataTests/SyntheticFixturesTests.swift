import CustomerData
import Foundation
import Testing

/// The committed `fixtures/` folder: configs that load, files that exist, and
/// generated or derived files that have not drifted from their sources.
@Suite("Fixtures")
struct SyntheticFixturesTests {
    @Test("fixtures/retail equals a fresh run of the documented command")
    func retailFixtureIsCurrent() throws {
        // fixtures/README.md: audience fixtures generate --customers 5000 --activities 50000 --seed 42 --out fixtures/retail
        let folder = try SyntheticTestFolder()
        defer { folder.remove() }
        let generator = SyntheticRetailGenerator(customers: 5_000, activities: 50_000, seed: 42)
        _ = try generator.write(to: folder.url)
        let committed = syntheticFixturesFolder.appendingPathComponent("retail")
        for name in [SyntheticRetailGenerator.customersFileName, SyntheticRetailGenerator.activitiesFileName,
                     SyntheticRetailGenerator.personasFileName] {
            let fresh = try Data(contentsOf: folder.url.appendingPathComponent(name))
            #expect(try Data(contentsOf: committed.appendingPathComponent(name)) == fresh,
                    "fixtures/retail/\(name) differs from a fresh generation; regenerate it (fixtures/README.md)")
        }
        let config = try JSONDecoder().decode(
            WorkspaceConfig.self, from: Data(contentsOf: committed.appendingPathComponent("audience.json")))
        #expect(config == generator.workspaceConfig())
    }

    @Test("Every fixture's audience.json loads and names files and columns that exist",
          arguments: ["credit-g", "cdnow", "retail"])
    func configsLoad(_ name: String) throws {
        let folder = syntheticFixturesFolder.appendingPathComponent(name)
        let config = try JSONDecoder().decode(
            WorkspaceConfig.self, from: Data(contentsOf: folder.appendingPathComponent("audience.json")))
        #expect(config.name == (name == "retail" ? "synthetic-retail" : name))
        #expect(TimeZone(identifier: config.timeZone) != nil, "unknown time zone \(config.timeZone)")

        let customers = try SyntheticTestTable(contentsOf: folder.appendingPathComponent(config.customers.path))
        #expect(customers.header.contains(config.customers.idColumn))
        for column in config.customers.columns.keys {
            #expect(customers.header.contains(column), "\(name)/\(config.customers.path) has no column \(column)")
        }
        let ids = try customers.column(config.customers.idColumn)
        let idSet = Set(customers.rows.map { $0[ids] })
        #expect(idSet.count == customers.rows.count, "\(name): customer ids repeat")

        for source in config.activities {
            let table = try SyntheticTestTable(contentsOf: folder.appendingPathComponent(source.path))
            var named = [source.customerIdColumn, source.timestampColumn] + source.columns.keys
            if let type = source.typeColumn { named.append(type) }
            if let amount = source.amountColumn { named.append(amount) }
            for column in named {
                #expect(table.header.contains(column), "\(name)/\(source.path) has no column \(column)")
            }
            #expect((source.typeColumn == nil) != (source.fixedType == nil), "\(name): exactly one of typeColumn and fixedType")
            let customerColumn = try table.column(source.customerIdColumn)
            let strangers = table.rows.filter { !idSet.contains($0[customerColumn]) }.count
            #expect(strangers == 0, "\(name)/\(source.path): \(strangers) rows name a customer that does not exist")
        }
        for measure in config.measures {
            #expect(!measure.name.isEmpty && measure.description != nil, "\(name): measure \(measure.name)")
        }
    }

    @Test("The credit-g and CDNOW copies have the documented sizes")
    func realDatasetSizes() throws {
        let credit = try SyntheticTestTable(
            contentsOf: syntheticFixturesFolder.appendingPathComponent("credit-g/customers.csv"))
        #expect(credit.rows.count == 1_000)
        #expect(credit.header.count == 22)
        let classColumn = try credit.column("class")
        #expect(Set(credit.rows.map { $0[classColumn] }) == ["good", "bad"])
        let purchases = try SyntheticTestTable(
            contentsOf: syntheticFixturesFolder.appendingPathComponent("cdnow/purchases.csv"))
        #expect(purchases.rows.count == 69_659)
        #expect(purchases.header == ["customer_id", "date", "number_of_cds", "dollar_value"])
    }

    @Test("The CDNOW profiles hold each customer's first purchase day")
    func cdnowProfilesAreDerived() throws {
        let purchases = try SyntheticTestTable(
            contentsOf: syntheticFixturesFolder.appendingPathComponent("cdnow/purchases.csv"))
        let profiles = try SyntheticTestTable(
            contentsOf: syntheticFixturesFolder.appendingPathComponent("cdnow/customers.csv"))
        #expect(profiles.header == ["customer_id", "cohort_month", "first_purchase_date", "first_purchase_weekday",
                                    "first_purchase_orders", "first_purchase_cds", "first_purchase_value"])
        var first: [Substring: (date: Substring, orders: Int, cds: Int, value: Double)] = [:]
        for row in purchases.rows {
            let cds = try #require(Int(row[2]))
            let value = try #require(Double(row[3]))
            if let current = first[row[0]], current.date <= row[1] {
                if current.date == row[1] {
                    first[row[0]] = (current.date, current.orders + 1, current.cds + cds, current.value + value)
                }
            } else {
                first[row[0]] = (row[1], 1, cds, value)
            }
        }
        #expect(profiles.rows.count == first.count)
        for row in profiles.rows {
            let expected = try #require(first[row[0]], "customer \(row[0]) has no purchases")
            #expect(row[2] == expected.date && row[1] == expected.date.prefix(7), "customer \(row[0])")
            #expect(Int(row[4]) == expected.orders && Int(row[5]) == expected.cds, "customer \(row[0])")
            let value = try #require(Double(row[6]))
            #expect(abs(value - expected.value) < 0.005, "customer \(row[0]): \(value) against \(expected.value)")
        }
    }
}
