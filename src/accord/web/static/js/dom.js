// Small DOM helpers. Text from the store only ever enters the page as text nodes: markup in an article never runs.

/** An element with attributes and optional text content. */
export function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? "" : v);
  }
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** Make any element act as a button for mouse and keyboard alike (Enter and Space), with an accessible name. */
export function activate(node, label, handler) {
  node.setAttribute("tabindex", "0");
  node.setAttribute("role", "button");
  if (label) node.setAttribute("aria-label", label);
  node.addEventListener("click", ev => { ev.preventDefault(); handler(ev); });
  node.addEventListener("keydown", ev => {
    if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); handler(ev); }
  });
  return node;
}

/**
 * The API's highlighted text ("<mark>" around hits, everything else escaped) as nodes: the string is parsed in an
 * inert template and only text and <mark> survive, so a server bug could never inject markup.
 */
export function marked(html) {
  const template = document.createElement("template");
  template.innerHTML = html;
  const out = document.createDocumentFragment();
  const walk = (node, into) => {
    for (const child of node.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) into.append(document.createTextNode(child.textContent));
      else if (child.nodeName === "MARK") { const m = el("mark", { class: "hit" }); walk(child, m); into.append(m); }
      else walk(child, into);
    }
  };
  walk(template.content, out);
  return out;
}

/** The words of a search query, for highlighting hits in text the server did not mark (the article body). */
export function terms(q) {
  return (q || "").replace(/\b(AND|OR|NOT|NEAR)\b/g, " ").split(/[^\p{L}\p{N}]+/u).filter(w => w.length > 1);
}

/** Text with every whole-word-prefix hit of `words` wrapped in <mark class="hit">, as nodes. */
export function highlighted(text, words) {
  const out = document.createDocumentFragment();
  if (!words.length) { out.append(document.createTextNode(text)); return out; }
  const escaped = words.map(w => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = new RegExp(`\\b(${escaped.join("|")})[\\p{L}\\p{N}]*`, "giu");
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    out.append(document.createTextNode(text.slice(last, m.index)), el("mark", { class: "hit" }, m[0]));
    last = m.index + m[0].length;
  }
  out.append(document.createTextNode(text.slice(last)));
  return out;
}

export function kindName(e) {
  return e.kind === "plan" ? `plan (${e.planned_kind || "?"})` : e.kind;
}
