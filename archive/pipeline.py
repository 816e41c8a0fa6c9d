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

from . import curation, ingest, limits, store
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


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every supported article file under the given files and folders."""
    return ingest.find_files(paths)


def load_files(db_path: str | Path, files: Iterable[Path], curation_path=None, on_wait=None) -> LoadSummary:
    """Load each file's articles, one transaction per article; never stop on a bad file.

    Then apply the curation file (default: ``curation.yml`` beside the database).
    Another process writing the database is waited for, after ``on_wait(message)``.
    """
    summary = LoadSummary()
    try:
        with store.writing(db_path, on_wait) as db:
            for path in files:
                for item in ingest.iter_articles(path):
                    if isinstance(item, Exception):
                        summary.reject(str(item))
                        continue
                    summary.warnings += item.warnings
                    _load_one(db, item, summary)
            store.finalize(db)
            _apply_curation(db, curation_path or curation.default_path(db_path), summary)
    except store.DatabaseError as exc:
        summary.stopped, summary.stopped_by = f"{ingest.display_path(db_path)}: {exc}", "database"
    except Exception as exc:  # a bug: stop, and still report what was loaded
        summary.stopped, summary.stopped_by = f"internal error ({_described(exc)})", "internal"
    return summary


def _load_one(db, article: Article, summary: LoadSummary) -> None:
    if store.is_unchanged(db, article):
        summary.skipped += 1
        return
    try:
        extraction = extract(article)
    except limits.OverBudget:
        summary.reject(_over_budget(article))
        return
    except Exception as exc:  # one article's bug must not stop the load
        summary.bug(f"{article.path}: internal error in extraction ({_described(exc)})")
        return
    try:
        outcome = store.save_article(db, article, extraction)
    except store.DatabaseError:
        raise
    except Exception as exc:
        summary.bug(f"{article.path}: internal error while storing ({_described(exc)})")
        return
    if outcome == "replaced":
        summary.replaced += 1
    else:
        summary.added += 1


def _apply_curation(db, path, summary: LoadSummary) -> None:
    try:
        summary.curation = curation.apply_file(db, path)
    except curation.CurationError as exc:
        summary.errors.append(str(exc))


def extract(article: Article) -> dict:
    """The article's extraction, within the time budget (``limits.OverBudget`` beyond it)."""
    with limits.time_budget(limits.ARTICLE_SECONDS):
        return extract_article(article)


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
            result = Extracted(file, item.name, warnings=list(item.warnings))
            try:
                result.extraction = extract(item)
            except limits.OverBudget:
                result.error = _over_budget(item)
            except Exception as exc:
                result.error, result.internal = f"{item.path}: internal error in extraction ({_described(exc)})", True
            yield result


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
