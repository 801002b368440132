import ArgumentParsing
import Foundation
import SegmentStore
import Segments
import Workspace

extension Tool {
    static let scheduleCommand = Command(
        name: "schedule",
        abstract: "Show or set the system refresh schedule (off by default).",
        subcommands: [
            Command(
                name: "show",
                abstract: "Show the system refresh schedule and its next runs.",
                options: [workspaceOption, jsonFlag],
                action: { parsed in
                    let workspace = try openWorkspace(parsed)
                    let summary = try workspace.systemSchedule()
                    print(parsed.flag("json") ? try lifecycleJSON(summary) : summary.text(timeZone: workspace.timeZone))
                    return ExitCode.success
                }),
            Command(
                name: "set",
                abstract: "Set the system refresh schedule: off, daily or weekly, at up to four times a day.",
                discussion: """
                    Times are wall-clock times in the workspace time zone. 'audience scheduler run --once'
                    (from cron or a systemd timer) does what is due.
                    Example: audience schedule set --weekly mon,thu --at 06:00 --at 18:30
                    """,
                options: [
                    workspaceOption,
                    .flag("off", help: "No scheduled refreshes."),
                    .flag("daily", help: "Every day."),
                    .value("weekly", placeholder: "DAYS", help: "On these weekdays: mon,thu."),
                    .repeated("at", placeholder: "HH:MM", help: "A refresh time (repeat, at most 4)."),
                    jsonFlag,
                ],
                action: { parsed in
                    let times = try parsed.strings("at").flatMap { $0.split(separator: ",") }.map { text in
                        guard let time = TimeOfDay(String(text).trimmingCharacters(in: .whitespaces)) else {
                            throw ScheduleError(field: "times", reason: "\"\(text)\" is not a time of day (HH:MM, 24-hour)")
                        }
                        return time
                    }
                    let chosen = [parsed.flag("off"), parsed.flag("daily"), parsed.string("weekly") != nil].filter { $0 }.count
                    guard chosen == 1 else {
                        throw UsageError("give exactly one of --off, --daily and --weekly DAYS", commandPath: parsed.commandPath)
                    }
                    let schedule: RefreshSchedule
                    if parsed.flag("off") {
                        schedule = try RefreshSchedule(frequency: .off, weekdays: [], times: times)
                    } else if let days = list(parsed, "weekly") {
                        schedule = try RefreshSchedule.weekly(on: days.map(weekday), at: times)
                    } else {
                        schedule = try RefreshSchedule.daily(at: times)
                    }
                    let workspace = try openWorkspace(parsed)
                    let summary = try workspace.setSystemSchedule(schedule)
                    print(parsed.flag("json") ? try lifecycleJSON(summary) : summary.text(timeZone: workspace.timeZone))
                    return ExitCode.success
                }),
        ])

    static let schedulerCommand = Command(
        name: "scheduler",
        abstract: "Do scheduled work: state changes, due refreshes, daily auto-deactivation.",
        subcommands: [
            Command(
                name: "run",
                abstract: "Do whatever is due now, once (what cron or a systemd timer calls).",
                discussion: """
                    Applies scheduled activations and deactivations, refreshes the dynamic and expansion
                    segments whose refresh came due since the last run (inactive ones are recorded as
                    skipped, static ones only refresh by hand), and once a day deactivates segments
                    unused for --unused-days days (tag AutoDeactivated) unless exempt; without the option,
                    "autoDeactivationDays" in audience.json (45 when absent).
                    Example crontab line: */5 * * * * audience scheduler run --once --workspace /srv/shop
                    """,
                options: [
                    workspaceOption,
                    .flag("once", help: "Run once and exit (required; a long-running scheduler comes with 'audience serve')."),
                    .value("now", placeholder: "TIME", help: "Act as if it were this instant (for tests and backfills)."),
                    .value("unused-days", placeholder: "N", help: "Days unused before auto-deactivation (default: audience.json, else 45)."),
                    jsonFlag,
                ],
                action: { parsed in
                    guard parsed.flag("once") else {
                        throw UsageError("give --once: the scheduler does what is due and exits", commandPath: parsed.commandPath)
                    }
                    let workspace = try openWorkspace(parsed)
                    let now = try time(parsed, "now", in: workspace) ?? Date()
                    let unusedDays = try parsed.int("unused-days", minimum: 1)
                    let report = try workspace.runScheduler(now: now, autoDeactivationDays: unusedDays)
                    print(parsed.flag("json") ? try lifecycleJSON(report) : report.text)
                    return (report.refresh?.isSuccess ?? true) ? ExitCode.success : ExitCode.failure
                }),
        ])
}
