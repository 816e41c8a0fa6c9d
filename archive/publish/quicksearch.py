"""Datasette's search box on the statements, within the page budget on a million rows.

``?_search=trade`` on ``statement_rows`` matches 137,000 of a million synthetic
statements; Datasette fetched every match by id (``fts_pk``) and sorted them all by
date. Two ways to the newest page, chosen per request by how many statements match
(counted in the full-text index, a few milliseconds):

- many matches: ``search_id`` (the id again, without an index; see schema.sql, and
  ``fts_pk`` in metadata.yml): SQLite reads the rows newest first through the date index
  and stops at the page, a few hundred rows in;
- few matches (fewer than one statement in ``RARE``), or an explicit ``_sort``: ``_fts_pk=id``,
  Datasette's own way, fetching the few matches by id and sorting them; reading the date
  index would go through most of the table before finding a page of them.

Counting the matches and faceting them would read every one of them (about 200 ms each
for 137,000), so a search of the table skips both unless the address asks for them:
``_nocount=1`` and ``_nofacet=1`` are added before Datasette reads the request (the
``asgi_wrapper`` hook); facets asked for with ``_facet=`` are still computed, within
Datasette's facet time limit. An empty search box (``_search=``) is dropped on every
table: SQLite's full-text search refuses it (a 400).
"""
from __future__ import annotations

import re
import sqlite3
from urllib.parse import parse_qsl, urlencode

from datasette.database import QueryInterrupted

from . import DATABASE

SEARCHED_TABLES = ("statement_rows",)  # meeting_rows has no search box (meeting_rows_fts is for /-/search)
TABLE_PATH = re.compile(rf"^/{DATABASE}/(?P<table>[^/]+?)(?:\.\w+)?$")
RARE = 200  # a term in fewer than 1 statement in RARE: fetch its matches by id
COUNT_MS = 200  # time limit of counting the matches (then: read the date index)
MATCHES_SQL = "SELECT count(*) FROM statements_fts WHERE statements_fts MATCH {match}"
ROWS_SQL = "SELECT statements FROM archive_summary"


def query_string(path: str, query: bytes, matches: int | None = None, rows: int | None = None) -> bytes:
    """The query string Datasette should see for a request of ``path``: the same; without a blank
    ``_search``; for a search of the statements, without its count and default facets, and
    with ``_fts_pk=id`` when its ``matches`` are few among the ``rows`` (see the module docstring)."""
    found = TABLE_PATH.match(path)
    if not found or b"_search" not in query:
        return query
    args = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    kept = [(name, value) for name, value in args if not (name.startswith("_search") and not value.strip())]
    names = {name for name, _ in kept}
    if found.group("table") in SEARCHED_TABLES and "_search" in names:
        kept += [(name, "1") for name in ("_nocount", "_nofacet")
                 if name not in names and not (name == "_nofacet" and "_facet" in names)]
        if "_fts_pk" not in names and (names & {"_sort", "_sort_desc"} or _rare(matches, rows)):
            kept.append(("_fts_pk", "id"))
    return query if kept == args else urlencode(kept).encode("latin-1")


def _rare(matches: int | None, rows: int | None) -> bool:
    return matches is not None and rows is not None and matches * RARE < rows


def search_of(path: str, query: bytes) -> tuple[str, bool] | None:
    """(the search, whether raw FTS syntax) of a search of the statements; None for any other request."""
    found = TABLE_PATH.match(path)
    if not found or found.group("table") not in SEARCHED_TABLES or b"_search=" not in query:
        return None
    args = dict(parse_qsl(query.decode("latin-1"), keep_blank_values=True))
    search = (args.get("_search") or "").strip()
    return (search, args.get("_searchmode") == "raw") if search else None


async def match_count(datasette, search: str, raw: bool) -> tuple[int | None, int | None]:
    """(statements matching ``search`` in the full-text index, statements in the archive); None when unknown."""
    try:
        db = datasette.get_database(DATABASE)
        sql = MATCHES_SQL.format(match=":search" if raw else "escape_fts(:search)")
        matches = (await db.execute(sql, {"search": search}, custom_time_limit=COUNT_MS)).first()[0]
        rows = (await db.execute(ROWS_SQL)).first()
    except (KeyError, QueryInterrupted, sqlite3.Error):  # no such database, or too slow to count
        return None, None
    return matches, rows[0] if rows else None


def wrap(datasette, app):
    """The Datasette ASGI app, with requests rewritten by ``query_string``."""
    async def quick_search(scope, receive, send):
        if scope.get("type") == "http" and b"_search" in scope.get("query_string", b""):
            path, query = scope.get("path", ""), scope.get("query_string", b"")
            search = search_of(path, query)
            counts = await match_count(datasette, *search) if search else (None, None)
            rewritten = query_string(path, query, *counts)
            if rewritten != query:
                scope = dict(scope, query_string=rewritten)
        await app(scope, receive, send)

    return quick_search
