// A timeline that scales: one lane per kind and status (plans apart from what happened), undated events in a
// column of their own off the date axis, events close in time merged into one mark with their count, zoom and
// pan with the wheel, a drag or the overview brush (the window is part of the address).
import { activate, el } from "./dom.js";
import { colour, countText } from "./marks.js";

const d3 = window.d3;
const LANE = 24, UNDATED = 78, MIN_SPACING = 26;

const parse = d => { const [y, m = 1, day = 1] = d.split("-").map(Number); return new Date(Date.UTC(y, m - 1, day)); };
const iso = t => t.toISOString().slice(0, 10);
const DAY = 86400000;
/** The first moment after a date of any precision: "2027" ends with 2027, "2027-03" with March. */
const after = d => {
  const [y, m, day] = d.split("-").map(Number);
  return day ? new Date(Date.UTC(y, m - 1, day + 1)) : m ? new Date(Date.UTC(y, m, 1)) : new Date(Date.UTC(y + 1, 0, 1));
};

/** How many bins the server should group the window into for a plot this wide. */
// Finer than the marks can show: the server's bins keep the dates precise, and marks closer than MIN_SPACING are
// merged here, by pixels, whatever bin the server chose.
export function binsFor(width) { return Math.max(10, Math.floor((width - 180) / 4)); }

/** Lanes in kind order, occurred before planned. */
function lanesOf(data) {
  const seen = new Map();
  for (const r of [...data.dated, ...data.undated]) seen.set(`${r.kind}|${r.status}`, { kind: r.kind, status: r.status });
  return [...seen.values()].sort((a, b) => a.kind.localeCompare(b.kind) || (a.status === "planned") - (b.status === "planned"));
}

/** Rows of one lane whose marks would touch merged into one mark (counts and ids added up). */
function merge(rows, x) {
  const out = [];
  for (const r of rows.map(r => ({ ...r, t0: parse(r.date), t1: after(r.until || r.date) }))
    .sort((a, b) => a.t0 - b.t0)) {
    const last = out[out.length - 1];
    const cx = x(new Date((r.t0.getTime() + r.t1.getTime()) / 2));
    if (last && cx - last.cx < MIN_SPACING) {
      last.count += r.count; last.ids = [...last.ids, ...r.ids].slice(0, 20); last.t1 = r.t1 > last.t1 ? r.t1 : last.t1;
    } else out.push({ ...r, ids: [...r.ids], cx });
  }
  return out;
}

function label(lane) { return `${lane.kind.replace("_", " ")}${lane.status === "planned" ? " · planned" : ""}`; }
/** A lane's name where room is short: the diamond of the marks says "planned". */
function shortLabel(lane) { return `${lane.kind.replace("_", " ")}${lane.status === "planned" ? " ◇" : ""}`; }

function spanText(r) {
  const end = new Date(r.t1.getTime() - DAY);
  return iso(r.t0) === iso(end) ? iso(r.t0) : `${iso(r.t0)} to ${iso(end)}`;
}

/**
 * Draw `data` (/api/timeline) into `root`. `opts`: width, window [from, to] or null, onOpen(ids, count, title)
 * for a mark, onWindow(from, to) when the user zooms or pans (null, null for the whole range).
 */
export function drawTimeline(root, data, opts) {
  root.replaceChildren();
  const lanes = lanesOf(data);
  if (!lanes.length) { root.append(el("p", { class: "empty", role: "status" }, "No events match these filters.")); return; }
  const width = Math.max(300, opts.width);
  const compact = width < 560;
  const margin = { left: compact ? 98 : 130, right: 20, top: 8, bottom: 26 };
  const plotRight = width - margin.right - (data.undated.length ? UNDATED : 0);
  const height = margin.top + lanes.length * LANE + margin.bottom;
  // The whole range, widened to the bins the server grouped the dates into (a year bin runs to December).
  const range = data.range && data.range.min ? [parse(data.range.min), after(data.range.max)] : [new Date(Date.UTC(2000, 0, 1)), new Date()];
  if (!opts.window || !opts.window[0]) {
    for (const r of data.dated) {
      const a = parse(r.date), b = after(r.until || r.date);
      if (a < range[0]) range[0] = a;
      if (b > range[1]) range[1] = b;
    }
  }
  const domain = opts.window && opts.window[0] ? [parse(opts.window[0]), after(opts.window[1])] : range;
  const x = d3.scaleUtc().domain(domain).range([margin.left + 9, plotRight - 9]);
  const y = i => margin.top + i * LANE + LANE / 2;

  const tools = el("div", { class: "timeline-tools" });
  const zoomIn = el("button", { type: "button", id: "tl-zoom-in" }, "Zoom in");
  const zoomOut = el("button", { type: "button", id: "tl-zoom-out" }, "Zoom out");
  const whole = el("button", { type: "button", id: "tl-whole", disabled: !opts.window || !opts.window[0] }, "Whole range");
  tools.append(zoomIn, zoomOut, whole, el("span", { class: "hint" }, "Wheel or drag on the plot to zoom and pan; brush the strip below to pick a window."));
  root.append(tools);

  const svg = d3.select(root).append("svg").attr("id", "timeline").attr("width", width).attr("height", height)
    .attr("role", "group").attr("aria-label", "Timeline of events");
  svg.append("defs").append("clipPath").attr("id", "tl-clip").append("rect")
    .attr("x", margin.left).attr("y", 0).attr("width", plotRight - margin.left).attr("height", height);
  const lanesG = svg.append("g").attr("class", "lanes");
  lanes.forEach((lane, i) => {
    lanesG.append("rect").attr("x", 0).attr("y", y(i) - LANE / 2).attr("width", width).attr("height", LANE)
      .attr("fill", i % 2 ? "#f6f8fa" : "#fff");
    lanesG.append("text").attr("class", "lane-label").attr("x", margin.left - 6).attr("y", y(i) + 4).attr("text-anchor", "end")
      .text(compact ? shortLabel(lane) : label(lane));
  });
  const axis = svg.append("g").attr("class", "axis").attr("transform", `translate(0,${height - margin.bottom})`);
  const marksG = svg.append("g").attr("clip-path", "url(#tl-clip)").attr("class", "dated");

  // Dated marks, merged per lane so no two touch at this zoom.
  const drawMarks = scale => {
    axis.call(d3.axisBottom(scale).ticks(Math.max(3, Math.floor((plotRight - margin.left) / 70))));
    marksG.selectAll("*").remove();
    lanes.forEach((lane, i) => {
      const rows = data.dated.filter(r => r.kind === lane.kind && r.status === lane.status);
      for (const r of merge(rows, scale)) {
        if (r.cx < margin.left - 8 || r.cx > plotRight + 8) continue;
        const g = marksG.append("g").attr("class", `tl-mark event-mark status-${lane.status}`).attr("data-count", r.count)
          .attr("data-kind", lane.kind).attr("data-date", iso(r.t0)).attr("data-ids", r.ids.join(" "))
          .attr("transform", `translate(${r.cx},${y(i)})`);
        drawMark(g, lane, r.count);
        const title = `${label(lane)}, ${spanText(r)}: ${r.count} event${r.count > 1 ? "s" : ""}`;
        g.append("title").text(title);
        activate(g.node(), title, () => opts.onOpen(r.ids, r.count, title));
      }
    });
  };
  drawMarks(x);

  // Undated events: their own column, apart from the date axis.
  if (data.undated.length) {
    const ux = plotRight + UNDATED / 2;
    svg.append("line").attr("class", "undated-rule").attr("x1", plotRight + 4).attr("x2", plotRight + 4)
      .attr("y1", margin.top).attr("y2", height - margin.bottom).attr("stroke", "#99a");
    svg.append("text").attr("class", "undated-head").attr("x", ux).attr("y", height - 8).attr("text-anchor", "middle").text("undated");
    lanes.forEach((lane, i) => {
      const r = data.undated.find(u => u.kind === lane.kind && u.status === lane.status);
      if (!r) return;
      const g = svg.append("g").attr("class", `tl-mark event-mark undated status-${lane.status}`).attr("data-count", r.count)
        .attr("data-kind", lane.kind).attr("data-ids", r.ids.join(" ")).attr("transform", `translate(${ux},${y(i)})`);
      drawMark(g, lane, r.count);
      const title = `${label(lane)}, undated: ${r.count} event${r.count > 1 ? "s" : ""}`;
      g.append("title").text(title);
      activate(g.node(), title, () => opts.onOpen(r.ids, r.count, title));
    });
  }

  // Zoom and pan: marks follow live, the window is asked of the server again when the gesture ends.
  let moved = null;
  const zoom = d3.zoom().scaleExtent([1 / 64, 4096])
    .filter(ev => !ev.target.closest || !ev.target.closest(".tl-mark"))
    .on("zoom", ev => { moved = ev.transform.rescaleX(x); drawMarks(moved); })
    .on("end", () => { if (moved) { const [a, b] = moved.domain(); opts.onWindow(iso(a), iso(new Date(b.getTime() - DAY))); } });
  svg.call(zoom).on("dblclick.zoom", null);
  const scaleBy = k => {
    const [a, b] = domain, mid = (a.getTime() + b.getTime()) / 2, half = (b - a) / 2 / k;
    opts.onWindow(iso(new Date(mid - half)), iso(new Date(mid + half - DAY)));
  };
  zoomIn.addEventListener("click", () => scaleBy(2));
  zoomOut.addEventListener("click", () => scaleBy(0.5));
  whole.addEventListener("click", () => opts.onWindow(null, null));

  // The overview strip: the whole range, the window as a brush.
  const ov = d3.select(root).append("svg").attr("id", "timeline-overview").attr("width", width).attr("height", 34)
    .attr("aria-label", "Whole range of dates; drag to choose a window").attr("role", "img");
  const ox = d3.scaleUtc().domain(range).range([margin.left + 9, plotRight - 9]);
  ov.append("g").attr("transform", "translate(0,18)").call(d3.axisBottom(ox).ticks(Math.max(2, Math.floor((plotRight - margin.left) / 110))).tickSize(3));
  const brush = d3.brushX().extent([[margin.left, 0], [plotRight, 18]])
    .on("end", ev => {
      if (!ev.sourceEvent) return;
      if (!ev.selection) { opts.onWindow(null, null); return; }
      const [a, b] = ev.selection.map(ox.invert);
      opts.onWindow(iso(a), iso(new Date(Math.max(a.getTime(), b.getTime() - DAY))));
    });
  const bg = ov.append("g").attr("class", "brush").call(brush);
  if (opts.window && opts.window[0]) bg.call(brush.move, [Math.max(margin.left, ox(domain[0])), Math.min(plotRight, ox(domain[1]))]);

  root.append(legend(lanes, data, svg.node().querySelector(".tl-mark:not([data-count='1'])") !== null));
}

function drawMark(g, lane, count) {
  // Big enough for the count it carries, never wider than MIN_SPACING, so neighbours never touch.
  const c = colour(lane.kind), r = count === 1 ? 5 : count < 10 ? 7.5 : count < 100 ? 9 : 10.5;
  if (lane.status === "planned") {
    const w = r + 2, h = Math.min(LANE / 2 - 1, r + 3);
    g.append("path").attr("d", `M0,${-h}L${w},0L0,${h}L${-w},0Z`).attr("fill", "#fff").attr("stroke", c).attr("stroke-width", 2);
  } else {
    g.append("circle").attr("r", r).attr("fill", c).attr("stroke", d3.color(c).darker(0.6));
  }
  if (count > 1) {
    g.append("text").attr("class", "mark-count").attr("text-anchor", "middle").attr("dy", "0.33em")
      .attr("fill", lane.status === "planned" ? "#222" : "#fff").text(countText(count));
  }
}

/** The legend of the marks drawn: the kinds present, filled for what happened, hollow diamonds for plans. */
function legend(lanes, data, grouped) {
  const box = el("div", { class: "legend", id: "timeline-legend" });
  const kinds = [...new Set(lanes.map(l => l.kind))];
  for (const k of kinds) {
    const item = el("span", { class: "legend-kind", "data-kind": k, style: `--c:${colour(k)}` }, k.replace("_", " "));
    box.append(item);
  }
  if (lanes.some(l => l.status === "occurred")) box.append(el("span", { class: "legend-shape occurred" }, "● happened"));
  if (lanes.some(l => l.status === "planned")) box.append(el("span", { class: "legend-shape planned" }, "◇ planned"));
  if (grouped) box.append(el("span", { class: "legend-shape grouped" }, "number: events in one mark (opens the list)"));
  if (data.undated.length) box.append(el("span", { class: "legend-shape undated" }, "undated: right-hand column"));
  return box;
}
