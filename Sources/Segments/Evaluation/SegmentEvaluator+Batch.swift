import CustomerData
import Dispatch
import Synchronization

// Batches: validate everything, one scan for all aggregates, then the
// definitions in dependency order.
extension SegmentEvaluator {
    /// Evaluates a batch of named definitions.
    ///
    /// Segment references resolve to definitions of the batch (evaluated first,
    /// in dependency order) or, for names not in the batch, to
    /// `segmentMembers(name)` — the stored members of an already refreshed segment.
    ///
    /// - Returns: every definition's result by name.
    /// - Throws: `EvaluationError` — a definition that does not validate (with
    ///   paths), an unknown segment, a repeated name, a measure that cannot be read.
    ///   Nothing is evaluated then.
    public func evaluate(
        _ definitions: [(name: String, definition: SegmentDefinition)],
        segmentMembers: (String) -> Bitset? = { _ in nil }
    ) throws -> [String: EvaluationResult] {
        var byName: [String: SegmentDefinition] = [:]
        for (name, definition) in definitions {
            if byName.updateValue(definition, forKey: name) != nil { throw EvaluationError.duplicateSegment(name) }
        }
        var external: [String: Bitset] = [:]
        for (name, definition) in definitions {
            for reference in definition.referencedSegments where byName[reference] == nil && external[reference] == nil {
                guard let members = segmentMembers(reference) else {
                    throw EvaluationError.unknownSegment(reference, referencedBy: name)
                }
                guard members.capacity == customerCount else {
                    throw EvaluationError.membersDoNotFit(
                        segment: reference, capacity: members.capacity, customers: customerCount)
                }
                external[reference] = members
            }
        }
        var catalog = self.catalog
        catalog.segments = byName.mapValues { Set($0.referencedSegments) }
        for name in external.keys { catalog.segments[name] = [] }
        for (name, definition) in definitions {
            do {
                try catalog.validate(definition, named: name)
            } catch {
                throw EvaluationError.invalidDefinition(segment: name, error)
            }
        }

        // One scan for every measure and inline aggregate of the batch. Number tests of
        // aggregates are evaluated by the scan itself; only other uses get a column.
        var aggregates: [ActivityAggregate] = []
        var tests: [ActivityTest] = []
        var tested: [(Condition, ActivityTest)] = []
        var measureAggregates: [String: ActivityAggregate] = [:]
        func plan(_ group: ConditionGroup) throws {
            for condition in group.conditions {
                let aggregate: ActivityAggregate
                let test: ValueTest
                switch condition {
                case .attribute, .segment: continue
                case .subrule(let inner):
                    try plan(inner)
                    continue
                case .measure(let measure):
                    if measureAggregates[measure.measure] == nil {
                        measureAggregates[measure.measure] = try self.aggregate(ofMeasure: measure.measure)
                    }
                    aggregate = measureAggregates[measure.measure]!
                    test = measure.test
                case .activity(let activity):
                    aggregate = activity.aggregate
                    test = activity.test
                }
                if let inline = inlineTest(aggregate, test) {
                    tests.append(inline)
                    tested.append((condition, inline))
                } else {
                    aggregates.append(aggregate)
                }
            }
        }
        for (_, definition) in definitions {
            for rule in definition.rules { try plan(rule.group) }
        }
        let scan = ActivityScan(snapshot: snapshot, time: time, threads: threads, pool: pool)
        let computed = try scan.compute(aggregates, tests: tests)

        // Definitions whose references are all evaluated run side by side, a level at a time.
        var evaluation = DefinitionEvaluation(
            evaluator: self, aggregates: computed.columns, measureAggregates: measureAggregates, members: external)
        for (condition, test) in tested { evaluation.cache.remember(condition, computed.tests[test]!) }
        var results: [String: EvaluationResult] = [:]
        var pending = definitions.map(\.name)
        while !pending.isEmpty {
            let ready = pending.filter { name in
                byName[name]!.referencedSegments.allSatisfy { evaluation.members[$0] != nil }
            }
            precondition(!ready.isEmpty, "SegmentEvaluator.evaluate: a cycle passed validation")
            for result in evaluateSideBySide(ready.map { ($0, byName[$0]!) }, evaluation) {
                evaluation.members[result.name] = result.members
                results[result.name] = result
            }
            let done = Set(ready)
            pending.removeAll { done.contains($0) }
        }
        return results
    }

    /// The test the scan can evaluate for `test` on `aggregate`, if any: a number
    /// test on a count, sum, average, days since, or minimum or maximum of a number field.
    private func inlineTest(_ aggregate: ActivityAggregate, _ test: ValueTest) -> ActivityTest? {
        guard ActivityTest.coversFunction(of: aggregate), let numberTest = NumberTest(test) else { return nil }
        if aggregate.function == .min || aggregate.function == .max {
            guard let field = aggregate.field, snapshot.activities.column(named: field)?.type == .number else { return nil }
        }
        return ActivityTest(aggregate: aggregate, test: numberTest)
    }

    /// Evaluates independent definitions on the evaluator's threads.
    private func evaluateSideBySide(
        _ definitions: [(String, SegmentDefinition)], _ evaluation: DefinitionEvaluation
    ) -> [EvaluationResult] {
        let slots = ResultSlots(count: definitions.count)
        let next = Atomic<Int>(0)
        let workers = min(threads, definitions.count)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if index >= definitions.count { break }
                let (name, definition) = definitions[index]
                slots.store(evaluation.evaluate(definition, named: name), at: index)
            }
        }
        return slots.results
    }

    /// Evaluates one definition (see `evaluate(_:segmentMembers:)`).
    public func evaluate(
        _ definition: SegmentDefinition, named name: String = "definition",
        segmentMembers: (String) -> Bitset? = { _ in nil }
    ) throws -> EvaluationResult {
        try evaluate([(name, definition)], segmentMembers: segmentMembers)[name]!
    }
}
