"""Search (/-/search): one box over statements, speakers, names, meetings and articles, with facets."""
from __future__ import annotations

import asyncio
from urllib.parse import quote

import pytest
from datasette.utils import MultiParams

from archive.publish import search
from archive.publish.search import Query


def results(ds, **args):
    context = asyncio.run(search.context(ds, MultiParams({k: [v] for k, v in args.items()})))
    return context


def ids(context, kind):
    return [item["id"] for item in context["results"][kind]]


def test_a_speakers_name_finds_what_they_said(pages_ds):
    found = results(pages_ds, q="Riquelme")
    assert ids(found, "people") == [2]
    assert ids(found, "statements") == [2]


def test_a_speaker_and_a_topic_find_what_they_said_about_it(pages_ds):
    assert ids(results(pages_ds, q="Tanabe sanctions"), "statements") == [6]
    assert ids(results(pages_ds, q="Riquelme sanctions"), "statements") == []
    # Statements whose text has the words come after those by the speaker named.
    assert ids(results(pages_ds, q="Norwegian sanctions"), "statements") == [4]


def test_organisations_and_unresolved_speakers_are_speakers_too(pages_ds):
    assert ids(results(pages_ds, q="Norwegian Foreign Ministry"), "statements") == [4]
    assert ids(results(pages_ds, q="spokesperson"), "statements") == [5]


def test_or_and_not_work_as_in_fts5(pages_ds):
    either = results(pages_ds, q="fisheries OR sanctions")
    assert sorted(ids(either, "statements")) == [1, 3, 4, 6]
    assert sorted(ids(results(pages_ds, q="sanctions NOT Russia"), "statements")) == [4]
    assert ids(results(pages_ds, q="Japan OR Kenya"), "countries") == ["JP", "KE"]


def test_a_syntax_error_is_explained_and_the_words_searched(pages_ds):
    found = results(pages_ds, q='"fisheries')
    assert found["query"].error.startswith("The search could not be read as FTS5 syntax (unterminated string)")
    assert sorted(ids(found, "statements")) == [1, 3]
    assert results(pages_ds, q="fisheries")["query"].error is None


def test_names_match_without_accents_and_in_any_case(pages_ds):
    assert ids(results(pages_ds, q="tomas riquelme"), "people") == [2]
    assert ids(results(pages_ds, q="LUCIA"), "people") == [5]
    assert ids(results(pages_ds, q="Karura"), "places") == [3]


def test_meetings_are_found_by_their_people_places_and_countries(pages_ds):
    assert ids(results(pages_ds, q="Tanabe"), "meetings") == [5, 4]
    assert ids(results(pages_ds, q="Lima"), "meetings") == [2]
    assert ids(results(pages_ds, q="Kenya Halvorsen"), "meetings") == [3]


def test_facets_count_and_narrow_the_results(pages_ds):
    found = results(pages_ds, q="Halvorsen")
    kinds = {i["value"]: i["count"] for i in found["facet_lists"]["kind"]["items"]}
    assert kinds == {"statements": 1, "meetings": 5, "articles": 4, "people": 1}
    years = {i["value"]: i["count"] for i in found["facet_lists"]["year"]["items"]}
    assert years == {"2023": 2, "2021": 4, "2020": 1}
    narrowed = results(pages_ds, q="Halvorsen", year="2021")
    assert ids(narrowed, "meetings") == [2, 1] and ids(narrowed, "people") == []
    assert results(pages_ds, q="sanctions", speaker="Keiko Tanabe")["counts"] == {"statements": 1}
    by_country = results(pages_ds, q="Halvorsen", country="KE", kind="meetings")
    assert ids(by_country, "meetings") == [3] and by_country["counts"] == {"meetings": 1}


def test_a_facet_link_chooses_and_a_chosen_one_clears(pages_ds):
    facet = results(pages_ds, q="sanctions", year="2023")["facet_lists"]["year"]
    assert facet["chosen"] == "2023"
    [chosen] = [i for i in facet["items"] if i["chosen"]]
    assert chosen["url"] == facet["clear_url"] == "/-/search?q=sanctions"


def test_the_page_shows_each_kind_and_the_facets(pages_ds, fetch):
    html = fetch(pages_ds, "/-/search?q=Riquelme").text
    assert '<h2 id="people">People <span class="meta">(1)</span></h2>' in html
    assert '<a href="/archive/people/2"><strong>Tomás Riquelme</strong></a>' in html
    assert '“Chile would stay outside NATO planning”' in html
    assert 'href="/-/article/1#statement-2"' in html
    assert '<div class="facet" id="facet-speaker">' in html
    assert '<a href="/-/search?q=Riquelme&amp;speaker=Tom%C3%A1s+Riquelme">Tomás Riquelme</a>' in html


def test_matches_are_highlighted(pages_ds, fetch):
    html = fetch(pages_ds, "/-/search?q=fisheries").text
    assert '<mark class="match">fisheries</mark>' in html


def test_a_syntax_error_shows_a_friendly_message(pages_ds, fetch):
    html = fetch(pages_ds, "/-/search?q=" + quote("AND OR NOT")).text
    assert '<p class="search-message" role="status">The search could not be read as FTS5 syntax' in html


@pytest.mark.parametrize("q, status", [
    ('"unbalanced', 200), ("AND OR NOT", 200), ("a*b(c)", 200), ("<script>alert(1)</script>", 200), ("", 200),
    ("Sino-Japanese", 200), ("foo:bar", 200), ("—", 400), ("NEAR(a b", 200), ("Lavrov's", 200)])
def test_any_query_gets_a_page(pages_ds, fetch, q, status):
    """Every query gets a page; one with no words at all is refused with a message (400)."""
    html = fetch(pages_ds, f"/-/search?q={quote(q)}", status=status).text
    assert "<script>alert(1)</script>" not in html


@pytest.mark.parametrize("query", ["kind=planets", "country=Chile", "year=21"])
def test_bad_facet_values_are_400s(pages_ds, fetch, query):
    fetch(pages_ds, f"/-/search?q=x&{query}", status=400)


def test_queries_with_syntax_run_as_written():
    assert Query.parse("Iraq OR Iran") == Query("Iraq OR Iran", "Iraq OR Iran", True, (("iraq",), ("iran",)))
    assert Query.parse("Lavrov's  NATO").fts == '"Lavrov\'s" "NATO"'
    assert Query.parse("sanctions NOT Iran").alternatives == (("sanctions",),)


# On the demo archive of seeds/, as the issue asked -------------------------------

def test_lavrov_finds_his_statements(ds):
    found = results(ds, q="Lavrov")
    assert len(found["results"]["statements"]) == 7
    assert {s["speaker"] for s in found["results"]["statements"]} == {"Sergey Lavrov"}


def test_lavrov_nato(ds):
    [statement] = results(ds, q="Lavrov NATO")["results"]["statements"]
    assert "NATO military presence" in statement["text"]
