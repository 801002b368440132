extension OpenAPISchemas {
    /// The schemas of the schedule routes (`/api/schedules…`, `/api/segments/{name}/schedule`).
    static let scheduleSchemas: [String: JSONValue] = [
        "SystemScheduleRequest": object(
            [
                "frequency": ["type": "string", "enum": ["off", "daily", "weekly"]], "weekdays": array(weekdayName),
                "times": array(["type": "string", "description": "HH:mm in the workspace time zone."]),
            ],
            required: ["frequency"]),
        "SystemSchedule": object(
            [
                "schedule": ref("RefreshSchedule"), "timeZone": string, "nextRuns": array(dateTime),
                "handledThrough": dateTime,
            ],
            required: ["schedule", "timeZone", "nextRuns"]),
        "RefreshSchedule": object(
            [
                "frequency": ["type": "string", "enum": ["off", "daily", "weekly"]], "weekdays": array(weekday),
                "times": array(string),
            ],
            required: ["frequency", "weekdays", "times"]),
        "SegmentScheduleRequest": object(
            [
                "kind": ["type": "string", "enum": ["every-system-refresh", "weekly", "monthly"]],
                "weekdays": array(weekdayName), "days": array(integer),
            ],
            required: ["kind"]),
        "SegmentSchedule": object(
            [
                "kind": ["type": "string", "enum": ["every-system-refresh", "weekly", "monthly"]],
                "weekdays": array(weekday), "days": array(integer),
            ],
            required: ["kind"]),
        "SegmentScheduleInfo": object(
            [
                "segment": string, "type": ["type": "string", "enum": ["dynamic", "static", "expansion"]],
                "state": ["type": "string", "enum": ["active", "inactive"]], "schedule": ref("SegmentSchedule"),
                "isScheduled": ["type": "boolean"], "nextRefreshes": array(dateTime),
            ],
            required: ["segment", "type", "state", "schedule", "isScheduled", "nextRefreshes"]),
        "ScheduleList": object(
            ["system": ref("SystemSchedule"), "segments": array(ref("SegmentScheduleInfo"))],
            required: ["system", "segments"]),
    ]

    /// A day of the week in a request: `monday` … `sunday` or `mon` … `sun`, any case.
    static let weekdayName: JSONValue = ["type": "string", "description": "monday … sunday, or mon … sun."]

    /// A day of the week as answers name it.
    static let weekday: JSONValue = [
        "type": "string", "enum": ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"],
    ]
}
