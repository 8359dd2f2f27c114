"""Pictures of the record with matplotlib: events per year by kind, a timeline strip, the network."""
from __future__ import annotations

from collections import Counter
from datetime import date

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import networkx as nx  # noqa: E402

from .api import Record, network  # noqa: E402
from .records import Event  # noqa: E402

KINDS = ["meeting", "visit", "agreement", "intent", "exercise", "institution", "statement", "arms_transfer", "training"]


def _kind(event: Event) -> str:
    return event.planned_kind or event.kind if event.kind == "plan" else event.kind


def _span(value: str) -> tuple[float, float]:
    """A date as the stretch of years it covers: a year-only date is a whole year wide."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return parts[0], parts[0] + 1
    start = date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    frac = lambda d: d.year + (d.timetuple().tm_yday - 1) / 365.25  # noqa: E731
    width = 1 / 365.25 if len(parts) == 3 else 1 / 12
    return frac(start), frac(start) + width


def kinds(rec: Record, events: list[Event], path: str) -> None:
    counts = Counter(((e.date or "")[:4], _kind(e)) for e in events if e.date)
    years = sorted({y for y, _ in counts})
    fig, ax = plt.subplots(figsize=(8, 4))
    bottom = [0] * len(years)
    for kind in KINDS:
        values = [counts.get((y, kind), 0) for y in years]
        if any(values):
            ax.bar(years, values, bottom=bottom, label=kind)
            bottom = [b + v for b, v in zip(bottom, values)]
    ax.set_title("Events per year by kind")
    ax.set_ylabel("events")
    ax.legend(fontsize=7, ncol=3)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def timeline(rec: Record, events: list[Event], path: str) -> None:
    rows = [k for k in KINDS if any(_kind(e) == k for e in events)]
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(rows) + 1.5))
    tab10 = plt.get_cmap("tab10")
    colours = {kind: tab10(n) for n, kind in enumerate(KINDS)}
    for e in events:
        if not e.date:
            continue
        start, end = _span(e.date)
        y = rows.index(_kind(e))
        planned = e.status == "planned"
        if e.date_precision == "day":
            ax.plot([start], [y], "o", mfc="none" if planned else colours[_kind(e)], mec=colours[_kind(e)], ms=7)
        else:
            ax.barh(y, end - start, left=start, height=0.4, color="none" if planned else colours[_kind(e)],
                    edgecolor=colours[_kind(e)], alpha=0.6)
    ax.set_yticks(range(len(rows)), rows)
    ax.set_title("Timeline (dots are days, bars the month or year a date is known to; hollow marks are plans)", fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


def network_plot(rec: Record, events: list[Event], path: str) -> None:
    data = network(rec, events)
    g = nx.Graph()
    for node in data["nodes"]:
        g.add_node(node["id"], **node)
    for link in data["links"]:
        g.add_edge(link["source"], link["target"], weight=link["events"])
    fig, ax = plt.subplots(figsize=(8, 7))
    pos = nx.spring_layout(g, seed=7, k=0.8)
    colour = {"state": "#1d3557", "person": "#e76f51"}
    nx.draw_networkx_edges(g, pos, ax=ax, alpha=0.3, width=[g.edges[e]["weight"] ** 0.5 for e in g.edges])
    nx.draw_networkx_nodes(g, pos, ax=ax, node_size=[60 + 40 * g.nodes[n]["events"] for n in g.nodes],
                           node_color=[colour.get(g.nodes[n]["type"], "#2a9d8f") for n in g.nodes])
    nx.draw_networkx_labels(g, pos, {n: g.nodes[n]["label"] for n in g.nodes}, font_size=7, ax=ax)
    ax.set_title("Actors and states, sized by events")
    ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)


PLOTS = {"timeline": timeline, "network": network_plot, "kinds": kinds}
