"""Datasette's search box on statement_rows: the newest matches first, read through
the date index, without counting or faceting every match (archive/publish/quicksearch.py)."""
from __future__ import annotations

import sqlite3

from archive.publish import quicksearch


def ids(fetch, ds, path: str) -> tuple[list[int], dict]:
    data = fetch(ds, path).json()
    return [row["id"] for row in data["rows"]], data


def test_statement_search_lists_the_matches_newest_first(pages_ds, fetch):
    found, data = ids(fetch, pages_ds, "/archive/statement_rows.json?_search=fisheries&_shape=objects")
    assert found == [3, 1]  # 2021-06-10, then 2021-03-04
    assert data["filtered_table_rows_count"] is None and data["facet_results"] == {}
    found, _ = ids(fetch, pages_ds, "/archive/statement_rows.json?_search=sanctions&_shape=objects")
    assert found == [6, 4]  # dated, then undated
    found, _ = ids(fetch, pages_ds, "/archive/statement_rows.json?_search=sanctions&_sort=id&_shape=objects")
    assert found == [4, 6]  # an explicit order is kept


def test_meeting_rows_offer_no_search_box(pages_ds, fetch):
    found, data = ids(fetch, pages_ds, "/archive/meeting_rows.json?_search=oslo&_shape=objects")
    assert found == [5, 2, 1, 3, 4] and data["filtered_table_rows_count"] == 5  # /-/search finds meetings


def test_the_search_pages_answer_and_facets_asked_for_are_kept(pages_ds, fetch):
    page = fetch(pages_ds, "/archive/statement_rows?_search=fisheries").text
    assert "the summit agreed on a fisheries fund" in page and "Japan and Norway" not in page
    data = fetch(pages_ds, "/archive/statement_rows.json?_search=fisheries&_facet=kind&_shape=objects").json()
    assert [(v["value"], v["count"]) for v in data["facet_results"]["kind"]["results"]] == [("indirect", 2)]
    # The empty search box lists every row, with the default facets.
    assert fetch(pages_ds, "/archive/statement_rows.json?_search=&_shape=objects").json()["facet_results"]
    fetch(pages_ds, "/archive/articles?_search=+")


def test_only_searches_of_the_statements_are_rewritten():
    rewrite = quicksearch.query_string
    assert rewrite("/archive/statement_rows", b"_search=trade") == b"_search=trade&_nocount=1&_nofacet=1"
    assert rewrite("/archive/statement_rows.json", b"_search=oslo&_facet=kind") == \
        b"_search=oslo&_facet=kind&_nocount=1"
    assert rewrite("/archive/meeting_rows", b"_search=oslo") == b"_search=oslo"
    assert rewrite("/archive/statement_rows", b"speaker_country=US") == b"speaker_country=US"
    assert rewrite("/archive/articles", b"_search=trade") == b"_search=trade"
    assert rewrite("/archive/statement_rows", b"_search=+&kind=direct") == b"kind=direct"
    assert rewrite("/archive/articles.json", b"_search=&_search_title=") == b""


def test_a_rare_term_or_an_explicit_order_fetches_the_matches_by_id():
    rewrite = quicksearch.query_string
    assert rewrite("/archive/statement_rows", b"_search=trade", matches=137_355, rows=1_000_000) == \
        b"_search=trade&_nocount=1&_nofacet=1"  # many matches: read the date index newest first
    assert rewrite("/archive/statement_rows", b"_search=zebra", matches=12, rows=1_000_000) == \
        b"_search=zebra&_nocount=1&_nofacet=1&_fts_pk=id"
    assert rewrite("/archive/statement_rows", b"_search=trade&_sort=speaker", matches=137_355, rows=1_000_000) == \
        b"_search=trade&_sort=speaker&_nocount=1&_nofacet=1&_fts_pk=id"
    assert quicksearch.search_of("/archive/statement_rows.json", b"_search=zebra+crossing&_searchmode=raw") == \
        ("zebra crossing", True)
    assert quicksearch.search_of("/archive/meeting_rows", b"_search=zebra") is None


def test_both_ways_give_the_same_rows(pages_ds, fetch):
    for term in ("fisheries", "sanctions", "norway", "nothingmatches"):
        by_date, _ = ids(fetch, pages_ds, f"/archive/statement_rows.json?_search={term}&_shape=objects")
        by_id, _ = ids(fetch, pages_ds, f"/archive/statement_rows.json?_search={term}&_fts_pk=id&_shape=objects")
        assert by_date == by_id, term


def test_the_search_reads_the_date_index_not_every_match(pages_archive):
    conn = sqlite3.connect(pages_archive)
    conn.create_function("escape_fts", 1, lambda q: q)
    plan = " ".join(row[3] for row in conn.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM statement_rows WHERE search_id IN (SELECT rowid FROM statements_fts "
        "WHERE statements_fts MATCH escape_fts('trade')) ORDER BY date DESC LIMIT 101"))
    assert "idx_statement_rows_date" in plan and "TEMP B-TREE" not in plan


def test_an_archive_served_under_another_name_is_searched_as_datasette_does(tmp_path, pages_archive, fetch):
    import shutil

    from conftest import _datasette

    other = tmp_path / "other.db"
    shutil.copy(pages_archive, other)
    ds = _datasette(other)
    assert fetch(ds, "/other/statement_rows.json?_search=fisheries&_shape=objects").json()["rows"]
    fetch(ds, "/archive/statement_rows?_search=fisheries", status=404)
