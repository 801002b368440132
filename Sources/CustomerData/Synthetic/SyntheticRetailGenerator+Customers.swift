import Foundation

extension SyntheticRetailGenerator {
    /// Draws the profile of customer `id` from its own random stream.
    ///
    /// The order of draws is part of the output format: changing it changes
    /// every file.
    func makeProfile(id: Int, tables: SyntheticRetailTables) -> SyntheticCustomerProfile {
        let catalog = SyntheticRetailCatalog.self
        var random = SyntheticRandom(seed: seed, stream: UInt64(id), purpose: Self.profilePurpose)
        let persona = SyntheticPersona(index: random.pick(cumulative: tables.personaCumulative))

        let ages = persona.ages
        let age: Int
        if persona == .bargainHunter {
            age = ages.lowerBound + (random.below(ages.count) + random.below(ages.count)) / 2
        } else {
            age = ages.lowerBound + random.below(ages.count)
        }
        let country = random.pick(cumulative: tables.countryCumulative)
        let gender = random.pick(cumulative: tables.genderCumulative)
        let tier = random.pick(cumulative: tables.tierCumulative[persona.index])
        let isOptedIn = random.chance(persona.optInRate)
        let incomeDraw = persona.medianIncome * Foundation.exp(0.35 * random.normal())
        let income = Int((incomeDraw / 100).rounded()) * 100
        let isIncomeMissing = random.chance(catalog.incomeMissingShare)

        let lastIndex = tables.dayCount - 1
        var lastActiveDay = lastIndex
        if persona == .lapsed {
            let longest = min(catalog.lapseDaysBeforeEnd.upperBound, tables.dayCount - 121)
            let shortest = catalog.lapseDaysBeforeEnd.lowerBound
            lastActiveDay = lastIndex - (shortest + random.below(longest - shortest + 1))
        }
        let earliestSignup = tables.firstDay - (persona == .appFirstYoung
            ? catalog.earliestYoungSignupDaysBeforeStart
            : catalog.earliestSignupDaysBeforeStart)
        let latestSignup = persona == .lapsed
            ? tables.firstDay + lastActiveDay - catalog.lapsedSignupDaysBeforeLapse
            : tables.firstDay + lastIndex - catalog.signupDaysBeforeEnd
        let signupDay = earliestSignup + random.below(latestSignup - earliestSignup + 1)
        let firstActiveDay = max(signupDay - tables.firstDay, 0)

        let activeShare = Double(lastActiveDay - firstActiveDay + 1) / Double(tables.dayCount)
        let activityWeight = persona.activityIntensity * random.gammaShapeTwoMeanOne()
            * tables.typeWeightSum[persona.index * 2 + (isOptedIn ? 1 : 0)] * activeShare

        return SyntheticCustomerProfile(
            persona: persona, age: age, country: country, gender: gender, tier: tier,
            signupDay: signupDay, isOptedIn: isOptedIn, income: isIncomeMissing ? nil : income,
            firstActiveDay: firstActiveDay, lastActiveDay: lastActiveDay, activityWeight: activityWeight)
    }

    /// Appends `customer_id,age,country,gender,loyalty_tier,signup_date,email_opt_in,annual_income`.
    func appendCustomerRow(
        id: Int, profile: SyntheticCustomerProfile, tables: SyntheticRetailTables, to buffer: SyntheticByteBuffer
    ) {
        let comma: UInt8 = 44
        buffer.reserve(160)
        buffer.appendDecimal(id)
        buffer.append(comma)
        buffer.appendDecimal(profile.age)
        buffer.append(comma)
        buffer.append(tables.countryTokens[profile.country])
        buffer.append(comma)
        buffer.append(tables.genderTokens[profile.gender])
        buffer.append(comma)
        buffer.append(tables.tierTokens[profile.tier])
        buffer.append(comma)
        let signup = CalendarDay(daysSince1970: profile.signupDay)
        buffer.appendISODate(year: signup.year, month: signup.month, day: signup.day)
        buffer.append(comma)
        buffer.append(profile.isOptedIn ? Self.trueToken : Self.falseToken)
        buffer.append(comma)
        if let income = profile.income { buffer.appendDecimal(income) }
        buffer.append(10)
    }

    /// Appends `customer_id,persona`.
    func appendPersonaRow(
        id: Int, profile: SyntheticCustomerProfile, tables: SyntheticRetailTables, to buffer: SyntheticByteBuffer
    ) {
        buffer.reserve(64)
        buffer.appendDecimal(id)
        buffer.append(44)
        buffer.append(tables.personaTokens[profile.persona.index])
        buffer.append(10)
    }

    static let trueToken = Array("true".utf8)
    static let falseToken = Array("false".utf8)
}
