/// The JSON Schemas of the API's bodies, by name, for the OpenAPI document.
///
/// Routes name their schemas in `RouteDocumentation`; a test walks the served document
/// and checks live answers against these.
enum OpenAPISchemas {
    static let all: [String: JSONValue] = definitionSchemas.merging(segmentSchemas) { _, new in new }
        .merging(exportSchemas) { _, new in new }
        .merging(similarSchemas) { _, new in new }.merging(suggestionSchemas) { _, new in new }
        .merging(insightSchemas) { _, new in new }.merging(scheduleSchemas) { _, new in new }
        .merging(quickSchemas) { _, new in new }.merging([
        "Error": object(
            ["error": object(
                ["status": integer, "message": string, "path": string],
                required: ["status", "message"])],
            required: ["error"]),
        "Health": object(["status": string, "version": string], required: ["status", "version"]),
        "OpenAPIDocument": object(
            ["openapi": string, "info": ["type": "object"], "paths": ["type": "object"], "components": ["type": "object"]],
            required: ["openapi", "info", "paths"]),
        "Job": object(
            [
                "id": string, "kind": string,
                "status": ["type": "string", "enum": ["queued", "running", "succeeded", "failed"]],
                "progress": number, "note": string, "createdAt": dateTime, "startedAt": dateTime,
                "finishedAt": dateTime,
                "result": ["description": "The job's answer; for an ingest, an IngestResult."],
                "error": object(["status": integer, "message": string], required: ["status", "message"]),
            ],
            required: ["id", "kind", "status", "progress", "createdAt"]),
        "JobList": object(["jobs": array(ref("Job"))], required: ["jobs"]),
        "WorkspaceInfo": object(
            [
                "name": string, "timeZone": string, "version": string,
                "sources": array(ref("WorkspaceSource")),
                "measures": array(ref("Measure")),
                "snapshot": ref("SnapshotInfo"),
            ],
            required: ["name", "timeZone", "version", "sources", "measures"]),
        "WorkspaceSource": object(
            [
                "name": string, "kind": ["type": "string", "enum": ["customers", "activities"]], "file": string,
                "idColumn": string, "timestampColumn": string, "typeColumn": string, "fixedType": string,
                "amountColumn": string, "columns": ["type": "object", "additionalProperties": columnType],
            ],
            required: ["name", "kind", "file", "idColumn", "columns"]),
        "Measure": object(
            [
                "name": string, "aggregate": string, "field": string, "activityTypes": array(string),
                "window": ["type": "object"], "conditions": array(string), "description": string,
            ],
            required: ["name", "aggregate"]),
        "SnapshotInfo": object(
            ["generation": string, "createdAt": string, "customers": integer, "activities": integer, "bytes": integer],
            required: ["generation", "createdAt", "customers", "activities", "bytes"]),
        "WorkspaceDescription": object(
            ["workspace": string, "snapshot": ref("SnapshotDescription")], required: ["workspace", "snapshot"]),
        "SnapshotDescription": object(
            [
                "generation": string, "createdAt": string, "timeZone": string, "snapshotBytes": integer,
                "tables": array(ref("TableDescription")),
            ],
            required: ["generation", "createdAt", "timeZone", "snapshotBytes", "tables"]),
        "TableDescription": object(
            [
                "name": string, "rowCount": integer, "customersWithActivities": integer,
                "columns": array(ref("ColumnDescription")),
            ],
            required: ["name", "rowCount", "columns"]),
        "ColumnDescription": object(
            [
                "name": string, "type": columnType, "role": string, "missingCount": integer,
                "missingPercent": number, "distinctCount": integer, "min": string, "max": string, "mean": number,
                "top": array(object(["value": string, "count": integer], required: ["value", "count"])),
            ],
            required: ["name", "type", "missingCount", "missingPercent", "distinctCount"]),
        "IngestResult": object(
            [
                "generation": string, "customers": integer, "activities": integer,
                "removedGenerations": array(string), "report": ["type": "object"],
            ],
            required: ["generation", "customers", "activities", "removedGenerations", "report"]),
    ]) { _, new in new }

    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
    static let columnType: JSONValue = [
        "type": "string", "enum": ["number", "text", "category", "boolean", "date", "datetime"],
    ]

    static func object(_ properties: [String: JSONValue], required: [String]) -> JSONValue {
        ["type": "object", "properties": .object(properties), "required": .array(required.map { .string($0) })]
    }

    static func array(_ items: JSONValue) -> JSONValue {
        ["type": "array", "items": items]
    }

    static func ref(_ name: String) -> JSONValue {
        ["$ref": .string("#/components/schemas/\(name)")]
    }
}
