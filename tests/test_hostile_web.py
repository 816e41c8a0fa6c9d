"""Hostile requests and stored data against the Datasette pages: no 500, no script links, no paths."""
from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from archive import limits, publish
from archive.cli import cli
from archive.publish import links, search

REPO = Path(__file__).resolve().parents[1]
SCRIPT_LINK = re.compile(r"""(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):""", re.IGNORECASE)
METADATA = yaml.safe_load((REPO / "metadata.yml").read_text(encoding="utf-8"))
BODY = ("German Foreign Minister Karl Brandt met French Foreign Minister Claire Moreau in Paris on Monday. "
        "Brandt said the talks had been useful.")
URLS = {
    "script.txt": "javascript:alert(document.domain)",
    "upper.txt": "JavaScript:alert(1)",
    "spaced.txt": " javascript:alert(1)",
    "data.txt": "data:text/html,<script>alert(1)</script>",
    "plain.txt": "https://news.example.org/2023/talks",
}


@pytest.fixture(scope="module")
def archive_db(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile-web")
    src = folder / "in"
    src.mkdir()
    for name, url in URLS.items():
        (src / name).write_text(f"---\ntitle: {name}\nurl: '{url}'\n---\n{BODY}\n", encoding="utf-8")
    (src / "feed.jsonl").write_text(json.dumps({"title": "feed", "url": "javascript:alert(2)", "body": BODY}) + "\n",
                                    encoding="utf-8")
    db_path = folder / "archive.db"
    result = CliRunner().invoke(cli, ["load", str(src), "--db", str(db_path), "--silent"])
    assert result.exit_code == 0, result.output
    return db_path


@pytest.fixture(scope="module")
def ds(archive_db):
    from datasette.app import Datasette

    datasette = Datasette([str(archive_db)], metadata=METADATA, settings=publish.settings())
    asyncio.run(datasette.invoke_startup())
    return datasette


def get(ds, path: str):
    return asyncio.run(ds.client.get(path))


def article_ids(ds) -> dict[str, int]:
    rows = get(ds, "/archive.json?sql=select+name,id+from+articles&_shape=array").json()
    return {r["name"]: r["id"] for r in rows}


def test_only_http_addresses_become_the_original_link(ds):
    ids = article_ids(ds)
    for name in ("script.txt", "upper.txt", "spaced.txt", "data.txt", "feed.jsonl#1"):
        html = get(ds, f"/-/article/{ids[name]}").text
        assert "original</a>" not in html, name
        assert not SCRIPT_LINK.search(html), name
    html = get(ds, f"/-/article/{ids['plain.txt']}").text
    assert '<a href="https://news.example.org/2023/talks" rel="noreferrer">original</a>' in html


@pytest.mark.parametrize("value, linked", [
    ("https://example.org/a?b=1", "https://example.org/a?b=1"),
    ("http://example.org", "http://example.org"),
    ("javascript:alert(1)", None), ("JAVASCRIPT://example.org/%0aalert(1)", None),
    ("data:text/html,x", None), ("vbscript:msgbox(1)", None), ("//example.org/x", None),
    ("/relative/path", None), ("https:///no-host", None), ("http://[::1", None), (None, None), (42, None),
])
def test_external_links(value, linked):
    assert links.external(value) == linked


def test_integer_parameters_are_row_ids_only():
    assert links.integer("42") == 42
    assert links.integer(str(2**63 - 1)) == 2**63 - 1
    for value in (str(2**63), "9" * 4400, "0", "-1", "+1", "1e3", "1.0", "٣", "", None):
        assert links.integer(value) is None, value


HOSTILE_PATHS = {
    "/-/article/99999999999999999999999": 404,
    "/-/article/" + "9" * 4400: 404,
    "/-/article/0": 404,
    "/-/timeline?person=99999999999999999999": 400,
    "/-/timeline?person=-1": 400,
    "/-/timeline?person=1e3": 400,
    "/-/timeline?person=999999": 404,
    "/-/timeline?country=ZZ": 404,
    "/-/timeline?country=%00": 400,
    "/-/timeline?person=&country=": 200,
    "/-/meets?country=R%C3%9C": 400,
    "/-/meets?country=xx1": 400,
    "/-/search?q=%22": 400,
    "/-/search?q=%22%22%22%22": 400,
    "/-/search?q=" + "a" * (limits.MAX_SEARCH_CHARS + 1): 400,
    "/-/search?q=NEAR(a+b)+OR+*": 200,
    "/-/search?q=%22Brandt+said%22+talks%22": 200,
    "/-/search?q=%00%01": 400,
    "/-/find?speaker=%00": 302,
    "/archive/search_statements?q=%22": 400,
    "/archive?sql=insert+into+articles+(name)+values+(1)": 400,
    "/archive?sql=attach+database+'/tmp/x.db'+as+x": 400,
    "/archive?sql=select+load_extension('x')": 400,
    "/archive?sql=pragma+writable_schema=1": 400,
    "/no/such/page": 404,
}


@pytest.mark.parametrize("path, status", HOSTILE_PATHS.items())
def test_hostile_requests_get_a_4xx_never_a_500(ds, path, status):
    assert get(ds, path).status_code == status


def test_a_query_that_is_only_quotes_is_refused_with_a_message(ds):
    response = get(ds, "/-/search?q=%22")
    assert response.status_code == 400
    assert "Nothing to search for: the query has no words." in response.text


@pytest.mark.parametrize("q, query", [
    ('"', None), ("  ", None), ('""', None), ("\x00", None),
    ("talks", '"talks"'), ('"Brandt said" talks', '"Brandt said" "talks"'),
    ('Brandt "said', '"Brandt" "said"'), ("NEAR(a b) OR x*", '"NEAR(a" "b)" "OR" "x*"'),
])
def test_fts_query_quotes_every_term(q, query):
    assert search.fts_query(q) == query


def asgi_status(ds, method: str, path: str) -> int:
    """The status of a request sent as is, without the client normalising its path; a redirect
    within the site is followed."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "http_version": "1.1", "method": method, "scheme": "http", "path": path,
             "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": [(b"host", b"localhost")],
             "client": ("127.0.0.1", 5000), "server": ("localhost", 80)}
    asyncio.run(ds.app()(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    location = dict(start["headers"]).get(b"Location", b"").decode()
    if start["status"] == 302 and location.startswith("/") and not location.startswith("//"):
        return asgi_status(ds, method, location)
    return start["status"]


@pytest.mark.parametrize("method, path", [
    ("GET", "/-/article/../../etc/passwd"), ("GET", "/-/article/%2e%2e/%2e%2e/etc/passwd"),
    ("POST", "/archive/articles/-/insert"), ("POST", "/archive/articles/1/-/delete"),
    ("POST", "/archive/-/create"), ("DELETE", "/archive/articles/1"),
])
def test_odd_paths_and_writes_are_refused_with_an_error_page(ds, method, path):
    assert asgi_status(ds, method, path) in (403, 404, 405)


def test_a_bug_in_a_page_is_a_500_that_shows_no_internals(ds, monkeypatch, capsys):
    from archive.publish import timeline

    async def broken(*args, **kwargs):
        raise RuntimeError("secret detail at /srv/archive")

    monkeypatch.setattr(timeline, "context", broken)
    response = get(ds, "/-/timeline")
    assert response.status_code == 500
    assert "Internal error: the details are in the server log." in response.text
    assert "secret detail" not in response.text
    assert "RuntimeError: secret detail at /srv/archive" in capsys.readouterr().err


def test_a_slow_query_is_a_400_that_says_so(ds, monkeypatch):
    from datasette.database import QueryInterrupted

    async def slow(*args, **kwargs):
        raise QueryInterrupted(None, "select 1", {})

    monkeypatch.setattr(search, "context", slow)
    response = get(ds, "/-/search?q=talks")
    assert response.status_code == 400
    assert f"The query took longer than the limit of {limits.SQL_TIME_LIMIT_MS} ms." in response.text


@pytest.mark.parametrize("path", ["/-/databases.json", "/-/databases", "/-/versions.json", "/-/settings.json",
                                  "/-/plugins.json", "/-/metadata.json", "/archive.json", "/.json", "/-/threads.json"])
def test_no_server_path_is_served(ds, archive_db, path):
    response = get(ds, path)
    assert response.status_code == 200
    assert str(archive_db.parent) not in response.text
    assert "site-packages" not in response.text


def test_databases_lists_names_without_paths(ds):
    [archive] = [d for d in get(ds, "/-/databases.json").json() if d["name"] == "archive"]
    assert archive == {"name": "archive", "route": "archive", "is_mutable": True, "is_memory": False,
                       "hash": None}


def test_serve_sets_the_time_limit_and_row_limit(ds):
    args = publish.serve_args("archive.db")
    assert args[args.index("sql_time_limit_ms") - 1:][:3] == ["--setting", "sql_time_limit_ms", "2000"]
    assert args[args.index("max_returned_rows") - 1:][:3] == ["--setting", "max_returned_rows", "1000"]
    settings = get(ds, "/-/settings.json").json()
    assert (settings["sql_time_limit_ms"], settings["max_returned_rows"]) == (2000, 1000)


def test_datasette_table_and_row_pages_do_not_link_script_addresses(ds):
    ids = article_ids(ds)
    for path in ("/archive/articles", f"/archive/articles/{ids['script.txt']}", f"/archive/articles/{ids['data.txt']}"):
        assert not SCRIPT_LINK.search(get(ds, path).text), path
