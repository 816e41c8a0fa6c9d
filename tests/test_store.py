"""store.py, resolve.py, schema.sql and metadata.yml against hand-made extractions."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
import yaml

from archive import resolve, store
from archive.model import Article

REPO = Path(__file__).resolve().parents[1]
METADATA = yaml.safe_load((REPO / "metadata.yml").read_text(encoding="utf-8"))
CANNED_PARAMS = {"q": "energy", "name": "vartosu", "iso2": "ro"}

BODY_A = ("Foreign Minister Elena Vârtosu of Romania met Ilse Brandt of Germany in Brasov "
          "on 3 May. Vârtosu said both countries would deepen energy cooperation.")
BODY_B = ("Vartosu told reporters that the talks with Germany had gone well. "
          "The Romanian Foreign Ministry said a second round would follow.")


def span(body: str, text: str, nth: int = 0) -> dict:
    """A mention dict for the nth occurrence of text in body."""
    start = -1
    for _ in range(nth + 1):
        start = body.index(text, start + 1)
    return {"text": text, "start": start, "end": start + len(text)}


def article(name: str, body: str, published: str) -> Article:
    return Article(name=name, path=f"/data/{name}", body=body, title=f"Title of {name}",
                   published=published, source="Test Wire", license="CC-BY-4.0")


def person(pid, name, body, surfaces, country=None, aliases=(), roles=()) -> dict:
    return {"id": pid, "name": name, "aliases": list(aliases), "country": country,
            "roles": list(roles), "mentions": [span(body, s, n) for s, n in surfaces]}


def statement(sid, body, text, speaker, speaker_id, speaker_type, countries, cue="said") -> dict:
    s = span(body, text)
    return {"id": sid, "speaker": speaker, "speaker_id": speaker_id, "speaker_type": speaker_type,
            "text": text, "kind": "indirect", "date": None, "date_precision": None,
            "countries": countries, "cue": cue, "start": s["start"], "end": s["end"]}


def extraction_a(body: str = BODY_A, with_brandt: bool = True, topic: str = "energy") -> dict:
    people = [person("p1", "Elena Vârtosu", body, [("Elena Vârtosu", 0), ("Vârtosu", 1)],
                     country="RO", aliases=["Vârtosu"], roles=["Foreign Minister"])]
    if with_brandt:
        people.append(person("p2", "Ilse Brandt", body, [("Ilse Brandt", 0)], country="DE"))
    evidence = span(body, body[: body.index(".") + 1])
    return {
        "article": "a.txt", "title": None, "published": "2024-05-04", "reference_date": "2024-05-04",
        "people": people, "organisations": [],
        "countries": ["DE", "RO"],
        "country_mentions": [dict(span(body, "Romania"), iso2="RO", via="name"),
                             dict(span(body, "Germany"), iso2="DE", via="name")],
        "places": [{"id": "l1", "name": "Brasov", "aliases": ["Brașov"], "country": "RO",
                    "mentions": [span(body, "Brasov")]}],
        "dates": [dict(span(body, "3 May"), value="2024-05-03", precision="day")],
        "meetings": [{"id": "m1", "kind": "meeting", "date": "2024-05-03", "date_precision": "day",
                      "planned": False, "place": "Brasov", "place_aliases": [], "place_country": "RO",
                      "place_id": "l1", "chair": "Elena Vârtosu", "chair_id": "p1",
                      "countries": ["DE", "RO"],
                      "people": [p["name"] for p in people], "people_ids": [p["id"] for p in people],
                      "evidence": evidence["text"], "start": evidence["start"], "end": evidence["end"]}],
        "statements": [statement("s1", body, f"both countries would deepen {topic} cooperation",
                                 "Elena Vârtosu", "p1", "person", ["RO", "DE"])],
    }


def extraction_b(body: str = BODY_B) -> dict:
    return {
        "article": "b.txt", "title": None, "published": "2024-06-01", "reference_date": "2024-06-01",
        "people": [person("p1", "Vartosu", body, [("Vartosu", 0)],
                          roles=["Deputy Prime Minister"])],
        "organisations": [{"id": "o1", "name": "Romanian Foreign Ministry", "country": "RO",
                           "kind": "ministry", "mentions": [span(body, "Romanian Foreign Ministry")]}],
        "countries": ["DE", "RO"],
        "country_mentions": [dict(span(body, "Germany"), iso2="DE", via="name"),
                             dict(span(body, "Romanian"), iso2="RO", via="demonym")],
        "places": [], "dates": [], "meetings": [],
        "statements": [
            statement("s1", body, "the talks with Germany had gone well", "Vartosu", "p1", "person",
                      ["DE"], cue="told reporters"),
            statement("s2", body, "a second round would follow", "Romanian Foreign Ministry", "o1",
                      "organisation", []),
        ],
    }


@pytest.fixture
def db(tmp_path):
    return store.open_db(tmp_path / "archive.db")


@pytest.fixture
def loaded(db):
    store.save_article(db, article("a.txt", BODY_A, "2024-05-04"), extraction_a())
    store.save_article(db, article("b.txt", BODY_B, "2024-06-01"), extraction_b())
    store.finalize(db)
    return db


def snapshot(db) -> dict:
    """Every row of every table, to compare before and after."""
    return {t: list(db[t].rows) for t in db.table_names() if "_fts" not in t}


def people_named(db, name: str) -> list[dict]:
    return list(db["people"].rows_where("name_norm = ?", [resolve.normalise(name)]))


# Schema ---------------------------------------------------------------------

def test_schema_applied_twice_is_harmless(tmp_path):
    path = tmp_path / "archive.db"
    first = store.open_db(path)
    store.save_article(first, article("a.txt", BODY_A, "2024-05-04"), extraction_a())
    before = snapshot(first)
    again = store.open_db(path)
    assert snapshot(again) == before
    assert again.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION == 3
    assert again.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert again["countries"].get("XK")["name"] == "Kosovo"
    assert again["countries"].get("RO")["iso3"] == "ROU"
    assert again["countries"].count >= 250


def test_foreign_key_check_is_empty(loaded):
    assert loaded.execute("PRAGMA foreign_key_check").fetchall() == []


def test_unknown_country_codes_are_dropped(db):
    extraction = extraction_a()
    extraction["people"][0]["country"] = "EU"
    extraction["meetings"][0]["countries"] = ["RO", "ZZ"]
    store.save_article(db, article("a.txt", BODY_A, "2024-05-04"), extraction)
    assert [r["iso2"] for r in db["meeting_countries"].rows] == ["RO"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


# Identity -------------------------------------------------------------------

def test_one_person_across_articles_by_full_name_and_surname(loaded):
    assert len(people_named(loaded, "Elena Vartosu")) == 1
    elena = people_named(loaded, "Elena Vartosu")[0]
    assert elena["name"] == "Elena Vârtosu"
    assert elena["country"] == "RO"
    # The later article gives the current role; both are kept.
    assert elena["role"] == "Deputy Prime Minister"
    assert json.loads(elena["roles"]) == ["Foreign Minister", "Deputy Prime Minister"]
    assert elena["article_count"] == 2
    aliases = {r["alias"] for r in loaded["person_aliases"].rows_where("person_id = ?", [elena["id"]])}
    assert aliases == {"Vârtosu", "Vartosu"}
    speakers = {r["speaker_id"] for r in loaded["statements"].rows if r["speaker_id"]}
    assert speakers == {elena["id"]}


def test_ambiguous_surname_creates_a_new_person(db):
    first = resolve.person_id(db, {"name": "Ilse Brandt", "country": "DE"})
    second = resolve.person_id(db, {"name": "Karl Brandt", "country": "DE"})
    lone = resolve.person_id(db, {"name": "Brandt", "country": None})
    assert len({first, second, lone}) == 3


def test_surname_needs_a_compatible_country(db):
    elena = resolve.person_id(db, {"name": "Elena Vârtosu", "country": "RO"})
    assert resolve.person_id(db, {"name": "Vartosu", "country": "RO"}) == elena
    assert resolve.person_id(db, {"name": "Vartosu", "country": "FR"}) != elena


def test_full_name_completes_a_surname_only_person(db):
    lone = resolve.person_id(db, {"name": "Okafor", "country": "NG", "aliases": []})
    full = resolve.person_id(db, {"name": "Chidi Okafor", "country": None, "aliases": ["Okafor"]})
    assert full == lone
    row = db["people"].get(lone)
    assert (row["name"], row["country"]) == ("Chidi Okafor", "NG")
    assert [r["alias"] for r in db["person_aliases"].rows] == ["Okafor"]


def test_places_and_organisations_resolve_by_name(db):
    brasov = resolve.place_id(db, {"name": "Brasov", "aliases": ["Brașov"], "country": "RO"})
    assert resolve.place_id(db, {"name": "Brașov", "country": "RO"}) == brasov
    assert resolve.place_id(db, {"name": "BRASOV", "country": "RO"}) == brasov
    assert resolve.place_id(db, {"name": "Brasov", "country": "HU"}) != brasov
    ministry = resolve.organisation_id(db, {"name": "Romanian Foreign Ministry", "country": "RO"})
    assert resolve.organisation_id(db, {"name": "romanian foreign ministry", "kind": "ministry"}) == ministry
    assert db["organisations"].get(ministry)["kind"] == "ministry"


# Reloads --------------------------------------------------------------------

def test_unchanged_detection(db):
    a = article("a.txt", BODY_A, "2024-05-04")
    assert not store.is_unchanged(db, a)
    assert store.save_article(db, a, extraction_a()) == "added"
    assert store.is_unchanged(db, a)
    assert not store.is_unchanged(db, article("a.txt", BODY_A + " More.", "2024-05-04"))
    assert not store.is_unchanged(db, article("other.txt", BODY_A, "2024-05-04"))


def test_changed_article_replaces_its_facts(loaded):
    old_id = next(loaded["articles"].rows_where("path = ?", ["/data/a.txt"]))["id"]
    body = BODY_A.replace("energy", "rail")
    extraction = extraction_a(body, topic="rail")
    assert store.save_article(loaded, article("a.txt", body, "2024-05-04"), extraction) == "replaced"
    row = next(loaded["articles"].rows_where("path = ?", ["/data/a.txt"]))
    assert (row["id"], row["body"]) == (old_id, body)
    texts = [r["text"] for r in loaded["statements"].rows_where("article_id = ?", [old_id])]
    assert texts == ["both countries would deepen rail cooperation"]
    assert loaded["meetings"].count == 1
    assert loaded["mentions"].count_where("article_id = ?", [old_id]) == 7
    assert search(loaded, "statements_fts", "energy") == []
    assert search(loaded, "articles_fts", "energy") == []
    assert search(loaded, "articles_fts", "rail") == [old_id]


def test_finalize_removes_orphans(loaded):
    brandt = people_named(loaded, "Ilse Brandt")[0]["id"]
    extraction = extraction_a(with_brandt=False)
    extraction["places"], extraction["meetings"] = [], []
    store.save_article(loaded, article("a.txt", BODY_A + " ", "2024-05-04"), extraction)
    store.finalize(loaded)
    assert people_named(loaded, "Ilse Brandt") == []
    assert loaded["places"].count == 0
    assert loaded["place_aliases"].count == 0
    assert loaded["person_aliases"].count_where("person_id = ?", [brandt]) == 0
    assert len(people_named(loaded, "Elena Vartosu")) == 1
    assert loaded["organisations"].count == 1
    assert loaded.execute("PRAGMA foreign_key_check").fetchall() == []


def test_crash_mid_article_leaves_database_unchanged(loaded, monkeypatch):
    before = snapshot(loaded)

    def boom(*args, **kwargs):
        raise RuntimeError("crash while saving statements")

    monkeypatch.setattr(store, "_save_statements", boom)
    changed = article("a.txt", BODY_A.replace("energy", "rail"), "2024-05-04")
    with pytest.raises(RuntimeError):
        store.save_article(loaded, changed, extraction_a(changed.body, topic="rail"))
    with pytest.raises(RuntimeError):
        store.save_article(loaded, article("c.txt", BODY_A, "2024-07-01"), extraction_a())
    assert snapshot(loaded) == before
    assert search(loaded, "statements_fts", "energy") != []
    assert not loaded.conn.in_transaction


# Search and views -----------------------------------------------------------

def search(db, fts: str, query: str) -> list[int]:
    sql = f"SELECT rowid FROM {fts} WHERE {fts} MATCH ? ORDER BY rank"
    return [r[0] for r in db.execute(sql, [query]).fetchall()]


def test_full_text_search(loaded):
    energy = search(loaded, "statements_fts", "energy")
    assert [loaded["statements"].get(i)["text"] for i in energy] == [
        "both countries would deepen energy cooperation"]
    # remove_diacritics: the plain spelling finds the accented body too.
    assert len(search(loaded, "articles_fts", "vartosu")) == 2


def test_meetings_view_is_flat_with_json_arrays(loaded):
    [row] = loaded["meetings_view"].rows
    assert row["article"] == "Title of a.txt"
    assert (row["place"], row["place_country"], row["chair"]) == ("Brasov", "RO", "Elena Vârtosu")
    assert json.loads(row["participants"]) == ["DE", "RO"]
    assert json.loads(row["participant_names"]) == ["Elena Vârtosu", "Ilse Brandt"]
    assert row["evidence"].startswith("Foreign Minister Elena")


def test_statements_view_is_flat_with_json_arrays(loaded):
    rows = {r["text"]: r for r in loaded["statements_view"].rows}
    energy = rows["both countries would deepen energy cooperation"]
    assert (energy["speaker"], energy["speaker_country"], energy["date"]) == (
        "Elena Vârtosu", "RO", "2024-05-04")
    assert json.loads(energy["countries"]) == ["DE", "RO"]
    ministry = rows["a second round would follow"]
    assert (ministry["speaker"], ministry["organisation"]) == ("Romanian Foreign Ministry",) * 2


# metadata.yml ---------------------------------------------------------------

def canned_queries() -> dict:
    return METADATA["databases"]["archive"]["queries"]


def test_canned_queries_have_the_agreed_names():
    assert set(canned_queries()) == {"search_statements", "statements_by_person",
                                     "meetings_by_country", "country_pairs"}


@pytest.mark.parametrize("name", sorted(canned_queries()))
def test_canned_query_runs(loaded, name):
    from datasette.utils import escape_fts

    loaded.conn.create_function("escape_fts", 1, escape_fts)
    rows = loaded.execute(canned_queries()[name]["sql"], canned_params(name)).fetchall()
    assert rows


def canned_params(name: str) -> dict:
    sql = canned_queries()[name]["sql"]
    return {k: v for k, v in CANNED_PARAMS.items() if f":{k}" in sql}


def test_every_table_and_column_is_described(loaded):
    tables = METADATA["databases"]["archive"]["tables"]
    names = [t for t in loaded.table_names() if "_fts" not in t and not t.startswith("sqlite_")]
    names += loaded.view_names()
    for name in names:
        assert tables[name]["description"], name
        assert set(tables[name]["columns"]) == set(loaded[name].columns_dict), name


def test_datasette_serves_metadata_and_canned_queries(loaded, tmp_path):
    from datasette.app import Datasette

    async def fetch_all():
        ds = Datasette([str(tmp_path / "archive.db")], metadata=METADATA)
        await ds.invoke_startup()
        paths = [f"/archive/{n}.json?_shape=array&" + "&".join(
            f"{k}={v}" for k, v in canned_params(n).items()) for n in canned_queries()]
        paths += ["/archive/statements_view.json?_shape=array&_search=energy",
                  "/archive/meetings_view.json?_shape=array&_facet_array=participants"]
        return {p: await ds.client.get(p) for p in paths}

    for path, response in asyncio.run(fetch_all()).items():
        assert response.status_code == 200, (path, response.text)
        assert response.json(), path


def test_serve_binds_localhost_with_repo_metadata():
    from archive import publish
    import archive.publish.plugin  # noqa: F401  the datasette entry point must import cleanly

    args = publish.serve_args("archive.db", port=8123)
    assert args[args.index("--host") + 1] == "127.0.0.1"
    assert args[args.index("--port") + 1] == "8123"
    assert Path(args[args.index("--metadata") + 1]) == REPO / "metadata.yml"


def test_archive_meetings_view_is_what_pages_count(loaded):
    [row] = loaded["archive_meetings"].rows
    assert (row["date"], row["dated_by"], row["kind"], row["place"], row["host_country"]) == (
        "2024-05-03", "meeting", "meeting", "Brasov", "RO")
    assert (json.loads(row["countries"]), row["country_count"]) == (["DE", "RO"], 2)
    people = dict(zip(json.loads(row["person_ids"]), json.loads(row["people"])))
    assert sorted(people.values()) == ["Elena Vârtosu", "Ilse Brandt"]
    assert all(loaded["people"].get(int(pid))["name"] == name for pid, name in people.items())
