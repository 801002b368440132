extension OpenAPISchemas {
    /// The schemas of the suggestion routes (`/api/suggestions…`).
    static let suggestionSchemas: [String: JSONValue] = [
        "SuggestionStart": object(
            [
                "kind": ["type": "string", "enum": ["measure", "activity"]], "primary": string, "shareOf": string,
                "influencing": array(string), "maxSuggestions": integer, "types": array(string),
                "period": ["type": "string", "enum": ["last-month", "last-year", "all-time", "custom"]],
                "from": ["type": "string", "format": "date"], "to": ["type": "string", "format": "date"],
                "includeClusters": ["type": "boolean"], "scope": string,
            ],
            required: ["kind"]),
        "SuggestionAcceptance": object(["rank": integer, "name": string, "definition": string], required: ["rank"]),
        "SuggestionDismissal": object(["rank": integer], required: ["rank"]),
        "SuggestionRunSummary": object(
            [
                "id": integer, "kind": runKind, "status": runStatus, "createdAt": dateTime, "inputs": string,
                "suggestionCount": integer, "newCount": integer, "acceptedCount": integer, "dismissedCount": integer,
            ],
            required: [
                "id", "kind", "status", "createdAt", "inputs", "suggestionCount", "newCount", "acceptedCount", "dismissedCount",
            ]),
        "SuggestionRunList": object(["runs": array(ref("SuggestionRunSummary"))], required: ["runs"]),
        "SuggestionRun": object(
            [
                "id": integer, "kind": runKind, "status": runStatus, "createdAt": dateTime,
                "decisions": array(object(
                    ["rank": integer, "status": decision, "segment": string, "decidedAt": dateTime],
                    required: ["rank", "status"])),
                "run": ref("SuggestionRunBody"),
            ],
            required: ["id", "kind", "status", "createdAt", "decisions", "run"]),
        "SuggestionRunBody": object(
            [
                "kind": runKind, "created_at": dateTime, "customer_count": integer, "candidate_count": integer,
                "seconds": number, "suggestions": array(ref("Suggestion")),
                "measure_request": ["type": "object"], "activity_request": ["type": "object"],
                "tree": array(["type": "object"]), "rfm_grid": ["type": "object"], "clusters": array(["type": "object"]),
            ],
            required: ["kind", "created_at", "customer_count", "candidate_count", "seconds", "suggestions"]),
        "Suggestion": object(
            [
                "rank": integer,
                "kind": ["type": "string", "enum": ["measure", "activity_level", "rfm_segment", "cluster"]],
                "title": string, "definition": ["type": "object"], "definition_text": string, "member_count": integer,
                "share_of_customers": number, "statistics": ["type": "object"], "stability": number, "quality": number,
                "averages": ["type": "object"], "notes": array(string), "definition_jaccard": number, "status": decision,
            ],
            required: ["rank", "kind", "title", "definition_text", "member_count", "share_of_customers", "notes", "status"]),
    ]

    fileprivate static let runKind: JSONValue = ["type": "string", "enum": ["measure", "activity"]]
    fileprivate static let runStatus: JSONValue = ["type": "string", "enum": ["open", "reviewed"]]
    fileprivate static let decision: JSONValue = ["type": "string", "enum": ["new", "accepted", "dismissed"]]
}
