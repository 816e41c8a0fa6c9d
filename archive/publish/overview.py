"""The index page: what the archive holds, what it does not know yet, and where to start."""
from __future__ import annotations

from . import links, quality

# Counted once per load (archive_summary, see archive/summaries.py), not per request.
COUNTS_SQL = """
select articles, statements, meetings, people, organisations, meeting_countries, mapped_places, published,
       first_published, last_published
from archive_summary
"""
NO_COUNTS = {"articles": 0, "statements": 0, "meetings": 0, "people": 0, "organisations": 0, "meeting_countries": 0,
             "mapped_places": 0, "published": 0, "first_published": None, "last_published": None}
# The tables and views an analyst starts from, in this order.
MAIN_TABLES = ("statement_rows", "meeting_rows", "people", "organisations", "countries",
               "places", "articles")


async def context(datasette, request) -> dict:
    """Counts, canned queries and main tables for ``index.html``."""
    db = links.database(datasette)
    counts = dict((await db.execute(COUNTS_SQL)).first() or NO_COUNTS)
    canned = await datasette.get_canned_queries(db.name, request.actor if request else None)
    queries = [{"title": q.get("title") or name, "description": q.get("description"),
                "url": links.query(datasette, name)} for name, q in canned.items()]
    tables = [{"name": name, "url": links.table(datasette, name),
               "description": datasette.metadata("description", database=db.name, table=name,
                                                 fallback=False)}
              for name in MAIN_TABLES]
    return {
        "db": db.name,
        "counts": counts,
        "queries": queries,
        "tables": tables,
        "database_url": datasette.urls.database(db.name),
        "map_url": links.page(datasette, "/-/map"),
        "gaps": await quality.gaps(datasette),
        "review_url": links.page(datasette, "/-/review"),
    }
