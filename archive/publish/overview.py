"""The index page: what the archive holds, what it does not know yet, and where to start."""
from __future__ import annotations

from . import links, quality

COUNTS_SQL = """
select
  (select count(*) from articles) as articles,
  (select count(*) from statements_view) as statements,
  (select count(*) from archive_meetings) as meetings,
  (select count(*) from people) as people,
  (select count(*) from organisations) as organisations,
  (select count(distinct value) from archive_meetings, json_each(archive_meetings.countries)) as meeting_countries,
  (select count(*) from places where latitude is not null and longitude is not null) as mapped_places,
  (select count(published) from articles) as published,
  (select min(published) from articles) as first_published,
  (select max(published) from articles) as last_published
"""
# The tables and views an analyst starts from, in this order.
MAIN_TABLES = ("statements_view", "archive_meetings", "people", "organisations", "countries",
               "places", "articles", "meetings_view")


async def context(datasette, request) -> dict:
    """Counts, canned queries and main tables for ``index.html``."""
    db = links.database(datasette)
    counts = dict((await db.execute(COUNTS_SQL)).first())
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
