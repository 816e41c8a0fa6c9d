"""What a row page adds: a name for a title, the evidence, and the related records.

A person's, organisation's, place's or country's page is titled by its name, an
article's by its headline, a meeting's by its kind, place and date, a
statement's by its speaker and date. Under the record come its evidence in
context and the statements, meetings, people and countries it relates to, each
list linking to all of its rows.

Also the ``/-/find`` redirect, which turns a name shown in a view (speaker,
chair, place) into the row it stands for.
"""
from __future__ import annotations

from . import facts, filters, links, pairs

SHOWN = 10  # newest items listed per section; "all N" links to the full list
STATEMENTS_SQL = (f"select {facts.STATEMENT_COLUMNS} from statement_rows s where {{where}} "
                  f"order by s.date desc, s.id desc limit {SHOWN}")
MEETINGS_SQL = (f"select {facts.MEETING_COLUMNS} from meeting_rows m where {{where}} "
                f"order by m.date desc, m.id desc limit {SHOWN}")
COUNT_SQL = {"statements": "select count(*) from statement_rows s where {where}",
             "meetings": "select count(*) from meeting_rows m where {where}"}


async def extras(datasette, table: str, pk) -> dict | None:
    """Title, evidence and sections for the row page of ``table``/``pk``, or None for other tables."""
    page = PAGES.get(table)
    if page is None:
        return None
    return await page(datasette, pk)


# People, countries, organisations, places ---------------------------------------

async def _person(datasette, pk) -> dict | None:
    person_id = links.integer(pk)
    person = await _one(datasette, "select * from people where id = ?", person_id)
    if person is None:
        return None
    names = await facts.country_names(datasette)
    selection = filters.Selection(person=person_id)
    aliases = await _values(datasette, "select alias from person_aliases where person_id = ? and kind = 'name' "
                                       "order by alias", person_id)
    roles = await _rows(datasette, "select role, min(date) as since, max(date) as until from person_roles "
                                   "where person_id = ? group by role order by since", person_id)
    facts_line = [person["role"]] if person["role"] else []
    met = await pairs.partners(datasette, selection, "people", str(person_id))
    return {
        "kind": "Person",
        "title": person["name"],
        "subtitle": facts_line,
        "country": await _country_link(datasette, person["country"], names),
        "details": ([{"label": "Also called", "value": ", ".join(aliases)}] if aliases else [])
                   + ([{"label": "Roles", "value": "; ".join(_role(r) for r in roles)}] if roles else [])
                   + _curated(person),
        "sections": [dict(await _statements(datasette, "Statements", selection), by_this_speaker=True),
                     await _meetings(datasette, "Meetings", selection),
                     _partners_section("Met most often", met)],
        "links": _page_links(datasette, selection, "people", str(person_id)),
    }


def _curated(row) -> list[dict]:
    """A line naming what the analyst set on the row (its ``curated`` column), if anything."""
    fields = facts.json_list(row["curated"]) if row is not None and "curated" in row.keys() else []
    return [{"label": "Curated", "value": "✎ " + ", ".join(fields) + " (set by the analyst in curation.yml)",
             "curated": True}] if fields else []


async def _country_link(datasette, code, names) -> dict | None:
    return {"name": names.get(code, code), "url": links.row(datasette, "countries", code)} if code else None


def _role(row) -> str:
    dates = " to ".join(dict.fromkeys(d for d in (row["since"], row["until"]) if d))
    return f"{row['role']} ({dates})" if dates else row["role"]


async def _country_page(datasette, pk) -> dict | None:
    code = links.iso2(pk)
    country = await _one(datasette, "select * from countries where iso2 = ?", code)
    if country is None:
        return None
    selection = filters.Selection(countries=(code,))
    people = await _rows(datasette, "select id, name, role from people where country = ? "
                                    "order by mention_count desc, name limit 12", code)
    met = await pairs.partners(datasette, selection, "countries", code)
    return {
        "kind": "Country",
        "title": country["name"],
        "subtitle": [f"ISO {country['iso2']} / {country['iso3']}" if country["iso3"] else f"ISO {country['iso2']}"],
        "sections": [await _meetings(datasette, "Meetings", selection),
                     _partners_section("Met most often", met),
                     await _statements(datasette, "Statements about it or by its people and organisations",
                                       selection),
                     _entities("People", [{"name": p["name"], "note": p["role"],
                                           "url": links.row(datasette, "people", p["id"])} for p in people],
                               links.table(datasette, "people", {"country": code}))],
        "links": _page_links(datasette, selection, "countries", code),
    }


async def _organisation(datasette, pk) -> dict | None:
    org_id = links.integer(pk)
    org = await _one(datasette, "select * from organisations where id = ?", org_id)
    if org is None:
        return None
    names = await facts.country_names(datasette)
    aliases = await _values(datasette, "select alias from organisation_aliases where organisation_id = ? "
                                       "order by alias", org_id)
    return {
        "kind": "Organisation",
        "title": org["name"],
        "subtitle": [org["kind"]] if org["kind"] else [],
        "country": await _country_link(datasette, org["country"], names),
        "details": ([{"label": "Also called", "value": ", ".join(aliases)}] if aliases else []) + _curated(org),
        "sections": [dict(await _statements(datasette, "Statements", None,
                                            ("s.organisation_id = :org", {"org": org_id}),
                                            [("organisation_id", str(org_id))]), by_this_speaker=True)],
        "links": [],
    }


async def _place(datasette, pk) -> dict | None:
    place_id = links.integer(pk)
    place = await _one(datasette, "select * from places where id = ?", place_id)
    if place is None:
        return None
    names = await facts.country_names(datasette)
    aliases = await _values(datasette, "select alias from place_aliases where place_id = ? and alias != ? "
                                       "order by alias", place_id, place["name"])
    located = (f"{place['latitude']:.3f}, {place['longitude']:.3f}" if place["latitude"] is not None
               else "not located: no GeoNames settlement")
    articles = await _rows(datasette, "select a.id, a.title, a.name, count(*) as n from mentions m "
                                      "join articles a on a.id = m.article_id where m.entity_type = 'place' "
                                      "and m.entity_id = ? group by a.id order by n desc, a.id limit 12",
                           str(place_id))
    return {
        "kind": "Place",
        "title": place["name"],
        "subtitle": [located],
        "country": await _country_link(datasette, place["country"], names),
        "details": ([{"label": "Also written", "value": ", ".join(aliases)}] if aliases else []) + _curated(place),
        "sections": [await _meetings(datasette, "Meetings held here", None,
                                     ("m.place_id = :place", {"place": place_id}), [("place_id", str(place_id))]),
                     _entities("Articles naming it",
                               [{"name": a["title"] or a["name"], "note": f"×{a['n']}",
                                 "url": links.article(datasette, a["id"])} for a in articles])],
        "links": ([{"label": f"Map of the meetings in {names.get(place['country'], place['country'])}",
                    "url": links.page(datasette, "/-/map", country=place["country"])}] if place["country"] else []),
    }


# Articles, meetings, statements -------------------------------------------------

async def _article(datasette, pk) -> dict | None:
    article_id = links.integer(pk)
    article = await _one(datasette, "select id, name, title, published, source, url, license from articles "
                                    "where id = ?", article_id)
    if article is None:
        return None
    where = ("{a}.article_id = :article", {"article": article_id})
    people = await _rows(datasette, "select p.id, p.name, ap.role from article_people ap join people p "
                                    "on p.id = ap.person_id where ap.article_id = ? order by p.name", article_id)
    countries = await _rows(datasette, "select c.iso2, c.name, ac.count from article_countries ac join countries c "
                                       "on c.iso2 = ac.iso2 where ac.article_id = ? order by ac.count desc, c.name",
                            article_id)
    subtitle = [f"published {article['published']}" if article["published"] else "publication date unknown"]
    subtitle += [article["source"]] if article["source"] else []
    return {
        "kind": "Article",
        "title": article["title"] or article["name"],
        "subtitle": subtitle,
        "evidence": {"text": None, "url": links.article(datasette, article_id),
                     "label": "Read the article with its facts highlighted →"},
        "original": article["url"] if links.is_web_url(article["url"]) else None,
        "details": [{"label": "Licence", "value": article["license"]}] if article["license"] else [],
        "sections": [await _statements(datasette, "Statements", None, (where[0].format(a="s"), where[1]),
                                       [("article_id", str(article_id))]),
                     await _meetings(datasette, "Meetings", None, (where[0].format(a="m"), where[1]),
                                     [("article_id", str(article_id))]),
                     _entities("People", [{"name": p["name"], "note": p["role"],
                                           "url": links.row(datasette, "people", p["id"])} for p in people]),
                     _entities("Countries", [{"name": c["name"], "note": f"×{c['count']}",
                                              "url": links.row(datasette, "countries", c["iso2"])}
                                             for c in countries])],
        "links": [],
    }


async def _meeting(datasette, pk) -> dict | None:
    meeting_id = links.integer(pk)
    row = await _one(datasette, f"select {facts.MEETING_COLUMNS} from meeting_rows m where m.id = ?", meeting_id)
    if row is None:
        return await _rejected(datasette, "meetings", meeting_id)
    meeting = facts.meeting(datasette, dict(row), await facts.country_names(datasette))
    subtitle = []
    if meeting["dated_by"] == "article":
        subtitle.append("dated by its article (the text gives no date)")
    elif not meeting["date"]:
        subtitle.append("date unknown")
    if meeting["host_name"] and not meeting["place"]:
        subtitle.append(f"held in {meeting['host_name']} (no place given)")
    codes = [c["code"] for c in meeting["countries"]]
    return {
        "kind": "Meeting",
        "title": meeting["title"],
        "subtitle": subtitle,
        "evidence": {"text": meeting["evidence"], "url": meeting["context_url"],
                     "label": f"{meeting['article'] or 'The article'}, in context →"},
        "details": _curated(await _one(datasette, "select curated from meetings where id = ?", meeting_id)),
        "sections": [_entities("People", [{"name": p["name"], "url": p["url"]} for p in meeting["people"]]),
                     _entities("Countries", [{"name": c["name"], "url": c["url"]} for c in meeting["countries"]])],
        "links": ([{"label": "Other meetings of all these countries",
                    "url": links.table(datasette, "meeting_rows",
                                       filters.Selection(countries=tuple(codes[:filters.COUNTRY_LIMIT]))
                                       .meeting_filters())}] if len(codes) > 1 else [])
                 + ([{"label": f"Meetings held in {meeting['place']}", "url": meeting["place_url"]}]
                    if meeting["place_url"] else []),
    }


async def _statement(datasette, pk) -> dict | None:
    statement_id = links.integer(pk)
    row = await _one(datasette, f"select {facts.STATEMENT_COLUMNS} from statement_rows s where s.id = ?",
                     statement_id)
    if row is None:
        return await _rejected(datasette, "statements", statement_id)
    statement = facts.statement(datasette, dict(row), await facts.country_names(datasette))
    speaker = statement["speaker"] or "an unknown speaker"
    sections = []
    if statement["speaker_id"] is not None:
        by_speaker, params = filters.Selection(person=statement["speaker_id"]).statement_sql("s")
        sections.append(dict(await _statements(
            datasette, f"Other statements by {speaker}", None,
            (f"{by_speaker} and s.id != :this", {**params, "this": statement_id}),
            [("speaker_id", str(statement["speaker_id"]))]), by_this_speaker=True))
    sections.append(_entities("About", [{"name": c["name"], "url": c["url"]} for c in statement["countries"]]))
    return {
        "kind": "Statement",
        "title": f"Statement by {speaker}" + (f", {statement['date']}" if statement["date"] else ""),
        "subtitle": [statement["kind"] or "statement"],
        "speaker": {"name": speaker, "url": statement["speaker_url"]},
        "evidence": {"text": statement["text"], "url": statement["context_url"], "quote": True,
                     "label": f"{statement['article'] or 'The article'}, in context →"},
        "details": _curated(await _one(datasette, "select curated from statements where id = ?", statement_id)),
        "sections": sections,
        "links": [],
    }


async def _rejected(datasette, table: str, row_id) -> dict | None:
    row = await _one(datasette, f"select article_id, rejected from {table} where id = ?", row_id)
    if row is None:
        return None
    kind = table[:-1]
    return {"kind": kind.capitalize(), "title": f"Rejected {kind} {row_id}",
            "subtitle": ["rejected by the analyst (curation.yml); hidden from the views and counts"],
            "evidence": {"text": None, "url": links.article(datasette, row["article_id"]),
                         "label": "The article →"},
            "sections": [], "links": []}


# Sections ---------------------------------------------------------------------

# What a section of statements or meetings reads: the newest of a selection and their count, its rows, the table.
_SECTION = {
    "statements": (filters.newest_statements_sql, filters.statement_count_sql, STATEMENTS_SQL, facts.statements,
                   "statement_rows", filters.Selection.statement_filters),
    "meetings": (filters.newest_meetings_sql, filters.meeting_count_sql, MEETINGS_SQL, facts.meetings,
                 "meeting_rows", filters.Selection.meeting_filters),
}


async def _section(kind: str, datasette, title: str, selection, where=None, filters_=None) -> dict:
    """The newest statements or meetings of a selection (or of a condition on ``s`` / ``m``), with a link to all."""
    newest_sql, count_of, rows_sql, items_of, table, filters_of = _SECTION[kind]
    sql, params = newest_sql(selection, SHOWN) if selection else where
    count_sql, count_params = (count_of(selection) if selection else
                               (COUNT_SQL[kind].format(where=sql), params))
    db = links.database(datasette)
    items = await items_of(datasette, await db.execute(rows_sql.format(where=sql), params))
    count = (await db.execute(count_sql, count_params)).first()[0]
    url = links.table(datasette, table, filters_of(selection) if selection else filters_)
    return {"type": kind, "title": title, "count": count, "items": items, "all_url": url}


async def _statements(datasette, title: str, selection, where=None, filters_=None) -> dict:
    return await _section("statements", datasette, title, selection, where, filters_)


async def _meetings(datasette, title: str, selection, where=None, filters_=None) -> dict:
    return await _section("meetings", datasette, title, selection, where, filters_)


def _entities(title: str, items: list[dict], all_url: str | None = None) -> dict:
    return {"type": "entities", "title": title, "count": len(items), "items": items, "all_url": all_url}


def _partners_section(title: str, partners: dict | None) -> dict:
    items = [{"name": p["name"], "note": f"{p['n']} meeting{'s' if p['n'] != 1 else ''}", "url": p["url"]}
             for p in (partners or {}).get("partners", [])[:SHOWN]]
    return _entities(title, items)


def _page_links(datasette, selection: filters.Selection, table: str, member: str) -> list[dict]:
    view = "people" if table == "people" else "countries"
    params = selection.params()
    return [{"label": "Timeline", "url": links.page(datasette, "/-/timeline", params)},
            {"label": "Map of the meetings", "url": links.page(datasette, "/-/map", params)},
            {"label": "Who meets whom", "url": links.page(datasette, "/-/meets",
                                                          params + ([("view", view)] if view != "countries" else []))}]


async def _one(datasette, sql: str, *params):
    if params and params[0] is None:
        return None
    return (await links.database(datasette).execute(sql, list(params))).first()


async def _rows(datasette, sql: str, *params) -> list:
    return list(await links.database(datasette).execute(sql, list(params)))


async def _values(datasette, sql: str, *params) -> list:
    return [row[0] for row in await _rows(datasette, sql, *params)]


PAGES = {"people": _person, "countries": _country_page, "organisations": _organisation, "places": _place,
         "articles": _article, "meetings": _meeting, "statements": _statement}


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
        return links.table(datasette, "statement_rows", {"speaker": name})
    if name := args.get("organisation"):
        if (org_id := await first(ORGANISATION_SQL, name)) is not None:
            return links.row(datasette, "organisations", org_id)
        return links.table(datasette, "statement_rows", {"organisation": name})
    if name := args.get("place"):
        if (place_id := await first(PLACE_SQL, name)) is not None:
            return links.row(datasette, "places", place_id)
        return links.table(datasette, "meetings_view", {"place": name})
    return datasette.urls.instance()
