"""The map page (/-/map) and the world outline behind it (archive/publish/outline.py)."""
from __future__ import annotations

import asyncio
import json
import re
from urllib.parse import urlencode

import pytest

from archive.publish import outline, worldmap
from archive.publish.filters import Selection


# The outline ------------------------------------------------------------------

def test_quantized_arcs_are_delta_decoded():
    arcs = outline.decode_arcs([[[0, 0], [10, 5], [-4, 1]]], {"scale": [0.5, 2], "translate": [-180, -90]})
    assert arcs == [[(-180.0, -90.0), (-175.0, -80.0), (-177.0, -78.0)]]


def test_rings_join_arcs_and_reverse_negative_ones():
    arcs = [[(0, 0), (1, 0), (1, 1)], [(0, 0), (0, 1), (1, 1)]]
    assert outline._ring([0, ~1], arcs) == [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]


def test_rings_crossing_the_antimeridian_run_on_past_180():
    assert outline._unwrapped([(179.0, 1.0), (-179.0, 1.0), (-179.0, 2.0), (179.0, 2.0)]) == [
        (179.0, 1.0), (181.0, 1.0), (181.0, 2.0), (179.0, 2.0)]


def test_the_outline_has_every_large_country_by_iso_code():
    codes = {c["iso2"] for c in outline.countries()}
    assert {"US", "CN", "RU", "BR", "NO", "XK", "TW", "PS"} <= codes
    assert len(outline.countries()) == 177


def test_geojson_leaves_out_antarctica_and_has_no_jump_across_the_map():
    world = json.loads(outline.geojson())
    assert "AQ" not in {f["properties"]["iso2"] for f in world["features"]}
    for feature in world["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            for ring in polygon:
                assert all(abs(b[0] - a[0]) < 180 for a, b in zip(ring, ring[1:])), feature["properties"]


@pytest.mark.parametrize("code, south, north, west, east", [
    ("US", 30, 48, -110, -85),   # the contiguous states, not Alaska
    ("FR", 43, 49, -1, 6),       # mainland France, not French Guiana
    ("RU", 50, 70, 60, 120),     # Siberia, although Russia runs over the antimeridian
    ("FJ", -19, -15, 177, 180),
    ("NO", 59, 68, 8, 20),
])
def test_a_country_point_lies_inside_its_main_land(code, south, north, west, east):
    lat, lon = outline.centroids()[code]
    assert south < lat < north and west < lon < east


def test_countries_too_small_for_the_outline_take_their_capital():
    assert outline.centroids()["BH"] == (26.22787, 50.58565)  # Manama, from GeoNames
    assert outline.centroids()["SG"] == (1.28967, 103.85007)


def test_centroid_of_a_square():
    assert outline.centroid([(0, 0), (2, 0), (2, 2), (0, 2)]) == (1.0, 1.0)


# The page ---------------------------------------------------------------------

def markers(html: str) -> list[dict]:
    return json.loads(re.search(r'<script type="application/json" id="archive-map-markers">(.*?)</script>',
                                html, re.S).group(1))


def test_meetings_stand_where_they_were_held_or_at_the_host_country(pages_ds, fetch):
    html = fetch(pages_ds, "/-/map").text
    ke = outline.centroids()["KE"]
    assert markers(html) == [
        {"id": "location-1", "lat": ke[0], "lon": ke[1], "n": 1, "approximate": True,
         "label": "Kenya (no place given: the country's centre)",
         "url": "/archive/meeting_rows?host_country=KE&_where=latitude+is+null"},
        {"id": "location-2", "lat": -12.0432, "lon": -77.0282, "n": 1, "approximate": False, "label": "Lima",
         "url": "/archive/meeting_rows?place_id=2"},
        {"id": "location-3", "lat": 59.9127, "lon": 10.7461, "n": 1, "approximate": False, "label": "Oslo",
         "url": "/archive/meeting_rows?place_id=1"},
        {"id": "location-4", "lat": 35.6895, "lon": 139.6917, "n": 1, "approximate": False, "label": "Tokyo",
         "url": "/archive/meeting_rows?place_id=4"}]
    assert "5 meetings</a>:" in html
    # The call has neither a place nor a host country: listed under the map.
    unplaced = html[html.index('id="unplaced"'):]
    assert 'href="/archive/meetings/4"' in unplaced and "Call</a>" in unplaced
    assert 'href="/-/article/4#meeting-4"' in unplaced


def test_a_popup_has_the_date_the_people_by_name_and_the_evidence(pages_ds, fetch):
    html = fetch(pages_ds, "/-/map").text
    oslo = html[html.index('id="location-3"'):html.index('id="location-4"')]
    assert "<h3>Oslo" in oslo
    assert '<a class="fact-title" href="/archive/meetings/1">Meeting in Oslo, 2021-03-03</a>' in oslo
    assert '<a href="/archive/people/1">Ingrid Halvorsen</a>, <a href="/archive/people/2">Tomás Riquelme</a>' in oslo
    assert '<a href="/archive/countries/CL">Chile</a>, <a href="/archive/countries/NO">Norway</a>' in oslo
    assert 'href="/-/article/1#meeting-1"' in oslo and "evidence in context →" in oslo
    assert "null" not in oslo and "[" not in oslo


def test_a_meeting_dated_by_its_article_says_so(pages_ds, fetch):
    html = fetch(pages_ds, "/-/map?country=JP").text
    assert "Meeting in Tokyo, 2023-01-15</a> <span class=\"dated-by\"" in html
    assert [m["label"] for m in markers(html)] == ["Tokyo"]


@pytest.mark.parametrize("query, labels", [
    ("country=PE", ["Lima"]),
    ("person=4", ["Kenya (no place given: the country's centre)"]),
    ("from=2021&to=2021", ["Lima", "Oslo"]),
    ("country=NO&country=CL&to=2021-05", ["Oslo"]),
    ("country=FR", []),
])
def test_filters_in_the_url(pages_ds, fetch, query, labels):
    assert [m["label"] for m in markers(fetch(pages_ds, f"/-/map?{query}").text)] == labels


MEETINGS_OF_NO = "id in (select meeting_id from meeting_members where kind = 'country' and member = 'NO')"


def test_the_count_links_to_the_same_meetings_as_a_table(pages_ds, fetch):
    html = fetch(pages_ds, "/-/map?country=NO&from=2021").text
    url = "/archive/meeting_rows?" + urlencode([("_where", MEETINGS_OF_NO), ("_where", "date >= '2021'")])
    assert f'<a href="{url.replace("&", "&amp;")}">3 meetings</a>' in html
    rows = fetch(pages_ds, url.replace("?", ".json?_shape=array&")).json()
    assert sorted(r["id"] for r in rows) == [1, 2, 5]


@pytest.mark.parametrize("query", ["country=Norway", "person=me", "from=2021-13"])
def test_bad_filters_are_400s(pages_ds, fetch, query):
    fetch(pages_ds, f"/-/map?{query}", status=400)


def test_the_outline_is_served_by_the_archive(pages_ds, fetch):
    response = fetch(pages_ds, "/-/map/world.geojson")
    assert response.headers["content-type"] == "application/geo+json"
    assert len(response.json()["features"]) == 176


def test_the_page_loads_leaflet_and_its_script_from_the_archive(pages_ds, fetch):
    html = fetch(pages_ds, "/-/map").text
    assert 'data-leaflet="/-/static-plugins/datasette-leaflet/leaflet-v1.7.1.js"' in html
    assert 'data-outline="/-/map/world.geojson"' in html
    assert '<script src="/-/static-plugins/archive/archive-map.js" defer></script>' in html


def test_locations_beyond_those_listed_are_on_the_map_with_a_link(pages_ds, fetch, monkeypatch):
    monkeypatch.setattr(worldmap, "LISTED", 1)
    html = fetch(pages_ds, "/-/map").text
    assert len(markers(html)) == 4
    assert html.count('<div class="map-location') == 1
    assert "3 more locations: click a circle on the map for its meetings." in html


def test_locate_groups_places_at_one_point_busiest_first():
    places = [{"place_id": i, "place": name, "latitude": lat, "longitude": 1.0, "n": n}
              for i, name, lat, n in ((1, "B", 2.0, 1), (2, "A", 3.0, 1), (3, "A2", 3.00001, 1))]
    hosts = [{"host_country": "NO", "n": 3}, {"host_country": "XX", "n": 4}]
    located = worldmap.locate(places, hosts, {"NO": (60.0, 9.0)}, {"NO": "Norway"})
    assert [(loc["label"], loc["n"], loc["place_ids"], loc["approximate"]) for loc in located] == [
        ("Norway (no place given: the country's centre)", 3, [], True), ("A", 2, [2, 3], False), ("B", 1, [1], False)]


def test_context_counts_every_selected_meeting(pages_ds):
    context = asyncio.run(worldmap.context(pages_ds, Selection(countries=("NO",))))
    assert context["total"] == 5
    assert sum(loc["n"] for loc in context["locations"]) + context["unplaced_count"] == 5
    assert [len(loc["meetings"]) for loc in context["locations"]] == [loc["n"] for loc in context["locations"]]


@pytest.mark.parametrize("selection", [Selection(), Selection(countries=("NO",), date_from="2021")])
def test_each_location_links_to_its_meetings(pages_ds, fetch, selection):
    context = asyncio.run(worldmap.context(pages_ds, selection))
    for location in context["locations"]:
        rows = fetch(pages_ds, location["url"].replace("?", ".json?_shape=array&", 1)).json()
        assert sorted(r["id"] for r in rows) == sorted(m["id"] for m in location["meetings"]), location["label"]


def test_a_location_links_to_its_meetings_under_the_selection():
    one = {"approximate": False, "place_ids": [7], "host": None}
    two = {"approximate": False, "place_ids": [9, 3], "host": None}
    host = {"approximate": True, "place_ids": [], "host": "NO"}
    base = "/archive/meeting_rows?country_count__lte=2"
    assert [worldmap._location_url(base, loc) for loc in (one, two, host)] == [
        "/archive/meeting_rows?country_count__lte=2&place_id=7",
        "/archive/meeting_rows?country_count__lte=2&_where=place_id+in+%283%2C+9%29",
        "/archive/meeting_rows?country_count__lte=2&host_country=NO&_where=latitude+is+null"]
    assert worldmap._location_url("/archive/meeting_rows", one) == "/archive/meeting_rows?place_id=7"
