"""Hostile input to `archive load` and `archive extract`: each bad input is one line, the load goes on.

Every case is built here: symlink loops, a FIFO, a link to /dev/zero, file names that are not
UTF-8, JSONL lines nested 100,000 deep or holding huge numbers and lone surrogates, quote
storms, long articles, unusable databases and two loads at once. Permission cases are
simulated (the tests may run as root, who reads everything).
"""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from archive import ingest, limits, nlp, pipeline, store
from archive.cli import Exit, cli

REPO = Path(__file__).resolve().parents[1]
NON_UTF8_NAME = os.fsdecode(b"caf\xe9.txt")  # the byte 0xe9 alone is not UTF-8


def article(n: int, extra: str = "") -> str:
    return (f"---\ntitle: Talks {n}\npublished: 2023-04-{n:02d}\n{extra}---\n"
            f"Finnish Foreign Minister Aino Virtanen met Estonian Foreign Minister Mart Tamm in Oslo "
            f"on day {n}.\nVirtanen said the two governments would open joint consulate number {n}.\n")


def jsonl_line(n: int, **fields) -> str:
    record = {"title": f"Feed item {n}", "published": "2023-05-01",
              "body": f"Polish Foreign Minister Tomasz Nowak met Slovak Foreign Minister Peter Sulik in "
                      f"Bratislava. Nowak said item {n} had been agreed."}
    return json.dumps(dict(record, **fields))


def hostile_folder(root: Path) -> tuple[set[str], dict[str, str]]:
    """Good and bad inputs under ``root``: (names of the good articles, {bad input: reason}).

    A bad input is named as its error line names it: the path, or "PATH line N".
    """
    root.mkdir()
    good = {"good1.txt", "good2.md", "javascript.txt", "storm.txt", "caf\\xe9.txt", "feed.jsonl#1",
            "feed.jsonl#3", "deep.txt"}
    (root / "good1.txt").write_text(article(1), encoding="utf-8")
    (root / "good2.md").write_text(article(2), encoding="utf-8")
    (root / "javascript.txt").write_text(article(3, "url: javascript:alert(document.domain)\n"), encoding="utf-8")
    (root / "storm.txt").write_text('"' * 50_000, encoding="utf-8")  # minutes before the tokenizer fix
    (root / NON_UTF8_NAME).write_text(article(4), encoding="utf-8")
    deep = root.joinpath(*[f"d{i}" for i in range(40)])
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(article(5), encoding="utf-8")
    (root / "d0" / "back").symlink_to(root, target_is_directory=True)  # a folder loop
    (root / "feed.jsonl").write_text("\n".join([
        jsonl_line(1),
        "[" * 100_000 + "]" * 100_000,
        jsonl_line(3)[:-1] + ', "id": ' + "9" * 5000 + "}",  # the number is not an article field
        jsonl_line(4, body="Hello \ud800 there, said the minister."),
        jsonl_line(5, title="Bad \udfff title"),
        '{"title": "cut short", "body": "no end',
    ]) + "\n", encoding="utf-8")

    (root / "loop.txt").symlink_to(root / "loop.txt")
    os.mkfifo(root / "pipe.txt")
    (root / "zero.txt").symlink_to("/dev/zero")
    (root / "gone.txt").symlink_to(root / "nowhere.txt")
    with open(root / "huge.txt", "wb") as f:
        f.truncate(limits.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    (root / "binary.txt").write_bytes(b"PK\x03\x04\x00binary")
    (root / "latin1.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    (root / "menu.html").write_text("<html><body><nav><ul>" + "".join(
        f'<li><a href="/s{i}">Section {i}</a></li>' for i in range(30)) + "</ul></nav></body></html>",
        encoding="utf-8")
    (root / "locked").mkdir()
    (root / "locked" / "hidden.txt").write_text(article(6), encoding="utf-8")
    bad = {
        "loop.txt": "symbolic link loop",
        "pipe.txt": "not a regular file (a named pipe)",
        "zero.txt": "not a regular file (a character device)",
        "gone.txt": "broken symbolic link",
        "huge.txt": "file too large (10.0 MiB; the limit is 10.0 MiB)",
        "binary.txt": "not a text file (NUL byte at offset 4)",
        "latin1.txt": "not UTF-8 text (byte 0xe9 at offset 3)",
        "menu.html": "no article text found in HTML",
        "locked": "cannot read folder (permission denied)",
        "feed.jsonl line 2": "invalid JSON (nested too deeply)",
        "feed.jsonl line 4": "body is not valid Unicode text (lone surrogate \\ud800 at character 6)",
        "feed.jsonl line 5": "title is not valid Unicode text (lone surrogate \\udfff at character 4)",
        "feed.jsonl line 6": "invalid JSON (Unterminated string",
    }
    return good, {str(root / name): reason for name, reason in bad.items()}


@pytest.fixture
def locked_folder(monkeypatch):
    """Folders named "locked" cannot be listed, as for a user without permission."""
    real = os.scandir

    def scandir(path="."):
        if Path(os.fsdecode(path)).name == "locked":
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error: ")]


def assert_clean(result) -> None:
    """No traceback: the command ended through its own exit status."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output


def names(db_path: Path) -> set[str]:
    return {r[0] for r in sqlite3.connect(db_path).execute("select name from articles")}


def healthy(db_path: Path) -> bool:
    conn = sqlite3.connect(db_path)
    return (conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            and conn.execute("PRAGMA foreign_key_check").fetchall() == [])


# The load ---------------------------------------------------------------------------------

def test_every_bad_input_is_one_line_and_every_good_article_loads(tmp_path, locked_folder):
    good, bad = hostile_folder(tmp_path / "in")
    db_path = tmp_path / "archive.db"
    result = run("load", tmp_path / "in", "--db", db_path, "--silent")
    assert_clean(result)
    assert result.exit_code == Exit.REJECTED
    lines = error_lines(result)
    for where, reason in bad.items():
        matching = [line for line in lines if line.startswith(f"error: {where}: ")]
        assert len(matching) == 1, (where, lines)
        assert reason in matching[0], matching[0]
    assert len(lines) == len(bad)
    assert names(db_path) == good
    assert f"{len(good)} added, 0 replaced, 0 unchanged, {len(bad)} failed" in result.stdout
    assert healthy(db_path)
    again = run("load", tmp_path / "in", "--db", db_path, "--silent")
    assert f"0 added, 0 replaced, {len(good)} unchanged, {len(bad)} failed" in again.stdout


def test_finding_files_never_raises_and_ends_in_a_folder_loop(tmp_path, locked_folder):
    good, bad = hostile_folder(tmp_path / "in")
    found = ingest.find_files([tmp_path / "in"])
    assert found == sorted(found)
    assert sum(1 for p in found if p.name == "deep.txt") == 1  # not again through d0/back
    assert tmp_path / "in" / "locked" in found  # reported by iter_articles


def test_an_undecodable_file_name_is_loaded_under_a_printable_name(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / NON_UTF8_NAME).write_text(article(1), encoding="utf-8")
    [item] = ingest.iter_articles(tmp_path / "in" / NON_UTF8_NAME)
    assert item.name == "caf\\xe9.txt"
    assert item.path == str(tmp_path / "in") + "/caf\\xe9.txt"


def test_a_quote_storm_is_tokenized_in_pieces_that_rebuild_the_text():
    storm = 'He said "' + '"' * 5_000 + ' and "x"' + "y" * 250
    pieces = nlp._pieces(storm)
    assert "".join(pieces) == storm
    assert max(len(run) for piece in pieces for run in piece.split()) == nlp.RUN_PIECE
    assert nlp.make_doc(storm).text == storm
    assert nlp._pieces("An ordinary sentence, with https://example.org/a/short/link.") == [
        "An ordinary sentence, with https://example.org/a/short/link."]


def test_text_over_spacy_max_length_is_tokenized():
    text = "word " * 220_001  # 1,100,005 characters: spaCy's own limit is 1,000,000
    assert len(nlp.make_doc(text)) == 220_001
    assert limits.MAX_ARTICLE_CHARS < nlp.get_nlp().max_length


def test_a_long_article_is_split_into_parts_with_a_warning(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ARTICLE_CHARS", 400)
    paragraphs = [f"Paragraph {i}: Croatian Foreign Minister Ana Kovac met Slovak Foreign Minister "
                  f"Peter Sulik in Zagreb." for i in range(12)]
    (tmp_path / "in").mkdir()
    body = "\n\n".join(paragraphs)
    (tmp_path / "in" / "long.txt").write_text(f"---\ntitle: Long\n---\n{body}", encoding="utf-8")
    db_path = tmp_path / "archive.db"
    result = run("load", tmp_path / "in", "--db", db_path, "--silent")
    assert_clean(result)
    assert result.exit_code == Exit.OK
    rows = list(sqlite_utils.Database(db_path).query("select name, title, body from articles order by id"))
    assert [r["name"] for r in rows] == ["long.txt", "long.txt#part2", "long.txt#part3", "long.txt#part4"]
    assert rows[1]["title"] == "Long (part 2 of 4)"
    assert all(len(r["body"]) <= 400 for r in rows)
    assert "\n\n".join(r["body"] for r in rows) == body  # cut between paragraphs
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning: ")]
    assert warning == (f"warning: {tmp_path / 'in' / 'long.txt'}: {len(body):,} characters, over the 400-character "
                       f"limit: split into 4 parts (long.txt to long.txt#part4)")


def test_split_text_prefers_paragraphs_then_lines_sentences_words():
    assert ingest.split_text("aaaa bbbb\n\ncccc dddd", 12) == ["aaaa bbbb", "cccc dddd"]
    assert ingest.split_text("aaaa bbbb\ncccc dddd", 12) == ["aaaa bbbb", "cccc dddd"]
    assert ingest.split_text("Aaa bb. Ccc dd ee", 12) == ["Aaa bb.", "Ccc dd ee"]
    assert ingest.split_text("aaaaaaaaaaaaaaaaaaaaaaaaa", 10) == ["aaaaaaaaaa", "aaaaaaaaaa", "aaaaa"]


def test_a_jsonl_line_over_the_limit_is_skipped_and_the_next_loads(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 1000)
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl_line(1, body="x " * 2000) + "\n" + jsonl_line(2) + "\n", encoding="utf-8")
    items = list(ingest.iter_articles(path))
    assert str(items[0]) == f"{path} line 1: line too long (over 0.0 MiB, the limit); skipped"
    assert items[1].name == "feed.jsonl#2"


def test_an_article_over_the_time_budget_is_skipped_and_the_load_goes_on(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "ARTICLE_SECONDS", 0.2)
    real = pipeline.extract_article

    def slow(item):
        if "consulate number 2" in item.body:
            time.sleep(30)  # interrupted by the budget
        return real(item)

    monkeypatch.setattr(pipeline, "extract_article", slow)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in (1, 2, 3):
        (folder / f"a{n}.txt").write_text(article(n), encoding="utf-8")
    result = run("load", folder, "--db", tmp_path / "archive.db", "--silent")
    assert_clean(result)
    assert result.exit_code == Exit.REJECTED
    assert error_lines(result) == [f"error: {folder / 'a2.txt'}: extraction took longer than 0.2 s "
                                   f"(the limit per article); skipped"]
    assert names(tmp_path / "archive.db") == {"a1.txt", "a3.txt"}


def test_a_bug_in_one_article_is_reported_and_the_load_goes_on(tmp_path, monkeypatch):
    real = pipeline.extract_article

    def buggy(item):
        if "consulate number 2" in item.body:
            raise RuntimeError("boom")
        return real(item)

    monkeypatch.setattr(pipeline, "extract_article", buggy)
    folder = tmp_path / "in"
    folder.mkdir()
    for n in (1, 2, 3):
        (folder / f"a{n}.txt").write_text(article(n), encoding="utf-8")
    result = run("load", folder, "--db", tmp_path / "archive.db", "--silent")
    assert_clean(result)
    assert result.exit_code == Exit.INTERNAL
    assert error_lines(result) == [f"error: {folder / 'a2.txt'}: internal error in extraction (RuntimeError: boom)"]
    assert names(tmp_path / "archive.db") == {"a1.txt", "a3.txt"}


def test_a_bug_after_the_articles_still_prints_the_summary(tmp_path, monkeypatch):
    def broken(db, changes):
        raise KeyError("refresh")

    monkeypatch.setattr(store, "finish", broken)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a1.txt").write_text(article(1), encoding="utf-8")
    result = run("load", folder, "--db", tmp_path / "archive.db", "--silent")
    assert_clean(result)
    assert result.exit_code == Exit.INTERNAL
    assert result.stdout == "1 added, 0 replaced, 0 unchanged, 0 failed\n"
    assert error_lines(result) == ["error: load stopped: internal error (KeyError: 'refresh')"]
    assert names(tmp_path / "archive.db") == {"a1.txt"}


def test_exit_statuses_for_usage(tmp_path):
    assert run("load", tmp_path, "--db", tmp_path / "archive.db", "--silent").exit_code == Exit.OK
    missing = run("load", tmp_path, "--db", tmp_path / "no" / "such" / "archive.db", "--silent")
    assert missing.exit_code == Exit.USAGE
    assert f"Invalid value for '--db': the folder {tmp_path / 'no' / 'such'} does not exist" in missing.output
    assert run("load", tmp_path, "--no-such-option").exit_code == Exit.USAGE
    assert run("load", tmp_path / "absent").exit_code == Exit.USAGE


# Databases that cannot be used -------------------------------------------------------------

@pytest.fixture
def one_article(tmp_path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a1.txt").write_text(article(1), encoding="utf-8")
    return folder


def assert_stopped(result, reason: str) -> None:
    assert_clean(result)
    assert result.exit_code == Exit.DATABASE
    assert result.stdout.startswith("0 added, 0 replaced, 0 unchanged, 0 failed\n")
    [line] = error_lines(result)
    assert line.startswith("error: load stopped: ") and reason in line, line


def test_a_file_that_is_not_sqlite(tmp_path, one_article):
    (tmp_path / "notes.db").write_text("These are my notes, not a database.\n" * 100, encoding="utf-8")
    result = run("load", one_article, "--db", tmp_path / "notes.db", "--silent")
    assert_stopped(result, f"{tmp_path / 'notes.db'}: not an SQLite database: choose another --db file")


def test_a_truncated_database(tmp_path, one_article):
    assert run("load", REPO / "seeds", "--db", tmp_path / "whole.db", "--silent").exit_code == 0
    sqlite3.connect(tmp_path / "whole.db").execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = (tmp_path / "whole.db").read_bytes()
    (tmp_path / "cut.db").write_bytes(data[: len(data) // 3])
    result = run("load", one_article, "--db", tmp_path / "cut.db", "--silent")
    assert_stopped(result, "the database is damaged: restore it from a backup")


def test_a_read_only_database(tmp_path, one_article, monkeypatch):
    db_path = tmp_path / "archive.db"
    assert run("load", REPO / "seeds", "--db", db_path, "--silent").exit_code == 0
    # chmod does not stop root: open it read-only instead, as SQLite does for a read-only file.
    monkeypatch.setattr(store, "_connect", lambda path: sqlite_utils.Database(
        sqlite3.connect(f"file:{path}?mode=ro", uri=True)))
    result = run("load", one_article, "--db", db_path, "--silent")
    assert_stopped(result, "cannot write: the database is read-only")


def test_a_full_disk_stops_the_load_and_keeps_what_was_loaded(tmp_path, one_article, monkeypatch):
    (one_article / "a1.txt").write_text(article(1) + "More words follow. " * 3000, encoding="utf-8")
    db_path = tmp_path / "archive.db"
    assert run("load", REPO / "seeds", "--db", db_path, "--silent").exit_code == 0
    real = store.open_db

    def full(path):  # the database may not grow by a single page
        db = real(path)
        db.execute(f"PRAGMA max_page_count = {db.execute('PRAGMA page_count').fetchone()[0]}")
        return db

    monkeypatch.setattr(store, "open_db", full)
    result = run("load", one_article, "--db", db_path, "--silent")
    assert_stopped(result, f"{db_path}: cannot write: the disk is full")
    assert names(db_path) == {"000_78fdf2874cc691ce.txt"} and healthy(db_path)


def test_curation_commands_report_an_unusable_database(tmp_path):
    (tmp_path / "notes.db").write_text("not a database\n" * 100, encoding="utf-8")
    for args in (["curate"], ["review"], ["merge", "person", "A", "B"], ["serve"]):
        result = run(*args, "--db", tmp_path / "notes.db")
        assert_clean(result)
        assert result.exit_code == Exit.DATABASE, (args, result.output)
        assert f"Error: {tmp_path / 'notes.db'}: not an SQLite database" in result.stderr, args


# Two loads at once ----------------------------------------------------------------------------

def load_process(folder: Path, db_path: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "archive.cli", "load", str(folder), "--db", str(db_path),
                             "--silent"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def folders_of_articles(tmp_path: Path, count: int, each: int) -> list[Path]:
    folders = []
    for k in range(count):
        folder = tmp_path / f"in{k}"
        folder.mkdir()
        for n in range(1, each + 1):
            (folder / f"k{k}-{n}.txt").write_text(article(n).replace("Talks", f"Batch {k} talks"), encoding="utf-8")
        folders.append(folder)
    return folders


def test_a_second_load_waits_for_the_first_with_a_message(tmp_path):
    [folder] = folders_of_articles(tmp_path, 1, 3)
    db_path = tmp_path / "archive.db"
    with store.write_lock(db_path):
        process = load_process(folder, db_path)
        waited = process.stderr.readline()
    stdout, stderr = process.communicate(timeout=120)
    assert waited == f"waiting for another process (pid {os.getpid()}) to finish writing {db_path}…\n"
    assert process.returncode == 0, stderr
    assert stdout == "3 added, 0 replaced, 0 unchanged, 0 failed\n"


def test_two_loads_started_together_lose_nothing(tmp_path):
    folders = folders_of_articles(tmp_path, 2, 6)
    db_path = tmp_path / "archive.db"
    processes = [load_process(folder, db_path) for folder in folders]
    outputs = [p.communicate(timeout=180) for p in processes]
    assert [p.returncode for p in processes] == [0, 0], outputs
    assert {out for out, _ in outputs} == {"6 added, 0 replaced, 0 unchanged, 0 failed\n"}
    assert len(names(db_path)) == 12 and healthy(db_path)


def test_opening_the_database_during_a_load_does_not_stop_it(tmp_path):
    """`archive review` applies the schema while a load writes: both wait their turn."""
    [folder] = folders_of_articles(tmp_path, 1, 12)
    db_path = tmp_path / "archive.db"
    store.open_db(db_path).close()
    process = load_process(folder, db_path)
    opened = 0
    while process.poll() is None:
        store.open_db(db_path).close()
        opened += 1
    stdout, stderr = process.communicate()
    assert (process.returncode, stdout) == (0, "12 added, 0 replaced, 0 unchanged, 0 failed\n"), stderr
    assert opened > 1 and healthy(db_path)


# archive extract -----------------------------------------------------------------------------

def test_extract_reports_bad_inputs_and_writes_every_good_article(tmp_path, locked_folder):
    good, bad = hostile_folder(tmp_path / "in")
    out = tmp_path / "out"
    result = run("extract", tmp_path / "in", "--out", out)
    assert_clean(result)
    assert result.exit_code == Exit.REJECTED
    assert len(error_lines(result)) == len(bad)
    written = {p.relative_to(out).as_posix() for p in out.rglob("*.json")}
    assert written == {"good1.json", "good2.json", "javascript.json", "storm.json", "caf\\xe9.json",
                       "feed-1.json", "feed-3.json", "/".join(f"d{i}" for i in range(40)) + "/deep.json"}


def test_extract_never_writes_two_articles_to_one_file(tmp_path):
    src = tmp_path / "in"
    for name in ("a/x.txt", "b/x.txt", "x.txt", "x.md"):
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(article(len(name)).replace("Talks", name), encoding="utf-8")
    out = tmp_path / "out"
    result = run("extract", src, "--out", out)
    assert result.exit_code == 0, result.output
    titles = {p.relative_to(out).as_posix(): json.loads(p.read_text())["title"] for p in out.rglob("*.json")}
    assert {path: title.split()[0] for path, title in titles.items()} == {
        "a/x.json": "a/x.txt", "b/x.json": "b/x.txt", "x.json": "x.md", "x.txt.json": "x.txt"}


def test_extract_of_a_single_bad_file_is_one_line(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    result = run("extract", tmp_path / "pipe.txt")
    assert_clean(result)
    assert result.exit_code == Exit.REJECTED
    assert result.stdout == ""
    assert error_lines(result) == [f"error: {tmp_path / 'pipe.txt'}: not a regular file (a named pipe); "
                                   f"only regular files are read"]


def test_an_address_that_does_not_parse_is_kept_aside(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl_line(1, url="http://[oops") + "\n", encoding="utf-8")
    [item] = ingest.iter_articles(path)
    assert item.url is None and item.meta["url_raw"] == "http://[oops"
