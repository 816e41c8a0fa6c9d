"""Shared fixtures: the demo archive built from seeds/ through the command line."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def seed_archive(tmp_path_factory) -> Path:
    """``archive load seeds --db .../archive.db``, once per test session.

    The file is named archive.db because Datasette names a database after its
    file and metadata.yml describes the database "archive".
    """
    db_path = tmp_path_factory.mktemp("seed") / "archive.db"
    subprocess.run([sys.executable, "-m", "archive.cli", "load", str(REPO / "seeds"),
                    "--db", str(db_path), "--silent"], check=True, cwd=REPO, capture_output=True)
    return db_path
