"""Hostile curation files: schema errors with their line, circles never applied, atomic writes."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlite_utils
import yaml
from click.testing import CliRunner

from archive import curation
from archive.cli import Exit, cli

ARTICLES = {
    "a.txt": "Polish Foreign Minister Tomasz Nowak met Slovak Foreign Minister Peter Sulik in Bratislava "
             "on Monday. Nowak said the talks had been useful.",
    "b.txt": "Croatian Foreign Minister Ana Kovac met Hungarian Foreign Minister Peter Szabo in Zagreb on "
             "Tuesday. Kovac said the border would stay open.",
}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name, body in ARTICLES.items():
        (folder / name).write_text(f"---\ntitle: {name}\npublished: 2023-03-02\n---\n{body}\n", encoding="utf-8")
    db_path = tmp_path / "archive.db"
    assert run("load", folder, "--db", db_path, "--silent").exit_code == 0
    return db_path, folder


def people(db_path) -> set[str]:
    return {r["name"] for r in sqlite_utils.Database(db_path).query("select name from people")}


BAD_FILES = [
    ("merges:\n  person:\n  - from: Tomasz Nowak\n    into: [\n",
     "line 5: not valid YAML (expected the node content, but found '<stream end>')"),
    ("merges:\n  person:\n  - from: 123\n    into: Peter Sulik\n",
     "line 3: merges.person entry 1: 'from' should be text, not 123 (put it in quotes)"),
    ("rejects:\n  statement:\n  - key: [1, 2]\n",
     "line 3: rejects.statement entry 1: 'key' should be text, not [1, 2]"),
    ("renames:\n  person:\n  - from: Peter Sulik\n    to:\n",
     "line 4: renames.person entry 1: 'to' should be text, not None"),
    ("renames:\n  person:\n  - from: Peter Sulik\n    to: '  '\n",
     "line 4: renames.person entry 1: 'to' is blank"),
    ("merges:\n  persons: []\n",
     "line 2: merges has no kind 'persons' (expected one of person, place, organisation, meeting)"),
    ("aliases:\n  place:\n  - {alias: Pressburg, of: Bratislava, why: history}\n",
     "line 3: aliases.place entry 1: unknown key 'why' (expected alias, of, country, from, to)"),
    ("- just\n- a list\n", "line 1: the file should be a mapping of sections (renames, merges, aliases, "
                           "splits, distinct, kinds, rejects, sets, participants), not ['just', 'a list']"),
]


@pytest.mark.parametrize("text, message", BAD_FILES)
def test_a_bad_file_is_one_line_with_its_line_number_and_the_load_goes_on(archive, text, message):
    db_path, folder = archive
    path = db_path.parent / "curation.yml"
    path.write_text(text, encoding="utf-8")
    (folder / "c.txt").write_text("---\ntitle: c\n---\nGerman Foreign Minister Karl Brandt said the talks "
                                  "had been useful.\n", encoding="utf-8")
    result = run("load", folder, "--db", db_path, "--silent")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == Exit.REJECTED
    assert [line for line in result.stderr.splitlines() if line.startswith("error:")] == [f"error: {path} {message}"]
    assert "1 added, 0 replaced, 2 unchanged, 0 failed" in result.stdout
    curate = run("curate", "--db", db_path)
    assert curate.exit_code == Exit.REJECTED and curate.stderr == f"Error: {path} {message}\n"


def test_a_file_that_is_not_utf8(archive):
    db_path, _ = archive
    path = db_path.parent / "curation.yml"
    path.write_bytes(b"renames:\n  person:\n  - from: Peter Sulik\n    to: P\xe9ter Sulik\n")
    result = run("curate", "--db", db_path)
    assert result.exit_code == Exit.REJECTED
    assert result.stderr == f"Error: {path}: not UTF-8 text (byte 0xe9 at offset 50)\n"


def test_a_curation_file_that_is_a_pipe_is_refused_without_waiting(archive):
    db_path, _ = archive
    os.mkfifo(db_path.parent / "curation.yml")
    result = run("curate", "--db", db_path)
    assert result.exit_code == Exit.REJECTED
    assert result.stderr == f"Error: {db_path.parent / 'curation.yml'}: not a regular file\n"


@pytest.mark.parametrize("merges, circle", [
    ([("Tomasz Nowak", "Peter Sulik"), ("Peter Sulik", "Tomasz Nowak")],
     '"Tomasz Nowak" → "Peter Sulik" → "Tomasz Nowak"'),
    ([("Tomasz Nowak", "Peter Sulik"), ("Peter Sulik", "Ana Kovac"), ("Ana Kovac", "Tomasz Nowak")],
     '"Tomasz Nowak" → "Peter Sulik" → "Ana Kovac" → "Tomasz Nowak"'),
])
def test_a_circle_of_merges_is_reported_and_never_applied(archive, merges, circle):
    db_path, folder = archive
    before = people(db_path)
    entries = [{"from": a, "into": b} for a, b in merges]
    curation.write(db_path.parent / "curation.yml", {"merges": {"person": entries},
                                                     "renames": {"person": [{"from": "Peter Szabo", "to": "P. Szabo"}]}})
    result = run("load", folder, "--db", db_path, "--silent")
    assert result.exit_code == Exit.OK
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warning == (f"warning: curation: person merges and aliases lead in a circle ({circle}): not applied: "
                       + "; ".join(f'merge person "{a}" "{b}"' for a, b in merges))
    assert people(db_path) == before - {"Peter Szabo"} | {"P. Szabo"}  # the rest of the file applies


def test_a_circle_of_renames_is_reported_and_never_applied(archive):
    db_path, folder = archive
    curation.write(db_path.parent / "curation.yml", {"renames": {"person": [
        {"from": "Peter Sulik", "to": "Petr Sulik"}, {"from": "Petr Sulik", "to": "Peter Sulik"}]}})
    for _ in range(2):  # it used to flip on every load
        result = run("load", folder, "--db", db_path, "--silent")
        assert "person renames lead in a circle" in result.stderr
        assert "Peter Sulik" in people(db_path) and "Petr Sulik" not in people(db_path)


def test_a_decision_that_closes_a_circle_is_refused(archive):
    db_path, _ = archive
    assert run("merge", "person", "Tomasz Nowak", "Peter Sulik", "--db", db_path).exit_code == 0
    path = db_path.parent / "curation.yml"
    before = path.read_text(encoding="utf-8")
    result = run("merge", "person", "Peter Sulik", "Tomasz Nowak", "--db", db_path)
    assert result.exit_code == Exit.REJECTED
    assert result.stderr.startswith("Error: refused: person merges and aliases lead in a circle (")
    assert path.read_text(encoding="utf-8") == before


def test_a_blank_name_from_the_command_line_is_refused(archive):
    db_path, _ = archive
    result = run("rename", "person", "Peter Sulik", "   ", "--db", db_path)
    assert result.exit_code == Exit.REJECTED
    assert result.stderr == "Error: 'to' is blank\n"
    assert "Peter Sulik" in people(db_path)


def test_the_file_is_replaced_whole_and_the_previous_version_kept(archive):
    db_path, _ = archive
    path = db_path.parent / "curation.yml"
    assert run("rename", "person", "Peter Sulik", "Petr Sulik", "--db", db_path).exit_code == 0
    first = path.read_text(encoding="utf-8")
    assert not curation.backup_path(path).exists()
    assert run("rename", "person", "Ana Kovac", "Ana Kovač", "--db", db_path).exit_code == 0
    assert curation.backup_path(path).read_text(encoding="utf-8") == first
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["renames"]["person"][1] == {
        "from": "Ana Kovac", "to": "Ana Kovač"}
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []  # no temporary files


def test_a_crash_while_writing_leaves_file_and_archive_as_they_were(archive, monkeypatch):
    db_path, _ = archive
    path = db_path.parent / "curation.yml"
    assert run("rename", "person", "Peter Sulik", "Petr Sulik", "--db", db_path).exit_code == 0
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    result = run("rename", "person", "Ana Kovac", "Ana Kovač", "--db", db_path)
    assert result.exit_code == Exit.REJECTED
    assert result.stderr == f"Error: cannot write {path} (No space left on device); it is unchanged\n"
    assert path.read_bytes() == before
    assert "Ana Kovac" in people(db_path) and "Ana Kovač" not in people(db_path)
    assert sorted(p.name for p in path.parent.iterdir() if p.name.startswith(".")) == []


def test_bare_reject_keys_are_read_as_entries():
    assert curation.FileSchema.model_validate({"rejects": {"meeting": ["a.txt@1-2"]}}).model_dump(
        by_alias=True, exclude_none=True) == {"rejects": {"meeting": [{"key": "a.txt@1-2"}]}}


def test_reading_a_missing_file_gives_no_decisions(tmp_path):
    assert curation.read(tmp_path / "absent.yml") == {}
    assert curation.read(Path(os.devnull).parent / "no-such-folder" / "c.yml") == {}
