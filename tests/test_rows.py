"""Row and table pages: names for titles, labels for ids, lists for JSON, internal columns hidden,
evidence and related records on every person, country, meeting and statement; the index and /-/review."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def h1(html: str) -> str:
    return re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)).strip()


@pytest.mark.parametrize("path, name", [
    ("/archive/people/1", "Ingrid Halvorsen"),
    ("/archive/countries/CL", "Chile"),
    ("/archive/places/3", "Karura Lodge"),
    ("/archive/organisations/1", "Norwegian Foreign Ministry"),
    ("/archive/articles/2", "Six leaders meet in Lima"),
    ("/archive/meetings/2", "Summit in Lima, 2021-06-09"),
    ("/archive/meetings/5", "Meeting in Tokyo, 2023-01-15"),
    ("/archive/statements/6", "Statement by Keiko Tanabe, 2023-01-15"),
    ("/archive/statements/5", "Statement by A spokesperson"),
])
def test_row_pages_are_titled_by_name(pages_ds, fetch, path, name):
    html = fetch(pages_ds, path).text
    assert h1(html) == title(html) == name


def test_other_rows_keep_datasettes_title(pages_ds, fetch):
    assert h1(fetch(pages_ds, "/archive/person_aliases/1,Halvorsen").text) == "person_aliases: 1, Halvorsen"


def test_internal_columns_are_hidden_until_asked_for(pages_ds, fetch):
    html = fetch(pages_ds, "/archive/people/1").text
    assert 'data-column="name_norm"' not in html and 'data-column="country"' in html
    assert ('Internal columns not shown: name_norm, surname_norm '
            '(<a href="/archive/people/1?_internal=1">show</a>)') in html
    assert 'data-column="name_norm"' in fetch(pages_ds, "/archive/people/1?_internal=1").text
    assert 'data-column="surname_norm"' not in fetch(pages_ds, "/archive/people?country=NO").text


def test_a_foreign_key_shows_its_label_on_row_and_table_pages(pages_ds, fetch):
    person = fetch(pages_ds, "/archive/people/1").text
    assert '<td class="col-country type-str"><a href="/archive/countries/NO" title="countries NO">Norway</a></td>' in person
    meeting = fetch(pages_ds, "/archive/meetings/1").text
    assert '<a href="/archive/places/1" title="places 1">Oslo</a>' in meeting
    assert '<a href="/archive/people/1" title="people 1">Ingrid Halvorsen</a>' in meeting  # chair_id
    assert ('<a class="archive-article" href="/-/article/1#meeting-1" title="Read in the article">'
            'Norway and Chile talk fisheries in Oslo</a>') in meeting  # article_id, not "article 1"
    table = fetch(pages_ds, "/archive/meetings").text
    assert '<a href="/archive/places/2" title="places 2">Lima</a>' in table
    assert "article 1<" not in table


def test_json_arrays_are_lists(pages_ds, fetch):
    person = fetch(pages_ds, "/archive/people/1").text
    assert '<td class="col-roles type-str"><span class="archive-list">Foreign Minister</span></td>' in person
    meeting = fetch(pages_ds, "/archive/archive_meetings?id=2").text
    assert ('<span class="archive-list"><a href="/archive/people/1">Ingrid Halvorsen</a>, '
            '<a href="/archive/people/5">Lucía Paredes</a>, <a href="/archive/people/2">Tomás Riquelme</a></span>'
            ) in meeting
    assert '<a href="/archive/countries/AR" title="AR">Argentina</a>' in meeting
    assert '["' not in meeting


def test_the_articles_table_shows_title_date_source_and_a_snippet(pages_ds, fetch):
    html = fetch(pages_ds, "/archive/articles").text
    columns = re.findall(r'<th [^>]*data-column="(\w+)"', html)
    assert columns == ["id", "title", "published", "source", "body"]
    assert ('<span class="archive-snippet">Foreign Minister Ingrid Halvorsen met Chilean Foreign Minister Tomás '
            'Riquelme in Oslo. Halvorsen said Norway would deepen fisheries cooperation with Chile. Riquelme said '
            'Chile would stay outside NATO planning. The two …</span> <a class="archive-context" '
            'href="/-/article/1">read&nbsp;→</a>') in html
    assert "ministers also held talks." not in html
    # The row page keeps the article's address and licence.
    assert 'data-column="license"' in fetch(pages_ds, "/archive/articles/1").text


MEETINGS_OF = "id in (select meeting_id from meeting_members where kind = '{}' and member = '{}')"


def test_a_person_page_leads_to_evidence_and_related_records(pages_ds, fetch):
    html = fetch(pages_ds, "/archive/people/1").text
    assert 'Foreign Minister · <a href="/archive/countries/NO">Norway</a>' in html
    assert "<dt>Also called</dt><dd>Halvorsen</dd>" in html
    assert '<h2>Statements <span class="meta">(1)</span></h2>' in html
    assert 'href="/-/article/1#statement-1"' in html
    assert '<h2>Meetings <span class="meta">(5)</span></h2>' in html
    url = "/archive/meeting_rows?" + urlencode([("_where", MEETINGS_OF.format("person", "1"))])
    assert f'href="{url}">All 5 meetings as a table' in html
    met = html[html.index("<h2>Met most often"):]
    assert re.findall(r'<li><a href="[^"]+">([^<]+)</a> <span class="meta">(\d) meetings?</span>', met)[:4] == [
        ("Keiko Tanabe", "2"), ("Tomás Riquelme", "2"), ("Amina Wekesa", "1"), ("Lucía Paredes", "1")]
    for page in ("/-/timeline?person=1", "/-/map?person=1", "/-/meets?person=1&amp;view=people"):
        assert f'href="{page}"' in html


def test_a_country_page_leads_to_meetings_partners_people_and_statements(pages_ds, fetch):
    html = fetch(pages_ds, "/archive/countries/NO").text
    assert '<h2>Meetings <span class="meta">(5)</span></h2>' in html
    assert '<h2>Met most often <span class="meta">(7)</span></h2>' in html
    url = "/archive/meeting_rows?" + urlencode([("_where", MEETINGS_OF.format("country", c)) for c in ("NO", "CL")])
    assert f'href="{url.replace("&", "&amp;")}">Chile</a>' in html
    assert "Statements about it or by its people and organisations <span class=\"meta\">(3)</span>" in html
    assert '<a href="/archive/people/1">Ingrid Halvorsen</a> <span class="meta">Foreign Minister</span>' in html


def test_a_meeting_page_shows_its_evidence_people_and_countries(pages_ds, fetch):
    html = fetch(pages_ds, "/archive/meetings/3").text
    assert ("<blockquote>In November 2020 Halvorsen visited Cabinet Secretary Amina Wekesa at Karura Lodge."
            "</blockquote>") in html
    assert '<a class="archive-context" href="/-/article/3#meeting-3">Envoy in Nairobi, in context →</a>' in html
    assert '<a href="/archive/people/4">Amina Wekesa</a>' in html
    assert '<a href="/archive/countries/KE">Kenya</a>' in html
    assert "date of the article" not in html
    assert "dated by its article" in fetch(pages_ds, "/archive/meetings/5").text


def test_a_statement_page_shows_its_speaker_text_and_countries(pages_ds, fetch):
    html = fetch(pages_ds, "/archive/statements/6").text
    assert 'said by <a href="/archive/people/3">Keiko Tanabe</a>' in html
    assert "<blockquote>“Japan and Norway share concerns about sanctions on Russia”</blockquote>" in html
    assert 'href="/-/article/5#statement-6"' in html
    assert '<a href="/archive/countries/RU">Russia</a>' in html
    assert "Other statements by" not in html  # Tanabe said nothing else; the statement is not its own other


def test_other_statements_by_the_speaker_leave_this_one_out(ds, fetch):
    html = fetch(ds, "/archive/statements/2").text
    assert '<h2>Other statements by Sergey Lavrov <span class="meta">(6)</span></h2>' in html


def test_a_rejected_meeting_says_so(pages_ds, fetch):
    html = fetch(pages_ds, "/archive/meetings/6").text
    assert h1(html) == "Rejected meeting 6"


def test_an_unlocated_place_says_so(pages_ds, fetch):
    html = fetch(pages_ds, "/archive/places/3").text
    assert "not located: no GeoNames settlement" in html
    assert '<h2>Meetings held here <span class="meta">(1)</span></h2>' in html


@pytest.mark.parametrize("path", ["/archive/people/99", "/archive/countries/ZZ", "/archive/meetings/99"])
def test_missing_rows_are_404s(pages_ds, fetch, path):
    fetch(pages_ds, path, status=404)


# The index and the review page -------------------------------------------------

def test_the_index_says_what_is_undated_or_unresolved(pages_ds, fetch):
    html = fetch(pages_ds, "/").text
    assert ("5 diplomatic news articles; 3 of them carry a publication date, from 2021-03-04 to 2023-01-15"
            in " ".join(html.split()))
    gaps = re.findall(r'<li><a href="([^"]+)"><strong>(\d+)</strong> ([^<]+)</a></li>', html)
    assert [(n, what) for _, n, what in gaps] == [
        ("2", "articles without a publication date"),
        ("2", "statements without a date (their own or their article&#39;s)"),
        ("1", "meetings without a date (their own or their article&#39;s)"),
        ("1", "meetings with neither a located place nor a host country"),
        ("1", "places not located (no GeoNames settlement)"),
        ("1", "statements whose speaker is neither a known person nor an organisation")]
    assert '<a href="/-/review">the review list</a>' in html


@pytest.mark.parametrize("table, n", [("articles", 2), ("statement_rows", 2), ("meeting_rows", 1),
                                      ("places", 1), ("statement_rows", 1)])
def test_each_gap_links_to_its_rows(pages_ds, fetch, table, n):
    html = fetch(pages_ds, "/").text
    urls = [u for u, _, _ in re.findall(r'<li><a href="([^"]+)"><strong>(\d+)</strong> ([^<]+)</a></li>', html)
            if u.startswith(f"/archive/{table}?")]
    counts = [len(fetch(pages_ds, u.replace("&amp;", "&").replace("?", ".json?_shape=array&", 1)).json())
              for u in urls]
    assert n in counts


def test_the_review_page_is_archive_review(pages_ds, fetch):
    html = fetch(pages_ds, "/-/review").text
    assert "<h1>What needs a human</h1>" in html
    assert "&#34;Karura Lodge&#34; #3 in KE: no GeoNames settlement; 1 meeting(s), 0 article(s)" in html
    assert '<code class="review-fix">archive alias place &#34;Karura Lodge&#34; &#34;&lt;place it is&gt;&#34;</code>' in html
    assert '<a href="/archive/places/3">place 3</a>' in html
    kind = fetch(pages_ds, "/-/review?kind=title+as+speaker").text
    assert '<span class="review-kind">unresolved place</span>' not in kind
    assert "1 statement by &#34;A spokesperson&#34; in 1 article not linked to anyone" in kind
    assert '<a href="/archive/statements/5">statement 5</a>' in kind


def test_text_that_only_looks_like_a_json_list_stays_text(pages_ds):
    from archive.publish import cells

    assert cells.render({"id": 1}, "[Update] talks", "title", "people", pages_ds) is None
    assert str(cells.render({"id": 1}, '["a", "b"]', "roles", "people", pages_ds)) == (
        '<span class="archive-list">a, b</span>')
