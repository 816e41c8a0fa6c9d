"""The timeline page: meetings and statements per month, for everyone, a person or a country."""
from __future__ import annotations

from markupsafe import Markup, escape

from . import filters, links

MONTH = "substr(date, 1, 7)"
IS_MONTH = f"{MONTH} glob '[0-9][0-9][0-9][0-9]-[0-9][0-9]'"
# Meetings by their own date; statements by statements_view.date, which falls back to the
# article's publication date. Year-only and unknown dates are counted apart.
COUNT_SQL = """
select case when {is_month} then {month} end as month, count(*) as n
from {table} where {where} group by 1
"""
COUNTRIES_SQL = """
select iso2, name from countries where iso2 in (
  select iso2 from meeting_countries union select iso2 from statement_countries
  union select country from people where id in (select speaker_id from statements))
order by name
"""
PEOPLE_SQL = """
select id, name from people where id in (
  select speaker_id from statements union select person_id from meeting_people
  union select chair_id from meetings)
order by name
"""
GAP_MONTHS = 12  # longer runs of empty months are drawn as one break
SERIES = (("meetings", "meetings_view"), ("statements", "statements_view"))


async def context(datasette, person=None, country=None) -> dict:
    """Counts per month for the chart and the table, and the choices of the filter form."""
    db = links.database(datasette)
    person_id, code = links.integer(person), links.iso2(country)
    conditions = {"meetings": filters.meetings(person_id, code),
                  "statements": filters.statements(person_id, code)}
    months: dict[str, dict] = {}
    undated = {}
    for series, view in SERIES:
        sql = COUNT_SQL.format(is_month=IS_MONTH, month=MONTH, table=view,
                               where=filters.where(conditions[series]))
        for month, n in await db.execute(sql):
            if month is None:
                undated[series] = n
            else:
                months.setdefault(month, {"month": month, "meetings": 0, "statements": 0})[series] = n
    rows = [months[m] for m in sorted(months)]
    for row in rows:
        for series, view in SERIES:
            params = [("date__startswith", row["month"])] + filters.link_params(conditions[series])
            row[f"{series}_url"] = links.table(datasette, view, params)
    person_name = None
    if person_id is not None:
        found = (await db.execute("select name from people where id = ?", [person_id])).first()
        person_name = found["name"] if found else None
    return {
        "rows": rows,
        "chart": chart(rows),
        "undated": {s: undated.get(s, 0) for s, _ in SERIES},
        "totals": {s: sum(r[s] for r in rows) + undated.get(s, 0) for s, _ in SERIES},
        "all_urls": {s: links.table(datasette, v, filters.link_params(conditions[s])) for s, v in SERIES},
        "person": person_id, "person_name": person_name, "country": code,
        "countries": [dict(r) for r in await db.execute(COUNTRIES_SQL)],
        "people": [dict(r) for r in await db.execute(PEOPLE_SQL)],
    }


def month_slots(months: list[str]) -> list[str | None]:
    """Every month from the first to the last; a long empty run becomes one ``None`` (a break)."""
    slots: list[str | None] = []
    for month in sorted(months):
        if slots:
            between = _months_between(slots[-1], month)
            if len(between) > GAP_MONTHS:
                slots.append(None)
            else:
                slots.extend(between)
        slots.append(month)
    return slots


def _months_between(first: str, last: str) -> list[str]:
    """The months strictly between two YYYY-MM months."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        current = f"{year:04d}-{month:02d}"
        if current >= last:
            return out
        out.append(current)


def chart(rows: list[dict]) -> Markup:
    """A stacked bar chart (SVG) of meetings and statements per month; each bar links to its rows."""
    if not rows:
        return Markup("")
    by_month = {r["month"]: r for r in rows}
    slots = month_slots(list(by_month))
    top = max(r["meetings"] + r["statements"] for r in rows)
    slot_w = max(8, min(40, 880 // len(slots)))
    left, bottom, height = 36, 48, 180
    width = left + slot_w * len(slots) + 10
    parts = [f'<svg class="timeline-chart" role="img" aria-label="Meetings and statements per month" '
             f'width="{width}" height="{height + bottom + 10}" viewBox="0 0 {width} {height + bottom + 10}">']
    parts += _grid(top, left, width, height)
    label_every = 1 if len(slots) <= 24 else None
    for i, month in enumerate(slots):
        x = left + i * slot_w
        if month is None:
            parts.append(f'<text class="gap" x="{x + slot_w / 2}" y="{height + 5}" text-anchor="middle">⋯</text>')
            continue
        if month in by_month:
            parts += _bar(by_month[month], x + 1, slot_w - 2, top, height)
        after_break = i == 0 or slots[i - 1] is None
        if label_every or after_break or month.endswith("-01"):
            text = month if label_every or after_break else month[:4]
            parts.append(f'<text class="axis" transform="translate({x + slot_w / 2},{height + 14}) rotate(-45)" '
                         f'text-anchor="end">{text}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _grid(top: int, left: int, width: int, height: int) -> list[str]:
    ticks = sorted({0, top // 2, top}) if top > 1 else [0, top]
    parts = []
    for tick in ticks:
        y = height - tick / top * (height - 10) if top else height
        parts.append(f'<line class="grid" x1="{left}" x2="{width}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="axis" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    return parts


def _bar(row: dict, x: float, w: float, top: int, height: int) -> list[str]:
    parts, y = [], float(height)
    for series, _ in SERIES:
        n = row[series]
        if not n:
            continue
        h = n / top * (height - 10)
        y -= h
        label = f"{row['month']}: {n} {series if n != 1 else series[:-1]}"
        parts.append(f'<a href="{escape(row[series + "_url"])}"><rect class="bar bar-{series}" x="{x:.1f}" '
                     f'y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"><title>{escape(label)}</title></rect></a>')
    return parts
