"""The ``archive`` command line: Click commands only; the work lives in the modules."""
from __future__ import annotations

import contextlib
import json
import sys
from enum import IntEnum
from pathlib import Path

import click

from . import __version__

DEFAULT_DB = "archive.db"


class Exit(IntEnum):
    """Exit statuses a script can rely on; when several apply, the highest is returned."""

    OK = 0  # everything was loaded (or done)
    REJECTED = 1  # some inputs were rejected, each listed with its reason; the rest were loaded
    USAGE = 2  # the command line is wrong (Click's own status)
    DATABASE = 3  # the database cannot be used: not SQLite, damaged, read-only, disk full, locked
    INTERNAL = 4  # a bug in the archive; the message names it


class DatabaseProblem(click.ClickException):
    exit_code = Exit.DATABASE


class Archive(click.Group):
    """The command group: a bug in any command ends with one line and ``Exit.INTERNAL``."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            click.echo(f"Error: internal error ({type(exc).__name__}: {exc}); please report it", err=True)
            ctx.exit(Exit.INTERNAL)


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


def _db_path(ctx, param, value):
    folder = Path(value).parent
    if not folder.is_dir():
        raise click.BadParameter(f"the folder {folder} does not exist")
    return value


def db_option(fn):
    return click.option(
        "--db", "db_path", default=DEFAULT_DB, show_default=True, callback=_db_path,
        type=click.Path(dir_okay=False), help="SQLite database file of the archive.",
    )(fn)


@contextlib.contextmanager
def database(db_path):
    """A database that cannot be used ends the command with one line and ``Exit.DATABASE``."""
    from .store import DatabaseError

    try:
        yield
    except DatabaseError as exc:
        raise DatabaseProblem(f"{db_path}: {exc}") from None


def _waiting(message: str) -> None:
    click.echo(f"{message}…", err=True)


def _existing(db_path) -> None:
    if not Path(db_path).exists():
        raise click.ClickException(f"{db_path} does not exist: run `archive load` first")


def curation_option(fn):
    return click.option(
        "--curation", "curation_path", type=click.Path(dir_okay=False),
        help="Curation file of the analyst's decisions [default: curation.yml beside the database].",
    )(fn)


@click.group(cls=Archive)
@click.version_option(__version__)
def cli():
    """An offline archive of diplomatic news: people, countries, meetings and statements."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@db_option
@curation_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that extract while one stores [default: the machine's cores].")
@click.option("--extractions", "extractions_dir", type=click.Path(exists=True, file_okay=False),
              help="Store the extractions in DIR (from `archive extract --jsonl DIR`) instead of extracting.")
@click.option("--silent", is_flag=True, help="No progress bar; print only the summary and errors.")
@click.option("--review/--no-review", "review_list", default=True, show_default=True,
              help="Store the review list for /-/review at the end (the items of what the load touched made again); "
                   "--no-review leaves the page to compute it when asked.")
def load(paths, db_path, curation_path, jobs, extractions_dir, silent, review_list):
    """Load articles from files or folders (recursive) into the archive.

    Reads .txt/.md (optional front matter), .html and .jsonl files. Each
    article is stored whole or not at all (in batches of articles);
    unchanged articles are skipped; a changed one replaces its earlier facts.
    --jobs processes extract while one stores, in input order: the archive is
    the same for any --jobs; --extractions DIR stores extractions made
    before, on this machine or a cluster. The curation file is applied last,
    so the analyst's decisions always win. A second load of the same
    database waits for the first. Exit status: 0 all loaded, 1 some inputs
    rejected (listed), 2 usage, 3 the database cannot be used, 4 internal error.
    """
    from . import extractions, pipeline, workers

    if extractions_dir:
        if paths:
            raise click.UsageError("give article files or --extractions, not both")
        with progressbar(extractions.files(Path(extractions_dir)), label="Storing", silent=silent,
                         show_pos=True) as bar:
            summary = pipeline.load_extractions(db_path, bar, curation_path, on_wait=_waiting,
                                                review_list=review_list)
    else:
        files = pipeline.find_files(paths or ("seeds",))
        with progressbar(files, label="Loading", silent=silent, show_pos=True) as bar:
            summary = pipeline.load_files(db_path, bar, curation_path, on_wait=_waiting,
                                          jobs=jobs or workers.cores(), review_list=review_list)
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    for error in summary.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(summary.describe())
    if summary.stopped:
        click.echo(f"error: load stopped: {summary.stopped}", err=True)
    _warn_if_missing(curation_path)
    if summary.curation and summary.curation.decisions:
        click.echo(summary.curation.describe())
        for problem in summary.curation.problems:
            click.echo(f"warning: curation: {problem}", err=True)
    status = _load_status(summary)
    if status:
        sys.exit(status)


def _load_status(summary) -> Exit:
    statuses = [Exit.OK]
    if summary.errors:
        statuses.append(Exit.REJECTED)
    if summary.stopped_by == "database":
        statuses.append(Exit.DATABASE)
    if summary.internal_errors or summary.stopped_by == "internal":
        statuses.append(Exit.INTERNAL)
    return max(statuses)


@cli.command()
@click.argument("path", type=click.Path(exists=True))
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="For a folder: write DIR/NAME.json for every article.")
@click.option("--jsonl", "jsonl_dir", type=click.Path(file_okay=False),
              help="Extract on a Dask cluster, in shards, into DIR/part-NNNNN.jsonl for `archive load --extractions`.")
@click.option("--scheduler", help="With --jsonl: the Dask scheduler (tcp://HOST:PORT) [default: a local cluster].")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="With --jsonl and no --scheduler: worker processes [default: the machine's cores].")
@click.option("--shard-files", type=click.IntRange(min=1), default=None,
              help="With --jsonl: files per shard (one Dask task each) [default: 50].")
@click.option("--silent", is_flag=True, help="With --jsonl: no progress bar.")
def extract(path, out_dir, jsonl_dir, scheduler, jobs, shard_files, silent):
    """Extract people, countries, meetings and statements without a database.

    For a file, prints one JSON object (the gold format plus character
    offsets). For a folder, writes one JSON file per article into --out,
    in the same sub-folders. With --jsonl DIR, extracts the file or folder in
    shards on a Dask cluster (--scheduler, else a local one) and writes JSON
    Lines that `archive load --extractions DIR` stores. Exit status as for
    `archive load`.
    """
    from . import pipeline

    target = Path(path)
    if jsonl_dir:
        _extract_on_cluster(target, Path(jsonl_dir), scheduler, jobs, shard_files, silent)
        return
    if not target.is_dir() and not out_dir:
        results = list(pipeline.extract_path(target))
        payload = [r.extraction for r in results if r.extraction is not None]
        if payload:
            click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=2))
    elif not out_dir:
        raise click.UsageError("extracting a folder needs --out DIR")
    else:
        results = list(pipeline.extract_to_folder(target, Path(out_dir)))
    for result in results:
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        if result.error:
            click.echo(f"error: {result.error}", err=True)
    statuses = [Exit.OK] + [Exit.INTERNAL if r.internal else Exit.REJECTED for r in results if r.error]
    if max(statuses):
        sys.exit(max(statuses))


def _extract_on_cluster(target: Path, out: Path, scheduler, jobs, shard_files, silent) -> None:
    from . import distributed, ingest, workers

    files = ingest.find_files([target])
    groups = len(distributed.shards(files, shard_files or distributed.SHARD_FILES))
    statuses, articles = [Exit.OK], 0
    shards = distributed.run(files, out, scheduler, workers=jobs or workers.cores(),
                             shard_files=shard_files or distributed.SHARD_FILES)
    with progressbar(shards, length=groups, label="Extracting", silent=silent, show_pos=True) as bar:
        for shard in bar:
            articles += shard.articles
            for error in shard.errors:
                click.echo(f"error: {error}", err=True)
            statuses += [Exit.REJECTED] * bool(shard.errors) + [Exit.INTERNAL] * bool(shard.internal)
    click.echo(f"{articles} articles extracted into {groups} shards in {out}")
    if max(statuses):
        sys.exit(max(statuses))


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
ANY_KIND = click.Choice(["statement", "meeting", "person", "place", "organisation"])


def _decide(db_path, curation_path, section, kind, entry=None, make_entry=None):
    """Apply one decision, record it in the curation file, and print what changed. ``make_entry(db)``
    builds the entry from the archive when the command names rows by id (archive meetings)."""
    from . import curation, store

    _existing(db_path)
    path = curation_path or curation.default_path(db_path)
    with database(db_path), store.writing(db_path, on_wait=_waiting) as db:
        try:
            outcome = curation.decide(db, path, section, kind, entry or make_entry(db))
        except curation.CurationError as exc:
            raise click.ClickException(str(exc))
    for line in outcome.notes + outcome.changes:
        click.echo(line)
    if not outcome.changes:
        click.echo("nothing to change: already in effect" if outcome.status == "already recorded"
                   else "nothing to change")
    click.echo({"recorded": f"recorded in {path}", "already recorded": f"already recorded in {path}",
                "not recorded": f"not recorded in {path} (it would change nothing)"}[outcome.status])


def _warn_if_missing(curation_path) -> None:
    if curation_path and not Path(curation_path).exists():
        click.echo(f"warning: {curation_path} does not exist: no curation decisions applied", err=True)


@cli.command()
@click.argument("kind", type=ENTITY)
@click.argument("alias_name", metavar="ALIAS")
@click.argument("name")
@click.option("--country", help="For a title: the country whose articles it is tied to NAME in.")
@click.option("--from", "since", metavar="DATE", help="For a title: the first publication date (YYYY[-MM[-DD]]).")
@click.option("--to", "until", metavar="DATE", help="For a title: the last publication date (YYYY[-MM[-DD]]).")
@db_option
@curation_option
def alias(kind, alias_name, name, country, since, until, db_path, curation_path):
    """Record ALIAS as another name of the person, place or organisation NAME.

    Rows named ALIAS are merged into NAME; later loads keep the link.
    Example: archive alias place "Sint Maarten" "Philipsburg"

    A title ("The President") changes holder, so it is tied to a person only in
    the articles about one country published in one period: by default the
    person's country and the dates of the articles that name them, or
    --country, --from and --to. It links the statements made under the title.
    """
    scope = {"country": country, "from": since, "to": until}
    _decide(db_path, curation_path, "aliases", kind,
            {"alias": alias_name, "of": name, **{k: v for k, v in scope.items() if v}})


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
@click.argument("kind", type=ENTITY)
@click.argument("first", metavar="A")
@click.argument("second", metavar="B")
@db_option
@curation_option
def distinct(kind, first, second, db_path, curation_path):
    """A and B are two, never to be merged (by a merge, an alias or the review).

    If one row holds both names, the articles that use B (or A, whichever is
    not the row's name) get a row of their own.
    """
    _decide(db_path, curation_path, "distinct", kind, {"a": first, "b": second})


@cli.command("kind")
@click.argument("kind", type=ENTITY)
@click.argument("name")
@click.argument("new_kind", metavar="NEW_KIND", type=ENTITY)
@db_option
@curation_option
def kind_(kind, name, new_kind, db_path, curation_path):
    """Re-type a mis-typed entity: the KIND named NAME is a NEW_KIND.

    Its mentions move to the new row; a speaker stays a speaker when the new
    kind can speak (person, organisation). Example: archive kind place "Acme" organisation
    """
    _decide(db_path, curation_path, "kinds", kind, {"name": name, "kind": new_kind})


@cli.command()
@click.argument("kind", type=ANY_KIND)
@click.argument("ident", metavar="ID_OR_NAME")
@db_option
@curation_option
def reject(kind, ident, db_path, curation_path):
    """Reject a wrong extraction.

    A statement or meeting by ID (as shown in Datasette) or key: the row is
    kept but flagged (rejected = 1) and hidden from the views. A person, place
    or organisation by NAME ("Name (CC)" for one of several): it is taken out,
    and its statements and meetings stay without it.
    """
    entry = {"key": ident} if kind in ("statement", "meeting") else {"name": ident}
    _decide(db_path, curation_path, "rejects", kind, entry)


@cli.command("set")
@click.argument("kind", type=click.Choice(["person", "place", "meeting", "statement"]))
@click.argument("target", metavar="NAME_OR_ID")
@click.argument("field", metavar="FIELD")
@click.argument("value")
@db_option
@curation_option
def set_(kind, target, field, value, db_path, curation_path):
    """Set one value the extractor got wrong or missed.

    \b
    person NAME country CC|NAME    person NAME role ROLE
    place NAME country CC|NAME     (located again in that country)
    meeting ID date YYYY[-MM[-DD]] meeting ID place|chair NAME
    statement ID speaker NAME      (a person, else an organisation)

    A meeting or statement is given by ID (as shown in Datasette) or key. A
    person, place or organisation that is not in the archive yet is added.
    """
    from .corrections import SETTABLE

    if field not in SETTABLE[kind]:
        raise click.BadParameter(f"a {kind} has no field {field!r} to set (choose {', '.join(SETTABLE[kind])})",
                                 param_hint="FIELD")
    target_field = "key" if kind in ("meeting", "statement") else "name"
    _decide(db_path, curation_path, "sets", kind, {target_field: target, field: value})


def _participant_command(verb: str, doc: str):
    @click.argument("kind", type=click.Choice(["meeting"]))
    @click.argument("ident", metavar="ID")
    @click.argument("what", type=click.Choice(["participant"]))
    @click.argument("value", metavar="PERSON|COUNTRY")
    @db_option
    @curation_option
    def command(kind, ident, what, value, db_path, curation_path):
        _decide(db_path, curation_path, "participants", kind, {"key": ident, verb: value})

    command.__doc__ = doc
    return cli.command(verb)(command)


_participant_command("add", """Add a participant to a meeting: a person (by name) or a country (ISO code or name).

    A person also brings their country. Example: archive add meeting 12 participant "Ana Kovač"
    """)
_participant_command("remove", """Remove a participant from a meeting: a person (by name) or a country.

    Example: archive remove meeting 12 participant GB
    """)


@cli.command()
@db_option
@curation_option
def curate(db_path, curation_path):
    """Apply the curation file again (after editing it by hand) and print what changed."""
    from . import curation, store

    _existing(db_path)
    _warn_if_missing(curation_path)
    with database(db_path), store.writing(db_path, on_wait=_waiting) as db:
        try:
            report = curation.apply_file(db, curation_path or curation.default_path(db_path))
        except curation.CurationError as exc:
            raise click.ClickException(str(exc))
    for change in report.changes:
        click.echo(change)
    for problem in report.problems:
        click.echo(f"warning: {problem}", err=True)
    click.echo(report.describe())


@cli.command()
@db_option
def rebuild(db_path):
    """Link every meeting report and make every summary table and the review list again, from scratch.

    A load does this only for what it changed; the result is the same. For an archive
    whose derived tables are in doubt (written by hand, or by an interrupted tool).
    """
    from . import review as reviewing, store

    _existing(db_path)
    with database(db_path), store.writing(db_path, on_wait=_waiting) as db:
        store.finalize(db)
        with store.transaction(db):
            items = reviewing.refresh(db, store.now())
    click.echo(f"rebuilt the archive meetings, summary tables and review list ({items} items)")


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the items as a JSON array.")
@click.option("--limit", default=40, show_default=True, help="Show at most this many items (0 for all).")
@click.option("--silent", is_flag=True, help="No progress bar.")
def review(db_path, as_json, limit, silent):
    """List what most likely hurts an analyst, most damaging first, each with a command that fixes it.

    Curation decisions that no longer apply; leaders filed under a surname;
    "people" that are brands, companies or placeholders; statements said by a
    bare title; meetings the evidence does not bear out; "places" that are not
    places, unlocated meeting places, places in the wrong country; probable
    duplicates (say no with `archive distinct`). The progress bar goes to
    stderr, and only on a terminal.
    """
    from . import review as reviewing, store

    _existing(db_path)
    with database(db_path):
        db = store.open_db(db_path)
        with progressbar(length=len(reviewing.CHECKS), label="Reviewing", file=sys.stderr,
                         silent=silent or not sys.stderr.isatty()) as bar:
            items = reviewing.review(db, progress=lambda _: bar.update(1))
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
    from . import publish, store

    _existing(db_path)
    with database(db_path):
        store.check_readable(db_path)
    try:
        store.ensure_summaries(db_path, on_wait=_waiting)
    except store.DatabaseError as exc:
        click.echo(f"warning: {db_path}: the summary tables the pages read could not be built ({exc})", err=True)
    publish.serve(db_path, port=port, metadata_path=metadata_path)


if __name__ == "__main__":
    cli()
