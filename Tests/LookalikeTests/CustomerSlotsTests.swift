import Testing
@testable import Lookalike

/// The id-to-slot table that activity files are read into.
@Suite struct CustomerSlotsTests {
    /// Slots are dense in the order ids are first seen, every id finds its own slot after the table has grown
    /// many times, and an id never added finds none.
    @Test func slotsFollowFirstSight() {
        var slots = CustomerSlots()
        let ids = (0..<20_000).map { "C\($0 * 7_919 % 100_003)" } + ["", "é", "C1 ", "c1"]
        for (i, id) in ids.enumerated() {
            var bytes = id
            let (slot, isNew) = bytes.withUTF8 { slots.insert($0) }
            #expect(slot == i && isNew, "\(id)")
        }
        for (i, id) in ids.enumerated().reversed() {
            var bytes = id
            let (slot, isNew) = bytes.withUTF8 { slots.insert($0) }
            #expect(slot == i && !isNew, "\(id)")
            #expect(slots.slot(of: id) == i)
        }
        #expect(slots.count == ids.count)
        for missing in ["C100004", "C1  ", "D0", "e"] { #expect(slots.slot(of: missing) == nil, "\(missing)") }
    }
}
