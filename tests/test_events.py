"""One meeting across the archive: reports of one meeting in several articles become one archive
meeting (events), on invented reports and articles; and the invariants on the corpus."""
from __future__ import annotations

import json
import random
import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from archive import events
from archive.cli import cli

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def report(n, article, day=None, countries=("KE", "UG"), people=(1, 2), kind="meeting", status="held",
           published="2025-03-05", place=None, precision="day"):
    r = events.Report(id=n, key=f"a{article}.txt@{n}", article_id=article, kind=kind, status=status, date=day,
                      precision=precision if day else None, published=published, place_id=place,
                      place_resolved=place is not None, chair_id=None, countries=frozenset(countries),
                      people=frozenset(people), evidence=f"report {n}")
    r.window = events.window(r)
    return r


def grouping(reports, same=(), apart=()):
    return sorted(sorted(r.id for r in e.reports) for e in events.group(reports, same, apart))


def every_pair_grouping(reports):
    """The linking rule without blocking: each report is compared with every event so far."""
    found = []
    for r in sorted(reports, key=events._order):
        scores = [events._fit(e, r) for e in found]
        best = max(range(len(found)), key=lambda k: (scores[k], -k), default=None)
        if best is None or scores[best] == 0:
            found.append(events.Event([r], r.window))
        else:
            found[best].reports.append(r)
            found[best].window = events._intersect(found[best].window, r.window)
    return sorted(sorted(r.id for r in e.reports) for e in found)


def test_blocking_finds_the_same_events_as_comparing_every_pair():
    rng = random.Random(7)
    reports = []
    for n in range(400):
        day = rng.choice([None, f"2025-0{rng.randint(1, 4)}-{rng.randint(10, 28)}", f"2025-0{rng.randint(1, 4)}"])
        reports.append(report(n, rng.randint(1, 120), day, countries=rng.sample(["KE", "UG", "TZ", "RW", "BI"], 2),
                              people=rng.sample(range(8), rng.randint(0, 2)), kind=rng.choice(["meeting", "call"]),
                              published=rng.choice([None, "2025-03-05", "2025-02-01"]),
                              place=rng.choice([None, 1, 2]), precision="day" if day and len(day) == 10 else "month"))
    assert grouping(reports) == every_pair_grouping(reports)
    assert len(grouping(reports)) < len(reports)


# --- the linking rule ---------------------------------------------------------------------------------

def test_one_meeting_told_by_three_articles_is_one_event():
    reports = [report(1, 1, "2025-03-03"), report(2, 2, "2025-03-03", countries=("KE", "UG", "TZ")),
               report(3, 3, None, people=(1,), published="2025-03-04")]
    assert grouping(reports) == [[1, 2, 3]]


@pytest.mark.parametrize("other", [
    report(2, 2, "2025-04-02"),  # another date
    report(2, 2, "2025-03-03", kind="call"),  # a call is not the meeting in person
    report(2, 2, "2025-03-03", place=8),  # another place
    report(2, 2, "2025-03-03", countries=("KE", "TZ"), people=(1, 3)),  # another partner
    report(2, 1, "2025-03-03"),  # the same article: it already told two meetings apart
    report(2, 2, None, published="2025-04-20"),  # undated, weeks later
    report(2, 2, None, status="planned", published="2025-03-01"),  # undated plan: not known to be this one
])
def test_reports_that_do_not_agree_stay_apart(other):
    assert grouping([report(1, 1, "2025-03-03", place=7), other]) == [[1], [2]]


def test_dates_of_different_precision_agree_when_one_holds_the_other():
    assert grouping([report(1, 1, "2025-03-03"), report(2, 2, "2025-03", precision="month"),
                     report(3, 3, "2025-03-02/2025-03-04")]) == [[1, 2, 3]]


def test_a_plan_and_the_meeting_held_agree_when_both_are_dated():
    assert grouping([report(1, 1, "2025-03-03", status="planned", published="2025-02-20"),
                     report(2, 2, "2025-03-03")]) == [[1, 2]]


def test_a_summit_told_without_parties_is_the_summit_in_that_place_on_that_date():
    assert grouping([report(1, 1, "2025-03-03", kind="summit", countries=(), people=(), place=5),
                     report(2, 2, "2025-03-03", kind="summit", countries=("BR", "PE"), people=(), place=5)]) \
        == [[1, 2]]


def test_the_grouping_does_not_depend_on_the_order_of_the_reports():
    reports = [report(n, n, "2025-03-03") for n in range(1, 5)] + [report(n, n, "2025-05-10") for n in range(5, 8)]
    expected = grouping(reports)
    for seed in range(5):
        random.Random(seed).shuffle(reports)
        assert grouping(reports) == expected == [[1, 2, 3, 4], [5, 6, 7]]


def test_the_analysts_decisions_come_first():
    reports = [report(1, 1, "2025-03-03"), report(2, 2, "2025-03-03"), report(3, 3, "2025-04-02")]
    assert grouping(reports, apart=[("a2.txt@2", "a1.txt@1")]) == [[1], [2], [3]]
    assert grouping(reports, same=[("a3.txt@3", "a1.txt@1")]) == [[1, 2, 3]]
    assert grouping(reports, same=[("a3.txt@3", "a1.txt@1")], apart=[("a2.txt@2", "a1.txt@1")]) == [[1, 3], [2]]


def test_the_archive_meeting_takes_the_most_precise_date_and_place_and_counts_sources():
    e = events.Event([report(1, 1, "2025-03", precision="month", published="2025-03-04"),
                      report(2, 2, "2025-03-03", place=9), report(3, 3, "2025-03-03", place=9)])
    row = events.summary(e)
    assert (row["date"], row["date_precision"], row["place_id"], row["sources"]) == ("2025-03-03", "day", 9, 3)
    assert events.window(report(1, 1, None, published="2025-03-05")) == (date(2025, 2, 26), date(2025, 3, 6))


# --- in the archive ------------------------------------------------------------------------------------

ARTICLES = {
    "wire.txt": ("2025-03-03", "NAIROBI, March 3 (Example Wire) - Kenyan Foreign Minister Ada Mwangi met Ugandan "
                               "Foreign Minister Tom Okello in Nairobi on Monday. Mwangi said trade would grow."),
    "daily.txt": ("2025-03-04", "The talks in Nairobi on Monday between Kenya's Ada Mwangi and Uganda's Tom "
                                "Okello, attended by Tanzanian envoy Juma Salim, ended without a deal."),
    "weekly.txt": ("2025-03-07", "Ugandan Foreign Minister Tom Okello met his Kenyan counterpart Ada Mwangi on "
                                 "3 March."),
    "later.txt": ("2025-04-03", "Kenyan Foreign Minister Ada Mwangi met Ugandan Foreign Minister Tom Okello in "
                                "Kampala on 2 April."),
}


def load(folder: Path, db_path: Path, *paths) -> sqlite_utils.Database:
    result = CliRunner().invoke(cli, ["load", *map(str, paths), "--db", str(db_path), "--silent"])
    assert result.exit_code == 0, result.output
    return sqlite_utils.Database(db_path)


@pytest.fixture()
def articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (published, body) in ARTICLES.items():
        (folder / name).write_text(f"---\npublished: {published}\n---\n{body}\n", encoding="utf-8")
    return folder


def rows(db):
    return [(r["date"], r["place"], json.loads(r["countries"]), json.loads(r["people"]), r["sources"])
            for r in db.query("select * from archive_meetings order by date")]


def test_reports_in_three_articles_are_one_archive_meeting(articles, tmp_path):
    db = load(articles, tmp_path / "archive.db", articles)
    assert db["meetings"].count == 4
    assert rows(db) == [("2025-03-03", "Nairobi", ["KE", "TZ", "UG"], ["Ada Mwangi", "Juma Salim", "Tom Okello"], 3),
                        ("2025-04-02", "Kampala", ["KE", "UG"], ["Ada Mwangi", "Tom Okello"], 1)]
    sources = dict(db.execute("select iso2, ec.sources from event_countries ec join events e on e.id = ec.event_id "
                              "where e.date = '2025-03-03'").fetchall())
    assert sources == {"KE": 3, "UG": 3, "TZ": 1}
    [pair] = db.execute("select country_a, country_b, count(*) from archive_meetings m, json_each(m.countries) a "
                        "join json_each(m.countries) b on a.value < b.value "
                        "join (select 'KE' as country_a, 'UG' as country_b) "
                        "where a.value = 'KE' and b.value = 'UG'").fetchall()
    assert pair[2] == 2  # the pair met twice, however many articles told it


def test_country_pairs_counts_archive_meetings(articles, tmp_path):
    import yaml

    db = load(articles, tmp_path / "archive.db", articles)
    sql = yaml.safe_load((REPO / "metadata.yml").read_text())["databases"]["archive"]["queries"]["country_pairs"]["sql"]
    assert {(r[0], r[2]): r[4] for r in db.execute(sql).fetchall()} == {("KE", "UG"): 2, ("KE", "TZ"): 1,
                                                                         ("TZ", "UG"): 1}


def test_curation_splits_and_merges_archive_meetings_and_survives_a_reload(articles, tmp_path):
    db_path = tmp_path / "archive.db"
    db = load(articles, db_path, articles)
    weekly = db.execute("select id from meetings where key like 'weekly.txt@%'").fetchone()[0]
    first = db.execute("select id from archive_meetings where date = '2025-03-03'").fetchone()[0]
    later = db.execute("select id from archive_meetings where date = '2025-04-02'").fetchone()[0]
    result = CliRunner().invoke(cli, ["split", "meeting", str(first), str(weekly), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    assert [r[-1] for r in rows(db)] == [2, 1, 1]
    result = CliRunner().invoke(cli, ["merge", "meeting", str(later), str(first), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    expected = sorted(r[-1] for r in rows(db))
    assert expected == [1, 3]
    db_path.unlink()
    db = load(articles, db_path, articles)
    assert sorted(r[-1] for r in rows(db)) == expected
    text = (tmp_path / "curation.yml").read_text()
    assert "splits:\n  meeting:" in text and "merges:\n  meeting:" in text


def test_a_changed_article_moves_its_report_and_the_ids_of_untouched_meetings_stay(articles, tmp_path):
    db_path = tmp_path / "archive.db"
    db = load(articles, db_path, articles)
    ids = {r["date"]: r["id"] for r in db.query("select id, date from archive_meetings")}
    (articles / "daily.txt").write_text("---\npublished: 2025-03-04\n---\nKenya's Ada Mwangi and Uganda's Tom Okello "
                                        "held talks in Nairobi on Monday.\n", encoding="utf-8")
    db = load(articles, db_path, articles)
    assert {r["date"]: r["id"] for r in db.query("select id, date from archive_meetings")} == ids
    assert [r[2] for r in rows(db)] == [["KE", "UG"], ["KE", "UG"]]


# --- on the corpus ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_twice(tmp_path_factory):
    """seeds/ and ../shared/corpus loaded twice: once as they are, once under other file names."""
    tmp = tmp_path_factory.mktemp("corpus")
    copy = tmp / "copy"
    for folder in (CORPUS, REPO / "seeds"):
        for path in folder.rglob("*.txt"):
            target = copy / folder.name / path.relative_to(folder).parent / f"copy_{path.name}"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, target)
    result = CliRunner().invoke(cli, ["load", str(REPO / "seeds"), str(CORPUS), str(copy),
                                      "--db", str(tmp / "archive.db"), "--silent"])
    assert "added" in result.output
    return sqlite_utils.Database(tmp / "archive.db")


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")
def test_every_participant_is_named_in_or_referred_to_by_its_evidence(corpus_twice):
    assert corpus_twice["meetings"].count > 30
    assert events.ungrounded(corpus_twice) == []


@pytest.mark.skipif(not CORPUS.exists(), reason="../shared/corpus is not present")
def test_loading_the_corpus_twice_gives_each_archive_meeting_two_sources(corpus_twice):
    meetings = list(corpus_twice.query("select id, sources from archive_meetings"))
    assert len(meetings) > 15
    for m in meetings:
        keys = sorted(r[0] for r in corpus_twice.execute("select key from meetings where event_id = ?", [m["id"]]))
        plain = min(keys, key=len)
        assert m["sources"] == 2 and set(keys) == {plain, "copy_" + plain}, keys
