import CustomerData

// Quick segments: one attribute or measure, one test, the size and the distribution.
extension SegmentEvaluator {
    /// The size of the segment `condition` makes on its own, and its field's distribution.
    ///
    /// `condition.field` names a customer attribute or, failing that, a measure
    /// of `audience.json`; the test is validated like a segment condition.
    ///
    /// - Throws: `EvaluationError.unknownField` (with a suggestion) or `.invalidDefinition`.
    public func quick(_ condition: FieldCondition) throws -> QuickSegmentEstimate {
        var estimate = try quick(field: condition.field)
        let single: Condition = estimate.isMeasure
            ? .measure(MeasureCondition(measure: condition.field, test: condition.test, ignoreCase: condition.ignoreCase))
            : .attribute(condition)
        let definition = SegmentDefinition(.and, [single])
        let result = try evaluate(definition, named: "quick")
        estimate.condition = definition.text
        estimate.count = result.count
        estimate.percent = customerCount == 0 ? 0 : Double(result.count) * 100 / Double(customerCount)
        return estimate
    }

    /// The distribution of an attribute or a measure, without a test.
    public func quick(field: String) throws -> QuickSegmentEstimate {
        let column: ValueColumn
        let isMeasure: Bool
        if let attribute = attributeColumn(field) {
            column = attribute
            isMeasure = false
        } else if catalog.measures[field] != nil {
            let aggregate = try self.aggregate(ofMeasure: field)
            let definition = SegmentDefinition(.and, [.measure(MeasureCondition(measure: field, test: .isEmpty))])
            do {
                try catalog.validate(definition)
            } catch {
                throw EvaluationError.invalidDefinition(segment: "quick", error)
            }
            column = try ActivityScan(snapshot: snapshot, time: time, threads: threads, pool: pool).compute([aggregate])[aggregate]!
            isMeasure = true
        } else {
            throw EvaluationError.unknownField(
                field, suggestion: NameSuggestion.closest(
                    to: field, in: Array(catalog.attributes.keys) + Array(catalog.measures.keys)))
        }
        var empty = 0
        for row in 0..<column.count where column.isEmpty(row) { empty += 1 }
        var estimate = QuickSegmentEstimate(
            field: field, isMeasure: isMeasure, type: column.type, condition: nil, count: nil, percent: nil,
            customers: customerCount, emptyCount: empty, topValues: [], percentiles: [])
        switch column.storage {
        case .number(let values):
            estimate.percentiles = percentiles(values.filter { !$0.isNaN }) { ValueColumn.format($0) }
        case .date(let values):
            estimate.percentiles = percentiles(values.filter { $0 != MissingValue.date }.map(Double.init)) {
                CalendarDate(daysSinceEpoch: Int($0.rounded(.down))).isoString
            }
        case .datetime(let values):
            let instants = values.filter { $0 != MissingValue.datetime }
            estimate.percentiles = percentiles(instants.map(Double.init)) {
                SegmentEvaluator.isoUTC(Int64($0.rounded(.down)))
            }
        case .category(let codes, let dictionary):
            var counts = [Int](repeating: 0, count: dictionary.count)
            for code in codes where code != MissingValue.category { counts[Int(code)] += 1 }
            // The dictionary is sorted by bytes, so a stable sort by count keeps ties in byte order.
            estimate.topValues = counts.indices.filter { counts[$0] > 0 }
                .sorted { counts[$0] != counts[$1] ? counts[$0] > counts[$1] : $0 < $1 }
                .prefix(10)
                .map { QuickSegmentEstimate.ValueCount(value: dictionary.string(at: $0), count: counts[$0]) }
        case .text, .boolean:
            var counts: [String: Int] = [:]
            for row in 0..<column.count { if let text = column.text(at: row) { counts[text, default: 0] += 1 } }
            estimate.topValues = counts.sorted {
                $0.value != $1.value ? $0.value > $1.value : Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8))
            }
            .prefix(10)
            .map { QuickSegmentEstimate.ValueCount(value: $0.key, count: $0.value) }
        }
        return estimate
    }

    private func percentiles(_ values: [Double], text: (Double) -> String) -> [QuickSegmentEstimate.Percentile] {
        guard !values.isEmpty else { return [] }
        let sorted = values.sorted()
        return QuickSegmentEstimate.percentileRanks.map { rank in
            let value = QuickSegmentEstimate.percentile(Double(rank), ofSorted: sorted)
            return QuickSegmentEstimate.Percentile(percentile: rank, value: value, text: text(value))
        }
    }

    /// An instant as ISO 8601 in UTC, with milliseconds only when they are not zero.
    static func isoUTC(_ milliseconds: Int64) -> String {
        let day = TimeContext.floorDivide(milliseconds, 86_400_000)
        return DateTimeLiteral(
            date: CalendarDate(daysSinceEpoch: Int(day)), millisecondOfDay: Int(milliseconds - day * 86_400_000),
            utcOffsetSeconds: 0).isoString
    }
}
