"""A one-million-statement archive, built in minutes: the pages benchmark's archive.

50,000 varied synthetic articles (bench/synthetic.py) are stored as a load stores
them (``archive load --extractions``); then their statements are multiplied to about
a million rows and their meetings to about 290,000 (each copy a week later than the
one before, with its own key), as the issue's measurements did, and the end-of-load
upkeep runs once more: ``events.link`` groups every report (a copy a week later is
another archive meeting, so about 290,000 of them) and the summary tables count every row;
then the review list is stored, as at the end of a load.
"""
from __future__ import annotations

import sqlite3
import tempfile
import time
from pathlib import Path

import synthetic

from archive import pipeline, review, store

ARTICLES = 50_000
STATEMENT_COPIES = 5  # 4 statements per article, 5 times: 1,000,000
MEETING_COPIES = 6  # about 1 meeting per article, 6 times: about 290,000

STATEMENT_COLUMNS = ("article_id, speaker_id, organisation_id, speaker_name, text, kind, date, date_precision, "
                     "cue, start, \"end\", countries, rejected")
MEETING_COLUMNS = ("article_id, kind, date, date_precision, planned, status, place_id, chair_id, evidence, start, \"end\", "
                   "participants, participant_names, rejected")


def _later(column: str) -> str:
    """The date ``:copy`` weeks later (dates of other precisions are kept)."""
    return (f"CASE WHEN length({column}) = 10 THEN date({column}, '+' || (:copy * 7) || ' days') "
            f"ELSE {column} END")


def _copy(conn: sqlite3.Connection, table: str, columns: str, children: list[tuple[str, str, str]],
          copies: int) -> None:
    """``copies - 1`` more of every row of ``table``, with their join rows, ids offset by the largest id."""
    top = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0] or 0
    dated = columns.replace("date, date_precision", f"{_later('date')}, date_precision")
    for copy in range(1, copies):
        params = {"copy": copy, "offset": copy * top, "top": top}
        conn.execute(f"INSERT INTO {table} (id, {columns}, key) SELECT id + :offset, {dated}, "
                     f"key || '#' || :copy FROM {table} WHERE id <= :top", params)
        for child, fk, other in children:
            conn.execute(f"INSERT INTO {child} ({fk}, {other}) SELECT {fk} + :offset, {other} FROM {child} "
                         f"WHERE {fk} <= :top", params)


def build(db_path: Path, articles: int = ARTICLES) -> dict:
    """Build the archive at ``db_path``; the seconds each step took."""
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        paths = synthetic.write(Path(tmp), articles)
        times["generate"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        summary = pipeline.load_extractions(db_path, paths)
        times["store"] = time.perf_counter() - t0
        assert not summary.stopped and not summary.errors, (summary.stopped, summary.errors[:3])
    t0 = time.perf_counter()
    conn = sqlite3.connect(db_path)
    with conn:
        _copy(conn, "statements", STATEMENT_COLUMNS, [("statement_countries", "statement_id", "iso2")],
              STATEMENT_COPIES)
        _copy(conn, "meetings", MEETING_COLUMNS, [("meeting_countries", "meeting_id", "iso2"),
                                                  ("meeting_people", "meeting_id", "person_id")], MEETING_COPIES)
    conn.close()
    times["multiply"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    with store.writing(db_path) as db:
        store.finalize(db)
        times["upkeep"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        with store.transaction(db):
            review.refresh(db, store.now())
    times["review"] = time.perf_counter() - t0
    return times


def load_more(db_path: Path, first: int, n: int = 10, review_list: bool = True) -> float:
    """Seconds to load the synthetic articles ``first`` to ``first + n`` (new ones: the archive holds the
    ones before ``first``) through ``archive load --extractions``, upkeep included."""
    import itertools

    from archive import extractions

    with tempfile.TemporaryDirectory() as tmp:
        part = Path(tmp) / extractions.PART.format(0)
        made = itertools.islice(synthetic.articles(first + n), first, None)
        extractions.write(part, [extractions.line(a, e) for a, e in made])
        t0 = time.perf_counter()
        summary = pipeline.load_extractions(db_path, [part], review_list=review_list)
        assert not summary.stopped and not summary.errors, (summary.stopped, summary.errors[:3])
        return time.perf_counter() - t0
