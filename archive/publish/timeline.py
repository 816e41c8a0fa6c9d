"""The timeline page: meetings and statements per month or per year, on a continuous axis.

A meeting is placed by its own date, else its article's publication date (the
``date`` of ``archive_meetings``, read from its summary table ``meeting_rows``); a
statement likewise (``statements_view``, read from ``statement_rows``).
The axis runs without breaks from the first period to the last: months when the
items span three calendar years or fewer, years otherwise. Items without a date
(and, on a monthly axis, items dated only to a year) are counted and listed
beside the chart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from . import facts, filters, links

MONTH = re.compile(r"^\d{4}-\d{2}$")
YEAR = re.compile(r"^\d{4}$")
# Counts per period, from the cheapest summary table that answers the selection (see _count_sql).
COUNT_SQL = {
    "meetings": "select substr(m.date, 1, 7) as period, count(*) as n from meeting_rows m where {where} group by 1",
    "statements": "select substr(s.date, 1, 7) as period, count(*) as n from statement_rows s where {where} group by 1",
}
SUMMED_SQL = "select period, sum(n) as n from period_counts where series = '{series}' and {where} group by 1"
MEETINGS_OF_SQL = ("select substr(date, 1, 7) as period, count(*) as n from meeting_members "
                   "where kind = :member_kind and member = :member and {where} group by 1")
STATEMENTS_OF_SQL = ("select substr(date, 1, 7) as period, count(*) as n from statement_members "
                     "where member = :member and {where} group by 1")
OFF_CHART_SQL = {
    "meetings": f"select {facts.MEETING_COLUMNS} from meeting_rows m where {{where}} and {{off}} "
                f"order by m.date, m.id limit {{limit}}",
    "statements": f"select {facts.STATEMENT_COLUMNS} from statement_rows s where {{where}} and {{off}} "
                  f"order by s.date, s.id limit {{limit}}",
}
VIEWS = {"meetings": "meeting_rows", "statements": "statement_rows"}
SERIES = ("meetings", "statements")
MONTHLY_YEARS = 3  # up to this many calendar years are drawn month by month
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
LISTED = 15  # off-chart items listed beside the chart; the rest are one link away


@dataclass(frozen=True)
class Axis:
    """The periods of the chart: every month or every year from ``first`` to ``last``."""

    unit: str  # "month" or "year"
    periods: tuple[str, ...]

    @classmethod
    def spanning(cls, dated: list[str], selection: filters.Selection | None = None) -> "Axis | None":
        """The axis for these dates (YYYY or YYYY-MM) and the selection's range, or None without dates."""
        if not dated:
            return None
        if selection and selection.date_from:
            dated = dated + [selection.date_from[:7] if len(selection.date_from) > 4 else selection.date_from + "-01"]
        if selection and selection.date_to:
            dated = dated + [selection.date_to[:7] if len(selection.date_to) > 4 else selection.date_to + "-12"]
        first, last = min(dated), max(dated)
        monthly = int(last[:4]) - int(first[:4]) < MONTHLY_YEARS and any(MONTH.match(d) for d in dated)
        if monthly:
            months = [d for d in dated if MONTH.match(d)]
            return cls("month", tuple(months_between(min(months), max(months))))
        return cls("year", tuple(str(y) for y in range(int(first[:4]), int(last[:4]) + 1)))

    def period(self, date: str) -> str | None:
        """The period a YYYY or YYYY-MM value falls in; None for a bare year on a monthly axis."""
        if self.unit == "year":
            return date[:4]
        return date if MONTH.match(date) else None


def months_between(first: str, last: str) -> list[str]:
    """Every YYYY-MM month from ``first`` to ``last``, both included."""
    year, month = int(first[:4]), int(first[5:7])
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


async def context(datasette, selection: filters.Selection) -> dict:
    """Counts per period for the chart and the table, the items off the chart, the filter form."""
    db = links.database(datasette)
    raw = {series: {} for series in SERIES}  # series -> substr(date, 1, 7) or None -> count
    for series in SERIES:
        sql, params = _count_sql(series, selection)
        for row in await db.execute(sql, params):
            period = row["period"] if row["period"] and (MONTH.match(row["period"]) or YEAR.match(row["period"])) else None
            raw[series][period] = raw[series].get(period, 0) + row["n"]
    axis = Axis.spanning([p for series in SERIES for p in raw[series] if p], selection)
    rows = _rows(datasette, selection, axis, raw)
    off = {series: await _off_chart(datasette, selection, axis, series, raw[series]) for series in SERIES}
    names = await facts.country_names(datasette)
    person_name = None
    if selection.person is not None:
        found = (await db.execute("select name from people where id = ?", [selection.person])).first()
        person_name = found["name"] if found else f"person {selection.person}"
    return {
        "selection": selection,
        "axis": axis,
        "rows": rows,
        "chart": chart(rows, axis) if axis else Markup(""),
        "off_chart": off,
        "totals": {s: sum(raw[s].values()) for s in SERIES},
        "all_urls": {"meetings": links.table(datasette, "meeting_rows", selection.meeting_filters()),
                     "statements": links.table(datasette, "statement_rows", selection.statement_filters())},
        "person_name": person_name,
        "country_names": [names.get(code, code) for code in selection.countries],
        **await filters.choices(datasette, statements=True, person=selection.person),
    }


def _count_sql(series: str, selection: filters.Selection) -> tuple[str, dict]:
    """The query counting ``series`` per period under the selection, and its parameters:
    monthly totals when it names nobody, one member's index when it names one, else the rows."""
    if series == "statements":
        selection = selection.but(max_countries=None)  # a size limit applies to meetings only
    rest = selection.but(countries=(), person=None)
    if selection.members == 0 and selection.by_month:
        where, params = selection.period_sql()
        return SUMMED_SQL.format(series=series, where=where), params
    if selection.members == 1 and (series == "meetings" or selection.countries):
        where, params = rest.period_sql("date")
        kind, member = ("country", selection.countries[0]) if selection.countries else ("person", str(selection.person))
        sql = MEETINGS_OF_SQL if series == "meetings" else STATEMENTS_OF_SQL
        return sql.format(where=where), {**params, "member_kind": kind, "member": member}
    where, params = selection.meeting_sql("m") if series == "meetings" else selection.statement_sql("s")
    return COUNT_SQL[series].format(where=where), params


def _rows(datasette, selection, axis: Axis | None, raw: dict) -> list[dict]:
    """One row per period of the axis, with counts and links to the rows counted."""
    if axis is None:
        return []
    rows = {p: {"period": p, "meetings": 0, "statements": 0} for p in axis.periods}
    for series in SERIES:
        for date, n in raw[series].items():
            period = axis.period(date) if date else None
            if period in rows:
                rows[period][series] += n
    for row in rows.values():
        within = selection.but(date_from=row["period"], date_to=row["period"])
        row["meetings_url"] = links.table(datasette, "meeting_rows", within.meeting_filters())
        row["statements_url"] = links.table(datasette, "statement_rows", within.statement_filters())
    return [rows[p] for p in axis.periods]


async def _off_chart(datasette, selection, axis: Axis | None, series: str, counts: dict) -> dict:
    """Items the chart cannot place: undated ones, and bare years on a monthly axis."""
    alias = "m" if series == "meetings" else "s"
    where, params = selection.meeting_sql(alias) if series == "meetings" else selection.statement_sql(alias)
    undated = counts.get(None, 0)
    year_only = sum(n for p, n in counts.items() if p and axis and axis.period(p) is None)
    off = f"({alias}.date is null" + (f" or {alias}.date glob '[0-9][0-9][0-9][0-9]'" if year_only else "") + ")"
    rows = await links.database(datasette).execute(
        OFF_CHART_SQL[series].format(where=where, off=off, limit=LISTED), params)
    shaped = await (facts.meetings if series == "meetings" else facts.statements)(datasette, rows)
    blank = [("date__isblank", "1")] + [
        pair for pair in (selection.meeting_filters() if series == "meetings" else selection.statement_filters())
        if not pair[0].startswith("date__")]
    return {"undated": undated, "year_only": year_only, "items": shaped,
            "undated_url": links.table(datasette, VIEWS[series], blank)}


def chart(rows: list[dict], axis: Axis) -> Markup:
    """A stacked bar chart (SVG) with a labelled, continuous axis; each bar links to its rows."""
    top = max([r["meetings"] + r["statements"] for r in rows] + [1])
    slot = max(6, min(48, 780 // len(rows)))
    left, height, bottom = 36, 220, 30
    width = left + slot * len(rows) + 12
    label = axis_labels(axis)
    parts = [f'<svg class="timeline-chart" role="img" aria-label="Meetings and statements per {axis.unit}" '
             f'width="{width}" height="{height + bottom}" viewBox="0 0 {width} {height + bottom}">']
    parts += _grid(top, left, width, height)
    parts.append(f'<line class="axis-line" x1="{left}" x2="{width - 6}" y1="{height}" y2="{height}"/>')
    for i, row in enumerate(rows):
        x = left + i * slot
        parts += _bar(row, x + 1, slot - 2, top, height, axis.unit)
        text = label.get(row["period"])
        if text:
            parts.append(f'<line class="tick" x1="{x + slot / 2}" x2="{x + slot / 2}" y1="{height}" '
                         f'y2="{height + 4}"/><text class="axis" x="{x + slot / 2}" y="{height + 18}" '
                         f'text-anchor="middle">{escape(text)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def axis_labels(axis: Axis) -> dict[str, str]:
    """Which periods get a label, and the label: enough to read the axis, few enough not to overlap."""
    periods = axis.periods
    if axis.unit == "year":
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if len(periods) / s <= 16)
        return {p: p for i, p in enumerate(periods) if int(p) % step == 0 or i == 0}
    step = next(s for s in (1, 3, 6, 12) if len(periods) / s <= 16)
    labels = {}
    for i, p in enumerate(periods):
        month = int(p[5:7])
        if i == 0 and month != 1:
            labels[p] = f"{MONTH_NAMES[month - 1]} {p[:4]}"
        elif month == 1:
            labels[p] = p[:4]
        elif (month - 1) % step == 0:
            labels[p] = MONTH_NAMES[month - 1]
    return labels


def _grid(top: int, left: int, width: int, height: int) -> list[str]:
    ticks = sorted({0, top // 2, top})
    parts = []
    for tick in ticks:
        y = height - tick / top * (height - 10)
        parts.append(f'<line class="grid" x1="{left}" x2="{width - 6}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="axis" x="{left - 4}" y="{y + 4:.1f}" text-anchor="end">{tick}</text>')
    return parts


def _bar(row: dict, x: float, w: float, top: int, height: int, unit: str) -> list[str]:
    parts, y = [], float(height)
    for series in SERIES:
        n = row[series]
        if not n:
            continue
        h = n / top * (height - 10)
        y -= h
        label = f"{row['period']}: {n} {series if n != 1 else series[:-1]}"
        parts.append(f'<a href="{escape(row[series + "_url"])}"><rect class="bar bar-{series}" x="{x:.1f}" '
                     f'y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"><title>{escape(label)}</title></rect></a>')
    return parts
