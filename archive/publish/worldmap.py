"""The map page: the archive's meetings on a world outline, where they were held.

A meeting whose place has coordinates is drawn there. One without a place (or
with a place that could not be located) is drawn at its host country's point
(``outline.centroids``), marked as approximate. Meetings with neither are
listed beside the map. Meetings at one location share one marker.
"""
from __future__ import annotations

from . import facts, filters, links, outline

SHOWN = 10  # meetings listed per location (and in its popup); the rest are a link away

MEETINGS_SQL = f"""
select {facts.MEETING_COLUMNS}, p.latitude, p.longitude
from archive_meetings m left join places p on p.id = m.place_id
where {{where}}
order by m.date desc, m.id desc
"""


async def context(datasette, selection: filters.Selection) -> dict:
    """Markers, unplaced meetings and the filter form's choices for ``archive_map.html``."""
    db = links.database(datasette)
    where, params = selection.meeting_sql("m")
    rows = [dict(r) for r in await db.execute(MEETINGS_SQL.format(where=where), params)]
    meetings = await facts.meetings(datasette, rows)
    locations, unplaced = locate(meetings, outline.centroids())
    for location in locations:
        location["url"] = _location_url(datasette, selection, location)
    return {
        "selection": selection,
        "locations": locations,
        "unplaced": unplaced,
        "shown": SHOWN,
        "total": len(meetings),
        "table_url": links.table(datasette, "archive_meetings", selection.meeting_filters()),
        "outline_url": datasette.urls.path("/-/map/world.geojson"),
        "markers": [{"id": loc["id"], "lat": loc["lat"], "lon": loc["lon"], "n": len(loc["meetings"]),
                     "approximate": loc["approximate"], "label": loc["label"]} for loc in locations],
        **await filters.choices(datasette),
    }


def locate(meetings: list[dict], centroids: dict) -> tuple[list[dict], list[dict]]:
    """(locations with their meetings, meetings that have no point), locations busiest first."""
    locations: dict[tuple, dict] = {}
    unplaced = []
    for meeting in meetings:
        point = _point(meeting, centroids)
        if point is None:
            unplaced.append(meeting)
            continue
        lat, lon, approximate = point
        key = (round(lat, 4), round(lon, 4), approximate)
        if key not in locations:
            label = (f"{meeting['host_name'] or meeting['host_country']} (no place given: the country's centre)"
                     if approximate else meeting["place"])
            locations[key] = {"lat": key[0], "lon": key[1], "approximate": approximate, "label": label,
                              "meetings": []}
        locations[key]["meetings"].append(meeting)
    ordered = sorted(locations.values(), key=lambda loc: (-len(loc["meetings"]), loc["label"] or ""))
    for n, location in enumerate(ordered, 1):
        location["id"] = f"location-{n}"
    return ordered, unplaced


def _point(meeting: dict, centroids: dict) -> tuple[float, float, bool] | None:
    if meeting.get("latitude") is not None and meeting.get("longitude") is not None:
        return meeting["latitude"], meeting["longitude"], False
    if meeting.get("host_country") in centroids:
        lat, lon = centroids[meeting["host_country"]]
        return lat, lon, True
    return None


def _location_url(datasette, selection: filters.Selection, location: dict) -> str:
    """archive_meetings filtered to the meetings of one location under the selection."""
    pairs = selection.meeting_filters()
    if location["approximate"]:
        pairs += [("host_country", location["meetings"][0]["host_country"]),
                  ("_where", "place_id is null or place_id in (select id from places where latitude is null)")]
    else:
        place_ids = sorted({int(m["place_id"]) for m in location["meetings"]})
        pairs += [("_where", f"place_id in ({', '.join(map(str, place_ids))})")]
    return links.table(datasette, "archive_meetings", pairs)
