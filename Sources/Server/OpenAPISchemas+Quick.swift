extension OpenAPISchemas {
    /// The schemas of the quick-estimate route (`/api/definitions/quick`).
    static let quickSchemas: [String: JSONValue] = [
        "QuickRequest": object(
            [
                "field": ["type": "string", "description": "An attribute or measure name; give this or condition."],
                "condition": ["type": "string", "description": "One condition on one field (age >= 30); give this or field."],
                "asOf": ["type": "string", "description": "A date or an instant; default now."],
            ],
            required: []),
        "QuickEstimate": object(
            [
                "field": string, "isMeasure": ["type": "boolean"], "type": columnType, "condition": string,
                "count": integer, "percent": number, "customers": integer, "emptyCount": integer,
                "topValues": array(object(["value": string, "count": integer], required: ["value", "count"])),
                "percentiles": array(
                    object(
                        ["percentile": integer, "value": number, "text": string], required: ["percentile", "value", "text"])),
            ],
            required: ["field", "isMeasure", "type", "customers", "emptyCount", "topValues", "percentiles"]),
    ]
}
