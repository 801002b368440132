extension OpenAPISchemas {
    /// The schemas of the similar-customers routes (`/api/similar`, `/api/segments/{name}/similar…`).
    static let similarSchemas: [String: JSONValue] = [
        "SimilarStart": object(
            [
                "source": string, "name": string, "target": string, "includesSource": flag,
                "threshold": number, "topShare": number, "includedFields": array(string), "excludedFields": array(string),
                "includeMeasures": flag, "activityFeatures": flag, "pcaDimensions": integer,
            ],
            required: ["source"]),
        "ExpansionSelection": object(["threshold": number, "topShare": number], required: []),
        "ExpansionResult": object(
            ["summary": ref("SimilarSummary"), "request": ref("SimilarRequest"), "computedAt": dateTime],
            required: ["summary", "request", "computedAt"]),
        "SimilarRequest": object(
            [
                "source": string, "name": string, "target": string, "includesSource": flag, "threshold": number,
                "topShare": number, "includedFields": array(string), "excludedFields": array(string),
                "includesMeasures": flag, "includesActivityFeatures": flag, "pcaDimensions": integer,
            ],
            required: ["source", "includesSource", "topShare", "excludedFields", "includesMeasures", "includesActivityFeatures"]),
        "SimilarSummary": object(
            [
                "segment": string, "source": string, "target": string, "modelFile": string,
                "sourceCount": integer, "targetCount": integer, "memberCount": integer, "threshold": number,
                "bands": array(object(["band": similarityBand, "lowerBound": number, "count": integer], required: ["band", "lowerBound", "count"])),
                "histogram": ["type": "array", "items": integer, "description": "Target customers per score bin of equal width over [0, 1]."],
                "backtest": object(
                    ["heldOutCount": integer, "auc": number, "recall": number, "threshold": number, "selectedShare": number],
                    required: ["heldOutCount", "auc", "recall", "threshold", "selectedShare"]),
                "influences": array(object(
                    [
                        "feature": string, "field": string, "effect": number, "sourceMean": number, "targetMean": number,
                        "standardizedDifference": number,
                    ],
                    required: ["feature", "field", "effect", "sourceMean", "targetMean", "standardizedDifference"])),
                "topMembers": array(object(
                    ["customerID": string, "score": number, "band": similarityBand, "reasons": array(string)],
                    required: ["customerID", "score", "band", "reasons"])),
                "warnings": array(string),
            ],
            required: [
                "segment", "source", "target", "sourceCount", "targetCount", "memberCount", "threshold", "bands",
                "histogram", "backtest", "influences", "topMembers", "warnings",
            ]),
    ]

    fileprivate static let flag: JSONValue = ["type": "boolean"]
    fileprivate static let similarityBand: JSONValue = ["type": "string", "enum": ["not similar", "somewhat similar", "similar", "very similar"]]
}
