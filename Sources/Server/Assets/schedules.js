// Audience web page: refresh schedules — a segment's in its details, the system's in Settings.
// Uses the helpers of app.js ($, $$, api, element, formatTime, say, segmentPath, state, pageViews).
"use strict";

const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const capitalized = (word) => word.charAt(0).toUpperCase() + word.slice(1);

/** Seven labelled checkboxes, Monday first, in `container`. */
function weekdayBoxes(container, group) {
  container.replaceChildren(...WEEKDAYS.map((day) => element("label", { className: "choice" },
    element("input", { type: "checkbox", value: day, "data-group": group }), " " + capitalized(day).slice(0, 3))));
}

const checkedDays = (container) => $$("input:checked", container).map((box) => box.value);
function checkDays(container, days) {
  for (const box of $$("input", container)) box.checked = days.includes(box.value);
}

/** A segment schedule in words. */
function describeSegmentSchedule(schedule) {
  if (schedule.kind === "weekly") return "at the system refreshes on " + schedule.weekdays.map(capitalized).join(", ");
  if (schedule.kind === "monthly") return "at the system refreshes on day " + schedule.days.join(", ") + " of the month";
  return "at every system refresh";
}

/** The system schedule in words. */
function describeSystemSchedule(summary) {
  const schedule = summary.schedule;
  if (schedule.frequency === "off") return "Off: segments refresh only by hand.";
  const days = schedule.frequency === "daily" ? "Every day" : "On " + schedule.weekdays.map(capitalized).join(", ");
  return days + " at " + schedule.times.join(", ") + " (" + summary.timeZone + ").";
}

/** An error from the API, with the field it names. */
const problemText = (error) => (error.path ? error.path + ": " : "") + error.message;

// MARK: - A segment's schedule (segment details)

/** Shows a segment's schedule and next refreshes in its details, and sets the form to it. */
async function loadSegmentSchedule(name) {
  $("#segment-schedule-error").textContent = "";
  let info;
  try {
    info = await api("GET", segmentPath(name) + "/schedule");
  } catch (error) {
    $("#segment-schedule-now").textContent = error.message;
    return;
  }
  showSegmentSchedule(info);
}

function showSegmentSchedule(info) {
  let text = "Refreshes " + describeSegmentSchedule(info.schedule) + ". ";
  if (info.type === "static") text += "Static segments refresh only by hand, whatever the schedule says.";
  else if (info.state !== "active") text += "Inactive: scheduled refreshes skip it.";
  else if (!info.nextRefreshes.length) text += "No scheduled refresh comes (the system schedule is off or never meets these days).";
  else text += "Next: " + info.nextRefreshes.map(formatTime).join("; ") + ".";
  $("#segment-schedule-now").textContent = text;
  for (const radio of $$("[name=segment-schedule-kind]")) radio.checked = radio.value === info.schedule.kind;
  checkDays($("#segment-schedule-weekdays"), info.schedule.weekdays || []);
  $("#segment-schedule-days").value = (info.schedule.days || []).join(", ");
}

async function saveSegmentSchedule(event) {
  event.preventDefault();
  const name = state.detail && state.detail.segment.name;
  if (!name) return;
  const kind = ($("[name=segment-schedule-kind]:checked") || { value: "every-system-refresh" }).value;
  const body = { kind };
  if (kind === "weekly") body.weekdays = checkedDays($("#segment-schedule-weekdays"));
  if (kind === "monthly") {
    const parts = $("#segment-schedule-days").value.split(",").map((d) => d.trim()).filter(Boolean);
    const bad = parts.find((d) => !/^\d+$/.test(d));
    if (bad !== undefined) {
      $("#segment-schedule-error").textContent = "days: \"" + bad + "\" is not a day of the month (1 to 31)";
      $("#segment-schedule-days").focus();
      return;
    }
    body.days = parts.map(Number);
  }
  await changeSegmentSchedule(name, () => api("PUT", segmentPath(name) + "/schedule", body));
}

async function changeSegmentSchedule(name, change) {
  $("#segment-schedule-error").textContent = "";
  try {
    showSegmentSchedule(await change());
    say("Saved the schedule of " + name + ".");
  } catch (error) {
    $("#segment-schedule-error").textContent = problemText(error);
  }
}

// MARK: - The system schedule (Settings)

/** Opens `#/settings`: the system schedule and every segment's. */
async function openSettings() {
  $("#system-schedule-error").textContent = "";
  let list;
  try {
    list = await api("GET", "/api/schedules");
  } catch (error) {
    say(error.message, true);
    return;
  }
  showSystemSchedule(list.system);
  const body = $("#schedules-table tbody");
  body.replaceChildren(...list.segments.map((s) => element("tr", {},
    element("th", { scope: "row" }, element("a", { href: "#/segment/" + encodeURIComponent(s.segment), text: s.segment })),
    element("td", { text: s.type }),
    element("td", { text: s.state }),
    element("td", { text: describeSegmentSchedule(s.schedule) }),
    element("td", { text: s.isScheduled ? (s.nextRefreshes.length ? s.nextRefreshes.map(formatTime).join("; ") : "none within reach") : "not on schedule" }))));
  if (!list.segments.length) body.append(element("tr", {}, element("td", { colspan: "5", text: "No segments yet." })));
}

function showSystemSchedule(summary) {
  const next = summary.nextRuns.length ? " Next: " + summary.nextRuns.map(formatTime).join("; ") + "." : "";
  $("#system-schedule-now").textContent = describeSystemSchedule(summary) + next;
  for (const radio of $$("[name=system-frequency]")) radio.checked = radio.value === summary.schedule.frequency;
  checkDays($("#system-schedule-weekdays"), summary.schedule.weekdays);
  $("#system-schedule-times").value = summary.schedule.times.join(", ");
}

async function saveSystemSchedule(event) {
  event.preventDefault();
  const frequency = ($("[name=system-frequency]:checked") || { value: "off" }).value;
  const body = { frequency };
  if (frequency !== "off") body.times = $("#system-schedule-times").value.split(",").map((t) => t.trim()).filter(Boolean);
  if (frequency === "weekly") body.weekdays = checkedDays($("#system-schedule-weekdays"));
  await changeSystemSchedule(() => api("PUT", "/api/schedules/system", body));
}

async function changeSystemSchedule(change) {
  $("#system-schedule-error").textContent = "";
  try {
    await change();
    await openSettings();
    say("Saved the system refresh schedule.");
  } catch (error) {
    $("#system-schedule-error").textContent = problemText(error);
  }
}

pageViews.settings = openSettings;
weekdayBoxes($("#segment-schedule-weekdays"), "segment");
weekdayBoxes($("#system-schedule-weekdays"), "system");
$("#segment-schedule-form").addEventListener("submit", saveSegmentSchedule);
$("#segment-schedule-clear").addEventListener("click", () => {
  const name = state.detail && state.detail.segment.name;
  if (name) changeSegmentSchedule(name, () => api("DELETE", segmentPath(name) + "/schedule"));
});
$("#system-schedule-form").addEventListener("submit", saveSystemSchedule);
$("#system-schedule-off").addEventListener("click", () => changeSystemSchedule(() => api("DELETE", "/api/schedules/system")));
