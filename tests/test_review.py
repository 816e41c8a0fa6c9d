"""`archive review`: what most needs a human, ranked, as text or JSON, with commands that fix it."""
from __future__ import annotations

import json
import shlex
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from archive import review, store
from archive.cli import cli

ARTICLES = {
    "berlin.txt": ("2022-02-01", "German Foreign Minister Karl Heinz Brandt met French Foreign Minister Louise "
                                 "Martel in Paris on Monday. Brandt said Germany and France agreed on sanctions."),
    "hague.txt": ("2022-03-01", "German Defence Minister Karl Otto Brandt met Dutch Defence Minister Pieter de Wit "
                                "in The Hague on Monday. Brandt said Germany would buy new helicopters."),
    # Which Karl Brandt? The resolver cannot tell, so the row stays apart for a human.
    "rome.txt": ("2022-04-01", "German minister Karl Brandt met Italian officials in Rome on Friday. Karl Brandt "
                               "said Germany supported the plan."),
    "farm.txt": ("2023-06-20", "Brazilian President Joaquim Bento Ramos da Cunha hosted Argentine President "
                               "Lucía Ferreyra at Granja do Zorro on Wednesday. The President expressed his hope "
                               "for a new trade deal. The President said the two countries would cut tariffs."),
}


def run(*args):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def db_path(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, (published, body) in ARTICLES.items():
        (folder / name).write_text(f"---\ntitle: {name}\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    path = tmp_path / "archive.db"
    run("load", folder, "--db", path, "--silent")
    return path


def items(db_path, *options) -> list[dict]:
    return json.loads(run("review", "--db", db_path, "--json", *options))


def test_review_lists_what_needs_a_human_most_impactful_first(db_path):
    found = items(db_path, "--limit", "0")
    impacts = [i["impact"] for i in found]
    assert impacts == sorted(impacts, reverse=True)
    by_kind = {}
    for item in found:
        by_kind.setdefault(item["kind"], []).append(item)
    duplicates = by_kind["duplicate person"]
    assert len(duplicates) == 2 and all("Karl Brandt" in d["summary"] for d in duplicates)
    assert all(d["suggestion"].startswith('archive merge person "Karl Brandt" "Karl ') for d in duplicates)
    [place] = by_kind["unresolved place"]
    assert "Granja do Zorro" in place["summary"] and place["details"]["meetings"] == 1
    [speaker] = by_kind["unresolved speaker"]
    assert speaker["details"] == {"speaker": "The President", "statements": 2, "example": speaker["details"]["example"]}
    assert speaker["suggestion"].startswith("archive reject statement")  # a bare title cannot be linked by alias
    # Duplicates touching several facts outrank a place with one meeting, which outranks one-offs.
    assert found.index(duplicates[-1]) < found.index(place) < found.index(speaker)


def test_following_a_suggestion_clears_the_item(db_path):
    for _ in range(2):
        first = next(i for i in items(db_path) if i["kind"] == "duplicate person")
        run(*shlex.split(first["suggestion"])[1:], "--db", db_path)
        if not [i for i in items(db_path) if i["kind"] == "duplicate person"]:
            break
    assert not [i for i in items(db_path) if i["kind"] == "duplicate person"]
    # Karl Heinz and Karl Otto Brandt are not alike enough to be listed together.
    assert len(list(sqlite_utils.Database(db_path).query("select id from people where name like 'Karl%'"))) == 2


def test_text_output_is_numbered_and_limited(db_path):
    output = run("review", "--db", db_path, "--limit", "2")
    assert output.startswith("2 of ")
    assert "1. [duplicate person]" in output and "\n2. [" in output and "\n3. [" not in output
    assert '→ archive merge person "Karl Brandt"' in output


def test_empty_archive_has_nothing_to_review(tmp_path):
    store.open_db(tmp_path / "archive.db")
    assert run("review", "--db", tmp_path / "archive.db").strip() == "Nothing to review."


def test_missing_database_is_an_error(tmp_path):
    result = CliRunner().invoke(cli, ["review", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "run `archive load` first" in result.output


# Similarity -------------------------------------------------------------------

def entity(name, country=None, roles=(), geonames_id=None, names=()):
    return review.Entity(1, name, country, [name, *names], 1, set(roles), geonames_id)


def test_person_similarity_weighs_names_country_and_role():
    full, surname = entity("Karl Heinz Brandt", "DE", ["Foreign Minister"]), entity("Brandt", "DE")
    assert review.person_similarity(full, entity("Karl Brandt", "DE", ["Foreign Minister"])) == 1.0
    assert review.CERTAIN > review.person_similarity(full, surname) >= review.PROBABLE
    assert review.person_similarity(full, entity("Karl Heinz Brandt", "AT")) == 0.0
    assert review.person_similarity(full, entity("Karl Brandt", "DE", ["Defence Minister"])) < 1.0
    close = review.person_similarity(entity("Muammar Gaddafi", "LY"), entity("Moamar Qadhdhafi", "LY"))
    assert close >= review.PROBABLE
    assert review.person_similarity(entity("Ilse Brandt"), entity("Karl Brandt")) == 0.0


def test_place_similarity_respects_settlements_and_countries():
    assert review.place_similarity(entity("Paris", "FR", geonames_id=1), entity("Paris", "US", geonames_id=2)) == 0
    assert review.place_similarity(entity("Almatty", "KZ"), entity("Almaty", "KZ")) >= review.CERTAIN
    assert review.place_similarity(entity("Indian"), entity("Indiana")) < review.CERTAIN
