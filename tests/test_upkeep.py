"""The upkeep after a load follows the load: relinking and summary rows of what it changed only,
with the same result as the full rebuild (``store.finalize``) and as a load of everything at once."""
from __future__ import annotations

import random
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import events, extractions, pipeline, summaries
from archive.cli import cli

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import synthetic  # noqa: E402  (invented articles: made-up names, real settlements)

# Every table the upkeep writes, with the columns that identify a row's content.
TABLES = ("events", "event_countries", "event_people", "report_windows", "meetings", "statements", "people",
          *summaries.TABLES)


def made(n: int, first: int = 0, days: int = 8, seed: int = 7) -> list[tuple]:
    """Synthetic articles ``first``.. ``first + n`` over a few days, about a few famous people, half their
    meetings without a place, so that reports of different articles tell the same meeting."""
    rng = random.Random(seed)
    out = []
    saved = synthetic.DAYS, synthetic.FAMOUS, synthetic.FAMOUS_SHARE
    synthetic.DAYS, synthetic.FAMOUS, synthetic.FAMOUS_SHARE = days, 6, 0.9
    synthetic._zipf.cache_clear()
    try:
        for number, (art, extraction) in enumerate(synthetic.articles(first + n, seed=seed)):
            if number < first:
                continue
            for meeting in extraction["meetings"]:
                if rng.random() < 0.5:
                    meeting.update(place_id=None, place=None)
                if rng.random() < 0.2:
                    meeting["date"] = meeting["date"][:7]
                    meeting["date_precision"] = "month"
            out.append((art, extraction))
    finally:
        synthetic.DAYS, synthetic.FAMOUS, synthetic.FAMOUS_SHARE = saved
        synthetic._zipf.cache_clear()
    return out


def load(db_path: Path, articles: list[tuple], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    part = folder / extractions.PART.format(len(list(folder.iterdir())))
    extractions.write(part, [extractions.line(a, e) for a, e in articles])
    summary = pipeline.load_extractions(db_path, [part])
    assert not summary.stopped and not summary.errors, (summary.stopped, summary.errors[:3])


def content(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every upkeep table, sorted (row order and rowids of tables without a key differ)."""
    conn = sqlite3.connect(db_path)
    out = {}
    for table in TABLES:
        columns = [c[1] for c in conn.execute(f"PRAGMA table_info({table})")]
        shown = [c for c in columns if c not in ("built_at", "loaded_at")]
        out[table] = sorted(conn.execute(f"SELECT {', '.join(shown)} FROM {table}").fetchall(), key=repr)
    conn.close()
    return out


def rebuilt(db_path: Path, tmp_path: Path) -> dict[str, list[tuple]]:
    """The same archive after the full upkeep (`archive rebuild`: every report linked, every summary row
    made again)."""
    copy = tmp_path / "rebuilt.db"
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(db_path, copy)
    result = CliRunner().invoke(cli, ["rebuild", "--db", str(copy)])
    assert result.exit_code == 0, result.output
    return content(copy)


def assert_same(found: dict, expected: dict) -> None:
    for table in TABLES:
        assert found[table] == expected[table], table


def test_a_load_after_another_is_a_load_of_both_at_once(tmp_path):
    first, second = made(120), made(40, first=120)
    step = tmp_path / "step.db"
    load(step, first, tmp_path / "a")
    load(step, second, tmp_path / "b")
    at_once = tmp_path / "once.db"
    load(at_once, first + second, tmp_path / "ab")
    found = content(step)
    assert len(found["events"]) < len(found["meetings"])  # reports of several articles were linked
    assert found["meeting_rows"] and found["pair_counts"] and found["statement_members"]
    assert_same(found, content(at_once))


def test_replacing_articles_relinks_and_recounts_only_what_they_touch(tmp_path, monkeypatch):
    articles = made(150)
    db_path = tmp_path / "archive.db"
    load(db_path, articles, tmp_path / "a")
    # Articles told again differently: a meeting with other countries, another date, a statement fewer.
    changed = []
    for art, extraction in articles[10:40:3]:
        day = f"2001-01-0{len(changed) % 9 + 1}"
        extraction = dict(extraction, statements=extraction["statements"][1:],
                          meetings=[dict(m, countries=m["countries"][:1], date=day, date_precision="day")
                                    for m in extraction["meetings"]])
        changed.append((art.__class__(**{**art.__dict__, "body": art.body + " More."}), extraction))
    monkeypatch.setattr(events, "link", lambda db: pytest.fail("a full relink"))
    monkeypatch.setattr(summaries, "rebuild", lambda db, at: pytest.fail("a full rebuild"))
    load(db_path, changed + made(20, first=150), tmp_path / "b")
    monkeypatch.undo()
    assert_same(content(db_path), rebuilt(db_path, tmp_path))


def test_a_load_that_renames_locates_and_links_redoes_the_rows_showing_them(tmp_path):
    """Rows of earlier articles change too: a person completed by a later article (full name, country),
    a place located by it, a speaker known only by name who becomes a person."""
    from invented import Story

    first = Story("a.txt", published="2022-02-01",
                  body="Brandt met Lena Marsh at Velmora Lodge. Brandt said the talks went well. "
                       "Harbour Watch said the port was closed.",
                  people=[{"name": "Brandt"}, {"name": "Lena Marsh", "country": "US"}],
                  places=[{"name": "Velmora Lodge", "country": "DE", "kind": "venue"}],
                  meetings=[{"evidence": "Brandt met Lena Marsh at Velmora Lodge.", "date": "2022-01-31",
                             "people": ["Brandt", "Lena Marsh"], "countries": ["US"], "place": "Velmora Lodge"}],
                  statements=[{"speaker": "Brandt", "text": "the talks went well"},
                              {"speaker": "Harbour Watch", "text": "the port was closed"}])
    second = Story("b.txt", published="2022-02-02",
                   body="Karl Brandt and Lena Marsh met at Velmora Lodge on Monday. Harbour Watch spoke too.",
                   people=[{"name": "Karl Brandt", "country": "DE"}, {"name": "Lena Marsh", "country": "US"},
                           {"name": "Harbour Watch"}],
                   places=[{"name": "Velmora Lodge", "country": "DE"}],
                   meetings=[{"evidence": "Karl Brandt and Lena Marsh met at Velmora Lodge on Monday.",
                              "date": "2022-01-31", "people": ["Karl Brandt", "Lena Marsh"],
                              "countries": ["DE", "US"], "place": "Velmora Lodge"}])
    located = second.extraction()
    located["places"][0].update(latitude=50.1, longitude=8.6)
    db_path = tmp_path / "archive.db"
    load(db_path, [(first.article(), first.extraction())], tmp_path / "a")
    load(db_path, [(second.article(), located)], tmp_path / "b")
    found = content(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT speaker, speaker_country FROM statement_rows WHERE text = 'the talks went well'"
                        ).fetchall() == [("Karl Brandt", "DE")]
    assert conn.execute("SELECT speaker_id IS NOT NULL FROM statement_rows WHERE text = 'the port was closed'"
                        ).fetchall() == [(1,)]
    assert conn.execute("SELECT sources, latitude, people FROM meeting_rows").fetchall() == [
        (2, 50.1, '["Karl Brandt","Lena Marsh"]')]
    assert_same(found, rebuilt(db_path, tmp_path))


def test_the_analysts_decisions_on_meetings_hold_in_a_load_that_adds_to_them(tmp_path):
    """Two reports merged by hand, then a third article telling one of them: the closure follows the
    decision, so the load gives what the full relinking gives."""
    from invented import Story

    def story(name: str, published: str, people: list, countries: list) -> Story:
        body = f"{people[0]} met {people[1]} in Geneva."
        return Story(name, published=published, body=body, people=[{"name": p} for p in people],
                     meetings=[{"evidence": body, "date": "2022-03-01", "people": people, "countries": countries}])

    db_path = tmp_path / "archive.db"
    load(db_path, [(s.article(), s.extraction()) for s in (
        story("a.txt", "2022-03-02", ["Ada Vell", "Bo Rink"], ["FR", "DE"]),
        story("b.txt", "2022-03-02", ["Cy Mott", "Di Sand"], ["IT", "ES"]))], tmp_path / "a")
    keys = [k for (k,) in sqlite3.connect(db_path).execute("SELECT key FROM meetings ORDER BY id")]
    result = CliRunner().invoke(cli, ["merge", "meeting", keys[1], keys[0], "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    third = story("c.txt", "2022-03-03", ["Cy Mott", "Di Sand"], ["IT", "ES"])
    load(db_path, [(third.article(), third.extraction())], tmp_path / "b")
    found = content(db_path)
    assert [row[-1] for row in found["events"]] == [3]  # one archive meeting of the three reports
    assert_same(found, rebuilt(db_path, tmp_path))
