"""Datasette's search box on the statements, within the page budget on a million rows.

``?_search=trade`` on ``statement_rows`` matches 137,000 of a million synthetic
statements. The newest page of them is cheap: the table matches on ``search_id``
(the id again, without an index; see schema.sql), so SQLite reads rows newest first
through the date index and stops at the page. Counting the matches and faceting them
would read every one of them (about 200 ms each), so a search of the table skips
both unless the address asks for them: ``_nocount=1`` and ``_nofacet=1`` are added
before Datasette reads the request (the ``asgi_wrapper`` hook). Facets asked for with
``_facet=`` are still computed, within Datasette's facet time limit. An empty search box
(``_search=``) is dropped on every table: SQLite's full-text search refuses it.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

from . import DATABASE

SEARCHED_TABLES = ("statement_rows",)  # meeting_rows has no search box (meeting_rows_fts is for /-/search)
TABLE_PATH = re.compile(rf"^/{DATABASE}/(?P<table>[^/]+?)(?:\.\w+)?$")


def query_string(path: str, query: bytes) -> bytes:
    """The query string Datasette should see for a request of ``path``: the same; without a blank
    ``_search`` (the empty search box, which SQLite's full-text search refuses: a 400); for a search
    of the statements, without its count and default facets."""
    found = TABLE_PATH.match(path)
    if not found or b"_search" not in query:
        return query
    args = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    kept = [(name, value) for name, value in args if not (name.startswith("_search") and not value.strip())]
    names = {name for name, _ in kept}
    if found.group("table") in SEARCHED_TABLES and "_search" in names:
        kept += [(name, "1") for name in ("_nocount", "_nofacet")
                 if name not in names and not (name == "_nofacet" and "_facet" in names)]
    return query if kept == args else urlencode(kept).encode("latin-1")


def wrap(app):
    """The Datasette ASGI app, with searches of the statements rewritten by ``query_string``."""
    async def quick_search(scope, receive, send):
        if scope.get("type") == "http":
            rewritten = query_string(scope.get("path", ""), scope.get("query_string", b""))
            if rewritten != scope.get("query_string", b""):
                scope = dict(scope, query_string=rewritten)
        await app(scope, receive, send)

    return quick_search
