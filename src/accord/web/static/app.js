// Accord page: timeline, network and evidence over the read-only JSON API.
// Article text is only ever inserted with textContent, so markup in an article never runs.
"use strict";

const KINDS = ["meeting", "visit", "agreement", "intent", "exercise", "institution", "plan", "statement", "arms_transfer", "training"];
const colour = d3.scaleOrdinal(KINDS, d3.schemeTableau10);
const state = { events: [], selected: null };

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function query() {
  const params = new URLSearchParams();
  for (const opt of document.querySelectorAll("#f-country option:checked")) params.append("country", opt.value);
  for (const box of document.querySelectorAll("#f-kinds input:checked")) params.append("kind", box.value);
  for (const [id, name] of [["f-actor", "actor"], ["f-since", "since"], ["f-until", "until"]]) {
    const value = document.getElementById(id).value.trim();
    if (value) params.set(name, value);
  }
  return params;
}

async function getJSON(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return response.json();
}

async function allEvents(params) {
  const items = [];
  for (let offset = 0; ; offset += 500) {
    const page = await getJSON(`/api/events?${params}&limit=500&offset=${offset}`);
    items.push(...page.items);
    if (items.length >= page.total || page.items.length === 0) return items;
  }
}

// A date of known precision as the span of time it covers.
function span(date) {
  if (!date) return null;
  const [y, m, d] = date.split("-").map(Number);
  if (d) return [new Date(Date.UTC(y, m - 1, d)), new Date(Date.UTC(y, m - 1, d + 1))];
  if (m) return [new Date(Date.UTC(y, m - 1, 1)), new Date(Date.UTC(y, m, 1))];
  return [new Date(Date.UTC(y, 0, 1)), new Date(Date.UTC(y + 1, 0, 1))];
}

function kindOf(e) { return e.kind === "plan" && e.planned_kind ? e.planned_kind : e.kind; }

// A plan stays hollow until something kept it.
function hollow(e) { return e.status === "planned" && !(e.promise && ["kept", "moved", "implied"].includes(e.promise.status)); }

function drawTimeline(events) {
  const svg = d3.select("#timeline");
  svg.selectAll("*").remove();
  const width = svg.node().clientWidth || 800, height = 320, margin = { left: 90, right: 16, top: 10, bottom: 24 };
  const dated = events.filter(e => e.date);
  const undated = events.filter(e => !e.date);
  const extent = dated.length ? [d3.min(dated, e => span(e.date)[0]), d3.max(dated, e => span(e.date)[1])] : [new Date(2000, 0, 1), new Date()];
  const x = d3.scaleUtc().domain(extent).nice().range([margin.left, width - margin.right]);
  const rows = KINDS.filter(k => events.some(e => kindOf(e) === k));
  const y = d3.scaleBand().domain([...rows, ...(undated.length ? ["undated"] : [])]).range([margin.top, height - margin.bottom]).padding(0.25);
  svg.append("g").attr("transform", `translate(0,${height - margin.bottom})`).call(d3.axisBottom(x).ticks(6));
  svg.append("g").attr("transform", `translate(${margin.left},0)`).call(d3.axisLeft(y));
  const marks = svg.append("g");
  for (const e of dated) {
    const [start, end] = span(e.date);
    const row = y(kindOf(e)), h = y.bandwidth(), c = colour(kindOf(e));
    const open = hollow(e);
    let mark;
    if (e.date_precision === "day") {
      mark = marks.append("circle").attr("cx", x(start)).attr("cy", row + h / 2).attr("r", Math.min(6, h / 2));
    } else {
      const w = Math.max(3, x(end) - x(start));
      mark = marks.append("rect").attr("x", x(start)).attr("y", row + h * 0.25).attr("width", w).attr("height", h * 0.5).attr("rx", 2);
    }
    mark.attr("class", `event-mark precision-${e.date_precision}`).attr("data-id", e.id)
      .attr("fill", open ? "none" : c).attr("fill-opacity", e.date_precision === "day" ? 0.9 : 0.35)
      .attr("stroke", c).attr("stroke-width", open ? 2 : 1)
      .on("click", () => select(e.id));
    mark.append("title").text(`${e.date} ${e.summary}`);
  }
  undated.forEach((e, i) => {
    const mark = marks.append("circle").attr("cx", margin.left + 10 + (i * 14) % (width - margin.left - 20))
      .attr("cy", y("undated") + y.bandwidth() / 2).attr("r", 5)
      .attr("class", "event-mark precision-unknown").attr("data-id", e.id)
      .attr("fill", hollow(e) ? "none" : colour(kindOf(e))).attr("stroke", colour(kindOf(e)))
      .on("click", () => select(e.id));
    mark.append("title").text(`undated: ${e.summary}`);
  });
}

async function drawNetwork(params) {
  const data = await getJSON(`/api/graph?${params}`);
  const svg = d3.select("#network");
  svg.selectAll("*").remove();
  const width = svg.node().clientWidth || 500, height = 420;
  const size = d3.scaleSqrt().domain([1, d3.max(data.nodes, n => n.events) || 1]).range([4, 18]);
  const links = data.links.map(l => ({ ...l })), nodes = data.nodes.map(n => ({ ...n }));
  const sim = d3.forceSimulation(nodes)
    .force("link", d3.forceLink(links).id(n => n.id).distance(70))
    .force("charge", d3.forceManyBody().strength(-140))
    .force("center", d3.forceCenter(width / 2, height / 2))
    .force("collide", d3.forceCollide(n => size(n.events) + 2));
  const link = svg.append("g").attr("stroke", "#aab4be").selectAll("line").data(links).join("line")
    .attr("stroke-width", l => Math.sqrt(l.events));
  const node = svg.append("g").selectAll("g").data(nodes).join("g").attr("class", n => `node node-${n.type}`);
  node.append("circle").attr("r", n => size(n.events))
    .attr("fill", n => n.type === "state" ? "#1d3557" : n.type === "person" ? "#e76f51" : "#2a9d8f");
  node.append("text").attr("class", "node-label").attr("dx", 8).attr("dy", 3).text(n => n.label);
  node.append("title").text(n => `${n.label}: ${n.events} events`);
  sim.on("tick", () => {
    link.attr("x1", l => l.source.x).attr("y1", l => l.source.y).attr("x2", l => l.target.x).attr("y2", l => l.target.y);
    node.attr("transform", n => `translate(${Math.max(10, Math.min(width - 10, n.x))},${Math.max(10, Math.min(height - 10, n.y))})`);
  });
}

function drawList(events) {
  const body = document.querySelector("#event-list tbody");
  body.replaceChildren();
  for (const e of events) {
    const row = el("tr", { "data-id": e.id });
    row.append(el("td", {}, e.date || "undated"), el("td", {}, e.kind === "plan" ? `plan (${e.planned_kind || "?"})` : e.kind),
      el("td", {}, e.summary), el("td", {}, e.source_count));
    row.addEventListener("click", () => select(e.id));
    body.append(row);
  }
  document.getElementById("event-count").textContent = `(${events.length})`;
}

async function drawSeries() {
  const data = await getJSON("/api/series?limit=500");
  const plans = await getJSON("/api/plans?limit=500");
  const promises = new Map(plans.items.map(p => [p.plan, p]));
  const svg = d3.select("#series");
  svg.selectAll("*").remove();
  const rows = data.items, width = svg.node().clientWidth || 800, rowHeight = 34, left = 260;
  svg.attr("height", Math.max(40, rows.length * rowHeight + 10));
  rows.forEach((s, i) => {
    const y = i * rowHeight + 20;
    const numbers = s.editions.map(ed => ed.number).filter(n => n !== null);
    const planned = s.plans.map(p => promises.get(p)).filter(Boolean);
    const all = [...numbers, ...planned.map(p => p.edition).filter(n => n !== null)];
    const x = d3.scaleLinear().domain([Math.min(...all, 1), Math.max(...all, 1)]).range([left + 10, width - 20]);
    const row = svg.append("g").attr("class", "series-row").attr("data-series", s.name);
    row.append("text").attr("x", 0).attr("y", y + 4).attr("font-size", 12)
      .text(`${s.name}${s.aliases.length ? " (" + s.aliases.join(", ") + ")" : ""} · ${s.kind}`);
    for (const ed of s.editions.filter(ed => ed.number !== null)) {
      row.append("circle").attr("class", "edition edition-held").attr("cx", x(ed.number)).attr("cy", y).attr("r", 7)
        .attr("fill", colour(s.kind === "exercise" ? "exercise" : "meeting")).attr("data-id", ed.events[0])
        .on("click", () => select(ed.events[0]))
        .append("title").text(`edition ${ed.number}: ${ed.dates.join(", ") || "undated"} ${ed.places.join(", ")}`);
      row.append("text").attr("x", x(ed.number)).attr("y", y + 20).attr("text-anchor", "middle").attr("font-size", 10).text(ed.number);
    }
    for (const gap of s.gaps) {
      row.append("circle").attr("class", "edition edition-gap").attr("cx", x(gap)).attr("cy", y).attr("r", 7)
        .attr("fill", "none").attr("stroke", "#999").append("title").text(`edition ${gap}: never reported`);
    }
    for (const p of planned.filter(p => p.edition !== null && !numbers.includes(p.edition))) {
      const kept = ["kept", "moved", "implied"].includes(p.status);
      row.append("circle").attr("class", `edition edition-promised promise-${p.status}`).attr("cx", x(p.edition)).attr("cy", y)
        .attr("r", 7).attr("fill", kept ? "#bbb" : "none").attr("stroke", "#333").attr("stroke-width", 1.5)
        .attr("data-id", p.plan).on("click", () => select(p.plan))
        .append("title").text(`edition ${p.edition} promised for ${p.promised_date || "?"}: ${p.status}`);
    }
  });
}

async function select(id) {
  state.selected = id;
  d3.selectAll(".event-mark").classed("selected", function () { return this.dataset.id === id; });
  const e = await getJSON(`/api/events/${encodeURIComponent(id)}`);
  const panel = document.getElementById("event-panel");
  panel.replaceChildren();
  panel.append(el("h3", { class: "summary" }, e.summary));
  const facts = el("dl");
  const names = await Promise.all(e.participants.map(p => getJSON(`/api/actors/${encodeURIComponent(p)}`).then(a => a.name)));
  for (const [k, v] of [["kind", e.kind === "plan" ? `plan (${e.planned_kind || "?"})` : e.kind], ["date", `${e.date || "unknown"} (${e.date_precision})`],
    ["status", e.status], ["states", e.countries.join(", ")], ["people", names.join(", ") || "-"],
    ["place", e.location ? e.location.name : "-"], ["codes", `PLOVER ${e.plover}, CAMEO ${e.cameo}`],
    ["confidence", e.confidence], ["sources", e.source_count],
    ...(e.series ? [["series", `${e.series.name}${e.series.edition ? ", edition " + e.series.edition : ""}`]] : []),
    ...(e.promise ? [["promise", `${e.promise.status}: ${e.promise.detail}`]] : []),
    ...(e.notes.length ? [["notes", e.notes.join("; ")]] : [])]) {
    facts.append(el("dt", {}, k), el("dd", {}, v));
  }
  panel.append(facts);
  for (const source of e.sources) {
    const doc = await getJSON(`/api/documents/${encodeURIComponent(source.document)}`);
    const block = el("div", { class: "source", "data-document": doc.id });
    block.append(el("h4", {}, [doc.title || doc.source, doc.outlet, doc.published].filter(Boolean).join(" · ")));
    // A fetched article links to its address; only http(s) addresses become links, never javascript: or data:.
    if (/^https?:\/\//i.test(doc.source)) {
      block.append(el("a", { class: "source-link", href: doc.source, target: "_blank", rel: "noopener noreferrer" }, doc.source));
    }
    const article = el("div", { class: "article" });
    article.append(document.createTextNode(doc.body.slice(0, source.start)));
    article.append(el("mark", { class: "evidence" }, doc.body.slice(source.start, source.end)));
    article.append(document.createTextNode(doc.body.slice(source.end)));
    block.append(article);
    panel.append(block);
    const mark = article.querySelector("mark");
    if (mark && mark.scrollIntoView) mark.scrollIntoView({ block: "nearest" });
  }
}

async function refresh() {
  const params = query();
  state.events = await allEvents(params);
  drawTimeline(state.events);
  drawList(state.events);
  await drawNetwork(params);
  await drawSeries();
  document.body.dataset.ready = "true";
}

async function init() {
  const kinds = document.getElementById("f-kinds");
  for (const k of KINDS) {
    const label = el("label", { style: `--c:${colour(k)}` });
    const box = el("input", { type: "checkbox", value: k, name: "kind" });
    label.append(box, document.createTextNode(" " + k));
    kinds.append(label);
  }
  const legend = document.getElementById("legend");
  for (const k of KINDS) legend.append(el("span", { style: `--c:${colour(k)}` }, k));
  const graph = await getJSON("/api/graph");
  const select_ = document.getElementById("f-country");
  for (const n of graph.nodes.filter(n => n.type === "state").sort((a, b) => a.id.localeCompare(b.id))) {
    select_.append(el("option", { value: n.id }, n.id));
  }
  document.getElementById("filters").addEventListener("submit", ev => { ev.preventDefault(); document.body.dataset.ready = "false"; refresh(); });
  document.getElementById("f-reset").addEventListener("click", () => { document.getElementById("filters").reset(); document.body.dataset.ready = "false"; refresh(); });
  await refresh();
}

init();
