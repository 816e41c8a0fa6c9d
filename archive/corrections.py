"""Corrections of single facts: the curation verbs beyond names, and the marks that show them.

``archive reject person|place|organisation``, ``archive kind``, ``archive distinct``,
``archive set``, ``archive add|remove meeting ... participant``, and titles tied to a
person in one country and period. Each operation takes ``(db, kind, entry)`` like those
of ``archive.curation`` and returns what it changed: nothing when the decision is already
in effect, ``CurationError`` when it names nothing in the archive (it no longer applies).

How decisions find their rows again after a reload or a new extraction:

- people, places and organisations by name or alias ("Name (CC)" picks one of several);
- statements and meetings by key ("article name@start-end"); when no row has the key any
  more, by the row of the same article whose text is most like the recorded one (and whose
  span overlaps the old one), see ``data/corrections.yml``.

Every row a decision touches is marked: its ``curated`` column is a JSON array of the
fields the analyst set ("country", "date", "speaker", ...), shown by the pages.
"""
from __future__ import annotations

import json
import re
from datetime import date
from functools import lru_cache

from rapidfuzz import fuzz

from . import curation, gazetteer, geo, resolve

ROW_TABLES = {"statement": "statements", "meeting": "meetings"}
TEXT_COLUMNS = {"statement": "text", "meeting": "evidence"}
TABLES = {"person": "people", "place": "places", "organisation": "organisations", **ROW_TABLES}
# What `archive set KIND TARGET FIELD VALUE` may set, by kind.
SETTABLE = {"person": ("country", "role"), "place": ("country",), "meeting": ("date", "place", "chair"),
            "statement": ("speaker",)}
PRECISION = {4: "year", 7: "month", 10: "day"}  # length of an ISO date -> its precision
ROW_FIELDS = ("key", "article", "text")


def _error(message: str) -> Exception:
    """The error of a decision that names nothing (``curation.CurationError``, looked up when raised)."""
    return curation.CurationError(message)


@lru_cache(maxsize=1)
def _rules() -> dict:
    return gazetteer.load("corrections")


# Marks -------------------------------------------------------------------------

def mark(db, kind: str, ids, field: str) -> None:
    """Add ``field`` to the ``curated`` list of these rows (sorted, each field once)."""
    table = TABLES[kind]
    db.execute(f"""UPDATE {table} SET curated = (SELECT json_group_array(value) FROM
                   (SELECT value FROM json_each({table}.curated) UNION SELECT ? ORDER BY 1))
                   WHERE id IN (SELECT value FROM json_each(?))""", [field, json.dumps(list(ids))])


def begin(db) -> None:
    """Before the whole file is applied: marks are set again by the decisions that still apply."""
    for table in TABLES.values():
        db.execute(f"UPDATE {table} SET curated = '[]' WHERE curated != '[]'")
    db.execute("UPDATE distinct_pairs SET confirmed = 0")


def end(db, problems: list[str]) -> None:
    """After the whole file is applied: keep the distinct pairs it still declares, and its problems."""
    db.execute("DELETE FROM distinct_pairs WHERE NOT confirmed")
    db.execute("DELETE FROM curation_problems")
    db["curation_problems"].insert_all([{"position": n, "problem": p} for n, p in enumerate(problems, 1)])


# Statements and meetings: by key, or found again by their text -----------------------

def row_entry(db, kind: str, ident: str) -> dict:
    """The file's reference to a statement or meeting given by row id or key: key, article, text."""
    table, column = ROW_TABLES[kind], "id" if str(ident).strip().isdigit() else "key"
    row = db.execute(f"SELECT r.key, a.name, r.{TEXT_COLUMNS[kind]} FROM {table} r "
                     f"JOIN articles a ON a.id = r.article_id WHERE r.{column} = ?",
                     [int(ident) if column == "id" else ident]).fetchone()
    if row is None:
        raise _error(f"no {kind} with {column} {ident} in the archive")
    key, article, text = row
    return {"key": key, "article": article, "text": excerpt(text or "")}


def excerpt(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def locate(db, kind: str, entry) -> list[int]:
    """The rows a decision about a statement or meeting names: by key, else by text (see the module)."""
    key = entry if isinstance(entry, str) else entry["key"]
    table = ROW_TABLES[kind]
    ids = [r[0] for r in db.execute(f"SELECT id FROM {table} WHERE key = ? ORDER BY id", [key])]
    if ids:
        return ids
    found = None if isinstance(entry, str) else _by_text(db, kind, entry)
    if found is None:
        raise _error(f"no {kind} with key {key!r} in the archive"
                     + ("" if isinstance(entry, str) or not entry.get("text") else ", nor one with its text"))
    return [found]


def _by_text(db, kind: str, entry: dict) -> int | None:
    """The row of the entry's article with the most similar text; None if none is close, or two tie."""
    article = entry.get("article") or entry["key"].rsplit("@", 1)[0]
    wanted, span, rules = _plain(entry.get("text") or ""), _span(entry["key"]), _rules()["row_match"]
    rows = db.execute(f'SELECT r.id, r.{TEXT_COLUMNS[kind]}, r.start, r."end" FROM {ROW_TABLES[kind]} r '
                      f"JOIN articles a ON a.id = r.article_id WHERE a.name = ?", [article]).fetchall()
    scored = []
    for row_id, text, start, end in rows:
        ratio = fuzz.partial_ratio(wanted, _plain(text or "")) if wanted else 0.0
        overlap = _overlap(span, (start, end))
        if ratio >= rules["text_ratio"] or (overlap >= rules["overlap"]
                                            and ratio >= rules["text_ratio_with_overlap"]):
            scored.append((ratio + 100 * overlap, row_id))
    scored.sort(reverse=True)
    if not scored or (len(scored) > 1 and scored[0][0] == scored[1][0]):
        return None
    return scored[0][1]


def _plain(text: str) -> str:
    return " ".join(text.replace("…", " ").casefold().split())


def _span(key: str) -> tuple[int, int] | None:
    match = re.search(r"@(\d+)-(\d+)(?:#\d+)?$", key)
    return (int(match.group(1)), int(match.group(2))) if match else None


def _overlap(a, b) -> float:
    """Share of the union of two spans that both cover (0 when either is unknown)."""
    if not a or b[0] is None or b[1] is None:
        return 0.0
    union = max(a[1], b[1]) - min(a[0], b[0])
    return max(0, min(a[1], b[1]) - max(a[0], b[0])) / union if union > 0 else 0.0


# Values given on the command line ----------------------------------------------------

def country(db, value: str) -> str:
    """An ISO code from a code ("US", "usa") or a name ("United States", "Kosovo"); CurationError if neither."""
    code = _country(db, value)
    if code is None:
        raise _error(f'"{value}" is not a country: give its ISO code (e.g. US) or its name')
    return code


def _country(db, value: str) -> str | None:
    from .extract.countries import iso_for_name

    text = value.strip()
    row = db.execute("SELECT iso2 FROM countries WHERE upper(iso2) = upper(?) OR upper(iso3) = upper(?) "
                     "OR lower(name) = lower(?)", [text, text, text]).fetchone()
    if row:
        return row[0]
    return resolve.country_code(db, iso_for_name(text) or iso_for_name(text.title()))


def iso_date(value: str) -> tuple[str, str]:
    """(date, precision) for "2013", "2013-04" or "2013-04-29"; CurationError for anything else."""
    text = value.strip()
    parts = text.split("-")
    try:
        date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        parts = None
    if not parts or len(text) not in PRECISION or not re.fullmatch(r"[0-9-]+", text):
        raise _error(f'"{value}" is not a date: give YYYY, YYYY-MM or YYYY-MM-DD')
    return text, PRECISION[len(text)]


def _until(value: str) -> str:
    """The last day a date of any precision covers, for comparing with ISO dates as text."""
    return {4: f"{value}-12-31", 7: f"{value}-31"}.get(len(value), value)


def prepare(db, section: str, kind: str, entry: dict) -> tuple[dict, list[str]]:
    """A decision from the command line as the file records it, and notes on how it was read.

    A statement or meeting given by row id is recorded by key, article and text; a country
    by its ISO code; a participant as a person or a country; a title's scope is filled in.
    """
    entry, notes = dict(entry), []
    if kind in ROW_TABLES and "key" in entry:
        entry = {**row_entry(db, kind, entry["key"]), **{k: v for k, v in entry.items() if k not in ROW_FIELDS}}
    if section == "sets" and "country" in entry:
        entry["country"] = country(db, entry["country"])
    if section == "sets" and "date" in entry:
        iso_date(entry["date"])
    if section == "participants":
        entry = _participant_entry(db, entry)
    if curation.is_title_alias(section, kind, entry):
        entry = _title_scope(db, entry, notes)
    return entry, notes


def _participant_entry(db, entry: dict) -> dict:
    """``add: VALUE`` as ``add_person`` or ``add_country`` (and the same for ``remove``)."""
    for verb in ("add", "remove"):
        if verb in entry:
            value = entry.pop(verb)
            entry[f"{verb}_{_participant_kind(db, value)}"] = value
    for field in ("add_country", "remove_country"):
        if field in entry:
            entry[field] = country(db, entry[field])
    return entry


def _participant_kind(db, value: str) -> str:
    code, people = _country(db, value), curation.find(db, "person", value)
    if re.fullmatch(r"[A-Z]{2}", value.strip()) and code:
        return "country"
    if code and people:
        raise _error(f'"{value}" is both a country and a person: give the ISO code ({code}) for the country, '
                     f'or "{value} (CC)" for the person')
    return "country" if code else "person"


# People, places and organisations: reject, re-type, keep apart -------------------------

def _named(db, kind: str, name: str) -> list[int]:
    """Rows whose own name (not an alias) is ``name``; "Name (CC)" keeps those of country CC."""
    bare, code = curation._qualified(name)
    where, params = ("", []) if code is None else (" AND country = ?", [code])
    rows = db.execute(f"SELECT id FROM {TABLES[kind]} WHERE name_norm = ?{where} ORDER BY id",
                      [curation._key(kind, bare), *params])
    return [r[0] for r in rows]


def _still_written(db, name: str) -> bool:
    """True if some article still contains ``name`` (the full-text index, so case and accents aside)."""
    phrase = '"' + curation._qualified(name)[0].replace('"', '""') + '"'
    return db.execute("SELECT 1 FROM articles_fts WHERE articles_fts MATCH ? LIMIT 1", [phrase]).fetchone() is not None


def reject_entity(db, kind: str, entry: dict) -> list[str]:
    """Take a person, place or organisation that is none out of the archive; their facts stay, unlinked."""
    name = entry["name"]
    ids = _named(db, kind, name)
    if not ids:
        if _still_written(db, name):
            return []  # taken out already: the articles still say it, nothing extracts it as this kind
        raise _error(f'no {kind} named "{name}" in the archive, and no article names it')
    changes = []
    for row_id in ids:
        before = curation.label(db, kind, row_id)
        counts = _detach(db, kind, row_id)
        db[TABLES[kind]].delete(row_id)
        changes.append(f"rejected {kind} {before}: taken out ({_counted(counts)})")
    return changes


def _detach(db, kind: str, row_id: int) -> dict:
    """Unlink a row from every fact (statements and meetings stay); counts by what was unlinked."""
    steps = {
        "person": [("statement", "UPDATE statements SET speaker_id = NULL WHERE speaker_id = ?"),
                   ("meeting chaired", "UPDATE meetings SET chair_id = NULL WHERE chair_id = ?"),
                   ("meeting participation", "DELETE FROM meeting_people WHERE person_id = ?"),
                   ("article", "DELETE FROM article_people WHERE person_id = ?"),
                   ("role", "DELETE FROM person_roles WHERE person_id = ?")],
        "place": [("meeting held there", "UPDATE meetings SET place_id = NULL WHERE place_id = ?")],
        "organisation": [("statement", "UPDATE statements SET organisation_id = NULL WHERE organisation_id = ?")],
    }[kind]
    counts = {what: db.execute(sql, [row_id]).rowcount for what, sql in steps}
    counts["mention"] = db.execute("DELETE FROM mentions WHERE entity_type = ? AND entity_id = ?",
                                   [kind, str(row_id)]).rowcount
    return counts


def _counted(counts: dict) -> str:
    """"2 statements, 1 mention" from {"statement": 2, "mention": 1} (the first word takes the plural)."""
    parts = []
    for what, n in counts.items():
        if n:
            first, *rest = what.split()
            parts.append(" ".join([str(n), first + ("s" if n != 1 else ""), *rest]))
    return ", ".join(parts) or "nothing else referred to it"


def retype(db, kind: str, entry: dict) -> list[str]:
    """A row of the wrong kind becomes a row of ``entry["kind"]``, with its mentions and what fits."""
    target, name = entry["kind"], entry["name"]
    if target == kind:
        raise _error(f'"{name}" would stay a {kind}: give another kind')
    ids = _named(db, kind, name)
    if not ids:
        done = _named(db, target, name)
        if done:
            mark(db, target, done, "kind")
            return []
        if _still_written(db, name):
            return []
        raise _error(f'no {kind} named "{name}" in the archive, and no article names it')
    return [_retype_row(db, kind, row_id, target) for row_id in ids]


def _retype_row(db, kind: str, old: int, target: str) -> str:
    row, before = db[TABLES[kind]].get(old), curation.label(db, kind, old)
    spec = curation.SPECS[kind]
    aliases = [r[0] for r in db.execute(f"SELECT alias FROM {spec.aliases} WHERE {spec.fk} = ?", [old])]
    # A place's country is not its namesake's nationality, nor the other way round.
    country_code = None if {kind, target} == {"place", "person"} else row["country"]
    new = _create(db, target, row["name"], country_code, aliases)
    articles = [r[0] for r in db.execute(
        "SELECT DISTINCT article_id FROM mentions WHERE entity_type = ? AND entity_id = ?", [kind, str(old)])]
    counts = {"statement": _move_speaker(db, kind, old, target, new)}
    counts["mention"] = db.execute("UPDATE mentions SET entity_type = ?, entity_id = ? "
                                    "WHERE entity_type = ? AND entity_id = ?",
                                    [target, str(new), kind, str(old)]).rowcount
    _detach(db, kind, old)
    db[TABLES[kind]].delete(old)
    if target == "person":
        db["article_people"].insert_all([{"article_id": a, "person_id": new, "roles": "[]"} for a in articles],
                                        ignore=True)
    mark(db, target, [new], "kind")
    return f"{before} is now {'an' if target == 'organisation' else 'a'} {target}: " \
           f"{curation.label(db, target, new)} ({_counted(counts)})"


def _create(db, kind: str, name: str, country_code: str | None, aliases: list[str]) -> int:
    """The row of ``kind`` this name resolves to, as the resolver would find or make it."""
    record = {"name": name, "country": country_code, "aliases": aliases}
    if kind == "person":
        return resolve.person_id(db, record)
    if kind == "place":
        return resolve.place_id(db, record)
    return resolve.organisation_id(db, record)


SPEAKER_COLUMNS = {"person": "speaker_id", "organisation": "organisation_id"}


def _move_speaker(db, kind: str, old: int, target: str, new: int) -> int:
    """Statements said by the old row are said by the new one, if it can speak; counts them."""
    source = SPEAKER_COLUMNS.get(kind)
    if source is None or target not in SPEAKER_COLUMNS:
        return 0
    return db.execute(f"UPDATE statements SET {SPEAKER_COLUMNS[target]} = ?, {source} = NULL WHERE {source} = ?",
                      [new, old]).rowcount


def distinct(db, kind: str, entry: dict) -> list[str]:
    """Two names are two rows, never merged: a row holding both is split, and the pair is remembered."""
    changes = []
    for name in (entry["a"], entry["b"]):
        if not curation.find(db, kind, name):
            raise _error(f'no {kind} named "{name}" in the archive')
    for row_id in sorted(set(curation.find(db, kind, entry["a"])) & set(curation.find(db, kind, entry["b"]))):
        changes.append(_pull_apart(db, kind, row_id, entry))
    a, b = curation.one(db, kind, entry["a"]), curation.one(db, kind, entry["b"])
    if a == b:
        raise _error(f'"{entry["a"]}" and "{entry["b"]}" are both names of {curation.label(db, kind, a)}')
    low, high = sorted((a, b))
    known = db.execute("SELECT 1 FROM distinct_pairs WHERE kind = ? AND a = ? AND b = ?", [kind, low, high]).fetchone()
    db.execute("INSERT INTO distinct_pairs (kind, a, b, confirmed) VALUES (?, ?, ?, 1) "
               "ON CONFLICT (kind, a, b) DO UPDATE SET confirmed = 1", [kind, low, high])
    mark(db, kind, [a, b], "distinct")
    if not known:
        changes.append(f"{curation.label(db, kind, a)} and {curation.label(db, kind, b)} are distinct: "
                       f"they will not be merged")
    return changes


def _pull_apart(db, kind: str, row_id: int, entry: dict) -> str:
    """The name that is only an alias of the row gets a row of its own, with the articles that use it."""
    own = db[TABLES[kind]].get(row_id)["name_norm"]
    names = [n for n in (entry["a"], entry["b"]) if curation._key(kind, n) != own]
    if len(names) != 1:
        raise _error(f'"{entry["a"]}" and "{entry["b"]}" are both aliases of {curation.label(db, kind, row_id)}: '
                     f"split one off first (archive split)")
    name = curation._qualified(names[0])[0]
    articles = curation._articles_calling(db, kind, row_id, name)
    if not articles:
        spec = curation.SPECS[kind]
        db.execute(f"DELETE FROM {spec.aliases} WHERE {spec.fk} = ? AND alias_norm = ?",
                   [row_id, curation._key(kind, name)])
        if kind == "person":
            resolve.index_person(db, row_id)
        new = curation._new_row(db, kind, name)
        return f'"{name}" is no longer an alias of {curation.label(db, kind, row_id)}: {curation.label(db, kind, new)}'
    return curation.split_off(db, kind, row_id, name, articles)


def refuse_distinct(db, kind: str, a: int, b: int) -> None:
    """CurationError if the curation file declares these two rows distinct."""
    low, high = sorted((a, b))
    if db.execute("SELECT 1 FROM distinct_pairs WHERE kind = ? AND a = ? AND b = ?", [kind, low, high]).fetchone():
        raise _error(f"{curation.label(db, kind, a)} and {curation.label(db, kind, b)} are declared distinct "
                     f"(archive distinct): remove that decision first")


def distinct_pairs(db) -> set[tuple[str, int, int]]:
    """(kind, lower id, higher id) of every pair declared distinct."""
    return {tuple(r) for r in db.execute("SELECT kind, a, b FROM distinct_pairs")}


# Setting values ----------------------------------------------------------------------

def set_value(db, kind: str, entry: dict) -> list[str]:
    """``archive set``: one field of a person, place, meeting or statement."""
    field = next(f for f in SETTABLE[kind] if f in entry)
    if kind in ROW_TABLES:
        return [change for row_id in locate(db, kind, entry)
                for change in SETTERS[kind, field](db, row_id, entry[field])]
    return SETTERS[kind, field](db, curation.one(db, kind, entry["name"]), entry[field])


def _set_person_country(db, person_id: int, value: str) -> list[str]:
    code, row = country(db, value), db["people"].get(person_id)
    mark(db, "person", [person_id], "country")
    if row["country"] == code:
        return []
    before = curation.label(db, "person", person_id)
    db["people"].update(person_id, {"country": code})
    meetings = _follow_country(db, person_id, row["country"], code)
    also = f"; the country of {meetings} meeting{'s' if meetings != 1 else ''} they attend follows" if meetings else ""
    return [f"{before} is now of {code}{also}"]


def _follow_country(db, person_id: int, old: str | None, new: str) -> int:
    """The meetings a person attends gain their new country and lose the old one if nothing else gave it."""
    meetings = [r[0] for r in db.execute(
        "SELECT id FROM meetings WHERE chair_id = ? OR id IN (SELECT meeting_id FROM meeting_people "
        "WHERE person_id = ?)", [person_id, person_id])]
    touched = set()
    for meeting_id in meetings:
        added = db.execute("INSERT OR IGNORE INTO meeting_countries (meeting_id, iso2) VALUES (?, ?)",
                           [meeting_id, new]).rowcount
        removed = 0
        if old and not _country_given(db, meeting_id, old, person_id):
            removed = db.execute("DELETE FROM meeting_countries WHERE meeting_id = ? AND iso2 = ?",
                                 [meeting_id, old]).rowcount
        if added or removed:
            touched.add(meeting_id)
    for meeting_id in touched:
        _refresh_countries(db, meeting_id)
    mark(db, "meeting", touched, "participants")
    return len(touched)


def _country_given(db, meeting_id: int, code: str, person_id: int) -> bool:
    """True if a meeting's country comes from something other than this person: another
    participant, its place, or a mention inside its evidence."""
    sql = """SELECT 1 FROM meetings m WHERE m.id = :m AND (
               EXISTS (SELECT 1 FROM people p WHERE p.country = :c AND p.id != :p
                       AND (p.id = m.chair_id OR p.id IN (SELECT person_id FROM meeting_people WHERE meeting_id = m.id)))
               OR EXISTS (SELECT 1 FROM places pl WHERE pl.id = m.place_id AND pl.country = :c)
               OR EXISTS (SELECT 1 FROM mentions x WHERE x.article_id = m.article_id AND x.entity_type = 'country'
                          AND +x.entity_id = :c AND x.start >= m.start AND x."end" <= m."end"))"""
    # (+: the article's mentions, by their index, not every mention of the country in the archive)
    return db.execute(sql, {"m": meeting_id, "c": code, "p": person_id}).fetchone() is not None


def _refresh_countries(db, meeting_id: int) -> None:
    db.execute("UPDATE meetings SET participants = (SELECT json_group_array(iso2) FROM "
               "(SELECT iso2 FROM meeting_countries WHERE meeting_id = ? ORDER BY iso2)) WHERE id = ?",
               [meeting_id, meeting_id])


def _set_person_role(db, person_id: int, value: str) -> list[str]:
    row = db["people"].get(person_id)
    mark(db, "person", [person_id], "role")
    if row["role"] == value:
        return []
    db["people"].update(person_id, {"role": value})
    return [f'{curation.label(db, "person", person_id)} is now "{value}" (was {_was(row["role"])})']


def _set_place_country(db, place_id: int, value: str) -> list[str]:
    """A place in another country: located again among that country's settlements (or not located)."""
    code, row = country(db, value), db["places"].get(place_id)
    mark(db, "place", [place_id], "country")
    if row["country"] == code:
        return []
    before = curation.label(db, "place", place_id)
    names = [row["name"], *(r[0] for r in db.execute("SELECT alias FROM place_aliases WHERE place_id = ?",
                                                       [place_id]))]
    hit = next((h for h in (geo.fuzzy_lookup(n, code) for n in names) if h), None)
    located = {"latitude": hit["latitude"], "longitude": hit["longitude"], "geonames_id": hit.get("geonameid"),
               "resolved": 1} if hit else {"latitude": None, "longitude": None, "geonames_id": None, "resolved": 0}
    db["places"].update(place_id, {"country": code, **located})
    where = f"located at GeoNames' {hit['matched']}" if hit else "not located (no GeoNames settlement there)"
    return [f"{before} is now in {code}, {where}"]


def _set_meeting_date(db, meeting_id: int, value: str) -> list[str]:
    day, precision = iso_date(value)
    row = db["meetings"].get(meeting_id)
    mark(db, "meeting", [meeting_id], "date")
    if (row["date"], row["date_precision"]) == (day, precision):
        return []
    db["meetings"].update(meeting_id, {"date": day, "date_precision": precision})
    return [f"meeting #{meeting_id} ({row['key']}): date {day} (was {_was(row['date'])})"]


def _set_meeting_place(db, meeting_id: int, value: str) -> list[str]:
    row = db["meetings"].get(meeting_id)
    place_id, created = _entity_or_new(db, "place", value)
    mark(db, "meeting", [meeting_id], "place")
    if row["place_id"] == place_id:
        return []
    db["meetings"].update(meeting_id, {"place_id": place_id})
    new = " (a new place)" if created else ""
    return [f"meeting #{meeting_id} ({row['key']}): held in {curation.label(db, 'place', place_id)}{new}"]


def _set_meeting_chair(db, meeting_id: int, value: str) -> list[str]:
    row = db["meetings"].get(meeting_id)
    person_id, created = _entity_or_new(db, "person", value)
    mark(db, "meeting", [meeting_id], "chair")
    if row["chair_id"] == person_id:
        return []
    db["meetings"].update(meeting_id, {"chair_id": person_id})
    _in_article(db, row["article_id"], person_id)
    new = " (a new person)" if created else ""
    return [f"meeting #{meeting_id} ({row['key']}): chaired by {curation.label(db, 'person', person_id)}{new}"]


def _set_statement_speaker(db, statement_id: int, value: str) -> list[str]:
    """The speaker is a person, else an organisation of that name, else a new person."""
    row = db["statements"].get(statement_id)
    kind = "organisation" if not curation.find(db, "person", value) and curation.find(db, "organisation", value) \
        else "person"
    speaker_id, created = _entity_or_new(db, kind, value)
    mark(db, "statement", [statement_id], "speaker")
    if row[SPEAKER_COLUMNS[kind]] == speaker_id:
        return []
    other = SPEAKER_COLUMNS["organisation" if kind == "person" else "person"]
    db["statements"].update(statement_id, {SPEAKER_COLUMNS[kind]: speaker_id, other: None})
    if kind == "person":
        _in_article(db, row["article_id"], speaker_id)
    new = f" (a new {kind})" if created else ""
    return [f"statement #{statement_id} ({row['key']}): said by {curation.label(db, kind, speaker_id)}{new}"]


SETTERS = {("person", "country"): _set_person_country, ("person", "role"): _set_person_role,
           ("place", "country"): _set_place_country, ("meeting", "date"): _set_meeting_date,
           ("meeting", "place"): _set_meeting_place, ("meeting", "chair"): _set_meeting_chair,
           ("statement", "speaker"): _set_statement_speaker}


def _was(value) -> str:
    return f'"{value}"' if value else "none"


def _entity_or_new(db, kind: str, name: str) -> tuple[int, bool]:
    """The row ``name`` names, or a new one ("Name (CC)" gives it a country); and whether it is new."""
    if curation.find(db, kind, name):
        return curation.one(db, kind, name), False
    bare, code = curation._qualified(name)
    code = resolve.country_code(db, code)
    if kind == "place":
        return resolve.place_id(db, {"name": bare, "country": code}), True
    if kind == "organisation":
        return resolve.organisation_id(db, {"name": bare, "country": code}), True
    person_id = db["people"].insert(resolve.person_row(bare.strip(), code)).last_pk
    resolve.index_person(db, person_id)
    return person_id, True


def _in_article(db, article_id: int, person_id: int) -> None:
    """A person the analyst puts into a fact appears in its article."""
    db["article_people"].insert({"article_id": article_id, "person_id": person_id, "roles": "[]"}, ignore=True)


# Participants -----------------------------------------------------------------------

def participants(db, kind: str, entry: dict) -> list[str]:
    """``archive add|remove meeting ID participant PERSON|COUNTRY``."""
    field = next(f for f in ("add_person", "add_country", "remove_person", "remove_country") if f in entry)
    return [change for meeting_id in locate(db, "meeting", entry)
            for change in CHANGES[field](db, meeting_id, entry[field])]


def _add_person(db, meeting_id: int, name: str) -> list[str]:
    row = db["meetings"].get(meeting_id)
    person_id, created = _entity_or_new(db, "person", name)
    mark(db, "meeting", [meeting_id], "participants")
    added = db.execute("INSERT OR IGNORE INTO meeting_people (meeting_id, person_id) VALUES (?, ?)",
                       [meeting_id, person_id]).rowcount
    if not added:
        return []
    _in_article(db, row["article_id"], person_id)
    code = db["people"].get(person_id)["country"]
    also = ""
    if code and db.execute("INSERT OR IGNORE INTO meeting_countries (meeting_id, iso2) VALUES (?, ?)",
                           [meeting_id, code]).rowcount:
        _refresh_countries(db, meeting_id)
        also = f", and so {code}"
    new = " (a new person)" if created else ""
    return [f"meeting #{meeting_id} ({row['key']}): {curation.label(db, 'person', person_id)}{new} takes part{also}"]


def _remove_person(db, meeting_id: int, name: str) -> list[str]:
    people = curation.find(db, "person", name)
    if not people:
        raise _error(f'no person named "{name}" in the archive')
    row = db["meetings"].get(meeting_id)
    mark(db, "meeting", [meeting_id], "participants")
    removed = db.execute("DELETE FROM meeting_people WHERE meeting_id = ? AND person_id IN "
                         "(SELECT value FROM json_each(?))", [meeting_id, json.dumps(people)]).rowcount
    if row["chair_id"] in people:
        db["meetings"].update(meeting_id, {"chair_id": None})
        removed += 1
    if not removed:
        return []
    return [f"meeting #{meeting_id} ({row['key']}): \"{name}\" no longer takes part"]


def _add_country(db, meeting_id: int, value: str) -> list[str]:
    code, row = country(db, value), db["meetings"].get(meeting_id)
    mark(db, "meeting", [meeting_id], "participants")
    if not db.execute("INSERT OR IGNORE INTO meeting_countries (meeting_id, iso2) VALUES (?, ?)",
                      [meeting_id, code]).rowcount:
        return []
    _refresh_countries(db, meeting_id)
    return [f"meeting #{meeting_id} ({row['key']}): {code} takes part"]


def _remove_country(db, meeting_id: int, value: str) -> list[str]:
    code, row = country(db, value), db["meetings"].get(meeting_id)
    mark(db, "meeting", [meeting_id], "participants")
    if not db.execute("DELETE FROM meeting_countries WHERE meeting_id = ? AND iso2 = ?", [meeting_id, code]).rowcount:
        return []
    _refresh_countries(db, meeting_id)
    return [f"meeting #{meeting_id} ({row['key']}): {code} no longer takes part"]


CHANGES = {"add_person": _add_person, "remove_person": _remove_person, "add_country": _add_country,
           "remove_country": _remove_country}


# Titles ------------------------------------------------------------------------------

def _title_key(text: str) -> str:
    """A title without its article: "The President" and "President" are one title."""
    words = resolve.normalise(text).split()
    while words and words[0] in gazetteer.word_set("english", "articles"):
        words = words[1:]
    return " ".join(words)


def _title_scope(db, entry: dict, notes: list[str]) -> dict:
    """Fill in a title alias's country and dates from its person, and say so."""
    person_id = curation.one(db, "person", entry["of"])
    person, who = db["people"].get(person_id), curation.label(db, "person", person_id)
    code = country(db, entry["country"]) if entry.get("country") else person["country"]
    if not code:
        raise _error(f'"{entry["alias"]}" is a title: it can be tied to {who} only in one country; give --country')
    since, until = entry.get("from"), entry.get("to")
    first, last = db.execute("SELECT min(a.published), max(a.published) FROM articles a JOIN article_people ap "
                             "ON ap.article_id = a.id WHERE ap.person_id = ?", [person_id]).fetchone()
    if not (since and until) and not first:
        raise _error(f'"{entry["alias"]}" is a title: it can be tied to {who} only for a period, and no dated '
                     f"article names them; give --from and --to")
    derived = not (since and until)
    since, until = since or first[:10], until or last[:10]
    source = " (the dates of the articles that name them)" if derived else ""
    notes.append(f'"{entry["alias"]}" is a title, so it is tied to {who} only in articles about {code} published '
                 f"from {since} to {until}{source}; choose with --country, --from and --to")
    return {"alias": entry["alias"], "of": entry["of"], "country": code, "from": since, "to": until}


def _about(db, article_id: int, url: str | None, code: str) -> bool:
    """An article is about a country that it names, or whose government published it (a readout)."""
    from .extract.pipeline import publisher_country

    named = db.execute("SELECT 1 FROM article_countries WHERE article_id = ? AND iso2 = ?", [article_id, code])
    return named.fetchone() is not None or publisher_country(url) == code


def title_alias(db, entry: dict) -> list[str]:
    """Link the statements made under a title to a person, in one country's articles of one period."""
    name = entry["alias"]
    if not all(entry.get(f) for f in ("country", "from", "to")):
        raise _error(f'"{name}" is a title: it can be tied to a person only with a country and dates '
                     f"(country, from, to)")
    person_id, code = curation.one(db, "person", entry["of"]), country(db, entry["country"])
    rows = db.execute("""SELECT s.id, s.speaker_id, s.speaker_name, a.id, a.url FROM statements s
                         JOIN articles a ON a.id = s.article_id
                         WHERE s.organisation_id IS NULL AND (s.speaker_id IS NULL OR s.speaker_id = ?)
                         AND a.published >= ? AND a.published <= ?""",
                      [person_id, entry["from"], _until(entry["to"])]).fetchall()
    said = [(sid, speaker) for sid, speaker, speaker_name, article_id, url in rows
            if _title_key(speaker_name or "") == _title_key(name) and _about(db, article_id, url, code)]
    linked = [sid for sid, speaker in said if speaker is None]
    db.execute("UPDATE statements SET speaker_id = ? WHERE id IN (SELECT value FROM json_each(?))",
               [person_id, json.dumps(linked)])
    mark(db, "statement", [sid for sid, _ in said], "speaker")
    resolve.add_person_aliases(db, person_id, [name], kind="title")
    if not linked:
        return []
    return [f'linked {len(linked)} statement{"s" if len(linked) != 1 else ""} by "{name}" to '
            f"{curation.label(db, 'person', person_id)} (articles about {code} published "
            f"from {entry['from']} to {entry['to']})"]


OPERATIONS = {"distinct": distinct, "kinds": retype, "sets": set_value, "participants": participants}
