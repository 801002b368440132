import Foundation

extension SyntheticRetailGenerator {
    /// Draws exactly `count` activities of customer `id` from its own random
    /// stream, sorts them by time and appends their rows to `output`.
    ///
    /// The order of draws is part of the output format: changing it changes
    /// the activities file.
    func appendActivities(
        id: Int,
        profile: SyntheticCustomerProfile,
        count: Int,
        tables: SyntheticRetailTables,
        scratch: inout SyntheticActivityScratch,
        output: SyntheticChunkOutput
    ) {
        typealias Kind = SyntheticRetailCatalog.ActivityType
        typealias Channel = SyntheticRetailCatalog.Channel
        let catalog = SyntheticRetailCatalog.self
        let persona = profile.persona.index
        var random = SyntheticRandom(seed: seed, stream: UInt64(id), purpose: Self.activityPurpose)
        scratch.removeAll()

        // How many of each type.
        var typeCounts = [0, 0, 0, 0]
        let typeTable = tables.typeCumulative[persona * 2 + (profile.isOptedIn ? 1 : 0)]
        for _ in 0..<count { typeCounts[random.pick(cumulative: typeTable)] += 1 }
        while typeCounts[Int(Kind.return)] > typeCounts[Int(Kind.purchase)] {
            typeCounts[Int(Kind.return)] -= 1
            typeCounts[Int(Kind.purchase)] += 1
        }

        let placer = Placer(profile: profile, tables: tables)
        let channelTable = tables.channelCumulative[persona]
        let medianCents = profile.persona.medianPurchase * 100
            * (profile.isGoldThirties ? catalog.goldThirtiesMultiplier : 1)

        // Email clicks, on campaign days.
        for _ in 0..<typeCounts[Int(Kind.emailClick)] {
            let time = placer.regularTime(kind: SyntheticRetailTables.DayKind.email, channel: Channel.email, random: &random)
            scratch.clickTimes.append(time)
            scratch.events.append(.init(time: time, type: Kind.emailClick, channel: Channel.email, cents: 0))
        }
        scratch.clickTimes.sort()

        // Purchases: first those that follow a click within 7 days, then the rest.
        var purchasesLeft = typeCounts[Int(Kind.purchase)]
        for click in scratch.clickTimes where purchasesLeft > 0 {
            guard random.chance(catalog.clickFollowUpChance) else { continue }
            let channel = UInt8(random.pick(cumulative: channelTable))
            guard let time = placer.time(after: click, delays: catalog.clickFollowUpDelaySeconds,
                                         channel: channel, random: &random) else { continue }
            scratch.purchaseIndices.append(scratch.events.count)
            scratch.events.append(.init(time: time, type: Kind.purchase, channel: channel, cents: Self.drawCents(median: medianCents, random: &random)))
            purchasesLeft -= 1
        }
        for _ in 0..<purchasesLeft {
            let channel = UInt8(random.pick(cumulative: channelTable))
            let time = placer.regularTime(channel: channel, random: &random)
            scratch.purchaseIndices.append(scratch.events.count)
            scratch.events.append(.init(time: time, type: Kind.purchase, channel: channel, cents: Self.drawCents(median: medianCents, random: &random)))
        }

        // Returns: distinct purchases, returned whole, through the same channel, 1–30 days later.
        var visits = typeCounts[Int(Kind.visit)]
        let purchaseCount = scratch.purchaseIndices.count
        for returnIndex in 0..<typeCounts[Int(Kind.return)] {
            let pick = returnIndex + random.below(purchaseCount - returnIndex)
            scratch.purchaseIndices.swapAt(returnIndex, pick)
            let purchase = scratch.events[scratch.purchaseIndices[returnIndex]]
            if let time = placer.time(after: purchase.time, delays: catalog.returnDelaySeconds,
                                      channel: purchase.channel, random: &random) {
                scratch.events.append(.init(time: time, type: Kind.return, channel: purchase.channel, cents: purchase.cents))
            } else {
                visits += 1  // no room for a return before the window closes
            }
        }

        // Visits.
        for _ in 0..<visits {
            let channel = UInt8(random.pick(cumulative: channelTable))
            let time = placer.regularTime(channel: channel, random: &random)
            scratch.events.append(.init(time: time, type: Kind.visit, channel: channel, cents: 0))
        }

        scratch.events.sort(by: SyntheticActivityScratch.Event.precedes)
        appendActivityRows(id: id, events: scratch.events, tables: tables, output: output)
    }

    /// A purchase amount in cents: log-normal around `median` (sigma 0.6), at least 1.00.
    private static func drawCents(median: Double, random: inout SyntheticRandom) -> Int {
        max(100, Int((median * Foundation.exp(0.6 * random.normal())).rounded()))
    }

    /// Appends `customer_id,type,channel,amount,timestamp` for each event.
    private func appendActivityRows(
        id: Int, events: [SyntheticActivityScratch.Event], tables: SyntheticRetailTables, output: SyntheticChunkOutput
    ) {
        let comma: UInt8 = 44
        let colon: UInt8 = 58
        let buffer = output.rows
        for event in events {
            buffer.reserve(128)
            buffer.appendDecimal(id)
            buffer.append(comma)
            buffer.append(tables.typeTokens[Int(event.type)])
            buffer.append(comma)
            buffer.append(tables.channelTokens[Int(event.channel)])
            buffer.append(comma)
            if event.type == SyntheticRetailCatalog.ActivityType.purchase
                || event.type == SyntheticRetailCatalog.ActivityType.return {
                buffer.appendCents(event.cents)
            }
            buffer.append(comma)
            let day = event.time / 86_400
            let second = event.time % 86_400
            buffer.append(tables.dateBytes, offset: day * 10, length: 10)
            buffer.append(84)  // "T"
            buffer.appendTwoDigits(second / 3600)
            buffer.append(colon)
            buffer.appendTwoDigits(second / 60 % 60)
            buffer.append(colon)
            buffer.appendTwoDigits(second % 60)
            buffer.append(10)
            output.typeCounts[Int(event.type)] += 1
        }
    }
}

/// Places one customer's activities in time within the customer's active days.
private struct Placer {
    let firstDay: Int
    let dayCount: Int
    let lastSecond: Int
    /// The persona's tables, looked up once per customer.
    let onlineDays: [Double]
    let storeDays: [Double]
    let emailDays: [Double]
    let onlineHours: [Double]
    let storeHours: [Double]
    let weekdays: [UInt8]

    init(profile: SyntheticCustomerProfile, tables: SyntheticRetailTables) {
        let persona = profile.persona.index
        firstDay = profile.firstActiveDay
        dayCount = profile.lastActiveDay - profile.firstActiveDay + 1
        lastSecond = profile.lastActiveDay * 86_400 + 86_399
        onlineDays = tables.dayAcceptance[persona * 3 + SyntheticRetailTables.DayKind.online]
        storeDays = tables.dayAcceptance[persona * 3 + SyntheticRetailTables.DayKind.store]
        emailDays = tables.dayAcceptance[persona * 3 + SyntheticRetailTables.DayKind.email]
        onlineHours = tables.onlineHourCumulative[persona]
        storeHours = tables.storeHourCumulative[persona]
        weekdays = tables.weekdays
    }

    /// A time for a purchase or visit through `channel`: a day drawn by the
    /// persona's weekday and the month weights (no Sundays for stores), then an
    /// hour from the persona's online or store hours.
    func regularTime(channel: UInt8, random: inout SyntheticRandom) -> Int {
        let isStore = channel == SyntheticRetailCatalog.Channel.store
        return regularTime(
            kind: isStore ? SyntheticRetailTables.DayKind.store : SyntheticRetailTables.DayKind.online,
            channel: channel, random: &random)
    }

    /// A time drawn for a day kind and channel.
    func regularTime(kind: Int, channel: UInt8, random: inout SyntheticRandom) -> Int {
        let days: [Double]
        switch kind {
        case SyntheticRetailTables.DayKind.store: days = storeDays
        case SyntheticRetailTables.DayKind.email: days = emailDays
        default: days = onlineDays
        }
        let hour = days.withUnsafeBufferPointer { acceptance in
            var day = firstDay + random.below(dayCount)
            var tries = 1
            while random.uniform() >= acceptance[day] && tries < 1_000 {
                day = firstDay + random.below(dayCount)
                tries += 1
            }
            return day * 24 + random.pick(cumulative: channel == SyntheticRetailCatalog.Channel.store ? storeHours : onlineHours)
        }
        return hour * 3_600 + random.below(3_600)
    }

    /// A time `delays` seconds after `start` that falls in the active days,
    /// not in the skipped hour and, for stores, in opening hours; `nil` when 32
    /// draws find none.
    func time(after start: Int, delays: ClosedRange<Int>, channel: UInt8, random: inout SyntheticRandom) -> Int? {
        let catalog = SyntheticRetailCatalog.self
        let isStore = channel == catalog.Channel.store
        for _ in 0..<32 {
            let time = start + delays.lowerBound + random.below(delays.count)
            if time > lastSecond { continue }
            let hour = time % 86_400 / 3_600
            if hour == catalog.skippedHour { continue }
            if isStore && (Int(weekdays[time / 86_400]) == catalog.sunday || !catalog.storeHours.contains(hour)) {
                continue
            }
            return time
        }
        return nil
    }
}
