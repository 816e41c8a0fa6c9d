"""Loads that use every core: worker processes extract, one writer stores, the archive is the same."""
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import pipeline, store, workers
from archive.cli import cli

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


def dump(db_path: Path) -> str:
    """The whole database as SQL text, in a fixed order (like sqlite3's .dump)."""
    conn = sqlite3.connect(db_path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture
def articles(tmp_path) -> Path:
    """The seed article and a dozen corpus articles, or the seed alone without the corpus."""
    folder = tmp_path / "in"
    shutil.copytree(REPO / "seeds", folder)
    if CORPUS.exists():
        for path in sorted((CORPUS / "wikinews-2004").glob("*.txt"))[:12]:
            shutil.copy(path, folder / path.name)
    return folder


def load(folder: Path, db_path: Path, *args: str):
    return CliRunner().invoke(cli, ["load", str(folder), "--db", str(db_path), "--silent", *args],
                              catch_exceptions=False)


def test_two_jobs_load_the_same_archive_as_one_byte_for_byte(articles, tmp_path, monkeypatch):
    monkeypatch.setattr(store, "now", lambda: "2026-01-01T00:00:00+00:00")
    monkeypatch.setattr(store, "BATCH_ARTICLES", 3)  # several batches, and a partial last one
    one, two = tmp_path / "one.db", tmp_path / "two.db"
    assert load(articles, one, "--jobs", "1").exit_code == 0
    result = load(articles, two, "--jobs", "2")
    assert result.exit_code == 0
    count = len(list(articles.iterdir()))
    assert result.output == f"{count} added, 0 replaced, 0 unchanged, 0 failed\n"
    assert dump(one) == dump(two)
    assert "INSERT INTO \"statements\"" in dump(two)


def test_results_come_back_in_input_order():
    assert list(workers.ordered(abs, [-3, 1, -2, 5, -8], jobs=2)) == [(-3, 3), (1, 1), (-2, 2), (5, 5), (-8, 8)]


def test_one_job_runs_in_this_process():
    assert [result for _, result in workers.ordered(lambda n: os.getpid(), [1, 2], jobs=1)] == [os.getpid()] * 2


def test_a_worker_that_dies_costs_one_article_and_the_load_goes_on(tmp_path, monkeypatch):
    real = pipeline.extract_article

    def deadly(article):
        if "number 2" in article.body:
            os._exit(1)  # as if the worker were killed
        return real(article)

    monkeypatch.setattr(pipeline, "extract_article", deadly)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in (1, 2, 3, 4):
        (folder / f"a{n}.txt").write_text(f"The consulate number {n} opened in Paris on Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["load", str(folder), "--db", str(tmp_path / "archive.db"), "--silent", "--jobs", "2"])
    assert result.exit_code == 4
    assert result.stdout == "3 added, 0 replaced, 0 unchanged, 1 failed\n"
    assert result.stderr == (f"error: {folder / 'a2.txt'}: internal error in extraction "
                             f"(the worker process died)\n")
    conn = sqlite3.connect(tmp_path / "archive.db")
    assert [r[0] for r in conn.execute("select name from articles order by id")] == ["a1.txt", "a3.txt", "a4.txt"]


def test_jobs_must_be_a_positive_number(tmp_path):
    result = load(tmp_path, tmp_path / "archive.db", "--jobs", "0")
    assert result.exit_code == 2
    assert "Invalid value for '--jobs' / '-j': 0 is not in the range x>=1." in result.output


def test_serve_builds_the_summary_tables_of_an_archive_from_before_them(tmp_path, monkeypatch):
    from archive import publish, summaries

    db_path = tmp_path / "archive.db"
    assert load(REPO / "seeds", db_path, "--jobs", "1").exit_code == 0
    conn = sqlite3.connect(db_path)
    conn.execute("DELETE FROM archive_summary")
    conn.execute("DELETE FROM meeting_rows")
    conn.commit()
    monkeypatch.setattr(publish, "serve", lambda *args, **kwargs: None)
    assert CliRunner().invoke(cli, ["serve", "--db", str(db_path)]).exit_code == 0
    assert not summaries.missing(conn)
    assert conn.execute("SELECT count(*) FROM meeting_rows").fetchone()[0] == \
        conn.execute("SELECT count(*) FROM archive_meetings").fetchone()[0] > 0
