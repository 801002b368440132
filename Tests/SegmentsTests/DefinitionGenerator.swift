import CustomerData
import Segments

/// Makes random segment definitions that are valid against a catalog, full of
/// edge cases (names needing backticks, escapes, negative zero, boundary dates,
/// time-zone offsets, empty tests), reproducibly from a seed.
///
/// The round-trip tests use it now; the differential test between the
/// in-process engine and SQL reuses it over generated data.
struct DefinitionGenerator: Sendable {
    /// A SplitMix64 random number generator: small, fast, and the same on every platform.
    struct SplitMix64: RandomNumberGenerator, Sendable {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    var random: SplitMix64
    let catalog: SegmentCatalog
    /// Segment names that may be referenced without making a cycle.
    var segmentNames: [String]
    /// Numbers to compare with; include boundaries of the generated data.
    var numbers: [Double] = [0, -0.0, 1, -1, 0.5, 2.5, 30, 40, 99.99, 100, 1e-5, 123_456_789.125, 1e20, -7.25e-3]
    /// Texts to compare with; include the generated data's values.
    var texts: [String] = [
        "DE", "de", "gold", "Gold", "platinum", "web", "a", "Ünïcødé", "say \"hi\"", "back\\slash",
        "tab\there", "line\nbreak", "😀 emoji", " padded ", "`tick`",
    ]
    /// Dates are drawn around this day, plus fixed edge days.
    var baseDate = CalendarDate(year: 2024, month: 3, day: 15)!
    var edgeDates: [CalendarDate] = [
        CalendarDate(year: 2024, month: 2, day: 29)!, CalendarDate(year: 2023, month: 12, day: 31)!,
        CalendarDate(year: 2024, month: 3, day: 31)!, CalendarDate(year: 2024, month: 1, day: 1)!,
        CalendarDate(year: 1969, month: 12, day: 31)!, CalendarDate(year: 1, month: 1, day: 1)!,
        CalendarDate(year: 9999, month: 12, day: 31)!,
    ]
    /// UTC offsets of generated datetimes; `nil` is the workspace zone.
    var offsets: [Int?] = [nil, 0, 3600, -18_000, 19_800, 50_400, -43_200]
    /// How deep subrules nest.
    var maximumDepth = 3

    init(seed: UInt64, catalog: SegmentCatalog, segmentNames: [String]) {
        random = SplitMix64(state: seed)
        self.catalog = catalog
        self.segmentNames = segmentNames.sorted()
    }

    // MARK: - Definitions

    mutating func definition() -> SegmentDefinition {
        let ruleCount = int(1...3)
        var rules: [SegmentRule] = []
        for index in 0..<ruleCount {
            let conditions = (0..<int(1...4)).map { _ in condition(depth: 0) }
            rules.append(SegmentRule(
                combine: index == 0 ? nil : pick(SetOperation.allCases),
                join: pick(Join.allCases), conditions: conditions))
        }
        return SegmentDefinition(rules: rules)
    }

    mutating func condition(depth: Int) -> Condition {
        let roll = int(0...99)
        switch roll {
        case 0..<45: return .attribute(attributeCondition())
        case 45..<55 where !catalog.measures.isEmpty: return .measure(measureCondition())
        case 55..<75: return .activity(activityCondition())
        case 75..<85 where !segmentNames.isEmpty:
            return .segment(SegmentCondition(segment: pick(segmentNames), isMember: bool()))
        case 85..<100 where depth < maximumDepth:
            let conditions = (0..<int(1...4)).map { _ in condition(depth: depth + 1) }
            return .subrule(ConditionGroup(join: pick(Join.allCases), conditions: conditions))
        default:
            return .attribute(attributeCondition())
        }
    }

    mutating func attributeCondition() -> FieldCondition {
        let names = catalog.attributes.keys.sorted()
        let field = pick(names)
        let (test, ignoreCase) = valueTest(for: catalog.attributes[field]!)
        return FieldCondition(field: field, test: test, ignoreCase: ignoreCase)
    }

    mutating func measureCondition() -> MeasureCondition {
        let name = pick(catalog.measures.keys.sorted())
        let (test, ignoreCase) = valueTest(for: catalog.resultType(ofMeasure: name) ?? .number)
        return MeasureCondition(measure: name, test: test, ignoreCase: ignoreCase)
    }

    mutating func activityCondition() -> ActivityCondition {
        let types = catalog.activityTypes.sorted()
        let activityTypes = (0..<int(0...2)).map { _ in pick(types) }
        let conditions = (0..<int(0...2)).map { _ in fieldCondition(in: catalog.activityFields) }
        let window = activityWindow()
        if int(0...9) == 0 {
            return .didNotDo(activityTypes, where: conditions, window: window)
        }
        let function = pick(MeasureDefinition.Aggregate.allCases)
        var field: String?
        if ActivityAggregate.takesField(function) {
            let fits: (ColumnType) -> Bool
            switch function {
            case .sum, .avg: fits = { $0 == .number }
            case .min, .max: fits = { [.number, .date, .datetime].contains($0) }
            default: fits = { _ in true }
            }
            field = pick(catalog.activityFields.filter { fits($0.value) }.keys.sorted())
        }
        let aggregate = ActivityAggregate(
            function: function, field: field, activityTypes: activityTypes, conditions: conditions, window: window)
        let (test, ignoreCase) = valueTest(for: catalog.resultType(of: aggregate) ?? .number)
        return ActivityCondition(aggregate: aggregate, test: test, ignoreCase: ignoreCase)
    }

    mutating func fieldCondition(in fields: [String: ColumnType]) -> FieldCondition {
        let field = pick(fields.keys.sorted())
        let (test, ignoreCase) = valueTest(for: fields[field]!)
        return FieldCondition(field: field, test: test, ignoreCase: ignoreCase)
    }

    mutating func activityWindow() -> ActivityWindow {
        switch int(0...3) {
        case 0: return .allTime
        case 1: return .last(duration())
        case 2:
            let a = date()
            let b = date()
            return .between(min(a, b), max(a, b))
        default: return .yearToDate
        }
    }

    // MARK: - Tests and values

    /// A test that fits `type`, and whether it ignores case.
    mutating func valueTest(for type: ColumnType) -> (ValueTest, Bool) {
        let op = pick(SegmentCatalog.operators(for: type))
        let test: ValueTest
        switch op {
        case .isEmpty: test = .isEmpty
        case .isNotEmpty: test = .isNotEmpty
        case .isTrue: test = .isTrue
        case .isFalse: test = .isFalse
        case .equals: test = .equals(literal(type))
        case .notEquals: test = .notEquals(literal(type))
        case .lessThan: test = .lessThan(literal(type))
        case .lessThanOrEqual: test = .lessThanOrEqual(literal(type))
        case .greaterThan: test = .greaterThan(literal(type))
        case .greaterThanOrEqual: test = .greaterThanOrEqual(literal(type))
        case .between: test = between(type)
        case .isIn: test = .isIn((0..<int(1...4)).map { _ in literal(type) })
        case .notIn: test = .notIn((0..<int(1...4)).map { _ in literal(type) })
        case .contains: test = .contains(pick(texts))
        case .startsWith: test = .startsWith(pick(texts))
        case .endsWith: test = .endsWith(pick(texts))
        case .before: test = .before(literal(type))
        case .after: test = .after(literal(type))
        case .on: test = .on(.date(date()))
        case .withinLast: test = .withinLast(duration())
        case .notWithinLast: test = .notWithinLast(duration())
        case .withinNext: test = .withinNext(duration())
        case .monthIn: test = .monthIn((0..<int(1...3)).map { _ in pick(Month.allCases) })
        case .dayOfWeekIn: test = .dayOfWeekIn((0..<int(1...3)).map { _ in pick(Weekday.allCases) })
        case .yearToDate: test = .yearToDate
        case .anniversaryWithinNext: test = .anniversaryWithinNext(days: pick([0, 1, 7, 30, 365, 366]))
        }
        let ignoreCase = (type == .text || type == .category) && op.acceptsIgnoreCase && bool()
        return (test, ignoreCase)
    }

    /// `between` with the lower bound first.
    mutating func between(_ type: ColumnType) -> ValueTest {
        switch type {
        case .number:
            let a = pick(numbers)
            let b = pick(numbers)
            return .between(.number(min(a, b)), .number(max(a, b)))
        case .datetime where bool():
            let offset = pick(offsets)
            var a = datetime(offset: offset)
            var b = datetime(offset: offset)
            if (b.date, b.millisecondOfDay) < (a.date, a.millisecondOfDay) { swap(&a, &b) }
            return .between(.datetime(a), .datetime(b))
        default:
            let a = date()
            let b = date()
            return .between(.date(min(a, b)), .date(max(a, b)))
        }
    }

    mutating func literal(_ type: ColumnType) -> Literal {
        switch type {
        case .number: return .number(pick(numbers))
        case .text, .category: return .text(pick(texts))
        case .date: return .date(date())
        case .datetime: return bool() ? .date(date()) : .datetime(datetime(offset: pick(offsets)))
        case .boolean: preconditionFailure("DefinitionGenerator.literal: booleans take no values")
        }
    }

    mutating func date() -> CalendarDate {
        int(0...4) == 0 ? pick(edgeDates) : baseDate.adding(int(-800...800), .days)
    }

    mutating func datetime(offset: Int?) -> DateTimeLiteral {
        let millisecond = pick([0, 1, 999, 3_600_000, 7_200_000 + 30 * 60_000, 86_399_999, int(0...86_399) * 1000])
        var day = date()
        if day.year == 1 || day.year == 9999 { day = baseDate }
        return DateTimeLiteral(date: day, millisecondOfDay: millisecond, utcOffsetSeconds: offset)
    }

    mutating func duration() -> RelativeDuration {
        RelativeDuration(pick([0, 1, 2, 6, 7, 12, 30, 90, 365, int(0...1000)]), pick(DurationUnit.allCases))
    }

    // MARK: - Randomness

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }
    mutating func bool() -> Bool { Bool.random(using: &random) }
    mutating func pick<T>(_ values: [T]) -> T { values[int(0...(values.count - 1))] }
}
