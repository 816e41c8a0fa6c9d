"""Cell rendering: every statement and meeting row links to the sentence it came from.

Datasette calls ``render`` for every cell of every table, view and query page,
so anything not in ``COLUMNS`` returns at once. Query pages do not say which
table a row comes from; their rows are recognised by their columns (a
``speaker`` or ``snippet`` makes a statement, ``evidence`` or ``chair`` a meeting).
"""
from __future__ import annotations

import json

from markupsafe import Markup, escape

from . import links

STATEMENT_TABLES = {"statements", "statements_view"}
MEETING_TABLES = {"meetings", "meetings_view"}
COLUMNS = {"article_id", "article", "text", "evidence", "snippet", "speaker", "chair", "place",
           "participant_names", "participants", "countries", "title", "name"}
# The canned query search_statements marks matches with these (see metadata.yml).
MATCH_OPEN, MATCH_CLOSE = "⟦", "⟧"
# An empty JSON array shows as an empty cell, not "[]"; Datasette ignores an empty string.
EMPTY = Markup('<span class="archive-none"></span>')


def render(row, value, column, table, datasette):
    """HTML for the cell, an awaitable of it, or None to let Datasette render it."""
    if column not in COLUMNS:
        return None
    value = value["value"] if isinstance(value, dict) else value
    fact = _fact_kind(table, row)
    if column == "article_id" and value is not None:
        return _article_link(datasette, row, value, fact, f"article {value}")
    if column == "article" and fact and _get(row, "article_id") is not None:
        return _article_link(datasette, row, _get(row, "article_id"), fact, value)
    if table == "articles" and column in ("title", "name") and value:
        return Markup(f'<a href="{escape(links.article(datasette, _get(row, "id")))}">{escape(value)}</a>')
    if fact == "statement" and column in ("text", "snippet") or fact == "meeting" and column == "evidence":
        return _with_context_link(datasette, row, value, fact, column == "snippet")
    if fact == "statement" and column == "speaker" and value:
        return _find_link(datasette, "speaker", value)
    if fact == "meeting" and column in ("chair", "place") and value:
        return _find_link(datasette, "person" if column == "chair" else "place", value)
    if fact == "meeting" and column == "participant_names":
        return _names(datasette, value)
    if fact and column in ("participants", "countries"):
        return _countries(datasette, value)
    return None


def _fact_kind(table, row) -> str | None:
    if table in STATEMENT_TABLES:
        return "statement"
    if table in MEETING_TABLES:
        return "meeting"
    if table is None:
        keys = _keys(row)
        if keys & {"speaker", "snippet", "cue"}:
            return "statement"
        if keys & {"evidence", "chair", "participant_names"}:
            return "meeting"
    return None


def _keys(row) -> set:
    try:
        return set(row.keys())
    except AttributeError:
        return set()


def _get(row, key):
    try:
        value = row[key]
    except (IndexError, KeyError):
        return None
    return value["value"] if isinstance(value, dict) else value


def _anchor(row, fact) -> str | None:
    fact_id = _get(row, "id")
    return f"{fact}-{fact_id}" if fact and fact_id is not None else None


def _article_link(datasette, row, article_id, fact, label) -> Markup:
    url = links.article(datasette, article_id, _anchor(row, fact))
    return Markup(f'<a class="archive-article" href="{escape(url)}" title="Read in the article">'
                  f'{escape(label or f"article {article_id}")}</a>')


def _with_context_link(datasette, row, value, fact, is_snippet) -> Markup | None:
    if value is None:
        return None
    text = escape(value)
    if is_snippet:
        text = Markup(str(text).replace(MATCH_OPEN, '<mark class="match">').replace(MATCH_CLOSE, "</mark>"))
    article_id = _get(row, "article_id")
    if article_id is None:
        return Markup(text)
    url = links.article(datasette, article_id, _anchor(row, fact))
    return Markup(f'{text} <a class="archive-context" href="{escape(url)}" '
                  f'title="Show this {fact} highlighted in its article">in&nbsp;context&nbsp;→</a>')


def _find_link(datasette, kind: str, name: str) -> Markup:
    return Markup(f'<a href="{escape(links.find(datasette, kind, name))}">{escape(name)}</a>')


def _json_list(value) -> list | None:
    try:
        items = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    return items if isinstance(items, list) else None


def _names(datasette, value) -> Markup | None:
    names = _json_list(value)
    if names is None:
        return None
    if not names:
        return EMPTY
    return Markup(", ".join(str(_find_link(datasette, "person", str(n))) for n in names))


def _countries(datasette, value):
    codes = _json_list(value)
    if codes is None:
        return None

    if not codes:
        return EMPTY

    async def inner():
        names = await country_names(datasette)
        return Markup(", ".join(
            f'<a href="{escape(links.row(datasette, "countries", c))}" title="{escape(names.get(c, c))}">'
            f'{escape(c)}</a>' for c in map(str, codes)))

    return inner


async def country_names(datasette) -> dict:
    """ISO code to name; the countries table is fixed, so it is read once per process."""
    cached = getattr(datasette, "_archive_country_names", None)
    if not cached:
        rows = await links.database(datasette).execute("select iso2, name from countries")
        cached = {r["iso2"]: r["name"] for r in rows}
        datasette._archive_country_names = cached
    return cached
