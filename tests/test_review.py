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
from invented import Story, save

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
    assert all(d["details"]["commands"][1].startswith('archive distinct person "Karl Brandt" "Karl ')
               for d in duplicates)
    [place] = by_kind["unresolved place"]
    assert "Granja do Zorro" in place["summary"] and place["details"]["meetings"] == 1
    [speaker] = by_kind["title as speaker"]
    assert speaker["summary"].startswith('2 statements by "The President" in 1 article not linked to anyone')
    # Duplicates touching several facts outrank a place with one meeting.
    assert found.index(duplicates[-1]) < found.index(place)


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


# Each check, on invented articles with hand-written extractions ----------------------

def reviewed(tmp_path, *stories, check=None) -> list[tuple[str, float, str, str | None]]:
    """(kind, impact, summary, suggestion) of the review of these stories, by one check or all."""
    db = store.open_db(tmp_path / "archive.db")
    save(db, *stories)
    found = check(db) if check else review.review(db)
    return [(i.kind, i.impact, i.summary, i.suggestion) for i in found]


def test_surname_only_people_completed_by_their_article_or_the_known_people_list(tmp_path):
    stories = [
        Story("a.txt", body="Karl Brandt spoke in Bonn.", people=[{"name": "Karl Brandt", "country": "DE"}]),
        # "Brandt" could be Karl or Ilse, so the resolver leaves it apart; Ilse is the Brandt of this article.
        Story("b.txt", body="Ilse Brandt arrived. Brandt said the vote was close.",
              people=[{"name": "Ilse Brandt", "country": "DE"}, {"name": "Brandt", "country": "DE"}],
              statements=[{"speaker": "Brandt", "text": "the vote was close"}]),
        Story("c.txt", body="Chancellor Merkel met Jonas Berg.",
              people=[{"name": "Merkel", "country": "DE", "roles": ["Chancellor"]}, {"name": "Jonas Berg"}],
              meetings=[{"evidence": "Chancellor Merkel met Jonas Berg.", "people": ["Merkel", "Jonas Berg"]}]),
        Story("d.txt", body="Wollert said nothing.", people=[{"name": "Wollert"}]),  # nothing completes it
    ]
    assert reviewed(tmp_path, *stories, check=review.surname_only) == [
        ("surname only", 2.0, '"Brandt" #3 (1 statement, 0 meetings, 1 article) is filed under one name; '
                              '"Ilse Brandt" #2 of the same article completes it',
         'archive merge person "Brandt" "Ilse Brandt"'),
        ("surname only", 2.0, '"Merkel" #4 (0 statements, 1 meeting, 1 article) is filed under one name; '
                              'the known-people list has "Angela Merkel" of that country or role',
         'archive rename person "Merkel" "Angela Merkel"')]


def test_people_that_are_brands_companies_works_or_placeholders(tmp_path):
    story = Story(
        "shop.txt", body='The suit names "John Doe". Shoppers like the Joe Marlow brand and Zenith Tools. '
                         "Critics panned the film Harbour Lights. Mira Holm said prices would fall.",
        people=[{"name": "John Doe"}, {"name": "Joe Marlow"}, {"name": "Zenith Tools"},
                {"name": "Harbour Lights"}, {"name": "Mira Holm"}],
        statements=[{"speaker": "Mira Holm", "text": "prices would fall"}])
    found = reviewed(tmp_path, story, check=review.not_a_person)
    assert [(kind, summary.split(":")[0], fix) for kind, _, summary, fix in found] == [
        ("not a person?", '"John Doe" #1 (1 fact)', 'archive reject person "John Doe"'),
        ("not a person?", '"Joe Marlow" #2 (1 fact)', 'archive kind person "Joe Marlow" organisation'),
        ("not a person?", '"Zenith Tools" #3 (1 fact)', 'archive kind person "Zenith Tools" organisation'),
        ("not a person?", '"Harbour Lights" #4 (1 fact)', 'archive reject person "Harbour Lights"')]
    assert [summary.split(": ", 1)[1].split(":")[0] for _, _, summary, _ in found] == [
        "a placeholder name, not a person", 'the words around it ("brand") make it a company, brand or club',
        "ends like an organisation's name", 'the words around it ("film") make it a work, measure or event']


def test_statements_by_a_title_or_pronoun_and_unlinked_speakers(tmp_path):
    stories = [Story(f"{n}.txt", published=f"2022-0{n}-01",
                     body="President Lena Marsh met Karl Brandt. The President said ties were good.",
                     people=[{"name": "Lena Marsh", "country": "US", "roles": ["President"]},
                             {"name": "Karl Brandt", "country": "DE", "roles": ["Foreign Minister"]}],
                     statements=[{"speaker": "The President", "text": "ties were good"}]) for n in (1, 2)]
    stories.append(Story("3.txt", body="He said the port would open. Harbour Watch said it would not. Harbour "
                                       "Watch said more. Critics said little.",
                         statements=[{"speaker": "He", "text": "the port would open"},
                                     {"speaker": "Harbour Watch", "text": "it would not"},
                                     {"speaker": "Harbour Watch", "text": "more"},
                                     {"speaker": "Critics", "text": "little"}]))
    db = store.open_db(tmp_path / "archive.db")
    save(db, *stories)
    assert [(i.kind, i.impact, i.summary, i.suggestion) for i in review.title_speakers(db)] == [
        ("title as speaker", 3.0, '2 statements by "The President" in 2 articles not linked to anyone (e.g. #1); '
                                  'who holds that title there: "Lena Marsh"',
         'archive alias person "The President" "Lena Marsh"'),
        ("title as speaker", 1.5, '1 statement by "He" in 1 article not linked to anyone (e.g. #3)',
         'archive set statement 3 speaker "<person or organisation>"')]
    assert [(i.kind, i.impact, i.summary, i.suggestion) for i in review.unresolved_speakers(db)] == [
        ("unresolved speaker", 2.0, '2 statements by "Harbour Watch" not linked to a person or organisation (e.g. #4)',
         'archive set statement 4 speaker "<person or organisation>"'),
        ("unresolved speaker", 1.0, '1 statement each by a speaker linked to nobody: "Critics"',
         'archive set statement 6 speaker "<person or organisation>"')]


def test_meetings_the_evidence_does_not_bear_out(tmp_path):
    body = ("Ana Kovač met Peter Sulik in Zagreb and visited Split. “We will meet again,” Kovač said. "
            "Croatian officials met Mira Holm. Peter Sulik travelled alone.")
    people = [{"name": "Ana Kovač", "country": "HR", "forms": ["Kovač"]}, {"name": "Peter Sulik", "country": "SK"},
              {"name": "Mira Holm", "country": "SE"}]
    first = "Ana Kovač met Peter Sulik in Zagreb and visited Split."
    story = Story("m.txt", published="2022-05-05", body=body, people=people,
                  countries=[("HR", "Croatian")],
                  meetings=[{"kind": "meeting", "date": "2022-05-02", "evidence": first,
                             "people": ["Ana Kovač", "Peter Sulik"], "countries": ["HR", "SK"]},
                            {"kind": "visit", "date": "2022-05-02", "evidence": first,
                             "people": ["Ana Kovač"], "countries": ["HR"]},
                            {"kind": "meeting", "evidence": "“We will meet again,” Kovač said.",
                             "people": ["Ana Kovač"], "countries": ["HR", "SE"]},
                            {"kind": "meeting", "date": "2022-05-03", "evidence": "Croatian officials met Mira Holm.",
                             "people": ["Mira Holm", "Peter Sulik"], "countries": ["HR", "SE", "SK"]},
                            {"kind": "visit", "date": "2022-05-04", "evidence": "Peter Sulik travelled alone.",
                             "people": ["Peter Sulik"], "countries": ["SK"]}])
    assert reviewed(tmp_path, story, check=review.doubtful_meetings) == [
        ("doubtful meeting", 4.5, 'visit #2 (2022-05-02; Ana Kovač; HR): told by the same words as meeting #1; '
                                  'it has one participant or none: "Ana Kovač met Peter Sulik in Zagreb and visited '
                                  'Split."', "archive reject meeting 2"),
        ("doubtful meeting", 3.5, 'meeting #3 (no date; Ana Kovač; HR SE): its evidence is a quotation; SE is not '
                                  'given by the evidence; it has no date: "“We will meet again,” Kovač said."',
         "archive reject meeting 3"),
        ("doubtful meeting", 2.5, 'meeting #4 (2022-05-03; Mira Holm, Peter Sulik; HR SE SK): "Peter Sulik" is not '
                                  'named in the evidence; SK is not given by the evidence: "Croatian officials met '
                                  'Mira Holm."', 'archive remove meeting 4 participant "Peter Sulik"'),
        ("doubtful meeting", 1.5, 'visit #5 (2022-05-04; Peter Sulik; SK): it has one participant or none: '
                                  '"Peter Sulik travelled alone."', 'archive add meeting 5 participant '
                                                                     '"<person or country>"')]


def test_places_that_are_not_places_or_cannot_be_located_are_grouped(tmp_path):
    stories = [
        Story("p1.txt", body="Acme Corp. opened a plant at Acme. Daniel Brook hosted talks at Karura Lodge. "
                             "Harmony was quiet. Upper Vale and Ostrava Hills flooded.",
              organisations=[{"name": "Acme Corp."}],
              places=[{"name": "Acme"}, {"name": "Daniel Brook"}, {"name": "Karura Lodge", "country": "KE"},
                      {"name": "Harmony"}, {"name": "Upper Vale"}, {"name": "Ostrava Hills"}],
              meetings=[{"evidence": "Daniel Brook hosted talks at Karura Lodge.", "place": "Karura Lodge",
                         "countries": ["KE", "UG"]}]),
        Story("p2.txt", body="The talks ended in harmony."),
        Story("p3.txt", body="Spain welcomed visitors to Córdoba.", places=[{"name": "Córdoba"}],
              countries=[("ES", "Spain")]),
    ]
    assert reviewed(tmp_path, *stories, check=review.places_to_check) == [
        ("not a place?", 1.0, '"Acme" #1 (0 meetings, 1 article): the name of an organisation',
         'archive kind place "Acme" organisation'),
        ("not a place?", 1.0, '"Daniel Brook" #2 (0 meetings, 1 article): the name of a person',
         'archive kind place "Daniel Brook" person'),
        ("unresolved place", 2.5, '"Karura Lodge" #3 in KE: no GeoNames settlement; 1 meeting(s), 1 article(s)',
         'archive alias place "Karura Lodge" "<place it is>"'),
        ("not a place?", 0.5, '1 "places" are common words or adjectives, not places: "Harmony"',
         'archive reject place "Harmony"'),
        ("unresolved places", 1.0, '2 "places" are not located: no GeoNames settlement (regions, venues, small towns '
                                   'or extraction errors): "Ostrava Hills", "Upper Vale"',
         'archive alias place "Ostrava Hills" "<place it is>"  (or: archive reject place "Ostrava Hills")'),
        ("place in the wrong country?", 2.0, '"Córdoba" #7 is located in AR, but its articles name ES, and ES has '
                                             'a "Córdoba" too', 'archive set place "Córdoba" country ES')]


def test_a_pair_declared_distinct_is_no_longer_a_duplicate(db_path):
    assert [i for i in items(db_path, "--limit", "0") if i["kind"] == "duplicate person"]
    run("distinct", "person", "Karl Brandt", "Karl Heinz Brandt", "--db", db_path)
    run("distinct", "person", "Karl Brandt", "Karl Otto Brandt", "--db", db_path)
    assert not [i for i in items(db_path, "--limit", "0") if i["kind"] == "duplicate person"]


def test_progress_is_told_after_each_check(tmp_path):
    told = []
    review.review(store.open_db(tmp_path / "archive.db"), progress=told.append)
    assert told == [check.__name__ for check in review.CHECKS]


# The corpus archive ---------------------------------------------------------------

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")
def test_corpus_review_puts_damaging_errors_first_and_every_fix_runs(tmp_path):
    import shutil

    db_path = tmp_path / "corpus" / "archive.db"
    db_path.parent.mkdir()
    CliRunner().invoke(cli, ["load", str(CORPUS), str(Path(__file__).resolve().parents[1] / "seeds"),
                             "--db", str(db_path), "--silent"])
    found = items(db_path, "--limit", "0")
    kinds = [i["kind"] for i in found[:10]]
    assert {"surname only", "doubtful meeting", "title as speaker"} <= set(kinds)
    assert not {"unresolved places", "low-confidence statement", "duplicate place"} & set(kinds)
    assert [i["kind"] for i in found].count("unresolved places") == 1
    assert all(i["suggestion"].startswith("archive ") for i in found)
    for n, item in enumerate(i for i in found if "<" not in i["suggestion"]):
        copy = tmp_path / f"copy{n}" / "archive.db"
        copy.parent.mkdir()
        shutil.copy(db_path, copy)
        result = CliRunner().invoke(cli, [*shlex.split(item["suggestion"])[1:], "--db", str(copy)])
        assert result.exit_code == 0 and "recorded in" in result.output, (item["suggestion"], result.output)


# The stored list: computed at the end of a load or decision, read by the review page ----------

def loaded_stories(tmp_path, *stories) -> Path:
    """The stories loaded as `archive load --extractions` loads them (their facts as written)."""
    from archive import extractions, pipeline

    part = tmp_path / "extractions" / extractions.PART.format(0)
    part.parent.mkdir()
    extractions.write(part, [extractions.line(s.article(), s.extraction()) for s in stories])
    db_path = tmp_path / "archive.db"
    summary = pipeline.load_extractions(db_path, [part])
    assert not summary.stopped and not summary.errors, (summary.stopped, summary.errors)
    return db_path


SURNAMES = [
    Story("a.txt", body="Karl Brandt spoke in Bonn.", people=[{"name": "Karl Brandt", "country": "DE"}]),
    Story("b.txt", body="Ilse Brandt arrived. Brandt said the vote was close.",
          people=[{"name": "Ilse Brandt", "country": "DE"}, {"name": "Brandt", "country": "DE"}],
          statements=[{"speaker": "Brandt", "text": "the vote was close"}]),
]


def stored_rows(db_path) -> list[tuple]:
    db = sqlite_utils.Database(db_path)
    return [tuple(r) for r in db.execute("SELECT position, kind, impact, summary, suggestion FROM review_items "
                                         "ORDER BY position").fetchall()]


def review_page(db_path) -> str:
    import asyncio

    from conftest import _datasette

    response = asyncio.run(_datasette(db_path).client.get("/-/review"))
    assert response.status_code == 200, response.text[:2000]
    return response.text


def test_a_load_stores_the_review_list_and_the_page_reads_it(tmp_path, monkeypatch):
    db_path = loaded_stories(tmp_path, *SURNAMES)
    assert stored_rows(db_path) == [
        (1, "duplicate person", 2.55,
         '"Ilse Brandt" #2 (DE · 1 fact) ≈ "Brandt" #3 (DE · 2 facts), similarity 0.85',
         'archive merge person "Ilse Brandt" "Brandt"'),
        (2, "duplicate person", 2.55,
         '"Karl Brandt" #1 (DE · 1 fact) ≈ "Brandt" #3 (DE · 2 facts), similarity 0.85',
         'archive merge person "Karl Brandt" "Brandt"'),
        (3, "surname only", 2.0, '"Brandt" #3 (1 statement, 0 meetings, 1 article) is filed under one name; '
                                 '"Ilse Brandt" #2 of the same article completes it',
         'archive merge person "Brandt" "Ilse Brandt"')]
    db = store.open_db(db_path)
    assert [(i.kind, i.summary) for i in review.stored(db)] == [(i.kind, i.summary) for i in review.review(db)]
    assert [i.kind for i in review.stored(db, "surname only")] == ["surname only"]
    assert review.stored_kinds(db) == {"duplicate person": 2, "surname only": 1}
    db.close()
    # The page reads the stored rows: it computes nothing.
    monkeypatch.setattr(review, "review", lambda *a, **k: pytest.fail("the page computed the review"))
    page = review_page(db_path)
    assert "&#34;Brandt&#34; #3" in page or '"Brandt" #3' in page
    assert "surname only" in page


def test_a_decision_changes_the_stored_list_and_the_page_at_once(tmp_path):
    db_path = loaded_stories(tmp_path, *SURNAMES)
    assert "surname only" in review_page(db_path)
    run("merge", "person", "Brandt", "Ilse Brandt", "--db", db_path)
    assert stored_rows(db_path) == []
    page = review_page(db_path)
    assert "surname only" not in page and "Nothing to review." in page


def test_an_archive_without_a_stored_list_has_it_computed_by_the_page(tmp_path):
    db_path = loaded_stories(tmp_path, *SURNAMES)
    db = sqlite_utils.Database(db_path)
    db.execute("DELETE FROM review_state")
    db.execute("DELETE FROM review_items")
    db.conn.commit()
    assert "surname only" in review_page(db_path)


def test_a_load_without_the_review_list_leaves_the_page_to_compute_it(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("---\ntitle: a\npublished: 2022-02-01\n---\nKarl Brandt spoke in Bonn.\n",
                                  encoding="utf-8")
    path = tmp_path / "archive.db"
    run("load", folder, "--db", path, "--silent")
    assert review.stored_at(sqlite_utils.Database(path)) is not None
    (folder / "b.txt").write_text("---\ntitle: b\n---\nIlse Brandt arrived.\n", encoding="utf-8")
    run("load", folder, "--db", path, "--silent", "--no-review")
    assert review.stored_at(sqlite_utils.Database(path)) is None
    assert "What needs a human" in review_page(path)


def test_only_pairs_of_compatible_countries_are_scored():
    import random
    from itertools import combinations

    from archive import resolve

    rng = random.Random(5)
    for _ in range(50):
        entities = [entity(f"N{i}", rng.choice([None, "US", "FR", "DE"])) for i in range(rng.randint(0, 12))]
        members = sorted(rng.sample(range(len(entities)), rng.randint(0, len(entities))))
        expected = {(i, j) for i, j in combinations(members, 2)
                    if resolve.compatible(entities[i].country, entities[j].country)}
        found = list(review._compatible_pairs(members, entities))
        assert len(found) == len(set(found)) and set(found) == expected
