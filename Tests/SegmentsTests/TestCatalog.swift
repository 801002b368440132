import CustomerData
import Segments

/// The catalog the tests validate against: every column type, names that need
/// backticks, measures of every result type and segments with and without cycles.
enum TestCatalog {
    static let attributes: [String: ColumnType] = [
        "age": .number,
        "spend": .number,
        "country": .category,
        "loyalty_tier": .category,
        "email": .text,
        "first name": .text,
        "Straße": .category,
        "from": .number,
        "email_opt_in": .boolean,
        "signup_date": .date,
        "birthday": .date,
        "last_login": .datetime,
    ]

    static let activityFields: [String: ColumnType] = [
        "amount": .number,
        "quantity": .number,
        "channel": .category,
        "product": .text,
        "returned": .boolean,
        "delivered_on": .date,
        "created_at": .datetime,
    ]

    static let activityTypes: Set<String> = ["purchase", "visit", "refund", "page view"]

    static let measures: [MeasureDefinition] = [
        MeasureDefinition(
            name: "spend_90d", aggregate: .sum, field: "amount", activityTypes: ["purchase"],
            window: .lastDays(90)),
        MeasureDefinition(name: "orders", aggregate: .count, activityTypes: ["purchase"]),
        MeasureDefinition(
            name: "web_orders", aggregate: .count, activityTypes: ["purchase"], conditions: ["channel = \"web\""]),
        MeasureDefinition(name: "last_channel", aggregate: .last, field: "channel", activityTypes: ["purchase"]),
        MeasureDefinition(name: "first_delivery", aggregate: .min, field: "delivered_on"),
        MeasureDefinition(name: "days_since_visit", aggregate: .daysSinceLast, activityTypes: ["visit"]),
    ]

    /// Segments without cycles, safe to refer to from any new definition.
    static let acyclicSegments: [String: Set<String>] = [
        "Churned": [],
        "VIP": ["Churned"],
        "Big spenders": [],
        "Newsletter \"Weekly\"": [],
    ]

    static let catalog = SegmentCatalog(
        attributes: attributes, activityTypes: activityTypes, activityFields: activityFields,
        measures: measures, segments: acyclicSegments)
}
