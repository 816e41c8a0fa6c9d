"""The command line: help texts, load, extract and their error handling."""
import json
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from archive.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"

GOOD = """---
title: Envoys meet in Oslo
published: 2023-04-12
---
Finnish Foreign Minister Aino Virtanen met Estonian Foreign Minister Mart Tamm in Oslo on Tuesday.
Virtanen said the two governments would open a joint consulate next year.
"""


def all_commands(group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if hasattr(command, "commands"):
            yield from all_commands(command, prefix + (name,))


def test_commands_have_help():
    for path, command in all_commands(cli):
        assert command.help, f"{' '.join(path)} has no help text"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{' '.join(path)} {param.name} has no help text"


def test_load_seed_article(tmp_path):
    db_path = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["load", str(SEEDS), "--db", str(db_path), "--silent"])
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 1
    assert db["statements"].count >= 8


def test_bad_file_among_good_ones(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "bad.txt").write_bytes(b"\xff\xfe\x00broken")
    (src / "empty.md").write_text("   \n", encoding="utf-8")
    db_path = tmp_path / "a.db"
    result = CliRunner().invoke(cli, ["load", str(src), "--db", str(db_path), "--silent"])
    assert result.exit_code == 1
    assert "bad.txt" in result.output and "empty.md" in result.output
    db = sqlite_utils.Database(db_path)
    assert [r["name"] for r in db["articles"].rows] == ["good.txt"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_loading_twice_changes_nothing(tmp_path):
    db_path = tmp_path / "a.db"
    runner = CliRunner()
    runner.invoke(cli, ["load", str(SEEDS), "--db", str(db_path), "--silent"])
    db = sqlite_utils.Database(db_path)
    tables = ["articles", "people", "person_aliases", "places", "meetings", "statements", "mentions"]
    before = {t: list(db[t].rows) for t in tables}
    result = runner.invoke(cli, ["load", str(SEEDS), "--db", str(db_path), "--silent"])
    assert result.exit_code == 0
    assert "1 unchanged" in result.output
    assert {t: list(db[t].rows) for t in tables} == before


def test_changed_article_replaces_its_facts(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    path = src / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    db_path = tmp_path / "a.db"
    runner = CliRunner()
    runner.invoke(cli, ["load", str(src), "--db", str(db_path), "--silent"])
    path.write_text(GOOD.replace("Virtanen said the two governments would open a joint consulate next year.",
                                 ""), encoding="utf-8")
    result = runner.invoke(cli, ["load", str(src), "--db", str(db_path), "--silent"])
    assert "1 replaced" in result.output
    db = sqlite_utils.Database(db_path)
    assert db["articles"].count == 1
    assert db["statements"].count == 0


def test_extract_file_prints_gold_shaped_json(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(GOOD, encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"people", "countries", "meetings", "statements"} <= set(data)
    assert data["published"] == "2023-04-12"
    assert {"EE", "FI"} <= set(data["countries"])
    names = {p["name"] for p in data["people"]}
    assert {"Aino Virtanen", "Mart Tamm"} <= names


def test_extract_folder_writes_one_file_per_article(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "one.txt").write_text(GOOD, encoding="utf-8")
    (src / "two.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["extract", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["one.json", "two.json"]


def test_extract_folder_needs_out(tmp_path):
    result = CliRunner().invoke(cli, ["extract", str(tmp_path)])
    assert result.exit_code != 0
    assert "--out" in result.output


@pytest.mark.skipif(not (ROOT.parent / "shared" / "gold" / "dev").exists(), reason="../shared/gold/dev absent")
def test_evaluate_dev_set_runs():
    result = CliRunner().invoke(cli, ["evaluate", str(ROOT.parent / "shared" / "gold" / "dev"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["countries"]["f1"] >= 0.9
    assert report["statements"]["f1"] >= 0.8
