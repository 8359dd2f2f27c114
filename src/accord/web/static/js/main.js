// The Accord page: one state (the address), drawn into facets, a view, the table and the evidence panel.
// Every change goes through go(): the address first, then only the parts the change affects are fetched again.
import { el, kindName } from "./dom.js";
import { ApiError, getJSON } from "./http.js";
import { blank, changed, filterParams, PER_PAGE, pairOf, read, toSearch, viewOf, VIEWS, MULTI, FILTERS } from "./urlstate.js";
import { drawFacets } from "./facets.js";
import { drawTable } from "./table.js";
import { binsFor, drawTimeline } from "./timeline.js";
import { drawNetwork } from "./network.js";
import { drawMap } from "./map.js";
import { drawRelationship } from "./relationship.js";
import { drawEvidence } from "./evidence.js";

const $ = id => document.getElementById(id);
let state = read();
let generation = 0;
let lastFacets = null;

/** Newest first unless the address says otherwise (the API's own default is oldest first). */
const DEFAULT_SORT = "-date";
const VIEW_NAMES = { relationship: "Relationship", timeline: "Timeline", network: "Network", map: "Map", table: "Table only" };

/** Move to a new state: a new history entry (or a replaced one), then redraw what changed. */
function go(changes, { push = true } = {}) {
  const next = changed(state, changes);
  const before = state;
  state = next;
  const address = location.pathname + toSearch(state);
  if (address !== location.pathname + location.search) history[push ? "pushState" : "replaceState"](null, "", address);
  redraw(before, state);
}

function differs(a, b, keys) {
  return keys.some(k => (MULTI.includes(k) ? a[k].join("\u0000") : a[k]) !== (MULTI.includes(k) ? b[k].join("\u0000") : b[k]));
}

/** Redraw the parts of the page that depend on what changed from `a` to `b` (everything when `a` is null). */
async function redraw(a, b) {
  const mine = ++generation;
  document.body.dataset.ready = "false";
  const all = !a || differs(a, b, FILTERS);
  const parts = [];
  syncControls();
  if (all || differs(a, b, ["sort", "page", "per_page"])) parts.push(loadTable());
  if (all) parts.push(loadFacets());
  if (all || differs(a, b, ["view", "from", "to"])) parts.push(loadView());
  if (all || differs(a, b, ["event"])) parts.push(loadEvidence());
  if (all || differs(a, b, ["sort", "page", "per_page"])) clearErrors();
  const focused = document.activeElement && document.activeElement.id;
  const results = await Promise.allSettled(parts);
  if (mine !== generation) return;
  for (const r of results) if (r.status === "rejected") showError(r.reason);
  if (focused && document.activeElement === document.body && $(focused)) $(focused).focus({ preventScroll: true });
  // How long the first view took from the start of navigation (bench/page.py reads it).
  if (!document.body.dataset.firstViewMs) document.body.dataset.firstViewMs = String(Math.round(performance.now()));
  document.body.dataset.ready = "true";
}

function clearErrors() {
  for (const node of document.querySelectorAll(".error")) node.textContent = "";
  for (const node of document.querySelectorAll("[aria-invalid]")) node.removeAttribute("aria-invalid");
}

/** A refused filter is a message beside its control; anything else goes above the view. */
function showError(err) {
  const detail = err instanceof ApiError ? err.detail : { message: String(err) };
  const param = detail.param === "country" ? "state" : detail.param;
  const where = (param && $(`err-${param}`)) || $("err-general");
  const text = [detail.message || err.message, detail.hint].filter(Boolean).join(" — ");
  if (!where.textContent.includes(text)) where.textContent = where.textContent ? `${where.textContent}; ${text}` : text;
  const control = param && ($(param) || document.querySelector(`[data-facet='${param}']`));
  if (control) control.setAttribute("aria-invalid", "true");
}

function params(extra = {}) {
  const p = filterParams(state);
  for (const [k, v] of Object.entries(extra)) if (v !== "" && v !== null && v !== undefined) p.set(k, v);
  return p;
}

function syncControls() {
  $("q").value = state.q;
  $("since").value = state.since;
  $("until").value = state.until;
  $("sort").value = state.sort || DEFAULT_SORT;
  const view = viewOf(state);
  const nav = $("views");
  nav.replaceChildren();
  for (const v of VIEWS) {
    const b = el("button", { type: "button", "data-view": v, "aria-pressed": String(v === view) }, VIEW_NAMES[v]);
    b.addEventListener("click", () => go({ view: v, from: "", to: "" }));
    nav.append(b);
  }
  const sorted = params({ sort: state.sort || DEFAULT_SORT });
  for (const f of ["csv", "json", "graphml"]) {
    const p = new URLSearchParams(sorted);
    p.set("format", f);
    $(`export-${f}`).href = `/api/export?${p}`;
  }
  document.title = ["Accord", state.q && `“${state.q}”`, pairOf(state) && pairOf(state).join("–"), view].filter(Boolean).join(" · ");
}

async function loadFacets() {
  const root = $("facets");
  const mine = generation;
  try {
    lastFacets = await getJSON(`/api/facets?${params()}`);
  } catch (err) {
    drawFacets(root, null, state, onFacet);
    throw err;
  }
  if (mine !== generation) return;
  const focused = document.activeElement && root.contains(document.activeElement) ? document.activeElement.id : null;
  drawFacets(root, lastFacets, state, onFacet);
  if (focused && $(focused)) $(focused).focus({ preventScroll: true });
}

function onFacet(key, values) {
  go({ [key]: MULTI.includes(key) ? values : values[0] || "" });
}

async function loadTable() {
  const page = Math.max(1, parseInt(state.page, 10) || 1);
  const mine = generation;
  let data;
  try {
    data = await getJSON(`/api/events?${params({ sort: state.sort || DEFAULT_SORT, page, per_page: state.per_page || PER_PAGE })}`);
  } catch (err) {
    $("table").replaceChildren(el("p", { class: "empty" }, "The filters above were refused: see the message beside the control."));
    $("count").textContent = "";
    throw err;
  }
  if (mine !== generation) return;
  drawTable($("table"), { ...data, page: data.page || page, per_page: data.per_page || PER_PAGE }, state, {
    sort: sort => go({ sort, page: "" }),
    select,
    page: n => { go({ page: n > 1 ? String(n) : "" }); $("table-section").scrollIntoView({ block: "start" }); },
  });
  $("count").textContent = data.total ? `${data.total} event${data.total === 1 ? "" : "s"}${state.q ? ` matching “${state.q}”` : ""}` : "No events match these filters.";
}

/** The width inside the view's padding: what a drawing may use. */
function viewWidth() {
  const view = $("view"), style = getComputedStyle(view);
  return (view.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)) || 600;
}

async function loadView() {
  try {
    await drawView();
  } catch (err) {
    // A refused filter leaves no stale drawing behind: the message beside the control says what to fix.
    $("view").replaceChildren(el("p", { class: "empty" }, "Nothing to draw: the filters were refused."));
    throw err;
  }
}

async function drawView() {
  const root = $("view");
  const view = viewOf(state);
  const mine = generation;
  root.dataset.view = view;
  $("group-list").hidden = true;
  if (view === "table") { root.hidden = true; root.replaceChildren(); return; }
  root.hidden = false;
  const width = viewWidth();
  if (view === "timeline" || view === "relationship") {
    const pair = pairOf(state);
    const [timeline, relation] = await Promise.all([
      getJSON(`/api/timeline?${params({ from: state.from, to: state.to, bins: binsFor(width) })}`),
      view === "relationship" && pair ? getJSON(`/api/relationship?pair=${encodeURIComponent(pair.join(","))}`) : null,
    ]);
    if (mine !== generation) return;
    root.replaceChildren();
    const box = el("div", { id: "timeline-box" });
    if (view === "relationship") {
      root.append(el("h2", {}, pair && relation ? `${relation.states[0].name} and ${relation.states[1].name}` : "Relationship"));
      if (!pair) root.append(el("p", { class: "hint", role: "status" }, "Choose two states (under States) to see their relationship."));
    }
    root.append(box);
    drawTimeline(box, timeline, {
      width, window: state.from ? [state.from, state.to] : null, onOpen: openGroup,
      onWindow: (from, to) => go({ from: from || "", to: to || "" }),
    });
    if (relation) {
      const rel = el("div", { id: "relationship" });
      root.append(rel);
      drawRelationship(rel, relation, { event: select, person: p => go({ person: [p.id] }) });
    }
  } else if (view === "network") {
    const data = await getJSON(`/api/graph?${params({ top: 40 })}`);
    if (mine !== generation) return;
    drawNetwork(root, data, {
      width,
      onNode: n => n.type === "state" ? go({ state: state.state.includes(n.id) ? state.state : [...state.state, n.id] })
        : go({ person: state.person.includes(n.id) ? state.person : [...state.person, n.id] }),
    });
  } else if (view === "map") {
    const data = await getJSON(`/api/places?${params()}`);
    if (mine !== generation) return;
    await drawMap(root, data, { width, onOpen: openGroup });
  }
}

/** A mark that stands for several events opens their list; a mark of one event opens its evidence. */
async function openGroup(ids, count, title) {
  if (count === 1 && ids.length === 1) { select(ids[0]); return; }
  const box = $("group-list");
  box.hidden = false;
  box.replaceChildren(el("h3", { tabindex: "-1" }, title));
  const close = el("button", { type: "button", class: "close", "aria-label": "Close the list" }, "×");
  close.addEventListener("click", () => { box.hidden = true; });
  box.append(close);
  const events = await Promise.all(ids.map(id => getJSON(`/api/events/${encodeURIComponent(id)}`).catch(() => null)));
  const list = el("ul");
  for (const e of events.filter(Boolean)) {
    const item = el("li");
    const b = el("button", { type: "button", class: "link", "data-id": e.id }, `${e.date || "undated"} · ${kindName(e)} · ${e.summary || ""}`);
    b.addEventListener("click", () => select(e.id));
    item.append(b);
    list.append(item);
  }
  box.append(list);
  if (count > events.length) box.append(el("p", { class: "hint" }, `The first ${events.length} of ${count}; zoom in or narrow the filters for the rest.`));
  box.querySelector("h3").focus({ preventScroll: true });
}

function select(id) {
  for (const row of document.querySelectorAll("#event-table tbody tr")) row.setAttribute("aria-selected", String(row.dataset.id === id));
  go({ event: id });
}

async function loadEvidence() {
  const aside = $("evidence"), panel = $("event-panel");
  // Wide screens keep the panel's column (so choosing an event moves nothing); narrow ones show it as a sheet.
  const narrow = window.matchMedia("(max-width: 900px)").matches;
  $("evidence-hint").hidden = Boolean(state.event);
  if (!state.event) { aside.hidden = narrow; panel.replaceChildren(); delete panel.dataset.event; return; }
  aside.hidden = false;
  panel.replaceChildren(el("p", { class: "hint" }, "Loading the evidence…"));
  try {
    await drawEvidence(panel, state.event, state.q, () => go({ event: "" }));
  } catch (err) {
    panel.replaceChildren(el("p", { class: "error" }, err.status === 404 ? `No event ${state.event}.` : String(err.message)));
    return;
  }
  for (const row of document.querySelectorAll("#event-table tbody tr")) row.setAttribute("aria-selected", String(row.dataset.id === state.event));
}

function init() {
  // On a phone the filters start folded, so the view comes first.
  if (window.matchMedia("(max-width: 640px)").matches) $("filters-box").open = false;
  $("search").addEventListener("submit", ev => { ev.preventDefault(); go({ q: $("q").value.trim() }); });
  for (const key of ["since", "until"]) {
    $(key).addEventListener("change", () => go({ [key]: $(key).value.trim() }));
    $(key).addEventListener("keydown", ev => { if (ev.key === "Enter") { ev.preventDefault(); go({ [key]: $(key).value.trim() }); } });
  }
  $("sort").addEventListener("change", () => go({ sort: $("sort").value === DEFAULT_SORT ? "" : $("sort").value, page: "" }));
  $("reset").addEventListener("click", () => go(blank()));
  // Escape closes what was opened last: the list of a mark, else the evidence.
  document.addEventListener("keydown", ev => {
    if (ev.key !== "Escape") return;
    if (!$("group-list").hidden) $("group-list").hidden = true;
    else if (state.event) go({ event: "" });
  });
  window.addEventListener("popstate", () => { const before = state; state = read(); redraw(before, state); });
  let width = viewWidth();
  window.addEventListener("resize", () => {
    if (Math.abs(viewWidth() - width) < 40) return;
    width = viewWidth();
    redraw({ ...state, view: "\u0000" }, state);
  });
  redraw(null, state);
}

init();
