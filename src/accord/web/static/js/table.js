// The event table: one page at a time, sorted by the server; a click or Enter opens the evidence in place.
import { activate, el, kindName, marked } from "./dom.js";

export const COLUMNS = [
  ["date", "Date", "date"], ["kind", "Kind", "kind"], ["states", "States", null], ["people", "People", null],
  ["place", "Place", null], ["sources", "Sources", "sources"], ["confidence", "Confidence", "confidence"],
];

function cells(e) {
  return {
    date: e.date || "undated",
    kind: kindName(e) + (e.status === "planned" && e.kind !== "plan" ? " (planned)" : ""),
    states: (e.states || (e.countries || []).map(c => ({ code: c, name: c }))).map(s => s.name === s.code ? s.code : `${s.name} (${s.code})`).join(", "),
    people: (e.people || []).map(p => p.name).join(", "),
    place: e.location ? e.location.name : "",
    sources: e.source_count ?? (e.sources || []).length,
    confidence: typeof e.confidence === "number" ? e.confidence.toFixed(2) : e.confidence,
  };
}

/** Draw the table head (sort buttons), rows and pager. `on` has sort(key), select(id), page(n). */
export function drawTable(root, page, state, on) {
  const table = el("table", { id: "event-table" });
  table.append(el("caption", { class: "visually-hidden" }, "Events matching the filters"));
  const head = el("tr");
  const sort = state.sort || "-date";
  for (const [key, title, sortKey] of COLUMNS) {
    const th = el("th", { scope: "col", "data-col": key });
    if (sortKey) {
      const current = sort.replace(/^-/, "") === sortKey;
      const down = sort.startsWith("-");
      if (current) th.setAttribute("aria-sort", down ? "descending" : "ascending");
      const button = el("button", { type: "button", class: "sort", "data-sort": sortKey }, title + (current ? (down ? " ▼" : " ▲") : ""));
      button.addEventListener("click", () => on.sort(current && !down ? `-${sortKey}` : current ? sortKey : sortKey === "date" ? "-date" : sortKey));
      th.append(button);
    } else th.textContent = title;
    head.append(th);
  }
  head.append(el("th", { scope: "col", "data-col": "evidence" }, "Evidence"));
  table.appendChild(el("thead")).append(head);
  const body = el("tbody");
  for (const e of page.items) {
    const row = el("tr", { "data-id": e.id, "aria-selected": String(e.id === state.event) });
    const values = cells(e);
    // Each cell's content sits in one span, so the narrow layout (a grid of label and value) sees one item.
    for (const [key, title] of COLUMNS) row.appendChild(el("td", { "data-label": title, "data-col": key })).append(el("span", {}, values[key]));
    const evidence = el("span");
    if (e.highlight) evidence.append(marked(e.highlight));
    else evidence.textContent = (e.sources && e.sources[0] && (e.sources[0].evidence || e.sources[0].sentence)) || e.summary || "";
    row.appendChild(el("td", { "data-label": "Evidence", "data-col": "evidence", class: "evidence-cell" })).append(evidence);
    activate(row, `${values.date} ${values.kind} ${values.states}`, () => on.select(e.id));
    row.removeAttribute("role");  // a row stays a row for screen readers; it is still focusable and answers Enter.
    body.append(row);
  }
  table.append(body);
  root.replaceChildren();
  if (!page.items.length) {
    root.append(el("p", { class: "empty", role: "status" }, "No events match these filters."));
    return;
  }
  root.appendChild(el("div", { class: "table-wrap" })).append(table);
  const pages = Math.max(1, Math.ceil(page.total / page.per_page));
  const current = page.page;
  const pager = el("nav", { class: "pager", "aria-label": "Pages of events" });
  const prev = el("button", { type: "button", id: "page-prev", disabled: current <= 1 }, "← Previous");
  const next = el("button", { type: "button", id: "page-next", disabled: current >= pages }, "Next →");
  prev.addEventListener("click", () => on.page(current - 1));
  next.addEventListener("click", () => on.page(current + 1));
  const first = (current - 1) * page.per_page + 1;
  pager.append(prev, el("span", { id: "page-status" }, `${first}–${first + page.items.length - 1} of ${page.total} · page ${current} of ${pages}`), next);
  root.append(pager);
}
