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

import asyncio
import json
from urllib.parse import urlencode

from . import facts, filters, links

MATRIX_SIZE = 15
PAIRS_SHOWN = 300  # pairs listed on the page, most meetings first
TOP = 2000  # members and pairs read, most meetings first (and those of the matrix and the focus)
VIEWS = {
    # members of a meeting: their kind in meeting_members
    "countries": "country",
    "people": "person",
}
# (member, n) and (a, b, n) of the selection, from the cheapest source (see _sources).
MEMBERS_OF_MEETINGS = """
select x.member as member, count(*) as n
from (select m.id from meeting_rows m where {where}) s
cross join meeting_members x on x.meeting_id = s.id and x.kind = :kind
group by x.member"""
PAIRS_OF_MEETINGS = """
select x.member as a, y.member as b, count(*) as n
from (select m.id from meeting_rows m where {where}) s
cross join meeting_members x on x.meeting_id = s.id and x.kind = :kind
cross join meeting_members y on y.meeting_id = s.id and y.kind = :kind and x.member < y.member
group by x.member, y.member"""
SUMMED_MEMBERS = "select member, sum(n) as n from {table} where kind = :kind and {where} group by member"
SUMMED_PAIRS = "select a, b, sum(n) as n from {table} where kind = :kind and {where} group by a, b"
# The same sums over whole years from the yearly counts, and over the months at either end from the monthly ones.
YEARS_MEMBERS = """select member, sum(n) as n from (
    select member, n from member_years where kind = :kind and {years}
    union all select member, n from member_counts where kind = :kind and {months}) group by member"""
YEARS_PAIRS = """select a, b, sum(n) as n from (
    select a, b, n from pair_years where kind = :kind and {years}
    union all select a, b, n from pair_counts where kind = :kind and {months}) group by a, b"""
ALL_MEMBERS = "select member, n from member_totals where kind = :kind"
ALL_PAIRS = "select a, b, n from pair_totals where kind = :kind"
SUMMED_COUNT_SQL = "select sum(n) from period_counts where series = 'meetings' and {where}"


async def context(datasette, selection: filters.Selection, view: str = "countries") -> dict:
    """The matrix, the ranked pairs and the focus's partners for ``archive_meets.html``."""
    if view not in VIEWS:
        view = "countries"
    db = links.database(datasette)
    focus = selection.countries[0] if view == "countries" and selection.countries else (
        str(selection.person) if view == "people" and selection.person is not None else None)
    # The counts, the number of meetings and the form's choices are independent queries: run together
    # (Datasette reads on several threads; SQLite runs them in parallel).
    found, meetings, choices = await asyncio.gather(
        _counts(datasette, selection, view, focus), _meetings(db, selection),
        filters.choices(datasette, person=selection.person))
    totals, counts = found["totals"], found["counts"]
    names = await _names(datasette, view, set(totals) | {m for pair in counts for m in pair})
    url = _linker(datasette, selection, view)
    pairs = sorted(({"a": a, "b": b, "name_a": min(names[a], names[b]), "name_b": max(names[a], names[b]),
                     "n": n} for (a, b), n in counts.items()),
                   key=lambda p: (-p["n"], p["name_a"], p["name_b"]))[:PAIRS_SHOWN]
    for pair in pairs:
        pair["url"] = url(pair["a"], pair["b"])
    return {
        "view": view,
        "selection": selection,
        "meetings": meetings,
        "table_url": links.table(datasette, "meeting_rows", selection.meeting_filters()),
        "matrix": matrix(totals, counts, names, url, found["members"]),
        "pairs": pairs,
        "pair_count": found["pairs"],
        "focus": _partners(focus, counts, names, totals, url) if focus in totals else None,
        "view_urls": {v: links.page(datasette, "/-/meets", _page_args(selection, v)) for v in VIEWS},
        "max_urls": [(label, links.page(datasette, "/-/meets", _page_args(selection.but(max_countries=n), view)))
                     for label, n in (("all meetings", None), ("two countries only", 2), ("up to five", 5))],
        **choices,
    }


async def partners(datasette, selection: filters.Selection, view: str, member: str) -> dict | None:
    """Who met ``member`` (a country code or a person id as text) in the selection, most often first."""
    found = await _counts(datasette, selection, view, member, matrix=False,
                          everything=selection.but(countries=(), person=None) == filters.Selection())
    totals, counts = found["totals"], found["counts"]
    if member not in totals:
        return None
    names = await _names(datasette, view, set(totals) | {m for pair in counts for m in pair})
    return _partners(member, counts, names, totals, _linker(datasette, selection, view))


def _sources(selection: filters.Selection, everything: bool = False) -> tuple[str, str, dict]:
    """SQL for (member, n) and (a, b, n) of the selection, and its parameters: the totals for all
    meetings (or when ``everything`` says they answer), monthly counts for a date range of whole
    months or a size limit, else the meetings."""
    source = _source(selection, everything)
    if source == "totals":
        return ALL_MEMBERS, ALL_PAIRS, {}
    if source == "summed":
        return _summed(selection)
    where, params = selection.meeting_sql("m")
    return MEMBERS_OF_MEETINGS.format(where=where), PAIRS_OF_MEETINGS.format(where=where), params


def _source(selection: filters.Selection, everything: bool = False) -> str:
    """Which counts answer the selection: "totals" (all meetings, or ``everything``), "summed" (a range of
    whole months, nobody named) or "meetings" (the rows themselves)."""
    if everything or selection == filters.Selection():
        return "totals"
    return "summed" if _by_range(selection) else "meetings"


def _by_range(selection: filters.Selection) -> bool:
    """True if the monthly and yearly counts answer the selection: it names nobody, and its range is of whole
    months."""
    return selection.members == 0 and selection.by_month


def _summed(selection: filters.Selection, only: str = "1") -> tuple[str, str, dict]:
    """``_sources`` for a range of whole months: its whole years summed from the yearly counts
    (``member_years``, ``pair_years``: up to twelve times fewer rows), the other months from the monthly
    ones. ``only``: a condition on the counts' rows (the pairs of some members), before they are summed."""
    first, after = _whole_years(selection)
    where, params = selection.period_sql()
    where += f" and {only}"
    if first is not None and after is not None and first >= after:  # no whole year in the range
        return (SUMMED_MEMBERS.format(table="member_counts", where=where),
                SUMMED_PAIRS.format(table="pair_counts", where=where), params)
    years, _ = selection.but(date_from=None, date_to=None).period_sql()  # the size limit
    years += f" and {only}"
    if not _partial_months(selection):  # whole years: the yearly counts alone
        years += "".join((" and year >= :first_year" if first is not None else "",
                          " and year < :after_year" if after is not None else ""))
        params = {**params, "first_year": first, "after_year": after}
        return (SUMMED_MEMBERS.format(table="member_years", where=years),
                SUMMED_PAIRS.format(table="pair_years", where=years), params)
    outside = []
    if first is not None:
        years += " and year >= :first_year"
        outside.append("period < :first_year")
    if after is not None:
        years += " and year < :after_year"
        outside.append("period >= :after_year")
    months = f"{where} and ({' or '.join(outside)})" if outside else "0"
    params = {**params, "first_year": first, "after_year": after}
    return YEARS_MEMBERS.format(years=years, months=months), YEARS_PAIRS.format(years=years, months=months), params


def _partial_months(selection: filters.Selection) -> bool:
    """True if the range starts or ends inside a year (a month that is not January or December)."""
    start, end = selection.date_from, selection.date_to
    return (start is not None and start[5:7] not in ("", "01")) or (end is not None and end[5:7] not in ("", "12"))


def _whole_years(selection: filters.Selection) -> tuple[str | None, str | None]:
    """The first whole year of the range and the year after its last whole one ("2004", "2019"); None for an
    open end."""
    start, end = selection.date_from, selection.date_to
    first = None if start is None else start[:4] if start[5:7] in ("", "01") else str(int(start[:4]) + 1)
    after = None if end is None else str(int(end[:4]) + 1) if end[5:7] in ("", "12") else end[:4]
    return first, after


async def _counts(datasette, selection: filters.Selection, view: str, focus: str | None = None,
                  matrix: bool = True, everything: bool = False) -> dict:
    """Meetings per member and per pair of members (a < b) of the selection: the ``TOP`` members and
    pairs with most meetings, every pair among the matrix's members and every pair of the focus,
    with how many members and pairs there are in all (for the matrix). ``everything``: the pairs of
    the focus in all meetings are those of the selection (it names only the focus)."""
    db = links.database(datasette)
    members_sql, pairs_sql, params = _sources(selection, everything)
    params = {**params, "kind": VIEWS[view], "focus": focus}

    async def pairs(condition: str, extra: dict | None = None) -> dict:
        rows = await db.execute(f"select a, b, n from ({pairs_sql}) {condition}", {**params, **(extra or {})})
        return {(r["a"], r["b"]): r["n"] for r in rows}

    async def members(condition: str, extra: dict | None = None) -> dict:
        rows = await db.execute(f"select member, n from ({members_sql}) {condition}", {**params, **(extra or {})})
        return {r["member"]: r["n"] for r in rows}

    if matrix and _source(selection, everything) == "summed":  # nobody named: no focus
        return await _summed_counts(datasette, selection, view)
    totals = await members(f"order by n desc, member limit {TOP}") if matrix else {}
    counts, sizes = {}, (None, None)
    if matrix:
        counts = await pairs(f"order by n desc, a, b limit {TOP}")
        names = await _names(datasette, view, totals)
        top = json.dumps(sorted(totals, key=lambda m: (-totals[m], names[m]))[:MATRIX_SIZE])
        counts.update(await pairs("where a in (select value from json_each(:top)) "
                                  "and b in (select value from json_each(:top))", {"top": top}))
        sizes = (await db.execute(f"select (select count(*) from ({members_sql})), "
                                  f"(select count(*) from ({pairs_sql}))", params)).first()
    if focus is not None:
        counts.update(await pairs(f"where a = :focus or b = :focus order by n desc, a, b limit {TOP}"))
        wanted = {m for pair in counts for m in pair if focus in pair} | {focus}
        totals.update(await members("where member in (select value from json_each(:wanted))",
                                    {"wanted": json.dumps(sorted(wanted - set(totals)))}))
    return {"totals": totals, "counts": counts, "members": sizes[0], "pairs": sizes[1]}


async def _summed_counts(datasette, selection: filters.Selection, view: str) -> dict:
    """``_counts`` from the sums of the counts over a range (``_summed``), for a selection that names nobody
    (so there is no focus): the top members and pairs, with how many there are in all, each picked in SQL
    (``count(*) over ()``, not every member sent to Python); the matrix's pairs summed over only their own
    rows (picked before summing), in the order the queries of ``_counts`` give."""
    db = links.database(datasette)
    members_sql, pairs_sql, params = _summed(selection)
    params = {**params, "kind": VIEWS[view]}
    top, rows = (result.rows for result in await asyncio.gather(
        db.execute(f"select member, n, count(*) over () as members from ({members_sql}) "
                   f"order by n desc, member limit {TOP}", params),
        db.execute(f"select a, b, n, count(*) over () as pairs from ({pairs_sql}) "
                   f"order by n desc, a, b limit {TOP}", params)))
    totals = {r["member"]: r["n"] for r in top}
    counts = {(r["a"], r["b"]): r["n"] for r in rows}
    names = await _names(datasette, view, totals)
    chosen = json.dumps(sorted(totals, key=lambda m: (-totals[m], names[m]))[:MATRIX_SIZE])
    among = _summed(selection, "a in (select value from json_each(:chosen)) "
                               "and b in (select value from json_each(:chosen))")[1]
    counts.update({(r["a"], r["b"]): r["n"] for r in await db.execute(among, {**params, "chosen": chosen})})
    return {"totals": totals, "counts": counts, "members": top[0]["members"] if top else 0,
            "pairs": rows[0]["pairs"] if rows else 0}


async def _meetings(db, selection: filters.Selection) -> int:
    """How many meetings the selection holds."""
    if _by_range(selection):
        where, params = selection.period_sql()
        return (await db.execute(SUMMED_COUNT_SQL.format(where=where), params)).first()[0] or 0
    sql, params = filters.meeting_count_sql(selection)
    return (await db.execute(sql, params)).first()[0]


def matrix(totals: dict, counts: dict, names: dict, url, size: int | None = None) -> dict:
    """The members in most meetings (ties by name), with the meetings each pair shares
    (``size``: how many members there are in all, when ``totals`` holds only the top ones)."""
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
            "left_out": max(0, (len(totals) if size is None else size) - len(members))}


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

    chosen = selection.meeting_filters()
    base = links.table(datasette, "meeting_rows", chosen)  # the selection's part, encoded once

    def url(a: str, b: str) -> str:
        pairs = []
        for member in dict.fromkeys((a, b)):
            where = filters.member_filter(VIEWS[view], member)
            if where not in chosen and where not in pairs:
                pairs.append(where)
        pairs = [(k, v) for k, v in pairs if v is not None and v != ""]
        return f"{base}{'&' if '?' in base else '?'}{urlencode(pairs)}" if pairs else base

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
