"""Summary tables: rebuilt from the views at the end of each load and curation, never stale."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from archive import store
from archive.cli import cli

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def rows(conn, sql: str) -> list[tuple]:
    return conn.execute(sql).fetchall()


def loaded(tmp_path) -> Path:
    folder = tmp_path / "in"
    shutil.copytree(REPO / "seeds", folder)
    for path in sorted((CORPUS / "readouts").glob("*.txt"))[:3] if CORPUS.exists() else []:
        shutil.copy(path, folder / path.name)
    db_path = tmp_path / "archive.db"
    assert CliRunner().invoke(cli, ["load", str(folder), "--db", str(db_path), "--silent", "--jobs", "1"]).exit_code == 0
    return db_path


def test_the_summary_tables_are_the_views_after_a_load(tmp_path):
    conn = sqlite3.connect(loaded(tmp_path))
    meeting_columns = ", ".join(c[1] for c in conn.execute("PRAGMA table_info(archive_meetings)"))
    assert rows(conn, f"select {meeting_columns} from meeting_rows order by id") == \
        rows(conn, f"select {meeting_columns} from archive_meetings order by id") != []
    statement_columns = ", ".join(c[1] for c in conn.execute("PRAGMA table_info(statements_view)"))
    assert rows(conn, f"select {statement_columns} from statement_rows order by id") == \
        rows(conn, f"select {statement_columns} from statements_view order by id") != []
    assert rows(conn, "select count(*) from statement_rows where search_id is not id") == [(0,)]
    assert rows(conn, "select kind, member, meeting_id from meeting_members order by 1, 2, 3") == rows(conn, """
        select 'country', c.value, m.id from archive_meetings m, json_each(m.countries) c
        union all select 'person', p.value, m.id from archive_meetings m, json_each(m.person_ids) p order by 1, 2, 3""")
    assert rows(conn, "select a, b, n from pair_totals where kind = 'country' order by 1, 2") == rows(conn, """
        select a.value, b.value, count(*) from archive_meetings m, json_each(m.countries) a, json_each(m.countries) b
        where a.value < b.value group by 1, 2 order by 1, 2""")
    assert rows(conn, "select articles, statements, meetings from archive_summary") == rows(conn, """
        select (select count(*) from articles), (select count(*) from statements_view),
               (select count(*) from archive_meetings)""")


def test_a_rejected_statement_leaves_the_summaries_at_once(tmp_path):
    db_path = loaded(tmp_path)
    conn = sqlite3.connect(db_path)
    (first, total), = rows(conn, "select min(id), count(*) from statement_rows")
    result = CliRunner().invoke(cli, ["reject", "statement", str(first), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert conn.execute("select count(*) from statement_rows where id = ?", [first]).fetchone() == (0,)
    assert rows(conn, "select statements from archive_summary") == [(total - 1,)]


def test_a_load_that_changes_nothing_leaves_them_as_they_were(tmp_path, monkeypatch):
    db_path = loaded(tmp_path)
    conn = sqlite3.connect(db_path)
    [(built,)] = rows(conn, "select built_at from archive_summary")
    monkeypatch.setattr(store, "now", lambda: "2099-01-01T00:00:00+00:00")
    result = CliRunner().invoke(cli, ["load", str(tmp_path / "in"), "--db", str(db_path), "--silent", "--jobs", "1"])
    assert result.stdout.startswith("0 added, 0 replaced, ")
    assert rows(conn, "select built_at from archive_summary") == [(built,)]
    (tmp_path / "in" / "new.txt").write_text("Sergey Lavrov met Wang Yi in Beijing on Monday.\n", encoding="utf-8")
    CliRunner().invoke(cli, ["load", str(tmp_path / "in"), "--db", str(db_path), "--silent", "--jobs", "1"])
    assert rows(conn, "select built_at from archive_summary") == [("2099-01-01T00:00:00+00:00",)]
