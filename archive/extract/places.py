"""Places: settlements and venues named after location words ("held in Qingdao,
China", "at the Granja do Torto", "visited Ottawa"), with spelling variants of
one place in an article grouped into one record."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import gazetteer, geo
from .context import Context
from .countries import iso_for_adjective
from .people import is_name_token, _data as _people_data

# Two names of one place are variants when their similarity (0-100) reaches this.
VARIANT_THRESHOLD = 80


@dataclass
class Place:
    id: str
    name: str
    country: str | None = None
    mentions: list[dict] = field(default_factory=list)
    geonames: dict | None = None

    def aliases(self) -> list[str]:
        out = []
        for m in self.mentions:
            if m["text"] != self.name and m["text"] not in out:
                out.append(m["text"])
        return out

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "aliases": self.aliases(), "country": self.country,
                "mentions": sorted(self.mentions, key=lambda m: m["start"]),
                "geonames_id": (self.geonames or {}).get("geonameid"),
                "latitude": (self.geonames or {}).get("latitude"),
                "longitude": (self.geonames or {}).get("longitude")}


@lru_cache(maxsize=1)
def _words() -> dict:
    """The word lists of ``data/places.yml``."""
    settlements = gazetteer.word_set("places", "settlement_nouns")
    return {"location": gazetteer.word_set("places", "location_words") | settlements,
            "settlements": settlements,
            "travel": gazetteer.word_set("places", "travel_words"),
            "list_fillers": gazetteer.word_set("places", "list_fillers"),
            "particles": gazetteer.word_set("places", "name_particles"),
            "ordinals": gazetteer.word_set("places", "ordinals"),
            "title_starts": gazetteer.word_set("places", "title_starts")}


def find_places(doc, ctx: Context, person_tokens: set[int]) -> list[Place]:
    """Place records of the article, one per place, variants as aliases."""
    found = []
    for s, e in _place_spans(doc, ctx, person_tokens):
        country = _country_after(doc, e, ctx)
        found.append((doc[s:e], country))
    article_countries = {m["iso2"] for m in ctx.country_mentions}
    places: list[Place] = []
    for span, country in found:
        mention = {"text": span.text, "start": span.start_char, "end": span.end_char}
        place = _variant_of(places, span.text, country)
        if place is None:
            place = Place(id="", name=span.text, country=country)
            places.append(place)
        place.mentions.append(mention)
        if country and not place.country:
            place.country = country
    for place in places:
        _geolocate(place, article_countries)
    for n, place in enumerate(places, 1):
        place.id = f"l{n}"
    return places


def _place_spans(doc, ctx: Context, person_tokens: set[int]):
    """Token spans of place names after location words, including lists ("in A, B and C")."""
    words = _words()
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        is_to = tok.lower_ == "to" and i > 0 and doc[i - 1].lower_ in words["travel"]
        if tok.lower_ not in words["location"] and not is_to:
            i += 1
            continue
        j = i + 1
        if j < n and doc[j].lower_ == "of" and tok.lower_ in words["settlements"]:
            j += 1  # "the Amazon city of Iquitos"
        if j < n and doc[j].lower_ == "the" and j + 1 < n and is_name_token(doc[j + 1]):
            j += 1
        while True:
            span = _name_at(doc, j, ctx, person_tokens)
            if not span:
                break
            yield span
            j = span[1]
            # ", Country" qualifies the place; skip it before looking for a list.
            if j + 1 < n and doc[j].text == "," and ctx.country_starting_at(j + 1):
                j = ctx.country_end_token(j + 1)
            k = j
            while k < n and doc[k].text in (",", "and", "or") or (k < n and doc[k].lower_ in words["list_fillers"]):
                k += 1
            if k == j or k >= n or not is_name_token(doc[k]):
                break
            j = k
        i = max(i + 1, j)


def _name_at(doc, j: int, ctx: Context, person_tokens: set[int]):
    stop = _people_data()["stop"]
    particles = _words()["particles"]
    k = j
    while k < len(doc) and k - j < 5 and not ctx.blocked_token(k) and k not in person_tokens:
        if is_name_token(doc[k]) and not doc[k].text.endswith("."):
            k += 1
        elif doc[k].text in particles and k > j and k + 1 < len(doc) and is_name_token(doc[k + 1]):
            k += 1
        else:
            break
    while k > j and doc[k - 1].text in particles:
        k -= 1
    if k == j or doc[j].text in stop or doc[j].lower_ in _title_words() or doc[j:k].text in _regions():
        return None
    if doc[j].lower_ in _words()["ordinals"] or iso_for_adjective(doc[j:k].text):
        return None  # "the Third Summit", "in Indian waters"
    return (j, k)


@lru_cache(maxsize=1)
def _title_words() -> frozenset:
    """First words of role titles ("Assistant Secretary"): never the start of a place."""
    from .people import _data

    return frozenset({form.split()[0] for form in _data()["role_of"]} | _words()["title_starts"])


@lru_cache(maxsize=1)
def _regions() -> frozenset:
    from .countries import load_gazetteer

    return frozenset(load_gazetteer()["regions"])


def _country_after(doc, e: int, ctx: Context) -> str | None:
    if e + 1 < len(doc) and doc[e].text == "," and ctx.country_starting_at(e + 1):
        return ctx.country_starting_at(e + 1)
    return None


def _variant_of(places: list[Place], name: str, country: str | None) -> Place | None:
    for place in places:
        if country and place.country and country != place.country:
            continue
        names = [place.name] + place.aliases()
        if any(geo.similarity(name, other) >= VARIANT_THRESHOLD for other in names):
            return place
    return None


def _geolocate(place: Place, article_countries: set[str]) -> None:
    """Country (and GeoNames record) of a place: stated, or the likeliest settlement of that name."""
    names = [place.name] + place.aliases()
    if place.country:
        hits = (geo.lookup(n, place.country) for n in names)
        place.geonames = next((h for h in hits if h), None)
        return
    rows = [r for n in names for r in geo.candidates(n)]
    top = max(rows, key=lambda r: r["population"], default=None)
    # A town of the article's countries wins only if it is not dwarfed by a namesake
    # elsewhere ("Geneva" in a story mentioning the US is still Geneva, Switzerland).
    in_article = [r for r in rows if r["countrycode"] in article_countries
                  and r["population"] >= 0.2 * top["population"]]
    pick = max(in_article, key=lambda r: r["population"], default=top)
    if pick and (in_article or pick["population"] >= 100_000):
        place.geonames = pick
        place.country = pick["countrycode"]
