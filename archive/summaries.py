"""Summary tables: what the pages read, made from the archive's views at the end of each load.

The views (``archive_meetings``, ``statements_view``; schema.sql) define what a
meeting and a statement are; computing them on every request does not scale to
a million statements. So they are copied into indexed tables (``meeting_rows``,
``statement_rows``), with who took part in what (``meeting_members``,
``statement_members``) and counts made once (``member_counts``, ``member_totals``,
``pair_counts``, ``pair_totals``, ``period_counts``, ``archive_summary``).

``rebuild`` makes every table again from the views: after a curation, when the tables
change shape (``VERSION``), and by ``archive rebuild``. After a load, ``update`` makes
again only the rows of the meetings and statements the load changed (every summary row
carries its meeting or statement, every count its month and members) and adds the
difference to the counts: the same tables, in time that follows the load.
"""
from __future__ import annotations

import json
import re
from collections import Counter

# Raised whenever the summary tables change shape: an archive built before is rebuilt when opened.
VERSION = 8
# The month (or year) of a date: "2004-11", "2004", or NULL.
PERIOD = "substr({date}, 1, 7)"
YEAR = "substr({date}, 1, 4)"

# Restrictions of the statements below to the rows a load changed (``update``); empty for a rebuild.
ONLY_MEETINGS = "m.id IN (SELECT value FROM json_each(:meetings))"
ONLY_STATEMENTS = "s.id IN (SELECT value FROM json_each(:statements))"

MEETING_ROWS_SQL = """
    INSERT INTO meeting_rows (id, key, date, date_precision, dated_by, kind, planned, status, place_id, place,
           place_country, host_country, chair_id, chair, countries, country_count, person_ids, people, sources,
           report_ids, article_ids, evidence, article_id, article, latitude, longitude, curated, search_text)
       SELECT m.id, m.key, m.date, m.date_precision, m.dated_by, m.kind, m.planned, m.status, m.place_id, m.place,
           m.place_country, m.host_country, m.chair_id, m.chair, m.countries, m.country_count, m.person_ids,
           m.people, m.sources, m.report_ids, m.article_ids, m.evidence, m.article_id, m.article, m.latitude,
           m.longitude, m.curated,
           lower(coalesce(m.evidence, '') || ' ' || m.people || ' ' || coalesce(m.place, '') || ' ' ||
                 coalesce((SELECT group_concat(c.name, ' ') FROM json_each(m.countries) j
                           JOIN countries c ON c.iso2 = j.value), ''))
       FROM archive_meetings m {where}"""
MEETING_MEMBERS_SQL = [
    """INSERT INTO meeting_members (kind, member, date, meeting_id, country_count)
       SELECT 'country', c.value, m.date, m.id, m.country_count FROM meeting_rows m, json_each(m.countries) c
       {where}""",
    """INSERT INTO meeting_members (kind, member, date, meeting_id, country_count)
       SELECT 'person', p.value, m.date, m.id, m.country_count FROM meeting_rows m, json_each(m.person_ids) p
       {where}""",
]
STATEMENT_ROWS_SQL = """
    INSERT INTO statement_rows (id, article, speaker, speaker_country, organisation, kind, date, text, countries,
           article_id, speaker_id, organisation_id, curated, search_id)
       SELECT s.id, s.article, s.speaker, s.speaker_country, s.organisation, s.kind, s.date, s.text, s.countries,
           s.article_id, s.speaker_id, s.organisation_id, s.curated, s.id FROM statements_view s {where}"""
STATEMENT_MEMBERS_SQL = """
    INSERT INTO statement_members (member, date, statement_id)
       SELECT c.value, s.date, s.id FROM statement_rows s, json_each(s.countries) c {where}
       UNION ALL SELECT s.speaker_country, s.date, s.id FROM statement_rows s WHERE s.speaker_country IS NOT NULL
         AND s.speaker_country NOT IN (SELECT value FROM json_each(s.countries)) {and_}"""

# What each count table counts, over the rows chosen by {m} (meetings) and {s} (statements):
# (its key columns, the SELECT of keys and counts). A rebuild inserts these over every row; an
# update adds the counts of the changed rows after it and takes away those before (``_add``).
COUNTS = {
    "member_counts": (("kind", "member", "period", "country_count"), f"""
        SELECT kind, member, {PERIOD.format(date='date')}, country_count, count(*) FROM meeting_members
        WHERE {{mm}} GROUP BY 1, 2, 3, 4"""),
    "member_totals": (("kind", "member"), """
        SELECT kind, member, count(*) FROM meeting_members WHERE {mm} GROUP BY 1, 2
        UNION ALL SELECT 'statement country', member, count(*) FROM statement_members WHERE {sm} GROUP BY 2
        UNION ALL SELECT 'speaker', CAST(speaker_id AS TEXT), count(*) FROM statement_rows s
                  WHERE speaker_id IS NOT NULL AND {s} GROUP BY 2"""),
    "pair_counts": (("kind", "a", "b", "period", "country_count"), " UNION ALL ".join(f"""
        SELECT '{kind}', x.value, y.value, {PERIOD.format(date='m.date')}, m.country_count, count(*)
        FROM meeting_rows m, json_each(m.{column}) x, json_each(m.{column}) y WHERE x.value < y.value AND {{m}}
        GROUP BY 2, 3, 4, 5""" for kind, column in (("country", "countries"), ("person", "person_ids")))),
    "pair_totals": (("kind", "a", "b"), " UNION ALL ".join(f"""
        SELECT '{kind}', x.value, y.value, count(*)
        FROM meeting_rows m, json_each(m.{column}) x, json_each(m.{column}) y WHERE x.value < y.value AND {{m}}
        GROUP BY 2, 3""" for kind, column in (("country", "countries"), ("person", "person_ids")))),
    "period_counts": (("series", "period", "country_count"), f"""
        SELECT 'meetings', {PERIOD.format(date='m.date')}, m.country_count, count(*) FROM meeting_rows m
        WHERE {{m}} GROUP BY 2, 3
        UNION ALL SELECT 'statements', {PERIOD.format(date='s.date')}, NULL, count(*) FROM statement_rows s
        WHERE {{s}} GROUP BY 2"""),
    "member_years": (("kind", "member", "year", "country_count"), f"""
        SELECT kind, member, {YEAR.format(date='date')}, country_count, count(*) FROM meeting_members
        WHERE {{mm}} GROUP BY 1, 2, 3, 4"""),
    "pair_years": (("kind", "a", "b", "year", "country_count"), " UNION ALL ".join(f"""
        SELECT '{kind}', x.value, y.value, {YEAR.format(date='m.date')}, m.country_count, count(*)
        FROM meeting_rows m, json_each(m.{column}) x, json_each(m.{column}) y WHERE x.value < y.value AND {{m}}
        GROUP BY 2, 3, 4, 5""" for kind, column in (("country", "countries"), ("person", "person_ids")))),
}
# A rebuild sums the totals from the monthly counts just made (the same numbers, sooner).
TOTALS = {
    "member_totals": """
        SELECT kind, member, sum(n) FROM member_counts GROUP BY 1, 2
        UNION ALL SELECT 'statement country', member, count(*) FROM statement_members GROUP BY 2
        UNION ALL SELECT 'speaker', CAST(speaker_id AS TEXT), count(*) FROM statement_rows
                  WHERE speaker_id IS NOT NULL GROUP BY 2""",
    "pair_totals": "SELECT kind, a, b, sum(n) FROM pair_counts GROUP BY 1, 2, 3",
    "member_years": f"SELECT kind, member, {YEAR.format(date='period')}, country_count, sum(n) FROM member_counts "
                    "GROUP BY 1, 2, 3, 4",
    "pair_years": f"SELECT kind, a, b, {YEAR.format(date='period')}, country_count, sum(n) FROM pair_counts "
                  "GROUP BY 1, 2, 3, 4, 5",
}
EVERY_ROW = {"m": "1", "s": "1", "mm": "1", "sm": "1"}
CHANGED_ROWS = {"m": ONLY_MEETINGS, "s": ONLY_STATEMENTS,
                "mm": "meeting_id IN (SELECT value FROM json_each(:meetings))",
                "sm": "statement_id IN (SELECT value FROM json_each(:statements))"}

ARCHIVE_SUMMARY_SQL = """INSERT INTO archive_summary
       SELECT 1,
         (SELECT count(*) FROM articles),
         (SELECT count(*) FROM statement_rows),
         (SELECT count(*) FROM meeting_rows),
         (SELECT count(*) FROM people),
         (SELECT count(*) FROM organisations),
         (SELECT count(*) FROM member_totals WHERE kind = 'country'),
         (SELECT count(*) FROM places WHERE latitude IS NOT NULL AND longitude IS NOT NULL),
         (SELECT count(published) FROM articles),
         (SELECT min(published) FROM articles),
         (SELECT max(published) FROM articles),
         (SELECT count(*) FROM articles WHERE published IS NULL),
         (SELECT count(*) FROM statement_rows WHERE date IS NULL),
         (SELECT count(*) FROM meeting_rows WHERE date IS NULL),
         (SELECT count(*) FROM meeting_rows WHERE latitude IS NULL AND host_country IS NULL),
         (SELECT count(*) FROM places WHERE NOT resolved),
         (SELECT count(*) FROM statement_rows WHERE speaker_id IS NULL AND organisation_id IS NULL),
         :built_at, :version"""

REBUILD_SQL = [
    "DELETE FROM meeting_rows",
    MEETING_ROWS_SQL.format(where=""),
    "INSERT INTO meeting_rows_fts (meeting_rows_fts) VALUES ('rebuild')",
    "DELETE FROM meeting_members",
    *(sql.format(where="") for sql in MEETING_MEMBERS_SQL),
    "DELETE FROM statement_rows",
    STATEMENT_ROWS_SQL.format(where=""),
    "DELETE FROM statement_members",
    STATEMENT_MEMBERS_SQL.format(where="", and_=""),
    *(sql for table, (keys, select) in COUNTS.items()
      for sql in (f"DELETE FROM {table}",
                  f"INSERT INTO {table} ({', '.join(keys)}, n) {TOTALS.get(table) or select.format(**EVERY_ROW)}")),
    "DELETE FROM archive_summary",
    ARCHIVE_SUMMARY_SQL,
]


TABLES = ("meeting_rows", "meeting_members", "statement_rows", "statement_members", "member_counts",
          "member_totals", "pair_counts", "pair_totals", "period_counts", "member_years", "pair_years",
          "archive_summary")


def rebuild(db, built_at: str) -> None:
    """Recompute every summary table from the views (inside the caller's transaction).

    Their indexes are dropped first and made again after, as schema.sql defines them:
    sorting a million rows once is much faster than inserting them one by one into
    each index.
    """
    marks = ", ".join("?" for _ in TABLES)
    for (name,) in db.execute(f"SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                              f"AND tbl_name IN ({marks})", TABLES).fetchall():
        db.execute(f"DROP INDEX [{name}]")
    for sql in REBUILD_SQL:
        db.execute(sql, {"built_at": built_at, "version": VERSION} if ":built_at" in sql else {})
    for sql in index_sql():
        db.execute(sql)


def update(db, meetings, statements, built_at: str) -> None:
    """Recompute the summary rows of these archive meetings and statements (ids; inside the caller's
    transaction): the same tables as ``rebuild`` would make, in time that follows the load.

    The rows of the changed meetings and statements are deleted and inserted again from the
    views (a row whose id is gone from the view is just deleted); every count takes away what
    the old rows counted and adds what the new ones count, a count that falls to 0 goes.
    """
    params = {"meetings": json.dumps(sorted(meetings)), "statements": json.dumps(sorted(statements))}
    before = _counts(db, params)
    db.execute("INSERT INTO meeting_rows_fts (meeting_rows_fts, rowid, search_text) "
               f"SELECT 'delete', m.id, m.search_text FROM meeting_rows m WHERE {ONLY_MEETINGS}", params)
    for table, column in (("meeting_rows", "id"), ("meeting_members", "meeting_id"), ("statement_rows", "id"),
                          ("statement_members", "statement_id")):
        db.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))",
                   [params["meetings" if table.startswith("meeting") else "statements"]])
    db.execute(MEETING_ROWS_SQL.format(where=f"WHERE {ONLY_MEETINGS}"), params)
    db.execute("INSERT INTO meeting_rows_fts (rowid, search_text) "
               f"SELECT m.id, m.search_text FROM meeting_rows m WHERE {ONLY_MEETINGS}", params)
    for sql in MEETING_MEMBERS_SQL:
        db.execute(sql.format(where=f"WHERE {ONLY_MEETINGS}"), params)
    db.execute(STATEMENT_ROWS_SQL.format(where=f"WHERE {ONLY_STATEMENTS}"), params)
    db.execute(STATEMENT_MEMBERS_SQL.format(where=f"WHERE {ONLY_STATEMENTS}", and_=f"AND {ONLY_STATEMENTS}"),
               params)
    after = _counts(db, params)
    for table, (keys, _) in COUNTS.items():
        _add(db, table, keys, after[table], before[table])
    db.execute("DELETE FROM archive_summary")
    db.execute(ARCHIVE_SUMMARY_SQL, {"built_at": built_at, "version": VERSION})


def _counts(db, params: dict) -> dict[str, Counter]:
    """What the rows of the changed meetings and statements count in each count table: {table: {key: n}}."""
    out = {}
    for table, (keys, select) in COUNTS.items():
        out[table] = Counter()
        for row in db.execute(select.format(**CHANGED_ROWS), params):
            out[table][tuple(row[:-1])] += row[-1]
    return out


def _add(db, table: str, keys: tuple, after: Counter, before: Counter) -> None:
    """Add ``after - before`` to the counts ``n`` of ``table``; a row whose count falls to 0 is deleted."""
    match = " AND ".join(f"{k} IS ?" for k in keys)
    for key in sorted(set(after) | set(before), key=repr):
        change = after[key] - before[key]
        if not change:
            continue
        row = db.execute(f"SELECT rowid, n FROM {table} WHERE {match}", key).fetchone()
        if row is None:
            db.execute(f"INSERT INTO {table} ({', '.join(keys)}, n) VALUES ({', '.join('?' for _ in keys)}, ?)",
                       [*key, change])
        elif row[1] + change == 0:
            db.execute(f"DELETE FROM {table} WHERE rowid = ?", [row[0]])
        else:
            db.execute(f"UPDATE {table} SET n = ? WHERE rowid = ?", [row[1] + change, row[0]])


def index_sql() -> list[str]:
    """The CREATE INDEX statements of schema.sql for the summary tables."""
    from .store import SCHEMA_PATH

    statements = SCHEMA_PATH.read_text(encoding="utf-8").split(";")
    found = (re.search(r"CREATE INDEX IF NOT EXISTS \w+ ON (\w+)\(.*", s, re.DOTALL) for s in statements)
    return [m.group(0) for m in found if m and m.group(1) in TABLES]


def missing(db) -> bool:
    """True if the summary tables were never built, or built by an older version."""
    row = db.execute("SELECT version FROM archive_summary").fetchone()
    return row is None or row[0] != VERSION
