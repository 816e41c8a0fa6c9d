"""Plain data passed between the stages: ingest -> extract -> resolve -> store.

An ``Article`` is what ingest produces. An extraction is a plain dict in the
shape of ``../shared/gold/FORMAT.md`` plus provenance (character offsets into
``Article.body``); see ``EXTRACTION_KEYS`` and the README for every key.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, asdict


@dataclass
class Article:
    """One news article, ready for extraction.  Offsets elsewhere index ``body``."""

    name: str  # stable name: file name, or "file.jsonl#3" for the 3rd line of a JSONL file
    path: str  # where it came from (absolute path, "#N" suffix for JSONL lines)
    body: str
    title: str | None = None
    published: str | None = None  # ISO date "YYYY-MM-DD" or None
    url: str | None = None
    source: str | None = None
    license: str | None = None
    format: str = "txt"  # txt | md | html | jsonl
    meta: dict = field(default_factory=dict)
    # Things a user should know about how the article was read (e.g. split in parts); not hashed.
    warnings: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """Content hash over body and metadata: an unchanged article hashes the same."""
        h = hashlib.sha256()
        for part in (self.title, self.published, self.url, self.source, self.license, self.body):
            h.update((part or "").encode("utf-8"))
            h.update(b"\x00")
        return h.hexdigest()

    def to_dict(self) -> dict:
        d = asdict(self)
        d["sha256"] = self.sha256
        return d


# Top-level keys of an extraction dict (what `archive extract` prints).
EXTRACTION_KEYS = (
    "article", "title", "published", "reference_date",
    "people", "organisations", "countries", "country_mentions",
    "places", "dates", "meetings", "statements",
)
