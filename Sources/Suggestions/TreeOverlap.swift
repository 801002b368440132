/// Intersections of nodes of several trees fitted on the same rows: one table
/// of rows per (leaf of tree A, leaf of tree B) for every pair of trees, so the
/// Jaccard similarity of any two nodes is a sum over a few cells.
struct TreeOverlap {
    /// A node of one of the trees.
    struct NodeID: Hashable {
        var tree: Int
        var node: Int
    }

    let trees: [SuggestionTree]
    /// Per tree, a dense index of its leaves (−1 for inner nodes) and their count.
    let leafIndex: [(index: [Int], count: Int)]
    /// `tables[a][b]` (a < b): rows per (leaf of a, leaf of b), row-major.
    private var tables: [[[Int]]]

    init(trees: [SuggestionTree]) {
        self.trees = trees
        leafIndex = trees.map(TreeOverlap.leafIndex)
        tables = [[[Int]]](repeating: [[Int]](repeating: [], count: trees.count), count: trees.count)
        for a in trees.indices {
            for b in trees.indices where b > a {
                tables[a][b] = TreeOverlap.table(trees[a], leafIndex[a], trees[b], leafIndex[b])
            }
        }
    }

    /// Rows of node `x` that are also in node `y`.
    func intersection(_ x: NodeID, _ y: NodeID) -> Int {
        if x.tree == y.tree {
            let tree = trees[x.tree]
            if tree.isAncestor(x.node, of: y.node) { return tree.nodes[y.node].memberCount }
            if tree.isAncestor(y.node, of: x.node) { return tree.nodes[x.node].memberCount }
            return 0
        }
        let (first, second) = x.tree < y.tree ? (x, y) : (y, x)
        let table = tables[first.tree][second.tree]
        let width = leafIndex[second.tree].count
        let leavesA = trees[first.tree].leaves(under: first.node).map { leafIndex[first.tree].index[$0] }
        let leavesB = trees[second.tree].leaves(under: second.node).map { leafIndex[second.tree].index[$0] }
        var sum = 0
        for a in leavesA { for b in leavesB { sum += table[a * width + b] } }
        return sum
    }

    /// The Jaccard similarity of two nodes as sets of rows.
    func jaccard(_ x: NodeID, _ y: NodeID) -> Double {
        let i = intersection(x, y)
        let union = trees[x.tree].nodes[x.node].memberCount + trees[y.tree].nodes[y.node].memberCount - i
        return union > 0 ? Double(i) / Double(union) : 0
    }

    /// A dense index of a tree's leaves: `index[node]` for leaf nodes, and their count.
    static func leafIndex(_ tree: SuggestionTree) -> (index: [Int], count: Int) {
        var index = [Int](repeating: -1, count: tree.nodes.count)
        var count = 0
        for (i, node) in tree.nodes.enumerated() where node.children == nil {
            index[i] = count
            count += 1
        }
        return (index, count)
    }

    /// Rows per (leaf of a, leaf of b), over rows in both trees' scope.
    static func table(_ a: SuggestionTree, _ ia: (index: [Int], count: Int), _ b: SuggestionTree,
                      _ ib: (index: [Int], count: Int)) -> [Int] {
        var table = [Int](repeating: 0, count: ia.count * ib.count)
        for row in 0..<a.leafOfRow.count {
            let x = a.leafOfRow[row], y = b.leafOfRow[row]
            guard x >= 0, y >= 0 else { continue }
            table[ia.index[Int(x)] * ib.count + ib.index[Int(y)]] += 1
        }
        return table
    }
}
