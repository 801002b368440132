extension OpenAPISchemas {
    /// The schemas of the export routes (`/api/exports…`).
    static let exportSchemas: [String: JSONValue] = [
        "ExportCreation": object(
            [
                "name": string, "path": string, "fields": array(string),
                "trigger": ["type": "string", "enum": ["on-demand", "after-refresh"]], "segments": array(string),
            ],
            required: ["name"]),
        "ExportSegment": object(["segment": string], required: ["segment"]),
        "Export": object(
            [
                "id": integer, "name": string, "kind": string, "path": string, "fields": array(string),
                "trigger": ["type": "string", "enum": ["on-demand", "after-refresh"]], "segments": array(string),
                "createdAt": dateTime, "recentRuns": array(ref("ExportRun")),
            ],
            required: ["id", "name", "kind", "path", "fields", "trigger", "segments", "createdAt"]),
        "ExportRun": object(
            [
                "id": integer, "export": string, "status": ["type": "string", "enum": ["running", "succeeded", "failed"]],
                "startedAt": dateTime, "endedAt": dateTime, "rowCount": integer, "message": string,
            ],
            required: ["id", "export", "status", "startedAt"]),
        "ExportList": object(["exports": array(ref("Export"))], required: ["exports"]),
    ]
}
