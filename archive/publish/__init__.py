"""Publishing the archive with Datasette, bound to 127.0.0.1 only.

This package is also the ``archive`` Datasette plugin (entry point in setup.cfg):
the hooks live in ``plugin.py`` and are re-exported at the bottom of this file,
so that Datasette finds ``templates/`` and ``static/`` beside it.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from .. import limits

# archive/publish/__init__.py -> the repository top, where metadata.yml lives
# (an editable install runs the package from there).
REPO_TOP = Path(__file__).resolve().parents[2]
METADATA_PATH = REPO_TOP / "metadata.yml"
DATABASE = "archive"  # the database name metadata.yml describes


def find_metadata(metadata_path=None) -> Path | None:
    """The metadata file to use: the one given, else the repository's, else none."""
    if metadata_path:
        return Path(metadata_path)
    return METADATA_PATH if METADATA_PATH.exists() else None


def settings() -> dict:
    """The Datasette settings of ``archive serve`` (see archive.limits)."""
    # No suggested facets: on a million rows, trying every column costs more than the page.
    return {"sql_time_limit_ms": limits.SQL_TIME_LIMIT_MS, "max_returned_rows": limits.MAX_RETURNED_ROWS,
            "suggest_facets": False}


def serve_args(db_path, port: int = 8001, metadata_path=None) -> list[str]:
    """The ``datasette serve`` command line for the archive."""
    args = [sys.executable, "-m", "datasette", "serve", str(db_path),
            "--host", "127.0.0.1", "--port", str(port)]
    for name, value in settings().items():
        args += ["--setting", name, str(value)]
    metadata = find_metadata(metadata_path)
    if metadata is not None:
        args += ["--metadata", str(metadata)]
    return args


def serve(db_path, port: int = 8001, metadata_path=None) -> None:
    """Replace this process with Datasette serving ``db_path`` on 127.0.0.1:``port``."""
    if Path(db_path).stem != DATABASE and not metadata_path:
        # Datasette names a database after its file; metadata.yml describes "archive".
        print(f"warning: {db_path} is served as /{Path(db_path).stem}; titles, facets and canned "
              f"queries of metadata.yml apply to a file named {DATABASE}.db", file=sys.stderr)
    args = serve_args(db_path, port, metadata_path)
    os.execv(args[0], args)


# The Datasette plugin's hooks (see plugin.py).
from .plugin import (  # noqa: E402,F401
    asgi_wrapper, extra_css_urls, extra_template_vars, handle_exception, register_routes, render_cell, startup,
)
