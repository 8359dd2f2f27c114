// What a mark means, shared by every view and its legend so the legend can only show what the marks use.
const d3 = window.d3;

export const KINDS = ["meeting", "visit", "agreement", "intent", "exercise", "institution", "plan", "statement",
  "arms_transfer", "training"];
export const colour = d3.scaleOrdinal(KINDS, d3.schemeTableau10);

/** The shortest readable count for a mark that stands for several events. */
export function countText(n) { return n > 99 ? "99+" : String(n); }
