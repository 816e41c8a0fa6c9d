"""Who meets whom: the ``country_pairs`` canned query as a country-by-country matrix."""
from __future__ import annotations

from collections import Counter

from . import filters, links

QUERY = "country_pairs"
MATRIX_SIZE = 15  # the countries in most meetings; the ranked list below has every pair
TOTALS_SQL = """
select iso2, count(*) as meetings from meeting_countries
join meetings on meetings.id = meeting_countries.meeting_id and not meetings.rejected group by iso2
"""


async def context(datasette, request, country=None) -> dict:
    """The matrix, the ranked pairs and, for one country, its partners."""
    db = links.database(datasette)
    canned = await datasette.get_canned_query(db.name, QUERY, request.actor)
    if canned is None:
        return {"missing": True, "query": QUERY}
    pairs = [dict(r) for r in await db.execute(canned["sql"])]
    totals = {r["iso2"]: r["meetings"] for r in await db.execute(TOTALS_SQL)}
    names = {}
    for p in pairs:
        names[p["country_a"]], names[p["country_b"]] = p["name_a"], p["name_b"]
        p["url"] = meetings_of(datasette, p["country_a"], p["country_b"])
    code = links.iso2(country)
    return {
        "missing": False,
        "query_url": links.query(datasette, QUERY),
        "pairs": pairs,
        "matrix": _matrix(datasette, pairs, names, totals),
        "focus": _partners(pairs, code, names, totals) if code else None,
        "country": code,
        "countries": sorted(names.items(), key=lambda item: item[1]),
    }


def meetings_of(datasette, *codes: str) -> str:
    """meetings_view filtered to the meetings every one of ``codes`` took part in."""
    conditions = [c for code in codes for c in filters.meetings(country=code)]
    return links.table(datasette, "meetings_view", filters.link_params(conditions))


def _matrix(datasette, pairs: list[dict], names: dict, totals: dict) -> dict:
    weight = Counter()
    for p in pairs:
        weight[p["country_a"]] += p["meetings"]
        weight[p["country_b"]] += p["meetings"]
    codes = [c for c, _ in weight.most_common(MATRIX_SIZE)]
    counts = {}
    for p in pairs:
        counts[p["country_a"], p["country_b"]] = counts[p["country_b"], p["country_a"]] = p["meetings"]
    top = max(counts.values(), default=1)
    rows = []
    for a in codes:
        cells = []
        for b in codes:
            n = totals.get(a, 0) if a == b else counts.get((a, b), 0)
            cells.append({"n": n, "diagonal": a == b, "shade": round(n / top, 2) if a != b else 0,
                          "url": meetings_of(datasette, *sorted({a, b})) if n else None,
                          "title": (f"{names[a]}: {n} meetings" if a == b
                                    else f"{names[a]} and {names[b]}: {n} meetings together")})
        rows.append({"code": a, "name": names[a], "cells": cells,
                     "url": links.page(datasette, "/-/meets", country=a)})
    return {"codes": codes, "rows": rows, "names": names}


def _partners(pairs: list[dict], code: str, names: dict, totals: dict) -> dict:
    partners = []
    for p in pairs:
        if code in (p["country_a"], p["country_b"]):
            other = p["country_b"] if p["country_a"] == code else p["country_a"]
            partners.append({"code": other, "name": names[other], "meetings": p["meetings"], "url": p["url"]})
    partners.sort(key=lambda p: (-p["meetings"], p["name"]))
    return {"code": code, "name": names.get(code, code), "meetings": totals.get(code, 0),
            "partners": partners, "top": max((p["meetings"] for p in partners), default=1)}
