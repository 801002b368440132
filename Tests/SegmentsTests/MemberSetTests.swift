import Foundation
import Testing
@testable import Segments

/// A small deterministic generator (SplitMix64), so a failing case can be rerun.
struct MemberSetTestRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` random indexes below `universe`, with repeats, unsorted.
    mutating func indexes(count: Int, below universe: UInt32) -> [UInt32] {
        (0..<count).map { _ in UInt32.random(in: 0..<universe, using: &self) }
    }
}

/// A parameterised density: how many random indexes in how large a universe
/// (sparse sets make array containers, dense ones bitsets, ranges runs).
struct MemberSetDensity: Sendable, CustomTestStringConvertible {
    var count: Int
    var universe: UInt32
    var seed: UInt64
    var testDescription: String { "\(count) in \(universe)" }
}

@Suite("MemberSet")
struct MemberSetTests {
    static let densities = [
        MemberSetDensity(count: 0, universe: 10, seed: 1),
        MemberSetDensity(count: 50, universe: 1_000, seed: 2),
        MemberSetDensity(count: 20_000, universe: 300_000, seed: 3),
        MemberSetDensity(count: 200_000, universe: 300_000, seed: 4),
        MemberSetDensity(count: 5_000, universe: UInt32.max, seed: 5),
    ]

    @Test("insert, contains, count, min and max agree with Set<UInt32>", arguments: densities)
    func basicsAgreeWithSet(density: MemberSetDensity) {
        var random = MemberSetTestRandom(state: density.seed)
        let values = random.indexes(count: density.count, below: density.universe)
        let reference = Set(values)
        let members = MemberSet(values)
        #expect(members.count == reference.count)
        #expect(members.isEmpty == reference.isEmpty)
        #expect(members.min == reference.min())
        #expect(members.max == reference.max())
        #expect(members.toArray() == reference.sorted())
        #expect(Array(members) == reference.sorted())
        for probe in random.indexes(count: 1_000, below: density.universe) {
            #expect(members.contains(probe) == reference.contains(probe))
        }
        for value in values.prefix(100) {
            #expect(members.contains(value))
        }
    }

    @Test("set algebra and counts without materialising agree with Set<UInt32>", arguments: densities)
    func algebraAgreesWithSet(density: MemberSetDensity) {
        var random = MemberSetTestRandom(state: density.seed &* 31)
        let leftValues = random.indexes(count: density.count, below: density.universe)
        let rightValues = random.indexes(count: density.count / 2 + 7, below: density.universe)
        let left = MemberSet(leftValues)
        let right = MemberSet(rightValues)
        let a = Set(leftValues)
        let b = Set(rightValues)

        #expect(left.union(right).toArray() == a.union(b).sorted())
        #expect(left.intersection(right).toArray() == a.intersection(b).sorted())
        #expect(left.subtracting(right).toArray() == a.subtracting(b).sorted())
        #expect(left.symmetricDifference(right).toArray() == a.symmetricDifference(b).sorted())
        #expect(left.unionCount(right) == a.union(b).count)
        #expect(left.intersectionCount(right) == a.intersection(b).count)
        #expect(left.subtractingCount(right) == a.subtracting(b).count)
        #expect(left.intersects(right) == !a.isDisjoint(with: b))
        #expect(left.intersection(right).isSubset(of: left))

        var inPlace = left
        inPlace.formUnion(right)
        #expect(inPlace == left.union(right))
        inPlace = left
        inPlace.formIntersection(right)
        #expect(inPlace == left.intersection(right))
        inPlace = left
        inPlace.subtract(right)
        #expect(inPlace == left.subtracting(right))
        inPlace = left
        inPlace.formSymmetricDifference(right)
        #expect(inPlace == left.symmetricDifference(right))
        // The originals are untouched by the in-place forms on their copies.
        #expect(left.toArray() == a.sorted())
        #expect(right.toArray() == b.sorted())
    }

    @Test("copies are independent: changing one leaves the other as it was")
    func copyOnWrite() {
        let original = MemberSet([1, 2, 3])
        var copy = original
        let inserted = copy.insert(4)
        let insertedAgain = copy.insert(4)
        let removed = copy.remove(1)
        let removedMissing = copy.remove(99)
        #expect(inserted && !insertedAgain && removed && !removedMissing)
        #expect(original.toArray() == [1, 2, 3])
        #expect(copy.toArray() == [2, 3, 4])

        var runs = copy
        runs.insert(contentsOf: 100..<5_000)
        runs.runOptimize()
        #expect(copy.count == 3)
        #expect(runs.count == 3 + 4_900)
    }

    @Test("ranges, previews and pages")
    func rangesAndPreviews() {
        let range = MemberSet(10..<20)
        #expect(range.toArray() == Array(10..<20))
        #expect(MemberSet(5...5).toArray() == [5])
        #expect(MemberSet(7..<7).isEmpty)
        #expect(MemberSet(UInt32.max - 1...UInt32.max).toArray() == [UInt32.max - 1, UInt32.max])

        let members = MemberSet(stride(from: UInt32(0), to: 1_000_000, by: 3))
        #expect(members.first(5) == [0, 3, 6, 9, 12])
        #expect(members.first(0) == [])
        #expect(members.members(offset: 2, limit: 3) == [6, 9, 12])
        #expect(members.members(offset: members.count - 1, limit: 10) == [999_999])
        #expect(members.members(offset: members.count, limit: 10) == [])
        #expect(MemberSet().first(100) == [])
        #expect(MemberSet().min == nil)
        #expect(MemberSet().max == nil)
        #expect(range.description == "MemberSet(10 members: 10, 11, 12, 13, 14, 15, 16, 17, …)")
    }

    @Test("sets can be read from several threads at once")
    func concurrentReads() async {
        let members = MemberSet(stride(from: UInt32(0), to: 200_000, by: 7))
        let counts = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { members.reduce(0) { total, _ in total + 1 } }
            }
            return await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(counts == Array(repeating: members.count, count: 8))
    }
}

@Suite("MemberSet overlaps")
struct MemberSetOverlapTests {
    @Test("overlap counts of 1 to 5 random sets match counting each member's combination", arguments: 1...5)
    func overlapAgreesWithCounting(setCount: Int) {
        var random = MemberSetTestRandom(state: UInt64(setCount) &* 1_234_567)
        let universe: UInt32 = 50_000
        let values = (0..<setCount).map { index in
            Set(random.indexes(count: 5_000 * (index + 1), below: universe))
        }
        let counts = MemberSet.overlapCounts(values.map { MemberSet($0) })
        var expected = [Int](repeating: 0, count: 1 << setCount)
        for member in 0..<universe {
            var mask = 0
            for (index, set) in values.enumerated() where set.contains(member) {
                mask |= 1 << index
            }
            if mask != 0 { expected[mask] += 1 }
        }
        #expect(counts == expected)
        #expect(counts.reduce(0, +) == values.reduce(Set<UInt32>()) { $0.union($1) }.count)
    }

    @Test("two sets: only the first, only the second, both")
    func twoSets() {
        let counts = MemberSet.overlapCounts([MemberSet(0..<10), MemberSet(5..<20)])
        #expect(counts == [0, 5, 10, 5])
    }
}
