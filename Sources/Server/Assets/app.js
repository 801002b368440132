// Audience web page: the Segments table, segment details, the builder and quick segments.
// Plain JavaScript, no build step, no network beyond this server's /api.
"use strict";

const TOKEN_KEY = "audience.token";
const $ = (selector, root = document) => root.querySelector(selector);
const $$ = (selector, root = document) => Array.from(root.querySelectorAll(selector));

// MARK: - API

class APIError extends Error {
  constructor(status, message, path) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

/** Calls the API with the token; answers the parsed JSON, or throws APIError. */
async function api(method, path, body) {
  const headers = { Authorization: "Bearer " + (sessionStorage.getItem(TOKEN_KEY) || "") };
  const options = { method, headers };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    options.body = JSON.stringify(body);
  }
  const response = await fetch(path, options);
  if (response.status === 204) return null;
  const type = response.headers.get("Content-Type") || "";
  const answer = type.startsWith("application/json") ? await response.json() : await response.text();
  if (!response.ok) {
    const error = answer && answer.error ? answer.error : { message: String(answer) };
    if (response.status === 401 && path !== "/api/workspace") signOut("The token was not accepted; sign in again.");
    throw new APIError(response.status, error.message || response.statusText, error.path);
  }
  return answer;
}

/** Waits for a job to finish; answers the finished job. */
async function waitForJob(job, onProgress) {
  let current = job;
  while (current.status === "queued" || current.status === "running") {
    if (onProgress) onProgress(current);
    await new Promise((resolve) => setTimeout(resolve, 300));
    current = await api("GET", "/api/jobs/" + encodeURIComponent(current.id));
  }
  return current;
}

const segmentPath = (name) => "/api/segments/" + encodeURIComponent(name);

// MARK: - Small helpers

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "className") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

const numberFormat = new Intl.NumberFormat("en-US");
const formatCount = (n) => (n === null || n === undefined ? "–" : numberFormat.format(n));

function formatTime(text) {
  if (!text) return "never";
  const date = new Date(text);
  if (isNaN(date)) return text;
  return date.toLocaleString("en-GB", { year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

function say(message, isBad = false) {
  const status = $("#status");
  status.textContent = message;
  status.classList.toggle("bad", isBad);
}

function ask(title, label, value = "") {
  const dialog = $("#prompt");
  $("#prompt-title").textContent = title;
  $("#prompt-label").textContent = label;
  const input = $("#prompt-input");
  input.value = value;
  return new Promise((resolve) => {
    const done = (result) => {
      dialog.close();
      resolve(result);
    };
    $("#prompt-form").onsubmit = (event) => {
      event.preventDefault();
      done(input.value.trim());
    };
    $("#prompt-cancel").onclick = () => done(null);
    dialog.oncancel = () => resolve(null);
    dialog.showModal();
    input.select();
  });
}

// MARK: - Sign in and views

const state = {
  workspace: null,
  catalog: null,
  columnValues: {},
  segments: [],
  selected: new Set(),
  detail: null,
  trendDays: 30,
};

function signOut(message) {
  sessionStorage.removeItem(TOKEN_KEY);
  location.hash = "#/login";
  if (message) $("#login-error").textContent = message;
  route();
}

async function signIn(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
  try {
    state.workspace = await api("GET", "/api/workspace");
  } catch (error) {
    sessionStorage.removeItem(TOKEN_KEY);
    throw error;
  }
  $("#workspace-name").textContent = state.workspace.name;
  $("#nav").hidden = false;
  $("#sign-out").hidden = false;
  loadCatalog();
}

async function loadCatalog() {
  try {
    state.catalog = await api("GET", "/api/definitions/catalog");
  } catch (error) {
    state.catalog = { attributes: [], activityTypes: [], activityFields: [], measures: [], segments: [] };
    say(error.message, true);
  }
  try {
    const schema = await api("GET", "/api/workspace/schema");
    for (const table of schema.snapshot.tables) {
      if (table.name !== "customers") continue;
      for (const column of table.columns) state.columnValues[column.name] = (column.top || []).map((t) => t.value);
    }
  } catch (_) {
    // Value suggestions are a convenience; the pickers work without them.
  }
  catalogReady.forEach((resolve) => resolve());
  catalogReady.length = 0;
}

/** Views that other page scripts add (similar.js, suggestions.js, insights.js, schedules.js): name → open(path parts). */
const pageViews = {};

const catalogReady = [];
const whenCatalog = () => (state.catalog ? Promise.resolve() : new Promise((resolve) => catalogReady.push(resolve)));

function show(view) {
  for (const section of $$(".view")) section.hidden = section.id !== "view-" + view;
  for (const link of $$("#nav a")) {
    if (link.dataset.view === view) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function route() {
  const hash = location.hash || "#/segments";
  if (!sessionStorage.getItem(TOKEN_KEY)) {
    show("login");
    $("#token").focus();
    return;
  }
  if (!state.workspace) {
    try {
      await signIn(sessionStorage.getItem(TOKEN_KEY));
    } catch (error) {
      show("login");
      $("#login-error").textContent = error.message;
      return;
    }
  }
  say("");
  const [, view, ...rest] = hash.split("/");
  const argument = rest.length ? decodeURIComponent(rest.join("/")) : null;
  if (view === "segment" && argument) {
    show("detail");
    await openDetail(argument);
  } else if (view === "builder") {
    show("builder");
    await openBuilder(argument);
  } else if (view === "quick") {
    show("quick");
    await openQuick();
  } else if (pageViews[view]) {
    show(view);
    await pageViews[view](rest.map(decodeURIComponent));
  } else {
    show("segments");
    await loadSegments();
  }
}

// MARK: - Segments table

async function loadSegments() {
  const query = new URLSearchParams();
  const search = $("#search").value.trim();
  if (search) query.set("search", search);
  if ($("#filter-type").value) query.set("type", $("#filter-type").value);
  if ($("#filter-state").value) query.set("state", $("#filter-state").value);
  if ($("#filter-tag").value.trim()) query.set("tag", $("#filter-tag").value.trim());
  try {
    const answer = await api("GET", "/api/segments" + (query.toString() ? "?" + query : ""));
    state.segments = answer.segments;
  } catch (error) {
    state.segments = [];
    say(error.status === 404 ? "This server has no segment API yet." : error.message, true);
  }
  const names = new Set(state.segments.map((s) => s.name));
  for (const name of Array.from(state.selected)) if (!names.has(name)) state.selected.delete(name);
  renderSegments();
}

function renderSegments() {
  const body = $("#segments-body");
  body.replaceChildren();
  for (const segment of state.segments) {
    const checkbox = element("input", {
      type: "checkbox",
      "aria-label": "Select " + segment.name,
      onchange: (event) => {
        if (event.target.checked) state.selected.add(segment.name);
        else state.selected.delete(segment.name);
        renderSelection();
      },
    });
    checkbox.checked = state.selected.has(segment.name);
    const status = segment.lastRunStatus || "not refreshed";
    const row = element(
      "tr",
      { "data-name": segment.name, className: state.selected.has(segment.name) ? "selected" : "" },
      element("td", { className: "check" }, checkbox),
      element("td", {}, element("a", { href: "#/segment/" + encodeURIComponent(segment.name), text: segment.name })),
      element("td", { text: segment.type }),
      element("td", {}, element("span", { className: "badge " + segment.state, text: segment.state })),
      element("td", {}, element("span", { className: "badge " + status, text: status })),
      element("td", { className: "num members", text: formatCount(segment.memberCount) }),
      element("td", { text: formatTime(segment.lastRefreshedAt) }),
      element("td", {}, ...segment.tags.map((tag) => element("span", { className: "tag", text: tag }))),
      element(
        "td",
        { className: "row-actions" },
        element("button", { type: "button", text: "Refresh", "aria-label": "Refresh " + segment.name, onclick: () => refreshSegments([segment.name]) }),
        " ",
        element("button", { type: "button", text: "Edit", "aria-label": "Edit " + segment.name, onclick: () => (location.hash = "#/builder/" + encodeURIComponent(segment.name)) }),
        " ",
        segment.type === "expansion"
          ? element("button", { type: "button", text: "Scores", "aria-label": "Similarity scores and threshold of " + segment.name, onclick: () => (location.hash = "#/similar/result/" + encodeURIComponent(segment.name)) })
          : element("button", { type: "button", text: "Find similar", "aria-label": "Find customers similar to " + segment.name, onclick: () => (location.hash = "#/similar/from/" + encodeURIComponent(segment.name)) })
      )
    );
    body.append(row);
  }
  const empty = $("#segments-empty");
  empty.hidden = state.segments.length > 0;
  empty.textContent = "No segments match. Make one with New segment or Quick segment.";
  renderSelection();
}

function renderSelection() {
  const count = state.selected.size;
  $("#selected-count").textContent = count + " selected";
  for (const button of $$("[data-bulk]")) button.disabled = count === 0;
  const all = $("#select-all");
  all.checked = count > 0 && count === state.segments.length;
  all.indeterminate = count > 0 && count < state.segments.length;
  for (const row of $$("#segments-body tr")) row.classList.toggle("selected", state.selected.has(row.dataset.name));
}

async function refreshSegments(names) {
  const label = names ? names.length + " segment" + (names.length === 1 ? "" : "s") : "all segments";
  say("Refreshing " + label + "…");
  try {
    const job = await api("POST", "/api/refresh", names ? { segments: names } : { all: true });
    const done = await waitForJob(job, (j) => say("Refreshing " + label + "… " + Math.round(100 * (j.progress || 0)) + " %"));
    if (done.status === "failed") say("Refresh failed: " + done.error.message, true);
    else {
      const runs = (done.result && done.result.runs) || [];
      const failed = runs.filter((r) => r.status === "failed");
      say(failed.length ? failed.length + " of " + runs.length + " refreshes failed: " + failed.map((r) => r.segment + ": " + r.message).join("; ") : "Refreshed " + label + ".", failed.length > 0);
    }
  } catch (error) {
    say(error.message, true);
  }
  await route();
}

async function bulk(action) {
  const names = Array.from(state.selected);
  if (!names.length) return;
  if (action === "refresh") return refreshSegments(names);
  if (action === "delete" && !confirm("Delete " + names.length + " segment(s)? This cannot be undone.")) return;
  const problems = [];
  for (const name of names) {
    try {
      if (action === "delete") await api("DELETE", segmentPath(name));
      else await api("PATCH", segmentPath(name), { state: action === "activate" ? "active" : "inactive" });
    } catch (error) {
      problems.push(name + ": " + error.message);
    }
  }
  if (action === "delete") state.selected.clear();
  say(problems.length ? problems.join("; ") : "Done.", problems.length > 0);
  await loadSegments();
}

// MARK: - Segment details

async function openDetail(name) {
  $("#detail-title").textContent = name;
  if (!state.detail || state.detail.segment.name !== name) {
    state.detail = null;
    for (const id of ["#detail-facts", "#trend-chart", "#runs-table tbody", "#preview-table thead", "#preview-table tbody"]) $(id).replaceChildren();
    $("#detail-definition").textContent = "";
    $("#trend-readout").textContent = "";
  }
  let detail;
  try {
    detail = await api("GET", segmentPath(name));
  } catch (error) {
    say(error.message, true);
    return;
  }
  state.detail = detail;
  const segment = detail.segment;
  const facts = $("#detail-facts");
  facts.replaceChildren();
  const fact = (label, value, id) => facts.append(element("div", {}, element("dt", { text: label }), element("dd", { text: value, id })));
  fact("Members", formatCount(segment.memberCount), "detail-members");
  fact("Type", segment.type);
  fact("State", segment.state);
  fact("Last run", segment.lastRunStatus || "not refreshed");
  fact("Last refreshed", formatTime(segment.lastRefreshedAt));
  fact("Tags", segment.tags.length ? segment.tags.join(", ") : "none");
  if (segment.description) fact("Description", segment.description);
  $("[data-action=toggle-state]").textContent = segment.state === "active" ? "Deactivate" : "Activate";
  $("[data-action=toggle-type]").textContent = segment.type === "static" ? "Make dynamic" : "Make static";
  $("[data-action=toggle-type]").hidden = segment.type === "expansion";
  $("#detail-definition").textContent = detail.definition;
  renderRuns(detail.recentRuns || []);
  await Promise.all([loadTrend(name), loadPreview(name), loadExports(name), loadSegmentSchedule(name)]);
}

async function loadExports(name) {
  const body = $("#exports-table tbody");
  let exports = [];
  try {
    exports = (await api("GET", "/api/exports")).exports;
  } catch (error) {
    body.replaceChildren(element("tr", {}, element("td", { colspan: "5", text: error.message })));
    return;
  }
  const mine = exports.filter((e) => e.segments.includes(name));
  body.replaceChildren(...mine.map((e) => element("tr", {},
    element("td", { text: e.name }),
    element("td", { text: e.path }),
    element("td", { text: e.fields.join(", ") }),
    element("td", { text: e.trigger }),
    element("td", { className: "row-actions" },
      element("button", { type: "button", text: "Run now", "aria-label": "Run export " + e.name, onclick: () => runExport(e.name) }), " ",
      element("button", { type: "button", text: "Remove", "aria-label": "Remove from export " + e.name, onclick: () => exportChange(() => api("DELETE", "/api/exports/" + encodeURIComponent(e.name) + "/segments/" + encodeURIComponent(name)), name) })))));
  if (!mine.length) body.append(element("tr", {}, element("td", { colspan: "5", text: "In no export." })));
  const others = exports.filter((e) => !e.segments.includes(name));
  $("#export-add").replaceChildren(...others.map((e) => element("option", { value: e.name, text: e.name })));
  $("#export-add").disabled = $("#export-add-button").disabled = others.length === 0;
}

async function exportChange(change, name) {
  try {
    await change();
  } catch (error) {
    say(error.message, true);
  }
  await loadExports(name);
}

async function runExport(exportName) {
  say("Running export " + exportName + "…");
  try {
    const job = await waitForJob(await api("POST", "/api/exports/" + encodeURIComponent(exportName) + "/run"));
    const run = job.result || {};
    if (job.status === "failed") say("Export failed: " + job.error.message, true);
    else if (run.status === "failed") say("Export " + exportName + " failed: " + run.message, true);
    else say("Export " + exportName + " wrote " + formatCount(run.rowCount) + " rows.");
  } catch (error) {
    say(error.message, true);
  }
}

function renderRuns(runs) {
  const body = $("#runs-table tbody");
  body.replaceChildren();
  for (const run of runs) {
    body.append(
      element(
        "tr",
        {},
        element("td", { text: formatTime(run.startedAt || run.queuedAt) }),
        element("td", { text: run.trigger }),
        element("td", {}, element("span", { className: "badge " + run.status, text: run.status })),
        element("td", { className: "num", text: formatCount(run.memberCount) }),
        element("td", { className: "num", text: formatCount(run.enteredCount) }),
        element("td", { className: "num", text: formatCount(run.exitedCount) }),
        element("td", { className: "num", text: run.durationMilliseconds === null || run.durationMilliseconds === undefined ? "–" : run.durationMilliseconds + " ms" }),
        element("td", { className: "message", text: run.message || "" })
      )
    );
  }
  if (!runs.length) body.append(element("tr", {}, element("td", { colspan: "8", text: "Not refreshed yet." })));
}

async function loadPreview(name) {
  const table = $("#preview-table");
  try {
    const preview = await api("GET", segmentPath(name) + "/members");
    $("#preview-title").textContent = "First members (" + preview.rows.length + " of " + formatCount(preview.memberCount) + ")";
    table.tHead.replaceChildren(element("tr", {}, ...preview.fields.map((f) => element("th", { scope: "col", text: f }))));
    const body = table.tBodies[0];
    body.replaceChildren(...preview.rows.map((row) => element("tr", {}, ...row.map((v) => element("td", { text: v === null ? "" : v })))));
  } catch (error) {
    table.tBodies[0].replaceChildren(element("tr", {}, element("td", { text: error.message })));
  }
}

async function loadTrend(name) {
  for (const button of $$("#trend-range button")) button.setAttribute("aria-pressed", String(Number(button.dataset.days) === state.trendDays));
  try {
    const trend = await api("GET", segmentPath(name) + "/history?days=" + state.trendDays);
    drawTrend(trend.points);
  } catch (error) {
    $("#trend-chart").replaceChildren(element("p", { className: "empty", text: error.message }));
  }
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

/** Draws the member-count trend as an inline SVG line chart; hover or focus a point for its count. */
function drawTrend(points) {
  const chart = $("#trend-chart");
  const readout = $("#trend-readout");
  chart.replaceChildren();
  readout.textContent = "";
  if (!points.length) {
    chart.append(element("p", { className: "empty", text: "No refreshes in this time frame." }));
    return;
  }
  const width = 720, height = 220, left = 56, right = 12, top = 12, bottom = 26;
  const counts = points.map((p) => p.memberCount);
  let low = Math.min(...counts), high = Math.max(...counts);
  if (low === high) { low = Math.max(0, low - 1); high = high + 1; }
  const x = (i) => left + (points.length === 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (points.length - 1));
  const y = (v) => top + (height - top - bottom) * (1 - (v - low) / (high - low));
  const last = points[points.length - 1];
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Member count per day over ${points.length} days, from ${formatCount(points[0].memberCount)} on ${points[0].day} to ${formatCount(last.memberCount)} on ${last.day}` });
  root.append(svg("line", { class: "axis", x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
  for (const value of [low, (low + high) / 2, high]) {
    const label = svg("text", { x: left - 6, y: y(value) + 4, "text-anchor": "end" });
    label.textContent = formatCount(Math.round(value));
    root.append(label, svg("line", { class: "axis", x1: left, x2: width - right, y1: y(value), y2: y(value) }));
  }
  const step = Math.max(1, Math.ceil(points.length / 7));
  points.forEach((p, i) => {
    if (i % step !== 0 && i !== points.length - 1) return;
    const label = svg("text", { x: x(i), y: height - 8, "text-anchor": "middle" });
    label.textContent = p.day.slice(5);
    root.append(label);
  });
  const path = points.map((p, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(p.memberCount).toFixed(1)}`).join(" ");
  root.append(svg("path", { class: "area", d: `${path} L${x(points.length - 1)},${height - bottom} L${x(0)},${height - bottom} Z` }));
  root.append(svg("path", { class: "line", d: path }));
  const guide = svg("line", { class: "guide", y1: top, y2: height - bottom, x1: 0, x2: 0, visibility: "hidden" });
  root.append(guide);
  const circles = points.map((p, i) => {
    const circle = svg("circle", { class: "point", cx: x(i), cy: y(p.memberCount), r: points.length > 60 ? 2.5 : 4, tabindex: "0", "aria-label": `${p.day}: ${formatCount(p.memberCount)} members` });
    const title = svg("title");
    title.textContent = `${p.day}: ${formatCount(p.memberCount)} members`;
    circle.append(title);
    circle.addEventListener("focus", () => highlight(i));
    root.append(circle);
    return circle;
  });
  function highlight(i) {
    const p = points[i];
    circles.forEach((c, j) => c.classList.toggle("hot", i === j));
    guide.setAttribute("x1", x(i));
    guide.setAttribute("x2", x(i));
    guide.setAttribute("visibility", "visible");
    readout.textContent = `${p.day}: ${formatCount(p.memberCount)} members (+${formatCount(p.enteredCount)} entered, −${formatCount(p.exitedCount)} exited, ${p.refreshCount} refresh${p.refreshCount === 1 ? "" : "es"})`;
  }
  root.addEventListener("mousemove", (event) => {
    const box = root.getBoundingClientRect();
    const px = ((event.clientX - box.left) / box.width) * width;
    let best = 0;
    points.forEach((_, i) => { if (Math.abs(x(i) - px) < Math.abs(x(best) - px)) best = i; });
    highlight(best);
  });
  chart.append(root);
}

async function downloadCSV(name) {
  say("Preparing the CSV of " + name + "…");
  const response = await fetch(segmentPath(name) + "/members.csv", { headers: { Authorization: "Bearer " + sessionStorage.getItem(TOKEN_KEY) } });
  if (!response.ok) {
    say("Download failed: " + response.status, true);
    return;
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = element("a", { href: url, download: name.replace(/[^A-Za-z0-9._-]+/g, "_") + ".csv" });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  say("Downloaded the members of " + name + ".");
}

async function detailAction(action) {
  const detail = state.detail;
  if (!detail) return;
  const name = detail.segment.name;
  try {
    switch (action) {
      case "refresh":
        return refreshSegments([name]);
      case "edit":
        location.hash = "#/builder/" + encodeURIComponent(name);
        return;
      case "download":
        return downloadCSV(name);
      case "duplicate": {
        const copy = await ask("Duplicate segment", "Name of the copy", name + " copy");
        if (!copy) return;
        await api("POST", segmentPath(name) + "/duplicate", { name: copy });
        location.hash = "#/segment/" + encodeURIComponent(copy);
        return;
      }
      case "rename": {
        const newName = await ask("Rename segment", "New name", name);
        if (!newName || newName === name) return;
        await api("POST", segmentPath(name) + "/rename", { name: newName });
        location.hash = "#/segment/" + encodeURIComponent(newName);
        return;
      }
      case "tags": {
        const text = await ask("Tags", "Tags, separated by commas", detail.segment.tags.join(", "));
        if (text === null) return;
        const wanted = text.split(",").map((t) => t.trim()).filter(Boolean);
        const current = detail.segment.tags;
        await api("PATCH", segmentPath(name), {
          addTags: wanted.filter((t) => !current.includes(t)),
          removeTags: current.filter((t) => !wanted.includes(t)),
        });
        break;
      }
      case "schedule": {
        const next = detail.segment.state === "active" ? "inactive" : "active";
        const when = await ask("Schedule " + (next === "active" ? "activation" : "deactivation"), "When (2025-07-01 or 2025-07-01T09:00)", "");
        if (!when) return;
        await api("PATCH", segmentPath(name), { state: next, stateAt: when });
        say((next === "active" ? "Activation" : "Deactivation") + " of " + name + " scheduled for " + when + ".");
        break;
      }
      case "toggle-state":
        await api("PATCH", segmentPath(name), { state: detail.segment.state === "active" ? "inactive" : "active" });
        break;
      case "toggle-type":
        await api("PATCH", segmentPath(name), { type: detail.segment.type === "static" ? "dynamic" : "static" });
        break;
      case "delete":
        if (!confirm("Delete " + name + "? This cannot be undone.")) return;
        await api("DELETE", segmentPath(name));
        location.hash = "#/segments";
        return;
    }
    await openDetail(name);
  } catch (error) {
    say(error.message, true);
  }
}

// MARK: - Definition text

const KEYWORDS = new Set("and or not in did measure of where any within from union intersect except segment is between ignoring case true false".split(" "));

function fieldName(name) {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !KEYWORDS.has(name.toLowerCase()) ? name : "`" + name.replace(/`/g, "") + "`";
}

function quoted(text) {
  return '"' + String(text).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\t/g, "\\t") + '"';
}

/** The operators offered for a field type: [label, needs (none|one|two|list|window)]. */
function operatorsFor(type) {
  const empty = [["is empty", "none"], ["is not empty", "none"]];
  switch (type) {
    case "number":
      return [["=", "one"], ["!=", "one"], [">", "one"], [">=", "one"], ["<", "one"], ["<=", "one"], ["between", "two"], ["in", "list"], ...empty];
    case "boolean":
      return [["is true", "none"], ["is false", "none"], ...empty];
    case "date":
    case "datetime":
      return [["within last", "window"], ["not within last", "window"], ["before", "one"], ["after", "one"], ["on", "one"], ["between", "two"], ...empty];
    default:
      return [["=", "one"], ["!=", "one"], ["in", "list"], ["not in", "list"], ["contains", "one"], ["starts with", "one"], ["ends with", "one"], ...empty];
  }
}

function literal(value, type) {
  const text = String(value ?? "").trim();
  if (type === "number" || type === "date" || type === "datetime") return text || "0";
  return quoted(text);
}

/** One condition of the form in the text syntax. */
function conditionText(condition) {
  switch (condition.kind) {
    case "subrule": {
      const parts = condition.conditions.map(conditionText).filter(Boolean);
      return parts.length ? "(" + parts.join(" " + condition.join + " ") + ")" : "";
    }
    case "segment":
      return condition.segment ? (condition.negate ? "not in segment " : "in segment ") + quoted(condition.segment) : "";
    case "activity": {
      if (!condition.activity) return "";
      const window = condition.days ? " within last " + condition.days + " days" : "";
      if (condition.op === "did not do") return "did not do " + condition.activity + window;
      return "count(" + condition.activity + window + ") " + condition.op + " " + (condition.value || "0");
    }
    case "measure":
    case "attribute": {
      const name = condition.kind === "measure" ? condition.measure : condition.field;
      if (!name) return "";
      const type = condition.kind === "measure" ? "number" : typeOf(name);
      const prefix = (condition.kind === "measure" ? "measure " : "") + fieldName(name) + " ";
      const op = condition.op || operatorsFor(type)[0][0];
      const needs = (operatorsFor(type).find((o) => o[0] === op) || [op, "one"])[1];
      switch (needs) {
        case "none": return prefix + op;
        case "two": return prefix + "between " + literal(condition.value, type) + " and " + literal(condition.value2, type);
        case "window": return prefix + op + " " + (parseInt(condition.value, 10) || 30) + " " + (condition.unit || "days");
        case "list": {
          const items = String(condition.value || "").split(",").map((v) => v.trim()).filter(Boolean);
          return prefix + op + " (" + (items.length ? items.map((v) => literal(v, type)).join(", ") : literal("", type)) + ")";
        }
        default: return prefix + op + " " + literal(condition.value, type);
      }
    }
    case "text":
      return (condition.text || "").trim();
  }
  return "";
}

function definitionText(rules) {
  return rules
    .map((rule, i) => {
      const body = rule.conditions.map(conditionText).filter(Boolean).join(" " + rule.join + " ");
      return (i ? rule.combine + " " : "") + body;
    })
    .filter((line, i) => line && !(i && /^(union|intersect|except) $/.test(line)))
    .join("\n");
}

function typeOf(attribute) {
  const found = state.catalog && state.catalog.attributes.find((a) => a.name === attribute);
  return found ? found.type : "text";
}

// MARK: - Builder form

const builder = { rules: [], editing: null, textEdited: false, lastCounts: [] };

function newCondition() {
  const first = state.catalog && state.catalog.attributes.find((a) => a.name !== "customer_id");
  return { kind: "attribute", field: first ? first.name : "", op: "", value: "" };
}

async function openBuilder(name) {
  await whenCatalog();
  builder.editing = name;
  builder.textEdited = false;
  builder.rules = [{ join: "and", conditions: [newCondition()] }];
  $("#builder-title").textContent = name ? "Edit " + name : "New segment";
  $("#segment-name").value = name || "";
  $("#segment-name").disabled = !!name;
  $("#segment-type").disabled = !!name;
  $("#segment-description").value = "";
  $("#builder-error").textContent = "";
  $("#problems").replaceChildren();
  syncTextMode();
  renderRules();
  if (name) {
    try {
      const detail = await api("GET", segmentPath(name));
      $("#segment-description").value = detail.segment.description || "";
      $("#definition-text").value = detail.definition;
      builder.textEdited = true;
      syncTextMode();
      checkText();
      return;
    } catch (error) {
      say(error.message, true);
    }
  }
  formChanged();
  $("#segment-name").focus();
}

function syncTextMode() {
  $("#rules").disabled = builder.textEdited;
  $("#back-to-form").hidden = !builder.textEdited;
}

function renderRules() {
  const list = $("#rules-list");
  list.replaceChildren();
  builder.rules.forEach((rule, index) => {
    const box = element("div", { className: "rule", role: "group", "aria-label": "Rule " + (index + 1) });
    if (index > 0) {
      const combine = element("select", { "aria-label": "How rule " + (index + 1) + " combines with the rules before it", onchange: (e) => { rule.combine = e.target.value; formChanged(); } },
        ...["union", "intersect", "except"].map((op) => element("option", { value: op, text: op })));
      combine.value = rule.combine;
      box.append(element("div", { className: "combine" }, combine));
    }
    const head = element("div", { className: "rule-head" },
      element("span", { className: "title", text: "Rule " + (index + 1) }),
      joinPicker(rule, "Join of rule " + (index + 1)),
      element("span", { className: "count", "data-rule-count": String(index) }),
      builder.rules.length > 1 ? element("button", { type: "button", className: "remove", text: "Remove rule", onclick: () => { builder.rules.splice(index, 1); renderRules(); formChanged(); } }) : null);
    box.append(head, conditionList(rule, "rule " + (index + 1)));
    list.append(box);
  });
  showRuleCounts();
}

function joinPicker(group, label) {
  const select = element("select", { "aria-label": label, onchange: (e) => { group.join = e.target.value; formChanged(); } },
    element("option", { value: "and", text: "all of (AND)" }), element("option", { value: "or", text: "any of (OR)" }));
  select.value = group.join;
  return select;
}

function conditionList(group, label) {
  const box = element("div", {});
  group.conditions.forEach((condition, index) => {
    box.append(conditionRow(group, condition, index, label + ", condition " + (index + 1)));
  });
  box.append(
    element("button", { type: "button", text: "Add condition", onclick: () => { group.conditions.push(newCondition()); renderRules(); formChanged(); } }),
    " ",
    element("button", { type: "button", text: "Add subrule", onclick: () => { group.conditions.push({ kind: "subrule", join: "or", conditions: [newCondition()] }); renderRules(); formChanged(); } })
  );
  return box;
}

function conditionRow(group, condition, index, label) {
  const row = element("div", { className: "condition", role: "group", "aria-label": label });
  const remove = element("button", { type: "button", className: "remove", "aria-label": "Remove " + label, text: "×", onclick: () => { group.conditions.splice(index, 1); if (!group.conditions.length) group.conditions.push(newCondition()); renderRules(); formChanged(); } });
  if (condition.kind === "subrule") {
    const box = element("div", { className: "subrule" }, element("div", { className: "rule-head" }, element("span", { text: "Subrule" }), joinPicker(condition, "Join of " + label)), conditionList(condition, label));
    row.append(box, remove);
    return row;
  }
  const kind = element("select", { "aria-label": "Kind of " + label, onchange: (e) => { Object.assign(condition, { kind: e.target.value, op: "", value: "", value2: "" }); renderRules(); formChanged(); } },
    element("option", { value: "attribute", text: "Attribute" }),
    element("option", { value: "measure", text: "Measure" }),
    element("option", { value: "activity", text: "Activity" }),
    element("option", { value: "segment", text: "Segment" }),
    element("option", { value: "text", text: "Text" }));
  kind.value = condition.kind;
  row.append(kind);
  const changed = (key) => (e) => { condition[key] = e.target.value; formChanged(); };
  const rerender = (key) => (e) => { condition[key] = e.target.value; condition.op = ""; renderRules(); formChanged(); };
  const catalog = state.catalog;
  if (condition.kind === "attribute" || condition.kind === "measure") {
    const names = condition.kind === "attribute" ? catalog.attributes.map((a) => a.name) : catalog.measures.map((m) => m.name);
    const key = condition.kind === "attribute" ? "field" : "measure";
    if (!condition[key] && names.length) condition[key] = names[0];
    const picker = element("select", { "aria-label": (condition.kind === "attribute" ? "Attribute of " : "Measure of ") + label, onchange: rerender(key) }, ...names.map((n) => element("option", { value: n, text: n })));
    picker.value = condition[key];
    const type = condition.kind === "measure" ? "number" : typeOf(condition[key]);
    const operators = operatorsFor(type);
    if (!operators.some((o) => o[0] === condition.op)) condition.op = operators[0][0];
    const op = element("select", { "aria-label": "Operator of " + label, onchange: (e) => { condition.op = e.target.value; renderRules(); formChanged(); } }, ...operators.map((o) => element("option", { value: o[0], text: o[0] })));
    op.value = condition.op;
    row.append(picker, op);
    const needs = operators.find((o) => o[0] === condition.op)[1];
    const listID = "values-" + Math.random().toString(36).slice(2);
    const inputType = type === "date" || type === "datetime" ? "date" : "text";
    if (needs === "one" || needs === "list" || needs === "two") {
      const suggestions = condition.kind === "attribute" ? state.columnValues[condition[key]] || [] : [];
      row.append(element("input", { className: "value", type: needs === "list" ? "text" : inputType, "aria-label": (needs === "two" ? "From value of " : "Value of ") + label, value: condition.value || "", placeholder: needs === "list" ? "a, b, c" : "value", list: suggestions.length ? listID : null, oninput: changed("value") }));
      if (suggestions.length) row.append(element("datalist", { id: listID }, ...suggestions.map((v) => element("option", { value: v }))));
    }
    if (needs === "two") row.append(element("span", { text: "and" }), element("input", { className: "value", type: inputType, "aria-label": "To value of " + label, value: condition.value2 || "", oninput: changed("value2") }));
    if (needs === "window") {
      row.append(element("input", { className: "value", type: "number", min: "1", "aria-label": "Amount of " + label, value: condition.value || "30", oninput: changed("value") }));
      const unit = element("select", { "aria-label": "Unit of " + label, onchange: changed("unit") }, ...["days", "weeks", "months", "years"].map((u) => element("option", { value: u, text: u })));
      unit.value = condition.unit || "days";
      row.append(unit);
    }
  } else if (condition.kind === "activity") {
    if (!condition.activity && catalog.activityTypes.length) condition.activity = catalog.activityTypes[0];
    if (!condition.op) condition.op = ">=";
    const type = element("select", { "aria-label": "Activity type of " + label, onchange: changed("activity") }, ...catalog.activityTypes.map((t) => element("option", { value: t, text: t })));
    type.value = condition.activity;
    const op = element("select", { "aria-label": "Test of " + label, onchange: (e) => { condition.op = e.target.value; renderRules(); formChanged(); } }, ...[">=", ">", "=", "<", "<=", "did not do"].map((o) => element("option", { value: o, text: o === "did not do" ? "did not do" : "count " + o })));
    op.value = condition.op;
    row.append(type, op);
    if (condition.op !== "did not do") row.append(element("input", { className: "value", type: "number", min: "0", "aria-label": "Count of " + label, value: condition.value || "1", oninput: changed("value") }));
    row.append(element("span", { text: "within last" }), element("input", { className: "value", type: "number", min: "1", "aria-label": "Days of " + label, value: condition.days || "", placeholder: "all time", oninput: changed("days") }), element("span", { text: "days" }));
  } else if (condition.kind === "segment") {
    if (!condition.segment && catalog.segments.length) condition.segment = catalog.segments[0];
    const negate = element("select", { "aria-label": "In or not in, " + label, onchange: (e) => { condition.negate = e.target.value === "not"; formChanged(); } }, element("option", { value: "in", text: "in segment" }), element("option", { value: "not", text: "not in segment" }));
    negate.value = condition.negate ? "not" : "in";
    const picker = element("select", { "aria-label": "Segment of " + label, onchange: changed("segment") }, ...catalog.segments.map((s) => element("option", { value: s, text: s })));
    picker.value = condition.segment || "";
    row.append(negate, picker);
  } else {
    row.append(element("input", { className: "value wide-text", "aria-label": "Condition text of " + label, value: condition.text || "", placeholder: 'e.g. sum(amount of purchase within last 90 days) > 100', size: "48", oninput: changed("text") }));
  }
  row.append(remove);
  return row;
}


function formChanged() {
  if (builder.textEdited) return;
  $("#definition-text").value = definitionText(builder.rules);
  estimateSoon();
}

const estimateSoon = debounce(() => estimate(), 250);
let estimateSerial = 0;

/** Validates and estimates the text box: problems, or the count and per-rule counts. */
async function estimate() {
  const text = $("#definition-text").value.trim();
  const serial = ++estimateSerial;
  const problems = $("#problems");
  delete $("#estimate").dataset.definition;
  if (!text) {
    problems.replaceChildren();
    $("#estimate-count").textContent = "–";
    $("#estimate-note").textContent = "Add a condition to see the size.";
    $("#estimate-rules").replaceChildren();
    return;
  }
  try {
    const check = await api("POST", "/api/definitions/validate", { definition: text });
    if (serial !== estimateSerial) return;
    problems.replaceChildren(...check.problems.map((p) => element("li", { text: p.text })));
    if (!check.valid) {
      clearEstimate("Fix the problems above to see the size.");
      return;
    }
    const result = await api("POST", "/api/definitions/estimate", { definition: text });
    if (serial !== estimateSerial) return;
    $("#estimate-count").textContent = formatCount(result.memberCount) + " customers";
    $("#estimate").dataset.definition = text;
    $("#estimate-note").textContent = result.percent.toFixed(1) + " % of " + formatCount(result.customerCount) + " as of " + result.asOf.slice(0, 10);
    builder.lastCounts = result.rules;
    $("#estimate-rules").replaceChildren(...(result.rules.length > 1 ? result.rules.map((r) => element("li", { text: (r.combine ? r.combine + ": " : "") + formatCount(r.count) + " on its own → " + formatCount(r.runningCount) + " so far" })) : []));
    showRuleCounts();
  } catch (error) {
    if (serial !== estimateSerial) return;
    problems.replaceChildren(element("li", { text: error.message }));
    clearEstimate("No size while the definition has problems.");
  }
}

/** Drops the last size and rule counts, so a stale estimate never shows beside problems. */
function clearEstimate(note) {
  $("#estimate-count").textContent = "–";
  $("#estimate-note").textContent = note;
  $("#estimate-rules").replaceChildren();
  builder.lastCounts = [];
  showRuleCounts();
}

function showRuleCounts() {
  for (const span of $$("[data-rule-count]")) {
    const count = builder.textEdited ? null : builder.lastCounts[Number(span.dataset.ruleCount)];
    span.textContent = count ? formatCount(count.count) + " customers" : "";
  }
}

const checkText = estimateSoon;

async function saveSegment(event) {
  event.preventDefault();
  const error = $("#builder-error");
  error.textContent = "";
  const name = $("#segment-name").value.trim();
  const definition = $("#definition-text").value.trim();
  if (!name) { error.textContent = "Give the segment a name."; $("#segment-name").focus(); return; }
  try {
    if (builder.editing) {
      await api("PATCH", segmentPath(builder.editing), { definition, description: $("#segment-description").value });
    } else {
      await api("POST", "/api/segments", { name, definition, type: $("#segment-type").value, description: $("#segment-description").value });
    }
    location.hash = "#/segment/" + encodeURIComponent(name);
    loadCatalog();
  } catch (failure) {
    error.textContent = (failure.path ? failure.path + ": " : "") + failure.message;
  }
}

// MARK: - Quick segment

const quick = { condition: null, asked: 0 };

async function openQuick() {
  await whenCatalog();
  quick.condition = newCondition();
  renderQuick();
  $("#quick-name").value = "";
  $("#quick-error").textContent = "";
  $("#quick-count").textContent = "–";
  $("#quick-note").textContent = "";
  quickDistributionBox().replaceChildren();
}

/** The box under the estimate that shows the field's distribution (made on first use). */
function quickDistributionBox() {
  let box = $("#quick-distribution");
  if (!box) {
    box = element("div", { id: "quick-distribution", className: "distribution" });
    $("#quick-form .estimate").after(box);
  }
  return box;
}

/**
 * The field's distribution from `POST /api/definitions/quick`: the top values of a category
 * with their counts, or the percentiles of a number or date, and how many are empty.
 */
function drawQuickDistribution(result) {
  const box = quickDistributionBox();
  const parts = [];
  const empty = result.emptyCount ? ", " + formatCount(result.emptyCount) + " empty" : "";
  if (result.topValues && result.topValues.length) {
    const top = Math.max(...result.topValues.map((v) => v.count));
    const rows = result.topValues.map((v) => element("tr", {},
      element("th", { scope: "row", text: v.value }),
      element("td", { className: "num", text: formatCount(v.count) }),
      element("td", { className: "num", text: (100 * v.count / Math.max(1, result.customers)).toFixed(1) + " %" }),
      element("td", {}, element("meter", { min: "0", max: String(top), value: String(v.count), "aria-hidden": "true" }))));
    parts.push(element("table", { className: "grid" },
      element("caption", { text: "Most frequent values of " + result.field + " among " + formatCount(result.customers) + " customers" + empty }),
      element("thead", {}, element("tr", {},
        element("th", { scope: "col", text: "Value" }), element("th", { scope: "col", text: "Customers" }),
        element("th", { scope: "col", text: "Share" }), element("th", { scope: "col", text: "", "aria-hidden": "true" }))),
      element("tbody", {}, ...rows)));
  } else if (result.percentiles && result.percentiles.length) {
    parts.push(element("table", { className: "grid" },
      element("caption", { text: "Percentiles of " + result.field + " among " + formatCount(result.customers) + " customers" + empty }),
      element("thead", {}, element("tr", {}, ...result.percentiles.map((p) => element("th", { scope: "col", text: "P" + p.percentile })))),
      element("tbody", {}, element("tr", {}, ...result.percentiles.map((p) => element("td", { className: "num", text: p.text }))))));
  } else {
    parts.push(element("p", { className: "note", text: "No values of " + result.field + " to show" + empty + "." }));
  }
  box.replaceChildren(...parts);
}

function renderQuick() {
  const group = { join: "and", conditions: [quick.condition] };
  const box = $("#quick-condition");
  box.replaceChildren(conditionRow(group, quick.condition, 0, "the condition"));
  const remove = $(".remove", box);
  if (remove) remove.remove();
}

const quickEstimate = debounce(async () => {
  const text = conditionText(quick.condition);
  if (!text) return;
  const asked = ++quick.asked;
  const onField = quick.condition.kind === "attribute" || quick.condition.kind === "measure";
  try {
    // A condition on an attribute or measure gets its size and the field's distribution;
    // other kinds (activity, segment, text) only their size.
    const result = onField
      ? await api("POST", "/api/definitions/quick", { condition: text })
      : await api("POST", "/api/definitions/estimate", { definition: text });
    if (asked !== quick.asked) return;  // a later change has been sent since
    const count = onField ? result.count : result.memberCount;
    $("#quick-count").textContent = formatCount(count) + " customers";
    $("#quick-note").textContent = result.percent.toFixed(1) + " % · " + (onField ? result.condition : result.definition);
    if (onField) drawQuickDistribution(result);
    else quickDistributionBox().replaceChildren();
    $("#quick-error").textContent = "";
  } catch (error) {
    if (asked !== quick.asked) return;
    $("#quick-count").textContent = "–";
    quickDistributionBox().replaceChildren();
    $("#quick-error").textContent = error.message;
  }
}, 250);

async function saveQuick(event) {
  event.preventDefault();
  const name = $("#quick-name").value.trim();
  if (!name) { $("#quick-error").textContent = "Give the segment a name."; return; }
  try {
    await api("POST", "/api/segments", { name, definition: conditionText(quick.condition), type: "dynamic" });
    location.hash = "#/segment/" + encodeURIComponent(name);
  } catch (error) {
    $("#quick-error").textContent = error.message;
  }
}

// MARK: - Wiring

function start() {
  $("#login-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("#login-error").textContent = "";
    try {
      await signIn($("#token").value.trim());
      $("#token").value = "";
      if (location.hash === "#/login" || !location.hash) location.hash = "#/segments";
      else route();
    } catch (error) {
      $("#login-error").textContent = error.status === 401 ? "That token is not this workspace's token." : error.message;
    }
  });
  $("#sign-out").addEventListener("click", () => {
    state.workspace = null;
    $("#nav").hidden = true;
    $("#sign-out").hidden = true;
    signOut();
  });
  const reload = debounce(loadSegments, 200);
  $("#filters").addEventListener("input", reload);
  $("#filters").addEventListener("submit", (e) => { e.preventDefault(); loadSegments(); });
  $("#select-all").addEventListener("change", (event) => {
    state.selected = new Set(event.target.checked ? state.segments.map((s) => s.name) : []);
    renderSegments();
  });
  for (const button of $$("[data-bulk]")) button.addEventListener("click", () => bulk(button.dataset.bulk));
  $("#refresh-all").addEventListener("click", () => refreshSegments(null));
  for (const button of $$("#detail-actions [data-action]")) button.addEventListener("click", () => detailAction(button.dataset.action));
  $("#export-add-button").addEventListener("click", () => {
    const target = $("#export-add").value;
    const name = state.detail && state.detail.segment.name;
    if (target && name) exportChange(() => api("POST", "/api/exports/" + encodeURIComponent(target) + "/segments", { segment: name }), name);
  });
  $("#export-new").addEventListener("click", async () => {
    const name = state.detail && state.detail.segment.name;
    if (!name) return;
    const exportName = await ask("New export", "Export name (files go to exports/NAME in the workspace)", "");
    if (!exportName) return;
    const fields = await ask("New export", "Fields, separated by commas: id, customer attributes, measures", "id");
    if (fields === null) return;
    exportChange(() => api("POST", "/api/exports", { name: exportName, fields: fields.split(",").map((f) => f.trim()).filter(Boolean), segments: [name] }), name);
  });
  for (const button of $$("#trend-range button")) {
    button.addEventListener("click", () => {
      state.trendDays = Number(button.dataset.days);
      if (state.detail) loadTrend(state.detail.segment.name);
    });
  }
  $("#add-rule").addEventListener("click", () => {
    builder.rules.push({ combine: "union", join: "and", conditions: [newCondition()] });
    renderRules();
    formChanged();
  });
  $("#definition-text").addEventListener("input", () => {
    builder.textEdited = true;
    syncTextMode();
    showRuleCounts();
    estimateSoon();
  });
  $("#back-to-form").addEventListener("click", () => {
    builder.textEdited = false;
    syncTextMode();
    formChanged();
  });
  $("#builder-form").addEventListener("submit", saveSegment);
  $("#quick-form").addEventListener("submit", saveQuick);
  $("#quick-condition").addEventListener("input", quickEstimate);
  $("#quick-condition").addEventListener("change", () => { renderQuick(); quickEstimate(); });
  window.addEventListener("hashchange", route);
  route();
}

// After the other page scripts (deferred, in order) have added their views.
document.addEventListener("DOMContentLoaded", start);
