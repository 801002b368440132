import CustomerData

// Validation: every name known, every operator fitting its type, every value
// well-formed, no empty rules and no cycles between segments. All problems are
// collected, each with its path (and text location when known).
extension SegmentCatalog {
    /// Every problem of `definition`, in written order; empty when it is valid.
    ///
    /// - Parameters:
    ///   - name: the segment's own name, to find cycles through it (`A → B → A`).
    ///   - locations: text locations by path, from `SegmentParser.parse`.
    public func diagnostics(
        for definition: SegmentDefinition, named name: String? = nil,
        locations: [ConditionPath: SourceLocation] = [:]
    ) -> [SegmentDiagnostic] {
        var validator = Validator(catalog: self, locations: locations)
        validator.validate(definition, named: name)
        return validator.diagnostics.sorted { ($0.path, $0.message) < ($1.path, $1.message) }
    }

    /// Throws when `definition` has any problem.
    public func validate(
        _ definition: SegmentDefinition, named name: String? = nil,
        locations: [ConditionPath: SourceLocation] = [:]
    ) throws(SegmentValidationError) {
        let found = diagnostics(for: definition, named: name, locations: locations)
        if !found.isEmpty { throw SegmentValidationError(diagnostics: found) }
    }

    /// Parses and validates definition text; bare measure names read as measures.
    ///
    /// - Throws: `SegmentSyntaxError` or `SegmentValidationError` (with locations).
    public func definition(text: String, named name: String? = nil) throws -> SegmentDefinition {
        let parsed = try SegmentParser.parse(text, catalog: self)
        try validate(parsed.definition, named: name, locations: parsed.locations)
        return parsed.definition
    }

    /// The operators that apply to a column type, in documentation order.
    public static func operators(for type: ColumnType) -> [TestOperator] {
        switch type {
        case .number:
            return [.equals, .notEquals, .lessThan, .lessThanOrEqual, .greaterThan, .greaterThanOrEqual,
                    .between, .isIn, .notIn, .isEmpty, .isNotEmpty]
        case .text, .category:
            return [.equals, .notEquals, .isIn, .notIn, .contains, .startsWith, .endsWith, .isEmpty, .isNotEmpty]
        case .boolean:
            return [.isTrue, .isFalse, .isEmpty, .isNotEmpty]
        case .date, .datetime:
            return [.before, .after, .on, .between, .withinLast, .notWithinLast, .withinNext, .monthIn,
                    .dayOfWeekIn, .yearToDate, .anniversaryWithinNext, .isEmpty, .isNotEmpty]
        }
    }

    /// The largest amount a relative duration may have.
    public static let maximumDurationAmount = 100_000
}

// MARK: - Validator

private struct Validator {
    let catalog: SegmentCatalog
    let locations: [ConditionPath: SourceLocation]
    var diagnostics: [SegmentDiagnostic] = []

    init(catalog: SegmentCatalog, locations: [ConditionPath: SourceLocation]) {
        self.catalog = catalog
        self.locations = locations
    }

    /// The location of `path` or of its nearest located ancestor.
    func location(of path: ConditionPath) -> SourceLocation? {
        var steps = path.steps
        while !steps.isEmpty {
            if let location = locations[ConditionPath(steps)] { return location }
            steps.removeLast()
        }
        return nil
    }

    mutating func report(
        _ kind: SegmentDiagnostic.Kind, _ path: ConditionPath, _ message: String, suggestion: String? = nil
    ) {
        diagnostics.append(SegmentDiagnostic(
            kind: kind, path: path, location: location(of: path), message: message, suggestion: suggestion))
    }

    mutating func validate(_ definition: SegmentDefinition, named name: String?) {
        if definition.rules.isEmpty {
            report(.emptyDefinition, ConditionPath(), "a definition needs at least one rule")
        }
        for (index, rule) in definition.rules.enumerated() {
            let path = ConditionPath([.rule(index)])
            if index == 0, let combine = rule.combine {
                report(.misplacedCombine, path,
                       "the first rule has nothing to \(combine.rawValue) with; leave out \"combine\"")
            }
            if index > 0, rule.combine == nil {
                report(.misplacedCombine, path,
                       "a rule after the first needs \"combine\": union, intersect or except")
            }
            if rule.conditions.isEmpty {
                report(.emptyRule, path, "the rule has no conditions")
            }
            validate(rule.conditions, at: path)
        }
        checkCycles(definition, named: name)
    }

    mutating func validate(_ conditions: [Condition], at parent: ConditionPath) {
        for (index, condition) in conditions.enumerated() {
            validate(condition, at: parent.appending(.condition(index)))
        }
    }

    mutating func validate(_ condition: Condition, at path: ConditionPath) {
        switch condition {
        case .attribute(let field):
            guard let type = catalog.attributes[field.field] else {
                if catalog.measures[field.field] != nil {
                    report(.unknownAttribute, path,
                           "\"\(field.field)\" is a measure, not an attribute; write measure \(field.field)")
                } else {
                    report(.unknownAttribute, path, "unknown attribute \"\(field.field)\"",
                           suggestion: NameSuggestion.closest(
                            to: field.field, in: Array(catalog.attributes.keys) + Array(catalog.measures.keys)))
                }
                return
            }
            check(field.test, ignoreCase: field.ignoreCase, type: type, subject: "attribute \"\(field.field)\"", at: path)
        case .measure(let measure):
            guard let definition = catalog.measures[measure.measure] else {
                report(.unknownMeasure, path, "unknown measure \"\(measure.measure)\"",
                       suggestion: NameSuggestion.closest(to: measure.measure, in: catalog.measures.keys))
                return
            }
            do {
                _ = try ActivityAggregate(measure: definition)
            } catch {
                report(.badAggregate, path, "measure \"\(measure.measure)\" cannot be read: \(error)")
            }
            if let type = catalog.resultType(ofMeasure: measure.measure) {
                check(measure.test, ignoreCase: measure.ignoreCase, type: type,
                      subject: "measure \"\(measure.measure)\"", at: path)
            }
        case .activity(let activity):
            validate(activity.aggregate, at: path)
            if let type = catalog.resultType(of: activity.aggregate) {
                check(activity.test, ignoreCase: activity.ignoreCase, type: type,
                      subject: "\(activity.aggregate.function.rawValue)(…)", at: path)
            }
        case .segment(let segment):
            if catalog.segments[segment.segment] == nil {
                report(.unknownSegment, path, "unknown segment \"\(segment.segment)\"",
                       suggestion: NameSuggestion.closest(to: segment.segment, in: catalog.segments.keys))
            }
        case .subrule(let group):
            if group.conditions.isEmpty {
                report(.emptySubrule, path, "the subrule has no conditions")
            }
            validate(group.conditions, at: path.appending(.subrule))
        }
    }

    // MARK: Activity aggregates

    mutating func validate(_ aggregate: ActivityAggregate, at path: ConditionPath) {
        let function = aggregate.function.rawValue
        if ActivityAggregate.takesField(aggregate.function) {
            if let field = aggregate.field {
                if let type = catalog.activityFields[field] {
                    let needsNumber = aggregate.function == .sum || aggregate.function == .avg
                    let needsOrder = aggregate.function == .min || aggregate.function == .max
                    if needsNumber, type != .number {
                        report(.badAggregate, path,
                               "\(function) needs a number field; \"\(field)\" is \(type.rawValue)")
                    } else if needsOrder, ![.number, .date, .datetime].contains(type) {
                        report(.badAggregate, path,
                               "\(function) needs a number, date or datetime field; \"\(field)\" is \(type.rawValue)")
                    }
                } else {
                    report(.unknownActivityField, path, "unknown activity field \"\(field)\"",
                           suggestion: NameSuggestion.closest(to: field, in: catalog.activityFields.keys))
                }
            } else {
                report(.badAggregate, path, "\(function) needs a field, as in \(function)(amount of purchase)")
            }
        } else if let field = aggregate.field {
            report(.badAggregate, path, "\(function) takes no field; leave out \"\(field) of\"")
        }
        for type in aggregate.activityTypes where !catalog.activityTypes.contains(type) {
            report(.unknownActivityType, path, "unknown activity type \"\(type)\"",
                   suggestion: NameSuggestion.closest(to: type, in: catalog.activityTypes))
        }
        for (index, condition) in aggregate.conditions.enumerated() {
            let conditionPath = path.appending(.whereCondition(index))
            guard let type = catalog.activityFields[condition.field] else {
                report(.unknownActivityField, conditionPath, "unknown activity field \"\(condition.field)\"",
                       suggestion: NameSuggestion.closest(to: condition.field, in: catalog.activityFields.keys))
                continue
            }
            check(condition.test, ignoreCase: condition.ignoreCase, type: type,
                  subject: "activity field \"\(condition.field)\"", at: conditionPath)
        }
        switch aggregate.window {
        case .allTime, .yearToDate:
            break
        case .last(let duration):
            checkDuration(duration, at: path)
        case .between(let from, let to):
            if from > to {
                report(.badValue, path, "the window starts (\(from)) after it ends (\(to))")
            }
        }
    }

    // MARK: Tests

    /// Checks that the operator fits `type` and that its operands are good values.
    mutating func check(_ test: ValueTest, ignoreCase: Bool, type: ColumnType, subject: String, at path: ConditionPath) {
        let op = test.testOperator
        guard SegmentCatalog.operators(for: type).contains(op) else {
            report(.operatorMismatch, path,
                   "\(op.textForm) does not apply to \(subject) of type \(type.rawValue); "
                    + replacementHint(for: op, type: type))
            return
        }
        if ignoreCase, !(op.acceptsIgnoreCase && (type == .text || type == .category)) {
            report(.operatorMismatch, path,
                   "ignoring case applies only to =, !=, in, not in, contains, starts with and ends with on text")
        }
        for value in test.literals {
            checkLiteral(value, type: type, subject: subject, op: op, at: path)
        }
        switch test {
        case .between(let low, let high):
            if let ordered = Validator.isOrdered(low, high), !ordered {
                report(.badValue, path, "between \(low.text) and \(high.text): the low bound is above the high bound")
            }
        case .isIn(let values), .notIn(let values):
            if values.isEmpty { report(.badValue, path, "\(op.textForm) needs at least one value") }
        case .withinLast(let duration), .notWithinLast(let duration), .withinNext(let duration):
            checkDuration(duration, at: path)
        case .monthIn(let months):
            if months.isEmpty { report(.badValue, path, "month in needs at least one month") }
        case .dayOfWeekIn(let weekdays):
            if weekdays.isEmpty { report(.badValue, path, "day of week in needs at least one day") }
        case .anniversaryWithinNext(let days):
            if !(0...366).contains(days) {
                report(.badValue, path, "anniversary within next \(days) days: the number of days must be 0 to 366")
            }
        default:
            break
        }
    }

    mutating func checkDuration(_ duration: RelativeDuration, at path: ConditionPath) {
        if duration.amount < 0 {
            report(.badValue, path, "\(duration.text): the number of \(duration.unit.rawValue) cannot be negative")
        } else if duration.amount > SegmentCatalog.maximumDurationAmount {
            report(.badValue, path,
                   "\(duration.text): at most \(SegmentCatalog.maximumDurationAmount) \(duration.unit.rawValue)")
        }
    }

    mutating func checkLiteral(_ value: Literal, type: ColumnType, subject: String, op: TestOperator, at path: ConditionPath) {
        switch (type, value) {
        case (.number, .number(let number)):
            if !number.isFinite { report(.badValue, path, "\(number) is not a finite number") }
        case (.number, _):
            report(.badValue, path, "\(value.text) is not a number (\(subject) is a number)")
        case (.text, .text(let text)), (.category, .text(let text)):
            if text.isEmpty {
                report(.badValue, path, "the empty text is not a value; use is empty or is not empty")
            }
        case (.text, _), (.category, _):
            report(.badValue, path,
                   "\(value.text) is not a text (\(subject) is \(type.rawValue)); write it in double quotes")
        case (.date, .date):
            break
        case (.date, _):
            report(.badValue, path, "\(value.text) is not a date (\(subject) is a date); write a date like 2024-03-01")
        case (.datetime, .date):
            break
        case (.datetime, .datetime):
            if op == .on {
                report(.badValue, path, "on takes a date, not a date and time; use between for a span of time")
            }
        case (.datetime, _):
            report(.badValue, path,
                   "\(value.text) is not a date or a date and time (\(subject) is a datetime)")
        case (.boolean, _):
            report(.badValue, path, "\(subject) is a boolean; use is true or is false")
        }
    }

    func replacementHint(for op: TestOperator, type: ColumnType) -> String {
        switch (type, op) {
        case (.date, .equals), (.datetime, .equals): return "use on"
        case (.date, .lessThan), (.datetime, .lessThan), (.date, .lessThanOrEqual), (.datetime, .lessThanOrEqual):
            return "use before (or between)"
        case (.date, .greaterThan), (.datetime, .greaterThan), (.date, .greaterThanOrEqual),
             (.datetime, .greaterThanOrEqual):
            return "use after (or between)"
        case (.boolean, .equals), (.boolean, .notEquals): return "use is true or is false"
        default:
            return "use one of: " + SegmentCatalog.operators(for: type).map(\.textForm).joined(separator: ", ")
        }
    }

    /// Whether `low <= high`, or `nil` when the two cannot be compared without a time zone.
    static func isOrdered(_ low: Literal, _ high: Literal) -> Bool? {
        switch (low, high) {
        case (.number(let a), .number(let b)): return a <= b
        case (.date(let a), .date(let b)): return a <= b
        case (.datetime(let a), .datetime(let b)):
            if let x = a.millisecondsSinceEpoch, let y = b.millisecondsSinceEpoch { return x <= y }
            if a.utcOffsetSeconds == nil, b.utcOffsetSeconds == nil {
                return (a.date, a.millisecondOfDay) <= (b.date, b.millisecondOfDay)
            }
            return nil
        case (.date(let a), .datetime(let b)):
            return b.utcOffsetSeconds == nil ? a <= b.date : nil
        case (.datetime(let a), .date(let b)):
            return a.utcOffsetSeconds == nil ? a.date <= b : nil
        default: return nil
        }
    }

    // MARK: Cycles

    /// Reports references that lead back to the segment itself, or into a cycle
    /// among other segments.
    mutating func checkCycles(_ definition: SegmentDefinition, named name: String?) {
        var graph = catalog.segments
        if let name { graph[name] = Set(definition.referencedSegments) }
        var reported = Set<String>()
        var firstUse: [(String, ConditionPath)] = []
        var seen = Set<String>()
        definition.forEachCondition { condition, path in
            if case .segment(let segment) = condition, seen.insert(segment.segment).inserted {
                firstUse.append((segment.segment, path))
            }
        }
        for (target, path) in firstUse {
            if let name, let route = Validator.route(from: target, to: name, in: graph) {
                let cycle = [name] + route
                if reported.insert(cycle.joined(separator: " → ")).inserted {
                    report(.segmentCycle, path, "segments refer to each other in a cycle: "
                           + cycle.joined(separator: " → "))
                }
            } else if let cycle = Validator.cycle(reachableFrom: target, in: graph) {
                let text = cycle.joined(separator: " → ")
                if reported.insert(text).inserted {
                    report(.segmentCycle, path, "segment \"\(target)\" depends on a cycle: " + text)
                }
            }
        }
    }

    /// The shortest chain of references from `start` to `goal`, both included.
    static func route(from start: String, to goal: String, in graph: [String: Set<String>]) -> [String]? {
        var previous: [String: String] = [:]
        var queue = [start]
        var visited: Set<String> = [start]
        var head = 0
        while head < queue.count {
            let node = queue[head]
            head += 1
            if node == goal {
                var chain = [node]
                while let before = previous[chain[0]] { chain.insert(before, at: 0) }
                return chain
            }
            for next in (graph[node] ?? []).sorted() where visited.insert(next).inserted {
                previous[next] = node
                queue.append(next)
            }
        }
        return nil
    }

    /// A cycle among the segments reachable from `start`, as `X → Y → X`.
    static func cycle(reachableFrom start: String, in graph: [String: Set<String>]) -> [String]? {
        var state: [String: Bool] = [:]  // false: on the current path, true: finished
        var stack: [String] = []
        func visit(_ node: String) -> [String]? {
            if let finished = state[node] {
                if finished { return nil }
                let from = stack.firstIndex(of: node)!
                return Array(stack[from...]) + [node]
            }
            state[node] = false
            stack.append(node)
            for next in (graph[node] ?? []).sorted() {
                if let found = visit(next) { return found }
            }
            stack.removeLast()
            state[node] = true
            return nil
        }
        return visit(start)
    }
}
