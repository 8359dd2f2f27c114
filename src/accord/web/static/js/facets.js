// Facets with counts (datasette style): each group lists its values with how many events each would give under
// every other filter; ticking one narrows the view and every count follows.
import { el } from "./dom.js";
import { MULTI } from "./urlstate.js";

export const GROUPS = [
  ["state", "States"], ["kind", "Kinds"], ["status", "Status"], ["year", "Years"],
  ["confidence", "Confidence"], ["person", "People"], ["outlet", "Outlets"],
];
const SHOWN = 8;

function chosen(state, key) {
  return MULTI.includes(key) ? state[key] : state[key] ? [state[key]] : [];
}

/** Draw every facet group into `root`; `onChange(key, values)` gets the new list of chosen values. */
export function drawFacets(root, facets, state, onChange) {
  root.replaceChildren();
  for (const [key, title] of GROUPS) {
    const values = facets ? facets[key] || [] : [];
    // A value given by name in a pasted address ("state=india") is the row of its code ("India (IND)").
    const same = (row, v) => String(row.value).toLowerCase() === v.toLowerCase()
      || String(row.label || "").toLowerCase().startsWith(`${v.toLowerCase()} (`);
    const picked = chosen(state, key).map(v => { const row = values.find(r => same(r, v)); return row ? String(row.value) : v; });
    const group = el("fieldset", { class: "facet", id: `facet-${key}`, "data-facet": key });
    group.append(el("legend", {}, title));
    // A chosen value the other filters leave empty still shows, so it can be unticked.
    const rows = [...values];
    for (const v of picked) if (!rows.some(r => String(r.value) === v)) rows.unshift({ value: v, label: v, count: 0 });
    const list = el("ul", { class: "facet-values" });
    const more = el("ul", { class: "facet-values" });
    rows.forEach((row, i) => {
      const value = String(row.value);
      const id = `f-${key}-${value.replace(/[^A-Za-z0-9_-]/g, "_")}`;
      const box = el("input", { type: "checkbox", id, value, "data-facet": key, checked: picked.includes(value) });
      box.addEventListener("change", () => {
        const now = picked.filter(v => v !== value);
        if (box.checked) now.push(value);
        onChange(key, MULTI.includes(key) ? now : box.checked ? [value] : []);
      });
      const label = el("label", { for: id });
      label.append(el("span", { class: "facet-label" }, row.label || value), el("span", { class: "count" }, row.count));
      const item = el("li");
      item.append(box, label);
      (i < SHOWN || picked.includes(value) ? list : more).append(item);
    });
    group.append(list);
    if (more.children.length) {
      const details = el("details");
      details.append(el("summary", {}, `${more.children.length} more`), more);
      group.append(details);
    }
    if (!rows.length) group.append(el("p", { class: "hint" }, "none"));
    group.append(el("p", { class: "error", id: `err-${key}`, role: "alert" }));
    root.append(group);
  }
}
