"""Cross-archive resolution: name variants, titles, namesakes, roles over time, places, organisations."""
from __future__ import annotations

import json

import pytest
import sqlite_utils
from click.testing import CliRunner

from archive import resolve, store
from archive.cli import cli
from archive.model import Article


@pytest.fixture
def db(tmp_path):
    return store.open_db(tmp_path / "archive.db")


def person(db, name, country=None, aliases=(), roles=()) -> int:
    return resolve.person_id(db, {"name": name, "country": country, "aliases": list(aliases),
                                  "roles": list(roles)})


def in_article(db, name, country=None, roles=(), statements=()) -> int:
    """Save an article in which one person appears; their people.id."""
    body = f"{name} spoke. " + " ".join(f"It was said that {s['text']}." for s in statements)
    extraction = {"people": [{"id": "p1", "name": name, "country": country, "aliases": [], "roles": list(roles),
                              "mentions": [{"text": name, "start": 0, "end": len(name)}]}],
                  "statements": [dict(s, start=body.index(s["text"]), end=body.index(s["text"]) + len(s["text"]))
                                 for s in statements]}
    n = db["articles"].count
    store.save_article(db, Article(name=f"{n}.txt", path=f"/{n}.txt", body=body), extraction)
    return db.execute("SELECT person_id FROM article_people WHERE article_id = "
                      "(SELECT max(id) FROM articles)").fetchone()[0]


def aliases(db, pid: int) -> dict:
    return {r["alias"]: r["kind"] for r in db["person_aliases"].rows_where("person_id = ?", [pid])}


# Names ------------------------------------------------------------------------

@pytest.mark.parametrize("first, second, country", [
    ("Sergey Lavrov", "Sergei Lavrov", "RU"),              # transliteration
    ("Muammar Belkacem", "Moammar Belkacem", "LY"),
    ("Dmitriy Volkonskiy", "Dmitry Volkonsky", "RU"),
    ("Viktor Yanukovych", "Viktor F. Yanukovich", "UA"),    # middle initial, spelling
    ("Mr. Tomás Aranda", "Tomas Aranda", "CL"),              # honorific, accents
    ("Foreign Minister Lena Holm", "Lena Holm", "SE"),      # title kept in the name
    ("Luiz Inácio Lula da Silva", "Lula da Silva", "BR"),   # particles, shorter form
    ("Tanaka Hiroshi", "Hiroshi Tanaka", "JP"),             # family name first
    ("Joaquim Bento Ramos da Cunha", "Bento", "BR"),         # one of the names alone
    ("Zhou Minghua", "Zhou", "CN"),                          # family name of a family-first name
    ("Claire Brandt", "Brandt", None),                       # surname, country unknown
    ("Richard Hallam", "Dick Hallam", "GB"),                 # short form of a given name
])
def test_name_variants_are_one_person(db, first, second, country):
    assert person(db, first, country) == person(db, second, country)
    assert db["people"].count == 1


@pytest.mark.parametrize("first, second", [
    ("George W. Bush", "George H. W. Bush"),
    ("Ilse Brandt", "Karl Brandt"),
    ("J. Smith", "Mary Smith"),
    ("Gordon Brown", "Des Browne"),
    ("Kim Jong Il", "Kim Jong Un"),
    ("Amir Khan", "Imran Khan"),
])
def test_different_names_stay_apart(db, first, second):
    assert person(db, first, "GB") != person(db, second, "GB")


def test_honorific_and_title_are_not_part_of_the_canonical_name(db):
    pid = person(db, "Mr. Tomás Aranda", "CL")
    assert db["people"].get(pid)["name"] == "Tomás Aranda"
    assert aliases(db, pid) == {"Mr. Tomás Aranda": "name"}


def test_fuller_name_becomes_canonical(db):
    pid = person(db, "Volkonsky", "RU")
    assert person(db, "Dmitry Volkonsky", None, aliases=["Volkonsky"]) == pid
    row = db["people"].get(pid)
    assert (row["name"], row["country"]) == ("Dmitry Volkonsky", "RU")
    assert aliases(db, pid) == {"Volkonsky": "name"}


def test_nickname_paired_with_a_full_name_links_later_articles(db):
    pid = person(db, "Joaquim Bento Ramos da Cunha", "BR", aliases=["Quinzinho"])
    assert aliases(db, pid)["Quinzinho"] == "name"
    assert person(db, "Quinzinho", "BR") == pid


def test_titles_are_kept_but_never_link_people(db):
    first = person(db, "Dmitry Volkonsky", "RU", aliases=["Russian Foreign Minister", "Volkonsky"])
    second = person(db, "Pavel Orlov", "RU", aliases=["Russian Foreign Minister"])
    assert first != second
    assert aliases(db, first) == {"Russian Foreign Minister": "title", "Volkonsky": "name"}
    assert aliases(db, second) == {"Russian Foreign Minister": "title"}


def test_namesakes_are_told_apart_by_country_and_role(db):
    australian = in_article(db, "Claire Brandt", "AU", roles=["Foreign Minister"])
    german = in_article(db, "Claire Brandt", "DE", roles=["Foreign Minister"])
    economist = in_article(db, "Jonas Brandt", "DE", roles=["Economy Minister"])
    assert len({australian, german, economist}) == 3
    assert in_article(db, "Brandt", "AU") == australian
    assert in_article(db, "Brandt", "DE", roles=["Foreign Minister"]) == german
    # A bare surname that fits several people makes a row of its own (review lists it).
    assert in_article(db, "Brandt", None) not in {australian, german, economist}


def test_names_match_rules():
    tokens = resolve.name_tokens
    assert tokens("Khalid bin Ahmed Al Khalifa") == ["khalid", "ahmed", "khalifa"]
    assert tokens("Russian Foreign Minister Sergey Lavrov") == ["sergey", "lavrov"]
    assert tokens("Amir Khan") == ["amir", "khan"]  # a given name, not the title "amir"
    assert resolve.fold("Sergey") == resolve.fold("Sergei")
    assert resolve.names_match(tokens("Wang"), tokens("Wang Yi"), family_first=True)
    assert not resolve.names_match(tokens("Wang"), tokens("Wang Yi"))
    assert resolve.is_title("the President") and not resolve.is_title("President Bush")


@pytest.mark.parametrize("name, headline, full", [
    ("Sato", "Readout of the Call with Japanese Prime Minister Kenji Sato", "Kenji Sato"),
    ("Berg", "Jonas K. Berg’s visit to Oslo", "Jonas K. Berg"),   # an initial, a possessive
    ("Sato", "President Marsh’s Call with Prime Minister Sato", None),   # no given name before it
    ("Holm", "Marsh Meets With Holm", None),                     # capitalised words are not given names
    ("Berg", "Jonas Berg and Maria Berg in Oslo", None),          # two different full names
    ("Kenji Sato", "Prime Minister Kenji Sato", None),            # already a full name
    ("Sato", None, None),
])
def test_headline_name_completes_a_surname(name, headline, full):
    assert resolve.headline_name(name, headline) == full


def test_a_person_named_by_surname_takes_the_full_name_of_the_headline(db):
    body = "Prime Minister Sato said the talks went well."
    extraction = {"people": [{"id": "p1", "name": "Sato", "country": "JP", "roles": ["Prime Minister"],
                              "mentions": [{"text": "Sato", "start": 15, "end": 19}]}]}
    article = Article(name="a.txt", path="/a.txt", body=body,
                      title="Readout of the Call with Japanese Prime Minister Kenji Sato")
    store.save_article(db, article, extraction)
    [row] = db["people"].rows
    assert (row["name"], row["country"]) == ("Kenji Sato", "JP")
    assert aliases(db, row["id"]) == {"Sato": "name"}


# Roles over time --------------------------------------------------------------

ARTICLES = {
    "one.txt": ("2023-03-02", "Russian Foreign Minister Dmitry Volkonsky met Croatian Foreign Minister "
                              "Ana Kovač in Geneva on Monday. Volkonsky said the two countries would "
                              "resume regular consultations."),
    "two.txt": ("2024-01-15", "Russian Deputy Prime Minister Dmitriy Volkonskiy visited Beijing on Friday. "
                              "Mr. Volkonskiy said trade with China had doubled."),
}


def write_articles(folder, articles=ARTICLES):
    folder.mkdir(exist_ok=True)
    for name, (published, body) in articles.items():
        (folder / name).write_text(f"---\ntitle: {name}\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    return folder


def test_roles_are_dated_and_the_latest_is_current(tmp_path):
    db_path = tmp_path / "archive.db"
    result = CliRunner().invoke(cli, ["load", str(write_articles(tmp_path / "in")), "--db", str(db_path),
                                      "--silent"])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    [row] = db.query("select * from people where name_norm like '%volkonsk%'")
    assert row["role"] == "Deputy Prime Minister"
    assert json.loads(row["roles"]) == ["Foreign Minister", "Deputy Prime Minister"]
    roles = [(r["role"], r["date"]) for r in db.query(
        "select role, date from person_roles where person_id = ? order by date", [row["id"]])]
    assert roles == [("Foreign Minister", "2023-03-02"), ("Deputy Prime Minister", "2024-01-15")]


# Places -----------------------------------------------------------------------

def test_spelling_variants_snap_to_one_geonames_settlement(db):
    first = resolve.place_id(db, {"name": "Donxi", "aliases": ["Dunxi"], "country": "CN"})
    assert resolve.place_id(db, {"name": "Dunxi", "country": "CN"}) == first
    row = db["places"].get(first)
    assert (row["name"], row["country"], row["geonames_id"], row["resolved"]) == ("Tunxi", "CN", 1792359, 1)
    assert row["latitude"] == pytest.approx(29.7, abs=0.1)
    assert row["longitude"] == pytest.approx(118.3, abs=0.1)
    assert {r["alias"] for r in db["place_aliases"].rows} == {"Donxi", "Dunxi"}


def test_fuzzy_matching_needs_the_country(db):
    loose = resolve.place_id(db, {"name": "Almatty"})
    assert db["places"].get(loose)["resolved"] == 0
    assert db["places"].get(loose)["name"] == "Almatty"
    capital = resolve.place_id(db, {"name": "Canberra"})  # exact and large: safe without a country
    assert db["places"].get(capital)["country"] == "AU"


def test_unresolved_places_keep_their_text_and_are_flagged(db):
    pid = resolve.place_id(db, {"name": "Granja do Zorro", "country": "BR"})
    row = db["places"].get(pid)
    assert (row["name"], row["country"], row["resolved"], row["latitude"]) == ("Granja do Zorro", "BR", 0, None)


def test_places_with_different_settlements_stay_apart(db):
    paris = resolve.place_id(db, {"name": "Paris", "country": "FR"})
    texas = resolve.place_id(db, {"name": "Paris", "country": "US"})
    assert paris != texas
    assert db["places"].get(paris)["geonames_id"] != db["places"].get(texas)["geonames_id"]


# Organisations and speakers ---------------------------------------------------

def test_organisations_have_aliases_and_country(db):
    kremlin = resolve.organisation_id(db, {"name": "Kremlin", "country": "RU", "kind": "government"})
    assert resolve.organisation_id(db, {"name": "the Kremlin"}) == kremlin
    ministry = resolve.organisation_id(db, {"name": "Russian Foreign Ministry", "country": "RU", "mentions": [
        {"text": "Russian Foreign Ministry"}, {"text": "Russian Ministry of Foreign Affairs"}]})
    assert resolve.organisation_id(db, {"name": "Russian Ministry of Foreign Affairs"}) == ministry
    assert db["organisations"].get(ministry)["country"] == "RU"
    assert [r["alias"] for r in db["organisation_aliases"].rows] == ["Russian Ministry of Foreign Affairs"]


def test_speaker_known_only_by_name_is_linked_after_the_load(db):
    statement = {"id": "s1", "speaker": "Dmitry Volkonsky", "speaker_id": None, "speaker_type": None,
                 "text": "talks would go on", "kind": "indirect"}
    in_article(db, "Ana Kovač", "HR", statements=[statement])
    pid = in_article(db, "Dmitry Volkonsky", "RU")
    assert [r["speaker_id"] for r in db["statements"].rows] == [None]
    store.finalize(db)
    assert [r["speaker_id"] for r in db["statements"].rows] == [pid]


# Candidates -------------------------------------------------------------------

SHARERS = ["Holm", "Lindqvist", "Marek", "Nowak", "Rasmussen", "Sandoval", "Wilde", "Hallam", "Moreau",
           "Laine", "Nilsen", "Ruiz", "Svoboda", "Winter", "Hughes", "Lopez", "Meyer", "Novak", "Reyes", "Schultz"]


def test_a_name_finds_only_the_people_it_can_match_however_many_share_a_given_name(db):
    for surname in SHARERS:
        person(db, f"Anna {surname}", "PL")
    near = person(db, "Anna Petrenko", "PL")  # same given name, last name starts alike
    namesake = person(db, "Olga Petrova", "PL")  # same last name
    keys = resolve.identifying_names(["Anna Petrova"])
    assert {c.id for c in resolve._candidates(db, keys)} == {near, namesake}


def test_a_person_is_indexed_under_words_last_words_and_words_with_the_start_of_the_last(db):
    pid = person(db, "Sergey Lavrov", "RU", aliases=["Lavrov"])
    sergey, lavrov = resolve.fold("Sergey"), resolve.fold("Lavrov")
    keys = {r[0] for r in db.execute("SELECT key FROM person_keys WHERE person_id = ?", [pid])}
    assert keys == {sergey, lavrov, lavrov + "$", f"{sergey}|{lavrov[:2]}"}


def test_an_archive_of_schema_version_2_gets_match_keys(tmp_path):
    path = tmp_path / "archive.db"
    first = store.open_db(path)
    pid = person(first, "Sergey Lavrov", "RU")
    first.conn.commit()
    first.close()
    old = sqlite_utils.Database(path)
    old.execute("DELETE FROM person_keys")
    old.execute("INSERT INTO person_keys (key, person_id) VALUES ('lavrov', ?)", [pid])
    old.execute("PRAGMA user_version = 2")
    old.conn.commit()
    again = store.open_db(path)
    assert again.execute("SELECT count(*) FROM person_keys").fetchone()[0] == 4
    assert again.execute("PRAGMA user_version").fetchone()[0] == 3
