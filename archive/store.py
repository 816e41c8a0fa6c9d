"""Writes to ``archive.db``: schema upkeep and one transaction per article.

``schema.sql`` (top of the repository) defines every table, index, trigger and
view; ``open_db`` applies it on every open. ``save_article`` replaces all facts
of an article at once, so a crash half-way leaves the previous state intact.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pycountry
import sqlite_utils

from . import events, resolve
from .model import Article

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema.sql"
SCHEMA_VERSION = 2
# pycountry follows ISO 3166-1, which has no code for Kosovo; news uses XK.
EXTRA_COUNTRIES = [{"iso2": "XK", "iso3": "XKX", "name": "Kosovo"}]
# Child tables first: they reference the article's meetings and statements.
FACT_DELETES = [
    "DELETE FROM meeting_countries WHERE meeting_id IN (SELECT id FROM meetings WHERE article_id = ?)",
    "DELETE FROM meeting_people WHERE meeting_id IN (SELECT id FROM meetings WHERE article_id = ?)",
    "DELETE FROM statement_countries WHERE statement_id IN "
    "(SELECT id FROM statements WHERE article_id = ?)",
    "DELETE FROM meetings WHERE article_id = ?",
    "DELETE FROM statements WHERE article_id = ?",
    "DELETE FROM mentions WHERE article_id = ?",
    "DELETE FROM article_countries WHERE article_id = ?",
    "DELETE FROM article_people WHERE article_id = ?",
    "DELETE FROM person_roles WHERE article_id = ?",
]


@dataclass
class _LocalIds:
    """Extraction-local ids ("p1", "o1", "l1") mapped to database ids."""

    people: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    places: dict = field(default_factory=dict)


# Opening --------------------------------------------------------------------

def open_db(path) -> sqlite_utils.Database:
    """Open (or create) the archive database and bring its schema up to date."""
    db = sqlite_utils.Database(path)
    # Must be set outside a transaction, and per connection.
    db.execute("PRAGMA foreign_keys = ON")
    if not db.memory:
        db.enable_wal()  # lets Datasette read while a load is writing
    schema = SCHEMA_PATH.read_text(encoding="utf-8")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    _add_missing_columns(db, schema)
    db.executescript(schema)
    with db.atomic():
        db["countries"].upsert_all(_country_rows(), pk="iso2")
        if 0 < version < SCHEMA_VERSION:
            _upgrade(db)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return db


def _add_missing_columns(db, schema: str) -> None:
    """Add columns that schema.sql declares but an older database lacks (before its indexes)."""
    wanted = sqlite3.connect(":memory:")
    wanted.executescript(schema)
    for table in db.table_names():
        have = set(db[table].columns_dict)
        for _, name, type_, notnull, default, _ in wanted.execute(f"PRAGMA table_info([{table}])"):
            if name not in have:
                extra = f" NOT NULL DEFAULT {default}" if notnull else (f" DEFAULT {default}" if default else "")
                db.execute(f'ALTER TABLE [{table}] ADD COLUMN "{name}" {type_}{extra}')
    wanted.close()


# Version 1 -> 2: stable keys, dated roles, alias kinds and match keys.
UPGRADE_SQL = [
    "UPDATE statements SET key = (SELECT name FROM articles WHERE id = article_id) || '@' || start || '-' || \"end\" "
    "WHERE key IS NULL",
    "UPDATE meetings SET key = (SELECT name FROM articles WHERE id = article_id) || '@' || start || '-' || \"end\" "
    "WHERE key IS NULL",
    "INSERT OR IGNORE INTO person_roles (person_id, role, article_id, date) "
    "SELECT ap.person_id, r.value, ap.article_id, a.published "
    "FROM article_people ap JOIN articles a ON a.id = ap.article_id, json_each(ap.roles) r",
]


def _upgrade(db) -> None:
    """Fill what an older schema did not record, from what it did."""
    for sql in UPGRADE_SQL:
        db.execute(sql)
    for pid, name in db.execute("SELECT id, name FROM people").fetchall():
        for (alias,) in db.execute("SELECT alias FROM person_aliases WHERE person_id = ?", [pid]).fetchall():
            db.execute("UPDATE person_aliases SET kind = ? WHERE person_id = ? AND alias = ?",
                       [resolve.alias_kind(alias, name), pid, alias])
        resolve.index_person(db, pid)


def _country_rows() -> list[dict]:
    """Every ISO country, named as news names it ("Russia", not "Russian Federation")."""
    from .extract.countries import country_name

    rows = []
    for c in pycountry.countries:
        try:
            name = country_name(c.alpha_2)
        except KeyError:
            name = getattr(c, "common_name", c.name)
        rows.append({"iso2": c.alpha_2, "iso3": c.alpha_3, "name": name})
    return rows + EXTRA_COUNTRIES


def is_unchanged(db, article: Article) -> bool:
    """True if this article (same path, same content hash) is already stored."""
    row = db.execute("SELECT 1 FROM articles WHERE path = ? AND sha256 = ?",
                     [article.path, article.sha256]).fetchone()
    return row is not None


# Saving one article ---------------------------------------------------------

def save_article(db, article: Article, extraction: dict) -> str:
    """Store an article and its facts in one transaction; returns "added" or "replaced"."""
    with db.atomic():
        article_id, outcome = _upsert_article(db, article, extraction)
        if outcome == "replaced":
            _delete_facts(db, article_id)
        ids = _save_entities(db, article_id, extraction)
        _save_roles(db, article_id, extraction, ids, article.published or extraction.get("published"))
        _save_meetings(db, article.name, article_id, extraction, ids)
        _save_statements(db, article.name, article_id, extraction, ids)
        _save_mentions(db, article_id, extraction, ids)
        _save_countries(db, article_id, extraction)
        _refresh_people(db, list(set(ids.people.values())))
    return outcome


def _upsert_article(db, article: Article, extraction: dict) -> tuple[int, str]:
    """Insert or update the row by path; an update keeps the id so links stay valid."""
    row = {
        "name": article.name, "path": article.path,
        "title": article.title or extraction.get("title"),
        "published": article.published or extraction.get("published"),
        "url": article.url, "source": article.source, "license": article.license,
        "format": article.format, "sha256": article.sha256, "body": article.body,
        "loaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    existing = db.execute("SELECT id FROM articles WHERE path = ?", [article.path]).fetchone()
    if existing:
        db["articles"].update(existing[0], row)
        return existing[0], "replaced"
    return db["articles"].insert(row).last_pk, "added"


def _delete_facts(db, article_id: int) -> None:
    for sql in FACT_DELETES:
        db.execute(sql, [article_id])


def _save_entities(db, article_id: int, extraction: dict) -> _LocalIds:
    """Resolve people, organisations and places to archive rows."""
    ids = _LocalIds()
    for person in extraction.get("people") or []:
        if (person.get("name") or "").strip():
            ids.people[person["id"]] = resolve.person_id(db, person)
            _save_article_person(db, article_id, ids.people[person["id"]], person)
    for org in extraction.get("organisations") or []:
        if (org.get("name") or "").strip():
            ids.organisations[org["id"]] = resolve.organisation_id(db, org)
    for place in extraction.get("places") or []:
        if (place.get("name") or "").strip():
            ids.places[place["id"]] = resolve.place_id(db, place)
    return ids


def _save_article_person(db, article_id: int, person_id: int, person: dict) -> None:
    roles = [r for r in person.get("roles") or [] if r]
    db["article_people"].insert(
        {"article_id": article_id, "person_id": person_id,
         "role": roles[0] if roles else None, "roles": _json(roles)},
        ignore=True,  # two extracted people may resolve to one archive person
    )


def _save_roles(db, article_id: int, extraction: dict, ids: _LocalIds, date: str | None) -> None:
    """Each role the article gives a person, dated by the article."""
    rows = [{"person_id": ids.people[p["id"]], "role": role, "article_id": article_id, "date": date}
            for p in extraction.get("people") or [] if p.get("id") in ids.people
            for role in p.get("roles") or [] if role]
    db["person_roles"].insert_all(rows, ignore=True)


def row_key(article_name: str, start, end) -> str:
    """Stable identity of a statement or meeting across reloads: "article name@start-end"."""
    return f"{article_name}@{start}-{end}"


def _save_meetings(db, article_name: str, article_id: int, extraction: dict, ids: _LocalIds) -> None:
    """Each meeting the article reports, held, planned or cancelled, with the words naming each party."""
    keys: Counter = Counter()
    for meeting in (extraction.get("meetings") or []) + (extraction.get("cancelled_meetings") or []):
        countries = _known_countries(db, meeting.get("countries"))
        people = _mapped(ids.people, meeting.get("people_ids"))
        status = meeting.get("status") or ("planned" if meeting.get("planned") else "held")
        row = {
            "article_id": article_id, "kind": meeting.get("kind"),
            "date": meeting.get("date"), "date_precision": meeting.get("date_precision"),
            "planned": int(status == "planned"), "status": status,
            "place_id": _meeting_place(db, meeting, ids),
            "chair_id": ids.people.get(meeting.get("chair_id")),
            "evidence": meeting.get("evidence"),
            "start": meeting.get("start"), "end": meeting.get("end"),
            "spans": _json(meeting.get("spans") or [[meeting.get("start"), meeting.get("end")]]),
            "participants": _json(countries),
            "participant_names": _json(_person_names(db, people)),
            "key": _unique_key(keys, row_key(article_name, meeting.get("start"), meeting.get("end"))),
        }
        meeting_id = db["meetings"].insert(row).last_pk
        words = _party_words(meeting, ids)
        db["meeting_countries"].insert_all(
            [{"meeting_id": meeting_id, "iso2": c, **words.get(("country", c), {})} for c in countries], ignore=True)
        db["meeting_people"].insert_all(
            [{"meeting_id": meeting_id, "person_id": p, **words.get(("person", p), {})} for p in people], ignore=True)


def _unique_key(seen: Counter, key: str) -> str:
    """Two meetings told in one sentence ("a visit ... and a call ...") share its span: "#2" tells them apart."""
    seen[key] += 1
    return key if seen[key] == 1 else f"{key}#{seen[key]}"


def _party_words(meeting: dict, ids: _LocalIds) -> dict:
    """(kind, archive id) -> {"start", "end"}: the characters naming each participant."""
    out = {}
    for p in meeting.get("participants") or []:
        ref = ids.people.get(p["ref"]) if p["kind"] == "person" else (p["ref"] or "").upper()
        out.setdefault((p["kind"], ref), {"start": p["start"], "end": p["end"]})
    return out


def _meeting_place(db, meeting: dict, ids: _LocalIds) -> int | None:
    """The place row by local id, or resolved from the meeting's own place fields."""
    if meeting.get("place_id") in ids.places:
        return ids.places[meeting["place_id"]]
    if not (meeting.get("place") or "").strip():
        return None
    return resolve.place_id(db, {"name": meeting["place"], "aliases": meeting.get("place_aliases"),
                                 "country": meeting.get("place_country")})


def _save_statements(db, article_name: str, article_id: int, extraction: dict, ids: _LocalIds) -> None:
    for statement in extraction.get("statements") or []:
        countries = _known_countries(db, statement.get("countries"))
        person_id, organisation_id = _speaker(statement, ids)
        row = {
            "article_id": article_id,
            "speaker_id": person_id, "organisation_id": organisation_id,
            "speaker_name": statement.get("speaker"),
            "text": statement["text"], "kind": statement.get("kind"),
            "date": statement.get("date"), "date_precision": statement.get("date_precision"),
            "cue": statement.get("cue"),
            "start": statement.get("start"), "end": statement.get("end"),
            "countries": _json(countries),
            "key": row_key(article_name, statement.get("start"), statement.get("end")),
        }
        statement_id = db["statements"].insert(row).last_pk
        _join(db, "statement_countries", "statement_id", statement_id, "iso2", countries)


def _speaker(statement: dict, ids: _LocalIds) -> tuple[int | None, int | None]:
    """(people.id, organisations.id) of the speaker; at most one is set."""
    local, kind = statement.get("speaker_id"), statement.get("speaker_type")
    if kind == "organisation":
        return None, ids.organisations.get(local)
    return ids.people.get(local), None if kind == "person" else ids.organisations.get(local)


def _save_mentions(db, article_id: int, extraction: dict, ids: _LocalIds) -> None:
    rows = []
    for kind, key, mapping in (("person", "people", ids.people),
                               ("organisation", "organisations", ids.organisations),
                               ("place", "places", ids.places)):
        for entity in extraction.get(key) or []:
            if entity.get("id") in mapping:
                rows += [_mention(article_id, kind, mapping[entity["id"]], m)
                         for m in entity.get("mentions") or []]
    rows += [_mention(article_id, "country", m.get("iso2"), m)
             for m in extraction.get("country_mentions") or []]
    rows += [_mention(article_id, "date", m.get("value"), m) for m in extraction.get("dates") or []]
    db["mentions"].insert_all(rows)


def _mention(article_id: int, entity_type: str, entity_id, mention: dict) -> dict:
    return {"article_id": article_id, "entity_type": entity_type,
            "entity_id": None if entity_id is None else str(entity_id),
            "surface": mention.get("text") or "", "start": mention.get("start"),
            "end": mention.get("end")}


def _save_countries(db, article_id: int, extraction: dict) -> None:
    """Every country of the article, with how many times the text names it."""
    counts = Counter((m.get("iso2") or "").upper() for m in extraction.get("country_mentions") or [])
    listed = list(extraction.get("countries") or []) + list(counts)
    rows = [{"article_id": article_id, "iso2": iso2, "count": counts.get(iso2, 0)}
            for iso2 in _known_countries(db, listed)]
    db["article_countries"].insert_all(rows, ignore=True)


# Small helpers --------------------------------------------------------------

def _json(value) -> str:
    """Compact UTF-8 JSON, the same form SQLite's json functions write."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _known_countries(db, codes) -> list[str]:
    """Sorted unique codes that exist in ``countries``; unknown codes are dropped."""
    return sorted({c for c in (resolve.country_code(db, code) for code in codes or []) if c})


def _mapped(mapping: dict, local_ids) -> list[int]:
    return list(dict.fromkeys(mapping[i] for i in local_ids or [] if i in mapping))


def _person_names(db, person_ids: list[int]) -> list[str]:
    return sorted(db["people"].get(pid)["name"] for pid in person_ids)


def _join(db, table: str, left: str, left_id: int, right: str, right_ids) -> None:
    """Insert join rows directly; ``table.m2m`` would rewrite the joined rows."""
    db[table].insert_all([{left: left_id, right: r} for r in right_ids], ignore=True)


# Upkeep after a load --------------------------------------------------------

# Entities that nothing in any article refers to any more, e.g. after a replace.
ORPHAN_DELETES = [
    """DELETE FROM people WHERE
        NOT EXISTS (SELECT 1 FROM article_people WHERE person_id = people.id)
        AND NOT EXISTS (SELECT 1 FROM meeting_people WHERE person_id = people.id)
        AND NOT EXISTS (SELECT 1 FROM meetings WHERE chair_id = people.id)
        AND NOT EXISTS (SELECT 1 FROM statements WHERE speaker_id = people.id)
        AND NOT EXISTS (SELECT 1 FROM mentions
                        WHERE entity_type = 'person' AND entity_id = CAST(people.id AS TEXT))""",
    """DELETE FROM organisations WHERE
        NOT EXISTS (SELECT 1 FROM statements WHERE organisation_id = organisations.id)
        AND NOT EXISTS (SELECT 1 FROM mentions WHERE entity_type = 'organisation'
                        AND entity_id = CAST(organisations.id AS TEXT))""",
    """DELETE FROM places WHERE
        NOT EXISTS (SELECT 1 FROM meetings WHERE place_id = places.id)
        AND NOT EXISTS (SELECT 1 FROM mentions
                        WHERE entity_type = 'place' AND entity_id = CAST(places.id AS TEXT))""",
]

# Current role: from the most recent article (by publication date) that gives one;
# roles: every role in the order the articles first gave it (see person_roles).
REFRESH_PEOPLE = """
UPDATE people SET
    role = (SELECT ap.role FROM article_people ap JOIN articles a ON a.id = ap.article_id
            WHERE ap.person_id = people.id AND ap.role IS NOT NULL
            ORDER BY a.published DESC NULLS LAST, a.id DESC LIMIT 1),
    roles = (SELECT json_group_array(role) FROM
             (SELECT role, min(date) AS first FROM person_roles WHERE person_id = people.id
              GROUP BY role ORDER BY first NULLS LAST, role)),
    article_count = (SELECT count(*) FROM article_people WHERE person_id = people.id),
    mention_count = (SELECT count(*) FROM mentions
                     WHERE entity_type = 'person' AND entity_id = CAST(people.id AS TEXT))
"""

# Names in meetings.participant_names follow renames made by resolve.
REFRESH_PARTICIPANT_NAMES = """
UPDATE meetings SET participant_names = (
    SELECT json_group_array(name) FROM (
        SELECT p.name FROM meeting_people mp JOIN people p ON p.id = mp.person_id
        WHERE mp.meeting_id = meetings.id ORDER BY p.name))
"""


def finalize(db) -> None:
    """After a load or curation: link reports into archive meetings (``events.link``), drop orphaned
    entities, link speakers known only by name, refresh derived columns, update statistics."""
    with db.atomic():
        events.link(db)  # before the orphans go: the old archive meetings still point at them
        for sql in ORPHAN_DELETES:
            db.execute(sql)
        resolve.link_speakers(db)
        _refresh_people(db)
        db.execute(REFRESH_PARTICIPANT_NAMES)
    db.execute("PRAGMA optimize")  # cheap: only analyzes tables whose stats are stale


def _refresh_people(db, person_ids: list[int] | None = None) -> None:
    """Recompute role, roles and counts, for some people or everyone."""
    if person_ids is None:
        db.execute(REFRESH_PEOPLE)
    elif person_ids:
        db.execute(REFRESH_PEOPLE + " WHERE id IN (SELECT value FROM json_each(?))",
                   [json.dumps(person_ids)])
