import CustomerData
import Foundation
import Testing

/// The planted structure documented in `fixtures/README.md` holds in a
/// moderate sample, so later features have something real to find.
@Suite("Synthetic retail planted rules")
struct SyntheticRetailPlantedRulesTests {
    /// One generated sample, parsed.
    struct Sample {
        struct Customer {
            var age = 0
            var tier = ""
            var isOptedIn = false
            var persona = SyntheticPersona.lapsed
        }

        struct Activity {
            var type: Substring
            var channel: Substring
            var amount: Double
            var seconds: Int
        }

        let generator: SyntheticRetailGenerator
        var customers: [Customer]
        /// Per customer id (index 0 unused), sorted by time.
        var activities: [[Activity]]

        init(seed: UInt64) throws {
            generator = SyntheticRetailGenerator(customers: 5_000, activities: 50_000, seed: seed)
            let folder = try SyntheticTestFolder()
            defer { folder.remove() }
            _ = try generator.write(to: folder.url)
            let customerTable = try SyntheticTestTable(contentsOf: folder.url.appendingPathComponent("customers.csv"))
            let activityTable = try SyntheticTestTable(contentsOf: folder.url.appendingPathComponent("activities.csv"))
            let personaTable = try SyntheticTestTable(contentsOf: folder.url.appendingPathComponent("personas.csv"))
            customers = Array(repeating: Customer(), count: generator.customerCount + 1)
            for row in customerTable.rows {
                let id = try #require(Int(row[0]))
                customers[id].age = try #require(Int(row[1]))
                customers[id].tier = String(row[4])
                customers[id].isOptedIn = row[6] == "true"
            }
            for row in personaTable.rows {
                customers[try #require(Int(row[0]))].persona = try #require(SyntheticPersona(rawValue: String(row[1])))
            }
            activities = Array(repeating: [], count: generator.customerCount + 1)
            for row in activityTable.rows {
                let time = try syntheticLocalSeconds(row[4], firstDay: generator.firstDay)
                activities[try #require(Int(row[0]))].append(
                    Activity(type: row[1], channel: row[2], amount: Double(row[3]) ?? 0, seconds: time.seconds))
            }
        }

        var ids: ClosedRange<Int> { 1...generator.customerCount }

        /// Mean purchase amount of the customers that pass `filter`.
        func meanPurchase(where filter: (Customer) -> Bool) -> Double {
            var total = 0.0
            var count = 0
            for id in ids where filter(customers[id]) {
                for activity in activities[id] where activity.type == "purchase" {
                    total += activity.amount
                    count += 1
                }
            }
            return count == 0 ? .nan : total / Double(count)
        }

        /// The share of `type` activities of the customers passing `filter` that
        /// are followed by a purchase of the same customer within 7 days.
        func shareFollowedByPurchase(_ type: Substring, where filter: (Customer) -> Bool) -> Double {
            var followed = 0
            var count = 0
            for id in ids where filter(customers[id]) {
                let list = activities[id]
                for (index, activity) in list.enumerated() where activity.type == type {
                    count += 1
                    if list[(index + 1)...].contains(where: {
                        $0.type == "purchase" && $0.seconds > activity.seconds
                            && $0.seconds <= activity.seconds + 7 * 86_400
                    }) {
                        followed += 1
                    }
                }
            }
            return Double(followed) / Double(max(count, 1))
        }
    }

    @Test("Age 30–40 with the gold tier spend three times more per purchase")
    func goldThirtiesSpendMore() throws {
        let sample = try Sample(seed: 11)
        func isRule(_ customer: Sample.Customer) -> Bool {
            (30...40).contains(customer.age) && customer.tier == "gold"
        }
        let rule = sample.meanPurchase(where: isRule)
        let others = sample.meanPurchase { !isRule($0) }
        #expect(rule >= 2.5 * others, "mean purchase \(rule) for age 30–40 & gold against \(others) for the rest")
        // Within one persona the multiplier itself shows: about 3.
        let loyalRule = sample.meanPurchase { $0.persona == .loyalHighSpender && isRule($0) }
        let loyalOthers = sample.meanPurchase { $0.persona == .loyalHighSpender && !isRule($0) }
        #expect((2.4...3.7).contains(loyalRule / loyalOthers),
                "loyal high spenders: \(loyalRule) against \(loyalOthers), ratio \(loyalRule / loyalOthers)")
        // Gold alone or the age band alone does not make the difference.
        let goldOtherAges = sample.meanPurchase { $0.persona == .loyalHighSpender && $0.tier == "gold" && !isRule($0) }
        let thirtiesOtherTiers = sample.meanPurchase {
            $0.persona == .loyalHighSpender && (30...40).contains($0.age) && !isRule($0)
        }
        #expect(abs(goldOtherAges / thirtiesOtherTiers - 1) < 0.3,
                "gold outside 30–40: \(goldOtherAges), 30–40 outside gold: \(thirtiesOtherTiers)")
    }

    @Test("Email clicks come from opted-in customers and are followed by purchases within 7 days")
    func emailClicksLeadToPurchases() throws {
        let sample = try Sample(seed: 12)
        let afterClicks = sample.shareFollowedByPurchase("email_click") { _ in true }
        let afterVisits = sample.shareFollowedByPurchase("visit") { $0.isOptedIn }
        #expect(afterClicks >= 0.45, "only \(afterClicks) of clicks are followed by a purchase within 7 days")
        #expect(afterClicks >= 3 * afterVisits, "after clicks \(afterClicks), after visits of opted-in \(afterVisits)")
        for id in sample.ids where !sample.customers[id].isOptedIn {
            #expect(!sample.activities[id].contains { $0.type == "email_click" }, "customer \(id) did not opt in")
        }
        // Opted-in customers buy more than the others of their persona.
        for persona in SyntheticPersona.allCases {
            func purchasesPerCustomer(optedIn: Bool) -> Double {
                let members = sample.ids.filter {
                    sample.customers[$0].persona == persona && sample.customers[$0].isOptedIn == optedIn
                }
                let purchases = members.reduce(0) { total, id in
                    total + sample.activities[id].filter { $0.type == "purchase" }.count
                }
                return Double(purchases) / Double(max(members.count, 1))
            }
            let optedIn = purchasesPerCustomer(optedIn: true)
            let optedOut = purchasesPerCustomer(optedIn: false)
            #expect(optedIn >= 1.1 * optedOut, "\(persona): \(optedIn) purchases per opted-in customer, \(optedOut) otherwise")
        }
    }

    @Test("Lapsed customers were active before and have had no activity for 183 days or more")
    func lapsedStopped() throws {
        let sample = try Sample(seed: 13)
        let lastDayStart = (sample.generator.lastDay.daysSince1970 - sample.generator.firstDay.daysSince1970) * 86_400
        let cutoff = lastDayStart - 182 * 86_400  // the start of the last 183 days
        var lapsed = 0
        var active = 0
        var recentOthers = 0
        var others = 0
        for id in sample.ids {
            let last = sample.activities[id].last?.seconds
            if sample.customers[id].persona == .lapsed {
                lapsed += 1
                if let last {
                    active += 1
                    #expect(last < cutoff, "lapsed customer \(id) was active \((lastDayStart - last) / 86_400) days before the end")
                }
            } else {
                others += 1
                if let last, last >= cutoff { recentOthers += 1 }
            }
        }
        #expect(Double(active) >= 0.85 * Double(lapsed), "only \(active) of \(lapsed) lapsed customers have any activity")
        #expect(Double(recentOthers) >= 0.75 * Double(others), "only \(recentOthers) of \(others) others were active lately")
    }

    @Test("Personas drive channels: seniors only in stores, the young mostly in the app")
    func channelsFollowPersonas() throws {
        let sample = try Sample(seed: 14)
        var appShare = (app: 0, all: 0)
        for id in sample.ids {
            for activity in sample.activities[id] where activity.type != "email_click" {
                switch sample.customers[id].persona {
                case .storeOnlySenior:
                    #expect(activity.channel == "store", "senior \(id): \(activity.type) through \(activity.channel)")
                case .appFirstYoung:
                    appShare.all += 1
                    if activity.channel == "app" { appShare.app += 1 }
                default:
                    break
                }
            }
        }
        #expect(Double(appShare.app) >= 0.75 * Double(appShare.all), "app share of the young: \(appShare)")
    }

    @Test("Personas drive attributes: ages, tiers and opt-in")
    func attributesFollowPersonas() throws {
        let sample = try Sample(seed: 15)
        var gold = [SyntheticPersona: (gold: Int, all: Int)]()
        var optIn = [SyntheticPersona: (yes: Int, all: Int)]()
        for id in sample.ids {
            let customer = sample.customers[id]
            switch customer.persona {
            case .appFirstYoung: #expect((18...29).contains(customer.age), "young customer \(id) is \(customer.age)")
            case .storeOnlySenior: #expect((60...85).contains(customer.age), "senior \(id) is \(customer.age)")
            case .loyalHighSpender: #expect((30...65).contains(customer.age), "loyal customer \(id) is \(customer.age)")
            case .bargainHunter: #expect((22...60).contains(customer.age), "bargain hunter \(id) is \(customer.age)")
            case .lapsed: #expect((25...70).contains(customer.age), "lapsed customer \(id) is \(customer.age)")
            }
            let isGoldOrBetter = customer.tier == "gold" || customer.tier == "platinum"
            gold[customer.persona, default: (0, 0)].gold += isGoldOrBetter ? 1 : 0
            gold[customer.persona, default: (0, 0)].all += 1
            optIn[customer.persona, default: (0, 0)].yes += customer.isOptedIn ? 1 : 0
            optIn[customer.persona, default: (0, 0)].all += 1
        }
        let loyalGold = try #require(gold[.loyalHighSpender])
        let bargainGold = try #require(gold[.bargainHunter])
        #expect(Double(loyalGold.gold) / Double(loyalGold.all) > 0.6)
        #expect(Double(bargainGold.gold) / Double(bargainGold.all) < 0.2)
        let bargainOptIn = try #require(optIn[.bargainHunter])
        let seniorOptIn = try #require(optIn[.storeOnlySenior])
        #expect(Double(bargainOptIn.yes) / Double(bargainOptIn.all) > 0.7)
        #expect(Double(seniorOptIn.yes) / Double(seniorOptIn.all) < 0.3)
    }
}
