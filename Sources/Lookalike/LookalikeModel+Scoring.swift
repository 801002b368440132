import CustomerData
import Foundation
import LinearAlgebra

/// A customer scored by a saved model.
public struct ScoredCustomer: Sendable, Equatable {
    /// The customer id.
    public var id: String
    /// The score in [0, 1].
    public var score: Double
    /// Its band.
    public var band: SimilarityBand
    /// Up to three features that raise the score most (empty when not asked for).
    public var reasons: [ScoreReason]
}

extension LookalikeModel {
    /// Scores snapshot customers (the in-workspace path), each left out of its own neighbour vote.
    public func score(_ snapshot: Snapshot, rows: [UInt32]) throws -> [Double] {
        let embedding = try encoder.encode(snapshot, rows: rows)
        let referenceOfID = Dictionary(referenceIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let selfReference = rows.map { referenceOfID[snapshot.customerID(ofRow: Int($0))] ?? -1 }
        return scores(embedding, selfReference: selfReference)
    }

    /// Scores streamed records (the batch path): the same scores as ``score(_:rows:)`` for the same customers.
    ///
    /// Call it on chunks of any size to bound memory; the neighbour search inside
    /// runs on every core.
    /// - Throws: ``LookalikeError/invalidValue(field:value:expected:)`` for unreadable text.
    public func score(records: [CustomerRecord], withReasons: Bool = true) throws -> [ScoredCustomer] {
        let embedding = try encoder.encode(records: records)
        let referenceOfID = Dictionary(referenceIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let values = scores(embedding, selfReference: records.map { referenceOfID[$0.id] ?? -1 })
        let why = withReasons ? reasons(of: embedding, rows: Array(records.indices)) : []
        return records.indices.map { i in
            ScoredCustomer(id: records[i].id, score: values[i], band: SimilarityBand(score: values[i]),
                           reasons: withReasons ? why[i] : [])
        }
    }

    /// Scores a batch read from files (the batch path): the same scores as ``score(_:rows:)`` for the same
    /// customers, each left out of its own neighbour vote, with the embedding (for ``reasons(of:rows:)``).
    public func score(_ batch: ProfileBatch, activities: ActivityTable?) -> (scores: [Double], embedding: Matrix<Float>) {
        let embedding = encoder.encode(batch, activities: activities)
        let referenceOfID = Dictionary(referenceIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        var selfReference = [Int](repeating: -1, count: batch.count)
        selfReference.withUnsafeMutableBufferPointer { out in
            let ids = batch.ids
            Parallel.forEachBlock(of: out.count) { rows in
                for i in rows { out[i] = referenceOfID[ids[i]] ?? -1 }
            }
        }
        // The caller's batch bounds the memory: one chunk, no copies.
        return (scores(embedding, selfReference: selfReference, chunkRows: max(1, embedding.rows)), embedding)
    }

    /// Whether the encoder reads activity features (then batch scoring needs the customers' activities).
    public var usesActivityFeatures: Bool {
        encoder.fields.contains { if case .column = $0.input { false } else { true } }
    }

    /// Scores embedding rows that are not in the model's neighbour set (new customers): rows of the model's
    /// encoder, so of unit length.
    public func score(embedding: Matrix<Float>) -> [Double] {
        scores(embedding, selfReference: [Int](repeating: -1, count: embedding.rows))
    }
}
