// Audience web page: suggestion runs of both kinds, their suggestions with statistics and why,
// accept / dismiss, and the report. Uses the helpers of app.js; no network beyond /api.
"use strict";

const suggestState = { runs: [], run: null };

const formatNumber = (value, digits = 1) =>
  value === null || value === undefined ? "–" : Number(value).toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const formatP = (value) => (value === null || value === undefined ? "–" : value < 0.0001 ? "< 0.0001" : value.toFixed(4));
const suggestRunPath = (id) => "/api/suggestions/" + encodeURIComponent(id);

// MARK: - Opening the view

/** `#/suggestions` (form and runs) or `#/suggestions/ID` (also the run's suggestions). */
async function openSuggestions(parts) {
  const id = parts[0] ? Number(parts[0]) : null;
  $("#suggest-error").textContent = "";
  await whenCatalog();
  fillSuggestForm();
  await loadSuggestionRuns();
  if (id) await loadSuggestionRun(id);
  else {
    suggestState.run = null;
    $("#suggest-run").hidden = true;
  }
}

function fillSuggestForm() {
  const catalog = state.catalog;
  const primary = $("#suggest-primary");
  const chosen = primary.value;
  const explainable = catalog.attributes.filter((a) => ["number", "category", "boolean"].includes(a.type));
  primary.replaceChildren(
    element("optgroup", { label: "Attributes" }, ...explainable.map((a) => element("option", { value: a.name, "data-type": a.type, text: `${a.name} (${a.type})` }))),
    element("optgroup", { label: "Measures" }, ...catalog.measures.map((m) => element("option", { value: m.name, "data-type": "measure", text: `${m.name} (${m.aggregate})` })))
  );
  if (chosen) primary.value = chosen;
  primaryChanged();
  const influencing = $("#suggest-influencing");
  if (!influencing.options.length) {
    for (const attribute of catalog.attributes.filter((a) => a.type !== "text")) influencing.append(element("option", { value: attribute.name, text: attribute.name }));
  }
  const types = $("#suggest-types");
  if (!types.children.length) {
    for (const type of catalog.activityTypes) {
      const id = "suggest-type-" + type;
      types.append(element("label", { className: "check-item", for: id }, element("input", { type: "checkbox", id, value: type }), " " + type));
    }
  }
  const scope = $("#suggest-scope");
  const scoped = scope.value;
  scope.replaceChildren(element("option", { value: "", text: "every customer" }), ...catalog.segments.map((name) => element("option", { value: name, text: name })));
  scope.value = catalog.segments.includes(scoped) ? scoped : "";
}

/** Offers the primary's most common values for "share of", and hides the field for numbers and measures. */
function primaryChanged() {
  const option = $("#suggest-primary").selectedOptions[0];
  const type = option ? option.dataset.type : "number";
  const shareOf = $("#suggest-share-of");
  const usesShare = type === "category" || type === "boolean";
  shareOf.disabled = !usesShare;
  if (!usesShare) shareOf.value = "";
  const values = type === "boolean" ? ["true", "false"] : state.columnValues[option ? option.value : ""] || [];
  $("#suggest-share-values").replaceChildren(...values.map((v) => element("option", { value: v })));
}

function kindChanged() {
  const kind = $("input[name=suggest-kind]:checked").value;
  $("#suggest-measure").hidden = kind !== "measure";
  $("#suggest-activity").hidden = kind !== "activity";
}

function periodChanged() {
  const custom = $("#suggest-period").value === "custom";
  for (const node of $$(".custom-period")) node.hidden = !custom;
}

// MARK: - Running

async function startSuggestions(event) {
  event.preventDefault();
  const error = $("#suggest-error");
  error.textContent = "";
  const kind = $("input[name=suggest-kind]:checked").value;
  const body = { kind };
  if ($("#suggest-scope").value) body.scope = $("#suggest-scope").value;
  if (kind === "measure") {
    body.primary = $("#suggest-primary").value;
    const shareOf = $("#suggest-share-of").value.trim();
    if (shareOf && !$("#suggest-share-of").disabled) body.shareOf = shareOf;
    else if (["category", "boolean"].includes(($("#suggest-primary").selectedOptions[0] || {}).dataset?.type)) {
      error.textContent = "For a category or yes/no attribute, name the value whose share to compare.";
      $("#suggest-share-of").focus();
      return;
    }
    const influencing = Array.from($("#suggest-influencing").selectedOptions).map((o) => o.value);
    if (influencing.length) body.influencing = influencing;
    body.maxSuggestions = Number($("#suggest-max").value);
  } else {
    body.types = $$("#suggest-types input:checked").map((b) => b.value);
    body.period = $("#suggest-period").value;
    if (body.period === "custom") {
      body.from = $("#suggest-from").value;
      body.to = $("#suggest-to").value;
    }
    body.includeClusters = $("#suggest-clusters").checked;
  }
  const button = $("#suggest-start");
  const progress = $("#suggest-progress");
  button.disabled = true;
  progress.textContent = "Starting…";
  try {
    const job = await api("POST", "/api/suggestions", body);
    const done = await waitForJob(job, (j) => (progress.textContent = `${j.note || "Waiting"}… ${Math.round(100 * (j.progress || 0))} %`));
    if (done.status === "failed") {
      progress.textContent = "";
      error.textContent = "The run failed: " + done.error.message;
      return;
    }
    progress.textContent = `Run ${done.result.id}: ${done.result.run.suggestions.length} suggestions.`;
    location.hash = "#/suggestions/" + done.result.id;
  } catch (failure) {
    progress.textContent = "";
    error.textContent = (failure.path ? failure.path + ": " : "") + failure.message;
  } finally {
    button.disabled = false;
  }
}

// MARK: - Runs

async function loadSuggestionRuns() {
  try {
    suggestState.runs = (await api("GET", "/api/suggestions")).runs;
  } catch (error) {
    suggestState.runs = [];
    say(error.message, true);
  }
  const body = $("#suggest-runs tbody");
  body.replaceChildren(
    ...suggestState.runs.map((run) =>
      element("tr", { "data-run": run.id },
        element("td", { className: "num" }, element("a", { href: "#/suggestions/" + run.id, text: String(run.id), "aria-label": `Run ${run.id}: ${run.inputs}` })),
        element("td", { className: "message", text: `${run.inputs} (${run.kind})` }),
        element("td", { text: formatTime(run.createdAt) }),
        element("td", { className: "num", title: `${run.suggestionCount} suggestions: ${run.newCount} new, ${run.acceptedCount} accepted, ${run.dismissedCount} dismissed`, text: `${run.newCount} of ${run.suggestionCount}` })))
  );
  $("#suggest-runs-empty").hidden = suggestState.runs.length > 0;
}

async function loadSuggestionRun(id) {
  try {
    suggestState.run = await api("GET", suggestRunPath(id));
  } catch (error) {
    $("#suggest-run").hidden = true;
    $("#suggest-run-none").hidden = false;
    say(error.message, true);
    return;
  }
  renderSuggestionRun();
}

function renderSuggestionRun() {
  const stored = suggestState.run;
  const run = stored.run;
  const listed = suggestState.runs.find((r) => r.id === stored.id);
  const isMeasure = run.kind === "measure";
  for (const row of $$("#suggest-runs tbody tr")) row.classList.toggle("selected", Number(row.dataset.run) === stored.id);
  $("#suggest-run").hidden = false;
  $("#suggest-run-none").hidden = true;
  $("#suggest-run-title").textContent = `Run ${stored.id} — ${listed ? listed.inputs : run.kind}`;
  $("#suggest-run-note").textContent =
    (isMeasure ? comparedText(run) + " " : "") + `${stored.status} · ${formatCount(run.customer_count)} customers in scope · ${formatCount(run.candidate_count)} candidates tested · ${run.seconds.toFixed(1)} s · ${formatTime(stored.createdAt)}`;
  const headers = isMeasure
    ? ["#", "Suggestion", "Members", "Share", "Segment", "Lift", "Adj. p", "Stability", "Why", "Decision"]
    : ["#", "Suggestion", "Members", "Share", "Recency (days)", "Frequency", "Monetary", "Why", "Decision"];
  const numeric = new Set(["#", "Members", "Share", "Segment", "Lift", "Adj. p", "Stability", "Recency (days)", "Frequency", "Monetary"]);
  $("#suggest-table thead").replaceChildren(element("tr", {}, ...headers.map((h) => element("th", { scope: "col", className: numeric.has(h) ? "num" : "", text: h }))));
  const decisions = new Map(stored.decisions.map((d) => [d.rank, d]));
  $("#suggest-table tbody").replaceChildren(
    ...run.suggestions.map((suggestion) => {
      const decision = decisions.get(suggestion.rank) || { status: suggestion.status };
      const cells = [
        element("td", { className: "num", text: String(suggestion.rank) }),
        element("td", { className: "suggestion" },
          element("div", { className: "title", text: suggestion.title }),
          suggestion.title === suggestion.definition_text ? null : element("code", { text: suggestion.definition_text })),
        element("td", { className: "num", text: formatCount(suggestion.member_count) }),
        element("td", { className: "num", text: (100 * suggestion.share_of_customers).toFixed(1) + "%" }),
      ];
      if (isMeasure) {
        const s = suggestion.statistics || {};
        cells.push(
          element("td", { className: "num", text: formatStatistic(s, s.segment_value) }),
          element("td", { className: "num", text: formatNumber(s.lift, 2) }),
          element("td", { className: "num", text: formatP(s.adjusted_p_value) }),
          element("td", { className: "num", text: suggestion.stability === null || suggestion.stability === undefined ? "–" : Math.round(100 * suggestion.stability) + "%" })
        );
      } else {
        const a = suggestion.averages || {};
        cells.push(
          element("td", { className: "num", text: formatNumber(a.recency_days) }),
          element("td", { className: "num", text: formatNumber(a.frequency) }),
          element("td", { className: "num", text: formatNumber(a.monetary) })
        );
      }
      cells.push(element("td", { className: "message", text: suggestionWhy(suggestion) }), element("td", { className: "decision" }, ...decisionCell(suggestion, decision)));
      return element("tr", { "data-rank": suggestion.rank, className: decision.status }, ...cells);
    })
  );
}

const formatStatistic = (s, v) => (v === null || v === undefined ? "–" : s.kind === "share" ? (100 * v).toFixed(1) + "%" : formatNumber(v));

/** What a measure run compares, with the value over everyone in scope. */
function comparedText(run) {
  const s = (run.suggestions.find((x) => x.statistics) || {}).statistics;
  if (!s) return "";
  const what = s.kind === "share" ? `share of ${s.primary} = "${s.share_of}"` : `mean ${s.primary}`;
  return `Segment is the ${what} of its members; overall ${formatStatistic(s, s.overall_value)}.`;
}

/** Why a suggestion stands out, briefly: its confidence interval and test, or the notes of activity suggestions. */
function suggestionWhy(suggestion) {
  const s = suggestion.statistics;
  const parts = [];
  if (s) {
    const direction = s.segment_value >= s.overall_value ? "above" : "below";
    parts.push(`${formatStatistic(s, Math.abs(s.segment_value - s.overall_value))} ${direction} overall`);
    if (s.confidence_low !== null && s.confidence_low !== undefined) {
      parts.push(`${Math.round(100 * s.confidence_level)}% interval ${formatStatistic(s, s.confidence_low)}–${formatStatistic(s, s.confidence_high)}`);
    }
    parts.push(`p ${formatP(s.p_value)}`);
  }
  parts.push(...(suggestion.notes || []));
  return parts.join("; ");
}

function decisionCell(suggestion, decision) {
  if (decision.status === "accepted") {
    return decision.segment
      ? ["accepted as ", element("a", { href: "#/segment/" + encodeURIComponent(decision.segment), text: decision.segment })]
      : ["accepted (segment deleted)"];
  }
  if (decision.status === "dismissed") return [element("span", { className: "badge", text: "dismissed" })];
  return [
    element("button", { type: "button", className: "primary", text: "Accept…", "aria-label": `Accept suggestion ${suggestion.rank}: ${suggestion.title}`, onclick: () => acceptSuggestion(suggestion) }),
    " ",
    element("button", { type: "button", text: "Dismiss", "aria-label": `Dismiss suggestion ${suggestion.rank}: ${suggestion.title}`, onclick: () => dismissSuggestion(suggestion) }),
  ];
}

// MARK: - Deciding

async function acceptSuggestion(suggestion) {
  const stored = suggestState.run;
  const choice = await askAcceptance(suggestion);
  if (!choice) return;
  const status = $("#suggest-decision");
  try {
    const body = { rank: suggestion.rank, name: choice.name };
    if (choice.definition !== undefined) body.definition = choice.definition;
    const segment = await api("POST", suggestRunPath(stored.id) + "/accept", body);
    const edited = choice.definition !== undefined ? " with the edited definition" : "";
    status.textContent = `Made the segment "${segment.name}" from suggestion ${suggestion.rank}${edited}; refresh it to count its members.`;
    status.classList.remove("bad");
    await loadCatalog();
  } catch (error) {
    status.textContent = "Could not accept: " + error.message;
    status.classList.add("bad");
  }
  await loadSuggestionRuns();
  await loadSuggestionRun(stored.id);
}

/** The accept dialog, made once: the new segment's name and its definition, editable. */
function acceptDialog() {
  let dialog = $("#accept-dialog");
  if (dialog) return dialog;
  dialog = element("dialog", { id: "accept-dialog", "aria-labelledby": "accept-title" },
    element("form", { method: "dialog", id: "accept-form", novalidate: true },
      element("h2", { id: "accept-title" }),
      element("label", { for: "accept-name", text: "Name of the new segment" }),
      element("input", { id: "accept-name", autocomplete: "off" }),
      element("label", { for: "accept-definition", text: "Definition (edit it if you like; it is checked before the segment is made)" }),
      element("textarea", { id: "accept-definition", className: "code", rows: 5, cols: 60, spellcheck: "false", "aria-describedby": "accept-problems" }),
      element("ul", { id: "accept-problems", className: "error", role: "alert" }),
      element("div", { className: "bar" },
        element("button", { value: "ok", className: "primary", id: "accept-ok", text: "Accept" }),
        element("button", { value: "cancel", type: "button", id: "accept-cancel", text: "Cancel" }))));
  document.body.append(dialog);
  return dialog;
}

/**
 * Asks for the name and (possibly edited) definition of an accepted suggestion. An edited
 * definition is checked with POST /api/definitions/validate first; its problems show in the
 * dialog, which stays open. Answers { name, definition } (definition undefined when unchanged,
 * else the canonical text), or null when cancelled.
 */
function askAcceptance(suggestion) {
  const dialog = acceptDialog();
  const name = $("#accept-name");
  const definition = $("#accept-definition");
  const problems = $("#accept-problems");
  const ok = $("#accept-ok");
  $("#accept-title").textContent = `Accept suggestion ${suggestion.rank}`;
  name.value = suggestion.title;
  definition.value = suggestion.definition_text;
  problems.replaceChildren();
  ok.disabled = false;
  return new Promise((resolve) => {
    const done = (result) => {
      dialog.close();
      resolve(result);
    };
    const refuse = (...messages) => {
      problems.replaceChildren(...messages.map((text) => element("li", { text })));
      ok.disabled = false;
    };
    $("#accept-form").onsubmit = async (event) => {
      event.preventDefault();
      const chosenName = name.value.trim();
      const text = definition.value.trim();
      if (!chosenName) {
        refuse("Give the new segment a name.");
        name.focus();
        return;
      }
      if (!text) {
        refuse("A definition cannot be empty.");
        definition.focus();
        return;
      }
      if (text === suggestion.definition_text.trim()) return done({ name: chosenName, definition: undefined });
      ok.disabled = true;
      problems.replaceChildren(element("li", { className: "note", text: "Checking the definition…" }));
      try {
        const check = await api("POST", "/api/definitions/validate", { definition: text });
        if (!check.valid) {
          refuse(...check.problems.map((p) => (p.line ? `line ${p.line}, column ${p.column}: ` : "") + p.message + (p.suggestion ? ` (did you mean ${p.suggestion}?)` : "")));
          definition.focus();
          return;
        }
        done({ name: chosenName, definition: check.definition || text });
      } catch (error) {
        refuse("The definition could not be checked: " + error.message);
      }
    };
    $("#accept-cancel").onclick = () => done(null);
    dialog.oncancel = () => resolve(null);
    dialog.showModal();
    name.select();
  });
}

async function dismissSuggestion(suggestion) {
  const stored = suggestState.run;
  const status = $("#suggest-decision");
  try {
    suggestState.run = await api("POST", suggestRunPath(stored.id) + "/dismiss", { rank: suggestion.rank });
    status.textContent = `Dismissed suggestion ${suggestion.rank}.`;
    status.classList.remove("bad");
  } catch (error) {
    status.textContent = "Could not dismiss: " + error.message;
    status.classList.add("bad");
  }
  await loadSuggestionRuns();
  renderSuggestionRun();
}

// MARK: - The report

/** Downloads the run's report with the token; it opens outside this page, so its own styles apply. */
async function downloadReport(format) {
  const stored = suggestState.run;
  if (!stored) return;
  const status = $("#suggest-decision");
  const response = await fetch(suggestRunPath(stored.id) + "/report?format=" + format, { headers: { Authorization: "Bearer " + sessionStorage.getItem(TOKEN_KEY) } });
  if (!response.ok) {
    status.textContent = "The report could not be made: " + response.status;
    return;
  }
  const url = URL.createObjectURL(await response.blob());
  const link = element("a", { href: url, download: `suggestions-${stored.id}.${format === "html" ? "html" : "md"}` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  status.textContent = `Downloaded the report of run ${stored.id}; open it in the browser to read it with its charts.`;
}

// MARK: - Wiring

pageViews.suggestions = openSuggestions;
$("#suggest-form").addEventListener("submit", startSuggestions);
$("#suggest-primary").addEventListener("change", primaryChanged);
$("#suggest-period").addEventListener("change", periodChanged);
for (const radio of $$("input[name=suggest-kind]")) radio.addEventListener("change", kindChanged);
$("#suggest-report-html").addEventListener("click", () => downloadReport("html"));
$("#suggest-report-md").addEventListener("click", () => downloadReport("markdown"));
