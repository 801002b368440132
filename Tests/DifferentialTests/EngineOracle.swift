import CustomerData
import Segments

/// The in-process columnar engine (`SegmentEvaluator`) as one of the oracles:
/// members of one definition, with the given members of referenced segments.
struct EngineOracle {
    let evaluator: SegmentEvaluator
    let segmentMembers: [String: Set<Int>]

    init(snapshot: Snapshot, measures: [MeasureDefinition], time: TimeContext, segmentMembers: [String: Set<Int>]) {
        evaluator = SegmentEvaluator(snapshot: snapshot, measures: measures, time: time, threads: 1)
        self.segmentMembers = segmentMembers
    }

    /// The members' customer rows, ascending.
    func members(of definition: SegmentDefinition) throws -> [Int] {
        let capacity = evaluator.customerCount
        let result = try evaluator.evaluate(definition, named: "under test") { name in
            segmentMembers[name].map { Bitset(capacity: capacity, members: $0) }
        }
        return result.members.sortedMembers.map(Int.init)
    }
}
