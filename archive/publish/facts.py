"""Meetings and statements as every page shows them: names for codes and ids, links, evidence in context.

Pages select rows with the columns below (meetings from ``meeting_rows``, the
summary table of the view ``archive_meetings``; statements from ``statement_rows``,
that of ``statements_view``) and pass them through ``meetings`` or
``statements``; the template macros in ``_archive_facts.html`` draw them.
"""
from __future__ import annotations

import json

from . import links

MEETING_COLUMNS = ("m.id, m.date, m.date_precision, m.dated_by, m.kind, m.planned, m.place_id, m.place, "
                   "m.host_country, m.chair_id, m.chair, m.countries, m.country_count, m.person_ids, m.people, "
                   "m.evidence, m.article_id, m.article")
STATEMENT_COLUMNS = ("s.id, s.article, s.speaker, s.speaker_country, s.organisation, s.kind, s.date, s.text, "
                     "s.countries, s.article_id, s.speaker_id, s.organisation_id")


async def country_names(datasette) -> dict:
    """ISO code to name; the countries table is fixed, so it is read once per process."""
    cached = getattr(datasette, "_archive_country_names", None)
    if not cached:
        rows = await links.database(datasette).execute("select iso2, name from countries")
        cached = {r["iso2"]: r["name"] for r in rows}
        datasette._archive_country_names = cached
    return cached


def json_list(value) -> list:
    """A JSON array column as a list (anything else as an empty list)."""
    try:
        items = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return []
    return items if isinstance(items, list) else []


def countries(datasette, codes, names: dict) -> list[dict]:
    return [{"code": code, "name": names.get(code, code), "url": links.row(datasette, "countries", code)}
            for code in codes]


async def meetings(datasette, rows) -> list[dict]:
    names = await country_names(datasette)
    return [meeting(datasette, dict(row), names) for row in rows]


def meeting(datasette, row: dict, names: dict) -> dict:
    """A row of ``meeting_rows`` (MEETING_COLUMNS) with names, links and a title."""
    people = zip(json_list(row.get("person_ids")), json_list(row.get("people")))
    row["countries"] = countries(datasette, json_list(row.get("countries")), names)
    row["people"] = [{"id": int(pid), "name": name, "url": links.row(datasette, "people", pid)}
                     for pid, name in people]
    row["place_url"] = links.row(datasette, "places", row["place_id"]) if row.get("place_id") else None
    row["host_name"] = names.get(row.get("host_country"))
    row["url"] = links.row(datasette, "meetings", row["id"])
    row["context_url"] = links.article(datasette, row["article_id"], f"meeting-{row['id']}")
    row["title"] = meeting_title(row)
    return row


def meeting_title(row: dict) -> str:
    """"Summit in Cusco, 2005-04": what a meeting is called in lists and page titles."""
    title = (row.get("kind") or "meeting").capitalize()
    if row.get("planned"):
        title = f"Planned {title.lower()}"
    if row.get("place"):
        title += f" in {row['place']}"
    return title + (f", {row['date']}" if row.get("date") else "")


async def statements(datasette, rows) -> list[dict]:
    names = await country_names(datasette)
    return [statement(datasette, dict(row), names) for row in rows]


def statement(datasette, row: dict, names: dict) -> dict:
    """A row of ``statement_rows`` (STATEMENT_COLUMNS) with names and links."""
    row["countries"] = countries(datasette, json_list(row.get("countries")), names)
    if row.get("speaker_id") is not None:
        row["speaker_url"] = links.row(datasette, "people", row["speaker_id"])
    elif row.get("organisation_id") is not None:
        row["speaker_url"] = links.row(datasette, "organisations", row["organisation_id"])
    else:
        row["speaker_url"] = None
    row["speaker_country_name"] = names.get(row.get("speaker_country"))
    row["url"] = links.row(datasette, "statements", row["id"])
    row["context_url"] = links.article(datasette, row["article_id"], f"statement-{row['id']}")
    return row
