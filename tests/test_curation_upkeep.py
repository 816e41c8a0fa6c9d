"""A curation decision's upkeep follows the decision (``upkeep``): only the reports it changed are linked
again, only the summary rows and review items of what it touched are made again, with the same archive
meetings, summary tables, people and review list as ``archive rebuild`` of the same archive. Invented
articles (bench/synthetic.py); each decision fails the test if it ran the full upkeep."""
from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_review_upkeep import doubtful, no_whole_review, stored
from test_upkeep import content, load, made

from archive import events, review, store, summaries
from archive.cli import cli


def no_full_upkeep(monkeypatch) -> None:
    """Fail if the decision links every report, rebuilds the summaries or computes the whole review list."""
    monkeypatch.setattr(events, "link", lambda db: pytest.fail("a full relink"))
    monkeypatch.setattr(summaries, "rebuild", lambda db, at: pytest.fail("a full summary rebuild"))
    monkeypatch.setattr(store, "finalize", lambda db: pytest.fail("the full upkeep"))
    no_whole_review(monkeypatch)


def run(*args) -> None:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output


def rebuilt(db_path: Path, tmp_path: Path) -> tuple[dict, list]:
    """(every upkeep table, the stored review list) of the same archive after `archive rebuild`."""
    copy = tmp_path / "rebuilt" / "archive.db"
    copy.parent.mkdir()
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(db_path, copy)
    run("rebuild", "--db", copy)
    return content(copy), stored(copy)


def assert_as_rebuilt(db_path: Path, tmp_path: Path) -> None:
    expected, listed = rebuilt(db_path, tmp_path)
    found = content(db_path)
    for table in expected:
        assert found[table] == expected[table], table
    assert stored(db_path) == listed


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("curation-upkeep")
    db_path = tmp / "archive.db"
    load(db_path, doubtful(made(150)), tmp / "a")
    return db_path


@pytest.fixture
def archive(base, tmp_path) -> Path:
    db_path = tmp_path / "archive.db"
    with sqlite3.connect(base) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(base, db_path)
    return db_path


def one(db_path: Path, sql: str, params=()) -> tuple:
    conn = sqlite3.connect(db_path)
    row = conn.execute(sql, params).fetchone()
    conn.close()
    assert row is not None, sql
    return row


# Two people of the same country who took part in meetings (a merge moves their reports).
MET = """SELECT p.name, q.name FROM people p JOIN people q ON q.country = p.country AND q.id > p.id
         WHERE p.id IN (SELECT person_id FROM meeting_people) AND q.id IN (SELECT person_id FROM meeting_people)
         ORDER BY p.id, q.id LIMIT 1"""
# A report linked with a report of another article, and one of a third article with a country in common.
LINKED = """SELECT m.key, o.key FROM meetings m JOIN meetings o ON o.event_id = m.event_id AND o.id > m.id
            ORDER BY m.id LIMIT 1"""
APART = """SELECT m.key, o.key FROM meetings m JOIN meetings o ON o.event_id != m.event_id AND o.id > m.id
           AND o.article_id != m.article_id AND o.date = m.date
           WHERE m.event_id IN (SELECT event_id FROM meetings GROUP BY event_id HAVING count(*) > 1)
           ORDER BY m.id LIMIT 1"""
BUSY = "SELECT name FROM people ORDER BY mention_count DESC, id LIMIT 1"


def decisions(db_path: Path) -> dict[str, list[list]]:
    """Commands of each kind of decision, with rows of this archive."""
    a, b = one(db_path, MET)
    linked, other = one(db_path, LINKED)
    apart = one(db_path, APART)
    [busy] = one(db_path, BUSY)
    [meeting] = one(db_path, "SELECT key FROM meetings WHERE event_id IN (SELECT event_id FROM meetings "
                             "GROUP BY event_id HAVING count(*) > 1) ORDER BY id LIMIT 1")
    [statement] = one(db_path, "SELECT key FROM statements WHERE speaker_id IS NOT NULL ORDER BY id LIMIT 1")
    [place] = one(db_path, "SELECT name FROM places WHERE id IN (SELECT place_id FROM meetings) ORDER BY id LIMIT 1")
    places = one(db_path, "SELECT p.name, q.name FROM places p JOIN places q ON q.id > p.id WHERE p.id IN "
                          "(SELECT place_id FROM meetings) AND q.id IN (SELECT place_id FROM meetings) "
                          "ORDER BY p.id, q.id LIMIT 1")
    [absent] = one(db_path, "SELECT name FROM people WHERE id NOT IN (SELECT person_id FROM meeting_people "
                            "WHERE meeting_id = (SELECT id FROM meetings WHERE key = ?)) ORDER BY id LIMIT 1",
                   [meeting])
    [country] = one(db_path, "SELECT iso2 FROM meeting_countries WHERE meeting_id = (SELECT id FROM meetings "
                             "WHERE key = ?) ORDER BY iso2 LIMIT 1", [meeting])
    return {
        "merge person": [["merge", "person", a, b]],
        "rename person": [["rename", "person", busy, "Quillon Abernathy-Vane"]],
        "set person country": [["set", "person", busy, "country", "NZ"]],
        "set person role": [["set", "person", busy, "role", "envoy"]],
        "distinct people": [["distinct", "person", a, b]],
        "reject person": [["reject", "person", a]],
        "person is an organisation": [["kind", "person", busy, "organisation"]],
        "reject meeting": [["reject", "meeting", meeting]],
        "set meeting date": [["set", "meeting", meeting, "date", "1999-12-31"]],
        "set meeting place": [["set", "meeting", meeting, "place", place]],
        "set meeting chair": [["set", "meeting", meeting, "chair", busy]],
        "add and remove participants": [["add", "meeting", meeting, "participant", absent],
                                         ["remove", "meeting", meeting, "participant", country],
                                         ["add", "meeting", meeting, "participant", "NZ"]],
        "merge meetings": [["merge", "meeting", *apart]],
        "split meeting": [["split", "meeting", linked, other]],
        "reject statement": [["reject", "statement", statement]],
        "set statement speaker": [["set", "statement", statement, "speaker", busy]],
        "merge places": [["merge", "place", *places]],
        "set place country": [["set", "place", place, "country", "NZ"]],
    }


NAMES = ["merge person", "rename person", "set person country", "set person role", "distinct people",
         "reject person", "person is an organisation", "reject meeting", "set meeting date", "set meeting place",
         "set meeting chair", "add and remove participants", "merge meetings", "split meeting",
         "reject statement", "set statement speaker", "merge places", "set place country"]


@pytest.mark.parametrize("decision", NAMES)
def test_a_decision_redoes_only_what_it_changed_as_a_rebuild_would(archive, tmp_path, monkeypatch, decision):
    commands = decisions(archive)[decision]
    before = content(archive)
    no_full_upkeep(monkeypatch)
    for command in commands:
        run(*command, "--db", archive)
    monkeypatch.undo()
    assert content(archive) != before  # the decision changed what the pages show
    assert_as_rebuilt(archive, tmp_path)


def test_curate_after_editing_the_file_undoes_what_it_no_longer_lists(archive, tmp_path, monkeypatch):
    commands = decisions(archive)
    for name in ("merge meetings", "reject meeting", "set person country", "merge person"):
        for command in commands[name]:
            run(*command, "--db", archive)
    path = archive.parent / "curation.yml"
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("merges")  # the meetings apart again, the two people stay merged (no row to split them into)
    data.pop("rejects")
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    no_full_upkeep(monkeypatch)
    run("curate", "--db", archive)
    monkeypatch.undo()
    assert_as_rebuilt(archive, tmp_path)


def test_a_load_applies_the_decisions_again_with_the_upkeep_of_what_they_change(archive, tmp_path, monkeypatch):
    """The decisions survive a load that brings new rows they apply to; the load and the curation after it
    redo only what they changed, as a rebuild would."""
    commands = decisions(archive)
    for name in ("merge person", "set meeting date", "merge meetings", "set person country"):
        for command in commands[name]:
            run(*command, "--db", archive)
    merged = one(archive, "SELECT count(*) FROM people")
    no_full_upkeep(monkeypatch)
    load(archive, doubtful(made(30, first=150)), tmp_path / "b")
    monkeypatch.undo()
    assert one(archive, "SELECT count(*) FROM people") > merged
    [date] = one(archive, "SELECT date FROM meetings WHERE key = ?", [commands["set meeting date"][0][2]])
    assert date == "1999-12-31"
    assert_as_rebuilt(archive, tmp_path)
