// The evidence of one event: what was found, why its date is what it is, and every source with its own sentence
// highlighted in the article (and the search hits), the article's address as a link.
import { el, highlighted, kindName, terms } from "./dom.js";
import { getJSON } from "./http.js";

const documents = new Map();

async function documentOf(id) {
  if (!documents.has(id)) documents.set(id, getJSON(`/api/documents/${encodeURIComponent(id)}`));
  return documents.get(id);
}

function safeLink(address) {
  // Only http(s) addresses become links, never javascript: or data:.
  return typeof address === "string" && /^https?:\/\//i.test(address);
}

/** Draw event `id` into `panel`; `q` is the search whose hits are marked too. Returns the event. */
export async function drawEvidence(panel, id, q, onClose) {
  const e = await getJSON(`/api/events/${encodeURIComponent(id)}`);
  const words = terms(q);
  const head = el("div", { class: "panel-head" });
  head.append(el("h3", { class: "summary", tabindex: "-1" }, e.summary || kindName(e)));
  const close = el("button", { type: "button", id: "evidence-close", "aria-label": "Close the evidence" }, "×");
  close.addEventListener("click", onClose);
  head.append(close);
  const facts = el("dl");
  const states = (e.states || (e.countries || []).map(c => ({ code: c, name: c }))).map(s => s.name === s.code ? s.code : `${s.name} (${s.code})`);
  const rows = [
    ["kind", kindName(e)], ["status", e.status],
    ["date", `${e.date || "unknown"} (${e.date_precision})`],
    ["why this date", e.date_reason || "-"],
    ["states", states.join(", ")],
    ["people", (e.people || []).map(p => p.name).join(", ") || "-"],
    ["place", e.location ? e.location.name : "-"],
    ["confidence", e.confidence],
    ["sources", (e.sources || []).length],
  ];
  if (e.series) rows.push(["series", `${e.series.name}${e.series.edition ? ", edition " + e.series.edition : ""}`]);
  if (e.promise) rows.push(["promise", `${e.promise.status}: ${e.promise.detail}`]);
  if (e.notes && e.notes.length) rows.push(["notes", e.notes.join("; ")]);
  for (const [k, v] of rows) facts.append(el("dt", {}, k), el("dd", { "data-fact": k }, v));
  const blocks = [];
  for (const source of e.sources || []) {
    const doc = await documentOf(source.document);
    const block = el("article", { class: "source", "data-document": doc.id });
    block.append(el("h4", {}, [source.title || doc.title || doc.source, source.outlet || doc.outlet, source.published || doc.published].filter(Boolean).join(" · ")));
    const address = source.url || doc.source;
    if (safeLink(address)) block.append(el("a", { class: "source-link", href: address, target: "_blank", rel: "noopener noreferrer" }, address));
    const said = el("blockquote", { class: "sentence" });
    said.append(highlighted(source.sentence, words));
    block.append(said);
    const article = el("div", { class: "article", tabindex: "0", "aria-label": "Article text" });
    const body = doc.body || "";
    const start = source.start ?? body.indexOf(source.sentence), end = source.end ?? start + source.sentence.length;
    article.append(highlighted(body.slice(0, start), words));
    const mark = el("mark", { class: "evidence" });
    mark.append(highlighted(body.slice(start, end), words));
    article.append(mark, highlighted(body.slice(end), words));
    block.append(article);
    blocks.push(block);
  }
  panel.replaceChildren(head, facts, ...blocks);
  panel.dataset.event = e.id;
  // Bring each sentence into view inside its article box alone: the page itself must not move.
  for (const article of panel.querySelectorAll(".article")) {
    const mark = article.querySelector("mark.evidence");
    if (mark) article.scrollTop = Math.max(0, mark.offsetTop - article.offsetTop - 40);
  }
  return e;
}
