// Every view is an address: the filters, search, sort, page, chosen event, view and timeline window all live in
// the query string, so reload, back, forward and a pasted link give the same view.

/** Filters the API understands; repeatable ones are lists. */
export const MULTI = ["state", "kind", "person", "outlet", "year"];
export const SINGLE = ["q", "pair", "status", "confidence", "since", "until"];
export const FILTERS = [...MULTI, ...SINGLE];
/** Keys of the page alone (never sent as filters). */
export const PAGE = ["sort", "page", "per_page", "event", "view", "from", "to"];
export const VIEWS = ["relationship", "timeline", "network", "map", "table"];
export const PER_PAGE = 50;

export function blank() {
  const s = {};
  for (const k of MULTI) s[k] = [];
  for (const k of [...SINGLE, ...PAGE]) s[k] = "";
  return s;
}

export function read(search = location.search) {
  const params = new URLSearchParams(search);
  const s = blank();
  for (const k of MULTI) s[k] = params.getAll(k).filter(Boolean);
  for (const k of [...SINGLE, ...PAGE]) s[k] = params.get(k) || "";
  return s;
}

/** The address of a state: keys in a fixed order, empty ones left out, so one view has one address. */
export function toSearch(s) {
  const params = new URLSearchParams();
  for (const k of [...FILTERS, ...PAGE]) {
    for (const v of MULTI.includes(k) ? s[k] : [s[k]]) if (v) params.append(k, v);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** The filters alone, as API parameters. */
export function filterParams(s) {
  const params = new URLSearchParams();
  for (const k of FILTERS) for (const v of MULTI.includes(k) ? s[k] : [s[k]]) if (v) params.append(k, v);
  return params;
}

/** The pair of states a relationship view is about: `pair`, or exactly two chosen states. */
export function pairOf(s) {
  if (s.pair && s.pair.split(",").length === 2) return s.pair.split(",").map(x => x.trim());
  return s.state.length === 2 ? [...s.state] : null;
}

/** The view shown: the one asked for, else the relationship when a pair is chosen, else the timeline. */
export function viewOf(s) {
  if (VIEWS.includes(s.view)) return s.view;
  return pairOf(s) ? "relationship" : "timeline";
}

/** A copy of `s` with `changes`; a changed filter resets the page and the window and drops the chosen event,
 *  which the new filter may have removed. */
export function changed(s, changes) {
  const next = { ...s, ...changes };
  for (const k of MULTI) next[k] = [...next[k]];
  if (FILTERS.some(k => k in changes && String(changes[k]) !== String(s[k]))) {
    if (!("page" in changes)) next.page = "";
    if (!("event" in changes)) next.event = "";
  }
  return next;
}
