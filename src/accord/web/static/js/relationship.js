// The relationship between two states: their events per kind and year, the people on each side with their
// offices over time, and the series they hold with editions and promises. The pair's timeline is drawn above
// this by the caller, from the same filters.
import { activate, el } from "./dom.js";
import { colour } from "./marks.js";

const d3 = window.d3;

function perKindYear(rows) {
  const years = [...new Set(rows.map(r => r.year))].sort();
  const kinds = [...new Set(rows.map(r => r.kind))].sort();
  const table = el("table", { class: "kind-year", id: "kind-year" });
  table.append(el("caption", {}, "Events per kind and year"));
  const head = el("tr");
  head.append(el("th", { scope: "col" }, "kind"));
  for (const y of years) head.append(el("th", { scope: "col" }, y ?? "undated"));
  table.appendChild(el("thead")).append(head);
  const body = el("tbody");
  const max = d3.max(rows, r => r.count) || 1;
  for (const k of kinds) {
    const tr = el("tr");
    tr.append(el("th", { scope: "row", style: `--c:${colour(k)}`, class: "kind-name" }, k.replace("_", " ")));
    for (const y of years) {
      const n = (rows.find(r => r.kind === k && r.year === y) || {}).count || 0;
      tr.append(el("td", { style: n ? `background: color-mix(in srgb, ${colour(k)} ${Math.round(15 + 70 * n / max)}%, white)` : "" }, n || ""));
    }
    body.append(tr);
  }
  table.append(body);
  const wrap = el("div", { class: "table-wrap" });
  wrap.append(table);
  return wrap;
}

function people(data, onPerson) {
  const box = el("div", { class: "sides" });
  for (const s of data.states) {
    const side = el("section", { class: "side", "data-state": s.code });
    side.append(el("h4", {}, `${s.name} (${s.code})`));
    const list = el("ul", { class: "people" });
    for (const p of (data.people || {})[s.code] || []) {
      const item = el("li");
      const name = el("button", { type: "button", class: "link person", "data-id": p.id }, `${p.name}`);
      name.addEventListener("click", () => onPerson(p));
      item.append(name, el("span", { class: "hint" }, ` ${p.events} event${p.events === 1 ? "" : "s"}`));
      const offices = el("ul", { class: "offices" });
      // The dates are when articles place them in office (first and last seen), not terms of office.
      for (const o of p.offices || []) {
        const seen = o.since && o.until && o.until !== o.since ? `, seen ${o.since} to ${o.until}` : o.since || o.until ? `, seen ${o.since || o.until}` : "";
        offices.append(el("li", {}, `${o.office}${seen}`));
      }
      item.append(offices);
      list.append(item);
    }
    if (!list.children.length) list.append(el("li", { class: "hint" }, "no one named"));
    side.append(list);
    box.append(side);
  }
  return box;
}

const KEPT = ["kept", "moved", "implied"];

/** One row per series: editions reported (filled, each opens its event), editions never reported between them
 *  (dashed), editions promised (hollow while open, grey once kept), along the edition numbers. */
function series(rows, onEvent, width) {
  const box = el("div", { class: "series", id: "series" });
  if (!rows.length) { box.append(el("p", { class: "hint" }, "No series between them.")); return box; }
  for (const s of rows) {
    const item = el("div", { class: "series-row", "data-series": s.name });
    item.append(el("h4", {}, s.name));
    const held = (s.editions || []).filter(ed => ed.number !== null && ed.number !== undefined);
    const numbers = held.map(ed => ed.number);
    const promised = (s.promises || []).filter(p => p.edition !== null && p.edition !== undefined && !numbers.includes(p.edition));
    const all = [...numbers, ...promised.map(p => p.edition)];
    if (all.length) {
      const w = Math.max(200, Math.min(width, 120 + all.length * 60)), h = 44;
      const x = d3.scaleLinear().domain([Math.min(...all), Math.max(...all) + (all.length === 1 ? 1 : 0)]).range([16, w - 16]);
      const svg = d3.select(item).append("svg").attr("width", w).attr("height", h).attr("role", "group")
        .attr("aria-label", `Editions of ${s.name}`);
      const mark = (n, cls, title) => {
        const g = svg.append("g").attr("class", `edition ${cls}`).attr("transform", `translate(${x(n)},16)`);
        g.append("title").text(title);
        svg.append("text").attr("class", "edition-number").attr("x", x(n)).attr("y", 40).attr("text-anchor", "middle").text(n);
        return g;
      };
      for (const ed of held) {
        const g = mark(ed.number, "edition-held", `edition ${ed.number}: ${ed.date || "undated"}`);
        g.append("circle").attr("r", 7).attr("fill", colour("exercise")).attr("stroke", "#333");
        if (ed.events && ed.events.length) activate(g.node(), `edition ${ed.number}, ${ed.date || "undated"}`, () => onEvent(ed.events[0]));
      }
      // An edition between two reported ones that no article reports is a gap (dashed), promised or not.
      const gaps = [];
      for (let n = Math.min(...numbers); numbers.length && n < Math.max(...numbers); n++) if (!numbers.includes(n)) gaps.push(n);
      for (const n of gaps.filter(n => !promised.some(p => p.edition === n))) {
        mark(n, "edition-gap", `edition ${n}: never reported`).append("circle").attr("r", 7).attr("fill", "none")
          .attr("stroke", "#999").attr("stroke-dasharray", "2 2");
      }
      for (const p of promised) {
        const kept = KEPT.includes(p.status), gap = gaps.includes(p.edition);
        const title = `edition ${p.edition} promised for ${p.promised_date || "?"}: ${p.status}${gap ? ", never reported" : ""}`;
        const g = mark(p.edition, `${gap ? "edition-gap " : ""}edition-promised promise-${p.status}`, title);
        g.append("circle").attr("r", 7).attr("fill", kept ? "#bbb" : "none").attr("stroke", gap ? "#999" : "#333")
          .attr("stroke-width", 1.5).attr("stroke-dasharray", gap ? "2 2" : null);
        activate(g.node(), title, () => onEvent(p.plan));
      }
    }
    const dates = (s.editions || []).map(ed => `${ed.number ? `${ed.number}: ` : ""}${ed.date || "undated"}`);
    item.append(el("p", { class: "hint" }, `Reported: ${dates.join(", ") || "none"}.`
      + (s.promises || []).map(p => ` Promised${p.edition ? ` edition ${p.edition}` : ""} for ${p.promised_date || "?"}: ${p.status}.`).join("")));
    box.append(item);
  }
  return box;
}

/** Draw `data` (/api/relationship) into `root`. `on` has event(id) and person(p). */
export function drawRelationship(root, data, on) {
  root.replaceChildren();
  const [a, b] = data.states;
  root.append(el("p", { class: "pair-span" }, `${a.name} and ${b.name}: events from ${data.first || "?"} to ${data.last || "?"}`));
  root.append(perKindYear(data.per_kind_year || []));
  root.append(el("h3", {}, "People on each side"), people(data, on.person));
  root.append(el("h3", {}, "Series"), series(data.series || [], on.event, root.clientWidth || 600));
}
