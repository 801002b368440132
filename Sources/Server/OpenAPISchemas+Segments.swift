extension OpenAPISchemas {
    /// The schemas of the segment routes (`/api/segments…`, `/api/refresh`).
    static let segmentSchemas: [String: JSONValue] = [
        "SegmentCreation": object(
            [
                "name": string, "definition": definitionValue,
                "type": ["type": "string", "enum": ["dynamic", "static"]], "description": string, "tags": array(string),
            ],
            required: ["name", "definition"]),
        "SegmentChange": object(
            [
                "definition": definitionValue, "description": string,
                "type": ["type": "string", "enum": ["dynamic", "static"]],
                "state": ["type": "string", "enum": ["active", "inactive"]],
                "stateAt": ["type": "string", "description": "Schedule the state change for this time (a date or an instant)."],
                "addTags": array(string), "removeTags": array(string), "exempt": ["type": "boolean"],
            ],
            required: []),
        "SegmentNaming": object(["name": string, "definition": definitionValue], required: ["name"]),
        "RefreshRequest": object(["segments": array(string), "all": ["type": "boolean"]], required: []),
        "RefreshCancel": object(["wasRunning": ["type": "boolean"]], required: ["wasRunning"]),
        "SegmentSummary": object(
            [
                "id": integer, "name": string, "description": string,
                "type": ["type": "string", "enum": ["dynamic", "static", "expansion"]],
                "state": ["type": "string", "enum": ["active", "inactive"]],
                "activateAt": dateTime, "deactivateAt": dateTime, "schedule": ["type": "object"],
                "isExemptFromAutoDeactivation": ["type": "boolean"], "tags": array(string),
                "definitionVersion": integer, "createdAt": dateTime, "updatedAt": dateTime, "lastViewedAt": dateTime,
                "lastRefreshedAt": dateTime, "memberCount": integer, "lastRunStatus": string,
            ],
            required: [
                "id", "name", "description", "type", "state", "schedule", "isExemptFromAutoDeactivation", "tags",
                "definitionVersion", "createdAt", "updatedAt",
            ]),
        "SegmentList": object(["segments": array(ref("SegmentSummary"))], required: ["segments"]),
        "SegmentDetail": object(
            [
                "segment": ref("SegmentSummary"), "definition": string, "dependsOn": array(string),
                "usedBy": array(string), "exports": array(string), "recentRuns": array(ref("RefreshRun")),
                "nextScheduledRefreshes": array(dateTime),
            ],
            required: ["segment", "definition", "dependsOn", "usedBy", "exports", "recentRuns", "nextScheduledRefreshes"]),
        "RefreshRun": object(
            [
                "id": integer, "segment": string, "trigger": string,
                "status": [
                    "type": "string", "enum": ["queued", "refreshing", "succeeded", "failed", "skipped", "canceled"],
                ],
                "queuedAt": dateTime, "startedAt": dateTime, "endedAt": dateTime, "durationMilliseconds": integer,
                "memberCount": integer, "enteredCount": integer, "exitedCount": integer, "message": string,
            ],
            required: ["id", "segment", "trigger", "status", "queuedAt"]),
        "RunList": object(["runs": array(ref("RefreshRun"))], required: ["runs"]),
        "VersionList": object(
            [
                "versions": array(
                    object(
                        ["version": integer, "definition": string, "createdAt": dateTime, "isCurrent": ["type": "boolean"]],
                        required: ["version", "definition", "createdAt", "isCurrent"]))
            ],
            required: ["versions"]),
        "MemberTrend": object(
            [
                "segment": string, "from": dateTime, "through": dateTime, "timeZone": string,
                "points": array(
                    object(
                        [
                            "day": string, "dayStart": dateTime, "memberCount": integer, "enteredCount": integer,
                            "exitedCount": integer, "refreshCount": integer,
                        ],
                        required: ["day", "dayStart", "memberCount", "enteredCount", "exitedCount", "refreshCount"])),
            ],
            required: ["segment", "from", "through", "timeZone", "points"]),
        "MemberPreview": object(
            [
                "segment": string, "memberCount": integer, "fields": array(string),
                "rows": array(array(["type": ["string", "null"]])),
            ],
            required: ["segment", "memberCount", "fields", "rows"]),
        "MemberChanges": object(
            [
                "segment": string, "kind": ["type": "string", "enum": ["entered", "exited"]], "at": dateTime,
                "count": integer, "customerIDs": array(string),
            ],
            required: ["segment", "kind", "count", "customerIDs"]),
    ]

    /// A definition in a body: the text syntax, or JSON as an object or a string.
    static let definitionValue: JSONValue = [
        "description": "The text syntax, or a JSON definition (as an object or a string).",
        "type": ["string", "object"],
    ]
}
