"""The map page: the archive's meetings on a world outline, where they were held.

A meeting whose place has coordinates is drawn there. One without a place (or
with a place that could not be located) is drawn at its host country's point
(``outline.centroids``), marked as approximate. Meetings with neither are
listed beside the map. Meetings at one location share one marker.

The meetings are counted per place and per host country in SQL (``meeting_rows``,
the summary table of ``archive_meetings``), so the page costs the same for a
hundred meetings or a million; the newest meetings are listed for the busiest
locations, every other location links to its meetings (from its marker's popup).
"""
from __future__ import annotations

import asyncio
import json
from urllib.parse import quote_plus, urlencode

from . import facts, filters, links, outline

SHOWN = 10  # meetings listed per location (and in its popup); the rest are a link away
LISTED = 50  # locations whose meetings are listed, busiest first; the others show their count
PLACE_COUNTS_SQL = """
select p.id as place_id, p.name as place, p.latitude, p.longitude, x.n
from (select m.place_id, count(*) as n from meeting_rows m where {where} and m.place_id is not null
      group by m.place_id) x
join places p on p.id = x.place_id
where p.latitude is not null and p.longitude is not null
"""
# {index}: the host country's index, when the selection names nobody (else its members' meetings are few, found
# through their ids).
HOST_COUNTS_SQL = """
select m.host_country, count(*) as n from meeting_rows m {index}
where {where} and m.latitude is null and m.host_country is not null group by m.host_country
"""
HOST_INDEX = "indexed by idx_meeting_rows_host_country"
# The newest meetings of the listed locations, in one query: per place, or per host country.
NEWEST_SQL = f"select {facts.MEETING_COLUMNS} from meeting_rows m where {{where}} and {{at}} " \
             f"order by m.date desc, m.id desc limit {{limit}}"
RANKED_SQL = f"""
select * from (select {facts.MEETING_COLUMNS}, row_number() over (partition by m.{{key}} order by m.date desc, m.id desc) as k
               from meeting_rows m where {{where}} and {{at}})
where k <= {{limit}} order by date desc, id desc"""
# Without a member to start from: each location's newest, read from its own index (place, or host country).
NEWEST_AT_SQL = f"""select * from (select {facts.MEETING_COLUMNS} from meeting_rows m
                    where {{where}} and m.{{key}} = :at{{n}}{{extra}} order by m.date desc, m.id desc limit {{limit}})"""
AT_PLACES = "m.place_id in (select value from json_each(:place_ids))"
AT_HOSTS = "m.latitude is null and m.host_country in (select value from json_each(:hosts))"
NOWHERE = ("m.latitude is null and (m.host_country is null or m.host_country not in "
           "(select value from json_each(:centroids)))")


async def context(datasette, selection: filters.Selection) -> dict:
    """Markers, unplaced meetings and the filter form's choices for ``archive_map.html``."""
    db = links.database(datasette)
    where, params = selection.meeting_sql("m")
    centroids = outline.centroids()
    index = "" if selection.members else HOST_INDEX
    count_sql, count_params = filters.meeting_count_sql(selection)
    # Independent queries, run together (Datasette reads on several threads).
    places, hosts, total, names, choices = await asyncio.gather(
        db.execute(PLACE_COUNTS_SQL.format(where=where), params),
        db.execute(HOST_COUNTS_SQL.format(index=index, where=where), params),
        db.execute(count_sql, count_params), facts.country_names(datasette),
        filters.choices(datasette, person=selection.person))
    total = total.first()[0]
    locations = locate([dict(r) for r in places], [dict(r) for r in hosts], centroids, names)
    await _list_newest(datasette, where, params, locations[:LISTED], by_location=not selection.members)
    base = links.table(datasette, "meeting_rows", selection.meeting_filters())
    for location in locations:
        location["url"] = _location_url(base, location)
    unplaced_params = {**params, "centroids": json.dumps(sorted(centroids))}
    unplaced = await facts.meetings(datasette, await db.execute(
        NEWEST_SQL.format(index="", where=where, at=NOWHERE, limit=SHOWN * 3), unplaced_params))
    return {
        "selection": selection,
        "locations": locations,
        "unplaced": unplaced,
        "unplaced_count": total - sum(loc["n"] for loc in locations),
        "shown": SHOWN,
        "total": total,
        "table_url": base,
        "exact": sum(loc["n"] for loc in locations if not loc["approximate"]),
        "approximate": sum(loc["n"] for loc in locations if loc["approximate"]),
        "outline_url": datasette.urls.path("/-/map/world.geojson"),
        "markers": [{"id": loc["id"], "lat": loc["lat"], "lon": loc["lon"], "n": loc["n"],
                     "approximate": loc["approximate"], "label": loc["label"], "url": loc["url"]}
                    for loc in locations],
        "listed": LISTED,
        **choices,
    }


def locate(places: list[dict], hosts: list[dict], centroids: dict, names: dict) -> list[dict]:
    """Locations, busiest first: places at one point (rounded) together, then host countries' points.

    ``places`` are (place_id, place, latitude, longitude, n) counts, ``hosts`` (host_country, n)
    counts of meetings without coordinates; a host country without a point is left out.
    """
    locations: dict[tuple, dict] = {}
    for place in sorted(places, key=lambda p: (-p["n"], p["place"] or "", p["place_id"])):
        key = (round(place["latitude"], 4), round(place["longitude"], 4), False)
        location = locations.setdefault(key, {"lat": key[0], "lon": key[1], "approximate": False,
                                              "label": place["place"], "n": 0, "place_ids": [], "host": None})
        location["n"] += place["n"]
        location["place_ids"].append(place["place_id"])
    for host in hosts:
        if host["host_country"] in centroids:
            lat, lon = centroids[host["host_country"]]
            key = (round(lat, 4), round(lon, 4), True)
            name = names.get(host["host_country"]) or host["host_country"]
            locations[key] = {"lat": key[0], "lon": key[1], "approximate": True, "n": host["n"],
                              "label": f"{name} (no place given: the country's centre)",
                              "place_ids": [], "host": host["host_country"]}
    ordered = sorted(locations.values(), key=lambda loc: (-loc["n"], loc["label"] or ""))
    for n, location in enumerate(ordered, 1):
        location["id"] = f"location-{n}"
        location["meetings"] = []
    return ordered


async def _list_newest(datasette, where: str, params: dict, listed: list[dict], by_location: bool = False) -> None:
    """Give each listed location its newest meetings under the selection (two queries in all).

    ``by_location``: when the selection names nobody, each location's newest are read from the
    index of its place or host country (many meetings per location); otherwise the selection's
    meetings are few and ranked per location.
    """
    db = links.database(datasette)
    exact = {pid: loc for loc in listed if not loc["approximate"] for pid in loc["place_ids"]}
    hosts = {loc["host"]: loc for loc in listed if loc["approximate"]}
    for key, at, by, extra in (("place_id", AT_PLACES, exact, {"place_ids": json.dumps(sorted(exact))}),
                               ("host_country", AT_HOSTS, hosts, {"hosts": json.dumps(sorted(hosts))})):
        if not by:
            continue
        if by_location:
            values = sorted(by)
            arms = [NEWEST_AT_SQL.format(where=where, key=key, n=n, limit=SHOWN,
                                         extra=" and m.latitude is null" if key == "host_country" else "")
                    for n in range(len(values))]
            sql = "select * from (" + " union all ".join(arms) + ") order by date desc, id desc"
            rows = await db.execute(sql, {**params, **{f"at{n}": v for n, v in enumerate(values)}})
        else:
            rows = await db.execute(RANKED_SQL.format(key=key, where=where, at=at, limit=SHOWN), {**params, **extra})
        for meeting in await facts.meetings(datasette, rows):
            location = by[meeting[key]]
            if len(location["meetings"]) < SHOWN:
                location["meetings"].append(meeting)


def _location_url(base: str, location: dict) -> str:
    """meeting_rows filtered to the meetings of one location, from ``base``: the selection's."""
    start = f"{base}{'&' if '?' in base else '?'}"
    if location["approximate"]:
        return start + urlencode([("host_country", location["host"]), ("_where", "latitude is null")])
    ids = sorted(location["place_ids"])
    if len(ids) == 1:  # most locations: one place (an id needs no quoting; thousands of markers per page)
        return f"{start}place_id={int(ids[0])}"
    return start + "_where=" + quote_plus(f"place_id in ({', '.join(map(str, ids))})")
