// Audience web page: the Insights view — how segments overlap, and what sets one apart.
// Uses the helpers of app.js ($, api, element, formatCount, say, segmentPath, pageViews).
"use strict";

const insights = { segments: [] };

/** Opens `#/insights`: fills the segment pickers. */
async function openInsights() {
  try {
    insights.segments = (await api("GET", "/api/segments")).segments;
  } catch (error) {
    say(error.message, true);
    return;
  }
  const refreshed = insights.segments.filter((s) => s.memberCount !== null && s.memberCount !== undefined);
  const chosen = new Set($$("#overlap-choices input:checked").map((box) => box.value));
  $("#overlap-choices").replaceChildren(...insights.segments.map((segment) => {
    const isRefreshed = refreshed.includes(segment);
    return element("label", { className: "choice" },
      element("input", { type: "checkbox", value: segment.name, disabled: !isRefreshed, checked: chosen.has(segment.name) }),
      " " + segment.name + " ",
      element("span", { className: "note", text: isRefreshed ? "(" + formatCount(segment.memberCount) + ")" : "(not refreshed yet)" }));
  }));
  if (!insights.segments.length) $("#overlap-choices").append(element("p", { className: "note", text: "No segments yet." }));

  const pick = $("#differentiators-segment");
  const against = $("#differentiators-against");
  const previous = [pick.value, against.value];
  pick.replaceChildren(...refreshed.map((s) => element("option", { value: s.name, text: s.name })));
  against.replaceChildren(element("option", { value: "", text: "all customers" }),
    ...refreshed.map((s) => element("option", { value: s.name, text: s.name })));
  if (previous[0]) pick.value = previous[0];
  against.value = previous[1] || "";
}

// MARK: - Overlap

/** Compares the checked segments and draws the matrix. */
async function compareOverlap(event) {
  event.preventDefault();
  const names = $$("#overlap-choices input:checked").map((box) => box.value);
  $("#overlap-error").textContent = "";
  if (names.length < 2 || names.length > 8) {
    $("#overlap-error").textContent = "Choose 2 to 8 segments (" + names.length + " chosen).";
    return;
  }
  try {
    drawOverlap(await api("POST", "/api/insights/overlap", { segments: names }));
  } catch (error) {
    $("#overlap-error").textContent = error.message;
  }
}

/**
 * The overlap as a matrix: a row and a column per segment; a cell holds the customers in
 * both (the diagonal: the segment's size) and their share of the row's segment.
 */
function drawOverlap(overlap) {
  const names = overlap.segments.map((s) => s.segments[0]);
  const size = Object.fromEntries(overlap.segments.map((s) => [s.segments[0], s.count]));
  const pair = {};
  for (const region of overlap.intersections) {
    if (region.segments.length === 2) pair[region.segments.join("\u0000")] = pair[region.segments.slice().reverse().join("\u0000")] = region.count;
  }
  const unique = Object.fromEntries(overlap.exactRegions.filter((r) => r.segments.length === 1).map((r) => [r.segments[0], r.count]));
  const share = (count, of) => (of ? Math.round((100 * count) / of) + " %" : "–");

  const head = element("tr", {}, element("td", {}), ...names.map((n) => element("th", { scope: "col", text: n })));
  const rows = names.map((row) => element("tr", {},
    element("th", { scope: "row", text: row }),
    ...names.map((column) => {
      const count = row === column ? size[row] : pair[row + "\u0000" + column];
      const label = row === column
        ? row + ": " + formatCount(count) + " customers"
        : formatCount(count) + " customers in both " + row + " and " + column + ", " + share(count, size[row]) + " of " + row;
      return element("td", { className: "num" + (row === column ? " diagonal" : ""), title: label },
        element("span", { text: formatCount(count) }),
        element("span", { className: "share", text: row === column ? "all" : share(count, size[row]) }),
        element("span", { className: "sr-only", text: label }));
    })));
  const table = element("table", { className: "grid matrix" },
    element("caption", { text: "Customers in both the row's and the column's segment; the share is of the row's segment." }),
    element("thead", {}, head), element("tbody", {}, ...rows));
  const facts = element("ul", { className: "overlap-facts" },
    ...names.map((n) => element("li", { text: n + ": " + formatCount(unique[n]) + " in no other chosen segment (" + share(unique[n], size[n]) + ")" })),
    element("li", { text: "In any of them: " + formatCount(overlap.unionCount) }));
  const all = overlap.intersections.find((r) => r.segments.length === names.length);
  if (all && names.length > 2) facts.append(element("li", { text: "In all " + names.length + ": " + formatCount(all.count) }));
  $("#overlap-result").replaceChildren(table, facts);
}

// MARK: - Differentiators

/** Asks what sets the chosen segment apart and lists the answer, most different first. */
async function explainSegment(event) {
  event.preventDefault();
  const name = $("#differentiators-segment").value;
  const against = $("#differentiators-against").value;
  $("#differentiators-error").textContent = "";
  if (!name) {
    $("#differentiators-error").textContent = "Choose a refreshed segment.";
    return;
  }
  if (against === name) {
    $("#differentiators-error").textContent = "Choose another segment to compare with, or all customers.";
    return;
  }
  const query = new URLSearchParams({ limit: "20" });
  if (against) query.set("against", against);
  $("#differentiators-result").replaceChildren(element("p", { className: "note", text: "Comparing…" }));
  try {
    drawDifferentiators(await api("GET", segmentPath(name) + "/differentiators?" + query));
  } catch (error) {
    $("#differentiators-result").replaceChildren();
    $("#differentiators-error").textContent = error.message;
  }
}

/** The ranked differences: statistic, size, a score bar and the sentence saying why. */
function drawDifferentiators(report) {
  const heading = element("p", {
    text: report.segment + " (" + formatCount(report.segmentCount) + ") against " + report.baseline + " (" +
      formatCount(report.baselineCount) + "): " + report.items.length + " of " + report.compared + " fields, most different first.",
  });
  if (!report.items.length) {
    $("#differentiators-result").replaceChildren(heading, element("p", { className: "note", text: "Nothing to compare." }));
    return;
  }
  const statistic = (item) => (item.statistic === "smd" ? "SMD " + (item.value > 0 ? "+" : "") + item.value.toFixed(2) : "TVD " + item.value.toFixed(2));
  const rows = report.items.map((item, index) => element("tr", {},
    element("td", { className: "num", text: String(index + 1) }),
    element("th", { scope: "row", text: item.name }),
    element("td", { text: item.source }),
    element("td", { className: "num", text: statistic(item) }),
    element("td", {},
      element("meter", { min: "0", max: "1", value: String(item.score), "aria-label": "Score of " + item.name + ": " + item.score.toFixed(2) }),
      " ", element("span", { className: "badge size-" + item.size, text: item.size })),
    element("td", { className: "message", text: item.why })));
  const table = element("table", { className: "grid" },
    element("caption", { className: "sr-only", text: "Differences of " + report.segment + " against " + report.baseline + ", most different first" }),
    element("thead", {}, element("tr", {},
      element("th", { scope: "col", className: "num", text: "#" }), element("th", { scope: "col", text: "Field" }),
      element("th", { scope: "col", text: "Source" }), element("th", { scope: "col", className: "num", text: "Statistic" }),
      element("th", { scope: "col", text: "Difference" }), element("th", { scope: "col", text: "Why" }))),
    element("tbody", {}, ...rows));
  const legend = element("p", { className: "note", text: "SMD: standardized mean difference (numbers, dates, measures), in standard deviations. TVD: total variation distance of the value shares (categories), 0 to 1. Sizes: small from SMD 0.2, medium from 0.5, large from 0.8 (TVD on the same scale)." });
  $("#differentiators-result").replaceChildren(heading, table, legend);
}

pageViews.insights = openInsights;
$("#overlap-form").addEventListener("submit", compareOverlap);
$("#differentiators-form").addEventListener("submit", explainSegment);
