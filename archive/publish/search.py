"""Ranked full-text search over statements and articles, with the matches highlighted."""
from __future__ import annotations

from markupsafe import Markup, escape

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


async def context(datasette, q: str) -> dict:
    """Best statements and articles for ``q`` (an empty query finds nothing)."""
    from datasette.utils import escape_fts

    q = (q or "").strip()
    result = {"q": q, "statements": [], "articles": [], "counts": {"statements": 0, "articles": 0},
              "canned_url": links.query(datasette, "search_statements", q=q or None)}
    if not q:
        return result
    db = links.database(datasette)
    params = {"q": escape_fts(q), "open": OPEN, "close": CLOSE}
    for kind, sql, fts in (("statements", STATEMENTS_SQL, "statements_fts"),
                           ("articles", ARTICLES_SQL, "articles_fts")):
        rows = await db.execute(sql, dict(params, limit=LIMITS[kind]))
        result[kind] = [_shaped(datasette, kind, dict(r)) for r in rows]
        result["counts"][kind] = (await db.execute(COUNT_SQL.format(fts=fts), params)).first()[0]
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
