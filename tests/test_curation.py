"""Curation: decisions written to curation.yml, applied at once and after every load, even from scratch."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner

from archive import curation, store
from archive.cli import cli

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"

ARTICLES = {
    "geneva.txt": ("2023-03-02", "Russian Foreign Minister Dmitry Volkonsky met Croatian Foreign Minister "
                                 "Ana Kovač in Geneva on Monday. Volkonsky said the two countries would resume "
                                 "regular consultations."),
    "moscow.txt": ("2023-12-01", "Croatian Foreign Minister Ana Kovac visited Moscow on Monday. Kovac said "
                                 "Croatia wanted dialogue with Russia."),
    "bratislava.txt": ("2023-10-10", "Polish Foreign Minister Tomasz Nowak met Slovak Foreign Minister Peter "
                                     "Sulik in Bratislava on Monday. Nowak said the talks had been useful."),
}


def write_articles(folder: Path, articles: dict = ARTICLES) -> Path:
    folder.mkdir(exist_ok=True)
    for name, (published, body) in articles.items():
        (folder / name).write_text(f"---\ntitle: {name}\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    return folder


def run(*args, ok: bool = True):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def archive(tmp_path):
    """(db path, folder of articles), loaded once."""
    folder, db_path = write_articles(tmp_path / "in"), tmp_path / "archive.db"
    run("load", folder, "--db", db_path, "--silent")
    return db_path, folder


def reload_from_scratch(db_path: Path, *folders) -> sqlite_utils.Database:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    run("load", *folders, "--db", db_path, "--silent")
    return sqlite_utils.Database(db_path)


def person(db, name: str) -> dict:
    [row] = db.query("select * from people where name = ?", [name])
    return row


def aliases(db, table: str, fk: str, row_id: int) -> set:
    return {r["alias"] for r in db[table].rows_where(f"{fk} = ?", [row_id])}


def decisions(db_path: Path) -> dict:
    return yaml.safe_load((db_path.parent / "curation.yml").read_text(encoding="utf-8"))


# The acceptance case ------------------------------------------------------------

def test_place_alias_survives_a_reload_from_scratch(tmp_path):
    db_path = tmp_path / "archive.db"
    run("load", SEEDS, "--db", db_path, "--silent")
    result = run("alias", "place", "Don Khe", "Tunxi", "--db", db_path)
    assert 'into "Tunxi"' in result.output and "recorded in" in result.output
    db = reload_from_scratch(db_path, SEEDS)
    holders = {r["place_id"] for r in db.query(
        "select place_id from place_aliases where alias in ('Don Khe', 'Donxi', 'Dunxi')")}
    [tunxi] = db.query("select * from places where name = 'Tunxi'")
    assert holders == {tunxi["id"]}
    assert {"Don Khe", "Donxi", "Dunxi"} <= aliases(db, "place_aliases", "place_id", tunxi["id"])
    assert tunxi["latitude"] == pytest.approx(29.7, abs=0.1)
    assert tunxi["longitude"] == pytest.approx(118.3, abs=0.1)
    assert db.execute("select count(*) from places where name in ('Don Khe', 'Donxi', 'Dunxi')").fetchone()[0] == 0


# Each decision survives a reload ------------------------------------------------

def test_person_alias_is_recorded_and_survives(archive):
    db_path, folder = archive
    result = run("alias", "person", "Tomek Nowak", "Tomasz Nowak", "--db", db_path)
    assert '"Tomek Nowak" is now an alias of "Tomasz Nowak"' in result.output
    assert decisions(db_path) == {"aliases": {"person": [{"alias": "Tomek Nowak", "of": "Tomasz Nowak"}]}}
    again = run("alias", "person", "Tomek Nowak", "Tomasz Nowak", "--db", db_path)
    assert "already in effect" in again.output and "already recorded" in again.output
    db = reload_from_scratch(db_path, folder)
    nowak = person(db, "Tomasz Nowak")
    assert "Tomek Nowak" in aliases(db, "person_aliases", "person_id", nowak["id"])


def check_then_reload(db_path: Path, folder: Path, check) -> None:
    """Run ``check`` on the database now, and again after reloading it from scratch."""
    db = sqlite_utils.Database(db_path)
    check(db)
    db.close()
    check(reload_from_scratch(db_path, folder))


def test_merge_survives_a_reload(archive):
    db_path, folder = archive
    result = run("merge", "person", "Peter Sulik", "Tomasz Nowak", "--db", db_path)
    assert 'merged "Peter Sulik" (#2, SK) into "Tomasz Nowak" (#1, PL)' in result.output

    def check(db):
        nowak = person(db, "Tomasz Nowak")
        assert db.execute("select count(*) from people where name = 'Peter Sulik'").fetchone()[0] == 0
        assert "Peter Sulik" in aliases(db, "person_aliases", "person_id", nowak["id"])
        participants = [r["person_id"] for r in db.query(
            "select person_id from meeting_people mp join meetings m on m.id = mp.meeting_id "
            "join articles a on a.id = m.article_id where a.name = 'bratislava.txt'")]
        assert participants == [nowak["id"]]

    check_then_reload(db_path, folder, check)


def test_rename_survives_a_reload(archive):
    db_path, folder = archive
    result = run("rename", "person", "Dmitry Volkonsky", "Dmitri Volkonsky", "--db", db_path)
    assert 'renamed "Dmitry Volkonsky"' in result.output

    def check(db):
        row = person(db, "Dmitri Volkonsky")
        assert "Dmitry Volkonsky" in aliases(db, "person_aliases", "person_id", row["id"])
        speakers = {r["speaker"] for r in db.query("select speaker from statements_view")}
        assert "Dmitri Volkonsky" in speakers and "Dmitry Volkonsky" not in speakers

    check_then_reload(db_path, folder, check)


def test_reject_by_row_id_records_a_stable_key_and_survives(archive):
    db_path, folder = archive
    [row] = sqlite_utils.Database(db_path).query("select id, key from statements where text like 'Croatia wanted%'")
    result = run("reject", "statement", row["id"], "--db", db_path)
    assert f"rejected statement #{row['id']}" in result.output
    [entry] = decisions(db_path)["rejects"]["statement"]
    assert entry["key"] == row["key"] == "moscow.txt@" + row["key"].split("@")[1]
    assert entry["text"].startswith("Croatia wanted")
    db = reload_from_scratch(db_path, folder)
    assert [r["rejected"] for r in db.query("select rejected from statements where key = ?", [row["key"]])] == [1]
    assert not [r for r in db.query("select text from statements_view") if r["text"].startswith("Croatia")]
    # Taking the decision out of the file brings the statement back.
    path = db_path.parent / "curation.yml"
    path.write_text(curation.HEADER, encoding="utf-8")
    assert "no longer rejected" in run("curate", "--db", db_path).output
    assert [r["rejected"] for r in db.query("select rejected from statements where key = ?", [row["key"]])] == [0]


def test_reject_meeting_by_key(archive):
    db_path, folder = archive
    [meeting] = sqlite_utils.Database(db_path).query(
        "select m.id, m.key from meetings m join articles a on a.id = m.article_id where a.name = 'bratislava.txt'")
    run("reject", "meeting", meeting["key"], "--db", db_path)
    db = reload_from_scratch(db_path, folder)
    assert db.execute("select rejected from meetings where key = ?", [meeting["key"]]).fetchone() == (1,)
    shown = {r["article"] for r in db.query("select article from meetings_view")}
    assert "bratislava.txt" not in shown and "geneva.txt" in shown


def test_split_survives_a_reload(archive):
    db_path, folder = archive
    assert person(sqlite_utils.Database(db_path), "Ana Kovač")["article_count"] == 2
    result = run("split", "person", "Ana Kovač", "Ana Kovac", "--db", db_path)
    assert 'split "Ana Kovac"' in result.output

    def check(db):
        assert person(db, "Ana Kovač")["article_count"] == 1
        assert person(db, "Ana Kovac")["article_count"] == 1
        speakers = {r["speaker"] for r in db.query("select speaker from statements_view where text like 'Croatia%'")}
        assert speakers == {"Ana Kovac"}

    check_then_reload(db_path, folder, check)


def test_decisions_that_build_on_each_other_settle_in_any_order(archive):
    db_path, folder = archive
    run("rename", "person", "Tomasz Nowak", "Tomasz J. Nowak", "--db", db_path)
    run("merge", "person", "Peter Sulik", "Tomasz J. Nowak", "--db", db_path)
    db = reload_from_scratch(db_path, folder)
    assert person(db, "Tomasz J. Nowak")["article_count"] == 1
    assert db.execute("select count(*) from people where name like '%Sulik%'").fetchone()[0] == 0


def test_loading_again_with_decisions_changes_nothing(archive):
    db_path, folder = archive
    run("rename", "person", "Dmitry Volkonsky", "Dmitri Volkonsky", "--db", db_path)
    run("merge", "person", "Peter Sulik", "Tomasz Nowak", "--db", db_path)
    run("alias", "place", "Pozsony", "Bratislava", "--db", db_path)
    db = sqlite_utils.Database(db_path)
    tables = ["people", "person_aliases", "places", "place_aliases", "meetings", "statements", "mentions"]
    before = {t: list(db[t].rows) for t in tables}
    result = run("load", folder, "--db", db_path, "--silent")
    assert "3 unchanged" in result.output and "3 decisions, 0 changes" in result.output
    assert {t: list(db[t].rows) for t in tables} == before


# Errors -------------------------------------------------------------------------

@pytest.mark.parametrize("args, message", [
    (["alias", "person", "Tom", "Nobody Atall"], 'no person named "Nobody Atall"'),
    (["merge", "person", "Nobody Atall", "Tomasz Nowak"], 'no person named "Nobody Atall"'),
    (["rename", "place", "Atlantis", "Poseidonia"], 'no place named "Atlantis"'),
    (["split", "person", "Ana Kovač", "Zed"], 'no article mentions "Ana Kovač"'),
    (["reject", "statement", "9999"], "no statement with id 9999"),
    (["reject", "meeting", "nowhere.txt@1-2"], "no meeting with key nowhere.txt@1-2"),
    (["rename", "person", "Peter Sulik", "Tomasz Nowak"], "use `archive merge person"),
])
def test_a_decision_that_names_nothing_is_an_error(archive, args, message):
    db_path, _ = archive
    before = sqlite_utils.Database(db_path)["people"].count
    result = run(*args, "--db", db_path, ok=False)
    assert result.exit_code == 1
    assert message in result.output
    assert not (db_path.parent / "curation.yml").exists()
    assert sqlite_utils.Database(db_path)["people"].count == before


def test_ambiguous_name_asks_for_a_country(tmp_path):
    articles = {"a.txt": ("2023-01-01", "Australian Foreign Minister Claire Brandt visited Tokyo on Monday."),
                "b.txt": ("2023-02-01", "German Foreign Minister Claire Brandt visited Oslo on Monday.")}
    db_path = tmp_path / "archive.db"
    run("load", write_articles(tmp_path / "in", articles), "--db", db_path, "--silent")
    result = run("rename", "person", "Claire Brandt", "Claire M. Brandt", "--db", db_path, ok=False)
    assert "names 2 person rows" in result.output and "(XX)" in result.output
    run("rename", "person", "Claire Brandt (DE)", "Claire M. Brandt", "--db", db_path)
    countries = dict(sqlite_utils.Database(db_path).execute("select name, country from people").fetchall())
    assert countries == {"Claire Brandt": "AU", "Claire M. Brandt": "DE"}


def test_load_warns_about_decisions_that_no_longer_apply(archive):
    db_path, folder = archive
    curation.write(db_path.parent / "curation.yml", {"merges": {"person": [{"from": "Gone", "into": "Away"}]}})
    result = run("load", folder, "--db", db_path, "--silent")
    assert "curation: 1 decisions, 0 changes, 1 no longer apply" in result.output
    assert 'warning: curation: merge person "Gone" "Away" no longer applies: no person named "Away"' in result.output


def test_malformed_curation_file_is_a_clear_error(archive):
    db_path, folder = archive
    (db_path.parent / "curation.yml").write_text("merges:\n  persons: []\n", encoding="utf-8")
    result = run("load", folder, "--db", db_path, "--silent", ok=False)
    assert result.exit_code == 1
    assert "merges has no kind 'persons'" in result.output


def test_curation_option_chooses_the_file(archive, tmp_path):
    db_path, folder = archive
    chosen = tmp_path / "elsewhere" / "decisions.yml"
    chosen.parent.mkdir()
    run("rename", "person", "Peter Sulik", "Petr Sulik", "--db", db_path, "--curation", chosen)
    assert not (db_path.parent / "curation.yml").exists()
    assert yaml.safe_load(chosen.read_text())["renames"]["person"] == [{"from": "Peter Sulik", "to": "Petr Sulik"}]
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    run("load", folder, "--db", db_path, "--curation", chosen, "--silent")
    person(sqlite_utils.Database(db_path), "Petr Sulik")


def test_hand_edited_file_is_applied_by_curate(archive):
    db_path, _ = archive
    path = db_path.parent / "curation.yml"
    path.write_text("renames:\n  place:\n  - {from: Bratislava, to: Pressburg}\n", encoding="utf-8")
    result = run("curate", "--db", db_path)
    assert 'renamed "Bratislava"' in result.output and "1 changes" in result.output
    assert "0 changes" in run("curate", "--db", db_path).output  # already in effect


# Schema upgrades -----------------------------------------------------------------

V1_SCHEMA = """
CREATE TABLE articles (id INTEGER PRIMARY KEY, name TEXT NOT NULL, path TEXT NOT NULL UNIQUE, title TEXT,
    published TEXT, url TEXT, source TEXT, license TEXT, format TEXT, sha256 TEXT NOT NULL, body TEXT NOT NULL,
    loaded_at TEXT NOT NULL);
CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, role TEXT,
    roles TEXT NOT NULL DEFAULT '[]', article_count INTEGER NOT NULL DEFAULT 0,
    mention_count INTEGER NOT NULL DEFAULT 0, name_norm TEXT NOT NULL, surname_norm TEXT NOT NULL);
CREATE TABLE person_aliases (person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    alias TEXT NOT NULL, alias_norm TEXT NOT NULL, PRIMARY KEY (person_id, alias));
CREATE TABLE article_people (article_id INTEGER NOT NULL, person_id INTEGER NOT NULL, role TEXT,
    roles TEXT NOT NULL DEFAULT '[]', PRIMARY KEY (article_id, person_id));
CREATE TABLE statements (id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL, speaker_id INTEGER,
    organisation_id INTEGER, speaker_name TEXT, text TEXT NOT NULL, kind TEXT, date TEXT, date_precision TEXT,
    cue TEXT, start INTEGER, "end" INTEGER, countries TEXT NOT NULL DEFAULT '[]');
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content=[articles], content_rowid=[id]);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);
END;
CREATE VIRTUAL TABLE statements_fts USING fts5(text, content=[statements], content_rowid=[id]);
CREATE TRIGGER statements_ai AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, text) VALUES (new.id, new.text);
END;
INSERT INTO articles VALUES (1, 'old.txt', '/old.txt', 'Old', '2020-01-01', NULL, NULL, NULL, 'txt', 'x',
    'Foreign Minister Lena Holm said ties were good.', '2020-01-02');
INSERT INTO people VALUES (1, 'Lena Holm', 'SE', 'Foreign Minister', '["Foreign Minister"]', 1, 1,
    'lena holm', 'holm');
INSERT INTO person_aliases VALUES (1, 'Holm', 'holm'), (1, 'Swedish Foreign Minister', 'swedish foreign minister');
INSERT INTO article_people VALUES (1, 1, 'Foreign Minister', '["Foreign Minister"]');
INSERT INTO statements VALUES (1, 1, 1, NULL, 'Lena Holm', 'ties were good', 'indirect', NULL, NULL, 'said',
    32, 46, '[]');
PRAGMA user_version = 1;
"""


def test_decisions_survive_a_schema_upgrade(tmp_path):
    db_path = tmp_path / "archive.db"
    old = sqlite3.connect(db_path)
    old.executescript(V1_SCHEMA)
    old.close()
    db = store.open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
    assert db.execute("select key, rejected from statements").fetchall() == [("old.txt@32-46", 0)]
    assert {(r["alias"], r["kind"]) for r in db["person_aliases"].rows} == {
        ("Holm", "name"), ("Swedish Foreign Minister", "title")}
    assert [(r["role"], r["date"]) for r in db["person_roles"].rows] == [("Foreign Minister", "2020-01-01")]
    data = {"rejects": {"statement": ["old.txt@32-46"]},
            "renames": {"person": [{"from": "Holm", "to": "Lena M. Holm"}]}}
    report = curation.apply(db, data)
    assert report.problems == []
    assert db.execute("select rejected from statements").fetchone() == (1,)
    assert db["people"].get(1)["name"] == "Lena M. Holm"


def test_rejected_meeting_leaves_country_pairs(archive):
    import yaml

    db_path, _ = archive
    root = Path(__file__).resolve().parents[1]
    sql = yaml.safe_load((root / "metadata.yml").read_text())["databases"]["archive"]["queries"]["country_pairs"]["sql"]
    db = sqlite_utils.Database(db_path)

    def total():
        return sum(r["meetings"] for r in db.query(sql))

    before = total()
    [meeting] = db.query("select id from meetings where participants like '%,%' order by id limit 1")
    run("reject", "meeting", meeting["id"], "--db", db_path)
    assert total() < before
