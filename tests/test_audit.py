"""The duplicate audit: after a load, one row per real person and place, and no probable pair left.

Articles below are invented; they name the same people in the ways news does
(transliterations, surname only, honorifics, family name first, a shorter
form of a long name, a short form of a given name) and include namesakes that must stay apart.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from archive import review, store
from archive.cli import cli

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"

ARTICLES = {
    "a01.txt": ("2023-03-02", "Russian Foreign Minister Dmitry Volkonsky met Croatian Foreign Minister Ana Kovač "
                              "in Geneva on Monday. Volkonsky said the two countries would resume regular "
                              "consultations."),
    "a02.txt": ("2023-05-10", "Dmitri Volkonsky, the Russian foreign minister, held talks with Chinese Foreign "
                              "Minister Zhou Minghua in Vienna on Tuesday. Zhou said China welcomed the talks."),
    "a03.txt": ("2024-01-15", "Russian Deputy Prime Minister Dmitriy Volkonskiy visited Beijing on Friday. "
                              "Mr. Volkonskiy said trade with China had doubled."),
    "a04.txt": ("2023-06-20", "Brazilian President Joaquim Bento Ramos da Cunha hosted Argentine President Lucía "
                              "Ferreyra in Brasilia on Wednesday. Ramos da Cunha said the two governments would "
                              "build a new bridge."),
    "a05.txt": ("2023-09-01", "Brazilian President Bento met Portuguese Prime Minister Rui Carvalho in Lisbon on "
                              "Thursday. Bento said Brazil wanted closer ties with Portugal."),
    "a06.txt": ("2023-07-07", "Japanese Foreign Minister Tanaka Hiroshi met South Korean Foreign Minister Park "
                              "Ji-won in Seoul on Friday. Tanaka said Japan hoped for a summit this year."),
    "a07.txt": ("2023-11-02", "Japanese Foreign Minister Hiroshi Tanaka visited Canberra on Monday, where he met "
                              "Australian Foreign Minister Claire Brandt. Brandt said Australia and Japan shared "
                              "many goals."),
    "a08.txt": ("2023-11-20", "German Foreign Minister Claire Brandt met Polish Foreign Minister Tomasz Nowak in "
                              "Warsaw on Tuesday. Brandt said Germany would invest in Polish railways."),
    "a09.txt": ("2023-12-01", "Croatian Foreign Minister Ana Kovac visited Moscow on Monday. Kovac said Croatia "
                              "wanted dialogue. Mr. Volkonsky, the Russian foreign minister, said Russia welcomed "
                              "the visit."),
    "a10.txt": ("2023-04-04", "Kazakh Foreign Minister Nurlan Abenov met Kyrgyz Foreign Minister Azamat "
                              "Toktogulov in Almaty, Kazakhstan on Monday. Abenov said the two countries would "
                              "share water."),
    "a11.txt": ("2023-08-08", "A second round of talks was held in Almatty, Kazakhstan on Friday, chaired by Kazakh "
                              "Foreign Minister Nurlan Abenov."),
    "a12.txt": ("2004-03-01", "Libyan leader Muammar Gaddafi met Italian Prime Minister Marco Bellini in Tripoli "
                              "on Monday. Gaddafi said Libya would open its oil fields to foreign firms."),
    "a13.txt": ("2004-05-01", "Libyan leader Moammar Khadafy met Egyptian President Hosni Farag in Cairo on "
                              "Sunday. Khadafy said the two countries would build a new road."),
    "a14.txt": ("2023-02-02", "US Secretary of State Richard Whitmore met Kenyan Foreign Minister Grace Wanjiru in "
                              "Nairobi on Monday. Whitmore said the two countries would expand trade."),
    "a15.txt": ("2023-02-09", "US Secretary of State Dick Whitmore visited Accra, Ghana on Friday. Whitmore said "
                              "America supported the plan."),
}

# (name, country) -> (articles, names it must also be known by)
EXPECTED_PEOPLE = {
    ("Dmitry Volkonsky", "RU"): (4, {"Dmitri Volkonsky", "Dmitriy Volkonskiy", "Volkonsky"}),
    ("Ana Kovač", "HR"): (2, {"Kovac"}),
    ("Zhou Minghua", "CN"): (1, {"Zhou"}),
    ("Joaquim Bento Ramos da Cunha", "BR"): (2, {"Bento", "Ramos da Cunha"}),
    ("Tanaka Hiroshi", "JP"): (2, {"Hiroshi Tanaka", "Tanaka"}),
    ("Claire Brandt", "AU"): (1, {"Brandt"}),
    ("Claire Brandt", "DE"): (1, {"Brandt"}),
    ("Nurlan Abenov", "KZ"): (2, {"Abenov"}),
    ("Muammar Gaddafi", "LY"): (2, {"Moammar Khadafy", "Gaddafi", "Khadafy"}),
    ("Richard Whitmore", "US"): (2, {"Dick Whitmore", "Whitmore"}),
}


def load(tmp_path: Path, *folders) -> sqlite_utils.Database:
    db_path = tmp_path / "archive.db"
    result = CliRunner().invoke(cli, ["load", *map(str, folders), "--db", str(db_path), "--silent"])
    assert "Traceback" not in result.output, result.output
    return store.open_db(db_path)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("audit")
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (published, body) in ARTICLES.items():
        (folder / name).write_text(f"---\ntitle: {name}\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    return load(tmp_path, folder)


@pytest.mark.parametrize("key", sorted(EXPECTED_PEOPLE))
def test_one_row_per_person_with_all_their_names(db, key):
    name, country = key
    articles, names = EXPECTED_PEOPLE[key]
    [row] = db.query("select * from people where name = ? and country = ?", [name, country])
    known = {r["alias"] for r in db["person_aliases"].rows_where("person_id = ? and kind = 'name'", [row["id"]])}
    assert row["article_count"] == articles
    assert names <= known


def test_no_person_appears_twice(db):
    keys = [(r["name"], r["country"]) for r in db.query("select name, country from people")]
    assert len(keys) == len(set(keys))
    assert set(EXPECTED_PEOPLE) <= set(keys)
    assert db.execute("select count(*) from people where surname_norm like 'volkonsk%'").fetchone()[0] == 1


def test_one_row_per_place(db):
    [almaty] = db.query("select * from places where geonames_id is not null and country = 'KZ'")
    assert almaty["name"] == "Almaty"
    assert [r["alias"] for r in db["place_aliases"].rows_where("place_id = ?", [almaty["id"]])] == ["Almatty"]
    names = [r["name"] for r in db.query("select name from places")]
    assert len(names) == len(set(names))


def test_audit_finds_no_certain_duplicates(db):
    assert review.duplicates(db, review.CERTAIN) == []


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")
def test_corpus_with_seeds_has_no_certain_duplicates(tmp_path):
    db = load(tmp_path, CORPUS, REPO / "seeds")
    assert db["articles"].count > 100
    pairs = [(p.kind, p.a.name, p.b.name, p.score) for p in review.duplicates(db, review.CERTAIN)]
    assert pairs == []
