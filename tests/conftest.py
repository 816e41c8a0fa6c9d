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


@pytest.fixture(scope="session")
def pages_archive(tmp_path_factory) -> Path:
    """The invented archive of tests/pages_archive.py, written row by row."""
    import pages_archive

    db_path = tmp_path_factory.mktemp("pages") / "archive.db"
    pages_archive.build(db_path)
    return db_path


def _datasette(db_path):
    """Datasette with the archive's metadata and plugin, in process."""
    import asyncio

    import yaml
    from datasette.app import Datasette

    metadata = yaml.safe_load((REPO / "metadata.yml").read_text(encoding="utf-8"))
    datasette = Datasette([str(db_path)], metadata=metadata)
    asyncio.run(datasette.invoke_startup())
    return datasette


@pytest.fixture(scope="session")
def pages_ds(pages_archive):
    """The invented archive in Datasette."""
    return _datasette(pages_archive)


@pytest.fixture(scope="session")
def ds(seed_archive):
    """The demo archive of seeds/ in Datasette."""
    return _datasette(seed_archive)


@pytest.fixture(scope="session")
def fetch():
    """fetch(ds, path, status=200): the response, after checking its status."""
    import asyncio

    def get(ds, path: str, status: int = 200):
        response = asyncio.run(ds.client.get(path))
        assert response.status_code == status, (path, response.text[:2000])
        return response

    return get
