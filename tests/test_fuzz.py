"""Fuzzing ingest and extraction with Hypothesis: whatever the input, no exception, offsets in range.

A bounded number of examples per run keeps CI fast; set FUZZ_EXAMPLES to run more
(e.g. ``FUZZ_EXAMPLES=2000 pytest tests/test_fuzz.py``).
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

from archive import ingest, limits
from archive.extract import extract_article
from archive.ingest import IngestError
from archive.model import Article

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SUFFIXES = (".txt", ".md", ".html", ".jsonl")

# Text that can spell anything JSON can: controls, lone surrogates, private use, emoji.
ANY_TEXT = st.text(st.characters(codec=None, categories=None), max_size=200)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | ANY_TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12)
FIELDS = st.sampled_from(["title", "body", "text", "published", "url", "source", "license", "other"])

# Pieces of diplomatic news and of what breaks it: names, titles, verbs, quotes, dates, junk.
TOKENS = ["Foreign Minister", "President", "Sergey Lavrov", "Wang Yi", "Ms. Ana Kovač", "al-Sabah", "Mr.",
          "said", "told reporters", "according to", "met", "talks", "summit", "visited", "called", "in",
          "Moscow", "Beijing", "the Kremlin", "the ministry", "Russia", "China", "U.S.", "Sino-", "EU",
          "on Monday", "March 31, 2022", "last week", "2023-04-12", "that", "and", "but", ",", ".", ";",
          '"', "“", "”", "‘", "’", "'", "(", ")", "—", "-", "\n", "\n\n", "Read more:", "{{byline|date",
          "https://example.org/x", "ÆØÅ", "中国外交部", "🙂", "\u200b", "\t", "    ", "1", "99", "A", "x"]
PROSE = st.lists(st.sampled_from(TOKENS), max_size=150).flatmap(
    lambda words: st.lists(st.sampled_from([" ", "", "  "]), min_size=len(words), max_size=len(words)).map(
        lambda gaps: "".join(w + g for w, g in zip(words, gaps))))


def check_items(items: list, path: Path) -> None:
    for item in items:
        if isinstance(item, IngestError):
            assert str(item).startswith(str(path)) and "\n" not in str(item)
            continue
        assert isinstance(item, Article)
        assert item.body and len(item.body) <= limits.MAX_ARTICLE_CHARS
        for value in (item.name, item.path, item.body, item.title, item.url, item.published, item.source):
            (value or "").encode("utf-8")  # storable: no lone surrogates
        item.sha256


@FUZZ
@given(data=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_in_any_format_give_articles_or_one_line_errors(data, suffix):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"fuzz{suffix}"
        path.write_bytes(data)
        check_items(list(ingest.iter_articles(path)), path)


@FUZZ
@given(records=st.lists(st.dictionaries(FIELDS, JSON_VALUES, max_size=5) | JSON_VALUES, max_size=4),
       body=ANY_TEXT)
def test_any_json_lines_give_articles_or_one_line_errors(records, body):
    lines = [json.dumps(r) for r in records] + [json.dumps({"body": body, "title": body[:20]})]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_text("\n".join(lines), encoding="utf-8")
        check_items(list(ingest.iter_articles(path)), path)


def spans(value):
    """Every dict with character offsets in an extraction."""
    if isinstance(value, dict):
        if isinstance(value.get("start"), int) and isinstance(value.get("end"), int):
            yield value
        for child in value.values():
            yield from spans(child)
    elif isinstance(value, list):
        for child in value:
            yield from spans(child)


@FUZZ
@given(body=PROSE.filter(str.strip), title=st.none() | PROSE,
       url=st.sampled_from([None, "https://www.mid.ru/en/news", "javascript:alert(1)", "http://example.org"]),
       published=st.none() | st.sampled_from(["2023-04-12", "2004-02-29"]))
@example(body='Foreign Minister said Foreign Minister " Read more: ', title=None, url=None, published=None)
def test_extraction_of_any_prose_gives_offsets_within_the_body(body, title, url, published):
    """Articles as ingest makes them (a url that does not parse is never an Article's url)."""
    extraction = extract_article(Article(name="fuzz.txt", path="/fuzz.txt", body=body, title=title,
                                         url=url, published=published))
    for item in spans(extraction):
        assert 0 <= item["start"] <= item["end"] <= len(body), item
    for statement in extraction["statements"]:
        assert statement["text"] == body[statement["start"]:statement["end"]]
