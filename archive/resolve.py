"""Cross-archive identity: one row per person, organisation and place.

Names match on a normal form (accents stripped, casefolded, punctuation
dropped), and only when countries are compatible: equal, or unknown on one
side. Within-article identity is the extractor's job; this module only maps an
extracted entity onto an existing row, or creates one.
"""
from __future__ import annotations

import re
import unicodedata

# A person or place is compatible with a country when either side is unknown.
_COMPATIBLE = "(country IS NULL OR :country IS NULL OR country = :country)"


def normalise(text: str | None) -> str:
    """Matching key for a name: no accents, casefolded, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain.casefold()).split())


def country_code(db, code: str | None) -> str | None:
    """``code`` as an ISO alpha-2 code the archive knows, else None (keeps foreign keys valid)."""
    if not code:
        return None
    code = code.strip().upper()
    row = db.execute("SELECT 1 FROM countries WHERE iso2 = ?", [code]).fetchone()
    return code if row else None


# People ---------------------------------------------------------------------

def person_id(db, person: dict) -> int:
    """The ``people.id`` for an extracted person, creating the row if nobody matches."""
    name = person["name"].strip()
    country = country_code(db, person.get("country"))
    found = _find_person(db, normalise(name), country)
    if found is None:
        found = db["people"].insert(_person_row(name, country)).last_pk
    else:
        _complete_person(db, found, name, country)
    _add_aliases(db, "person_aliases", "person_id", found, [name, *person.get("aliases", [])])
    return found


def _person_row(name: str, country: str | None) -> dict:
    key = normalise(name)
    return {"name": name, "country": country, "name_norm": key,
            "surname_norm": key.split()[-1] if key else ""}


def _find_person(db, key: str, country: str | None) -> int | None:
    if " " not in key:
        # A bare surname is too weak to pick between namesakes.
        return _only(_surname_matches(db, key, country))
    exact = _best(_name_matches(db, key, country), country)
    if exact is not None:
        return exact
    # A full name can complete a person so far known only by surname.
    return _only(_surname_only_people(db, key.split()[-1], country))


def _name_matches(db, key: str, country: str | None) -> list[tuple]:
    sql = f"""
        SELECT id, country FROM people WHERE name_norm = :key AND {_COMPATIBLE}
        UNION
        SELECT id, country FROM people WHERE {_COMPATIBLE} AND id IN
            (SELECT person_id FROM person_aliases WHERE alias_norm = :key)
    """
    return db.execute(sql, {"key": key, "country": country}).fetchall()


def _surname_matches(db, key: str, country: str | None) -> list[tuple]:
    sql = f"""
        SELECT id, country FROM people
        WHERE (surname_norm = :key OR name_norm = :key) AND {_COMPATIBLE}
        UNION
        SELECT id, country FROM people WHERE {_COMPATIBLE} AND id IN
            (SELECT person_id FROM person_aliases WHERE alias_norm = :key)
    """
    return db.execute(sql, {"key": key, "country": country}).fetchall()


def _surname_only_people(db, surname: str, country: str | None) -> list[tuple]:
    sql = f"SELECT id, country FROM people WHERE name_norm = :key AND {_COMPATIBLE}"
    return db.execute(sql, {"key": surname, "country": country}).fetchall()


def _complete_person(db, pid: int, name: str, country: str | None) -> None:
    """Fill a missing country; replace a surname-only name by a fuller one (kept as alias)."""
    db.execute("UPDATE people SET country = COALESCE(country, ?) WHERE id = ?", [country, pid])
    current = db["people"].get(pid)
    if " " not in current["name_norm"] and len(normalise(name).split()) > 1:
        _add_aliases(db, "person_aliases", "person_id", pid, [current["name"]], skip="")
        db["people"].update(pid, _person_row(name, current["country"] or country))


# Organisations --------------------------------------------------------------

def organisation_id(db, organisation: dict) -> int:
    """The ``organisations.id`` for an extracted organisation, creating the row if needed."""
    name = organisation["name"].strip()
    country = country_code(db, organisation.get("country"))
    sql = f"SELECT id, country FROM organisations WHERE name_norm = :key AND {_COMPATIBLE}"
    found = _best(db.execute(sql, {"key": normalise(name), "country": country}).fetchall(), country)
    if found is None:
        row = {"name": name, "country": country, "kind": organisation.get("kind"),
               "name_norm": normalise(name)}
        return db["organisations"].insert(row).last_pk
    db.execute("UPDATE organisations SET country = COALESCE(country, ?), kind = COALESCE(kind, ?) "
               "WHERE id = ?", [country, organisation.get("kind"), found])
    return found


# Places ---------------------------------------------------------------------

def place_id(db, place: dict) -> int:
    """The ``places.id`` for an extracted place: same name or alias within the same country."""
    name = place["name"].strip()
    country = country_code(db, place.get("country"))
    names = [name, *(place.get("aliases") or [])]
    found = _find_place(db, [normalise(n) for n in names], country)
    if found is None:
        found = db["places"].insert({"name": name, "country": country,
                                     "name_norm": normalise(name)}).last_pk
    _add_coordinates(db, found, place)
    _add_aliases(db, "place_aliases", "place_id", found, names)
    return found


def _find_place(db, keys: list[str], country: str | None) -> int | None:
    marks = ", ".join("?" for _ in keys)
    sql = f"""
        SELECT id FROM places WHERE country IS ? AND (name_norm IN ({marks}) OR id IN
            (SELECT place_id FROM place_aliases WHERE alias_norm IN ({marks})))
        ORDER BY id LIMIT 1
    """
    row = db.execute(sql, [country, *keys, *keys]).fetchone()
    return row[0] if row else None


def _add_coordinates(db, pid: int, place: dict) -> None:
    """Keep the first known coordinates; a place with them counts as resolved."""
    if place.get("latitude") is None or place.get("longitude") is None:
        return
    db.execute(
        "UPDATE places SET latitude = ?, longitude = ?, geonames_id = COALESCE(geonames_id, ?), "
        "resolved = 1 WHERE id = ? AND latitude IS NULL",
        [place["latitude"], place["longitude"], place.get("geonames_id"), pid],
    )


# Shared helpers -------------------------------------------------------------

def _add_aliases(db, table: str, fk: str, row_id: int, names, skip: str | None = None) -> None:
    """Store names as aliases, except blanks and the row's own name (or ``skip``)."""
    parent = "people" if table == "person_aliases" else "places"
    own = db[parent].get(row_id)["name_norm"] if skip is None else skip
    rows = [{fk: row_id, "alias": n.strip(), "alias_norm": normalise(n)}
            for n in dict.fromkeys(names) if n and n.strip() and normalise(n) != own]
    db[table].insert_all(rows, ignore=True)


def _best(matches: list[tuple], country: str | None) -> int | None:
    """Prefer a match with the same country, then the oldest row."""
    if not matches:
        return None
    return min(matches, key=lambda m: (m[1] != country, m[0]))[0]


def _only(matches: list[tuple]) -> int | None:
    ids = {m[0] for m in matches}
    return ids.pop() if len(ids) == 1 else None
