"""Who meets whom: countries (or people) that took part in the same archive meetings.

Every number counts rows of ``archive_meetings`` under the page's selection
(``filters.Selection``: a country or person, a date range, and the largest
meeting to count, so that one 14-country summit does not fill the matrix).
The matrix shows the members in most meetings; each cell links to the list of
the meetings behind it.
"""
from __future__ import annotations

from . import facts, filters, links

MATRIX_SIZE = 15
VIEWS = {
    # members of a meeting: the JSON array column of archive_meetings, and the URL filter on it
    "countries": {"column": "countries", "filter": "countries__arraycontains"},
    "people": {"column": "person_ids", "filter": "person_ids__arraycontains"},
}
TOTALS_SQL = """
select x.value as member, count(*) as n
from archive_meetings m join json_each(m.{column}) x
where {where} group by x.value
"""
PAIRS_SQL = """
select a.value as a, b.value as b, count(*) as n
from archive_meetings m join json_each(m.{column}) a join json_each(m.{column}) b on a.value < b.value
where {where} group by a.value, b.value
"""
COUNT_SQL = "select count(*) from archive_meetings m where {where}"


async def context(datasette, selection: filters.Selection, view: str = "countries") -> dict:
    """The matrix, the ranked pairs and the focus's partners for ``archive_meets.html``."""
    if view not in VIEWS:
        view = "countries"
    db = links.database(datasette)
    where, params = selection.meeting_sql("m")
    totals, counts = await _counts(db, selection, view)
    names = await _names(datasette, view, totals)
    url = _linker(datasette, selection, view)
    pairs = sorted(({"a": a, "b": b, "name_a": min(names[a], names[b]), "name_b": max(names[a], names[b]),
                     "n": n, "url": url(a, b)} for (a, b), n in counts.items()),
                   key=lambda p: (-p["n"], p["name_a"], p["name_b"]))
    focus = selection.countries[0] if view == "countries" and selection.countries else (
        str(selection.person) if view == "people" and selection.person is not None else None)
    return {
        "view": view,
        "selection": selection,
        "meetings": (await db.execute(COUNT_SQL.format(where=where), params)).first()[0],
        "table_url": links.table(datasette, "archive_meetings", selection.meeting_filters()),
        "matrix": matrix(totals, counts, names, url),
        "pairs": pairs,
        "focus": _partners(focus, counts, names, totals, url) if focus in totals else None,
        "view_urls": {v: links.page(datasette, "/-/meets", _page_args(selection, v)) for v in VIEWS},
        "max_urls": [(label, links.page(datasette, "/-/meets", _page_args(selection.but(max_countries=n), view)))
                     for label, n in (("all meetings", None), ("two countries only", 2), ("up to five", 5))],
        **await filters.choices(datasette),
    }


async def partners(datasette, selection: filters.Selection, view: str, member: str) -> dict | None:
    """Who met ``member`` (a country code or a person id as text) in the selection, most often first."""
    totals, counts = await _counts(links.database(datasette), selection, view)
    if member not in totals:
        return None
    names = await _names(datasette, view, totals)
    return _partners(member, counts, names, totals, _linker(datasette, selection, view))


async def _counts(db, selection: filters.Selection, view: str) -> tuple[dict, dict]:
    """Meetings per member, and per pair of members (a < b), of the selection."""
    column = VIEWS[view]["column"]
    where, params = selection.meeting_sql("m")
    totals = {r["member"]: r["n"] for r in await db.execute(TOTALS_SQL.format(column=column, where=where), params)}
    counts = {(r["a"], r["b"]): r["n"]
              for r in await db.execute(PAIRS_SQL.format(column=column, where=where), params)}
    return totals, counts


def matrix(totals: dict, counts: dict, names: dict, url) -> dict:
    """The members in most meetings (ties by name), with the meetings each pair shares."""
    members = sorted(totals, key=lambda m: (-totals[m], names[m]))[:MATRIX_SIZE]
    top = max((n for (a, b), n in counts.items() if a in members and b in members), default=1)
    rows = []
    for a in members:
        cells = []
        for b in members:
            n = totals[a] if a == b else counts.get((min(a, b), max(a, b)), 0)
            cells.append({"n": n, "diagonal": a == b, "shade": 0 if a == b else round(n / top, 2),
                          "url": url(a, b) if n else None,
                          "title": (f"{names[a]}: {n} meeting{'s' if n != 1 else ''}" if a == b else
                                    f"{names[a]} and {names[b]}: {n} meeting{'s' if n != 1 else ''} together")})
        rows.append({"member": a, "name": names[a], "cells": cells})
    return {"members": [{"member": m, "name": names[m]} for m in members], "rows": rows,
            "left_out": max(0, len(totals) - len(members))}


async def _names(datasette, view: str, totals: dict) -> dict:
    if view == "countries":
        names = await facts.country_names(datasette)
        return {code: names.get(code, code) for code in totals}
    ids = [int(i) for i in totals]
    rows = await links.database(datasette).execute(
        f"select id, name from people where id in ({', '.join('?' * len(ids))})", ids)
    found = {str(r["id"]): r["name"] for r in rows}
    return {i: found.get(i, f"person {i}") for i in totals}


def _linker(datasette, selection: filters.Selection, view: str):
    """url(a, b): the archive meetings of the selection in which both a and b took part."""
    key = VIEWS[view]["filter"]

    def url(a: str, b: str) -> str:
        pairs = selection.meeting_filters()
        for member in dict.fromkeys((a, b)):
            if (key, member) not in pairs:
                pairs.append((key, member))
        return links.table(datasette, "archive_meetings", pairs)

    return url


def _partners(focus: str, counts: dict, names: dict, totals: dict, url) -> dict:
    partners = [{"member": b if a == focus else a, "n": n} for (a, b), n in counts.items() if focus in (a, b)]
    for partner in partners:
        partner["name"] = names[partner["member"]]
        partner["url"] = url(focus, partner["member"])
    partners.sort(key=lambda p: (-p["n"], p["name"]))
    return {"member": focus, "name": names[focus], "meetings": totals[focus], "url": url(focus, focus),
            "partners": partners, "top": max((p["n"] for p in partners), default=1)}


def _page_args(selection: filters.Selection, view: str) -> list[tuple[str, str]]:
    return selection.params() + ([("view", view)] if view != "countries" else [])
