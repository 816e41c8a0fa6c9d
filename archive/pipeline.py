"""The load and extract flows: files -> articles -> extractions -> database.

Kept apart from the CLI so that Python callers (and tests) get the same
behaviour as ``archive load`` and ``archive extract``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from . import curation, ingest, store
from .extract import extract_article


@dataclass
class LoadSummary:
    added: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)
    curation: curation.Report | None = None

    def describe(self) -> str:
        return (f"{self.added} added, {self.replaced} replaced, "
                f"{self.skipped} unchanged, {self.failed} failed")


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every supported article file under the given files and folders."""
    return ingest.find_files(paths)


def load_files(db_path: str | Path, files: Iterable[Path], curation_path=None) -> LoadSummary:
    """Load each file's articles, one transaction per article; never stop on a bad file.

    Then apply the curation file (default: ``curation.yml`` beside the database).
    """
    summary = LoadSummary()
    db = store.open_db(db_path)
    for path in files:
        for item in ingest.iter_articles(path):
            if isinstance(item, Exception):
                summary.failed += 1
                summary.errors.append(str(item))
                continue
            _load_one(db, item, summary)
    store.finalize(db)
    path = curation_path or curation.default_path(db_path)
    try:
        summary.curation = curation.apply_file(db, path)
    except curation.CurationError as exc:
        summary.errors.append(str(exc))
    return summary


def _load_one(db, article, summary: LoadSummary) -> None:
    if store.is_unchanged(db, article):
        summary.skipped += 1
        return
    try:
        extraction = extract_article(article)
        outcome = store.save_article(db, article, extraction)
    except Exception as exc:  # one bad article must not stop the load
        summary.failed += 1
        summary.errors.append(f"{article.path}: {type(exc).__name__}: {exc}")
        return
    if outcome == "replaced":
        summary.replaced += 1
    else:
        summary.added += 1


def extract_path(path: Path) -> Iterator[tuple[str, dict | Exception]]:
    """(name, extraction) for every article in a file or folder; errors are yielded, not raised."""
    for file in ingest.find_files([path]):
        for item in ingest.iter_articles(file):
            if isinstance(item, Exception):
                yield str(file), item
            else:
                yield item.name, extract_article(item)
