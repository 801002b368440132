import Foundation
import Testing
@testable import Segments

@Suite("MemberSet serialization and dense words")
struct MemberSetConversionTests {
    @Test("serialization round-trips sparse, dense, run and empty sets", arguments: MemberSetTests.densities)
    func roundTrip(density: MemberSetDensity) throws {
        var random = MemberSetTestRandom(state: density.seed &+ 99)
        var members = MemberSet(random.indexes(count: density.count, below: density.universe))
        let plain = try MemberSet(serializedData: members.serializedData())
        #expect(plain == members)

        members.insert(contentsOf: 1_000_000..<1_100_000)
        members.runOptimize()
        let data = members.serializedData()
        #expect(data.count == members.serializedSizeInBytes)
        let withRuns = try MemberSet(serializedData: data)
        #expect(withRuns == members)
        #expect(withRuns.toArray() == members.toArray())
    }

    @Test("corrupt bytes throw an error naming the source, never crash")
    func corruptBytes() throws {
        // One container of each kind: a bitset, a run and an array.
        var members = MemberSet(stride(from: UInt32(0), to: 65_536, by: 3))
        members.insert(contentsOf: 200_000..<210_000)
        members.insert(contentsOf: [500_001, 500_003, 500_100])
        members.runOptimize()
        let good = members.serializedData()

        let empty = try #require(throws: MemberSetError.self) {
            try MemberSet(serializedData: Data(), source: #"segment "VIP", refresh 3"#)
        }
        #expect(empty.description.hasPrefix(#"segment "VIP", refresh 3: member bitmap: truncated"#))
        #expect(throws: MemberSetError.self) { try MemberSet(serializedData: Data([1, 2, 3, 4, 5, 6, 7, 8])) }
        #expect(throws: MemberSetError.self) { try MemberSet(serializedData: good.prefix(good.count - 1)) }
        #expect(throws: MemberSetError.self) { try MemberSet(serializedData: good + Data([0])) }

        // Every truncation and many single-byte changes either throw or read
        // back a well-formed set; none crashes.
        for length in stride(from: 0, to: good.count, by: 31) {
            #expect(throws: MemberSetError.self) { try MemberSet(serializedData: good.prefix(length)) }
        }
        var random = MemberSetTestRandom(state: 42)
        var thrown = 0
        for _ in 0..<600 {
            var bad = good
            let position = Int.random(in: 0..<bad.count, using: &random)
            bad[position] ^= UInt8.random(in: 1...255, using: &random)
            do {
                let read = try MemberSet(serializedData: bad)
                // A change inside a bitset can still be valid; the set reads consistently.
                #expect(read.toArray().count == read.count)
            } catch {
                thrown += 1
            }
        }
        #expect(thrown > 0)
    }

    @Test("header corruptions are each caught", arguments: [0, 4, 8, 10, 14, 16])
    func headerCorruption(byte: Int) throws {
        // Without runs: cookie (4 bytes), count (4), key and cardinality - 1 (2 + 2)
        // per container, offsets (4 per container), values.
        let members = MemberSet([1, 5, 9, 70_000])
        var data = members.serializedData()
        data[byte] ^= 0x7F
        #expect(throws: MemberSetError.self) { try MemberSet(serializedData: data) }
    }

    @Test("array values out of order are refused")
    func unsortedArray() throws {
        var data = MemberSet([1, 5, 9]).serializedData()
        // The three values are the last six bytes: swap 5 and 9.
        let count = data.count
        data[count - 4] = 9
        data[count - 2] = 5
        let error = try #require(throws: MemberSetError.self) { try MemberSet(serializedData: data) }
        #expect(error.reason.contains("not increasing"))
    }

    @Test("dense words round-trip and agree with the members", arguments: MemberSetTests.densities.dropLast())
    func denseWords(density: MemberSetDensity) {
        var random = MemberSetTestRandom(state: density.seed &+ 7)
        let universe = Int(density.universe)
        var words = [UInt64](repeating: 0, count: (universe + 63) / 64)
        var reference = Set<UInt32>()
        for index in random.indexes(count: density.count, below: density.universe) {
            words[Int(index / 64)] |= 1 << UInt64(index % 64)
            reference.insert(index)
        }
        let members = MemberSet(denseWords: words)
        #expect(members.toArray() == reference.sorted())
        #expect(members.denseWords(universe: universe) == words)
    }

    @Test("a full dense bitset becomes one range")
    func fullDense() {
        let words = [UInt64](repeating: .max, count: 20_000)
        let members = MemberSet(denseWords: words)
        #expect(members == MemberSet(0..<1_280_000))
        #expect(members.serializedSizeInBytes < 1_000)
        #expect(MemberSet(denseWords: [UInt64]()).isEmpty)
        #expect(MemberSet().denseWords(universe: 0) == [])
        #expect(MemberSet([0, 64, 129]).denseWords(universe: 130) == [1, 1, 2])
    }
}
