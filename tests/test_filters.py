"""archive/publish/filters.py: one selection from the URL, as SQL, as Datasette filters and as page links."""
from __future__ import annotations

import sqlite3

import pytest
from datasette.utils import MultiParams
from datasette.utils.asgi import BadRequest

from archive.publish.filters import Selection


def args(query: str) -> MultiParams:
    from urllib.parse import parse_qs

    return MultiParams(parse_qs(query, keep_blank_values=True))


def test_selection_reads_countries_person_dates_and_size():
    selection = Selection.from_args(args("country=cn&country=US&country=CN&person=13&from=2004&to=2005-06&max=6"))
    assert selection == Selection(("CN", "US"), 13, "2004", "2005-06", 6)
    assert selection.params() == [("country", "CN"), ("country", "US"), ("person", "13"), ("from", "2004"),
                                  ("to", "2005-06"), ("max", "6")]


def test_empty_fields_of_a_form_select_nothing():
    assert Selection.from_args(args("country=&person=&from=&to=&max=")) == Selection()


def test_a_reversed_range_is_put_right():
    assert Selection.from_args(args("from=2006&to=2004-03")).date_from == "2004-03"


@pytest.mark.parametrize("query", ["country=China", "country=C1", "person=x", "person=-2", "max=0",
                                   "from=2004-13", "from=2004-02-30", "to=yesterday", "from=04"])
def test_bad_values_are_400s(query):
    with pytest.raises(BadRequest):
        Selection.from_args(args(query))


@pytest.mark.parametrize("date_to, until", [("2005", "2006"), ("2005-12", "2006-01"), ("2005-04", "2005-05"),
                                            ("2004-02-29", "2004-03-01"), ("2005-12-31", "2006-01-01")])
def test_a_range_ends_before_the_next_period(date_to, until):
    assert Selection(date_to=date_to).until == until


def test_datasette_filters_say_the_same_as_the_sql():
    selection = Selection(("CN", "PK"), 7, "2004-11", "2005", 4)
    meetings_of = "id in (select meeting_id from meeting_members where kind = '{}' and member = '{}')"
    assert selection.meeting_filters() == [
        ("_where", meetings_of.format("country", "CN")), ("_where", meetings_of.format("country", "PK")),
        ("_where", meetings_of.format("person", "7")),
        ("country_count__lte", "4"), ("_where", "date >= '2004-11'"), ("_where", "date < '2006'")]
    where, params = selection.meeting_sql("m")
    within = " and date >= :date_from and date < :date_until"  # the member's index answers the range too
    assert where == (f"m.id in (select meeting_id from meeting_members where kind = 'country' and member = :country0"
                     f"{within}) and m.id in (select meeting_id from meeting_members where kind = 'country' and "
                     f"member = :country1{within}) and m.id in (select meeting_id from meeting_members where "
                     f"kind = 'person' and member = :person{within}) and m.country_count <= :max_countries and "
                     f"m.date >= :date_from and m.date < :date_until")
    assert params == {"country0": "CN", "country1": "PK", "person": "7", "max_countries": 4,
                      "date_from": "2004-11", "date_until": "2006"}


def test_statement_filters_take_the_speaker_and_the_countries_spoken_about_or_for():
    selection = Selection(("RU",), 13)
    assert selection.statement_filters() == [
        ("_where", "id in (select statement_id from statement_members where member = 'RU')"),
        ("speaker_id", "13")]
    assert selection.statement_sql("s") == (
        "s.id in (select statement_id from statement_members where member = :country0) and s.speaker_id = :person",
        {"country0": "RU", "person": 13})


def test_a_selection_of_whole_months_is_answered_by_monthly_counts():
    assert Selection(date_from="2004", date_to="2005-06").by_month
    assert not Selection(date_from="2004-11-17").by_month
    assert Selection(date_from="2004", max_countries=2).period_sql() == (
        "country_count <= :max_countries and period >= :date_from", {"max_countries": 2, "date_from": "2004"})


def test_a_member_in_a_link_is_an_sql_string():
    from archive.publish.filters import member_filter

    assert member_filter("person", "O'Neil") == (
        "_where", "id in (select meeting_id from meeting_members where kind = 'person' and member = 'O''Neil')")


def test_nothing_selected_is_everything():
    assert Selection().meeting_sql() == ("1", {})
    assert Selection().meeting_filters() == [] and Selection().params() == []


@pytest.mark.parametrize("date, inside", [("2004", False), ("2004-11", True), ("2004-11-30", True),
                                          ("2005", True), ("2005-12-31/2006-01-02", True), ("2006", False),
                                          ("2006-01-01", False), ("2004-10-31", False)])
def test_dates_ranges_and_bare_years_fall_in_or_out_of_a_range(date, inside):
    where, params = Selection(date_from="2004-11", date_to="2005").meeting_sql("m")
    conn = sqlite3.connect(":memory:")
    conn.execute("create table m (date text)")
    conn.execute("insert into m values (?)", [date])
    found = conn.execute(f"select count(*) from m where {where}", params).fetchone()[0]
    assert found == int(inside)


def test_the_form_offers_the_people_in_most_meetings_or_statements_and_the_one_chosen(tmp_path, monkeypatch):
    import asyncio

    from conftest import REPO, _datasette

    from archive.publish import filters

    db_path = tmp_path / "archive.db"
    conn = sqlite3.connect(db_path)
    conn.executescript((REPO / "schema.sql").read_text(encoding="utf-8"))
    conn.executemany("INSERT INTO people (id, name, name_norm, surname_norm) VALUES (?, ?, '', '')",
                     [(1, "Ana Brun"), (2, "Cem Dogan"), (3, "Eva Falk"), (4, "Ida Holm")])
    conn.executemany("INSERT INTO member_totals (kind, member, n) VALUES (?, ?, ?)",
                     [("person", "1", 5), ("person", "2", 7), ("person", "3", 7), ("speaker", "1", 9),
                      ("speaker", "4", 2)])
    conn.commit()
    conn.close()
    monkeypatch.setattr(filters, "PEOPLE_CHOICES", 2)
    ds = _datasette(db_path)

    def offered(**kwargs):
        return [p["name"] for p in asyncio.run(filters.choices(ds, **kwargs))["people"]]

    assert offered() == ["Cem Dogan", "Eva Falk"]  # most meetings; a tie by id
    assert offered(person=4) == ["Cem Dogan", "Eva Falk", "Ida Holm"]
    assert offered(statements=True) == ["Ana Brun", "Cem Dogan"]  # 5 + 9 meetings and statements, then 7
