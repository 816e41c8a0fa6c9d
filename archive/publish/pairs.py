"""Who meets whom: countries (or people) that took part in the same archive meetings.

Every number counts meetings of ``archive_meetings`` (through its summary
tables, archive/summaries.py) under the page's selection (``filters.Selection``:
a country or person, a date range, and the largest meeting to count, so that one
14-country summit does not fill the matrix). A selection that names nobody is
answered from the monthly counts ``member_counts`` and ``pair_counts``; one that
names someone, from the members of the meetings they took part in. The matrix
shows the members in most meetings; each cell links to the list of the meetings
behind it.
"""
from __future__ import annotations

from . import facts, filters, links

MATRIX_SIZE = 15
PAIRS_SHOWN = 300  # pairs listed on the page, most meetings first
VIEWS = {
    # members of a meeting: their kind in meeting_members
    "countries": "country",
    "people": "person",
}
TOTALS_SQL = """
select x.member as member, count(*) as n
from meeting_members x where x.kind = :kind and x.meeting_id in (select m.id from meeting_rows m where {where})
group by x.member
"""
PAIRS_SQL = """
select x.member as a, y.member as b, count(*) as n
from meeting_members x join meeting_members y on y.meeting_id = x.meeting_id and y.kind = x.kind and x.member < y.member
where x.kind = :kind and x.meeting_id in (select m.id from meeting_rows m where {where})
group by x.member, y.member
"""
SUMMED_TOTALS_SQL = "select member, sum(n) as n from member_counts where kind = :kind and {where} group by member"
SUMMED_PAIRS_SQL = "select a, b, sum(n) as n from pair_counts where kind = :kind and {where} group by a, b"
COUNT_SQL = "select count(*) from meeting_rows m where {where}"
SUMMED_COUNT_SQL = "select sum(n) from period_counts where series = 'meetings' and {where}"


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
        "meetings": await _meetings(db, selection),
        "table_url": links.table(datasette, "meeting_rows", selection.meeting_filters()),
        "matrix": matrix(totals, counts, names, url),
        "pairs": pairs[:PAIRS_SHOWN],
        "pair_count": len(pairs),
        "focus": _partners(focus, counts, names, totals, url) if focus in totals else None,
        "view_urls": {v: links.page(datasette, "/-/meets", _page_args(selection, v)) for v in VIEWS},
        "max_urls": [(label, links.page(datasette, "/-/meets", _page_args(selection.but(max_countries=n), view)))
                     for label, n in (("all meetings", None), ("two countries only", 2), ("up to five", 5))],
        **await filters.choices(datasette, person=selection.person),
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
    if selection.members == 0 and selection.by_month:
        where, params = selection.period_sql()
        sql = (SUMMED_TOTALS_SQL.format(where=where), SUMMED_PAIRS_SQL.format(where=where))
    else:
        where, params = selection.meeting_sql("m")
        sql = (TOTALS_SQL.format(where=where), PAIRS_SQL.format(where=where))
    params = {**params, "kind": VIEWS[view]}
    totals = {r["member"]: r["n"] for r in await db.execute(sql[0], params)}
    counts = {(r["a"], r["b"]): r["n"] for r in await db.execute(sql[1], params)}
    return totals, counts


async def _meetings(db, selection: filters.Selection) -> int:
    """How many meetings the selection holds."""
    if selection.members == 0 and selection.by_month:
        where, params = selection.period_sql()
        return (await db.execute(SUMMED_COUNT_SQL.format(where=where), params)).first()[0] or 0
    where, params = selection.meeting_sql("m")
    return (await db.execute(COUNT_SQL.format(where=where), params)).first()[0]


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

    def url(a: str, b: str) -> str:
        pairs = selection.meeting_filters()
        for member in dict.fromkeys((a, b)):
            where = filters.member_filter(VIEWS[view], member)
            if where not in pairs:
                pairs.append(where)
        return links.table(datasette, "meeting_rows", pairs)

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
