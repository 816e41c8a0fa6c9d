"""Extractions as JSON Lines: what ``archive extract --jsonl`` writes and ``archive load --extractions`` stores.

One line per article: the article as ingest read it (so that the archive can
store it without reading the source again) and its extraction, or the error
that stopped it. Bad input files are lines too, with only the error. Files are
``part-NNNNN.jsonl`` (one per shard of the corpus, numbered in input order), so
loading a folder of them reproduces the order, and the ids, of a direct load.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator

from .model import Article

# The Article fields a line carries; sha256 is recomputed from them.
ARTICLE_FIELDS = ("name", "path", "title", "published", "url", "source", "license", "format", "body", "warnings")
PART = "part-{:05d}.jsonl"


class BadLine(ValueError):
    """A line of an extractions file that cannot be read; str() says where and why."""


def line(article: Article, extraction: dict | None = None, error: str | None = None,
         internal: bool = False) -> str:
    """One article, with its extraction or its error, as a line of JSON (no newline)."""
    record = {"article": {key: getattr(article, key) for key in ARTICLE_FIELDS}}
    if extraction is not None:
        record["extraction"] = extraction
    else:
        record.update(error=error, internal=internal)
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def input_error(message: str) -> str:
    """A line for an input that yielded no article (unreadable file, bad JSONL line)."""
    return json.dumps({"error": message, "internal": False}, ensure_ascii=False, separators=(",", ":"))


def write(path: Path, lines: Iterable[str]) -> None:
    """Write the lines to ``path`` whole: a partial file never has the final name."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text("".join(f"{text}\n" for text in lines), encoding="utf-8")
    partial.replace(path)


def files(folder: Path) -> list[Path]:
    """The extractions files of a folder, in input order."""
    return sorted(Path(folder).glob("*.jsonl"))


def read(path: Path) -> Iterator[tuple[Article | None, dict | None, str | None, bool] | BadLine]:
    """``(article, extraction, error, internal)`` per line, or a ``BadLine`` for a line that cannot be read."""
    with open(path, encoding="utf-8") as handle:
        for number, text in enumerate(handle, 1):
            if text.strip():
                try:
                    yield _parsed(path, number, text)
                except BadLine as exc:
                    yield exc


def _parsed(path: Path, number: int, text: str) -> tuple:
    try:
        record = json.loads(text)
        raw = record.get("article")
        article = None if raw is None else Article(**{k: raw[k] for k in ARTICLE_FIELDS if k in raw})
        extraction = record.get("extraction")
        if article is not None and not isinstance(extraction, (dict, type(None))):
            raise ValueError("extraction is not an object")
        error = record.get("error")
        if extraction is None and not error:
            raise ValueError("neither an extraction nor an error")
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise BadLine(f"{path} line {number}: not an extraction record ({exc})") from None
    return article, extraction, error, bool(record.get("internal"))
