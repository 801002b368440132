extension OpenAPISchemas {
    /// The schemas of the insight routes (`/api/insights/overlap`, `/api/segments/{name}/differentiators`).
    static let insightSchemas: [String: JSONValue] = [
        "OverlapRequest": object(
            ["segments": ["type": "array", "items": string, "minItems": 2, "maxItems": 8]], required: ["segments"]),
        "OverlapRegion": object(["segments": array(string), "count": integer], required: ["segments", "count"]),
        "Overlap": object(
            [
                "segments": array(ref("OverlapRegion")), "intersections": array(ref("OverlapRegion")),
                "exactRegions": array(ref("OverlapRegion")), "unionCount": integer,
            ],
            required: ["segments", "intersections", "exactRegions", "unionCount"]),
        "Differentiators": object(
            [
                "segment": string, "baseline": string, "segmentCount": integer, "baselineCount": integer,
                "compared": integer,
                "items": array(
                    object(
                        [
                            "name": string, "source": ["type": "string", "enum": ["attribute", "measure"]],
                            "statistic": ["type": "string", "enum": ["smd", "tvd"]], "value": number, "score": number,
                            "size": ["type": "string", "enum": ["negligible", "small", "medium", "large"]],
                            "segmentSummary": string, "baselineSummary": string, "why": string,
                        ],
                        required: [
                            "name", "source", "statistic", "value", "score", "size", "segmentSummary", "baselineSummary",
                            "why",
                        ])),
            ],
            required: ["segment", "baseline", "segmentCount", "baselineCount", "compared", "items"]),
    ]
}
