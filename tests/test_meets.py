"""Who meets whom (/-/meets): counts of archive meetings, by country or by person, under a selection."""
from __future__ import annotations

import asyncio
import html as htmllib
import re
from urllib.parse import urlencode

import pytest

from archive.publish import pairs
from archive.publish.filters import Selection


def context(ds, selection=Selection(), view="countries"):
    return asyncio.run(pairs.context(ds, selection, view))


def cells(matrix: dict) -> dict:
    return {(row["name"], matrix["members"][i]["name"]): cell["n"]
            for row in matrix["rows"] for i, cell in enumerate(row["cells"]) if cell["n"]}


def test_the_matrix_ranks_countries_by_their_meetings(pages_ds):
    matrix = context(pages_ds)["matrix"]
    assert [m["name"] for m in matrix["members"]] == [
        "Norway", "Chile", "Japan", "Argentina", "Bolivia", "Ecuador", "Kenya", "Peru"]
    found = cells(matrix)
    assert found[("Norway", "Norway")] == 5  # the diagonal: all meetings of the country
    assert found[("Norway", "Chile")] == found[("Chile", "Norway")] == 2
    assert found[("Norway", "Japan")] == 2 and found[("Norway", "Kenya")] == 1
    assert ("Japan", "Chile") not in found


def test_large_meetings_can_be_left_out(pages_ds):
    found = cells(context(pages_ds, Selection(max_countries=2))["matrix"])
    assert found[("Norway", "Norway")] == 4 and found[("Norway", "Chile")] == 1
    assert ("Norway", "Peru") not in found


def test_a_date_range_counts_only_its_meetings(pages_ds):
    result = context(pages_ds, Selection(date_from="2021", date_to="2021"))
    assert result["meetings"] == 2
    assert [(p["name_a"], p["name_b"], p["n"]) for p in result["pairs"]][:2] == [
        ("Chile", "Norway", 2), ("Argentina", "Bolivia", 1)]


def test_people_meet_people(pages_ds):
    result = context(pages_ds, view="people")
    assert [(p["name_a"], p["name_b"], p["n"]) for p in result["pairs"]] == [
        ("Ingrid Halvorsen", "Keiko Tanabe", 2), ("Ingrid Halvorsen", "Tomás Riquelme", 2),
        ("Amina Wekesa", "Ingrid Halvorsen", 1), ("Ingrid Halvorsen", "Lucía Paredes", 1),
        ("Lucía Paredes", "Tomás Riquelme", 1)]


def test_a_focus_lists_its_partners_most_often_first(pages_ds):
    focus = context(pages_ds, Selection(countries=("JP",)))["focus"]
    assert (focus["name"], focus["meetings"]) == ("Japan", 2)
    assert [(p["name"], p["n"]) for p in focus["partners"]] == [("Norway", 2)]
    person = context(pages_ds, Selection(person=2), view="people")["focus"]
    assert [(p["name"], p["n"]) for p in person["partners"]] == [("Ingrid Halvorsen", 2), ("Lucía Paredes", 1)]


@pytest.mark.parametrize("view, selection", [
    ("countries", Selection()), ("countries", Selection(max_countries=2)),
    ("countries", Selection(date_from="2021", date_to="2022")), ("people", Selection()),
    ("people", Selection(countries=("NO",), date_from="2020-12")),
])
def test_every_cell_links_to_the_meetings_it_counts(pages_ds, fetch, view, selection):
    result = context(pages_ds, selection, view)
    checked = 0
    for row in result["matrix"]["rows"]:
        for cell in row["cells"]:
            if cell["n"]:
                rows = fetch(pages_ds, cell["url"].replace("?", ".json?_shape=array&", 1)).json()
                assert len(rows) == cell["n"], (row["name"], cell)
                checked += 1
    assert checked


def test_the_page_has_both_views_the_size_toggle_and_the_date_range(pages_ds, fetch):
    html = fetch(pages_ds, "/-/meets?max=2&from=2021").text
    assert '<a href="/-/meets?from=2021&amp;max=2" class="current" aria-current="page">Countries</a>' in html
    assert '<a href="/-/meets?from=2021&amp;max=2&amp;view=people">People</a>' in html
    assert '<input type="number" name="max" min="2" value="2"' in html
    assert '<a href="/-/meets?from=2021&amp;max=2" class="current">two countries only</a>' in html
    assert 'name="from" value="2021"' in html
    people = fetch(pages_ds, "/-/meets?view=people&person=1").text
    assert "<h1>Who meets whom: Ingrid Halvorsen</h1>" in people
    assert '<input type="hidden" name="view" value="people">' in people


MEETINGS_OF = "id in (select meeting_id from meeting_members where kind = 'country' and member = '{}')"


def test_the_matrix_cells_on_the_page(pages_ds, fetch):
    html = fetch(pages_ds, "/-/meets").text
    cell = re.search(r'<td style="[^"]*" title="Norway and Chile: 2 meetings together"><a href="([^"]+)">2</a>', html)
    assert htmllib.unescape(cell.group(1)) == (
        "/archive/meeting_rows?" + urlencode([("_where", MEETINGS_OF.format("NO")), ("_where", MEETINGS_OF.format("CL"))]))


@pytest.mark.parametrize("query", ["max=one", "country=Norway", "to=2021-00"])
def test_bad_parameters_are_400s(pages_ds, fetch, query):
    fetch(pages_ds, f"/-/meets?{query}", status=400)


def test_an_unknown_view_shows_countries(pages_ds, fetch):
    assert "The 8 countries in most meetings" in fetch(pages_ds, "/-/meets?view=planets").text
