"""The ``archive`` command line: Click commands only; the work lives in the modules."""
from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path

import click

from . import __version__

DEFAULT_DB = "archive.db"


class NullProgressBar:
    def __init__(self, iterable=None, **kwargs):
        self.iterable = iterable

    def __iter__(self):
        yield from self.iterable or []

    def update(self, n):
        pass


@contextlib.contextmanager
def progressbar(*args, silent=False, **kwargs):
    """A click progress bar that ``--silent`` turns off."""
    if silent:
        yield NullProgressBar(*args, **kwargs)
    else:
        with click.progressbar(*args, **kwargs) as bar:
            yield bar


def db_option(fn):
    return click.option(
        "--db", "db_path", default=DEFAULT_DB, show_default=True,
        type=click.Path(dir_okay=False), help="SQLite database file of the archive.",
    )(fn)


def curation_option(fn):
    return click.option(
        "--curation", "curation_path", type=click.Path(dir_okay=False),
        help="Curation file of the analyst's decisions [default: curation.yml beside the database].",
    )(fn)


@click.group()
@click.version_option(__version__)
def cli():
    """An offline archive of diplomatic news: people, countries, meetings and statements."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@db_option
@curation_option
@click.option("--silent", is_flag=True, help="No progress bar; print only the summary and errors.")
def load(paths, db_path, curation_path, silent):
    """Load articles from files or folders (recursive) into the archive.

    Reads .txt/.md (optional front matter), .html and .jsonl files. One
    transaction per article; unchanged articles are skipped; a changed one
    replaces its earlier facts. The curation file is applied last, so the
    analyst's decisions always win. Exits with status 1 if any file failed.
    """
    from . import pipeline

    if not paths:
        paths = ("seeds",)
    files = pipeline.find_files(paths)
    with progressbar(files, label="Loading", silent=silent, show_pos=True) as bar:
        summary = pipeline.load_files(db_path, bar, curation_path)
    for error in summary.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(summary.describe())
    _warn_if_missing(curation_path)
    if summary.curation and summary.curation.decisions:
        click.echo(summary.curation.describe())
        for problem in summary.curation.problems:
            click.echo(f"warning: curation: {problem}", err=True)
    if summary.errors:
        sys.exit(1)


@cli.command()
@click.argument("path", type=click.Path(exists=True))
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="For a folder: write DIR/NAME.json for every article.")
def extract(path, out_dir):
    """Extract people, countries, meetings and statements without a database.

    For a file, prints one JSON object (the gold format plus character
    offsets). For a folder, writes one JSON file per article into --out.
    """
    from . import pipeline

    target = Path(path)
    if target.is_file() and not out_dir:
        results = list(pipeline.extract_path(target))
        for name, result in results:
            if isinstance(result, Exception):
                raise click.ClickException(f"{name}: {result}")
        payload = [r for _, r in results]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
        return
    if not out_dir:
        raise click.UsageError("extracting a folder needs --out DIR")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for name, result in pipeline.extract_path(target):
        if isinstance(result, Exception):
            failed += 1
            click.echo(f"error: {name}: {result}", err=True)
            continue
        stem = Path(name.split("#")[0]).stem + (f"-{name.split('#')[1]}" if "#" in name else "")
        (out / f"{stem}.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option("--verbose", "-v", is_flag=True, help="List missed and spurious items per article.")
def evaluate(gold_dir, as_json, verbose):
    """Score extraction against gold files (NAME.gold.json beside NAME.txt).

    Prints micro-averaged precision, recall and F1 for people, countries,
    meetings, meeting participant countries and statements (right speaker).
    """
    from . import evaluate as evaluation

    report = evaluation.evaluate_dir(Path(gold_dir))
    if as_json:
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
    else:
        click.echo(evaluation.format_report(report, verbose=verbose))


# Curation -----------------------------------------------------------------------

ENTITY = click.Choice(["person", "place", "organisation"])


def _decide(db_path, curation_path, section, kind, entry=None, make_entry=None):
    """Apply one decision, record it in the curation file, and print what changed."""
    from . import curation, store

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path} does not exist: run `archive load` first")
    path = curation_path or curation.default_path(db_path)
    db = store.open_db(db_path)
    try:
        entry = entry or make_entry(db)
        changes, added = curation.decide(db, path, section, kind, entry)
    except curation.CurationError as exc:
        raise click.ClickException(str(exc))
    for change in changes or ["nothing to change: already in effect"]:
        click.echo(change)
    click.echo(f"recorded in {path}" if added else f"already recorded in {path}")


def _warn_if_missing(curation_path) -> None:
    if curation_path and not Path(curation_path).exists():
        click.echo(f"warning: {curation_path} does not exist: no curation decisions applied", err=True)


@cli.command()
@click.argument("kind", type=ENTITY)
@click.argument("alias_name", metavar="ALIAS")
@click.argument("name")
@db_option
@curation_option
def alias(kind, alias_name, name, db_path, curation_path):
    """Record ALIAS as another name of the person, place or organisation NAME.

    Rows named ALIAS are merged into NAME; later loads keep the link.
    Example: archive alias place "Sint Maarten" "Philipsburg"
    """
    _decide(db_path, curation_path, "aliases", kind, {"alias": alias_name, "of": name})


MERGEABLE = click.Choice(["person", "place", "organisation", "meeting"])


@cli.command()
@click.argument("kind", type=MERGEABLE)
@click.argument("source", metavar="A")
@click.argument("target", metavar="B")
@db_option
@curation_option
def merge(kind, source, target, db_path, curation_path):
    """Merge A into B: B keeps its name, gains A's facts, and A becomes its alias.

    For meetings, A and B are archive meeting ids (archive_meetings.id) or report keys: the two
    archive meetings become one.
    """
    from . import curation

    if kind == "meeting":
        _decide(db_path, curation_path, "merges", kind, make_entry=lambda db: {
            "from": curation.meeting_key(db, source), "into": curation.meeting_key(db, target)})
    else:
        _decide(db_path, curation_path, "merges", kind, {"from": source, "into": target})


@cli.command()
@click.argument("kind", type=ENTITY)
@click.argument("old")
@click.argument("new")
@db_option
@curation_option
def rename(kind, old, new, db_path, curation_path):
    """Give OLD the canonical name NEW (OLD stays an alias)."""
    _decide(db_path, curation_path, "renames", kind, {"from": old, "to": new})


@cli.command()
@click.argument("kind", type=MERGEABLE)
@click.argument("name")
@click.argument("alias_name", metavar="ALIAS")
@db_option
@curation_option
def split(kind, name, alias_name, db_path, curation_path):
    """Split ALIAS off NAME: the articles that call NAME by ALIAS get a row of their own.

    For meetings, NAME is an archive meeting id or a report key, and ALIAS the report (its id in
    meetings, or its key) that tells another meeting: it leaves NAME's archive meeting for good.
    """
    from . import curation

    if kind == "meeting":
        _decide(db_path, curation_path, "splits", kind, make_entry=lambda db: {
            "from": curation.meeting_key(db, name), "alias": curation.meeting_key(db, alias_name, report=True)})
    else:
        _decide(db_path, curation_path, "splits", kind, {"from": name, "alias": alias_name})


@cli.command()
@click.argument("kind", type=click.Choice(["statement", "meeting"]))
@click.argument("ident", metavar="ID")
@db_option
@curation_option
def reject(kind, ident, db_path, curation_path):
    """Reject a wrongly extracted statement or meeting (ID as shown in Datasette, or its key).

    The row is kept but flagged (rejected = 1) and hidden from the views.
    """
    from . import curation

    _decide(db_path, curation_path, "rejects", kind,
            make_entry=lambda db: curation.reject_entry(db, kind, ident))


@cli.command()
@db_option
@curation_option
def curate(db_path, curation_path):
    """Apply the curation file again (after editing it by hand) and print what changed."""
    from . import curation, store

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path} does not exist: run `archive load` first")
    _warn_if_missing(curation_path)
    try:
        report = curation.apply_file(store.open_db(db_path), curation_path or curation.default_path(db_path))
    except curation.CurationError as exc:
        raise click.ClickException(str(exc))
    for change in report.changes:
        click.echo(change)
    for problem in report.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(report.describe())


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the items as a JSON array.")
@click.option("--limit", default=40, show_default=True, help="Show at most this many items (0 for all).")
def review(db_path, as_json, limit):
    """List what most needs a human, most impactful first.

    Probable duplicate people and places, unresolved places, statements whose
    speaker is unknown, and extractions that look wrong, each with a command
    that would fix it.
    """
    from . import review as reviewing, store

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path} does not exist: run `archive load` first")
    items = reviewing.review(store.open_db(db_path))
    shown = items[:limit] if limit else items
    if as_json:
        click.echo(json.dumps([i.to_dict() for i in shown], ensure_ascii=False, indent=2))
    else:
        click.echo(reviewing.format_items(shown, total=len(items)))


@cli.command()
@db_option
@click.option("--port", default=8001, show_default=True, help="Port to listen on (127.0.0.1 only).")
@click.option("--metadata", "metadata_path", type=click.Path(exists=True, dir_okay=False),
              help="Datasette metadata file; defaults to the archive's metadata.yml.")
def serve(db_path, port, metadata_path):
    """Publish the archive with Datasette on 127.0.0.1."""
    from . import publish

    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path} does not exist: run `archive load` first")
    publish.serve(db_path, port=port, metadata_path=metadata_path)


if __name__ == "__main__":
    cli()
