"""The Datasette plugin (archive/publish) in-process: pages, cell links, highlighting, offline assets."""
from __future__ import annotations

import asyncio
import re
import sqlite3
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from archive.publish import highlight, search
from archive.publish.highlight import Span

REPO = Path(__file__).resolve().parents[1]
METADATA = yaml.safe_load((REPO / "metadata.yml").read_text(encoding="utf-8"))
QUOTE = "These contacts spurred international recognition of the new government in Afghanistan."


# Fixtures -------------------------------------------------------------------

@pytest.fixture(scope="module")
def db(seed_archive):
    conn = sqlite3.connect(seed_archive)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


def get(ds, path: str, status: int = 200):
    response = asyncio.run(ds.client.get(path))
    assert response.status_code == status, (path, response.text[:2000])
    return response


def one(db, sql: str, params=()):
    return db.execute(sql, params).fetchone()


@pytest.fixture(scope="module")
def lavrov(db) -> int:
    return one(db, "select id from people where name = 'Sergey Lavrov'")["id"]


@pytest.fixture(scope="module")
def quote(db):
    """The seed article's statement about recognition."""
    return one(db, "select * from statements where text like '%international recognition%'")


# The plugin -----------------------------------------------------------------

def test_plugin_serves_its_templates_and_static_files(ds):
    plugins = {p["name"]: p for p in get(ds, "/-/plugins.json").json()}
    assert plugins["archive"]["templates"] and plugins["archive"]["static"]
    assert "datasette-cluster-map" in plugins
    css = get(ds, "/-/static-plugins/archive/archive.css")
    assert "mark.ent-person" in css.text


def test_index_explains_counts_and_links(ds, db):
    html = get(ds, "/").text
    assert "Every statement and meeting links back to the sentence it came from" in html
    statements = one(db, "select count(*) from statements_view")[0]
    assert f"<strong>{statements}</strong><span>statements</span>" in html
    for query in METADATA["databases"]["archive"]["queries"]:
        assert f'href="/archive/{query}"' in html, query
    for table in ("statement_rows", "meeting_rows", "people", "articles"):
        assert f'href="/archive/{table}"' in html, table
    assert 'action="/-/search"' in html
    assert 'href="/-/timeline"' in html and 'href="/-/meets"' in html


def test_another_database_is_served_as_plain_datasette(tmp_path):
    from datasette.app import Datasette

    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("create table people (id integer primary key, name text)").connection.commit()
    datasette = Datasette([str(other)])
    asyncio.run(datasette.invoke_startup())
    assert 'href="/other"' in get(datasette, "/").text
    get(datasette, "/other/people")
    get(datasette, "/-/timeline", status=404)


# Evidence in context ----------------------------------------------------------

def test_article_page_highlights_stored_offsets(ds, db, quote):
    html = get(ds, f"/-/article/{quote['article_id']}").text
    assert f'id="statement-{quote["id"]}"' in html
    assert QUOTE in article_text(html)
    mentions = db.execute("select * from mentions where article_id = ?", [quote["article_id"]]).fetchall()
    assert html.count('<mark class="ent ent-') >= len(mentions) > 0
    person = one(db, "select * from mentions where entity_type = 'person' and surface = 'Sergey Lavrov'")
    assert (f'<mark class="ent ent-person" title="person: Sergey Lavrov">Sergey Lavrov'
            f'<span class="ent-label"><a href="/archive/people/{person["entity_id"]}">person</a>') in html
    for meeting in db.execute("select id from meetings_view where article_id = ?", [quote["article_id"]]):
        assert f'id="meeting-{meeting["id"]}"' in html


def test_article_page_shows_the_whole_body_once(ds, db):
    body = one(db, "select body from articles where id = 1")["body"]
    assert article_text(get(ds, "/-/article/1").text) == body


def test_unknown_article_is_404(ds):
    get(ds, "/-/article/999999", status=404)


def test_statement_and_meeting_rows_link_to_their_sentence(ds, db, quote):
    anchor = f'/-/article/{quote["article_id"]}#statement-{quote["id"]}'
    for path in ("/archive/statements_view", "/archive/statements",
                 f"/archive/statements_view?speaker=Sergey+Lavrov"):
        assert anchor in get(ds, path).text, path
    meeting = one(db, "select id, article_id from meetings_view limit 1")
    meeting_anchor = f'/-/article/{meeting["article_id"]}#meeting-{meeting["id"]}'
    for path in ("/archive/meetings_view", "/archive/meetings"):
        assert meeting_anchor in get(ds, path).text, path


def test_views_link_names_to_their_rows(ds, lavrov):
    html = get(ds, "/archive/statements_view?speaker=Sergey+Lavrov").text
    assert f'<a href="/archive/people/{lavrov}">Sergey Lavrov</a>' in html
    # meetings_view has names only: /-/find resolves them.
    assert 'href="/-/find?person=Wang+Yi"' in get(ds, "/archive/meetings_view").text
    redirect = asyncio.run(ds.client.get("/-/find?speaker=Sergey+Lavrov"))
    assert redirect.status_code == 302
    assert redirect.headers["location"] == f"/archive/people/{lavrov}"
    unknown = asyncio.run(ds.client.get("/-/find?speaker=Nobody+Known"))
    assert unknown.headers["location"] == "/archive/statement_rows?speaker=Nobody+Known"


def test_person_page_lists_statements_and_meetings(ds, db, lavrov):
    html = get(ds, f"/archive/people/{lavrov}").text
    statements = one(db, "select count(*) from statements_view where speaker_id = ?", [lavrov])[0]
    assert statements == 7
    assert f'Statements <span class="meta">({statements})</span>' in html
    assert QUOTE in html
    assert 'Meetings <span class="meta">(1)</span>' in html
    assert f'href="/-/timeline?person={lavrov}"' in html


def test_country_page_links_to_its_meetings_and_partners(ds):
    html = get(ds, "/archive/countries/CN").text
    assert 'Meetings <span class="meta">(2)</span>' in html
    assert 'href="/-/meets?country=CN"' in html and 'href="/-/map?country=CN"' in html


# Search -----------------------------------------------------------------------

def test_search_page_ranks_statements_and_articles_with_highlighted_snippets(ds, quote):
    html = get(ds, "/-/search?q=recognition").text
    assert '<mark class="match">recognition</mark>' in html
    assert f'href="/-/article/{quote["article_id"]}#statement-{quote["id"]}"' in html
    assert "Sergey Lavrov" in html
    assert 'class="search-results article-results"' in html
    assert 'href="/archive/search_statements?q=recognition"' in html


@pytest.mark.parametrize("q", ['"unbalanced', "AND OR NOT", "a*b(c)", "<script>alert(1)</script>", ""])
def test_search_page_survives_any_query(ds, q):
    from urllib.parse import quote as urlquote

    html = get(ds, f"/-/search?q={urlquote(q)}").text
    assert "<script>alert(1)</script>" not in html


def test_canned_search_highlights_matches_and_links_context(ds, quote):
    html = get(ds, "/archive/search_statements?q=recognition").text
    assert '<mark class="match">recognition</mark>' in html
    assert f'/-/article/{quote["article_id"]}#statement-{quote["id"]}' in html


def test_snippet_markers_become_marks_and_text_is_escaped():
    marked = search.marked(f"a <b> {search.OPEN}word{search.CLOSE} & more")
    assert str(marked) == 'a &lt;b&gt; <mark class="match">word</mark> &amp; more'


# Timeline and who meets whom (details in test_timeline.py and test_meets.py) ---------

def test_timeline_of_a_person(ds, lavrov):
    html = get(ds, f"/-/timeline?person={lavrov}").text
    assert "<h1>Timeline of Sergey Lavrov</h1>" in html
    assert '<svg class="timeline-chart"' in html and 'class="bar bar-' in html


def test_timeline_refuses_malformed_filters(ds):
    get(ds, "/-/timeline?country=not-a-code&person=x", status=400)


def test_who_met_china(ds):
    focus = get(ds, "/-/meets?country=CN").text
    assert "<h2>Who met China</h2>" in focus
    assert "Pakistan" in focus


# Offline ----------------------------------------------------------------------

PAGES = ["/", "/-/article/1", "/-/timeline", "/-/meets", "/-/search?q=recognition", "/-/map", "/-/review",
         "/archive", "/archive/statements_view", "/archive/meetings_view?latitude__notblank=1",
         "/archive/archive_meetings", "/archive/people/1", "/archive/meetings/1", "/archive/statements/1",
         "/archive/search_statements?q=recognition", "/archive/places", "/archive/articles"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_load_no_script_or_stylesheet_from_elsewhere(ds, path):
    assets = AssetParser()
    assets.feed(get(ds, path).text)
    assert assets.urls, path
    external = [u for u in assets.urls if re.match(r"^(https?:)?//", u)]
    assert external == [], path


class AssetParser(HTMLParser):
    """Collects the URLs of scripts and stylesheets a page loads."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and "stylesheet" in (attrs.get("rel") or ""):
            self.urls.append(attrs["href"])


# Highlighting -----------------------------------------------------------------

def test_render_nests_entities_inside_facts_and_escapes_text():
    body = "Lavrov said <Russia> & China met."
    html = str(highlight.render(body, [
        Span(0, 6, "person", href="/archive/people/1"),
        Span(0, 20, "statement", anchor="statement-1", tag="S1"),
        Span(13, 19, "country"),
    ]))
    assert html.startswith('<span class="fact fact-statement" id="statement-1" data-fact="statement-1">'
                           '<a class="fact-tag" href="#statement-1">S1</a><mark class="ent ent-person">Lavrov')
    assert "&lt;<mark class=\"ent ent-country\">Russia" in html
    assert "&amp; China met." in html
    assert visible_text(html, skip_classes={"ent-label", "fact-tag"}) == body


def test_render_splits_crossing_spans_and_anchors_the_first_piece():
    body = "one two three four"
    html = str(highlight.render(body, [Span(0, 7, "statement", anchor="statement-1"),
                                       Span(4, 13, "meeting", anchor="meeting-2")]))
    assert html.count('id="meeting-2"') == 1
    assert html.count('data-fact="meeting-2"') == 2
    assert visible_text(html) == body
    assert well_nested(html)


def test_render_drops_offsets_outside_the_body_and_trims_whitespace():
    body = "\n\nThe meeting was held.\n"
    spans = [Span(0, len(body), "meeting", anchor="meeting-1"), Span(5, 500, "person"),
             Span(3, 3, "date"), Span(None, 4, "place")]
    kept, dropped = highlight.valid_spans(body, spans)
    assert dropped == 3
    assert [(s.start, s.end) for s in kept] == [(2, len(body) - 1)]
    assert str(highlight.render(body, spans)).startswith('\n\n<span class="fact fact-meeting"')


# Helpers ----------------------------------------------------------------------

class TextParser(HTMLParser):
    """The text of an HTML fragment, leaving out elements with some classes."""

    VOID = {"br", "hr", "img", "input", "link", "meta"}

    def __init__(self, skip_classes=()):
        super().__init__(convert_charrefs=True)
        self.skip_classes, self.parts, self.skipping = set(skip_classes), [], []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        classes = set((dict(attrs).get("class") or "").split())
        self.skipping.append(bool(classes & self.skip_classes) or bool(self.skipping and self.skipping[-1]))

    def handle_endtag(self, tag):
        self.skipping.pop()

    def handle_data(self, data):
        if not (self.skipping and self.skipping[-1]):
            self.parts.append(data)


def article_text(page: str) -> str:
    """The article body as a reader sees it, without the highlight labels and tags."""
    body = re.search(r'<div class="article-body" id="article-body">(.*?)</div>\s*<aside', page, re.S)
    return visible_text(body.group(1), skip_classes={"ent-label", "fact-tag"})


def visible_text(html: str, skip_classes=()) -> str:
    parser = TextParser(skip_classes)
    parser.feed(html)
    return "".join(parser.parts)


def well_nested(html: str) -> bool:
    stack = []
    for closing, tag in re.findall(r"<(/?)(\w+)", html):
        if closing:
            if not stack or stack.pop() != tag:
                return False
        else:
            stack.append(tag)
    return not stack
