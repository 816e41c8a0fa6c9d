"""The load and extract flows: files -> articles -> extractions -> database.

Kept apart from the CLI so that Python callers (and tests) get the same
behaviour as ``archive load`` and ``archive extract``. Neither flow raises: a
bad input is reported and skipped; a database that cannot be used, or a bug,
stops the load with the summary of what was done.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from . import curation, extractions, ingest, limits, nlp, review, store, workers
from .extract import extract_article
from .model import Article


@dataclass
class LoadSummary:
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # one line per input that was not loaded
    warnings: list[str] = field(default_factory=list)  # loaded, but the user should know (e.g. split)
    internal_errors: int = 0  # failures that are bugs, not bad input (also in errors)
    stopped: str | None = None  # why the load stopped before the end
    stopped_by: str | None = None  # "database" (cannot be used) or "internal" (a bug)
    curation: curation.Report | None = None

    def describe(self) -> str:
        return (f"{self.added} added, {self.replaced} replaced, "
                f"{self.skipped} unchanged, {self.failed} failed")

    def reject(self, message: str) -> None:
        self.failed += 1
        self.errors.append(message)

    def bug(self, message: str) -> None:
        self.reject(message)
        self.internal_errors += 1

    def committed(self, outcomes: list[str]) -> None:
        """Count the articles of a batch once it is committed ("added" or "replaced")."""
        self.added += outcomes.count("added")
        self.replaced += outcomes.count("replaced")


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every supported article file under the given files and folders."""
    return ingest.find_files(paths)


def load_files(db_path: str | Path, files: Iterable[Path], curation_path=None, on_wait=None,
               jobs: int = 1, review_list: bool = True) -> LoadSummary:
    """Load each file's articles, atomically per article; never stop on a bad file.

    ``jobs`` processes extract (see archive.workers) while this one stores, in input
    order and in batches (``store.Writer``), so the archive is the same for any ``jobs``.
    Then the upkeep of what changed, and the curation file (default: ``curation.yml``
    beside the database). Another process writing the database is waited for, after
    ``on_wait(message)``. ``review_list``: store the review list (see ``_store_review``).
    """
    def extracted(db, summary: LoadSummary):
        changed = _changed_articles(db, files, summary)
        return workers.ordered(extract_outcome, changed, jobs, warm_up, crashed)

    return _load(db_path, extracted, curation_path, on_wait, review_list)


def load_extractions(db_path: str | Path, paths: Iterable[Path], curation_path=None,
                     on_wait=None, review_list: bool = True) -> LoadSummary:
    """``load_files`` for extractions already made (``archive extract --jsonl``): stored, not extracted again."""
    def extracted(db, summary: LoadSummary):
        seen: dict[tuple[str, str], None] = {}
        for path in paths:
            for item in extractions.read(path):
                if isinstance(item, extractions.BadLine) or item[0] is None:
                    summary.reject(str(item) if isinstance(item, extractions.BadLine) else item[2])
                    continue
                article, extraction, error, internal = item
                summary.warnings += article.warnings
                if _unchanged(db, article, seen, summary):
                    continue
                yield article, Outcome(extraction, error, internal)

    return _load(db_path, extracted, curation_path, on_wait, review_list)


def _load(db_path, extracted, curation_path, on_wait, review_list: bool = True) -> LoadSummary:
    """Store ``extracted(db, summary)``'s (article, outcome) pairs, then upkeep and curation."""
    summary = LoadSummary()
    try:
        with store.writing(db_path, on_wait) as db:
            writer = store.Writer(db, on_commit=summary.committed)
            for article, outcome in extracted(db, summary):
                _store(writer, article, outcome, summary)
            writer.flush()
            touched = store.finish(db, writer.changes)
            _apply_curation(db, curation_path or curation.default_path(db_path), summary, touched, review_list)
            if touched and not _curation_changed(summary):  # else the curation stored the review
                _store_review(db, touched if review_list else None)
    except store.DatabaseError as exc:
        summary.stopped, summary.stopped_by = f"{ingest.display_path(db_path)}: {exc}", "database"
    except Exception as exc:  # a bug: stop, and still report what was loaded
        summary.stopped, summary.stopped_by = f"internal error ({_described(exc)})", "internal"
    return summary


# Articles remembered as met in this load: more than can be in flight between the check and
# the store (workers.QUEUED_PER_WORKER per worker); older ones are found stored by is_unchanged.
SEEN = 10_000


def _unchanged(db, article: Article, seen: dict, summary: LoadSummary) -> bool:
    """Count the article as skipped if it is stored already, or was met before in this load."""
    key = (article.path, article.sha256)
    if key in seen or store.is_unchanged(db, article):
        summary.skipped += 1
        return True
    seen[key] = None
    if len(seen) > SEEN:
        del seen[next(iter(seen))]
    return False


def _changed_articles(db, files: Iterable[Path], summary: LoadSummary) -> Iterator[Article]:
    """The articles of the files that are new or changed; bad inputs and unchanged ones are counted."""
    seen: dict[tuple[str, str], None] = {}  # an article met twice in one load is stored once
    for path in files:
        for item in ingest.iter_articles(path):
            if isinstance(item, Exception):
                summary.reject(str(item))
                continue
            summary.warnings += item.warnings
            if not _unchanged(db, item, seen, summary):
                yield item


def _store(writer: store.Writer, article: Article, outcome: "Outcome", summary: LoadSummary) -> None:
    """Store one extracted article, or report why it has no extraction."""
    if outcome.error:
        (summary.bug if outcome.internal else summary.reject)(outcome.error)
        return
    try:
        writer.save(article, outcome.extraction)
    except store.DatabaseError:
        raise
    except Exception as exc:
        summary.bug(f"{article.path}: internal error while storing ({_described(exc)})")


def _curation_changed(summary: LoadSummary) -> bool:
    """Whether applying the curation file changed the archive (then it stored the review list)."""
    report = summary.curation
    return report is not None and bool(report.changes or report.problems)


def _store_review(db, touched: store.Touched | None) -> None:
    """The review list of the archive as the load left it, for the review page: the items of what the
    load touched made again (``review.update``); or, with ``--no-review`` (no ``touched``), no stored list,
    and the page computes it when asked."""
    with store.database_errors(), store.transaction(db):
        if touched is not None:
            review.update(db, store.now(), review.Scope(
                articles=touched.articles, people=touched.people, renamed=touched.renamed,
                organisations=touched.organisations, relocated=touched.relocated))
        else:
            review.forget(db)


def _apply_curation(db, path, summary: LoadSummary, touched: store.Touched | None, review_list: bool) -> None:
    """The curation file again: when it changes something, its upkeep also makes the review items of what
    the load touched (``touched``) again, or drops the stored list (``review_list`` false)."""
    try:
        summary.curation = curation.apply_file(db, path, touched, review_list)
    except curation.CurationError as exc:
        summary.errors.append(str(exc))


def extract(article: Article) -> dict:
    """The article's extraction, within the time budget (``limits.OverBudget`` beyond it)."""
    with limits.time_budget(limits.ARTICLE_SECONDS):
        return extract_article(article)


@dataclass
class Outcome:
    """One article's extraction, or why there is none (what a worker process sends back)."""

    extraction: dict | None = None
    error: str | None = None
    internal: bool = False  # the error is a bug, not bad input


def extract_outcome(article: Article) -> Outcome:
    """``extract``, with the errors of one article caught and described, never raised."""
    try:
        return Outcome(extraction=extract(article))
    except limits.OverBudget:
        return Outcome(error=_over_budget(article))
    except Exception as exc:  # one article's bug must not stop the load
        return Outcome(error=f"{article.path}: internal error in extraction ({_described(exc)})", internal=True)


def crashed(article: Article) -> Outcome:
    """The outcome of an article whose worker process died while extracting it."""
    return Outcome(error=f"{article.path}: internal error in extraction (the worker process died)", internal=True)


def warm_up() -> None:
    """Load the spaCy pipelines in a worker process, once, before its first article."""
    nlp.get_model()
    nlp.get_nlp()


def _over_budget(article: Article) -> str:
    return (f"{article.path}: extraction took longer than {limits.ARTICLE_SECONDS} s "
            f"(the limit per article); skipped")


def _described(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


# Extraction without a database ------------------------------------------------------

@dataclass
class Extracted:
    """One article of ``archive extract``: its extraction, or why there is none."""

    file: Path  # the file it came from
    name: str  # the article's name ("x.jsonl#3" for a JSONL line, "x.txt#part2" for a part)
    extraction: dict | None = None
    error: str | None = None
    internal: bool = False  # the error is a bug, not bad input
    warnings: list[str] = field(default_factory=list)
    output: Path | None = None  # where extract_to_folder wrote it


def extract_path(path: Path) -> Iterator[Extracted]:
    """Every article in a file or folder, extracted; errors are reported, never raised."""
    for file in ingest.find_files([path]):
        for item in ingest.iter_articles(file):
            if isinstance(item, Exception):
                yield Extracted(file, ingest.display_path(file.name), error=str(item))
                continue
            outcome = extract_outcome(item)
            yield Extracted(file, item.name, outcome.extraction, outcome.error, outcome.internal,
                            warnings=list(item.warnings))


def extract_to_folder(path: Path, out: Path) -> Iterator[Extracted]:
    """``extract_path``, writing each extraction to ``out``, mirroring the folders under ``path``.

    The file is ``NAME.json`` after the article file's name without its suffix, with
    ``-N`` for a JSONL line and ``-partK`` for a part; a name already written in this
    run falls back to the full file name, then to a number, so nothing is overwritten.
    """
    taken: set[Path] = set()
    for result in extract_path(path):
        if result.extraction is not None:
            result.output = _output_path(Path(path), result, out, taken)
            result.output.parent.mkdir(parents=True, exist_ok=True)
            result.output.write_text(json.dumps(result.extraction, ensure_ascii=False, indent=2), encoding="utf-8")
        yield result


def _output_path(root: Path, result: Extracted, out: Path, taken: set[Path]) -> Path:
    file_name = ingest.display_path(result.file.name)
    extra = result.name[len(file_name):].replace("#", "-")  # "", "-3", "-part2", "-3-part2"
    folder = out / _relative_folder(root, result.file)
    candidates = [folder / f"{Path(file_name).stem}{extra}.json", folder / f"{file_name}{extra}.json"]
    candidates += (folder / f"{file_name}{extra}-{n}.json" for n in range(2, len(taken) + 3))
    chosen = next(c for c in candidates if c not in taken)
    taken.add(chosen)
    return chosen


def _relative_folder(root: Path, file: Path) -> Path:
    try:
        return Path(ingest.display_path(file.parent.relative_to(root)))
    except ValueError:  # the file was given itself
        return Path()
