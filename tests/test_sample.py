"""The sample article, loaded through the CLI and checked through SQL (issue 2's acceptance facts)."""
import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from archive.cli import cli

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("sample") / "archive.db"
    result = CliRunner().invoke(cli, ["load", str(SEEDS), "--db", str(path), "--silent"])
    assert result.exit_code == 0, result.output
    return sqlite_utils.Database(path)


def person_id(db, name):
    rows = db.execute("select id from people where name = ?", [name]).fetchall()
    assert len(rows) == 1, f"{name}: {rows}"
    return rows[0][0]


def test_exactly_the_five_people(db):
    rows = {(r["name"], r["country"]) for r in db.query("select name, country from people")}
    assert rows == {("Sergey Lavrov", "RU"), ("Wang Yi", "CN"), ("Khan Muttaqi", "AF"),
                    ("Joe Biden", "US"), ("Ashraf Ghani", "AF")}


def test_surname_and_title_aliases_resolve(db):
    lavrov, wang = person_id(db, "Sergey Lavrov"), person_id(db, "Wang Yi")
    alias_of = {r["alias"]: r["person_id"] for r in db.query("select alias, person_id from person_aliases")}
    assert alias_of["Lavrov"] == lavrov
    assert alias_of["Chinese Foreign Minister"] == wang


def test_article_countries(db):
    codes = {r["iso2"] for r in db.query("select iso2 from article_countries")}
    assert codes == set("AF CN ID IR PK QA RU TJ TM US UZ".split())


def test_conference_meeting(db):
    wang = person_id(db, "Wang Yi")
    rows = list(db.query("select * from meetings where chair_id = ? and date like '2022-03-3%'", [wang]))
    main = [r for r in rows if len(json.loads(r["participants"])) == 10]
    assert len(main) == 1
    m = main[0]
    assert m["date"] in ("2022-03-31", "2022-03-30/2022-03-31")
    assert set(json.loads(m["participants"])) == set("AF CN ID IR PK QA RU TJ TM UZ".split())
    names = {m["place_id"]}
    aliases = {r["alias"] for r in db.query("select alias from place_aliases where place_id = ?", list(names))}
    place = db["places"].get(m["place_id"])
    assert {"Dunxi", "Donxi"} <= aliases | {place["name"]}


def test_bilateral_meetings_on_march_30(db):
    rows = list(db.query("select participants from meetings where date = '2022-03-30'"))
    assert len(rows) == 1
    assert set(json.loads(rows[0]["participants"])) == {"CN", "RU", "PK", "QA"}


def test_statements_by_speaker(db):
    lavrov, ghani = person_id(db, "Sergey Lavrov"), person_id(db, "Ashraf Ghani")
    texts = [r["text"] for r in db.query("select text from statements where speaker_id = ?", [lavrov])]
    assert len(texts) >= 7
    assert any(t.startswith("expressed concern that the Islamic State") for t in texts)
    assert db.execute("select count(*) from statements where speaker_id = ?", [ghani]).fetchone()[0] == 1
