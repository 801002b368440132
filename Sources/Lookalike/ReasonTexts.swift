/// What each embedding column says about a customer, worked out once per model so that reasons for many
/// customers cost no string building.
struct ReasonTexts: Sendable {
    /// Per column: the text when the value is high (or the level or "missing" flag is set).
    let whenHigh: [String]
    /// Per column: the text otherwise.
    let whenLow: [String]
    /// Per column: whether "high" means at least the target's mean (numbers, components) rather than above 0 (flags).
    let comparesWithMean: [Bool]

    /// The texts for every column of the model's embedding.
    init(encoder: FeatureEncoder) {
        var high: [String] = [], low: [String] = [], usesMean: [Bool] = []
        if let projection = encoder.projection {
            for j in 1...projection.dimension {
                high.append("component \(j) is high")
                low.append("component \(j) is low")
                usesMean.append(true)
            }
        } else {
            for field in encoder.fields {
                for role in field.columnRoles {
                    switch role {
                    case .value:
                        high.append("\(field.name) is high")
                        low.append("\(field.name) is low")
                        usesMean.append(true)
                    case .level(let level):
                        high.append("\(field.name) = \(level)")
                        low.append("\(field.name) is not \(level)")
                        usesMean.append(false)
                    case .missing:
                        high.append("\(field.name) is missing")
                        low.append("\(field.name) is known")
                        usesMean.append(false)
                    }
                }
            }
        }
        whenHigh = high
        whenLow = low
        comparesWithMean = usesMean
    }

    /// What a column's value says: `age is high`, `checking_status = <0`, `income is missing`.
    @inline(__always)
    func text(column j: Int, value: Double, targetMean: Double) -> String {
        Self.isHigh(column: j, value: value, targetMean: targetMean, comparesWithMean: comparesWithMean)
            ? whenHigh[j] : whenLow[j]
    }

    /// Whether a column's value reads as high (or a flag as set).
    @inline(__always)
    static func isHigh(column j: Int, value: Double, targetMean: Double, comparesWithMean: [Bool]) -> Bool {
        comparesWithMean[j] ? value >= targetMean : value > 0
    }
}
