"""Places: settlements and venues named after location words ("held in Qingdao,
China", "at the Granja do Torto", "visited Ottawa"), with spelling variants of
one place in an article grouped into one record."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .. import gazetteer, geo
from ..nlp import analyse_also, entities, parse_of, sent_of, span_of, text_of
from .context import Context
from .countries import iso_for_adjective
from .people import is_name_token, _data as _people_data
from .statements import dateline_span

# Two names of one place are variants when their similarity (0-100) reaches this.
VARIANT_THRESHOLD = 80
# Without a country in the text, a settlement gets coordinates only from this population up.
MIN_POPULATION_WITHOUT_COUNTRY = 100_000
# A city this large keeps its name even where the model calls the word an organisation ("in Copenhagen").
CITY_POPULATION = 1_000_000
DATELINE = -1  # the list index of a dateline's city


@dataclass
class Place:
    id: str
    name: str
    country: str | None = None
    mentions: list[dict] = field(default_factory=list)
    geonames: dict | None = None
    kind: str = "place"  # settlement | region (a state or province) | venue | place (an area or site)
    evidence: list = field(default_factory=list, repr=False)  # one Evidence per mention

    def aliases(self) -> list[str]:
        out = []
        for m in self.mentions:
            if m["text"] != self.name and m["text"] not in out:
                out.append(m["text"])
        return out

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "aliases": self.aliases(), "country": self.country,
                "kind": self.kind, "resolved": self.geonames is not None,
                "mentions": sorted(self.mentions, key=lambda m: m["start"]),
                "geonames_id": (self.geonames or {}).get("geonameid"),
                "latitude": (self.geonames or {}).get("latitude"),
                "longitude": (self.geonames or {}).get("longitude")}


@dataclass(frozen=True)
class Evidence:
    """What the text and the model say about a candidate place name."""

    fragment: bool  # the name goes on in words the finder could not take ("Rhode [Island]")
    proper: bool  # its last word is a proper noun (or the sentence was not parsed)
    labels: frozenset  # the model's entity labels over the name
    venue: bool  # a building or site: its own last word, or an apposition, says so
    qualified: bool  # followed by ", Country" or ", State"
    preposition: bool  # after a preposition of place ("in", "at", "near", "to" after travel)


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
            "title_starts": gazetteer.word_set("places", "title_starts"),
            "name_words": gazetteer.word_set("places", "name_words"),
            "prepositions": gazetteer.word_set("places", "place_prepositions"),
            "venues": gazetteer.word_set("places", "venue_words"),
            "apposition_starts": gazetteer.word_set("places", "apposition_starts"),
            "site_starts": gazetteer.word_set("places", "site_starts"),
            "not_place_endings": gazetteer.word_set("places", "not_place_endings"),
            "area_labels": gazetteer.word_set("places", "area_labels"),
            "other_labels": gazetteer.word_set("places", "not_place_labels")}


def find_places(doc, ctx: Context, person_tokens: set[int]) -> list[Place]:
    """Place records of the article, one per place, variants as aliases; names that are not places
    (a company, a person, a word like "Me") are left out."""
    article_countries = {m["iso2"] for m in ctx.country_mentions}
    spans = _dateline(doc, ctx) + list(_place_spans(doc, ctx, person_tokens))
    analyse_also(doc, [sent_of(doc, s) for s, e, _ in spans if _uncertain(doc, s, e, ctx)])
    labels = _entity_labels(doc)
    found = []
    lists = []
    for n, (s, e, list_start) in enumerate(spans):
        country = _country_after(doc, e, ctx)
        evidence = _evidence(doc, s, e, ctx, labels, dateline=list_start == DATELINE)
        found.append((doc[s:e], country, evidence))
        lists.append(list_start)
    places: list[Place] = []
    accepted = [is_place(_name(span), country, ev, article_countries) for span, country, ev in found]
    # "in Lima, Quito and Vel Hora": a name listed with places is one too
    listed = Counter(lists[n] for n, ok in enumerate(accepted) if ok)
    accepted = [ok or _list_member(found[n][2], listed[lists[n]]) for n, ok in enumerate(accepted)]
    for (span, country, evidence), ok in sorted(zip(found, accepted), key=lambda x: not x[1]):
        name = _name(span)
        if not ok and (evidence.fragment or not evidence.proper or _variant_of(places, name, country) is None):
            continue  # a name that is no place, unless it spells one the article names elsewhere ("Kitwe"/"Kitwi")
        mention = {"text": span.text, "start": span.start_char, "end": span.end_char}
        place = _variant_of(places, name, country)
        if place is None:
            place = Place(id="", name=name, country=country, kind="venue" if evidence.venue else "place")
            places.append(place)
        place.mentions.append(mention)
        if country and not place.country:
            place.country = country
        place.evidence.append(evidence)
    for place in places:
        _geolocate(place, article_countries)
    for n, place in enumerate(places, 1):
        place.id = f"l{n}"
    return places


def _uncertain(doc, s: int, e: int, ctx: Context) -> bool:
    """A name only the model can tell from a company's or a person's: no country after it, and
    no large city of that name ("from Google": a small town's name, and a company's)."""
    if _country_after(doc, e, ctx):
        return False
    top = max((r["population"] for r in geo.candidates(_name(doc[s:e]))), default=0)
    return top < CITY_POPULATION


def _place_spans(doc, ctx: Context, person_tokens: set[int]):
    """(start, end, list) token spans of place names after location words, including lists ("in A, B
    and C"); list is the index of the location word, the same for every member of one list."""
    words = _words()
    i = 0
    n = len(doc)
    while i < n:
        tok = doc[i]
        is_to = tok.lower_ == "to" and any(  # "flew to Doha", "welcomed X to Tokyo"
            t.lower_ in words["travel"] for t in doc[max(sent_of(doc, i).start, i - 6):i])
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
            yield span[0], span[1], i
            j = span[1]
            # ", Country" or ", State" qualifies the place; skip it before looking for a list.
            if j + 1 < n and doc[j].text == "," and ctx.country_starting_at(j + 1):
                j = ctx.country_end_token(j + 1)
            elif j + 1 < n and doc[j].text == "," and _subdivision_at(doc, j + 1) is not None:
                j = _subdivision_end(doc, j + 1)
            k = j
            while k < n and doc[k].text in (",", "and", "or") or (k < n and doc[k].lower_ in words["list_fillers"]):
                k += 1
            if k == j or k >= n or not is_name_token(doc[k]):
                break
            j = k
        i = max(i + 1, j)


def _name_at(doc, j: int, ctx: Context, person_tokens: set[int]):
    particles = _words()["particles"]
    k = j
    while k < len(doc) and k - j < 5 and not ctx.blocked_token(k) and k not in person_tokens:
        if _place_word(doc[k]) and not doc[k].text.endswith("."):
            k += 1
        elif doc[k].text in particles and k > j and k + 1 < len(doc) and _place_word(doc[k + 1]):
            k += 1
        else:
            break
    while k > j and doc[k - 1].text in particles:
        k -= 1
    if k == j or not any(is_name_token(t) for t in doc[j:k]) or doc[j].lower_ in _title_words() \
            or doc[j:k].text in _regions():
        return None  # "the City", "in Assistant Secretary", "in Central Asia"
    if doc[j].lower_ in _words()["ordinals"] or iso_for_adjective(doc[j:k].text):
        return None  # "the Third Summit", "in Indian waters"
    return (j, k)


def _place_word(tok) -> bool:
    """A word of a place name: a name, or a word that names places ("New", "Lake", "City", "House")."""
    return is_name_token(tok) or (tok.text in _words()["name_words"] and tok.is_title)


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
    """The country a place is qualified with: ", China", or a state or province of one country
    (", Rhode Island")."""
    if e + 1 >= len(doc) or doc[e].text != ",":
        return None
    if ctx.country_starting_at(e + 1):
        return ctx.country_starting_at(e + 1)
    return _subdivision_at(doc, e + 1) or None


def _variant_of(places: list[Place], name: str, country: str | None) -> Place | None:
    for place in places:
        if country and place.country and country != place.country:
            continue
        names = [place.name] + place.aliases()
        if any(geo.similarity(name, other) >= VARIANT_THRESHOLD for other in names):
            return place
    return None


def _list_member(ev: Evidence, places_in_list: int) -> bool:
    """A name listed with one place, whose model labels do not object, or with two or more places."""
    if ev.fragment or not ev.proper or not places_in_list:
        return False
    return places_in_list >= 2 or not ev.labels & _words()["other_labels"]


def _dateline(doc, ctx: Context) -> list[tuple[int, int, int]]:
    """The city of a dateline ("NEW DELHI, Feb 26 (Wire) -", "BELÉM, Brazil -"): where the story was filed."""
    chars = dateline_span(text_of(doc))
    if chars is None:
        return []
    span = span_of(doc, *chars)
    e = span.start
    while e < span.end and doc[e].is_alpha and doc[e].text.isupper():
        e += 1
    return [(span.start, e, DATELINE)] if e > span.start and geo.candidates(doc[span.start:e].text) else []


# Is it a place? ---------------------------------------------------------------------------

def _entity_labels(doc) -> dict[int, set[str]]:
    """Token -> the labels of the model's named entities over it (parsed sentences only)."""
    out: dict[int, set[str]] = {}
    for label, start, end in entities(doc):
        for i in range(start, end):
            out.setdefault(i, set()).add(label)
    return out


def _evidence(doc, s: int, e: int, ctx: Context, labels: dict, dateline: bool = False) -> Evidence:
    words = _words()
    nxt = doc[e] if e < len(doc) else None
    fragment = (nxt is not None and nxt.is_title and nxt.is_alpha and not nxt.is_sent_start
                and not ctx.country_starting_at(e) and nxt.lower_ not in _date_words())
    sent = sent_of(doc, s)
    parse = parse_of(doc, sent)
    proper = parse is None or parse[e - 1 - sent.start].tag_ in ("NNP", "NNPS")
    found = frozenset(label for i in range(s, e) for label in labels.get(i, ()))
    last = doc[e - 1].lower_
    venue = last in words["venues"] or (e - s > 1 and doc[s].lower_ in words["site_starts"]) or _apposed_venue(doc, e)
    qualified = e + 1 < len(doc) and doc[e].text == "," and (
        ctx.country_starting_at(e + 1) is not None or _subdivision_at(doc, e + 1) is not None)
    k = s - 1
    while k >= 0 and (doc[k].lower_ == "the" or doc[k].text == "," or doc[k].lower_ in ("and", "or")
                      or is_name_token(doc[k])):
        k -= 1
    before = doc[k].lower_ if k >= 0 else ""
    preposition = dateline or before in words["prepositions"] | words["location"] or (
        before == "to" and k > 0 and doc[k - 1].lower_ in words["travel"])  # a dateline stands for "in"
    return Evidence(fragment, proper, found, venue, qualified, preposition)


@lru_cache(maxsize=1)
def _date_words() -> frozenset:
    """Weekday and month names: "in Moscow Thursday" does not cut a longer name."""
    months = [w for forms in gazetteer.value("dates", "months") for w in forms]
    return frozenset(w.lower() for w in months + list(gazetteer.word_list("dates", "weekdays")))


def _apposed_venue(doc, e: int) -> bool:
    """"the Granja do Torto, the President's country residence", "(Plateau Palace)": the apposition
    names a building."""
    if e + 1 >= len(doc) or doc[e].text not in (",", "("):
        return False
    if doc[e].text == "," and doc[e + 1].lower_ not in _words()["apposition_starts"]:
        return False  # "Providence, Rhode Island": a qualifier, not an apposition
    for tok in doc[e + 1:min(len(doc), e + 8)]:
        if tok.text in (",", ")", ".") or tok.is_sent_start:
            return False
        if tok.lower_ in _words()["venues"]:
            return True
    return False


def _subdivision_end(doc, j: int) -> int:
    """The token after the state or province name that starts at token j."""
    for k in range(min(len(doc), j + 3), j, -1):
        if geo.subdivisions(doc[j:k].text) and all(_place_word(t) for t in doc[j:k]):
            return k
    return j + 1


def _subdivision_at(doc, j: int) -> str | None:
    """The country of the state or province named at token j, when it qualifies the name before it
    ("Cabixi, Rondonia", "Providence, Rhode Island"), not when it is the next of a list ("in Moscow,
    Tehran, Doha"); "" when the state's name is shared by several countries."""
    for k in range(min(len(doc), j + 3), j, -1):
        subs = geo.subdivisions(doc[j:k].text)
        if not subs or not all(_place_word(t) for t in doc[j:k]):
            continue
        listed = k + 1 < len(doc) and (doc[k].lower_ in ("and", "or") or
                                       (doc[k].text == "," and _place_word(doc[k + 1])))
        if listed:
            return None
        countries = {c for _, c in subs}
        return countries.pop() if len(countries) == 1 else ""
    return None


def _name(span) -> str:
    """The name as written, or in title case when the text shouts it (a dateline: "NEW DELHI")."""
    text = span.text
    return text.title() if text.isupper() and len(text) > 2 else text


def is_place(name: str, country: str | None, ev: Evidence, article_countries: set[str]) -> bool:
    """A place, from what the text and the model say about it: never a fragment of a longer name, a
    common word, a company or a person; a settlement, state or venue when the context agrees."""
    words = _words()
    if ev.fragment or not ev.proper or name.split()[-1].lower() in words["not_place_endings"]:
        return False
    if ev.venue or ev.qualified or country:
        return True
    other = ev.labels & words["other_labels"]
    if geo.candidates(name) or geo.subdivisions(name):
        top = max((r["population"] for r in geo.candidates(name)), default=0)
        return not other or (ev.preposition and top >= CITY_POPULATION)
    if ev.preposition and any(w in words["particles"] for w in name.split()[1:-1]) and "ORG" not in ev.labels:
        return True  # "at Granja do Zorro", "in Rio de Janeiro": not a person's name, as people.py found none
    # A name no gazetteer knows: a region the model calls a place ("Northeast Asia"); a facility only
    # with a venue word, as "in White Noise" may be a film.
    return bool(ev.labels & words["area_labels"]) and not other and len(name.split()) > 1 and ev.preposition


def _geolocate(place: Place, article_countries: set[str]) -> None:
    """Kind, country and, for a confident match only, the GeoNames record of a place."""
    names = [place.name] + place.aliases()
    if place.kind == "venue":
        return  # a building or site: its country if stated, never a town's coordinates
    if place.country:
        hits = (geo.lookup(n, place.country) for n in names)
        place.geonames = next((h for h in hits if h), None)  # a close spelling is resolve.py's to find
        place.kind = "settlement" if place.geonames else _region_kind(names, place.country)
        return
    rows = [r for n in names for r in geo.candidates(n)]
    pick = _likeliest(rows, article_countries)
    regions = [sub for n in names for sub in geo.subdivisions(n)]
    our_regions = [r for r in regions if r[1] in article_countries]
    settles = pick is not None and _confident(place, pick, article_countries)
    if settles and (pick["countrycode"] in article_countries or not our_regions):
        place.geonames, place.country, place.kind = pick, pick["countrycode"], "settlement"
    elif regions:  # "Florida" in a story about the US: the state, not a town of that name abroad
        ours = our_regions or (regions if len({c for _, c in regions}) == 1 else [])
        place.kind = "region"
        place.country = ours[0][1] if ours else None


def _region_kind(names: list[str], country: str) -> str:
    return "region" if any(c == country for n in names for _, c in geo.subdivisions(n)) else "place"


def _likeliest(rows: list[dict], article_countries: set[str]) -> dict | None:
    """The settlement of that name in one of the article's countries, unless a namesake elsewhere
    dwarfs it ("Geneva" in a story mentioning the US is still Geneva, Switzerland); else the largest."""
    top = max(rows, key=lambda r: r["population"], default=None)
    if top is None:
        return None
    ours = [r for r in rows if r["countrycode"] in article_countries and r["population"] >= 0.2 * top["population"]]
    return max(ours, key=lambda r: r["population"], default=top)


def _confident(place: Place, pick: dict, article_countries: set[str]) -> bool:
    """Coordinates only when the context agrees: a country of the article, or a large city named after
    a preposition of place, and no sign that the name is something else."""
    evidence = place.evidence
    other = any(ev.labels & _words()["other_labels"] for ev in evidence)
    if pick["countrycode"] in article_countries and not other:
        return True
    big = pick["population"] >= MIN_POPULATION_WITHOUT_COUNTRY
    return big and any(ev.preposition for ev in evidence) and (not other or pick["population"] >= CITY_POPULATION)
