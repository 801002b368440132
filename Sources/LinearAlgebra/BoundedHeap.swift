/// The `k` best `(score, id)` pairs seen so far for one query, in caller-owned memory.
///
/// A binary min-heap whose root is the *worst* kept pair, so a new score is
/// rejected with one compare against ``threshold``. "Worse" means a lower score,
/// or an equal score with a higher id; the fused search scans ids in increasing
/// order, so a strict `score > threshold` test already keeps the lower id on ties.
/// - Complexity: O(log k) per accepted pair; O(1) per rejected one.
struct BoundedHeap {
    let scores: UnsafeMutablePointer<Float>
    let ids: UnsafeMutablePointer<Int32>
    let capacity: Int
    var count = 0

    init(scores: UnsafeMutablePointer<Float>, ids: UnsafeMutablePointer<Int32>, capacity: Int) {
        self.scores = scores
        self.ids = ids
        self.capacity = capacity
    }

    /// Scores at or below this can never enter: the root's score when full, `-infinity` before.
    @inline(__always)
    var threshold: Float { count == capacity ? scores[0] : -.infinity }

    @inline(__always)
    private func isWorse(_ i: Int, than j: Int) -> Bool {
        scores[i] < scores[j] || (scores[i] == scores[j] && ids[i] > ids[j])
    }

    /// Offers a pair; keeps it if the heap is not full or it beats the worst kept pair.
    @inline(__always)
    mutating func offer(_ score: Float, _ id: Int32) {
        if count < capacity {
            var i = count
            count += 1
            scores[i] = score
            ids[i] = id
            while i > 0 {
                let parent = (i - 1) >> 1
                guard isWorse(i, than: parent) else { break }
                swapAt(i, parent)
                i = parent
            }
            return
        }
        guard capacity > 0, score > scores[0] || (score == scores[0] && id < ids[0]) else { return }
        scores[0] = score
        ids[0] = id
        var i = 0
        while true {
            let left = 2 * i + 1
            if left >= count { break }
            var worst = left
            if left + 1 < count && isWorse(left + 1, than: left) { worst = left + 1 }
            guard isWorse(worst, than: i) else { break }
            swapAt(i, worst)
            i = worst
        }
    }

    @inline(__always)
    private func swapAt(_ i: Int, _ j: Int) {
        let s = scores[i]; scores[i] = scores[j]; scores[j] = s
        let d = ids[i]; ids[i] = ids[j]; ids[j] = d
    }

    /// Writes the kept pairs best first (score descending, id ascending) and pads to `capacity`.
    func writeSorted(ids outIds: UnsafeMutablePointer<Int>, similarities outScores: UnsafeMutablePointer<Float>) {
        var order = Array(0..<count)
        order.sort { a, b in scores[a] > scores[b] || (scores[a] == scores[b] && ids[a] < ids[b]) }
        for (slot, i) in order.enumerated() {
            outIds[slot] = Int(ids[i])
            outScores[slot] = scores[i]
        }
        for slot in count..<capacity {
            outIds[slot] = NeighborResult.noNeighbor
            outScores[slot] = -.infinity
        }
    }
}
