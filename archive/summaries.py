"""Summary tables: what the pages read, rebuilt from the archive's views at the end of each load.

The views (``archive_meetings``, ``statements_view``; schema.sql) define what a
meeting and a statement are; computing them on every request does not scale to
a million statements. So at the end of every load and curation that changed
something, ``rebuild`` copies them into indexed tables (``meeting_rows``,
``statement_rows``), lists who took part in what (``meeting_members``,
``statement_members``) and counts the rest once (``member_counts``,
``member_totals``, ``pair_counts``, ``pair_totals``, ``period_counts``, ``archive_summary``). Everything is recomputed
from the views, so a new definition of a view is followed at the next load.
"""
from __future__ import annotations

import re

# Raised whenever the summary tables change shape: an archive built before is rebuilt when opened.
VERSION = 6
# The month (or year) of a date: "2004-11", "2004", or NULL.
PERIOD = "substr({date}, 1, 7)"

REBUILD_SQL = [
    "DELETE FROM meeting_rows",
    """INSERT INTO meeting_rows (id, key, date, date_precision, dated_by, kind, planned, status, place_id, place,
           place_country, host_country, chair_id, chair, countries, country_count, person_ids, people, sources,
           report_ids, article_ids, evidence, article_id, article, latitude, longitude, curated, search_text)
       SELECT m.id, m.key, m.date, m.date_precision, m.dated_by, m.kind, m.planned, m.status, m.place_id, m.place,
           m.place_country, m.host_country, m.chair_id, m.chair, m.countries, m.country_count, m.person_ids,
           m.people, m.sources, m.report_ids, m.article_ids, m.evidence, m.article_id, m.article, m.latitude,
           m.longitude, m.curated,
           lower(coalesce(m.evidence, '') || ' ' || m.people || ' ' || coalesce(m.place, '') || ' ' ||
                 coalesce((SELECT group_concat(c.name, ' ') FROM json_each(m.countries) j
                           JOIN countries c ON c.iso2 = j.value), ''))
       FROM archive_meetings m""",
    "INSERT INTO meeting_rows_fts (meeting_rows_fts) VALUES ('rebuild')",
    "DELETE FROM meeting_members",
    """INSERT INTO meeting_members (kind, member, date, meeting_id, country_count)
       SELECT 'country', c.value, m.date, m.id, m.country_count FROM meeting_rows m, json_each(m.countries) c""",
    """INSERT INTO meeting_members (kind, member, date, meeting_id, country_count)
       SELECT 'person', p.value, m.date, m.id, m.country_count FROM meeting_rows m, json_each(m.person_ids) p""",
    "DELETE FROM statement_rows",
    """INSERT INTO statement_rows (id, article, speaker, speaker_country, organisation, kind, date, text, countries,
           article_id, speaker_id, organisation_id, curated, search_id)
       SELECT id, article, speaker, speaker_country, organisation, kind, date, text, countries, article_id,
           speaker_id, organisation_id, curated, id FROM statements_view""",
    "DELETE FROM statement_members",
    """INSERT INTO statement_members (member, date, statement_id)
       SELECT c.value, s.date, s.id FROM statement_rows s, json_each(s.countries) c
       UNION ALL SELECT s.speaker_country, s.date, s.id FROM statement_rows s WHERE s.speaker_country IS NOT NULL
         AND s.speaker_country NOT IN (SELECT value FROM json_each(s.countries))""",
    "DELETE FROM member_counts",
    f"""INSERT INTO member_counts (kind, member, period, country_count, n)
       SELECT kind, member, {PERIOD.format(date='date')}, country_count, count(*) FROM meeting_members
       GROUP BY 1, 2, 3, 4""",
    "DELETE FROM member_totals",
    """INSERT INTO member_totals (kind, member, n)
       SELECT kind, member, sum(n) FROM member_counts GROUP BY 1, 2
       UNION ALL SELECT 'statement country', member, count(*) FROM statement_members GROUP BY 2
       UNION ALL SELECT 'speaker', CAST(speaker_id AS TEXT), count(*) FROM statement_rows
                 WHERE speaker_id IS NOT NULL GROUP BY 2""",
    "DELETE FROM pair_counts",
    *(f"""INSERT INTO pair_counts (kind, a, b, period, country_count, n)
        SELECT '{kind}', x.value, y.value, {PERIOD.format(date='m.date')}, m.country_count, count(*)
        FROM meeting_rows m, json_each(m.{column}) x, json_each(m.{column}) y WHERE x.value < y.value
        GROUP BY 2, 3, 4, 5""" for kind, column in (("country", "countries"), ("person", "person_ids"))),
    "DELETE FROM pair_totals",
    "INSERT INTO pair_totals (kind, a, b, n) SELECT kind, a, b, sum(n) FROM pair_counts GROUP BY 1, 2, 3",
    "DELETE FROM period_counts",
    f"""INSERT INTO period_counts (series, period, country_count, n)
       SELECT 'meetings', {PERIOD.format(date='date')}, country_count, count(*) FROM meeting_rows GROUP BY 2, 3""",
    f"""INSERT INTO period_counts (series, period, country_count, n)
       SELECT 'statements', {PERIOD.format(date='date')}, NULL, count(*) FROM statement_rows GROUP BY 2""",
    "DELETE FROM archive_summary",
    """INSERT INTO archive_summary
       SELECT 1,
         (SELECT count(*) FROM articles),
         (SELECT count(*) FROM statement_rows),
         (SELECT count(*) FROM meeting_rows),
         (SELECT count(*) FROM people),
         (SELECT count(*) FROM organisations),
         (SELECT count(DISTINCT member) FROM meeting_members WHERE kind = 'country'),
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
         :built_at, :version""",
]


TABLES = ("meeting_rows", "meeting_members", "statement_rows", "statement_members", "member_counts",
          "member_totals", "pair_counts", "pair_totals", "period_counts", "archive_summary")


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
        db.execute(sql, {"built_at": built_at, "version": VERSION} if ":built_at" in sql else [])
    for sql in index_sql():
        db.execute(sql)


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
