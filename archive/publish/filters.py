"""What an analyst narrowed a page to, read from the URL: countries, a person, a date range, a size limit.

One ``Selection`` filters every page the same way: the map, who meets whom, the
timeline and the lists their numbers link to. It gives

- SQL conditions with named parameters over ``meeting_rows`` and
  ``statement_rows``, the summary tables made from the views ``archive_meetings``
  and ``statements_view`` (see archive/summaries.py); a country or person is
  looked up in the indexed ``meeting_members`` and ``statement_members``;
- the same conditions as Datasette table filters, for links to the rows behind
  a number;
- the page's own query parameters, to carry the selection from page to page.

Values are validated before use; a bad value is a 400, never a 500.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from datasette.utils.asgi import BadRequest, NotFound

from . import links

DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
COUNTRY_LIMIT = 10  # a selection names at most this many countries
PEOPLE_CHOICES = 500  # the form offers the people in most meetings (and the one chosen)
# The choices of the selection form: every country in a meeting and the people in most meetings
# (and, for pages that show statements too, every country a statement is about or by, and the
# speakers who said most). member_totals is a summary table (archive/summaries.py).
CHOICES_SQL = {
    "countries": """
select iso2, name from countries where iso2 in (
  select member from member_totals where kind in ({kinds})) order by name""",
    "people": """
select id, name from people where id in (
  select cast(member as integer) from ({top}) union select cast(:person as integer)) order by name""",
}
# The people in most meetings (or statements): one kind read in the order of its index, or two summed.
TOP_OF_KIND = "select member from member_totals where kind = {kinds} order by n desc, member limit {limit}"
TOP_OF_KINDS = """select member from member_totals where kind in ({kinds})
group by member order by sum(n) desc, member limit {limit}"""
CHOICE_KINDS = {False: {"countries": "'country'", "people": "'person'"},
                True: {"countries": "'country', 'statement country'", "people": "'person', 'speaker'"}}
MEETINGS_OF = "select meeting_id from meeting_members where kind = '{kind}' and member = {value}"
STATEMENTS_OF = "select statement_id from statement_members where member = {value}"


@dataclass(frozen=True)
class Selection:
    """Countries that all took part, a person, a date range and the largest meeting to count."""

    countries: tuple[str, ...] = ()
    person: int | None = None
    date_from: str | None = None  # YYYY, YYYY-MM or YYYY-MM-DD, inclusive
    date_to: str | None = None    # inclusive: "2005" takes in all of 2005
    max_countries: int | None = None

    @classmethod
    def from_args(cls, args) -> "Selection":
        """The selection in ``?country=CN&country=US&person=13&from=2004&to=2005-06&max=6``."""
        countries = []
        for value in args.getlist("country"):
            if value.strip():
                code = links.iso2(value)
                if code is None:
                    raise BadRequest(f"country={value!r} is not an ISO 3166 alpha-2 code such as CN")
                if code not in countries:
                    countries.append(code)
        if len(countries) > COUNTRY_LIMIT:
            raise BadRequest(f"at most {COUNTRY_LIMIT} countries at once")
        date_from, date_to = _date(args, "from"), _date(args, "to")
        if date_from and date_to and date_from > date_to:
            date_from, date_to = date_to, date_from
        return cls(tuple(countries), _positive(args, "person"), date_from, date_to, _positive(args, "max"))

    @classmethod
    async def checked(cls, datasette, args) -> "Selection":
        """``from_args``, and a 404 for a person or country the archive does not hold."""
        selection = cls.from_args(args)
        if selection.person is not None and not await links.exists(datasette, "people", "id", selection.person):
            raise NotFound(f"No person with id {selection.person}")
        for code in selection.countries:
            if not await links.exists(datasette, "countries", "iso2", code):
                raise NotFound(f"No country with code {code}")
        return selection

    def but(self, **changes) -> "Selection":
        return replace(self, **changes)

    @property
    def until(self) -> str | None:
        """The first date after the range: dates (and ranges "a/b") sort below it as text."""
        return _next_period(self.date_to) if self.date_to else None

    # SQL ------------------------------------------------------------------

    def meeting_sql(self, alias: str = "m") -> tuple[str, dict]:
        """A WHERE condition on ``meeting_rows`` (as ``alias``) and its parameters."""
        conditions, params = [], {}
        within = self._member_dates()  # a member's index holds the dates: it answers the range too
        for n, code in enumerate(self.countries):
            conditions.append(f"{alias}.id in ({MEETINGS_OF.format(kind='country', value=f':country{n}')}{within})")
            params[f"country{n}"] = code
        if self.person is not None:
            conditions.append(f"{alias}.id in ({MEETINGS_OF.format(kind='person', value=':person')}{within})")
            params["person"] = str(self.person)
        if self.max_countries is not None:
            conditions.append(f"{alias}.country_count <= :max_countries")
            params["max_countries"] = self.max_countries
        return _dated(conditions, params, alias, self)

    def statement_sql(self, alias: str = "s") -> tuple[str, dict]:
        """A WHERE condition on ``statement_rows``: said by the person, about or by every country."""
        conditions, params = [], {}
        for n, code in enumerate(self.countries):
            conditions.append(f"{alias}.id in ({STATEMENTS_OF.format(value=f':country{n}')}{self._member_dates()})")
            params[f"country{n}"] = code
        if self.person is not None:
            conditions.append(f"{alias}.speaker_id = :person")
            params["person"] = self.person
        return _dated(conditions, params, alias, self)

    def _member_dates(self) -> str:
        """The date range as a condition inside a member subquery (parameters as in ``_dated``)."""
        return ("".join([" and date >= :date_from" if self.date_from else "",
                         " and date < :date_until" if self.date_to else ""]))

    @property
    def members(self) -> int:
        """How many countries and people the selection names."""
        return len(self.countries) + (self.person is not None)

    @property
    def one_member(self) -> tuple[str, str] | None:
        """("country", code) or ("person", id as text) when the selection names exactly one."""
        if self.members != 1:
            return None
        return ("country", self.countries[0]) if self.countries else ("person", str(self.person))

    @property
    def by_month(self) -> bool:
        """True if the date range starts and ends with whole months (or has no ends):
        then monthly counts (``period_counts``, ``member_counts``, ``pair_counts``) answer it."""
        return all(d is None or len(d) <= 7 for d in (self.date_from, self.date_to))

    def period_sql(self, column: str = "period") -> tuple[str, dict]:
        """The date range and size limit as a condition on a summary's ``period`` and ``country_count``."""
        conditions, params = [], {}
        if self.max_countries is not None:
            conditions.append("country_count <= :max_countries")
            params["max_countries"] = self.max_countries
        return _dated(conditions, params, None, self, column)

    # Links ----------------------------------------------------------------

    def meeting_filters(self) -> list[tuple[str, str]]:
        """The selection as Datasette filters on ``meeting_rows``."""
        pairs = [member_filter("country", code) for code in self.countries]
        if self.person is not None:
            pairs.append(member_filter("person", str(self.person)))
        if self.max_countries is not None:
            pairs.append(("country_count__lte", str(self.max_countries)))
        return pairs + self._date_filters()

    def statement_filters(self) -> list[tuple[str, str]]:
        """The selection as Datasette filters on ``statement_rows``."""
        pairs = [("_where", f"id in ({STATEMENTS_OF.format(value=sql_text(code))})") for code in self.countries]
        if self.person is not None:
            pairs.append(("speaker_id", str(self.person)))
        return pairs + self._date_filters()

    def params(self) -> list[tuple[str, str]]:
        """The selection as this module reads it from a page URL."""
        pairs = [("country", code) for code in self.countries]
        for key, value in (("person", self.person), ("from", self.date_from), ("to", self.date_to),
                           ("max", self.max_countries)):
            if value is not None:
                pairs.append((key, str(value)))
        return pairs

    def _date_filters(self) -> list[tuple[str, str]]:
        # Not date__gte=2004: Datasette compares a value of digits only as a number, and a
        # number sorts below every text date. The dates are validated, so they can stand in SQL.
        pairs = []
        if self.date_from:
            pairs.append(("_where", f"date >= '{self.date_from}'"))
        if self.date_to:
            pairs.append(("_where", f"date < '{self.until}'"))
        return pairs


def meeting_count_sql(selection: Selection) -> tuple[str, dict]:
    """How many meetings the selection holds: from the index of its one member, else from the rows."""
    if selection.one_member:
        where, params = selection.but(countries=(), person=None).period_sql("date")
        kind, member = selection.one_member
        return (f"select count(*) from meeting_members where kind = :member_kind and member = :member and {where}",
                {**params, "member_kind": kind, "member": member})
    where, params = selection.meeting_sql("m")
    return f"select count(*) from meeting_rows m where {where}", params


def newest_meetings_sql(selection: Selection, limit: int) -> tuple[str, dict]:
    """A WHERE condition on ``meeting_rows m``: the newest ``limit`` meetings of the selection, read from
    the index of its one member (else the selection's condition, to be ordered and limited by the caller)."""
    if selection.one_member:
        where, params = selection.but(countries=(), person=None).period_sql("date")
        kind, member = selection.one_member
        return (f"m.id in (select meeting_id from meeting_members where kind = :member_kind and member = :member "
                f"and {where} order by date desc, meeting_id desc limit {int(limit)})",
                {**params, "member_kind": kind, "member": member})
    return selection.meeting_sql("m")


def statement_count_sql(selection: Selection) -> tuple[str, dict]:
    """How many statements the selection holds: from the index of its one country, else from the rows."""
    if selection.countries and selection.members == 1:
        where, params = selection.but(countries=(), max_countries=None).period_sql("date")
        return (f"select count(*) from statement_members where member = :member and {where}",
                {**params, "member": selection.countries[0]})
    where, params = selection.statement_sql("s")
    return f"select count(*) from statement_rows s where {where}", params


def newest_statements_sql(selection: Selection, limit: int) -> tuple[str, dict]:
    """``newest_meetings_sql`` for statements (``statement_rows s``), by the index of one country."""
    if selection.countries and selection.members == 1:
        where, params = selection.but(countries=(), max_countries=None).period_sql("date")
        return (f"s.id in (select statement_id from statement_members where member = :member and {where} "
                f"order by date desc, statement_id desc limit {int(limit)})", {**params, "member": selection.countries[0]})
    return selection.statement_sql("s")


def sql_text(value: str) -> str:
    """``value`` as an SQL string literal, for the ``_where`` of a link."""
    return "'" + value.replace("'", "''") + "'"


def member_filter(kind: str, member: str) -> tuple[str, str]:
    """The Datasette filter on ``meeting_rows``: meetings in which this country or person took part."""
    return "_where", f"id in ({MEETINGS_OF.format(kind=kind, value=sql_text(member))})"


def _dated(conditions: list[str], params: dict, alias: str | None, selection: Selection,
           column: str = "date") -> tuple[str, dict]:
    where = f"{alias}.{column}" if alias else column
    if selection.date_from:
        conditions.append(f"{where} >= :date_from")
        params["date_from"] = selection.date_from
    if selection.date_to:
        conditions.append(f"{where} < :date_until")
        params["date_until"] = selection.until
    return (" and ".join(conditions) if conditions else "1"), params


def _date(args, key: str) -> str | None:
    value = (args.get(key) or "").strip()
    if not value:
        return None
    match = DATE.match(value)
    try:
        if match is None:
            raise ValueError
        year, month, day = (int(g) if g else 1 for g in match.groups())
        date(year, month, day)
    except ValueError:
        raise BadRequest(f"{key}={value!r} is not a date such as 2004, 2004-11 or 2004-11-17") from None
    return value


def _positive(args, key: str) -> int | None:
    value = (args.get(key) or "").strip()
    if not value:
        return None
    number = links.integer(value)
    if number is None or number < 1:
        raise BadRequest(f"{key}={value!r} is not a positive whole number")
    return number


def _next_period(value: str) -> str:
    """The start of the year, month or day after ``value`` (YYYY, YYYY-MM, YYYY-MM-DD)."""
    year, month, day = DATE.match(value).groups()
    if day:
        return (date(int(year), int(month), int(day)) + timedelta(days=1)).isoformat()
    if month:
        y, m = (int(year), int(month) + 1) if month != "12" else (int(year) + 1, 1)
        return f"{y:04d}-{m:02d}"
    return f"{int(year) + 1:04d}"


async def choices(datasette, statements: bool = False, person: int | None = None) -> dict:
    """``countries`` and ``people`` to choose from in the form: those in meetings (and statements)."""
    db = links.database(datasette)
    kinds = CHOICE_KINDS[statements]
    top = (TOP_OF_KINDS if "," in kinds["people"] else TOP_OF_KIND).format(kinds=kinds["people"], limit=PEOPLE_CHOICES)
    return {key: [dict(row) for row in await db.execute(
                sql.format(kinds=kinds[key], top=top), {"person": str(person)})]
            for key, sql in CHOICES_SQL.items()}
