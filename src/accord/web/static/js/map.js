// A world map drawn from world-atlas (vendored, no tile server): places from /api/places as circles sized by
// their count; an event with a country but no known place sits on its country and is drawn as a ring.
import { activate, el } from "./dom.js";
import { getJSON } from "./http.js";

const d3 = window.d3;
let world = null;

async function countries() {
  if (!world) {
    const topo = await getJSON("/static/vendor/world-atlas/countries-110m.json");
    world = window.topojson.feature(topo, topo.objects.countries);
  }
  return world;
}

/** Draw `data` (/api/places) into `root`; `onOpen(ids, count, title)` for a place. */
export async function drawMap(root, data, opts) {
  const land = await countries();
  root.replaceChildren();
  const places = data.places || [];
  if (!places.length) {
    root.append(el("p", { class: "empty", role: "status" }, data.unplaced ? `None of the ${data.unplaced} events has a known place.` : "No events match these filters."));
    return;
  }
  const width = Math.max(300, opts.width), height = Math.round(width * 0.52);
  const projection = d3.geoNaturalEarth1().fitExtent([[4, 4], [width - 4, height - 4]], { type: "Sphere" });
  const path = d3.geoPath(projection);
  const svg = d3.select(root).append("svg").attr("id", "map").attr("width", width).attr("height", height)
    .attr("role", "group").attr("aria-label", `Map of ${places.length} places`);
  svg.append("path").attr("class", "sphere").attr("d", path({ type: "Sphere" }));
  svg.append("g").attr("class", "land").selectAll("path").data(land.features).join("path").attr("d", path)
    .append("title").text(f => f.properties.name);
  const size = d3.scaleSqrt().domain([1, d3.max(places, p => p.count) || 1]).range([3.5, width < 560 ? 12 : 20]);
  const g = svg.append("g").attr("class", "places");
  for (const p of [...places].sort((a, b) => b.count - a.count)) {
    const [cx, cy] = projection([p.lon, p.lat]) || [-99, -99];
    const title = `${p.name}${p.exact ? "" : " (country, no place named)"}: ${p.count} event${p.count === 1 ? "" : "s"}`;
    const c = g.append("circle").attr("class", `place ${p.exact ? "exact" : "country-only"}`).attr("cx", cx).attr("cy", cy)
      .attr("r", size(p.count)).attr("data-count", p.count).attr("data-name", p.name);
    c.append("title").text(title);
    activate(c.node(), title, () => opts.onOpen(p.ids, p.count, title));
  }
  const note = el("p", { class: "legend" });
  note.append(el("span", { class: "legend-shape place-exact" }, "● a named place"),
    el("span", { class: "legend-shape place-country" }, "○ a country, no place named"),
    el("span", {}, "area: number of events"));
  if (data.unplaced) note.append(el("span", { id: "unplaced" }, `${data.unplaced} event${data.unplaced === 1 ? "" : "s"} without place or country`));
  root.append(note);
}
