import Foundation

/// One customer as text fields plus activities: the row-oriented input of batch scoring.
///
/// Attribute values are the CSV text of the customers file (an absent or empty
/// value is missing); the encoder parses them by the type each field had when it
/// was fitted, so a streamed CSV row encodes to the same features as the
/// snapshot row ingested from it.
public struct CustomerRecord: Sendable, Equatable {
    /// The customer id (used to leave a customer out of its own neighbours).
    public var id: String
    /// Field name → text value.
    public var attributes: [String: String]
    /// The customer's activities (any order).
    public var activities: [ActivityRecord]

    /// Creates a record.
    public init(id: String, attributes: [String: String], activities: [ActivityRecord] = []) {
        self.id = id
        self.attributes = attributes
        self.activities = activities
    }
}

/// One activity of a ``CustomerRecord``.
public struct ActivityRecord: Sendable, Equatable {
    /// The activity type (`purchase`).
    public var type: String
    /// When it happened.
    public var timestamp: Date
    /// Its amount, when it has one.
    public var amount: Double?
    /// Its channel (the value of the encoder's channel column), when it has one.
    public var channel: String?

    /// Creates an activity.
    public init(type: String, timestamp: Date, amount: Double? = nil, channel: String? = nil) {
        self.type = type
        self.timestamp = timestamp
        self.amount = amount
        self.channel = channel
    }
}
