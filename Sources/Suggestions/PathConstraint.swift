import Segments

/// What the splits on the path to a tree node say about one feature: bounds
/// for numeric features, the allowed bins for categories and booleans, and
/// whether missing values are still allowed. Turned into conditions once per node,
/// so `age > 29` then `age <= 40` reads `age between 30 and 40`.
struct PathConstraint: Hashable, Sendable {
    var feature: Int
    /// Exclusive lower bound (`x > lower`).
    var lower: Double?
    /// The smallest value in the data above `lower`: whole-number features read `x >= lowestAbove`.
    var lowestAbove: Double?
    /// Inclusive upper bound (`x <= upper`).
    var upper: Double?
    /// The allowed non-missing bins of a category or boolean; nil means all.
    var allowedBins: Set<Int>?
    var isMissingAllowed = true

    init(feature: Int) { self.feature = feature }

    /// The conditions that select exactly the rows meeting the constraint.
    func conditions(for binned: BinnedFeature) -> [Condition] {
        let expression = binned.expression
        var tests: [Condition] = []
        switch binned.kind {
        case .numeric(_, let isIntegral):
            tests = PathConstraint.bounds(expression, lower: lower, upper: upper, isIntegral: isIntegral || expression.isDate,
                                          lowestAbove: lowestAbove)
        case .categorical(let labels):
            let all = Set(0..<labels.count)
            let allowed = allowedBins ?? all
            if allowed.count < all.count {
                let inside = allowed.sorted().map { Literal.text(labels[$0]) }
                let outside = all.subtracting(allowed).sorted().map { Literal.text(labels[$0]) }
                if inside.isEmpty {
                    tests = []
                } else if inside.count <= outside.count {
                    tests = [expression.condition(inside.count == 1 ? .equals(inside[0]) : .isIn(inside))]
                } else {
                    tests = [expression.condition(outside.count == 1 ? .notEquals(outside[0]) : .notIn(outside))]
                }
                if inside.isEmpty {
                    return [expression.condition(.isEmpty)]
                }
            }
        case .boolean:
            let allowed = allowedBins ?? [0, 1]
            if allowed == [1] { tests = [expression.condition(.isTrue)] }
            if allowed == [0] { tests = [expression.condition(.isFalse)] }
            if allowed.isEmpty { return [expression.condition(.isEmpty)] }
        }
        if tests.isEmpty {
            return isMissingAllowed || !binned.hasMissing ? [] : [expression.condition(.isNotEmpty)]
        }
        guard isMissingAllowed && binned.hasMissing else { return tests }
        let inner: Condition = tests.count == 1 ? tests[0] : .subrule(ConditionGroup(join: .and, conditions: tests))
        return [.subrule(ConditionGroup(join: .or, conditions: [inner, expression.condition(.isEmpty)]))]
    }

    /// Whether the feature is a count (never negative, never empty).
    private static func isCount(_ expression: FeatureExpression) -> Bool {
        if case .aggregate(let a) = expression { return a.function == .count }
        return false
    }

    /// Conditions for `lower < x <= upper` (either bound optional); whole-number
    /// features read `x >= lower + 1` and `x between lower + 1 and upper`, dates `after`, `before`, `between`, `on`.
    static func bounds(_ expression: FeatureExpression, lower: Double?, upper: Double?, isIntegral: Bool,
                       lowestAbove: Double? = nil) -> [Condition] {
        func literal(_ v: Double) -> Literal {
            expression.isDate ? .date(CalendarDate(daysSinceEpoch: Int(v))) : .number(v)
        }
        // The inclusive lower bound of whole numbers: the next value that occurs, else lower + 1.
        let from = lower.map { low in
            if let next = lowestAbove, next.isFinite, next > low, !expression.isDate, (upper ?? .infinity) >= next { return next }
            return low + 1
        }
        switch (lower, upper) {
        case (nil, nil):
            return []
        case (let low?, nil):
            if expression.isDate { return [expression.condition(.after(literal(low)))] }
            return [expression.condition(isIntegral ? .greaterThanOrEqual(literal(from!)) : .greaterThan(literal(low)))]
        case (nil, let high?):
            if expression.isDate { return [expression.condition(.before(literal(high + 1)))] }
            if isIntegral && high == 0 && isCount(expression) { return [expression.condition(.equals(.number(0)))] }
            return [expression.condition(.lessThanOrEqual(literal(high)))]
        case (let low?, let high?):
            if isIntegral {
                if from! == high {
                    return [expression.condition(expression.isDate ? .on(literal(high)) : .equals(literal(high)))]
                }
                return [expression.condition(.between(literal(from!), literal(high)))]
            }
            return [expression.condition(.greaterThan(literal(low))), expression.condition(.lessThanOrEqual(literal(high)))]
        }
    }
}
