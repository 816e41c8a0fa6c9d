"""The timeline (/-/timeline): a continuous axis of months or years, undated items beside it."""
from __future__ import annotations

import asyncio
import re

import pytest

from archive.publish import timeline
from archive.publish.filters import Selection
from archive.publish.timeline import Axis


def context(ds, selection=Selection()):
    return asyncio.run(timeline.context(ds, selection))


def test_a_span_of_four_years_is_drawn_year_by_year_without_gaps(pages_ds):
    result = context(pages_ds)
    assert result["axis"] == Axis("year", ("2020", "2021", "2022", "2023"))
    assert [(r["period"], r["meetings"], r["statements"]) for r in result["rows"]] == [
        ("2020", 1, 0), ("2021", 2, 3), ("2022", 0, 0), ("2023", 1, 1)]


def test_items_fall_back_to_their_article_date(pages_ds):
    # Meeting 5 and statement 6 have no date of their own; their article was published 2023-01-15.
    rows = {r["period"]: r for r in context(pages_ds)["rows"]}
    assert rows["2023"]["meetings"] == rows["2023"]["statements"] == 1


def test_undated_items_are_counted_and_listed_beside_the_chart(pages_ds):
    off = context(pages_ds)["off_chart"]
    assert (off["meetings"]["undated"], off["statements"]["undated"]) == (1, 2)
    assert [m["id"] for m in off["meetings"]["items"]] == [4]
    assert [s["id"] for s in off["statements"]["items"]] == [4, 5]


def test_a_range_within_three_years_is_drawn_month_by_month(pages_ds):
    result = context(pages_ds, Selection(date_from="2021", date_to="2021"))
    assert result["axis"].unit == "month"
    assert result["axis"].periods == tuple(f"2021-{m:02d}" for m in range(1, 13))
    counted = [(r["period"], r["meetings"], r["statements"]) for r in result["rows"] if r["meetings"] or r["statements"]]
    assert counted == [("2021-03", 1, 2), ("2021-06", 1, 1)]


def test_bare_years_on_a_monthly_axis_are_listed_beside_it():
    axis = Axis.spanning(["2004", "2004-11", "2005-02"])
    assert axis == Axis("month", ("2004-11", "2004-12", "2005-01", "2005-02"))
    assert axis.period("2004") is None and axis.period("2004-12") == "2004-12"


def test_axes_are_continuous():
    assert Axis.spanning(["2000-09", "2022-03"]).periods == tuple(str(y) for y in range(2000, 2023))
    assert Axis.spanning([]) is None
    assert timeline.months_between("2021-11", "2022-02") == ["2021-11", "2021-12", "2022-01", "2022-02"]


def test_axis_labels_are_readable_and_do_not_crowd():
    years = timeline.axis_labels(Axis("year", tuple(str(y) for y in range(2000, 2023))))
    assert list(years) == [str(y) for y in range(2000, 2023, 2)]
    months = timeline.axis_labels(Axis("month", tuple(timeline.months_between("2004-11", "2005-12"))))
    assert months == {"2004-11": "Nov 2004", "2004-12": "Dec", "2005-01": "2005", "2005-02": "Feb",
                      "2005-03": "Mar", "2005-04": "Apr", "2005-05": "May", "2005-06": "Jun", "2005-07": "Jul",
                      "2005-08": "Aug", "2005-09": "Sep", "2005-10": "Oct", "2005-11": "Nov", "2005-12": "Dec"}
    quarters = timeline.axis_labels(Axis("month", tuple(timeline.months_between("2004-01", "2006-12"))))
    assert list(quarters.values())[:5] == ["2004", "Apr", "Jul", "Oct", "2005"]


@pytest.mark.parametrize("selection", [Selection(), Selection(person=1), Selection(countries=("NO",)),
                                       Selection(date_from="2021", date_to="2021"),
                                       Selection(countries=("JP",), person=3)])
def test_each_bar_links_to_the_rows_it_counts(pages_ds, fetch, selection):
    for row in context(pages_ds, selection)["rows"]:
        for series in ("meetings", "statements"):
            if row[series]:
                rows = fetch(pages_ds, row[f"{series}_url"].replace("?", ".json?_shape=array&", 1)).json()
                assert len(rows) == row[series], (row, series)


def test_the_undated_link_lists_the_undated(pages_ds, fetch):
    off = context(pages_ds, Selection(person=1))["off_chart"]
    rows = fetch(pages_ds, off["meetings"]["undated_url"].replace("?", ".json?_shape=array&", 1)).json()
    assert [r["id"] for r in rows] == [4]


def test_the_page_names_the_person_and_the_country(pages_ds, fetch):
    html = fetch(pages_ds, "/-/timeline?person=1&country=JP").text
    assert "<h1>Timeline of Ingrid Halvorsen and Japan</h1>" in html
    assert "<title>Timeline of Ingrid Halvorsen and Japan</title>" in html


def test_the_chart_is_labelled_and_links_its_bars(pages_ds, fetch):
    html = fetch(pages_ds, "/-/timeline").text
    assert '<svg class="timeline-chart" role="img" aria-label="Meetings and statements per year"' in html
    assert re.findall(r'<text class="axis" x="[^"]+" y="238" text-anchor="middle">(\d+)</text>', html) == [
        "2020", "2021", "2022", "2023"]
    assert "<title>2021: 3 statements</title>" in html
    aside = html[html.index('id="not-on-the-chart"'):]
    assert "1 meeting without a date</a>" in aside and "2 statements without a date</a>" in aside


@pytest.mark.parametrize("query", ["person=x", "country=Japan", "from=2021-02-30"])
def test_bad_parameters_are_400s(pages_ds, fetch, query):
    fetch(pages_ds, f"/-/timeline?{query}", status=400)
