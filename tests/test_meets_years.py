"""Who meets whom over a range of whole months: its whole years are summed from the yearly counts
(``member_years``, ``pair_years``) and the months at either end from the monthly ones; the page shows the
same cells as when every month is summed. Invented articles (bench/synthetic.py)."""
from __future__ import annotations

import asyncio
import sqlite3

import pytest
from conftest import _datasette
from test_upkeep import load, made

from archive.publish import pairs

RANGES = ["max=5&from=1991&to=1996", "max=3&from=1991-03&to=1996-10", "from=1992-01&to=1993-12", "max=4",
          "from=1993", "to=1994-06", "from=1992-03&to=1992-11", "view=people&max=5&from=1991&to=1996"]
# The people view over the same kinds of range: whole years, months at either end, open at one end, within a year.
PEOPLE = ["view=people&max=3&from=1991-03&to=1996-10", "view=people&from=1992-01&to=1993-12", "view=people&max=4",
          "view=people&from=1993", "view=people&to=1994-06", "view=people&from=1992-03&to=1992-11"]


def page(db_path, query: str) -> str:
    response = asyncio.run(_datasette(db_path).client.get(f"/-/meets?{query}"))
    assert response.status_code == 200, response.text[:2000]
    return response.text


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("years")
    db_path = tmp / "archive.db"
    load(db_path, made(150, days=8 * 365), tmp / "a")
    return db_path


@pytest.mark.parametrize("query", RANGES + PEOPLE)
def test_whole_years_from_the_yearly_counts_show_the_same_cells(archive, query, monkeypatch):
    yearly = page(archive, query)
    monkeypatch.setattr(pairs, "_whole_years", lambda selection: ("9999", "0000"))  # every month summed
    assert page(archive, query) == yearly


def test_the_yearly_counts_answer_a_range_of_whole_years(archive, monkeypatch):
    conn = sqlite3.connect(archive)
    years = conn.execute("SELECT count(DISTINCT year) FROM pair_years WHERE year BETWEEN '1991' AND '1995'").fetchone()
    conn.close()
    assert years[0] == 5
    members, pairs_sql, params = pairs._sources(pairs.filters.Selection(date_from="1991", date_to="1996",
                                                                        max_countries=5))
    assert "pair_years" in pairs_sql and "member_years" in members
    assert "pair_counts" not in pairs_sql and "member_counts" not in members  # no month at either end
    assert (params["first_year"], params["after_year"]) == ("1991", "1997")
    members, pairs_sql, _ = pairs._sources(pairs.filters.Selection(date_from="1991-03", date_to="1996"))
    assert "pair_years" in pairs_sql and "pair_counts" in pairs_sql and "member_counts" in members


@pytest.mark.parametrize("query", RANGES + PEOPLE)
def test_the_sums_show_the_cells_of_the_meetings_themselves(archive, query, monkeypatch):
    """The sums read in parts (the top pairs, the matrix's, each summed over only its rows) give the page
    that counting the meetings' rows gives (``meeting_rows``, ``meeting_members``)."""
    summed = page(archive, query)
    monkeypatch.setattr(pairs.filters.Selection, "by_month", property(lambda self: False))
    assert page(archive, query) == summed


@pytest.mark.parametrize("query", ["view=people&max=5&from=1991&to=1996", *PEOPLE, "max=3&from=1991-03&to=1996-10"])
def test_the_top_members_and_pairs_picked_in_sql_are_those_of_the_meetings(archive, query, monkeypatch):
    """With fewer members and pairs read than there are (``TOP``), the ones picked in SQL from the sums, and
    their number, are those that counting the meetings' rows picks: the same matrix, list and totals."""
    monkeypatch.setattr(pairs, "TOP", 12)
    monkeypatch.setattr(pairs, "PAIRS_SHOWN", 10)
    summed = page(archive, query)
    members = sqlite3.connect(archive).execute("SELECT count(DISTINCT member) FROM member_counts").fetchone()[0]
    assert members > 12
    monkeypatch.setattr(pairs.filters.Selection, "by_month", property(lambda self: False))
    assert page(archive, query) == summed
