extension OpenAPISchemas {
    /// The schemas of the definition routes (`/api/definitions/…`).
    static let definitionSchemas: [String: JSONValue] = [
        "DefinitionRequest": object(
            [
                "definition": [
                    "description": "The text syntax, or a JSON definition (as an object or a string).",
                    "type": ["string", "object"],
                ],
                "asOf": string,
            ],
            required: ["definition"]),
        "DefinitionCheck": object(
            [
                "valid": ["type": "boolean"], "definition": string, "json": ["type": "object"],
                "problems": array(
                    object(
                        [
                            "kind": string, "message": string, "path": string, "line": integer, "column": integer,
                            "suggestion": string, "text": string,
                        ],
                        required: ["kind", "message", "text"])),
            ],
            required: ["valid", "problems"]),
        "Estimate": object(
            [
                "definition": string, "asOf": string, "timeZone": string, "customerCount": integer,
                "memberCount": integer, "percent": number,
                "rules": array(
                    object(
                        [
                            "rule": integer, "combine": ["type": "string", "enum": ["union", "intersect", "except"]],
                            "count": integer, "runningCount": integer,
                        ],
                        required: ["rule", "count", "runningCount"])),
                "firstMembers": array(string), "seconds": number,
            ],
            required: [
                "definition", "asOf", "timeZone", "customerCount", "memberCount", "percent", "rules", "firstMembers",
            ]),
        "DefinitionCatalog": object(
            [
                "attributes": array(object(["name": string, "type": columnType], required: ["name", "type"])),
                "activityTypes": array(string),
                "activityFields": array(object(["name": string, "type": columnType], required: ["name", "type"])),
                "measures": array(
                    object(["name": string, "aggregate": string, "description": string], required: ["name", "aggregate"])),
                "segments": array(string),
            ],
            required: ["attributes", "activityTypes", "activityFields", "measures", "segments"]),
    ]
}
