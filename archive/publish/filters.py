"""SQL conditions that select one person's or one country's meetings and statements.

The same text filters the timeline's queries and goes into the ``_where`` of
links to ``meetings_view`` and ``statements_view``, so a bar of the chart and
the rows it links to always agree. Values are validated (an int, an ISO code)
before they are written into SQL.
"""
from __future__ import annotations

from . import links


def meetings(person=None, country=None) -> list[str]:
    """Conditions on rows of ``meetings`` or ``meetings_view`` (both have ``id``)."""
    conditions = []
    if (person_id := links.integer(person)) is not None:
        conditions.append(f"id in (select meeting_id from meeting_people where person_id = {person_id}"
                          f" union select id from meetings where chair_id = {person_id})")
    if code := links.iso2(country):
        conditions.append(f"id in (select meeting_id from meeting_countries where iso2 = '{code}')")
    return conditions


def statements(person=None, country=None) -> list[str]:
    """Conditions on rows of ``statements_view``: said by the person; about or by the country."""
    conditions = []
    if (person_id := links.integer(person)) is not None:
        conditions.append(f"id in (select id from statements where speaker_id = {person_id})")
    if code := links.iso2(country):
        conditions.append(f"(id in (select statement_id from statement_countries where iso2 = '{code}')"
                          f" or speaker_country = '{code}')")
    return conditions


def where(conditions: list[str]) -> str:
    return " and ".join(conditions) if conditions else "1"


def link_params(conditions: list[str]) -> list[tuple[str, str]]:
    """The conditions as Datasette ``_where`` query parameters."""
    return [("_where", condition) for condition in conditions]
