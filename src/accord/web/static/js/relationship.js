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
      for (const o of p.offices || []) offices.append(el("li", {}, `${o.office}: ${o.since || "?"} – ${o.until || "now"}`));
      item.append(offices);
      list.append(item);
    }
    if (!list.children.length) list.append(el("li", { class: "hint" }, "no one named"));
    side.append(list);
    box.append(side);
  }
  return box;
}

function series(rows, onEvent) {
  const box = el("div", { class: "series" });
  if (!rows.length) { box.append(el("p", { class: "hint" }, "No series between them.")); return box; }
  for (const s of rows) {
    const item = el("div", { class: "series-row", "data-series": s.name });
    item.append(el("h4", {}, s.name));
    const eds = el("ul", { class: "editions" });
    for (const ed of s.editions || []) {
      const li = el("li", { class: "edition" }, `${ed.date || "undated"}${ed.number ? ` (edition ${ed.number})` : ""}`);
      if (ed.event) activate(li, `edition ${ed.date || "undated"}`, () => onEvent(ed.event));
      eds.append(li);
    }
    item.append(eds);
    for (const p of s.promises || []) {
      item.append(el("p", { class: `promise promise-${p.status}` }, `Promised${p.edition ? ` edition ${p.edition}` : ""} for ${p.promised_date || "?"}: ${p.status}`));
    }
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
  root.append(el("h3", {}, "Series"), series(data.series || [], on.event));
}
