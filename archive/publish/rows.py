"""What a row page adds: a person's, organisation's, country's or place's statements and meetings.

Also the ``/-/find`` redirect, which turns a name shown in a view (speaker,
chair, place) into the row it stands for.
"""
from __future__ import annotations

import json

from . import filters, links

SHOWN = 20  # newest items listed on a row page; "all N" links to the full list
STATEMENTS_SQL = """
select id, article_id, article, speaker, date, kind, text from statements_view
where {where} order by date desc, id desc limit {limit}
"""
MEETINGS_SQL = """
select id, article_id, article, date, kind, planned, place, chair, participants, participant_names
from meetings_view where {where} order by date desc, id desc limit {limit}
"""
COUNT_SQL = "select count(*) from {view} where {where}"
PARTNERS_SQL = """
select b.iso2, c.name, count(*) as meetings from meeting_countries a
join meeting_countries b on b.meeting_id = a.meeting_id and b.iso2 != a.iso2
join meetings m on m.id = a.meeting_id and not m.rejected
join countries c on c.iso2 = b.iso2
where a.iso2 = :code group by b.iso2 order by meetings desc, c.name limit 10
"""


def _conditions(table: str, pk) -> tuple[list[str], list[str]] | None:
    """(statement conditions, meeting conditions) for a row, or None for other tables."""
    if table == "people":
        return filters.statements(person=pk), filters.meetings(person=pk)
    if table == "countries":
        return filters.statements(country=pk), filters.meetings(country=pk)
    number = links.integer(pk)
    if number is None:
        return None
    if table == "organisations":
        return [f"id in (select id from statements where organisation_id = {number})"], []
    if table == "places":
        return [], [f"id in (select id from meetings where place_id = {number})"]
    if table == "articles":
        return [f"article_id = {number}"], [f"article_id = {number}"]
    return None


async def extras(datasette, table: str, pk) -> dict | None:
    """Sections for the row page of ``table``/``pk``, or None when the table has none."""
    conditions = _conditions(table, pk)
    if conditions is None or (table in ("people", "countries") and not any(conditions)):
        return None
    statement_where, meeting_where = conditions
    sections = []
    if statement_where:
        sections.append(await _section(datasette, "statements", "statements_view", statement_where))
    if meeting_where:
        sections.append(await _section(datasette, "meetings", "meetings_view", meeting_where))
    return {"sections": sections, "links": await _links(datasette, table, pk)}


async def _section(datasette, kind: str, view: str, conditions: list[str]) -> dict:
    db = links.database(datasette)
    where = filters.where(conditions)
    sql = (STATEMENTS_SQL if kind == "statements" else MEETINGS_SQL).format(where=where, limit=SHOWN)
    items = [dict(r) for r in await db.execute(sql)]
    for item in items:
        item["url"] = links.article(datasette, item["article_id"], f"{kind[:-1]}-{item['id']}")
        if kind == "meetings":
            item["participants"] = json.loads(item["participants"] or "[]")
            item["participant_names"] = json.loads(item["participant_names"] or "[]")
    count = (await db.execute(COUNT_SQL.format(view=view, where=where))).first()[0]
    return {"kind": kind, "count": count, "items": items,
            "all_url": links.table(datasette, view, filters.link_params(conditions))}


async def _links(datasette, table: str, pk) -> list[dict]:
    if table == "people":
        return [{"label": "Timeline of this person", "url": links.page(datasette, "/-/timeline", person=pk)}]
    if table == "countries":
        partners = await links.database(datasette).execute(PARTNERS_SQL, {"code": pk})
        return ([{"label": "Timeline of this country", "url": links.page(datasette, "/-/timeline", country=pk)},
                 {"label": "Who this country meets", "url": links.page(datasette, "/-/meets", country=pk)},
                 {"label": "Meetings of this country (canned query)",
                  "url": links.query(datasette, "meetings_by_country", iso2=pk)}]
                + [{"label": f"Met {r['name']} {r['meetings']}×",
                    "url": links.row(datasette, "countries", r["iso2"])} for r in partners])
    if table == "articles":
        return [{"label": "Read the article with its facts highlighted", "url": links.article(datasette, pk)}]
    return []


# /-/find ----------------------------------------------------------------------

# An exact name first, then an alias; among namesakes the most mentioned.
PERSON_SQL = """
select id from people
where name = :name or id in (select person_id from person_aliases where alias = :name)
order by name = :name desc, mention_count desc limit 1
"""
ORGANISATION_SQL = "select id from organisations where name = :name limit 1"
PLACE_SQL = """
select id from places
where name = :name or id in (select place_id from place_aliases where alias = :name)
order by name = :name desc, resolved desc limit 1
"""


async def find(datasette, args) -> str:
    """The URL of the row named by ?speaker=, ?person=, ?organisation= or ?place=."""
    db = links.database(datasette)

    async def first(sql, name):
        row = (await db.execute(sql, {"name": name})).first()
        return row[0] if row else None

    if name := args.get("speaker") or args.get("person"):
        if (person_id := await first(PERSON_SQL, name)) is not None:
            return links.row(datasette, "people", person_id)
        if (org_id := await first(ORGANISATION_SQL, name)) is not None:
            return links.row(datasette, "organisations", org_id)
        return links.table(datasette, "statements_view", {"speaker": name})
    if name := args.get("organisation"):
        if (org_id := await first(ORGANISATION_SQL, name)) is not None:
            return links.row(datasette, "organisations", org_id)
        return links.table(datasette, "statements_view", {"organisation": name})
    if name := args.get("place"):
        if (place_id := await first(PLACE_SQL, name)) is not None:
            return links.row(datasette, "places", place_id)
        return links.table(datasette, "meetings_view", {"place": name})
    return datasette.urls.instance()
