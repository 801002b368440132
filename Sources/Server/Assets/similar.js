// Audience web page: find customers similar to a segment, and tune an expansion segment's threshold.
// Uses the helpers of app.js (api, waitForJob, element, svg, say, formatCount); no network beyond /api.
"use strict";

/** The similarity bands, lowest first: a score belongs to the last band whose lower bound it reaches. */
const SIMILARITY_BANDS = [
  { name: "not similar", from: 0, key: "band-0" },
  { name: "somewhat similar", from: 0.55, key: "band-1" },
  { name: "similar", from: 0.7, key: "band-2" },
  { name: "very similar", from: 0.85, key: "band-3" },
];

const similarState = { result: null, segments: [] };

function similarBand(score) {
  let band = SIMILARITY_BANDS[0];
  for (const candidate of SIMILARITY_BANDS) if (score >= candidate.from) band = candidate;
  return band;
}

/**
 * Target customers scoring at least `threshold`, estimated from equal-width bins over [0, 1]:
 * whole bins above the threshold, and the part of the bin it cuts as if its scores were spread evenly.
 */
function estimatedSize(histogram, threshold) {
  const n = histogram.length;
  let total = 0;
  histogram.forEach((count, bin) => {
    const low = bin / n, high = (bin + 1) / n;
    if (low >= threshold) total += count;
    else if (high > threshold) total += count * (high - threshold) * n;
  });
  return Math.round(total);
}

const formatScore = (value) => Number(value).toFixed(2);
const formatShare = (value) => (100 * value).toFixed(value < 0.1 ? 1 : 0) + " %";

// MARK: - Opening the view

/** `#/similar`, `#/similar/from/SOURCE` (the form with a source chosen) or `#/similar/result/NAME`. */
async function openSimilar(parts) {
  const [mode, name] = parts;
  $("#similar-error").textContent = "";
  $("#similar-progress").textContent = "";
  await whenCatalog();
  try {
    similarState.segments = (await api("GET", "/api/segments")).segments;
  } catch (error) {
    similarState.segments = [];
    say(error.message, true);
  }
  fillSimilarForm(mode === "from" ? name : null);
  if (mode === "result" && name) {
    await loadSimilarResult(name);
  } else {
    similarState.result = null;
    showUnscored(null);
    $("#similar-result").hidden = true;
    $("#similar-form-panel").open = true;
  }
}

function fillSimilarForm(source) {
  const usable = similarState.segments.filter((s) => s.type !== "expansion");
  const sourceSelect = $("#similar-source");
  const chosen = source || sourceSelect.value;
  sourceSelect.replaceChildren(
    element("option", { value: "", text: "Choose a segment" }),
    ...usable.map((s) => element("option", { value: s.name, text: `${s.name} (${s.memberCount === undefined || s.memberCount === null ? "not refreshed" : formatCount(s.memberCount) + " members"})` }))
  );
  sourceSelect.value = usable.some((s) => s.name === chosen) ? chosen : "";
  const targetSelect = $("#similar-target");
  const target = targetSelect.value;
  targetSelect.replaceChildren(
    element("option", { value: "", text: "Every customer outside the source" }),
    ...usable.map((s) => element("option", { value: s.name, text: s.name }))
  );
  targetSelect.value = usable.some((s) => s.name === target) ? target : "";
  const fields = $("#similar-fields");
  if (!fields.children.length) {
    for (const attribute of state.catalog.attributes) {
      const id = "similar-field-" + attribute.name;
      fields.append(element("label", { className: "check-item", for: id }, element("input", { type: "checkbox", id, value: attribute.name, checked: true }), " " + attribute.name));
    }
  }
  if (!$("#similar-options")) {
    // The encoder's options: measures (off, since a source defined by a measure would be found by it alone),
    // activity features (on) and PCA.
    fields.closest("fieldset").after(
      element(
        "fieldset",
        { className: "similar-fields", id: "similar-options" },
        element("legend", { text: "Also compare on" }),
        element(
          "div",
          { className: "check-list" },
          element("label", { className: "check-item", for: "similar-measures" }, element("input", { type: "checkbox", id: "similar-measures" }), " Measures (leave off when the source is defined by one)"),
          element("label", { className: "check-item", for: "similar-activity" }, element("input", { type: "checkbox", id: "similar-activity", checked: true }), " Activity: recency, frequency, spend per type, channel mix"),
          element(
            "span",
            { className: "check-item" },
            element("label", { for: "similar-pca" }, "PCA dimensions"),
            element("input", { id: "similar-pca", type: "number", min: "1", step: "1", size: "4", placeholder: "none", inputmode: "numeric" })
          )
        )
      )
    );
  }
  suggestSimilarName();
}

function suggestSimilarName() {
  const name = $("#similar-name");
  const source = $("#similar-source").value;
  name.placeholder = source ? "Similar to " + source : "Similar to …";
}

// MARK: - Starting a search

async function startSimilar(event) {
  event.preventDefault();
  const error = $("#similar-error");
  error.textContent = "";
  const source = $("#similar-source").value;
  if (!source) {
    error.textContent = "Choose the source segment whose members to find more of.";
    $("#similar-source").focus();
    return;
  }
  const body = { source };
  const name = $("#similar-name").value.trim();
  if (name) body.name = name;
  if ($("#similar-target").value) body.target = $("#similar-target").value;
  if ($("#similar-include-source").checked) body.includesSource = true;
  body.topShare = Number($("#similar-top-share").value) / 100;
  const boxes = $$("#similar-fields input[type=checkbox]");
  const included = boxes.filter((b) => b.checked).map((b) => b.value);
  if (!included.length) {
    error.textContent = "Choose at least one field to compare customers on.";
    return;
  }
  if (included.length < boxes.length) body.includedFields = included;
  if ($("#similar-measures").checked) {
    body.includeMeasures = true;
    // With a subset of fields named, name the measures too, or the list would leave them out.
    if (body.includedFields) body.includedFields.push(...state.catalog.measures.map((m) => m.name));
  }
  if (!$("#similar-activity").checked) body.activityFeatures = false;
  const pca = $("#similar-pca").value.trim();
  if (pca) {
    const dimensions = Number(pca);
    if (!Number.isInteger(dimensions) || dimensions < 1) {
      error.textContent = "PCA dimensions: a whole number of at least 1, or empty for none.";
      $("#similar-pca").focus();
      return;
    }
    body.pcaDimensions = dimensions;
  }
  const button = $("#similar-start");
  const progress = $("#similar-progress");
  button.disabled = true;
  progress.textContent = "Starting…";
  try {
    const job = await api("POST", "/api/similar", body);
    const done = await waitForJob(job, (j) => (progress.textContent = `${j.note || "Waiting"}… ${Math.round(100 * (j.progress || 0))} %`));
    if (done.status === "failed") {
      progress.textContent = "";
      error.textContent = "Similar customers failed: " + done.error.message;
      return;
    }
    progress.textContent = `Done: "${done.result.summary.segment}" has ${formatCount(done.result.summary.memberCount)} members.`;
    history.replaceState(null, "", "#/similar/result/" + encodeURIComponent(done.result.summary.segment));
    renderSimilarResult(done.result);
  } catch (failure) {
    progress.textContent = "";
    error.textContent = (failure.path ? failure.path + ": " : "") + failure.message;
  } finally {
    button.disabled = false;
  }
}

async function loadSimilarResult(name) {
  showUnscored(null);
  try {
    renderSimilarResult(await api("GET", segmentPath(name) + "/similar"));
  } catch (error) {
    $("#similar-result").hidden = true;
    const segment = similarState.segments.find((s) => s.name.toLowerCase() === name.toLowerCase());
    if (error.status === 404 && segment && segment.type === "expansion") showUnscored(segment.name);
    else say(error.message, true);
  }
}

// MARK: - A segment without a stored result

/**
 * Shows (or, for null, hides) the panel of an expansion segment that has no stored result —
 * made before results were kept — with "Score now", which retrains and rescores it as a job.
 */
function showUnscored(name) {
  let panel = $("#similar-unscored");
  if (!panel) {
    panel = element("section", { id: "similar-unscored", className: "panel", "aria-labelledby": "similar-unscored-title" },
      element("h2", { id: "similar-unscored-title", className: "title" }),
      element("p", { id: "similar-unscored-note", className: "note" }),
      element("div", { className: "actions" },
        element("button", { type: "button", className: "primary", id: "similar-score-now", text: "Score now" }),
        " ",
        element("span", { id: "similar-score-progress", className: "progress", role: "status", "aria-live": "polite" })),
      element("p", { id: "similar-score-error", className: "error", role: "alert" }));
    $("#similar-result").before(panel);
    $("#similar-score-now").addEventListener("click", scoreNow);
  }
  panel.hidden = !name;
  if (!name) return;
  panel.dataset.segment = name;
  $("#similar-unscored-title").textContent = name;
  $("#similar-unscored-note").textContent =
    `"${name}" has no stored scores yet, so there is no histogram or threshold to show. Score now trains on the source's current members with the segment's settings, scores the target and replaces its members.`;
  $("#similar-score-progress").textContent = "";
  $("#similar-score-error").textContent = "";
  $("#similar-score-now").disabled = false;
  $("#similar-form-panel").open = false;
}

async function scoreNow() {
  const name = $("#similar-unscored").dataset.segment;
  const button = $("#similar-score-now");
  const progress = $("#similar-score-progress");
  const error = $("#similar-score-error");
  button.disabled = true;
  error.textContent = "";
  progress.textContent = "Starting…";
  try {
    const job = await api("POST", segmentPath(name) + "/similar/rescore");
    const done = await waitForJob(job, (j) => (progress.textContent = `${j.note || "Waiting"}… ${Math.round(100 * (j.progress || 0))} %`));
    if (done.status === "failed") {
      progress.textContent = "";
      error.textContent = "Scoring failed: " + done.error.message;
      button.disabled = false;
      return;
    }
    showUnscored(null);
    renderSimilarResult(done.result);
  } catch (failure) {
    progress.textContent = "";
    error.textContent = failure.message;
    button.disabled = false;
  }
}

// MARK: - The result

function renderSimilarResult(result) {
  similarState.result = result;
  const summary = result.summary;
  $("#similar-result").hidden = false;
  $("#similar-form-panel").open = false;
  $("#similar-result-title").textContent = summary.segment;
  const link = $("#similar-segment-link");
  link.href = "#/segment/" + encodeURIComponent(summary.segment);
  $("#similar-result-facts").replaceChildren(
    ...[
      ["Members", formatCount(summary.memberCount)],
      ["Threshold", formatScore(summary.threshold)],
      ["Source", `${summary.source} (${formatCount(summary.sourceCount)})`],
      ["Target", `${summary.target} (${formatCount(summary.targetCount)})`],
      ["Fields", result.request.includedFields ? result.request.includedFields.join(", ") : "all usable"],
      ["Encoding", [result.request.includesMeasures ? "measures" : "no measures", result.request.includesActivityFeatures === false ? "no activity features" : "activity features", result.request.pcaDimensions ? `PCA to ${result.request.pcaDimensions}` : "no PCA"].join(", ")],
      ["Scored", formatTime(result.computedAt)],
    ].map(([label, value]) => element("div", {}, element("dt", { text: label }), element("dd", { text: value })))
  );
  const slider = $("#similar-threshold");
  slider.value = summary.threshold;
  renderBacktest(summary);
  renderBands(summary);
  renderInfluences(summary.influences);
  renderTopMembers(summary.topMembers);
  const warnings = $("#similar-warnings");
  warnings.replaceChildren(...summary.warnings.map((w) => element("li", { text: w })));
  warnings.hidden = !summary.warnings.length;
  moveThreshold();
}

/** Follows the slider: band label, estimated size and the histogram's marker, all from the stored bins. */
function moveThreshold() {
  const result = similarState.result;
  if (!result) return;
  const summary = result.summary;
  const slider = $("#similar-threshold");
  const threshold = Number(slider.value);
  const band = similarBand(threshold);
  const extra = result.request.includesSource ? summary.sourceCount : 0;
  const estimate = estimatedSize(summary.histogram, threshold) + extra;
  $("#similar-threshold-value").textContent = formatScore(threshold);
  const label = $("#similar-band");
  label.textContent = band.name;
  label.className = "band-label " + band.key;
  slider.setAttribute("aria-valuetext", `${formatScore(threshold)}, ${band.name}`);
  $("#similar-estimate-count").textContent = "≈ " + formatCount(estimate);
  $("#similar-estimate-note").textContent =
    `customers scoring ${formatScore(threshold)} or more (${band.name} and above), of ${formatCount(summary.targetCount)} in the target` +
    (extra ? ", plus the source's " + formatCount(extra) : "") +
    `. An estimate from the score histogram's bins; Apply selects exactly from each customer's stored score, without retraining. Now: ${formatCount(summary.memberCount)} members at ${formatScore(summary.threshold)}.`;
  $("#similar-apply").disabled = Math.abs(threshold - summary.threshold) < 0.005;
  drawHistogram(summary, threshold);
}

function drawHistogram(summary, threshold) {
  const chart = $("#similar-histogram");
  chart.replaceChildren();
  const histogram = summary.histogram;
  // As wide as the slider under it, with the thumb's half-width at each end, so the marker sits over the thumb.
  const width = Math.max(320, Math.round(chart.clientWidth || 720)), height = 190, left = 8, right = 8, top = 10, bottom = 40;
  const plotWidth = width - left - right, plotHeight = height - top - bottom;
  const peak = Math.max(1, ...histogram);
  // Square-root heights, so small bins stay visible beside a tall one.
  const barHeight = (count) => (count ? Math.max(1.5, Math.sqrt(count / peak) * plotHeight) : 0);
  const x = (score) => left + score * plotWidth;
  const kept = estimatedSize(histogram, threshold);
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    "aria-label": `Scores of ${formatCount(summary.targetCount)} target customers in ${histogram.length} bins from 0 to 1; about ${formatCount(kept)} score ${formatScore(threshold)} or more`,
  });
  const n = histogram.length;
  histogram.forEach((count, bin) => {
    const low = bin / n;
    const h = barHeight(count);
    const bar = svg("rect", {
      class: "bar " + (low + 1 / n > threshold ? "kept " : "") + similarBand(low).key,
      x: x(low) + 1, y: top + plotHeight - h, width: Math.max(1, plotWidth / n - 2), height: h,
    });
    const title = svg("title");
    title.textContent = `${formatScore(low)}–${formatScore(low + 1 / n)}: ${formatCount(count)} customers`;
    bar.append(title);
    root.append(bar);
  });
  root.append(svg("line", { class: "axis", x1: left, x2: width - right, y1: top + plotHeight, y2: top + plotHeight }));
  // The bands as a strip under the bars, each labelled.
  SIMILARITY_BANDS.forEach((band, i) => {
    const to = i + 1 < SIMILARITY_BANDS.length ? SIMILARITY_BANDS[i + 1].from : 1;
    root.append(svg("rect", { class: "strip " + band.key, x: x(band.from), y: top + plotHeight + 4, width: x(to) - x(band.from) - 1, height: 6 }));
    const label = svg("text", { x: x((band.from + to) / 2), y: height - 14, "text-anchor": "middle" });
    label.textContent = band.name;
    root.append(label);
  });
  for (const tick of [0, 0.55, 0.7, 0.85, 1]) {
    const label = svg("text", { class: "tick", x: Math.min(width - right - 2, Math.max(left + 2, x(tick))), y: height - 2, "text-anchor": tick === 0 ? "start" : tick === 1 ? "end" : "middle" });
    label.textContent = formatScore(tick);
    root.append(label);
  }
  root.append(svg("line", { class: "marker", x1: x(threshold), x2: x(threshold), y1: top - 6, y2: top + plotHeight + 10 }));
  chart.append(root);
}

function renderBacktest(summary) {
  const backtest = summary.backtest;
  $("#similar-backtest").replaceChildren(
    ...[
      ["Held-out source members", formatCount(backtest.heldOutCount)],
      ["AUC", backtest.auc.toFixed(3)],
      [`Found at ${formatScore(backtest.threshold)} or more`, formatShare(backtest.recall)],
      ["Share of the target selected", formatShare(backtest.selectedShare)],
    ].map(([label, value]) => element("div", {}, element("dt", { text: label }), element("dd", { text: value })))
  );
  $("#similar-backtest-note").textContent =
    `A model trained without ${formatCount(backtest.heldOutCount)} source members ranks them above other target customers with AUC ${backtest.auc.toFixed(3)} (0.5 is chance, 1 is perfect); ${formatShare(backtest.recall)} of them score ${formatScore(backtest.threshold)} or more (the threshold when the model was trained; a new threshold re-selects from the stored scores and keeps this backtest).`;
}

function renderBands(summary) {
  const body = $("#similar-bands tbody");
  body.replaceChildren(
    ...summary.bands.map((band, i) => {
      const to = i + 1 < summary.bands.length ? formatScore(summary.bands[i + 1].lowerBound) : "1.00";
      return element("tr", {},
        element("td", {}, element("span", { className: "swatch " + similarBand(band.lowerBound).key, "aria-hidden": "true" }), " " + band.band),
        element("td", { className: "num", text: `${formatScore(band.lowerBound)}–${to}` }),
        element("td", { className: "num", text: formatCount(band.count) }));
    })
  );
}

function renderInfluences(influences) {
  const body = $("#similar-influences tbody");
  body.replaceChildren(
    ...influences.slice(0, 10).map((influence) =>
      element("tr", {},
        element("td", { text: influence.feature }),
        element("td", { text: influence.sourceMean > influence.targetMean ? "higher in the source" : "lower in the source" }),
        element("td", { className: "num", text: (influence.standardizedDifference >= 0 ? "+" : "") + influence.standardizedDifference.toFixed(2) }),
        element("td", { className: "num", text: influence.effect.toFixed(3) })))
  );
}

function renderTopMembers(members) {
  const body = $("#similar-top tbody");
  body.replaceChildren(
    ...members.map((member) =>
      element("tr", {},
        element("td", { text: member.customerID }),
        element("td", { className: "num", text: member.score.toFixed(3) }),
        element("td", {}, element("span", { className: "band-label " + similarBand(member.score).key, text: member.band })),
        element("td", { className: "message", text: member.reasons.join("; ") })))
  );
}

// MARK: - Applying a threshold

async function applyThreshold() {
  const result = similarState.result;
  if (!result) return;
  const name = result.summary.segment;
  const threshold = Number($("#similar-threshold").value);
  const button = $("#similar-apply");
  const progress = $("#similar-apply-progress");
  button.disabled = true;
  progress.textContent = `Selecting "${name}" at ${formatScore(threshold)}…`;
  try {
    const job = await api("POST", segmentPath(name) + "/similar/selection", { threshold });
    const done = await waitForJob(job, (j) => (progress.textContent = `${j.note || "Selecting"}… ${Math.round(100 * (j.progress || 0))} %`));
    if (done.status === "failed") {
      progress.textContent = "Applying the threshold failed: " + done.error.message;
      button.disabled = false;
      return;
    }
    renderSimilarResult(done.result);
    const applied = done.result.summary;
    const source = done.result.request.includesSource ? ` (with the source's ${formatCount(applied.sourceCount)})` : "";
    progress.textContent = `Applied: "${name}" now has exactly ${formatCount(applied.memberCount)} members${source} scoring ${formatScore(applied.threshold)} or more.`;
  } catch (error) {
    progress.textContent = error.message;
    button.disabled = false;
  }
}

// MARK: - Wiring

pageViews.similar = openSimilar;
$("#similar-form").addEventListener("submit", startSimilar);
$("#similar-source").addEventListener("change", suggestSimilarName);
$("#similar-threshold").addEventListener("input", moveThreshold);
$("#similar-apply").addEventListener("click", applyThreshold);
window.addEventListener("resize", debounce(() => similarState.result && !$("#view-similar").hidden && moveThreshold(), 150));
$("#similar-top-share").addEventListener("input", () => ($("#similar-top-share-value").textContent = $("#similar-top-share").value + " %"));
$("#similar-fields-all").addEventListener("click", () => $$("#similar-fields input").forEach((b) => (b.checked = true)));
$("#similar-fields-none").addEventListener("click", () => $$("#similar-fields input").forEach((b) => (b.checked = false)));
