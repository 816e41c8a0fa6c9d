"""The review list after a load: only the items of what the load touched are made again (``review.update``),
with the same list as the whole review (``review.refresh``) of the same archive and as a load of everything
at once. Invented articles only (bench/synthetic.py, tests/invented.py)."""
from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path

import pytest
from test_upkeep import load, made

from archive import review, store

# Every stored column but ``position`` (a rowid: the order is ORDER BY review.ORDER), in that order.
COLUMNS = ", ".join(review.ITEM_COLUMNS)


def doubtful(articles: list[tuple]) -> list[tuple]:
    """Invented articles with something to review: meetings told twice or by words that name nobody, statements
    cut short, people whose name is spelt a little differently in a later article."""
    out = []
    for n, (art, extraction) in enumerate(articles):
        extraction = copy.deepcopy(extraction)
        meetings, statements, people = extraction["meetings"], extraction["statements"], extraction["people"]
        if meetings and n % 3 == 0:
            meetings.append(dict(meetings[0], id="m99"))
        if meetings and n % 5 == 2:
            meetings[0]["evidence"] = "They met."
        if statements and n % 4 == 1:
            statements[0]["text"] = "Yes"
        if n % 6 == 3 and out and out[-1][1]["people"]:
            other = copy.deepcopy(out[-1][1]["people"][0])
            given, *rest = other["name"].split()
            other.update(id="p99", name=" ".join([given[:-1] + "y", *rest])[:-1] + "a", aliases=[], mentions=[])
            people.append(other)
        out.append((art, extraction))
    return out


def stored(db_path: Path) -> list[tuple]:
    """The stored list, most impactful first (``review.ORDER``), without its rowids."""
    conn = sqlite3.connect(db_path)
    rows = conn.execute(f"SELECT {COLUMNS} FROM review_items ORDER BY {review.ORDER}").fetchall()
    conn.close()
    return rows


def reviewed(db_path: Path) -> list[tuple]:
    """The whole review of the archive as it is, computed now, as it would be stored."""
    db = store.open_db(db_path)
    items = review.review(db)
    db.close()
    return [(i.kind, i.impact, i.summary, i.suggestion, json.dumps(i.details, ensure_ascii=False),
             *((i.ref.table, i.ref.id, i.ref.other, i.ref.article) if i.ref else (None,) * 4)) for i in items]


def no_whole_review(monkeypatch) -> None:
    """Fail if the load computes the whole list instead of redoing the touched items."""
    monkeypatch.setattr(review, "refresh", lambda *a, **k: pytest.fail("the whole review list was computed"))
    monkeypatch.setattr(review, "review", lambda *a, **k: pytest.fail("the whole review list was computed"))


def test_a_load_after_another_stores_the_list_of_a_load_of_both(tmp_path, monkeypatch):
    first, second = doubtful(made(120)), doubtful(made(40, first=120))
    step = tmp_path / "step.db"
    load(step, first, tmp_path / "a")
    before = stored(step)
    no_whole_review(monkeypatch)
    load(step, second, tmp_path / "b")
    monkeypatch.undo()
    at_once = tmp_path / "once.db"
    load(at_once, first + second, tmp_path / "ab")
    found = stored(step)
    kinds = {row[0] for row in found}
    assert {"doubtful meeting", "duplicate person"} <= kinds, kinds
    assert found != before
    assert found == stored(at_once) == reviewed(step)


def test_replaced_articles_and_a_renamed_person_redo_their_items(tmp_path, monkeypatch):
    """Replaced articles (a statement fewer, other countries) and a later article that completes a
    surname, gives a person a country and locates a place: earlier rows' items change too."""
    from invented import Story

    articles = doubtful(made(80))
    db_path = tmp_path / "archive.db"
    first = Story("a.txt", published="2022-02-01",
                  body="Brandt met officials at Velmora Lodge with Lena Marsh. Brandt said: fine. Orla Quint spoke.",
                  people=[{"name": "Brandt"}, {"name": "Lena Marsh", "country": "US"}, {"name": "Orla Quint"}],
                  places=[{"name": "Velmora Lodge", "country": "DE", "kind": "venue"}],
                  meetings=[{"evidence": "Brandt met officials at Velmora Lodge", "date": "2022-01-31",
                             "people": ["Brandt", "Lena Marsh"], "countries": ["US"], "place": "Velmora Lodge"}],
                  statements=[{"speaker": "Brandt", "text": "fine"}])
    second = Story("b.txt", published="2022-02-02",
                   body="Karl Brandt and Lena Marsh met at Velmora Lodge on Monday. Orla Quinte of Ireland spoke.",
                   people=[{"name": "Karl Brandt", "country": "DE"}, {"name": "Lena Marsh", "country": "US"},
                           {"name": "Orla Quinte", "country": "IE"}],
                   places=[{"name": "Velmora Lodge", "country": "DE"}],
                   meetings=[{"evidence": "Karl Brandt and Lena Marsh met at Velmora Lodge on Monday.",
                              "date": "2022-01-31", "people": ["Karl Brandt", "Lena Marsh"],
                              "countries": ["DE", "US"], "place": "Velmora Lodge"}])
    load(db_path, articles + [(first.article(), first.extraction())], tmp_path / "a")
    before = stored(db_path)
    assert any("Brandt" in row[2] for row in before), before
    changed = []
    for art, extraction in articles[10:40:3]:
        extraction = dict(extraction, statements=extraction["statements"][1:],
                          meetings=[dict(m, countries=m["countries"][:1]) for m in extraction["meetings"]])
        changed.append((art.__class__(**{**art.__dict__, "body": art.body + " More."}), extraction))
    located = second.extraction()
    located["places"][0].update(latitude=50.1, longitude=8.6)
    no_whole_review(monkeypatch)
    load(db_path, changed + doubtful(made(10, first=80)) + [(second.article(), located)], tmp_path / "b")
    monkeypatch.undo()
    found = stored(db_path)
    assert found != before
    assert any("Karl Brandt" in row[2] and row[0] == "doubtful meeting" for row in found)  # a.txt's meeting
    assert found == reviewed(db_path)


def test_a_list_stored_without_its_rows_is_computed_whole_at_the_next_load(tmp_path):
    db_path = tmp_path / "archive.db"
    load(db_path, doubtful(made(30)), tmp_path / "a")
    conn = sqlite3.connect(db_path)
    with conn:
        conn.execute("UPDATE review_state SET incremental = 0")
        conn.execute("UPDATE review_items SET ref_table = NULL, ref_id = NULL, ref_other = NULL, ref_article = NULL")
    conn.close()
    load(db_path, doubtful(made(10, first=30)), tmp_path / "b")
    assert stored(db_path) == reviewed(db_path)
    conn = sqlite3.connect(db_path)
    assert conn.execute("SELECT incremental FROM review_state").fetchone() == (review.REFS,)
    conn.close()
