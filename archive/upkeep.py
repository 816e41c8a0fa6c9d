"""The upkeep after curation decisions: what the decisions changed, not the archive.

A decision writes a few rows (a person merged, a meeting's date set, two reports said to tell one
meeting); ``store.finalize`` would then link every report and make every summary row again. Instead,
``track`` starts noting, through temporary triggers on this connection, every row the decisions
write: the meeting reports and statements as they were before (``temp.was_*``), the people,
organisations, places, articles and archive meetings they refer to (``temp.noted``), and the report
keys of the analyst's "same"/"apart" decisions. ``finish`` then does what ``store.finish`` does for a
load, over what changed in the end (a row set back as it was is not a change: applying the file
clears every ``curated`` mark before its decisions set them again):

- the changed reports are relinked (``events.relink``), with the reports as they were before as lost
  ones, so that the reports that were like the old version are regrouped too;
- orphans are looked for among the entities the decisions touched; people and participant names are
  refreshed for them;
- the summary rows of the archive meetings written or removed, of those whose reports changed, of
  the statements that changed and of the rows showing a renamed entity are made again
  (``summaries.update``).

It returns what it touched, for ``review.update``. Triggers and snapshots are dropped at the end.
"""
from __future__ import annotations

import json

from . import events, resolve, store, summaries, tables

# Columns of a report or statement that a change of counts as a change of the row: all but the
# archive meeting it is linked to (the linking's own doing) and ``curated`` (compared apart).
IGNORED = {"event_id", "curated"}
# The reports' join tables: snapshot as they were, per meeting, before the first write.
REPORT_JOINS = ("meeting_countries", "meeting_people")
# (table, column, what its values are): the entities and articles a written row refers to, noted
# before and after the write. "mention" is the entity a mention names (its entity_type).
REFERENCES = [
    ("people", "id", "person"), ("organisations", "id", "organisation"), ("places", "id", "place"),
    ("article_people", "person_id", "person"), ("article_people", "article_id", "article"),
    ("person_roles", "person_id", "person"), ("person_roles", "article_id", "article"),
    ("person_aliases", "person_id", "person"), ("person_keys", "person_id", "person"),
    ("organisation_aliases", "organisation_id", "organisation"), ("place_aliases", "place_id", "place"),
    ("meeting_people", "person_id", "person"), ("meeting_people", "meeting_id", "meeting"),
    ("meeting_countries", "meeting_id", "meeting"), ("statement_countries", "statement_id", "statement"),
    ("meetings", "id", "meeting"), ("meetings", "chair_id", "person"), ("meetings", "place_id", "place"),
    ("meetings", "article_id", "article"),
    ("statements", "id", "statement"), ("statements", "speaker_id", "person"),
    ("statements", "organisation_id", "organisation"), ("statements", "article_id", "article"),
    ("mentions", "article_id", "article"), ("mentions", "entity_id", "mention"),
    ("distinct_pairs", "a", "distinct"), ("distinct_pairs", "b", "distinct"),
    ("events", "id", "event"),
]
CURATED = {"person": "people", "organisation": "organisations", "place": "places", "meeting": "meetings",
           "statement": "statements"}


def _columns(db, table: str) -> list[str]:
    return [r[1] for r in db.execute(f"PRAGMA main.table_info([{table}])").fetchall()]


def track(db) -> None:
    """Start noting what this connection writes (inside the caller's transaction), for ``finish``."""
    store.watch(db)
    db.execute("CREATE TEMP TABLE IF NOT EXISTS noted (kind TEXT NOT NULL, id INTEGER NOT NULL, "
               "PRIMARY KEY (kind, id))")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS noted_keys (key TEXT PRIMARY KEY)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS seen_joins (tbl TEXT NOT NULL, id INTEGER NOT NULL, "
               "PRIMARY KEY (tbl, id))")
    for table in ("meetings", "statements", *REPORT_JOINS):
        db.execute(f"CREATE TEMP TABLE IF NOT EXISTS was_{table} AS SELECT * FROM main.{table} WHERE 0")
    for table in ("meetings", "statements"):
        db.execute(f"CREATE UNIQUE INDEX IF NOT EXISTS temp.was_{table}_id ON was_{table}(id)")
    db.execute("CREATE TEMP TABLE IF NOT EXISTS was_curated (kind TEXT NOT NULL, id INTEGER NOT NULL, "
               "curated TEXT NOT NULL)")
    _clear(db)
    for kind, table in CURATED.items():
        db.execute(f"INSERT INTO temp.was_curated SELECT '{kind}', id, curated FROM main.{table} "
                   f"WHERE curated != '[]'")
    for sql in _trigger_sql(db):
        db.execute(sql)
    for sql in _views_sql():
        db.execute(sql)


def _trigger_sql(db) -> list[str]:
    out = []
    for table in ("meetings", "statements"):  # the row as it was, before its first write
        watched = [c for c in _columns(db, table) if c not in IGNORED]
        differs = " OR ".join(f'old."{c}" IS NOT new."{c}"' for c in watched)
        snapshot = f"INSERT OR IGNORE INTO was_{table} SELECT * FROM main.{table} WHERE id = old.id;"
        out.append(f"CREATE TEMP TRIGGER IF NOT EXISTS curation_was_{table}_update BEFORE UPDATE OF "
                   f"{', '.join(f'[{c}]' for c in watched)} ON main.{table} WHEN {differs} BEGIN {snapshot} END")
        out.append(f"CREATE TEMP TRIGGER IF NOT EXISTS curation_was_{table}_delete BEFORE DELETE ON main.{table} "
                   f"BEGIN {snapshot} END")
    for table in REPORT_JOINS:  # a report's participants as they were, before the first write of one
        for event, rows in (("INSERT", ("new",)), ("DELETE", ("old",)), ("UPDATE", ("old", "new"))):
            body = "".join(
                f"INSERT INTO was_{table} SELECT * FROM main.{table} WHERE meeting_id = {row}.meeting_id "
                f"AND NOT EXISTS (SELECT 1 FROM temp.seen_joins WHERE tbl = '{table}' AND id = {row}.meeting_id); "
                f"INSERT OR IGNORE INTO seen_joins VALUES ('{table}', {row}.meeting_id); " for row in rows)
            out.append(f"CREATE TEMP TRIGGER IF NOT EXISTS curation_was_{table}_{event.lower()} BEFORE {event} "
                       f"ON main.{table} BEGIN {body} END")
    for n, (table, column, kind) in enumerate(REFERENCES):
        for event, rows in (("INSERT", ("new",)), ("DELETE", ("old",)), ("UPDATE", ("old", "new"))):
            when = ""
            if table in ("people", "organisations", "places") and event == "UPDATE":  # not a mark alone
                changed = [c for c in _columns(db, table) if c != "curated"]
                when = "WHEN " + " OR ".join(f'old."{c}" IS NOT new."{c}"' for c in changed)
            body = "".join(_note(table, column, kind, row) for row in rows)
            out.append(f"CREATE TEMP TRIGGER IF NOT EXISTS curation_note_{n}_{event.lower()} AFTER {event} "
                       f"{'OF [' + column + '] ' if event == 'UPDATE' and not when else ''}"
                       f"ON main.{table} {when} BEGIN {body} END")
    for event, rows in (("INSERT", ("new",)), ("DELETE", ("old",)), ("UPDATE", ("old", "new"))):
        body = "".join(f"INSERT OR IGNORE INTO noted_keys VALUES ({row}.a); "
                       f"INSERT OR IGNORE INTO noted_keys VALUES ({row}.b); " for row in rows)
        out.append(f"CREATE TEMP TRIGGER IF NOT EXISTS curation_links_{event.lower()} AFTER {event} "
                   f"ON main.event_links BEGIN {body} END")
    return out


def _note(table: str, column: str, kind: str, row: str) -> str:
    if kind == "mention":
        return (f"INSERT OR IGNORE INTO noted SELECT {row}.entity_type, CAST({row}.entity_id AS INTEGER) "
                f"WHERE {row}.entity_type IN ('person', 'organisation', 'place') AND {row}.entity_id IS NOT NULL; ")
    if kind == "distinct":
        return f"INSERT OR IGNORE INTO noted SELECT {row}.kind, {row}.{column}; "
    return f"INSERT OR IGNORE INTO noted SELECT '{kind}', {row}.[{column}] WHERE {row}.[{column}] IS NOT NULL; "


def _views_sql() -> list[str]:
    """The reports as they were before the decisions (``events.load_reports(..., before=True)``)."""
    out = ["""CREATE TEMP VIEW IF NOT EXISTS before_meetings AS
              SELECT * FROM temp.was_meetings
              UNION ALL SELECT * FROM main.meetings WHERE id NOT IN (SELECT id FROM temp.was_meetings)"""]
    for table in REPORT_JOINS:
        out.append(f"""CREATE TEMP VIEW IF NOT EXISTS before_{table} AS
              SELECT * FROM temp.was_{table}
              UNION ALL SELECT * FROM main.{table}
              WHERE meeting_id NOT IN (SELECT id FROM temp.seen_joins WHERE tbl = '{table}')""")
    return out


def _clear(db) -> None:
    for table in ("noted", "noted_keys", "seen_joins", "was_curated", "was_meetings", "was_statements",
                  *(f"was_{t}" for t in REPORT_JOINS)):
        db.execute(f"DELETE FROM temp.{table}")


def stop(db) -> None:
    """Drop the triggers and views of ``track`` and empty its tables (this connection writes unnoted again)."""
    for kind, name in db.execute("SELECT type, name FROM sqlite_temp_master WHERE (type = 'trigger' AND name "
                                 "LIKE 'curation\\_%' ESCAPE '\\') OR (type = 'view' AND name LIKE "
                                 "'before\\_%' ESCAPE '\\')").fetchall():
        db.execute(f"DROP {kind.upper()} IF EXISTS temp.[{name}]")
    if db.execute("SELECT 1 FROM sqlite_temp_master WHERE name = 'noted'").fetchone():
        _clear(db)


# What changed ---------------------------------------------------------------------------------------

def _noted(db) -> dict[str, set]:
    found: dict[str, set] = {}
    for kind, id_ in db.execute("SELECT kind, id FROM temp.noted").fetchall():
        found.setdefault(kind, set()).add(id_)
    return found


def _differing(db, table: str) -> set:
    """Ids of the rows of ``table`` (meetings, statements) written and not as they were (or gone)."""
    shown = ", ".join(f'"{c}"' for c in _columns(db, table) if c not in IGNORED)
    return {r[0] for r in db.execute(
        f"SELECT id FROM (SELECT {shown} FROM temp.was_{table} EXCEPT SELECT {shown} FROM main.{table} "
        f"WHERE id IN (SELECT id FROM temp.was_{table}))").fetchall()}


def _joins_differing(db) -> set:
    """Reports whose countries or people were written and are not as they were."""
    out = set()
    for table in REPORT_JOINS:
        seen = f"(SELECT id FROM temp.seen_joins WHERE tbl = '{table}')"
        shown = ", ".join(f'"{c}"' for c in _columns(db, table))
        out |= {r[0] for r in db.execute(
            f"""SELECT meeting_id FROM (SELECT {shown} FROM temp.was_{table}
                  EXCEPT SELECT {shown} FROM main.{table} WHERE meeting_id IN {seen})
                UNION SELECT meeting_id FROM (SELECT {shown} FROM main.{table} WHERE meeting_id IN {seen}
                  EXCEPT SELECT {shown} FROM temp.was_{table})""").fetchall()}
    return out


def _curated_differing(db) -> dict[str, set]:
    """Rows whose ``curated`` marks are not the ones they had, by kind."""
    now = " UNION ALL ".join(f"SELECT '{kind}' AS kind, id, curated FROM main.{table} WHERE curated != '[]'"
                             for kind, table in CURATED.items())
    found: dict[str, set] = {}
    for kind, id_ in db.execute(f"""SELECT kind, id FROM (SELECT kind, id, curated FROM temp.was_curated
                                                          EXCEPT {now})
                                    UNION SELECT kind, id FROM ({now} EXCEPT SELECT kind, id, curated
                                                                FROM temp.was_curated)""").fetchall():
        found.setdefault(kind, set()).add(id_)
    return found


def _articles_of(db, table: str, ids: set) -> set:
    """The articles of these reports or statements, now and as they were."""
    sql = (f"SELECT article_id FROM main.{table} WHERE id IN (SELECT value FROM json_each(?)) "
           f"UNION SELECT article_id FROM temp.was_{table} WHERE id IN (SELECT value FROM json_each(?))")
    marks = json.dumps(sorted(ids))
    return {r[0] for r in db.execute(sql, [marks, marks]).fetchall()}


# The upkeep -------------------------------------------------------------------------------------------

def finish(db) -> store.Touched:
    """``store.finalize``'s upkeep for what the decisions since ``track`` changed (inside the caller's
    transaction): the same archive meetings, summary rows and people as the full upkeep. What it touched,
    for ``review.update``; the tracking is stopped."""
    changed = store._changed_entities(db)
    noted = _noted(db)
    curated = _curated_differing(db)
    reports = _differing(db, "meetings") | _joins_differing(db) | curated.get("meeting", set()) \
        | {i for i in noted.get("meeting", set())
           if not db.execute("SELECT 1 FROM temp.was_meetings WHERE id = ?", [i]).fetchone()}
    decided = tables.ids(db, "SELECT id FROM meetings WHERE key IN (SELECT value FROM json_each(?))",
                   {r[0] for r in db.execute("SELECT key FROM temp.noted_keys").fetchall()})
    places = set(changed["places"]) | noted.get("place", set())
    params = {"people": json.dumps(changed["people"]), "organisations": json.dumps(changed["organisations"]),
              "places": json.dumps(sorted(places)), "articles": "[]"}
    redo = {r[0] for r in db.execute(store.MIXED_PLACES, params).fetchall()}
    lost = events.load_reports(db, sorted(reports), before=True)
    lost_events = tables.ids(db, "SELECT event_id FROM meetings WHERE event_id IS NOT NULL AND id IN "
                           "(SELECT value FROM json_each(?))", reports | decided)
    articles = _articles_of(db, "meetings", reports | decided)
    # A report rejected or cancelled is no longer linked: no window (as the full linking leaves it).
    db.execute("DELETE FROM report_windows WHERE meeting_id IN (SELECT value FROM json_each(?))",
               [json.dumps(sorted(reports))])
    relinked = events.relink(db, articles, lost, lost_events | redo)
    people = noted.get("person", set()) | curated.get("person", set()) | set(changed["people"])
    gone = {"people": people, "organisations": noted.get("organisation", set()), "places": places}
    for sql, table in zip(store.ORPHAN_DELETES, gone):
        db.execute(f"{sql} AND {table}.id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(gone[table]))])
    linked = resolve.link_speakers(db)
    store._refresh_people(db, sorted(people))
    named = reports | tables.ids(db, "SELECT meeting_id FROM meeting_people WHERE person_id IN "
                               "(SELECT value FROM json_each(?))", people)
    db.execute(store.REFRESH_PARTICIPANT_NAMES + " WHERE id IN (SELECT value FROM json_each(?))",
               [json.dumps(sorted(named))])
    rows = reports | _differing(db, "meetings")  # participant names too
    statements = _differing(db, "statements") | noted.get("statement", set()) | curated.get("statement", set()) \
        | set(linked)
    meetings = relinked.touched | noted.get("event", set()) | tables.ids(
        db, "SELECT event_id FROM meetings WHERE event_id IS NOT NULL AND id IN (SELECT value FROM json_each(?))",
        rows) | {r[0] for r in db.execute(store.SHOWING["meetings"], params).fetchall()}
    statements |= {r[0] for r in db.execute(store.SHOWING["statements"], params).fetchall()}
    summaries.update(db, meetings, statements, store.now())
    speakers = tables.ids(db, "SELECT speaker_id FROM statements WHERE speaker_id IS NOT NULL AND id IN "
                        "(SELECT value FROM json_each(?))", linked)
    renamed = set(changed["people"]) | set(changed.get("person_aliases", []))
    touched = store.Touched(
        articles=_articles_of(db, "meetings", rows | decided) | _articles_of(db, "statements", statements)
        | noted.get("article", set()),
        people=people | renamed | speakers,
        renamed=renamed, organisations=noted.get("organisation", set()) | set(changed["organisations"]),
        relocated=places)
    db.execute("DELETE FROM temp.changed_entities")
    stop(db)
    return touched
