/// Lookup tables the generator computes from the model
/// (`SyntheticPersona+Model.swift`, `SyntheticRetailCatalog`).
///
/// Each worker thread builds its own copy: arrays shared between threads
/// would make every retain of them contend for one cache line.
struct SyntheticRetailTables: Sendable {
    /// Days since 1970-01-01 of the first activity day.
    let firstDay: Int
    /// The number of activity days, first and last included.
    let dayCount: Int

    let countryCumulative: [Double]
    let genderCumulative: [Double]
    /// Per persona.
    let tierCumulative: [[Double]]
    /// Per persona and opt-in: index `persona * 2 + (optedIn ? 1 : 0)`.
    let typeCumulative: [[Double]]
    /// The sum of the type weights, indexed like `typeCumulative`.
    let typeWeightSum: [Double]
    /// Per persona: web, app, store.
    let channelCumulative: [[Double]]
    /// Per persona: hours 0 … 23.
    let onlineHourCumulative: [[Double]]
    let storeHourCumulative: [[Double]]
    /// The chance of keeping a uniformly drawn activity day (rejection
    /// sampling), per day index; index `persona * 3 + kind` (see `DayKind`).
    let dayAcceptance: [[Double]]
    /// Weekday per day index: 0 = Monday … 6 = Sunday.
    let weekdays: [UInt8]
    /// `yyyy-MM-dd` per day index, 10 bytes each.
    let dateBytes: [UInt8]

    let countryTokens: [[UInt8]]
    let genderTokens: [[UInt8]]
    let tierTokens: [[UInt8]]
    let typeTokens: [[UInt8]]
    let channelTokens: [[UInt8]]
    let personaTokens: [[UInt8]]

    /// What a day is drawn for.
    enum DayKind {
        static let online = 0
        static let store = 1
        static let email = 2
    }

    /// Cumulative persona shares, in the order of `SyntheticPersona.allCases`.
    let personaCumulative: [Double]

    init(firstDay: Int, dayCount: Int) {
        self.firstDay = firstDay
        self.dayCount = dayCount
        let catalog = SyntheticRetailCatalog.self
        let personas = SyntheticPersona.allCases

        personaCumulative = Self.cumulative(personas.map(\.share))
        countryCumulative = Self.cumulative(catalog.countries.map(\.share))
        genderCumulative = Self.cumulative(catalog.genders.map(\.share))
        tierCumulative = personas.map { Self.cumulative($0.tierWeights) }
        var typeTables: [[Double]] = []
        var typeSums: [Double] = []
        for persona in personas {
            for optedIn in [false, true] {
                var weights = persona.typeWeights
                if optedIn {
                    weights[Int(catalog.ActivityType.purchase)] *= catalog.optInPurchaseMultiplier
                } else {
                    weights[Int(catalog.ActivityType.emailClick)] = 0
                }
                typeTables.append(Self.cumulative(weights))
                typeSums.append(weights.reduce(0, +))
            }
        }
        typeCumulative = typeTables
        typeWeightSum = typeSums
        channelCumulative = personas.map { Self.cumulative($0.channelWeights) }
        onlineHourCumulative = personas.map { Self.cumulative($0.onlineHourWeights) }
        storeHourCumulative = personas.map { Self.cumulative($0.storeHourWeights) }

        var weekdays: [UInt8] = []
        var months: [Int] = []
        var dateBytes: [UInt8] = []
        let buffer = SyntheticByteBuffer(capacity: 16)
        for index in 0..<dayCount {
            let day = SyntheticRetailGenerator.CalendarDay(daysSince1970: firstDay + index)
            weekdays.append(UInt8(SyntheticRetailGenerator.CalendarDay.weekday(daysSince1970: firstDay + index)))
            months.append(day.month - 1)
            buffer.removeAll()
            buffer.reserve(16)
            buffer.appendISODate(year: day.year, month: day.month, day: day.day)
            buffer.withBytes { dateBytes.append(contentsOf: $0) }
        }
        self.weekdays = weekdays
        self.dateBytes = dateBytes

        let maxMonth = catalog.monthWeights.max()!
        let maxEmail = catalog.emailWeekdayWeights.max()!
        var acceptance: [[Double]] = []
        for persona in personas {
            let weekdayWeights = persona.weekdayWeights
            let scale = weekdayWeights.max()! * maxMonth
            var online: [Double] = []
            var store: [Double] = []
            var email: [Double] = []
            for index in 0..<dayCount {
                let weekday = Int(weekdays[index])
                let weight = weekdayWeights[weekday] * catalog.monthWeights[months[index]] / scale
                online.append(weight)
                store.append(weekday == catalog.sunday ? 0 : weight)
                email.append(catalog.emailWeekdayWeights[weekday] / maxEmail)
            }
            acceptance.append(online)
            acceptance.append(store)
            acceptance.append(email)
        }
        dayAcceptance = acceptance

        countryTokens = catalog.countries.map { Array($0.code.utf8) }
        genderTokens = catalog.genders.map { Array($0.name.utf8) }
        tierTokens = catalog.tiers.map { Array($0.utf8) }
        typeTokens = catalog.activityTypes.map { Array($0.utf8) }
        channelTokens = catalog.channels.map { Array($0.utf8) }
        personaTokens = personas.map { Array($0.rawValue.utf8) }
    }

    /// Running sums of `weights`.
    static func cumulative(_ weights: [Double]) -> [Double] {
        var total = 0.0
        return weights.map { weight in
            total += weight
            return total
        }
    }
}
