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


@click.group()
@click.version_option(__version__)
def cli():
    """An offline archive of diplomatic news: people, countries, meetings and statements."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@db_option
@click.option("--silent", is_flag=True, help="No progress bar; print only the summary and errors.")
def load(paths, db_path, silent):
    """Load articles from files or folders (recursive) into the archive.

    Reads .txt/.md (optional front matter), .html and .jsonl files. One
    transaction per article; unchanged articles are skipped; a changed one
    replaces its earlier facts. Exits with status 1 if any file failed.
    """
    from . import pipeline

    if not paths:
        paths = ("seeds",)
    files = pipeline.find_files(paths)
    with progressbar(files, label="Loading", silent=silent, show_pos=True) as bar:
        summary = pipeline.load_files(db_path, bar)
    for error in summary.errors:
        click.echo(f"error: {error}", err=True)
    click.echo(summary.describe())
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
