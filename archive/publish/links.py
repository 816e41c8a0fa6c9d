"""Where things are: the archive database and URLs of its pages, rows and filtered tables."""
from __future__ import annotations

import re
from urllib.parse import urlencode, urlparse

PLUGIN = "archive"  # the entry point's name: static files are under /-/static-plugins/archive/
ISO2 = re.compile(r"^[A-Z]{2}$")
# Row ids are SQLite integers: 1 to 2**63 - 1, at most 19 digits.
ROW_ID = re.compile(r"^[0-9]{1,19}$")
MAX_ROW_ID = 2**63 - 1
# The only schemes an article's own address may link to; "javascript:" and "data:" never.
LINKABLE_SCHEMES = ("http", "https")


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


async def exists(datasette, table: str, column: str, value) -> bool:
    """True if a row of ``table`` has ``value`` in ``column`` (both names are the caller's, not a user's)."""
    row = (await database(datasette).execute(f"select 1 from [{table}] where [{column}] = ? limit 1",
                                             [value])).first()
    return row is not None


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
    """``datasette.urls.row``, the table's path built once (pages link hundreds of rows)."""
    from datasette.utils import PrefixedUrlString, tilde_encode

    paths = datasette.__dict__.setdefault("_archive_table_paths", {})
    key = (db_name(datasette), table)
    if key not in paths:
        paths[key] = datasette.urls.table(*key)
    return PrefixedUrlString(f"{paths[key]}/{tilde_encode(str(pk))}")


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
    """A row id (1 to 2**63 - 1) from text, or None for anything else."""
    text = str(value).strip() if value is not None else ""
    if not ROW_ID.match(text) or not 0 < int(text) <= MAX_ROW_ID:
        return None
    return int(text)


def external(url) -> str | None:
    """``url`` if it is an http(s) address with a host, safe to render as a link; else None."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlparse(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in LINKABLE_SCHEMES and parts.netloc else None


def with_args(request, **changes) -> str:
    """The request's own path and query string, with some arguments set."""
    pairs = [(k, v) for k in request.args if k not in changes for v in request.args.getlist(k)]
    return _with_params(request.path, pairs + list(changes.items()))


def _with_params(url: str, params) -> str:
    pairs = params.items() if isinstance(params, dict) else params
    pairs = [(k, v) for k, v in pairs if v is not None and v != ""]
    return f"{url}?{urlencode(pairs)}" if pairs else url
