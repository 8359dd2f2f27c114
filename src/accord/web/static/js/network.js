// The network as an option: each connected component is laid out on its own (a force layout run to rest, off
// screen), the components are packed side by side into the frame, every node stays inside it, and only the
// busiest nodes carry a label, placed where it overlaps no other; the rest show theirs on hover and focus.
import { activate, el } from "./dom.js";

const d3 = window.d3;
const PAD = 14;
/** Above this many nodes a drawing is no longer readable: the busiest are kept and the rest left to the filters. */
export const MAX_NODES = 500;

function components(nodes, edges) {
  const byId = new Map(nodes.map(n => [n.id, n]));
  const parent = new Map(nodes.map(n => [n.id, n.id]));
  const find = a => { while (parent.get(a) !== a) { parent.set(a, parent.get(parent.get(a))); a = parent.get(a); } return a; };
  for (const e of edges) if (byId.has(e.source) && byId.has(e.target)) parent.set(find(e.source), find(e.target));
  const groups = new Map();
  for (const n of nodes) { const r = find(n.id); if (!groups.has(r)) groups.set(r, []); groups.get(r).push(n); }
  return [...groups.values()].sort((a, b) => b.length - a.length);
}

/** Lay one component out alone and centre it on 0,0; returns its nodes with x, y and its half sizes. */
function layout(nodes, edges, radius) {
  const ids = new Set(nodes.map(n => n.id));
  const links = edges.filter(e => ids.has(e.source) && ids.has(e.target)).map(e => ({ ...e }));
  if (nodes.length > 1) {
    const sim = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(n => n.id).distance(38).strength(0.7))
      .force("charge", d3.forceManyBody().strength(-60).distanceMax(260))
      .force("collide", d3.forceCollide(n => radius(n) + 3))
      .force("x", d3.forceX(0).strength(0.06)).force("y", d3.forceY(0).strength(0.06))
      .stop();
    // A tick costs about 5 ms at 500 nodes and 2,400 links: big groups get fewer, cooled faster to the same rest.
    const ticks = nodes.length > 300 ? 45 : nodes.length > 100 ? 150 : 260;
    sim.alphaDecay(1 - Math.pow(0.001, 1 / ticks));
    for (let i = 0; i < ticks; i++) sim.tick();
  } else { nodes[0].x = 0; nodes[0].y = 0; }
  const [x0, x1] = d3.extent(nodes, n => n.x), [y0, y1] = d3.extent(nodes, n => n.y);
  for (const n of nodes) { n.x -= (x0 + x1) / 2; n.y -= (y0 + y1) / 2; }
  return { nodes, w: x1 - x0 + 2 * PAD, h: y1 - y0 + 2 * PAD };
}

/** Shelf packing: components left to right in rows about as wide as the frame's shape allows. */
function pack(boxes, aspect) {
  const area = d3.sum(boxes, b => b.w * b.h);
  const rowWidth = Math.max(d3.max(boxes, b => b.w), Math.sqrt(area * aspect) * 1.1);
  let x = 0, y = 0, rowH = 0, width = 0;
  for (const b of boxes) {
    if (x > 0 && x + b.w > rowWidth) { x = 0; y += rowH; rowH = 0; }
    b.cx = x + b.w / 2; b.cy = y + b.h / 2;
    x += b.w; rowH = Math.max(rowH, b.h); width = Math.max(width, x);
  }
  return { width, height: y + rowH };
}

function overlaps(a, b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; }

/** Draw `data` (/api/graph) into `root`; `onNode(node)` when a node is chosen. */
export function drawNetwork(root, data, opts) {
  root.replaceChildren();
  if (!data.nodes.length) { root.append(el("p", { class: "empty", role: "status" }, "No events match these filters.")); return; }
  // The server keeps the busiest nodes (total_nodes says how many there were); the page holds to MAX_NODES too.
  const all = Math.max(data.total_nodes || 0, data.nodes.length);
  if (data.nodes.length > MAX_NODES) {
    const kept = new Set([...data.nodes].sort((a, b) => b.degree - a.degree).slice(0, MAX_NODES).map(n => n.id));
    data = { ...data, nodes: data.nodes.filter(n => kept.has(n.id)), edges: data.edges.filter(e => kept.has(e.source) && kept.has(e.target)) };
  }
  const width = Math.max(300, opts.width);
  const height = Math.round(Math.min(720, Math.max(360, width * 0.62, Math.sqrt(data.nodes.length) * 34)));
  const maxDegree = d3.max(data.nodes, n => n.degree) || 1;
  const radius = d3.scaleSqrt().domain([1, maxDegree]).range([3, data.nodes.length > 200 ? 9 : 13]).clamp(true);
  const nodes = data.nodes.map(n => ({ ...n }));
  const groups = components(nodes, data.edges).map(g => layout(g, data.edges, n => radius(n.degree)));
  const packed = pack(groups, width / height);
  const rMax = radius(maxDegree);
  const k = Math.min((width - 2 * rMax - 4) / Math.max(1, packed.width), (height - 2 * rMax - 4) / Math.max(1, packed.height), 2.5);
  const ox = (width - packed.width * k) / 2, oy = (height - packed.height * k) / 2;
  for (const g of groups) for (const n of g.nodes) {
    const r = radius(n.degree);
    n.x = Math.max(r + 1, Math.min(width - r - 1, ox + (g.cx + n.x) * k));
    n.y = Math.max(r + 1, Math.min(height - r - 1, oy + (g.cy + n.y) * k));
  }
  const at = new Map(nodes.map(n => [n.id, n]));

  const svg = d3.select(root).append("svg").attr("id", "network").attr("width", width).attr("height", height)
    .attr("viewBox", `0 0 ${width} ${height}`).attr("role", "group").attr("aria-label", `Network of ${nodes.length} states and people`);
  svg.append("g").attr("class", "edges").selectAll("line").data(data.edges.filter(e => at.has(e.source) && at.has(e.target))).join("line")
    .attr("x1", e => at.get(e.source).x).attr("y1", e => at.get(e.source).y)
    .attr("x2", e => at.get(e.target).x).attr("y2", e => at.get(e.target).y)
    .attr("stroke", "#aab4be").attr("stroke-opacity", 0.7).attr("stroke-width", e => Math.min(4, Math.sqrt(e.weight || 1)));
  const nodeG = svg.append("g").attr("class", "nodes");
  const labelG = svg.append("g").attr("class", "labels");
  const hover = svg.append("text").attr("class", "node-label hover-label").attr("visibility", "hidden");
  // Busiest first, so the labels that survive the overlap check are the ones worth reading.
  const labelled = new Set(data.labelled || []);
  const placed = [];
  for (const n of [...nodes].sort((a, b) => b.degree - a.degree)) {
    const r = radius(n.degree);
    const g = nodeG.append("circle").attr("class", `node node-${n.type}`).attr("data-id", n.id).attr("cx", n.x).attr("cy", n.y).attr("r", r)
      .attr("fill", n.type === "state" ? "#1d3557" : "#e76f51").attr("stroke", "#fff");
    g.append("title").text(`${n.label}: ${n.degree} link${n.degree === 1 ? "" : "s"}`);
    const show = () => { hover.attr("x", Math.min(n.x + r + 3, width - 4)).attr("y", Math.max(12, n.y - r - 3)).attr("text-anchor", n.x > width * 0.7 ? "end" : "start").text(n.label).attr("visibility", "visible"); };
    g.on("mouseenter", show).on("focus", show).on("mouseleave", () => hover.attr("visibility", "hidden")).on("blur", () => hover.attr("visibility", "hidden"));
    activate(g.node(), `${n.type} ${n.label}, ${n.degree} links`, () => opts.onNode(n));
    if (!labelled.has(n.id)) continue;
    const text = labelG.append("text").attr("class", "node-label").attr("data-id", n.id).text(n.label);
    let fit = null;
    for (const [dx, anchor, dy] of [[r + 3, "start", 4], [-r - 3, "end", 4], [0, "middle", -r - 4], [0, "middle", r + 12]]) {
      text.attr("x", n.x + dx).attr("y", n.y + dy).attr("text-anchor", anchor);
      const b = text.node().getBBox();
      const box = { x: b.x - 1, y: b.y - 1, w: b.width + 2, h: b.height + 2 };
      if (box.x < 0 || box.y < 0 || box.x + box.w > width || box.y + box.h > height) continue;
      if (placed.some(p => overlaps(p, box))) continue;
      fit = box; break;
    }
    if (fit) placed.push(fit); else text.remove();
  }
  hover.raise();
  if (all > nodes.length) root.append(el("p", { class: "hint", id: "network-cut" }, `The ${nodes.length} busiest of ${all} nodes; narrow the filters to see the others.`));
  root.append(el("p", { class: "hint" }, `${nodes.length} nodes in ${groups.length} group${groups.length === 1 ? "" : "s"}; the ${placed.length} busiest are labelled, hover or focus a node for its name. Dark: states; orange: people.`));
}
