"""Ranked full-text search over statements and articles, with the matches highlighted.

What a user types never reaches FTS5 as syntax: ``fts_query`` turns it into quoted
terms and phrases (all must occur), so no input is an FTS5 syntax error.
"""
from __future__ import annotations

import re
import sqlite3

from markupsafe import Markup, escape

from .. import limits
from . import links

# Private-use characters mark matches in snippet(); they cannot occur in escaped HTML.
OPEN, CLOSE = "\ue000", "\ue001"
STATEMENTS_SQL = """
select sv.id, sv.article_id, sv.speaker, sv.speaker_country, sv.kind, sv.date, sv.article,
       snippet(statements_fts, 0, :open, :close, '…', 32) as snippet
from statements_fts join statements_view sv on sv.id = statements_fts.rowid
where statements_fts match :q order by rank limit :limit
"""
ARTICLES_SQL = """
select a.id, a.name, a.published, a.source,
       highlight(articles_fts, 0, :open, :close) as title,
       snippet(articles_fts, 1, :open, :close, '…', 40) as snippet
from articles_fts join articles a on a.id = articles_fts.rowid
where articles_fts match :q order by rank limit :limit
"""
COUNT_SQL = "select count(*) from {fts} where {fts} match :q"
LIMITS = {"statements": 50, "articles": 20}
# Characters that are not text (NUL and other controls) are dropped from a query.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def fts_query(q: str) -> str | None:
    """An FTS5 query for what the user typed: every word and every "quoted phrase" as an
    FTS5 string, all required; an unclosed quote runs to the end. None if nothing is left."""
    segments = CONTROL.sub("", q).split('"')
    terms = []
    for number, segment in enumerate(segments):
        inside = number % 2 == 1
        terms += [segment] if inside and segment.strip() else [] if inside else segment.split()
    return " ".join(f'"{term}"' for term in terms) or None


async def context(datasette, q: str) -> dict:
    """Best statements and articles for ``q`` (an empty query finds nothing); ``error`` says why
    a query could not be run."""
    q = (q or "").strip()
    result = {"q": q, "statements": [], "articles": [], "counts": {"statements": 0, "articles": 0},
              "canned_url": links.query(datasette, "search_statements", q=q or None), "error": None}
    if not q:
        return result
    if len(q) > limits.MAX_SEARCH_CHARS:
        result["error"] = f"The query is too long: at most {limits.MAX_SEARCH_CHARS} characters."
        return result
    query = fts_query(q)
    if query is None:
        result["error"] = "Nothing to search for: the query has no words."
        return result
    db = links.database(datasette)
    params = {"q": query, "open": OPEN, "close": CLOSE}
    try:
        for kind, sql, fts in (("statements", STATEMENTS_SQL, "statements_fts"),
                               ("articles", ARTICLES_SQL, "articles_fts")):
            rows = await db.execute(sql, dict(params, limit=LIMITS[kind]))
            result[kind] = [_shaped(datasette, kind, dict(r)) for r in rows]
            result["counts"][kind] = (await db.execute(COUNT_SQL.format(fts=fts), params)).first()[0]
    except sqlite3.OperationalError as exc:  # not expected: fts_query quotes everything
        result["error"] = f"The search could not be run ({exc})."
    return result


def marked(text) -> Markup:
    """Escaped text with the snippet markers turned into ``<mark>`` elements."""
    html = str(escape(text or ""))
    return Markup(html.replace(OPEN, '<mark class="match">').replace(CLOSE, "</mark>"))


def _shaped(datasette, kind: str, row: dict) -> dict:
    row["snippet"] = marked(row["snippet"])
    if kind == "statements":
        row["url"] = links.article(datasette, row["article_id"], f"statement-{row['id']}")
        row["speaker_url"] = links.find(datasette, "speaker", row["speaker"]) if row["speaker"] else None
    else:
        row["title"] = marked(row["title"]) if row["title"] else None
        row["url"] = links.article(datasette, row["id"])
    return row
