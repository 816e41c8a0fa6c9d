"""The curation verbs beyond names: reject people, places and organisations, re-type them, keep two
apart, set values, add and remove participants, scoped titles; each kept in curation.yml, applied
again after a reload from scratch, and reported when it no longer applies."""
from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner

from archive import curation, store
from archive.cli import cli
from invented import Story, save

GENEVA = Story(
    "geneva.txt", title="Kovač and Sulik meet in Geneva", published="2023-03-02",
    body="Croatian Foreign Minister Ana Kovač met Peter Sulik in Geneva on Monday. "
         "Kovač said Croatia wanted closer ties. The Zenith Tools brand paid for the dinner at the Dinner Hall, "
         "the Harbour Council said.",
    people=[{"name": "Ana Kovač", "country": "HR", "roles": ["Foreign Minister"], "forms": ["Kovač"]},
            {"name": "Peter Sulik"}, {"name": "Zenith Tools"}],
    organisations=[{"name": "Harbour Council"}],
    places=[{"name": "Geneva", "country": "CH"}, {"name": "Dinner Hall"}],
    meetings=[{"kind": "meeting", "evidence": "Croatian Foreign Minister Ana Kovač met Peter Sulik in Geneva on Monday.",
               "people": ["Ana Kovač", "Peter Sulik"], "countries": ["HR"], "place": "Geneva"}],
    statements=[{"speaker": "Ana Kovač", "text": "Croatia wanted closer ties"},
                {"speaker": "Zenith Tools", "text": "paid for the dinner"}],
    countries=[("HR", "Croatian"), ("HR", "Croatia")])
BERLIN = Story(
    "berlin.txt", title="Berlin talks", published="2023-05-10",
    body="German Foreign Minister Karl Heinz Brandt met Lena Marsh in Berlin. The President said the "
         "talks were useful.",
    people=[{"name": "Karl Heinz Brandt", "country": "DE", "roles": ["Foreign Minister"]},
            {"name": "Lena Marsh", "country": "US", "roles": ["President"]}],
    places=[{"name": "Berlin", "country": "DE"}],
    meetings=[{"kind": "meeting", "evidence": "German Foreign Minister Karl Heinz Brandt met Lena Marsh in Berlin.",
               "people": ["Karl Heinz Brandt", "Lena Marsh"], "countries": ["DE", "US"], "place": "Berlin"}],
    statements=[{"speaker": "The President", "text": "the talks were useful"}],
    countries=[("DE", "German")])
ROME = Story(
    "rome.txt", title="Rome visit", published="2023-06-01",
    body="Karl Brandt visited Rome. He said Germany would help. The President said the visit mattered "
         "to the United States.",
    people=[{"name": "Karl Brandt", "country": "DE"}],
    places=[{"name": "Rome", "country": "IT"}],
    meetings=[{"kind": "visit", "evidence": "Karl Brandt visited Rome.", "people": ["Karl Brandt"],
               "countries": ["DE"], "place": "Rome"}],
    statements=[{"speaker": "The President", "text": "the visit mattered to the United States"}],
    countries=[("US", "United States")])
LATER = Story(
    "later.txt", title="A later visit", published="2025-02-01",
    body="The President said the alliance was strong. Officials of the United States agreed.",
    statements=[{"speaker": "The President", "text": "the alliance was strong"}],
    countries=[("US", "United States")])
STORIES = (GENEVA, BERLIN, ROME, LATER)


def run(*args, ok: bool = True):
    result = CliRunner().invoke(cli, [str(a) for a in args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


def build(db_path: Path, stories=STORIES) -> None:
    """A fresh archive of the stories, as a load from scratch would leave it, the curation file applied."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
    db = store.open_db(db_path)
    save(db, *stories)
    curation.apply_file(db, curation.default_path(db_path))
    db.close()


@pytest.fixture
def db_path(tmp_path) -> Path:
    path = tmp_path / "archive.db"
    build(path)
    return path


def open_db(db_path) -> sqlite_utils.Database:
    return sqlite_utils.Database(db_path)


def decisions(db_path: Path) -> dict:
    return yaml.safe_load((db_path.parent / "curation.yml").read_text(encoding="utf-8"))


def person(db, name: str) -> dict:
    [row] = db.query("select * from people where name = ?", [name])
    return row


def check_now_and_after_reload(db_path: Path, check) -> None:
    """``check`` (asserting, or returning True) now, and again after a reload from scratch."""
    assert check(open_db(db_path)) is not False
    build(db_path)
    assert check(open_db(db_path)) is not False
    again = run("curate", "--db", db_path)
    assert again.output.endswith("0 changes, 0 no longer apply\n"), again.output


def meeting_id(db, article: str, n: int = 0) -> int:
    return [r["id"] for r in db.query("select m.id from meetings m join articles a on a.id = m.article_id "
                                      "where a.name = ? order by m.id", [article])][n]


def statement_id(db, text: str) -> int:
    [row] = db.query("select id from statements where text = ?", [text])
    return row["id"]


# Rejecting people, places and organisations ----------------------------------------

def test_reject_person_takes_it_out_and_its_statement_stays_without_a_speaker(db_path):
    result = run("reject", "person", "Zenith Tools", "--db", db_path)
    assert result.output.splitlines()[0] == 'rejected person "Zenith Tools" (#3): taken out (1 statement, 1 article, ' \
                                            '1 mention)'
    assert decisions(db_path)["rejects"] == {"person": [{"name": "Zenith Tools"}]}

    def check(db):
        assert not list(db.query("select id from people where name = 'Zenith Tools'"))
        [row] = db.query("select speaker_id, speaker_name from statements where text = 'paid for the dinner'")
        assert row == {"speaker_id": None, "speaker_name": "Zenith Tools"}

    check_now_and_after_reload(db_path, check)


@pytest.mark.parametrize("kind, name, table", [("place", "Dinner Hall", "places"),
                                               ("organisation", "Harbour Council", "organisations")])
def test_reject_place_and_organisation(db_path, kind, name, table):
    run("reject", kind, name, "--db", db_path)
    check_now_and_after_reload(db_path, lambda db: db.execute(
        f"select count(*) from {table} where name = ?", [name]).fetchone() == (0,))


def test_rejecting_again_changes_nothing_and_writes_nothing(db_path):
    run("reject", "person", "Zenith Tools", "--db", db_path)
    before = (db_path.parent / "curation.yml").read_bytes()
    again = run("reject", "person", "Zenith Tools", "--db", db_path)
    assert again.output.splitlines() == ["nothing to change: already in effect",
                                         f"already recorded in {db_path.parent / 'curation.yml'}"]
    assert (db_path.parent / "curation.yml").read_bytes() == before


# Setting values --------------------------------------------------------------------

def test_set_person_country_reaches_their_meetings(db_path):
    result = run("set", "person", "Peter Sulik", "country", "Slovakia", "--db", db_path)
    assert result.output.splitlines()[0] == ('"Peter Sulik" (#2) is now of SK; the country of 1 meeting '
                                             'they attend follows')
    assert decisions(db_path)["sets"] == {"person": [{"name": "Peter Sulik", "country": "SK"}]}

    def check(db):
        assert person(db, "Peter Sulik")["country"] == "SK"
        assert person(db, "Peter Sulik")["curated"] == '["country"]'
        [meeting] = db.query("select participants, curated from meetings where article_id = 1")
        assert meeting == {"participants": '["HR","SK"]', "curated": '["participants"]'}

    check_now_and_after_reload(db_path, check)


def test_a_changed_country_leaves_meetings_that_only_had_it_from_that_person(db_path):
    run("set", "person", "Lena Marsh", "country", "CA", "--db", db_path)
    db = open_db(db_path)
    [meeting] = db.query("select participants from meetings where article_id = 2")
    assert meeting["participants"] == '["CA","DE"]'  # DE is Brandt's, US only came from Marsh


def test_set_person_role_outlives_a_later_load(db_path):
    run("set", "person", "Ana Kovač", "role", "Prime Minister", "--db", db_path)
    later = Story("zagreb.txt", published="2024-01-01", body="Foreign Minister Ana Kovač visited Zagreb.",
                  people=[{"name": "Ana Kovač", "country": "HR", "roles": ["Foreign Minister"]}])
    db = store.open_db(db_path)
    save(db, later)  # the newest article calls her Foreign Minister
    assert person(db, "Ana Kovač")["role"] == "Prime Minister"
    db.close()
    check_now_and_after_reload(db_path, lambda db: person(db, "Ana Kovač")["role"] == "Prime Minister")


def test_set_meeting_date_place_and_chair_by_id(db_path):
    mid = meeting_id(open_db(db_path), "geneva.txt")
    assert run("set", "meeting", mid, "date", "2023-02-27", "--db", db_path).output.startswith(
        f"meeting #{mid} (geneva.txt@0-72): date 2023-02-27 (was none)")
    run("set", "meeting", mid, "place", "Zurich (CH)", "--db", db_path)
    run("set", "meeting", mid, "chair", "Kovač", "--db", db_path)
    [entry, *_] = decisions(db_path)["sets"]["meeting"]
    assert entry == {"key": "geneva.txt@0-72", "article": "geneva.txt",
                     "text": "Croatian Foreign Minister Ana Kovač met Peter Sulik in Geneva on Monday.",
                     "date": "2023-02-27"}

    def check(db):
        [row] = db.query("select m.date, m.date_precision, p.name as place, p.country, p.resolved, c.name as chair, "
                         "m.curated from meetings m join places p on p.id = m.place_id "
                         "join people c on c.id = m.chair_id where m.article_id = 1")
        assert row == {"date": "2023-02-27", "date_precision": "day", "place": "Zurich", "country": "CH",
                       "resolved": 1, "chair": "Ana Kovač", "curated": '["chair","date","place"]'}

    check_now_and_after_reload(db_path, check)


def test_set_statement_speaker_to_a_person_or_an_organisation(db_path):
    db = open_db(db_path)
    run("set", "statement", statement_id(db, "paid for the dinner"), "speaker", "Harbour Council", "--db", db_path)
    run("set", "statement", statement_id(db, "the talks were useful"), "speaker", "Lena Marsh", "--db", db_path)

    def check(db):
        rows = {r["text"]: (r["speaker"], r["curated"]) for r in db.query("select text, speaker, curated "
                                                                           "from statements_view")}
        assert rows["paid for the dinner"] == ("Harbour Council", '["speaker"]')
        assert rows["the talks were useful"] == ("Lena Marsh", '["speaker"]')

    check_now_and_after_reload(db_path, check)


def test_add_and_remove_participants(db_path):
    mid = meeting_id(open_db(db_path), "geneva.txt")
    added = run("add", "meeting", mid, "participant", "Mira Holm (SE)", "--db", db_path)
    assert added.output.splitlines()[0] == (f'meeting #{mid} (geneva.txt@0-72): "Mira Holm" (#6, SE) (a new person) '
                                            f"takes part, and so SE")
    run("remove", "meeting", mid, "participant", "Croatia", "--db", db_path)
    run("remove", "meeting", mid, "participant", "Peter Sulik", "--db", db_path)
    assert [{k: v for k, v in e.items() if k not in ("key", "article", "text")}
            for e in decisions(db_path)["participants"]["meeting"]] == [
        {"add_person": "Mira Holm (SE)"}, {"remove_country": "HR"}, {"remove_person": "Peter Sulik"}]

    def check(db):
        [row] = db.query("select participants, participant_names, curated from meetings where article_id = 1")
        assert row == {"participants": '["SE"]', "participant_names": '["Ana Kovač","Mira Holm"]',
                       "curated": '["participants"]'}

    check_now_and_after_reload(db_path, check)


def test_adding_then_removing_the_same_participant_keeps_the_last_word(db_path):
    mid = meeting_id(open_db(db_path), "geneva.txt")
    run("add", "meeting", mid, "participant", "SK", "--db", db_path)
    run("remove", "meeting", mid, "participant", "SK", "--db", db_path)
    [entry] = decisions(db_path)["participants"]["meeting"]
    assert entry["remove_country"] == "SK"


# Re-typing and keeping apart -------------------------------------------------------

def test_kind_makes_a_person_an_organisation_that_still_speaks(db_path):
    result = run("kind", "person", "Zenith Tools", "organisation", "--db", db_path)
    assert result.output.startswith('"Zenith Tools" (#3) is now an organisation: "Zenith Tools" (#2) '
                                    '(1 statement, 1 mention)')

    def check(db):
        assert not list(db.query("select id from people where name = 'Zenith Tools'"))
        [row] = db.query("select speaker, organisation from statements_view where text = 'paid for the dinner'")
        assert row == {"speaker": "Zenith Tools", "organisation": "Zenith Tools"}
        [org] = db.query("select curated from organisations where name = 'Zenith Tools'")
        assert org["curated"] == '["kind"]'

    check_now_and_after_reload(db_path, check)


def test_kind_makes_a_place_a_person(db_path):
    run("kind", "place", "Dinner Hall", "person", "--db", db_path)
    check_now_and_after_reload(db_path, lambda db: (
        db.execute("select count(*) from places where name = 'Dinner Hall'").fetchone() == (0,)
        and person(db, "Dinner Hall")["article_count"] == 1))


def test_distinct_splits_what_the_resolver_merged_and_keeps_them_apart(db_path):
    db = open_db(db_path)
    assert person(db, "Karl Heinz Brandt")["article_count"] == 2  # the resolver took "Karl Brandt" for him
    result = run("distinct", "person", "Karl Heinz Brandt", "Karl Brandt", "--db", db_path)
    assert result.output.splitlines()[:2] == [
        'split "Karl Brandt" (#6) from "Karl Heinz Brandt" (#4, DE) (1 article, 1 meeting participation, '
        '1 mention)',
        '"Karl Heinz Brandt" (#4, DE) and "Karl Brandt" (#6) are distinct: they will not be merged']

    def check(db):
        assert person(db, "Karl Heinz Brandt")["article_count"] == 1
        assert person(db, "Karl Brandt")["article_count"] == 1
        assert db.execute("select count(*) from distinct_pairs").fetchone() == (1,)

    check_now_and_after_reload(db_path, check)
    refused = run("merge", "person", "Karl Brandt", "Karl Heinz Brandt", "--db", db_path, ok=False)
    assert refused.exit_code == 1 and "contradicts distinct person" in refused.output


def test_a_merge_of_two_rows_declared_distinct_in_the_database_is_refused(db_path):
    run("distinct", "place", "Berlin", "Rome", "--db", db_path)
    refused = run("alias", "place", "Rome", "Berlin", "--db", db_path, ok=False)
    assert "refused" in refused.output and "Rome" in refused.output


# Titles ----------------------------------------------------------------------------

def test_a_title_is_tied_to_a_person_only_in_one_country_and_period(db_path):
    result = run("alias", "person", "The President", "Lena Marsh", "--db", db_path)
    assert result.output.splitlines() == [
        '"The President" is a title, so it is tied to "Lena Marsh" (#5, US) only in articles about US published '
        'from 2023-05-10 to 2023-05-10 (the dates of the articles that name them); choose with --country, --from '
        'and --to', "nothing to change", f"not recorded in {db_path.parent / 'curation.yml'} (it would change nothing)"]
    # berlin.txt names no US: its "The President" is not hers by this rule; rome.txt (US) is outside the dates.
    db = open_db(db_path)
    assert {r["text"] for r in db.query("select text from statements where speaker_id = 5")} == set()
    wider = run("alias", "person", "The President", "Lena Marsh", "--from", "2023", "--to", "2024-06",
                "--db", db_path)
    assert 'linked 1 statement by "The President"' in wider.output
    [entry] = [e for e in decisions(db_path)["aliases"]["person"]]
    assert entry == {"alias": "The President", "of": "Lena Marsh", "country": "US", "from": "2023", "to": "2024-06"}

    def check(db):
        linked = {r["text"] for r in db.query("select text from statements_view where speaker = 'Lena Marsh'")}
        assert linked == {"the visit mattered to the United States"}  # not later.txt (2025), not berlin (no US)
        assert not list(db.query("select 1 from person_aliases where alias = 'The President' and kind = 'name'"))

    check_now_and_after_reload(db_path, check)


def test_a_title_without_a_country_is_refused(db_path):
    result = run("alias", "person", "The President", "Peter Sulik", "--db", db_path, ok=False)
    assert result.exit_code == 1 and "give --country" in result.output
    assert not (db_path.parent / "curation.yml").exists()


def test_only_a_title_takes_a_country_and_dates(db_path):
    result = run("alias", "person", "Kovac", "Ana Kovač", "--country", "HR", "--db", db_path, ok=False)
    assert "only a title takes a country and dates" in result.output


# Decisions that change nothing -----------------------------------------------------

def test_a_decision_that_changes_nothing_writes_nothing(db_path):
    path = db_path.parent / "curation.yml"
    run("rename", "person", "Peter Sulik", "Petr Sulik", "--db", db_path)
    before = path.read_bytes()
    for args in (["merge", "person", "Peter Sulik", "Petr Sulik"], ["set", "person", "Ana Kovač", "country", "HR"]):
        result = run(*args, "--db", db_path)
        assert result.output.splitlines() == ["nothing to change",
                                              f"not recorded in {path} (it would change nothing)"]
    assert path.read_bytes() == before


# Keys that survive a new extraction ------------------------------------------------

def test_a_statement_moved_by_a_new_extraction_is_found_by_its_text(db_path):
    run("reject", "statement", statement_id(open_db(db_path), "Croatia wanted closer ties"), "--db", db_path)
    run("set", "statement", statement_id(open_db(db_path), "paid for the dinner"), "speaker", "Harbour Council",
        "--db", db_path)
    better = Story(**{**GENEVA.__dict__, "statements": [
        {"speaker": "Ana Kovač", "text": "Kovač said Croatia wanted closer ties"},
        {"speaker": "Zenith Tools", "text": "The Zenith Tools brand paid for the dinner"}]})
    build(db_path, (better, BERLIN, ROME, LATER))
    db = open_db(db_path)
    rows = {r["text"]: (r["rejected"], r["curated"]) for r in db.query("select text, rejected, curated "
                                                                      "from statements where article_id = 1")}
    assert rows == {"Kovač said Croatia wanted closer ties": (1, "[]"),
                    "The Zenith Tools brand paid for the dinner": (0, '["speaker"]')}
    assert run("curate", "--db", db_path).output.endswith("0 changes, 0 no longer apply\n")


def test_a_decision_whose_statement_is_gone_is_reported_by_curate_and_review(db_path):
    run("reject", "statement", statement_id(open_db(db_path), "Croatia wanted closer ties"), "--db", db_path)
    gone = Story(**{**GENEVA.__dict__, "statements": []})
    build(db_path, (gone, BERLIN, ROME, LATER))
    result = run("curate", "--db", db_path)
    assert "reject statement geneva.txt@" in result.output and "no longer applies: no statement with key" \
        in result.output
    items = [i for i in __import__("json").loads(run("review", "--db", db_path, "--json").output)
             if i["kind"] == "curation no longer applies"]
    assert len(items) == 1 and items[0]["summary"].startswith("reject statement geneva.txt@")


def test_two_meetings_told_by_one_sentence_have_two_keys(tmp_path):
    twice = Story("twice.txt", body="Ana Kovač met Peter Sulik and visited Zagreb.",
                  people=[{"name": "Ana Kovač"}, {"name": "Peter Sulik"}],
                  meetings=[{"kind": "meeting", "evidence": "Ana Kovač met Peter Sulik and visited Zagreb."},
                            {"kind": "visit", "evidence": "Ana Kovač met Peter Sulik and visited Zagreb."}])
    db = store.open_db(tmp_path / "archive.db")
    save(db, twice)
    assert [r[0] for r in db.execute("select key from meetings order by id")] == ["twice.txt@0-45",
                                                                                  "twice.txt@0-45#2"]


# The file --------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("sets:\n  person:\n  - {name: Ana Kovač, country: HR, role: Minister}\n",
     "line 3: sets.person entry 1: give exactly one of country, role"),
    ("sets:\n  meeting:\n  - {key: a.txt@1-2, date: next week}\n",
     "line 3: sets.meeting entry 1: 'date' should be a date (YYYY, YYYY-MM or YYYY-MM-DD), not 'next week'"),
    ("kinds:\n  place:\n  - {name: Acme, kind: company}\n",
     "line 3: kinds.place entry 1: 'kind' should be one of 'person', 'place' or 'organisation', not 'company'"),
    ("participants:\n  person: []\n", "line 2: participants has no kind 'person' (expected one of meeting)"),
])
def test_new_sections_are_checked_with_line_numbers(db_path, text, message):
    path = db_path.parent / "curation.yml"
    path.write_text(text, encoding="utf-8")
    result = run("curate", "--db", db_path, ok=False)
    assert result.exit_code == 1 and result.stderr == f"Error: {path} {message}\n"


def test_a_field_that_cannot_be_set_is_a_usage_error(db_path):
    result = run("set", "meeting", "1", "colour", "blue", "--db", db_path, ok=False)
    assert result.exit_code == 2 and "a meeting has no field 'colour' to set (choose date, place, chair)" \
        in result.output


def test_an_unknown_country_is_an_error(db_path):
    result = run("set", "person", "Peter Sulik", "country", "Narnia", "--db", db_path, ok=False)
    assert result.exit_code == 1 and '"Narnia" is not a country' in result.output


# The pages -------------------------------------------------------------------------

def test_the_pages_show_a_decision_at_once_and_mark_it_curated(tmp_path, fetch):
    import asyncio

    from datasette.app import Datasette

    db_path = tmp_path / "archive.db"
    build(db_path)
    metadata = yaml.safe_load((Path(__file__).resolve().parents[1] / "metadata.yml").read_text(encoding="utf-8"))
    ds = Datasette([str(db_path)], metadata=metadata)
    asyncio.run(ds.invoke_startup())
    before = fetch(ds, "/archive/people/2").text
    assert "Slovakia" not in before and "archive-curated" not in before
    run("set", "person", "Peter Sulik", "country", "SK", "--db", db_path)
    page = fetch(ds, "/archive/people/2").text
    assert '<a href="/archive/countries/SK">Slovakia</a>' in page
    assert '<dd class="archive-curated">✎ country (set by the analyst in curation.yml)</dd>' in page
    table = fetch(ds, "/archive/people?name=Peter+Sulik").text
    assert '<span class="archive-curated" title="Set by the analyst in curation.yml">✎ country</span>' in table
    mid = meeting_id(open_db(db_path), "geneva.txt")
    run("set", "meeting", mid, "date", "2023-02-27", "--db", db_path)
    meetings = fetch(ds, f"/archive/archive_meetings?id={mid}").text
    assert "2023-02-27" in meetings and "✎ date, participants" in meetings
    doubt = "&#34;Zenith Tools&#34; #3 (2 facts): ends like an organisation&#39;s name"
    assert doubt in fetch(ds, "/-/review").text
    run("reject", "person", "Zenith Tools", "--db", db_path)
    assert doubt not in fetch(ds, "/-/review").text
