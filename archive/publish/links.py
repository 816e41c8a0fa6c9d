"""Where things are: the archive database and URLs of its pages, rows and filtered tables."""
from __future__ import annotations

import re
from urllib.parse import urlencode

PLUGIN = "archive"  # the entry point's name: static files are under /-/static-plugins/archive/
ISO2 = re.compile(r"^[A-Z]{2}$")


def database(datasette):
    """The archive database: the one named ``archive``, else the first one served."""
    return datasette.get_database("archive" if "archive" in datasette.databases else None)


async def is_archive(datasette) -> bool:
    """True if the database served looks like an archive (Datasette may serve anything)."""
    try:
        db = database(datasette)
    except IndexError:  # no database at all
        return False
    return await db.table_exists("articles")


def db_name(datasette) -> str:
    return database(datasette).name


def static(datasette, path: str) -> str:
    return datasette.urls.static_plugins(PLUGIN, path)


def page(datasette, path: str, pairs=(), **params) -> str:
    """A plugin page such as ``/-/timeline``, with query parameters (None values left out).

    ``pairs`` (key, value) come first and may repeat a key (``country=CN&country=US``).
    """
    return _with_params(datasette.urls.path(path), [*pairs, *params.items()])


def article(datasette, article_id, anchor: str | None = None) -> str:
    """The article read in context, optionally scrolled to ``#statement-N`` / ``#meeting-N``."""
    url = datasette.urls.path(f"/-/article/{int(article_id)}")
    return f"{url}#{anchor}" if anchor else url


def row(datasette, table: str, pk) -> str:
    from datasette.utils import tilde_encode

    return datasette.urls.row(db_name(datasette), table, tilde_encode(str(pk)))


def table(datasette, table_name: str, params=None) -> str:
    """A table or view page; ``params`` is a dict or a list of pairs (``_where`` may repeat)."""
    return _with_params(datasette.urls.table(db_name(datasette), table_name), params or {})


def query(datasette, name: str, **params) -> str:
    return _with_params(datasette.urls.query(db_name(datasette), name), params)


def find(datasette, kind: str, name: str) -> str:
    """A link that resolves a name shown in a view (speaker, chair, place) to its row."""
    return page(datasette, "/-/find", **{kind: name})


def is_web_url(value) -> bool:
    """True for an http(s) address: the only kind a page turns into a link (no javascript:, data:, ...)."""
    return isinstance(value, str) and value.strip().lower().startswith(("http://", "https://"))


def iso2(value) -> str | None:
    """An upper-case ISO alpha-2 code, or None when ``value`` is not one."""
    code = (value or "").strip().upper()
    return code if ISO2.match(code) else None


def integer(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def with_args(request, **changes) -> str:
    """The request's own path and query string, with some arguments set."""
    pairs = [(k, v) for k in request.args if k not in changes for v in request.args.getlist(k)]
    return _with_params(request.path, pairs + list(changes.items()))


def _with_params(url: str, params) -> str:
    pairs = params.items() if isinstance(params, dict) else params
    pairs = [(k, v) for k, v in pairs if v is not None and v != ""]
    return f"{url}?{urlencode(pairs)}" if pairs else url
