import Foundation

// The body of the quick-estimate route. It has a schema of the same name in `OpenAPISchemas+Quick`.

/// The body of `POST /api/definitions/quick`: one field, or one condition on a field.
struct QuickRequest: Decodable, Sendable {
    /// An attribute or measure name (`country`): its distribution only.
    var field: String?
    /// One condition (`age >= 30`, `spend_90d > 100`): its size and its field's distribution.
    var condition: String?
    /// The instant relative dates and measure windows resolve against; default now.
    var asOf: String?
}
