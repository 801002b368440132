import Foundation
import SegmentStore
import Segments
import Workspace

extension APIServer {
    /// The schedule routes: the system refresh schedule and each segment's place in it
    /// (list, show, set, clear).
    ///
    /// The system schedule says when refreshes happen (off, daily or weekly, at up to four
    /// times a day); a segment's schedule picks among those refreshes (every one, some
    /// weekdays, some days of the month). Clearing the system schedule turns it off;
    /// clearing a segment's puts it back to every system refresh.
    static func addScheduleRoutes(to router: inout Router, workspace: Workspace) {
        router.add(
            "GET", "/api/schedules",
            RouteDocumentation(
                summary: "The system refresh schedule and every segment's schedule with its next refreshes.",
                tag: "schedules", responseSchema: "ScheduleList")
        ) { _ in
            let system = try workspace.systemSchedule()
            let segments = try workspace.segments().map { try segmentScheduleInfo($0, system: system.schedule, workspace: workspace) }
            return try .json(ScheduleList(system: system, segments: segments))
        }

        router.add(
            "GET", "/api/schedules/system",
            RouteDocumentation(
                summary: "The system refresh schedule, its time zone and next runs.", tag: "schedules",
                responseSchema: "SystemSchedule")
        ) { _ in
            try .json(workspace.systemSchedule())
        }

        router.add(
            "PUT", "/api/schedules/system",
            RouteDocumentation(
                summary: "Sets the system refresh schedule: off, daily or weekly, at up to four times a day (workspace time zone).",
                tag: "schedules", requestSchema: "SystemScheduleRequest", responseSchema: "SystemSchedule")
        ) { request in
            let body = try request.decodeJSON(SystemScheduleRequest.self)
            return try .json(workspace.setSystemSchedule(try systemSchedule(body)))
        }

        router.add(
            "DELETE", "/api/schedules/system",
            RouteDocumentation(
                summary: "Turns the system refresh schedule off (segments then refresh only by hand).", tag: "schedules",
                responseSchema: "SystemSchedule")
        ) { _ in
            try .json(workspace.setSystemSchedule(.off))
        }

        router.add(
            "GET", "/api/segments/{name}/schedule",
            RouteDocumentation(
                summary: "A segment's schedule and its next scheduled refreshes.", tag: "schedules",
                responseSchema: "SegmentScheduleInfo", errorStatuses: [404])
        ) { request in
            try segmentCall {
                let segment = try workspace.segmentDetail(named: request.parameter("name"), recordingView: false).segment
                return try .json(segmentScheduleInfo(segment, system: try workspace.systemSchedule().schedule, workspace: workspace))
            }
        }

        router.add(
            "PUT", "/api/segments/{name}/schedule",
            RouteDocumentation(
                summary: "Chooses which system refreshes refresh a segment: every one, some weekdays or some days of the month.",
                tag: "schedules", requestSchema: "SegmentScheduleRequest", responseSchema: "SegmentScheduleInfo",
                errorStatuses: [404])
        ) { request in
            let body = try request.decodeJSON(SegmentScheduleRequest.self)
            let schedule = try segmentSchedule(body)
            let system = try workspace.systemSchedule().schedule
            do {
                try schedule.validate(against: system)
            } catch let error as ScheduleError {
                throw HTTPError(status: 400, message: error.reason, field: error.field)
            }
            return try segmentCall {
                let segment = try workspace.setSegmentSchedule(named: request.parameter("name"), schedule)
                return try .json(segmentScheduleInfo(segment, system: system, workspace: workspace))
            }
        }

        router.add(
            "DELETE", "/api/segments/{name}/schedule",
            RouteDocumentation(
                summary: "Puts a segment back to refreshing at every system refresh.", tag: "schedules",
                responseSchema: "SegmentScheduleInfo", errorStatuses: [404])
        ) { request in
            try segmentCall {
                let segment = try workspace.setSegmentSchedule(named: request.parameter("name"), .everySystemRefresh)
                return try .json(segmentScheduleInfo(segment, system: try workspace.systemSchedule().schedule, workspace: workspace))
            }
        }
    }

    /// A segment's schedule with its next three scheduled refreshes.
    static func segmentScheduleInfo(
        _ segment: SegmentSummary, system: RefreshSchedule, workspace: Workspace, now: Date = Date()
    ) throws -> SegmentScheduleInfo {
        let type = SegmentType(rawValue: segment.type) ?? .static
        let isScheduled = type.refreshesOnSchedule && segment.state == SegmentState.active.rawValue && system.frequency != .off
        let next = isScheduled
            ? system.nextRuns(after: now, timeZone: workspace.timeZone, count: 3, for: segment.schedule) : []
        return SegmentScheduleInfo(
            segment: segment.name, type: segment.type, state: segment.state, schedule: segment.schedule,
            isScheduled: isScheduled, nextRefreshes: next)
    }

    /// The system schedule a request asks for, every field checked.
    ///
    /// - Throws: `HTTPError` 400 naming the field at fault (`weekdays[1]`, `times`).
    static func systemSchedule(_ body: SystemScheduleRequest) throws -> RefreshSchedule {
        let frequency = try choice(body.frequency, RefreshSchedule.Frequency.self, field: "frequency")
        let weekdays = try weekdays(body.weekdays ?? [], field: "weekdays")
        let times = try (body.times ?? []).enumerated().map { index, text in
            guard let time = TimeOfDay(text.trimmingCharacters(in: .whitespaces)) else {
                throw HTTPError(status: 400, message: "\"\(text)\" is not a time of day (HH:mm, 24-hour)", field: "times[\(index)]")
            }
            return time
        }
        do {
            return try RefreshSchedule(frequency: frequency, weekdays: weekdays, times: times)
        } catch let error as ScheduleError {
            throw HTTPError(status: 400, message: error.reason, field: error.field)
        }
    }

    /// The segment schedule a request asks for.
    ///
    /// - Throws: `HTTPError` 400 naming the field at fault.
    static func segmentSchedule(_ body: SegmentScheduleRequest) throws -> SegmentSchedule {
        switch body.kind {
        case "every-system-refresh":
            return .everySystemRefresh
        case "weekly":
            guard let days = body.weekdays, !days.isEmpty else {
                throw HTTPError(status: 400, message: "a weekly schedule needs at least one weekday", field: "weekdays")
            }
            return .weekly(Set(try weekdays(days, field: "weekdays")))
        case "monthly":
            guard let days = body.days, !days.isEmpty else {
                throw HTTPError(status: 400, message: "a monthly schedule needs at least one day of the month", field: "days")
            }
            for (index, day) in days.enumerated() where !(1...31).contains(day) {
                throw HTTPError(status: 400, message: "\(day) is not a day of the month (1 to 31)", field: "days[\(index)]")
            }
            return .monthly(Set(days))
        default:
            throw HTTPError(
                status: 400, message: "\"\(body.kind)\" is not one of every-system-refresh, weekly, monthly", field: "kind")
        }
    }

    /// Weekday names (`monday`, `mon`, any case) as weekdays.
    static func weekdays(_ names: [String], field: String) throws -> [Weekday] {
        try names.enumerated().map { index, name in
            guard let day = Weekday(name: name.trimmingCharacters(in: .whitespaces)) else {
                throw HTTPError(
                    status: 400, message: "\"\(name)\" is not a weekday (monday … sunday, or mon … sun)",
                    field: "\(field)[\(index)]")
            }
            return day
        }
    }
}
