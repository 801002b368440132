import Foundation

extension SyntheticRetailGenerator {
    /// The workspace config written beside the data as `audience.json`: the
    /// two sources with declared column types, the time zone the local
    /// timestamps are in, and measures that the planted structure shows in.
    public func workspaceConfig() -> WorkspaceConfig {
        let purchase = ["purchase"]
        return WorkspaceConfig(
            name: "synthetic-retail",
            timeZone: "Europe/Berlin",
            customers: CustomerSource(
                path: Self.customersFileName,
                idColumn: "customer_id",
                columns: [
                    "age": .number,
                    "country": .category,
                    "gender": .category,
                    "loyalty_tier": .category,
                    "signup_date": .date,
                    "email_opt_in": .boolean,
                    "annual_income": .number,
                ]),
            activities: [
                ActivitySource(
                    name: "activities",
                    path: Self.activitiesFileName,
                    customerIdColumn: "customer_id",
                    typeColumn: "type",
                    timestampColumn: "timestamp",
                    amountColumn: "amount",
                    columns: ["channel": .category]),
            ],
            measures: [
                MeasureDefinition(
                    name: "spend_90d", aggregate: .sum, field: "amount", activityTypes: purchase,
                    window: .lastDays(90), description: "Purchase amount in the last 90 days"),
                MeasureDefinition(
                    name: "spend_365d", aggregate: .sum, field: "amount", activityTypes: purchase,
                    window: .lastDays(365), description: "Purchase amount in the last 365 days"),
                MeasureDefinition(
                    name: "purchases_365d", aggregate: .count, activityTypes: purchase,
                    window: .lastDays(365), description: "Purchases in the last 365 days"),
                MeasureDefinition(
                    name: "avg_purchase_value", aggregate: .avg, field: "amount", activityTypes: purchase,
                    description: "Mean purchase amount over all time"),
                MeasureDefinition(
                    name: "days_since_last_purchase", aggregate: .daysSinceLast, activityTypes: purchase,
                    description: "Days since the most recent purchase"),
                MeasureDefinition(
                    name: "days_since_last_activity", aggregate: .daysSinceLast,
                    description: "Days since the most recent activity of any type"),
                MeasureDefinition(
                    name: "returns_365d", aggregate: .count, activityTypes: ["return"],
                    window: .lastDays(365), description: "Returns in the last 365 days"),
                MeasureDefinition(
                    name: "visits_30d", aggregate: .count, activityTypes: ["visit"],
                    window: .lastDays(30), description: "Visits in the last 30 days"),
                MeasureDefinition(
                    name: "email_clicks_30d", aggregate: .count, activityTypes: ["email_click"],
                    window: .lastDays(30), description: "Email clicks in the last 30 days"),
                MeasureDefinition(
                    name: "app_purchases_365d", aggregate: .count, activityTypes: purchase,
                    window: .lastDays(365), conditions: ["channel = \"app\""],
                    description: "Purchases through the app in the last 365 days"),
                MeasureDefinition(
                    name: "store_purchases_365d", aggregate: .count, activityTypes: purchase,
                    window: .lastDays(365), conditions: ["channel = \"store\""],
                    description: "Purchases in a store in the last 365 days"),
            ])
    }

    /// `workspaceConfig()` as pretty-printed JSON with sorted keys and a final newline.
    func configJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(workspaceConfig())
        data.append(10)
        return data
    }
}
