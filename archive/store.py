"""Writes to ``archive.db``: schema upkeep and one transaction per article.

``schema.sql`` (top of the repository) defines every table, index, trigger and
view; ``open_db`` applies it on every open, in one transaction. ``save_article``
replaces all facts of an article at once, so a crash half-way leaves the previous
state intact. Writers take turns: ``writing`` holds a lock file beside the
database, so a second load waits for the first. A database that cannot be used
(not SQLite, damaged, read-only, full, locked too long) raises ``DatabaseError``.
"""
from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import quote

import pycountry
import sqlite_utils

from . import events, limits, resolve, summaries, tables
from .model import Article

try:
    import fcntl
except ImportError:  # not Unix: writers are not serialised
    fcntl = None

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schema.sql"
SCHEMA_VERSION = 3
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


# Errors ---------------------------------------------------------------------

class DatabaseError(Exception):
    """The database file cannot be used; str() says why and what to do (without the path)."""


# SQLite result codes that mean the file itself cannot be used, with what to tell the user.
# Extended codes (SQLITE_IOERR_WRITE, ...) count as their primary code. Messages are the
# fallback where Python does not give the code (before 3.11).
UNUSABLE = (
    ("SQLITE_FULL", "database or disk is full", "cannot write: the disk is full"),
    ("SQLITE_READONLY", "readonly database", "cannot write: the database is read-only"),
    ("SQLITE_NOTADB", "file is not a database", "not an SQLite database: choose another --db file"),
    ("SQLITE_CORRUPT", "malformed", "the database is damaged: restore it from a backup, "
                                    "or delete it and load the articles again"),
    ("SQLITE_CANTOPEN", "unable to open database", "cannot open the database file"),
    ("SQLITE_IOERR", "disk i/o error", "a disk read or write failed"),
    ("SQLITE_PERM", "access permission denied", "access to the database was denied"),
    ("SQLITE_BUSY", "database is locked", "the database is locked by another program: try again when it is done"),
)


def unusable(exc: sqlite3.Error) -> DatabaseError | None:
    """A DatabaseError if ``exc`` means the database file cannot be used, else None (a bug)."""
    name = getattr(exc, "sqlite_errorname", None)
    text = str(exc).lower()
    for code, message, advice in UNUSABLE:
        if (name == code or (name or "").startswith(code + "_")) if name else message in text:
            return DatabaseError(f"{advice} ({exc})")
    return None


@contextlib.contextmanager
def database_errors():
    """Turn SQLite errors about the database file into ``DatabaseError``; others pass unchanged."""
    try:
        yield
    except sqlite3.Error as exc:
        error = unusable(exc)
        if error is None:
            raise
        raise error from None


# Opening --------------------------------------------------------------------

def open_db(path) -> sqlite_utils.Database:
    """Open (or create) the archive database and bring its schema up to date."""
    with database_errors():
        db = _connect(path)
        # Must be set outside a transaction, and per connection.
        db.execute("PRAGMA foreign_keys = ON")
        if not db.memory:
            db.enable_wal()  # lets Datasette read while a load is writing
        _apply_schema(db)
    return db


def _connect(path) -> sqlite_utils.Database:
    if str(path) == ":memory:":
        return sqlite_utils.Database(memory=True)
    # timeout: a write waits this long for another writer (or a checkpoint) before failing.
    return sqlite_utils.Database(sqlite3.connect(str(path), timeout=limits.BUSY_SECONDS,
                                                 check_same_thread=False))


def _apply_schema(db) -> None:
    """schema.sql, the countries and upgrades, in one write transaction, so two processes
    starting together never interleave its drops and creates."""
    schema = SCHEMA_PATH.read_text(encoding="utf-8")
    with transaction(db):
        version = db.execute("PRAGMA user_version").fetchone()[0]
        _add_missing_columns(db, schema)
        db.executescript(schema)
        db["countries"].upsert_all(_country_rows(), pk="iso2")
        if 0 < version < 2:
            _upgrade(db)
        if 0 < version < 3:  # person_keys became match keys (resolve.match_keys)
            for (pid,) in db.execute("SELECT id FROM people").fetchall():
                resolve.index_person(db, pid)
        if summaries.missing(db):  # also when they change shape: the archive meetings (and windows) too
            events.link(db)
            summaries.rebuild(db, now())
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


@contextlib.contextmanager
def transaction(db):
    """A write transaction that takes SQLite's write lock when it begins (BEGIN IMMEDIATE).

    A deferred transaction (sqlite-utils' ``atomic``) reads first and asks for the write lock
    later; if another process wrote in between, SQLite refuses at once ("database is
    locked") instead of waiting. Every write of the archive goes through here, so it waits
    its turn (up to ``limits.BUSY_SECONDS``). Nested, it is a savepoint.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise


# Taking turns ---------------------------------------------------------------

def lock_path(db_path) -> Path:
    return Path(f"{db_path}.lock")


@contextlib.contextmanager
def write_lock(db_path, on_wait=None):
    """Hold the archive's write lock, the file ``DB.lock`` beside the database, for the block.

    Loads and curation commands write one at a time. When another process holds the
    lock, ``on_wait(message)`` is called once and the block waits for its turn.
    """
    if fcntl is None or str(db_path) == ":memory:":
        yield
        return
    path = lock_path(db_path)
    try:
        handle = open(path, "a+", encoding="ascii")
    except OSError as exc:
        raise DatabaseError(f"cannot create the lock file {path} ({exc.strerror or exc})") from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip()
            if on_wait:
                on_wait(f"waiting for another process{f' (pid {holder})' if holder else ''} "
                        f"to finish writing {db_path}")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def writing(db_path, on_wait=None):
    """The database, opened for writing once this process holds the write lock; closed after."""
    with write_lock(db_path, on_wait):
        db = open_db(db_path)
        try:
            yield db
        finally:
            db.close()


def ensure_summaries(db_path, on_wait=None) -> None:
    """Build the summary tables of an archive written before them (or by an older version);
    opening it for writing does (see ``_apply_schema``). Nothing to do otherwise."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{quote(str(Path(db_path).resolve()))}?mode=ro",
                                                uri=True)) as conn:
            needed = summaries.missing(conn)
    except sqlite3.Error:  # no summary table yet
        needed = True
    if needed:
        with writing(db_path, on_wait):
            pass


def check_readable(path) -> None:
    """Raise ``DatabaseError`` unless ``path`` is an SQLite database this process can read."""
    try:
        with contextlib.closing(sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=ro", uri=True)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        raise unusable(exc) or DatabaseError(str(exc)) from None


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
    with database_errors():
        row = db.execute("SELECT 1 FROM articles WHERE path = ? AND sha256 = ?",
                         [article.path, article.sha256]).fetchone()
    return row is not None


# Saving one article ---------------------------------------------------------

def save_article(db, article: Article, extraction: dict) -> str:
    """Store an article and its facts in one transaction; returns "added" or "replaced"."""
    changes = Changes()
    with database_errors(), transaction(db):
        outcome = _store_article(db, article, extraction, changes)
        _refresh_people(db, sorted(changes.people))
    return outcome


def _store_article(db, article: Article, extraction: dict, changes: "Changes") -> str:
    """Write the article and its facts (inside the caller's transaction); note what changed."""
    article_id, outcome = _upsert_article(db, article, extraction)
    if outcome == "replaced":
        changes.lost(db, article_id)
        _delete_facts(db, article_id)
    ids = _save_entities(db, article_id, extraction, article.title or extraction.get("title"))
    _save_roles(db, article_id, extraction, ids, article.published or extraction.get("published"))
    _save_meetings(db, article.name, article_id, extraction, ids)
    _save_statements(db, article.name, article_id, extraction, ids)
    _save_mentions(db, article_id, extraction, ids)
    _save_countries(db, article_id, extraction)
    changes.articles.add(article_id)
    changes.people.update(ids.people.values())
    changes.organisations.update(ids.organisations.values())
    changes.places.update(ids.places.values())
    return outcome


# Saving many articles -------------------------------------------------------

# Articles written per transaction by a load: one commit (and one fsync) per batch
# instead of per article; each article still has its own savepoint.
BATCH_ARTICLES = 100

# What a replaced article's facts referred to: people to refresh, and entities
# that may have no facts left (orphans) once they are deleted.
LOST_SQL = {
    "people": """SELECT person_id FROM article_people WHERE article_id = :a
                 UNION SELECT speaker_id FROM statements WHERE article_id = :a AND speaker_id IS NOT NULL""",
    "organisations": """SELECT organisation_id FROM statements WHERE article_id = :a AND organisation_id IS NOT NULL
                        UNION SELECT CAST(entity_id AS INTEGER) FROM mentions
                        WHERE article_id = :a AND entity_type = 'organisation'""",
    "places": """SELECT place_id FROM meetings WHERE article_id = :a AND place_id IS NOT NULL
                 UNION SELECT CAST(entity_id AS INTEGER) FROM mentions WHERE article_id = :a AND entity_type = 'place'""",
}


@dataclass
class Changes:
    """What a load changed: the upkeep after it (``finish``) touches only these rows."""

    articles: set = field(default_factory=set)  # ids of the articles stored
    # Entities the stored articles resolved to, or that a replaced article's old facts named.
    people: set = field(default_factory=set)
    organisations: set = field(default_factory=set)
    places: set = field(default_factory=set)
    # A replaced article's old meeting reports (events.Report) and the archive meetings they were in.
    lost_reports: list = field(default_factory=list)
    lost_events: set = field(default_factory=set)

    def lost(self, db, article_id: int) -> None:
        """Note the entities an article's old facts referred to, before they are deleted."""
        for name, sql in LOST_SQL.items():
            getattr(self, name).update(r[0] for r in db.execute(sql, {"a": article_id}).fetchall())
        reports, in_events = events.lost_reports(db, article_id)
        self.lost_reports += reports
        self.lost_events |= in_events

    def merge(self, other: "Changes") -> None:
        for name in ("articles", "people", "organisations", "places", "lost_events"):
            getattr(self, name).update(getattr(other, name))
        self.lost_reports += other.lost_reports

    def __bool__(self) -> bool:
        return bool(self.articles)


class Writer:
    """Stores articles in batches: one transaction per ``batch`` articles, a savepoint per article.

    ``save`` either stores the whole article or, on an error, nothing of it (its
    savepoint is rolled back) and raises. ``flush`` commits the batch, refreshes the
    people it touched and calls ``on_commit(outcomes)`` with the "added"/"replaced" of
    each article committed. A ``DatabaseError`` rolls the open batch back: its articles
    are not stored and never reported as committed.
    """

    def __init__(self, db, batch: int = BATCH_ARTICLES, on_commit=None):
        self.db, self.batch, self.on_commit = db, batch, on_commit
        watch(db)
        self.changes = Changes()
        self._outcomes: list[str] = []
        self._people: set = set()

    def save(self, article: Article, extraction: dict) -> str:
        try:
            with database_errors():
                if not self.db.conn.in_transaction:
                    self.db.execute("BEGIN IMMEDIATE")
                with self.db.atomic():  # a savepoint: this article or nothing of it
                    changes = Changes()
                    outcome = _store_article(self.db, article, extraction, changes)
        except DatabaseError:
            self._abandon()
            raise
        self._merge(changes)
        self._outcomes.append(outcome)
        if len(self._outcomes) >= self.batch:
            self.flush()
        return outcome

    def flush(self) -> None:
        if not self.db.conn.in_transaction:
            return
        try:
            with database_errors():
                _refresh_people(self.db, sorted(self._people))
                self.db.execute("COMMIT")
        except DatabaseError:
            self._abandon()
            raise
        outcomes, self._outcomes, self._people = self._outcomes, [], set()
        if self.on_commit:
            self.on_commit(outcomes)

    def _merge(self, changes: Changes) -> None:
        self.changes.merge(changes)
        self._people |= changes.people

    def _abandon(self) -> None:
        if self.db.conn.in_transaction:
            self.db.conn.rollback()
        self._outcomes, self._people = [], set()


def now() -> str:
    """The time an article is stored (UTC, to the second): ``articles.loaded_at``."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _upsert_article(db, article: Article, extraction: dict) -> tuple[int, str]:
    """Insert or update the row by path; an update keeps the id so links stay valid."""
    row = {
        "name": article.name, "path": article.path,
        "title": article.title or extraction.get("title"),
        "published": article.published or extraction.get("published"),
        "url": article.url, "source": article.source, "license": article.license,
        "format": article.format, "sha256": article.sha256, "body": article.body,
        "loaded_at": now(),
    }
    existing = db.execute("SELECT id FROM articles WHERE path = ?", [article.path]).fetchone()
    if existing:
        tables.update(db, "articles", existing[0], row)
        return existing[0], "replaced"
    return tables.insert(db, "articles", row), "added"


def _delete_facts(db, article_id: int) -> None:
    for sql in FACT_DELETES:
        db.execute(sql, [article_id])


def _save_entities(db, article_id: int, extraction: dict, headline: str | None = None) -> _LocalIds:
    """Resolve people, organisations and places to archive rows (people named by surname
    only take the full name the headline gives them)."""
    ids = _LocalIds()
    for person in extraction.get("people") or []:
        if (person.get("name") or "").strip():
            ids.people[person["id"]] = resolve.person_id(db, person, headline)
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
    tables.insert(
        db, "article_people",
        {"article_id": article_id, "person_id": person_id,
         "role": roles[0] if roles else None, "roles": _json(roles)},
        ignore=True,  # two extracted people may resolve to one archive person
    )


def _save_roles(db, article_id: int, extraction: dict, ids: _LocalIds, date: str | None) -> None:
    """Each role the article gives a person, dated by the article."""
    rows = [{"person_id": ids.people[p["id"]], "role": role, "article_id": article_id, "date": date}
            for p in extraction.get("people") or [] if p.get("id") in ids.people
            for role in p.get("roles") or [] if role]
    tables.insert_many(db, "person_roles", rows, ignore=True)


def row_key(article_name: str, start, end, taken: set | None = None) -> str:
    """Stable identity of a statement or meeting across reloads: "article name@start-end".

    A second row of the article with the same span (two meetings told by one sentence)
    gets "#2", a third "#3", in the order of the extraction; ``taken`` holds the keys so far.
    """
    key, n = f"{article_name}@{start}-{end}", 1
    while taken is not None and (key if n == 1 else f"{key}#{n}") in taken:
        n += 1
    key = key if n == 1 else f"{key}#{n}"
    if taken is not None:
        taken.add(key)
    return key


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
        meeting_id = tables.insert(db, "meetings", row)
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
    keys = set()
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
            "key": row_key(article_name, statement.get("start"), statement.get("end"), keys),
        }
        statement_id = tables.insert(db, "statements", row)
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
    tables.insert_many(db, "mentions", rows)


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
    tables.insert_many(db, "article_countries", rows, ignore=True)


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
    return sorted(tables.get(db, "people", pid)["name"] for pid in person_ids)


def _join(db, table: str, left: str, left_id: int, right: str, right_ids) -> None:
    """Insert join rows directly; ``table.m2m`` would rewrite the joined rows."""
    tables.insert_many(db, table, [{left: left_id, right: r} for r in right_ids], ignore=True)


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

# Current role: from the most recent article (by publication date) that gives one, unless
# the analyst set it (curated); roles: every role in the order the articles first gave it.
REFRESH_PEOPLE = """
UPDATE people SET
    role = CASE WHEN EXISTS (SELECT 1 FROM json_each(people.curated) WHERE value = 'role') THEN role ELSE
           (SELECT ap.role FROM article_people ap JOIN articles a ON a.id = ap.article_id
            WHERE ap.person_id = people.id AND ap.role IS NOT NULL
            ORDER BY a.published DESC NULLS LAST, a.id DESC LIMIT 1) END,
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


# Meetings whose participant_names miss the current name of one of these people (renamed by resolve).
REFRESH_STALE_PARTICIPANT_NAMES = REFRESH_PARTICIPANT_NAMES + """
WHERE id IN (SELECT mp.meeting_id FROM meeting_people mp
             JOIN people p ON p.id = mp.person_id JOIN meetings m ON m.id = mp.meeting_id
             WHERE mp.person_id IN (SELECT value FROM json_each(:people))
             AND p.name NOT IN (SELECT value FROM json_each(m.participant_names)))
"""


# Entities whose columns shown by the views (names, countries, coordinates) a load changed,
# noted by temporary triggers (``watch``) so that the upkeep redoes only the rows showing them.
WATCHED = {"people": ("name", "country"), "organisations": ("name", "country"),
           "places": ("name", "country", "latitude", "longitude", "resolved")}


def watch(db) -> None:
    """Start noting, in ``temp.changed_entities``, the watched entities this connection changes."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS changed_entities "
               "(kind TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (kind, id))")
    db.execute("DELETE FROM temp.changed_entities")
    for table, columns in WATCHED.items():
        differs = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
        db.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS watch_{table} AFTER UPDATE OF {', '.join(columns)} "
                   f"ON main.{table} WHEN {differs} BEGIN "
                   f"INSERT OR IGNORE INTO changed_entities (kind, id) VALUES ('{table}', new.id); END")
    for event, row in (("INSERT", "new"), ("DELETE", "old")):  # a person's names (the review list's meetings)
        db.execute(f"CREATE TEMP TRIGGER IF NOT EXISTS watch_person_aliases_{event.lower()} AFTER {event} "
                   f"ON main.person_aliases WHEN {row}.kind = 'name' BEGIN INSERT OR IGNORE INTO changed_entities "
                   f"(kind, id) VALUES ('person_aliases', {row}.person_id); END")


def _changed_entities(db) -> dict[str, list[int]]:
    """The watched entities changed since ``watch``, by table."""
    found = {table: [] for table in WATCHED}
    if db.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'changed_entities'").fetchone():
        for kind, id_ in db.execute("SELECT kind, id FROM temp.changed_entities ORDER BY 1, 2"):
            found.setdefault(kind, []).append(id_)
    return found


# The archive meetings and statements that show a changed entity (``finish``).
SHOWING = {
    "meetings": """SELECT event_id FROM event_people WHERE person_id IN (SELECT value FROM json_each(:people))
                   UNION SELECT id FROM events WHERE chair_id IN (SELECT value FROM json_each(:people))
                   UNION SELECT id FROM events WHERE place_id IN (SELECT value FROM json_each(:places))""",
    "statements": """SELECT id FROM statements WHERE speaker_id IN (SELECT value FROM json_each(:people))
                     UNION SELECT id FROM statements
                     WHERE organisation_id IN (SELECT value FROM json_each(:organisations))
                     UNION SELECT id FROM statements WHERE article_id IN (SELECT value FROM json_each(:articles))
                     UNION SELECT id FROM statement_rows
                     WHERE article_id IN (SELECT value FROM json_each(:articles))""",
}
# Archive meetings made (by a decision) of reports at several places, one of them changed: the
# place chosen for them may change when one becomes located, so their reports are linked again.
MIXED_PLACES = """
SELECT event_id FROM meetings WHERE event_id IN (
    SELECT event_id FROM meetings WHERE place_id IN (SELECT value FROM json_each(:places)) AND event_id IS NOT NULL)
GROUP BY event_id HAVING count(DISTINCT place_id) > 1
"""


@dataclass
class Touched:
    """What a load's upkeep touched: the review list redoes the items of these rows (``review.update``)."""

    articles: set = field(default_factory=set)  # stored (new or replaced)
    people: set = field(default_factory=set)  # resolved to, named by lost facts, renamed, or given statements
    renamed: set = field(default_factory=set)  # people whose name, country or name aliases changed
    organisations: set = field(default_factory=set)
    relocated: set = field(default_factory=set)  # places whose name, country or coordinates changed


def _touched(db, changes: Changes, changed: dict, linked) -> Touched:
    """The rows whose review items a load may have changed (``finish``)."""
    speakers = {r[0] for r in db.execute(
        "SELECT DISTINCT speaker_id FROM statements WHERE id IN (SELECT value FROM json_each(?)) "
        "AND speaker_id IS NOT NULL", [json.dumps(sorted(linked))]).fetchall()}
    renamed = set(changed["people"]) | set(changed.get("person_aliases", []))
    return Touched(articles=set(changes.articles), people=set(changes.people) | renamed | speakers,
                   renamed=renamed, organisations=set(changes.organisations) | set(changed["organisations"]),
                   relocated=set(changed["places"]))


def finish(db, changes: Changes) -> Touched | None:
    """After a load: ``finalize``'s upkeep for the rows the load changed; nothing if it changed nothing.

    Its cost follows the load, not the archive: only the reports the changed articles can
    affect are linked again (``events.relink``), orphans are looked for among the entities
    the load touched, people and participant names refreshed for them only, and only the
    summary rows of the changed meetings and statements, and of those that show an entity
    whose name, country or place the load changed, are made again (``summaries.update``).
    Returns what it touched, for the review list (None if the load changed nothing).
    """
    if not changes:
        return None
    touched = {"people": changes.people, "organisations": changes.organisations, "places": changes.places}
    with database_errors(), transaction(db):
        changed = _changed_entities(db)
        params = {"people": json.dumps(changed["people"]), "organisations": json.dumps(changed["organisations"]),
                  "places": json.dumps(changed["places"]), "articles": json.dumps(sorted(changes.articles))}
        redo = {r[0] for r in db.execute(MIXED_PLACES, params).fetchall()}
        # Before the orphans go: the old archive meetings still point at them.
        relinked = events.relink(db, changes.articles, changes.lost_reports, changes.lost_events | redo)
        for sql, table in zip(ORPHAN_DELETES, touched):
            db.execute(f"{sql} AND {table}.id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(touched[table]))])
        linked = resolve.link_speakers(db)
        _refresh_people(db, sorted(changes.people))
        db.execute(REFRESH_STALE_PARTICIPANT_NAMES, {"people": json.dumps(sorted(changes.people))})
        meetings = relinked.touched | {r[0] for r in db.execute(SHOWING["meetings"], params).fetchall()}
        statements = set(linked) | {r[0] for r in db.execute(SHOWING["statements"], params).fetchall()}
        summaries.update(db, meetings, statements, now())
        reviewable = _touched(db, changes, changed, linked)
        db.execute("DELETE FROM temp.changed_entities")
    db.execute("PRAGMA optimize")
    return reviewable


def finalize(db) -> None:
    """After a load or curation: drop orphaned entities, link speakers known only by name,
    refresh derived columns and the summary tables, update statistics."""
    with database_errors(), transaction(db):
        events.link(db)  # before the orphans go: the old archive meetings still point at them
        for sql in ORPHAN_DELETES:
            db.execute(sql)
        resolve.link_speakers(db)
        _refresh_people(db)
        db.execute(REFRESH_PARTICIPANT_NAMES)
        summaries.rebuild(db, now())
    db.execute("PRAGMA optimize")  # cheap: only analyzes tables whose stats are stale


def _refresh_people(db, person_ids: list[int] | None = None) -> None:
    """Recompute role, roles and counts, for some people or everyone."""
    if person_ids is None:
        db.execute(REFRESH_PEOPLE)
    elif person_ids:
        db.execute(REFRESH_PEOPLE + " WHERE id IN (SELECT value FROM json_each(?))",
                   [json.dumps(person_ids)])
