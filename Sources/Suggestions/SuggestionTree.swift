import Segments

/// A CART regression tree over binned features: every split is the one with
/// the largest reduction of the squared error of the target (for a 0/1 target
/// this is the Gini reduction), found from per-bin histograms.
///
/// Numeric features split at a bin edge (`x <= edge` left); categories and
/// booleans split into two subsets found by ordering their values by the
/// target's mean (Breiman's ordering, optimal for squared error); missing
/// values go to whichever side is better. Every node, not only the leaves, is a
/// candidate segment. Rows whose target is missing are routed like the others
/// (they are members of the nodes) but add nothing to the statistics.
public struct SuggestionTree: Sendable {
    /// One node: its place in the tree, its statistics and the constraints on its path.
    public struct Node: Sendable {
        public var parent: Int?
        public var depth: Int
        /// Children (left, right) when the node is split.
        public var children: (left: Int, right: Int)?
        /// The (weighted) target values of the node.
        public var summary: SampleSummary
        /// Rows of the node (in scope), whether or not their target is missing.
        public var memberCount: Int
        /// The feature the node is split on.
        public var splitFeature: Int?
        var constraints: [PathConstraint]
    }

    /// How a split is scored.
    public enum Criterion: String, Codable, Sendable, Hashable {
        /// CART's reduction of the squared error, `Σ_L²/w_L + Σ_R²/w_R − Σ²/w`.
        case squaredError = "squared_error"
        /// The better child's subgroup quality `√w · |mean − overall mean|` (splits must still reduce the squared error).
        case subgroupQuality = "subgroup_quality"
    }

    /// Fitting limits.
    public struct Limits: Sendable, Hashable {
        public var maximumDepth: Int
        /// The smallest (weighted) number of target values in a child.
        public var minimumLeafSize: Double
        public var criterion: Criterion

        public init(maximumDepth: Int, minimumLeafSize: Double, criterion: Criterion = .squaredError) {
            self.maximumDepth = maximumDepth
            self.minimumLeafSize = minimumLeafSize
            self.criterion = criterion
        }
    }

    public let nodes: [Node]
    /// The leaf of every row (node index), −1 for rows outside the scope.
    public let leafOfRow: [Int32]

    /// Fits a tree.
    ///
    /// - Parameters:
    ///   - target: one value per customer row, NaN when missing.
    ///   - features: binned features with one code per row.
    ///   - inScope: the rows to use; nil means all.
    ///   - weights: bootstrap multiplicities per row (nil means 1 each).
    /// - Complexity: O(rows × features) per level, spread over the cores by feature.
    public static func fit(
        target: [Double], features: [BinnedFeature], inScope: [Bool]? = nil, weights: [UInt8]? = nil, limits: Limits
    ) -> SuggestionTree {
        let n = target.count
        for f in features { precondition(f.codes.count == n, "SuggestionTree.fit: feature \(f.name) has \(f.codes.count) rows, target \(n)") }
        precondition(inScope == nil || inScope!.count == n, "SuggestionTree.fit: scope has \(inScope!.count) rows, target \(n)")
        precondition(weights == nil || weights!.count == n, "SuggestionTree.fit: weights have \(weights!.count) rows, target \(n)")

        var nodeOf = [Int32](repeating: -1, count: n)
        var rootSummary = SampleSummary()
        // The rows that carry statistics (in scope, target present, weight above 0), with their target and weight.
        var statRows: [Int32] = []
        var statValues: [Double] = []
        var statWeights: [Double] = []
        statRows.reserveCapacity(n)
        statValues.reserveCapacity(n)
        statWeights.reserveCapacity(n)
        for i in 0..<n where inScope?[i] ?? true {
            nodeOf[i] = 0
            let y = target[i]
            let w = Double(weights?[i] ?? 1)
            if !y.isNaN && w > 0 {
                rootSummary.add(y, weight: w)
                statRows.append(Int32(i))
                statValues.append(y)
                statWeights.append(w)
            }
        }
        var nodes = [Node(parent: nil, depth: 0, children: nil, summary: rootSummary, memberCount: 0,
                          splitFeature: nil, constraints: [])]
        var frontier = [0]
        for _ in 0..<limits.maximumDepth {
            let splittable = frontier.filter {
                let s = nodes[$0].summary
                return s.count >= 2 * limits.minimumLeafSize && s.variance > 0
            }
            if splittable.isEmpty { break }
            var slotOf = [Int32](repeating: -1, count: nodes.count)
            for (slot, node) in splittable.enumerated() { slotOf[node] = Int32(slot) }
            // Keep the statistic rows of the nodes being split; the rest stay in finished leaves.
            var kept = 0
            var slots = [Int32](repeating: 0, count: statRows.count)
            for k in 0..<statRows.count {
                let slot = slotOf[Int(nodeOf[Int(statRows[k])])]
                guard slot >= 0 else { continue }
                statRows[kept] = statRows[k]
                statValues[kept] = statValues[k]
                statWeights[kept] = statWeights[k]
                slots[kept] = slot
                kept += 1
            }
            statRows.removeLast(statRows.count - kept)
            statValues.removeLast(statValues.count - kept)
            statWeights.removeLast(statWeights.count - kept)
            slots.removeLast(slots.count - kept)
            let histograms = Histograms.build(
                features: features, slotCount: splittable.count, rows: statRows, slots: slots, values: statValues,
                weights: statWeights)
            var splits: [Split?] = []
            for (slot, nodeIndex) in splittable.enumerated() {
                var best: Split?
                for f in 0..<features.count {
                    if let s = histograms.bestSplit(slot: slot, feature: f, features: features, node: nodes[nodeIndex],
                                                    minimumLeafSize: limits.minimumLeafSize,
                                                    criterion: limits.criterion, rootMean: rootSummary.mean),
                       s.gain > (best?.gain ?? 0) {
                        best = s
                    }
                }
                splits.append(best)
            }
            var next: [Int] = []
            var childOfSlot = [(left: Int32, right: Int32)](repeating: (-1, -1), count: splittable.count)
            var leftMasks = [[Bool]](repeating: [], count: splittable.count)
            var splitFeatureOfSlot = [Int](repeating: -1, count: splittable.count)
            for (slot, nodeIndex) in splittable.enumerated() {
                guard let split = splits[slot] else { continue }
                let parent = nodes[nodeIndex]
                let binned = features[split.feature]
                var sides: [Int] = []
                for isLeft in [true, false] {
                    var constraints = parent.constraints
                    var position = constraints.firstIndex { $0.feature == split.feature }
                    if position == nil {
                        constraints.append(PathConstraint(feature: split.feature))
                        position = constraints.count - 1
                    }
                    split.narrow(&constraints[position!], isLeft: isLeft, binned: binned)
                    nodes.append(Node(
                        parent: nodeIndex, depth: parent.depth + 1, children: nil,
                        summary: isLeft ? split.left : parent.summary.subtracting(split.left), memberCount: 0,
                        splitFeature: nil, constraints: constraints))
                    sides.append(nodes.count - 1)
                }
                nodes[nodeIndex].children = (sides[0], sides[1])
                nodes[nodeIndex].splitFeature = split.feature
                childOfSlot[slot] = (Int32(sides[0]), Int32(sides[1]))
                leftMasks[slot] = split.leftBins
                splitFeatureOfSlot[slot] = split.feature
                next += sides
            }
            for row in 0..<n {
                let node = nodeOf[row]
                guard node >= 0 else { continue }
                let slot = Int(slotOf[Int(node)])
                guard slot >= 0 else { continue }
                let f = splitFeatureOfSlot[slot]
                guard f >= 0 else { continue }
                let code = Int(features[f].codes[row])
                nodeOf[row] = leftMasks[slot][code] ? childOfSlot[slot].left : childOfSlot[slot].right
            }
            frontier = next
        }
        // Members per node: rows per leaf, added up to every ancestor (children come after parents).
        var members = [Int](repeating: 0, count: nodes.count)
        for node in nodeOf where node >= 0 { members[Int(node)] += 1 }
        for i in stride(from: nodes.count - 1, through: 1, by: -1) {
            if let parent = nodes[i].parent { members[parent] += members[i] }
        }
        for i in nodes.indices { nodes[i].memberCount = members[i] }
        return SuggestionTree(nodes: nodes, leafOfRow: nodeOf)
    }

    /// The conditions that select node `index`'s rows (within the scope).
    public func conditions(ofNode index: Int, features: [BinnedFeature]) -> [Condition] {
        nodes[index].constraints.flatMap { $0.conditions(for: features[$0.feature]) }
    }

    /// Whether node `ancestor` is `node` or one of its ancestors.
    public func isAncestor(_ ancestor: Int, of node: Int) -> Bool {
        var current: Int? = node
        while let c = current {
            if c == ancestor { return true }
            current = nodes[c].parent
        }
        return false
    }

    /// The leaves under node `index` (itself when it is a leaf).
    public func leaves(under index: Int) -> [Int] {
        guard let (left, right) = nodes[index].children else { return [index] }
        return leaves(under: left) + leaves(under: right)
    }
}

// MARK: - Splits

extension SuggestionTree {
    /// A candidate split of one node.
    struct Split {
        var feature: Int
        /// Whether each bin (the missing bin last) goes left.
        var leftBins: [Bool]
        /// For numeric splits, the left side's `x <= threshold` and the smallest value on the right.
        var threshold: (threshold: Double, next: Double)?
        var left: SampleSummary
        var gain: Double

        /// Narrows a path constraint to the left or right side of the split.
        func narrow(_ constraint: inout PathConstraint, isLeft: Bool, binned: BinnedFeature) {
            let missingLeft = leftBins[binned.missingBin]
            constraint.isMissingAllowed = constraint.isMissingAllowed && (isLeft == missingLeft)
            if let threshold {
                if isLeft {
                    constraint.upper = min(constraint.upper ?? .infinity, threshold.threshold)
                } else if threshold.threshold > (constraint.lower ?? -.infinity) {
                    constraint.lower = threshold.threshold
                    constraint.lowestAbove = threshold.next
                }
            } else {
                let side = Set((0..<binned.binCount).filter { leftBins[$0] == isLeft })
                constraint.allowedBins = (constraint.allowedBins ?? Set(0..<binned.binCount)).intersection(side)
            }
        }
    }
}
