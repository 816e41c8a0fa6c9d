"""Cross-archive identity: one row per person, organisation and place.

Within-article identity is the extractor's job; this module maps an extracted
entity onto an existing row, or creates one. Countries must be compatible
(equal, or unknown on one side). People match on name tokens that tolerate
transliteration, honorifics, titles, particles, initials and family-name-first
order; titles ("Russian Foreign Minister") are stored as aliases of kind
'title' and never used to match across articles, because their holder changes.
Places snap to GeoNames settlements (fuzzily only within the stated country).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from . import gazetteer, geo, tables
from .names import fold, normalise  # noqa: F401  (re-exported for curation and review)

# A person or place is compatible with a country when either side is unknown.
_COMPATIBLE = "(country IS NULL OR :country IS NULL OR country = :country)"
# Without a country, a place name is only trusted for a settlement this large.
MIN_POPULATION_WITHOUT_COUNTRY = 100_000


def country_code(db, code: str | None) -> str | None:
    """``code`` as an ISO alpha-2 code the archive knows, else None (keeps foreign keys valid)."""
    if not code:
        return None
    code = code.strip().upper()
    row = db.execute("SELECT 1 FROM countries WHERE iso2 = ?", [code]).fetchone()
    return code if row else None


def compatible(a: str | None, b: str | None) -> bool:
    """Two countries can belong to one entity: equal, or one unknown."""
    return a is None or b is None or a == b


# Personal names ---------------------------------------------------------------

@lru_cache(maxsize=1)
def _words() -> dict:
    people, names = gazetteer.load("people"), gazetteer.load("names")
    roles = {normalise(r) for r in people["roles"]}
    roles |= {normalise(f) for forms in people["roles"].values() for f in forms}
    return {
        "honorifics": {normalise(h) for h in people["honorifics"]},
        "particles": {normalise(p) for p in people["name_particles"]},
        "roles": _by_first_word(sorted((tuple(r.split()) for r in roles if r), key=len, reverse=True)),
        "family_first": set(people["family_name_first"]),
        "suffixes": set(names["suffixes"]),
        "folds": [tuple(pair) for pair in names["folds"]],
        "fuzzy_length": names["fuzzy_token_length"],
        "fuzzy_ratio": names["fuzzy_token_ratio"],
        "ambiguous": set(names["ambiguous_titles"]),
        "variants": {name: group[0] for group in names["given_name_variants"] for name in group},
    }


def _by_first_word(roles: list[tuple]) -> dict[str, list[tuple]]:
    """Role phrases grouped by their first word, longest first within each group."""
    grouped: dict[str, list[tuple]] = {}
    for role in roles:
        grouped.setdefault(role[0], []).append(role)
    return grouped


def family_first(*countries) -> bool:
    """True if any of these countries usually writes the family name first."""
    return bool(set(countries) & _words()["family_first"])


def _title_end(tokens: list[str]) -> int:
    """Index just after the last role phrase or honorific in ``tokens`` (0 if none)."""
    words, end = _words(), 0
    for i, token in enumerate(tokens):
        if token in words["ambiguous"] and len(tokens) - i < 3:
            continue
        if token in words["honorifics"]:
            end = i + 1
        for role in words["roles"].get(token, ()):
            if tuple(tokens[i:i + len(role)]) == role:
                end = max(end, i + len(role))
                break
    return end


def is_title(text: str) -> bool:
    """True for a title or description with no name in it ("the President", "Foreign Minister")."""
    tokens = normalise(text).split()
    return bool(tokens) and _title_end(tokens) == len(tokens)


def _without_title(tokens: list[str]) -> list[str]:
    """Tokens after a leading title ("Russian Foreign Minister", "Mr."), if a name follows."""
    cut = _title_end(tokens)
    return tokens[cut:] if cut < len(tokens) else tokens


def name_tokens(name: str) -> list[str]:
    """The identifying tokens of a personal name: no title, honorific, inner particle or suffix."""
    return list(_name_tokens(name))


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    tokens = _without_title(normalise(name).split())
    words = _words()
    keep = [t for i, t in enumerate(tokens)
            if t not in words["suffixes"] and not (0 < i < len(tokens) - 1 and t in words["particles"])]
    return tuple(keep or tokens)


def display_name(name: str) -> str:
    """``name`` as written, without a leading title or honorific ("Mr. Silva" -> "Silva")."""
    words = name.split()
    sizes = [len(normalise(w).split()) for w in words]
    cut, total = _title_end(normalise(name).split()), 0
    for i, size in enumerate(sizes):
        if total >= cut:
            return " ".join(words[i:]) if i < len(words) else name.strip()
        total += size
    return name.strip()


def alias_kind(alias: str, name: str) -> str:
    """'name' for a form of the person's name (or a nickname), 'title' for a title or description."""
    tokens = normalise(alias).split()
    if set(tokens) & set(name_tokens(name)):
        return "name"
    if not any(c.isupper() for c in alias) or _title_end(tokens) > 0:
        return "title"
    return "name"


def _token_match(a: str, b: str) -> int:
    """2 when two tokens are one name (spelling, short form), 1 when only close, 0 otherwise."""
    variants = _words()["variants"]
    if a == b or fold(a) == fold(b) or variants.get(a, a) == variants.get(b, b):
        return 2
    words = _words()
    if min(len(a), len(b)) >= words["fuzzy_length"] and fuzz.ratio(fold(a), fold(b)) >= words["fuzzy_ratio"]:
        return 1
    return 0


def _initials(tokens: list[str]) -> list[str]:
    return [t for t in tokens if len(t) == 1]


def _leading_initials_fit(a: list[str], b: list[str]) -> bool:
    """"J. Smith" can be "John Smith" but not "Mary Smith"."""
    if not a or len(a[0]) != 1 or not b:
        return True
    return a[0] == b[0][0]


def names_match(a: list[str], b: list[str], family_first: bool = False) -> bool:
    """True if two token lists (see ``name_tokens``) can name the same person."""
    if set(_initials(a)) and set(_initials(b)) and set(_initials(a)) != set(_initials(b)):
        return False
    if not (_leading_initials_fit(a, b) and _leading_initials_fit(b, a)):
        return False
    full_a, full_b = [t for t in a if len(t) > 1], [t for t in b if len(t) > 1]
    if not full_a or not full_b:
        return False
    short, long_ = (full_a, full_b) if len(full_a) <= len(full_b) else (full_b, full_a)
    if len(short) == 1:
        return _surname_match(short[0], long_, family_first)
    if _in_order(short, long_):
        return True
    return len(short) == len(long_) == 2 and _in_order(short[::-1], long_)


def _surname_match(token: str, long_: list[str], family_first: bool) -> bool:
    """A one-word name matches a family name, a later given name, or (family first) the first word."""
    places = long_ if len(long_) == 1 or family_first else long_[1:]
    return any(_token_match(token, t) == 2 for t in places)


def _in_order(short: list[str], long_: list[str]) -> bool:
    """Every token of ``short`` matches one of ``long_`` in order; the last tokens (surnames) match."""
    last = _token_match(short[-1], long_[-1])
    if not last:
        return False
    strong, i = last == 2, 0
    for token in short[:-1]:
        while i < len(long_) - 1 and not _token_match(token, long_[i]):
            i += 1
        if i >= len(long_) - 1:
            return False
        strong = strong or _token_match(token, long_[i]) == 2
        i += 1
    return strong


def roles_agree(a: set, b: set) -> bool:
    """Some role of one is the same as, or a more specific form of, a role of the other."""
    words = [(set(normalise(x).split()), set(normalise(y).split())) for x in a for y in b]
    return any(wx <= wy or wy <= wx for wx, wy in words)


def _fuller(new: str, old: str) -> bool:
    """A name with more identifying tokens is the better canonical form."""
    return len(name_tokens(new)) > len(name_tokens(old))


# People -----------------------------------------------------------------------

@dataclass
class _Candidate:
    id: int
    name: str
    country: str | None
    roles: set
    names: list[list[str]]


def person_id(db, person: dict, headline: str | None = None) -> int:
    """The ``people.id`` for an extracted person, creating the row if nobody matches.

    A person the article names by surname only takes the full name its ``headline`` gives
    (see ``headline_name``); the surname stays an alias.
    """
    name = display_name(person["name"].strip()) or person["name"].strip()
    country = country_code(db, person.get("country"))
    aliases = [a for a in person.get("aliases") or [] if a and a.strip()]
    full = headline_name(name, headline)
    if full:
        name, aliases = full, [name, *aliases]
    names = [name] + [a for a in aliases if alias_kind(a, name) == "name"]
    found = _find_person(db, names, country, set(person.get("roles") or []))
    if found is None:
        found = tables.insert(db, "people", person_row(name, country))
    else:
        _complete_person(db, found, name, country)
    add_person_aliases(db, found, [person["name"], *aliases])
    return found


def headline_name(name: str, headline: str | None) -> str | None:
    """The full name a headline gives a person the article names by one word.

    "Readout of the Call with Japanese Prime Minister Kenji Sato" completes "Sato" to
    "Kenji Sato": the words before the surname are known given names (data/given_names.txt)
    or initials. None if the name has several words, or the headline gives no such name,
    or gives two different ones.
    """
    tokens = name_tokens(name)
    if len(tokens) != 1 or not headline:
        return None
    words = [_headline_word(w) for w in headline.split()]
    found = set()
    for i, word in enumerate(words):
        if i and word and _token_match(normalise(word), tokens[0]) == 2:
            start = i
            while start > 0 and i - start < 3 and _given_or_initial(words[start - 1]):
                start -= 1
            if start < i:
                found.add(" ".join(words[start:i + 1]))
    return found.pop() if len(found) == 1 else None


def _headline_word(word: str) -> str:
    """A headline word without surrounding punctuation or a possessive ("Sato’s:" -> "Sato")."""
    word = word.strip("\"“”‘,;:!?()[]")
    for ending in ("'s", "’s"):
        if word.endswith(ending):
            word = word[: -len(ending)]
    return word.rstrip("'’")


def _given_or_initial(word: str) -> bool:
    return word in gazetteer.lines("given_names") or (len(word) == 2 and word[0].isupper() and word[1] == ".")


def person_row(name: str, country: str | None) -> dict:
    tokens = name_tokens(name)
    return {"name": name, "country": country, "name_norm": normalise(name),
            "surname_norm": tokens[-1] if tokens else ""}


def _find_person(db, names: list[str], country: str | None, roles: set) -> int | None:
    """The one person these names can be; None if nobody, or if several fit equally."""
    keys = identifying_names(names)
    matches = [c for c in _candidates(db, keys) if compatible(c.country, country) and any(
        names_match(a, b, family_first(country, c.country)) for a in keys for b in c.names)]
    if not matches:
        return None
    ranked = sorted(((any(a == b for a in keys for b in c.names), country is not None and c.country == country,
                      roles_agree(roles, c.roles)), c.id) for c in matches)
    best = [cid for rank, cid in ranked if rank == ranked[-1][0]]
    return best[0] if len(best) == 1 else None


def identifying_names(names: list[str]) -> list[list[str]]:
    """The token lists that identify one person among their names (see ``_identifying``)."""
    return _identifying([name_tokens(n) for n in names])


def _identifying(token_lists: list[list[str]]) -> list[list[str]]:
    """The fullest names, and one-word names that are not part of them (nicknames).

    A surname alone must not link namesakes ("Brandt" of Claire and of Jonas), nor
    may a shorter form ("Karl Brandt") link a fuller name to a different one.
    """
    full = [t for t in token_lists if len([w for w in t if len(w) > 1]) > 1]
    if not full:
        return [t for t in token_lists if t]
    longest = [t for t in full if not any(len(u) > len(t) and names_match(t, u) for u in full)]
    words = {w for t in full for w in t}
    return longest + [t for t in token_lists if t and t not in full and not set(t) & words]


def _candidates(db, keys: list[list[str]]) -> list[_Candidate]:
    """The people whose match keys (``person_keys``) these names look up: the few who can match."""
    lookups = sorted(match_lookups(keys))
    if not lookups:
        return []
    marks = ", ".join("?" for _ in lookups)
    rows = db.execute(f"SELECT id, name, country, roles FROM people WHERE id IN "
                      f"(SELECT person_id FROM person_keys WHERE key IN ({marks}))", lookups).fetchall()
    return [_Candidate(pid, name, country, set(_json_list(roles)), identifying_names([name, *person_names(db, pid)]))
            for pid, name, country, roles in rows]


# Match keys ---------------------------------------------------------------------
# Two names can only match (``names_match``) if the last word of one is a word of the
# other, or if they share another word and their last words are close. So a person is
# indexed under three kinds of key, and a name looks up the keys that such a match
# needs: the work per name stays flat however many people share a given name.

def _words_of(tokens: list[str]) -> list[str]:
    return [fold(t) for t in tokens if len(t) > 1]


def match_keys(token_lists: list[list[str]]) -> set[str]:
    """What a person with these names is indexed under: every word ("lavrov"), each last
    word ("lavrov$"), and each other word with the start of the last one ("sergei|la")."""
    keys = set()
    for words in map(_words_of, token_lists):
        if words:
            keys |= set(words) | {words[-1] + "$"} | {f"{w}|{words[-1][:2]}" for w in words[:-1]}
    return keys


def match_lookups(token_lists: list[list[str]]) -> set[str]:
    """The keys under which the people these names can match are indexed (see ``match_keys``):
    the last word anywhere, any word as a last word, another word with the same start of the last."""
    lookups = set()
    for words in map(_words_of, token_lists):
        if words:
            lookups |= {words[-1]} | {w + "$" for w in words} | {f"{w}|{words[-1][:2]}" for w in words[:-1]}
    return lookups


def person_names(db, pid: int) -> list[str]:
    """The name aliases (not titles) of a person."""
    rows = db.execute("SELECT alias FROM person_aliases WHERE person_id = ? AND kind = 'name'", [pid])
    return [r[0] for r in rows.fetchall()]


def _complete_person(db, pid: int, name: str, country: str | None) -> None:
    """Fill a missing country; a fuller name becomes the canonical one (the old one an alias)."""
    db.execute("UPDATE people SET country = COALESCE(country, ?) WHERE id = ?", [country, pid])
    current = tables.get(db, "people", pid)
    if _fuller(name, current["name"]):
        tables.update(db, "people", pid, person_row(name, current["country"] or country))
        add_person_aliases(db, pid, [current["name"]])
        index_person(db, pid)


def add_person_aliases(db, pid: int, names, kind: str | None = None) -> None:
    """Store names as aliases (of ``kind``, else name or title as they look); refresh match keys
    when they change (a new alias, or a person not indexed yet)."""
    own = tables.get(db, "people", pid)["name"]
    rows = [{"person_id": pid, "alias": n.strip(), "alias_norm": normalise(n), "kind": kind or alias_kind(n, own)}
            for n in dict.fromkeys(names) if n and n.strip() and normalise(n) != normalise(own)]
    before = db.conn.total_changes
    tables.insert_many(db, "person_aliases", rows, ignore=True)
    if db.conn.total_changes != before or not db.execute(
            "SELECT 1 FROM person_keys WHERE person_id = ? LIMIT 1", [pid]).fetchone():
        index_person(db, pid)


def index_person(db, pid: int) -> None:
    """Rebuild ``person_keys``: the match keys of a person's name and name aliases."""
    row = tables.get(db, "people", pid)
    keys = match_keys([name_tokens(n) for n in [row["name"], *person_names(db, pid)]])
    db.execute("DELETE FROM person_keys WHERE person_id = ?", [pid])
    tables.insert_many(db, "person_keys", [{"key": k, "person_id": pid} for k in sorted(keys)], ignore=True)


def _json_list(text: str | None) -> list:
    import json

    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return value if isinstance(value, list) else []


def link_speakers(db) -> list[int]:
    """Link statements whose speaker is only a name to the one person of that name; returns their ids."""
    rows = db.execute("SELECT id, article_id, speaker_name FROM statements WHERE speaker_id IS NULL "
                      "AND organisation_id IS NULL AND speaker_name IS NOT NULL").fetchall()
    linked = []
    for sid, article_id, name in rows:
        pid = _person_named(db, normalise(name), article_id)
        if pid is not None:
            db.execute("UPDATE statements SET speaker_id = ? WHERE id = ?", [pid, sid])
            linked.append(sid)
    return linked


def _person_named(db, key: str, article_id: int) -> int | None:
    """The person with this name or name alias: among the article's people first, else archive-wide."""
    sql = """SELECT id FROM people WHERE name_norm = :key
             UNION SELECT person_id FROM person_aliases WHERE alias_norm = :key AND kind = 'name'"""
    ids = {r[0] for r in db.execute(sql, {"key": key}).fetchall()}
    local = ids & {r[0] for r in db.execute("SELECT person_id FROM article_people WHERE article_id = ?",
                                            [article_id]).fetchall()}
    for group in (local, ids):
        if len(group) == 1:
            return group.pop()
    return None


# Organisations ----------------------------------------------------------------

def organisation_key(name: str) -> str:
    """Matching key of an organisation name: normalised, without a leading "the"."""
    key = normalise(name)
    return key[4:] if key.startswith("the ") else key


def organisation_id(db, organisation: dict) -> int:
    """The ``organisations.id`` for an extracted organisation, creating the row if needed."""
    name = organisation["name"].strip()
    country = country_code(db, organisation.get("country"))
    names = [name, *[m.get("text") or "" for m in organisation.get("mentions") or []],
             *(organisation.get("aliases") or [])]
    found = _find_organisation(db, [organisation_key(n) for n in names if n.strip()], country)
    if found is None:
        found = tables.insert(db, "organisations", {"name": name, "country": country, "kind": organisation.get("kind"),
                                                    "name_norm": organisation_key(name)})
    else:
        db.execute("UPDATE organisations SET country = COALESCE(country, ?), kind = COALESCE(kind, ?) "
                   "WHERE id = ?", [country, organisation.get("kind"), found])
    add_aliases(db, "organisation", found, names)
    return found


def _find_organisation(db, keys: list[str], country: str | None) -> int | None:
    marks = ", ".join("?" for _ in keys)
    sql = f"""
        SELECT id, country FROM organisations WHERE {_COMPATIBLE.replace(':country', '?')}
        AND (name_norm IN ({marks}) OR id IN
             (SELECT organisation_id FROM organisation_aliases WHERE alias_norm IN ({marks})))
    """
    rows = db.execute(sql, [country, country, *keys, *keys]).fetchall()
    return _best(rows, country)


# Places -----------------------------------------------------------------------

def place_id(db, place: dict) -> int:
    """The ``places.id`` for an extracted place: same settlement, or same name in a compatible country."""
    names = list(dict.fromkeys(n.strip() for n in [place["name"], *(place.get("aliases") or []),
                                                    *[m.get("text") or "" for m in place.get("mentions") or []]]
                               if n and n.strip()))
    country = country_code(db, place.get("country"))
    hit = settlement(place, names, country)
    if hit:
        country = country_code(db, hit["countrycode"]) or country
    found = _find_place(db, names, country, hit)
    if found is None:
        found = tables.insert(db, "places", {"name": names[0], "country": country,
                                             "name_norm": normalise(names[0])})
    if hit:
        _locate(db, found, hit, names)
    add_aliases(db, "place", found, [*names, *([hit["matched"]] if hit else [])])
    return found


def settlement(place: dict, names: list[str], country: str | None) -> dict | None:
    """The GeoNames settlement a place names: given by the extractor, else looked up by its names."""
    if place.get("latitude") is not None and place.get("longitude") is not None:
        return {"geonameid": place.get("geonames_id"), "latitude": place["latitude"],
                "longitude": place["longitude"], "countrycode": country, "matched": names[0]}
    if place.get("kind") in ("region", "venue") or (place.get("resolved") is False and not country):
        return None  # the extractor found no settlement its context agrees with
    hits = [h for h in (_lookup(n, country) for n in names) if h]
    return max(hits, key=lambda h: h.get("score", 100.0), default=None)


def _lookup(name: str, country: str | None) -> dict | None:
    """Fuzzy within a stated country; without one, only an exact name of a large settlement."""
    if country:
        return geo.fuzzy_lookup(name, country)
    hit = geo.lookup(name)
    return hit if hit and hit["population"] >= MIN_POPULATION_WITHOUT_COUNTRY else None


def _find_place(db, names: list[str], country: str | None, hit: dict | None) -> int | None:
    """The same settlement, else a place of the same name or alias that is not another settlement."""
    if hit and hit.get("geonameid") is not None:
        row = db.execute("SELECT id FROM places WHERE geonames_id = ? ORDER BY id LIMIT 1",
                         [hit["geonameid"]]).fetchone()
        if row:
            return row[0]
    keys = [normalise(n) for n in names]
    marks = ", ".join("?" for _ in keys)
    sql = f"""
        SELECT id, country FROM places WHERE {_COMPATIBLE.replace(':country', '?')}
        AND (geonames_id IS NULL OR geonames_id IS ?)
        AND (name_norm IN ({marks}) OR id IN (SELECT place_id FROM place_aliases WHERE alias_norm IN ({marks})))
    """
    gid = hit.get("geonameid") if hit else None
    return _best(db.execute(sql, [country, country, gid, *keys, *keys]).fetchall(), country)


def _locate(db, pid: int, hit: dict, names: list[str]) -> None:
    """Give an unresolved place its settlement; a fuzzy match renames it to the GeoNames spelling."""
    row = tables.get(db, "places", pid)
    if row["latitude"] is not None:
        return
    update = {"latitude": hit["latitude"], "longitude": hit["longitude"],
              "geonames_id": hit.get("geonameid"), "resolved": 1}
    if row["country"] is None and hit.get("countrycode"):
        update["country"] = country_code(db, hit["countrycode"])  # a row first told without its country
    if normalise(hit["matched"]) not in {normalise(n) for n in names}:
        update.update(name=hit["matched"], name_norm=normalise(hit["matched"]))
        add_aliases(db, "place", pid, [row["name"]], own=hit["matched"])
    tables.update(db, "places", pid, update)


# Shared helpers ---------------------------------------------------------------

_ALIAS_TABLES = {"place": ("places", "place_aliases", "place_id", normalise),
                 "organisation": ("organisations", "organisation_aliases", "organisation_id", organisation_key)}


def add_aliases(db, kind: str, row_id: int, names, own: str | None = None) -> None:
    """Store names as aliases of a row, except blanks and its own name (people: see add_person_aliases)."""
    if kind == "person":
        add_person_aliases(db, row_id, names)
        return
    table, aliases, fk, key = _ALIAS_TABLES[kind]
    own_key = key(own if own is not None else tables.get(db, table, row_id)["name"])
    rows = [{fk: row_id, "alias": n.strip(), "alias_norm": key(n)}
            for n in dict.fromkeys(names) if n and n.strip() and key(n) != own_key]
    tables.insert_many(db, aliases, rows, ignore=True)


def _best(matches: list[tuple], country: str | None) -> int | None:
    """Prefer a match with the same country, then the oldest row."""
    if not matches:
        return None
    return min(matches, key=lambda m: (m[1] != country, m[0]))[0]
