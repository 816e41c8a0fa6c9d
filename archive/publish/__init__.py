"""Publishing the archive with Datasette, bound to 127.0.0.1 only."""
from __future__ import annotations

import os
import sys
from pathlib import Path

# archive/publish/__init__.py -> the repository top, where metadata.yml lives
# (an editable install runs the package from there).
REPO_TOP = Path(__file__).resolve().parents[2]
METADATA_PATH = REPO_TOP / "metadata.yml"


def find_metadata(metadata_path=None) -> Path | None:
    """The metadata file to use: the one given, else the repository's, else none."""
    if metadata_path:
        return Path(metadata_path)
    return METADATA_PATH if METADATA_PATH.exists() else None


def serve_args(db_path, port: int = 8001, metadata_path=None) -> list[str]:
    """The ``datasette serve`` command line for the archive."""
    args = [sys.executable, "-m", "datasette", "serve", str(db_path),
            "--host", "127.0.0.1", "--port", str(port)]
    metadata = find_metadata(metadata_path)
    if metadata is not None:
        args += ["--metadata", str(metadata)]
    return args


def serve(db_path, port: int = 8001, metadata_path=None) -> None:
    """Replace this process with Datasette serving ``db_path`` on 127.0.0.1:``port``."""
    args = serve_args(db_path, port, metadata_path)
    os.execv(args[0], args)
