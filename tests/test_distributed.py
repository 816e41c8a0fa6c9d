"""Extraction on a Dask cluster, in shards of JSON Lines, stored by `archive load --extractions`."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import extractions, store
from archive.cli import cli
from test_parallel import dump

distributed = pytest.importorskip("dask.distributed")

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture
def folder(tmp_path) -> Path:
    """Three articles (the seed, and two corpus ones when the corpus is there) and an empty file."""
    folder = tmp_path / "in"
    shutil.copytree(REPO / "seeds", folder)
    sources = sorted((CORPUS / "readouts").glob("*.txt"))[:2] if CORPUS.exists() else []
    for n, path in enumerate(sources or [REPO / "seeds" / "000_78fdf2874cc691ce.txt"] * 2):
        shutil.copy(path, folder / f"{n}_{path.name}")
    (folder / "zz_empty.txt").write_text("", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        yield cluster


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_shards_from_a_cluster_load_the_same_archive_as_a_direct_load(folder, tmp_path, cluster, monkeypatch):
    monkeypatch.setattr(store, "now", lambda: "2026-01-01T00:00:00+00:00")
    out = tmp_path / "extractions"
    result = run("extract", folder, "--jsonl", out, "--scheduler", cluster.scheduler_address,
                 "--shard-files", 2, "--silent")
    assert result.exit_code == 1
    assert result.stdout == f"3 articles extracted into 2 shards in {out}\n"
    assert result.stderr == f"error: {folder / 'zz_empty.txt'}: empty article\n"
    assert [p.name for p in extractions.files(out)] == ["part-00000.jsonl", "part-00001.jsonl"]
    first = [json.loads(line) for line in (out / "part-00000.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["article"]["name"] for r in first] == sorted(p.name for p in folder.iterdir())[:2]
    assert all(set(r) == {"article", "extraction"} for r in first)

    stored = run("load", "--extractions", out, "--db", tmp_path / "stored.db", "--silent")
    assert stored.stdout == "3 added, 0 replaced, 0 unchanged, 1 failed\n"
    assert stored.stderr == f"error: {folder / 'zz_empty.txt'}: empty article\n"
    direct = run("load", folder, "--db", tmp_path / "direct.db", "--silent", "--jobs", 1)
    assert direct.stdout == stored.stdout
    assert dump(tmp_path / "stored.db") == dump(tmp_path / "direct.db")

    again = run("load", "--extractions", out, "--db", tmp_path / "stored.db", "--silent")
    assert again.stdout == "0 added, 0 replaced, 3 unchanged, 1 failed\n"


def test_a_line_that_is_not_an_extraction_is_one_error_and_the_rest_loads(tmp_path, folder, cluster):
    out = tmp_path / "extractions"
    run("extract", folder, "--jsonl", out, "--scheduler", cluster.scheduler_address, "--silent")
    part = out / "part-00000.jsonl"
    lines = part.read_text(encoding="utf-8").splitlines()
    part.write_text("\n".join([lines[0], "[1, 2]", '{"article": {"name": "x"}}', *lines[1:]]) + "\n",
                    encoding="utf-8")
    result = run("load", "--extractions", out, "--db", tmp_path / "archive.db", "--silent")
    assert result.exit_code == 1
    assert result.stdout == "3 added, 0 replaced, 0 unchanged, 3 failed\n"
    assert result.stderr.splitlines() == [
        f"error: {part} line 2: not an extraction record ('list' object has no attribute 'get')",
        f"error: {part} line 3: not an extraction record (Article.__init__() missing 2 required positional "
        f"arguments: 'path' and 'body')",
        f"error: {folder / 'zz_empty.txt'}: empty article",
    ]


def test_extractions_and_article_files_are_not_loaded_together(tmp_path, folder):
    (tmp_path / "x").mkdir()
    result = run("load", folder, "--extractions", tmp_path / "x", "--db", tmp_path / "archive.db")
    assert result.exit_code == 2
    assert "give article files or --extractions, not both" in result.output
