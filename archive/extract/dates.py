"""Date expressions in English news text, resolved to ISO dates.

``find_dates(text, reference)`` returns one dict per date expression::

    {"text": "March 31", "start": 200, "end": 208, "value": "2022-03-31", "precision": "day"}

``value`` is ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (by ``precision``: day|month|year), or a
range ``"2022-03-30/2022-03-31"`` whose precision is the coarser of its two ends.  A guess --
"last week", "this week", "a few days later", "two weeks ago" -- also carries
``"approximate": True``; the key is absent otherwise.

Decisions (see ``archive/data/dates.yml`` for every word list):

- Expressions that cannot be resolved are left out: year-less and relative dates without a
  reference, and "days later" before any resolved date.  Every entry has a value.
- ``text`` is the date itself: leading prepositions ("on", "in", "since") are not part of
  it; "last"/"next"/"this", a weekday before a date ("Monday, December 6") and a time of
  day ("Tuesday morning") are.
- A year-less date takes the year that puts it nearest the reference date ("December 28"
  referenced to 2005-01-03 is 2004-12-28); a weekday written with it ("Friday, December 12")
  picks among the candidate years first.  A bare month ("in September") is the nearest such
  month; "last"/"next"/"this September" the one before/after/in the reference year.
- Weekdays: "on Tuesday" is the latest Tuesday on or before the reference date (the
  reference day itself if it is a Tuesday), or the first on or after it when the sentence
  is about the future ("will meet on Tuesday", see ``future_cues``).  "last Tuesday" is
  strictly before (said on a Tuesday it means a week ago); "next Tuesday" strictly after.
- "this week" is the reference day, approximate; "last week"/"next week" seven days
  before/after, approximate; "last month" the previous month (month precision); "last year"
  the previous year (year precision).
- "on the 29th" is the 29th nearest the reference date (previous, same or next month).
- Four-digit years (1900-2099) are dates only after a context word ("in 2003", "of 2003",
  "since 2003", "mid-2003") and not before a count noun ("in 2000 cases"); bare numbers
  ("15,000 people", "Pan Am 103", "G20") never are.
"""
from __future__ import annotations

import bisect
import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from .. import gazetteer

PRECISIONS = ("day", "month", "year")  # finest first
_RANK = {p: i for i, p in enumerate(PRECISIONS)}
_UNIT_PRECISION = {"days": "day", "weeks": "day", "weekday": "day", "months": "month", "years": "year"}


# --- the grammar, built once from the word lists -------------------------------------------

def _key(phrase: str) -> str:
    return " ".join(phrase.lower().split())


def _alt(words) -> str:
    """A regex alternation of ``words``: longest first, any whitespace between words, and
    word boundaries where a word starts or ends with a letter or digit."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in word.split())
        lead = r"\b" if word[0].isalnum() else ""
        tail = r"\b" if word[-1].isalnum() else ""
        parts.append(lead + body + tail)
    return "(?:" + "|".join(parts) + ")"


@dataclass(frozen=True)
class _Grammar:
    data: dict
    month_index: dict        # "aug" -> 8
    weekday_index: dict      # "tuesday" -> 1
    relative: dict           # phrase key -> (anchor, entry)
    patterns: tuple          # (kind, compiled regex)
    connect: re.Pattern
    year_after: re.Pattern
    month_after: re.Pattern
    not_dates: re.Pattern
    future: re.Pattern


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    data = gazetteer.load("dates")
    month_index, month_words, full_months = {}, [], []
    for i, names in enumerate(data["months"], start=1):
        full_months.append(names[0])
        for j, name in enumerate(names):
            month_index[name.lower()] = i
            month_words.append(re.escape(name) + (r"\b" if j == 0 else r"\b\.?"))
    month = "(?:" + "|".join(sorted(month_words, key=len, reverse=True)) + ")"
    full_month = _alt(full_months)
    weekday_index = {w.lower(): i for i, w in enumerate(data["weekdays"])}
    weekday = _alt(data["weekdays"])
    tod = _alt(data["time_of_day"])
    modifier = _alt(data["period_modifiers"])

    day = r"(?P<{0}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?\b"
    year = r"(?P<{0}>(?:19|20)\d\d)\b(?![.,]\d)"
    symbols = [c for c in data["range_connectors"] if not c[0].isalnum()]
    words = [c for c in data["range_connectors"] if c[0].isalnum()]
    connect = (r"(?:\s*(?:" + "|".join(map(re.escape, symbols)) + r")\s*|\s+(?P<conn>"
               + _alt(words) + r")\s+)")
    # within a month ("March 3 and 4") "and" makes a range only after "between"
    day_connect = (r"(?:\s*(?:" + "|".join(map(re.escape, symbols)) + r")\s*|\s+"
                   + _alt(w for w in words if w != "and") + r"\s+)")
    between = r"(?i:(?<=\bbetween\s))"
    weekday_prefix = rf"(?:(?P<wd>{weekday}),?\s+(?:the\s+)?)?"
    not_count = rf"(?!\s*%)(?!\s+(?i:{_alt(data['count_nouns'])}))"

    relative = {}
    for anchor, section in (("reference", "relative"), ("previous", "previous_relative")):
        for phrase, entry in data[section].items():
            relative[_key(phrase)] = (anchor, entry)
    numbers = list(data["numbers"]) + list(data["approximate_numbers"])
    ordinal_follow = _alt(data["ordinal_followers"])

    def mdy(conn):
        return (rf"\b{weekday_prefix}(?P<m>{month})\s+{day.format('d1')}"
                rf"(?:{conn}{day.format('d2')})?(?:,?\s+{year.format('y')})?")

    def dmy(conn):
        return (rf"(?<![\w.,/-]){weekday_prefix}{day.format('d1')}(?:{conn}{day.format('d2')})?"
                rf"\s+(?:of\s+)?(?P<m>{month})(?:,?\s+{year.format('y')})?")

    patterns = (
        # "August 15, 2021", "Aug. 15", "Tuesday, November 30", "March 30-31, 2022", "March 30 to 31"
        ("mdy", mdy(day_connect)),
        ("mdy", between + mdy(connect)),
        # "15 August 2021", "17 November", "30-31 March 2022", "the 15th of August"
        ("dmy", dmy(day_connect)),
        ("dmy", between + dmy(connect)),
        # "September 2021", "October of 2001"
        ("my", rf"\b(?P<m>{month})(?:\s+of)?,?\s+{year.format('y')}"),
        # "in September", "last March", "mid-June"
        ("month", rf"(?i:\b(?P<ctx>{_alt(data['month_context'])}))(?:\s+|-)"
                  rf"(?:(?i:{modifier})(?:\s+|-))?(?P<m>{full_month})"),
        # "in 2003", "since 2003", "in early 2003", "mid-2003"
        ("year", rf"(?i:\b{_alt(data['year_context'])})(?:\s+|-)(?:(?i:{modifier})(?:\s+|-))?"
                 rf"{year.format('y')}{not_count}"),
        ("iso", r"(?<![\w-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d1>\d\d)(?![\w-])"),
        # "Tuesday", "last Tuesday", "Tuesday morning"
        ("weekday", rf"(?:(?i:(?P<mod>{_alt(data['weekday_modifiers'])}))\s+)?(?P<wd>{weekday})"
                    rf"(?:\s+(?P<tod>(?i:{tod})))?"),
        # "yesterday", "last week", "a few days later" (fixed phrases)
        ("relative", rf"(?i:(?P<rel>{_alt(relative)}))(?:\s+(?P<tod>(?i:{tod})))?"),
        # "two days ago", "3 weeks ago", "a few days later"
        ("count", rf"(?i:(?P<num>{_alt(numbers)}|\b\d{{1,2}})(?:\s+|-)(?P<unit>{_alt(data['units'])})"
                  rf"\s+(?P<dir>{_alt(data['directions'])}))"),
        # "on the 29th"
        ("ordinal", rf"(?i:\b{_alt(data['ordinal_context'])}\s+the)\s+"
                    rf"(?P<d1>(?:3[01]|[12]\d|0?[1-9])(?i:st|nd|rd|th))\b"
                    rf"(?=\s*(?:[^\w\s]|$)|\s+(?i:{ordinal_follow}))"),
    )
    cues = data["future_cues"]
    return _Grammar(
        data=data,
        month_index=month_index,
        weekday_index=weekday_index,
        relative=relative,
        patterns=tuple((kind, re.compile(p)) for kind, p in patterns),
        connect=re.compile(connect),
        year_after=re.compile(connect + year.format("y") + not_count),
        month_after=re.compile(connect + rf"(?P<m>{full_month})(?:,?\s+{year.format('y')})?"),
        not_dates=re.compile(_alt(data["not_dates"])),
        future=re.compile(rf"(?i:{_alt(cues)})"),
    )


# --- atoms: one matched expression before resolution ----------------------------------------

@dataclass
class _Atom:
    start: int
    end: int
    kind: str                   # abs | weekday | offset | ordinal
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # abs: a weekday written with the date; weekday: the day
    mode: str | None = None     # weekday: past|future|bare...; abs month: nearest|past|future|same
    anchor: str | None = None   # offset: reference | previous
    entry: dict | None = None   # offset: {"days": -1, "approximate": True} or weekday entry
    until: "_Atom | None" = None  # the end of a range

    def order(self) -> tuple:
        return (self.month or 1, self.day or 1)


_BETWEEN = re.compile(r"(?i)\bbetween\s+$")
_BOUNDARY = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z])|\n")


def _is_between(text: str, start: int) -> bool:
    return bool(_BETWEEN.search(text[max(0, start - 12):start]))


def _is_future(text: str, start: int, g: _Grammar) -> bool:
    """Whether the sentence before ``start`` speaks of the future ("will meet on ...")."""
    window = text[max(0, start - 200):start]
    cut = 0
    for m in _BOUNDARY.finditer(window):
        cut = m.end()
    return bool(g.future.search(window, cut))


def _atom(kind: str, m: re.Match, text: str, g: _Grammar) -> _Atom | None:
    gd = m.groupdict()
    if kind in ("mdy", "dmy", "my", "iso"):
        if kind == "iso":
            start, end = m.start(), m.end()
            month = int(gd["m"])
        else:
            start = m.start("wd") if gd.get("wd") else m.start("d1" if kind == "dmy" else "m")
            end = m.end()
            month = g.month_index[gd["m"].rstrip(".").lower()]
        atom = _Atom(start, end, "abs", month=month,
                     year=int(gd["y"]) if gd.get("y") else None,
                     day=int(gd["d1"]) if gd.get("d1") else None,
                     weekday=g.weekday_index[gd["wd"].lower()] if gd.get("wd") else None)
        if gd.get("d2"):
            atom.until = _Atom(m.start("d2"), end, "abs", year=atom.year, month=month,
                               day=int(gd["d2"]))
            if atom.until.day <= atom.day:
                return None
        if not _valid(atom) or (atom.until and not _valid(atom.until)):
            return None
        return atom
    if kind == "month":
        mode = g.data["month_context"][_key(gd["ctx"])]
        start = m.start("m") if mode == "nearest" else m.start("ctx")  # "last March" is one expression
        return _Atom(start, m.end("m"), "abs", month=g.month_index[gd["m"].lower()], mode=mode)
    if kind == "year":
        return _Atom(m.start("y"), m.end("y"), "abs", year=int(gd["y"]))
    if kind == "weekday":
        mode = g.data["weekday_modifiers"][_key(gd["mod"])] if gd["mod"] else "bare"
        if mode == "bare":
            mode = "future_or_same" if _is_future(text, m.start(), g) else "past_or_same"
        return _Atom(m.start(), m.end(), "weekday", weekday=g.weekday_index[gd["wd"].lower()], mode=mode)
    if kind == "relative":
        anchor, entry = g.relative[_key(gd["rel"])]
        if entry.get("alone") and re.match(r"\s+\w", text[m.end("rel"):m.end("rel") + 2]):
            return None  # "the day before the vote" is relative to the vote, not to a date
        end = m.end()
        if gd["tod"] and ("days" not in entry or _key(gd["rel"]).split()[-1] in g.data["time_of_day"]):
            end = m.end("rel")  # "last week night" is "last week"; "yesterday evening" is whole
        return _Atom(m.start(), end, "offset", anchor=anchor, entry=entry)
    if kind == "count":
        d = g.data
        num = _key(gd["num"])
        n = int(num) if num.isdigit() else d["numbers"].get(num) or d["approximate_numbers"][num]
        unit = d["units"][_key(gd["unit"])]
        direction = d["directions"][_key(gd["dir"])]
        entry = {unit: direction["sign"] * n,
                 "approximate": num in d["approximate_numbers"] or unit == "weeks"}
        return _Atom(m.start(), m.end(), "offset", anchor=direction["anchor"], entry=entry)
    if kind == "ordinal":
        return _Atom(m.start("d1"), m.end("d1"), "ordinal", day=int(gd["d1"][:-2]))
    raise ValueError(kind)


def _valid(atom: _Atom) -> bool:
    if atom.month is not None and not 1 <= atom.month <= 12:
        return False
    if atom.year is not None and atom.year < 1:
        return False
    if atom.day is None:
        return True
    year = atom.year if atom.year is not None else 2000  # a leap year: "February 29" may exist
    return 1 <= atom.day <= calendar.monthrange(year, atom.month)[1]


@lru_cache(maxsize=2)
def _text_atoms(text: str) -> tuple[_Atom, ...]:
    """``_atoms`` of ``text``, kept for the last texts: an article without a publication date is
    read twice, for its reference date and for its dates. The atoms are not changed once found."""
    return tuple(_atoms(text, _grammar()))


def _atoms(text: str, g: _Grammar) -> list[_Atom]:
    """Every date expression in ``text``, longest match first, in text order, ranges merged."""
    candidates = []
    for kind, pattern in g.patterns:
        for m in pattern.finditer(text):
            atom = _atom(kind, m, text, g)
            if atom is not None:
                candidates.append(atom)
    # taken: sorted, non-overlapping (start, end) spans -- names that are not dates first
    taken: list[tuple[int, int]] = []
    for m in g.not_dates.finditer(text):
        taken.append((m.start(), m.end()))
    candidates.sort(key=lambda a: (a.start - a.end, a.start))
    chosen: list[_Atom] = []
    for atom in candidates:
        i = bisect.bisect_left(taken, (atom.start, atom.end))
        if (i > 0 and taken[i - 1][1] > atom.start) or (i < len(taken) and taken[i][0] < atom.end):
            continue
        taken.insert(i, (atom.start, atom.end))
        chosen.append(atom)
    chosen.sort(key=lambda a: a.start)
    return _merge_ranges(text, chosen, g)


def _merge_ranges(text: str, atoms: list[_Atom], g: _Grammar) -> list[_Atom]:
    """Join "March 30 to April 2", "between September and December 1973", "2003-2005"."""
    merged: list[_Atom] = []
    i = 0
    while i < len(atoms):
        a = atoms[i]
        nxt = atoms[i + 1] if i + 1 < len(atoms) else None
        if a.kind == "abs" and a.until is None:
            limit = nxt.start if nxt else len(text)
            m = g.connect.match(text, a.end)
            ok = m and not (m.group("conn") and _key(m.group("conn")) == "and"
                            and not _is_between(text, a.start))
            if ok and nxt and nxt.kind == "abs" and m.end() == nxt.start and nxt.until is None:
                a.until, a.end = nxt, nxt.end
                i += 1
            elif ok and a.day is None:
                follow = g.year_after if a.month is None else g.month_after
                m2 = follow.match(text, a.end)
                if m2 and m2.end() <= limit:
                    gd = m2.groupdict()
                    a.until = _Atom(m2.start("y") if a.month is None else m2.start("m"), m2.end(), "abs",
                                    year=int(gd["y"]) if gd.get("y") else None,
                                    month=g.month_index[gd["m"].lower()] if gd.get("m") else None)
                    a.end = m2.end()
        merged.append(a)
        i += 1
    return merged


# --- resolution ---------------------------------------------------------------------------

def _add_months(d: date, n: int) -> date:
    y, m = divmod(d.month - 1 + n, 12)
    year, month = d.year + y, m + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _weekday_date(ref: date, weekday: int, mode: str) -> date:
    back = (ref.weekday() - weekday) % 7
    ahead = (weekday - ref.weekday()) % 7
    if mode == "past":
        return ref - timedelta(days=back or 7)
    if mode == "future":
        return ref + timedelta(days=ahead or 7)
    if mode == "future_or_same":
        return ref + timedelta(days=ahead)
    return ref - timedelta(days=back)  # past_or_same


def _nearest(cands: list[date], distance) -> date | None:
    return min(cands, key=lambda d: (distance(d), d)) if cands else None


def _year_for(atom: _Atom, ref: date) -> int | None:
    """The year of a year-less month or day: nearest the reference, or as "last"/"next" say."""
    if atom.day is None:
        if atom.mode == "past":
            return ref.year if atom.month < ref.month else ref.year - 1
        if atom.mode == "future":
            return ref.year if atom.month > ref.month else ref.year + 1
        if atom.mode == "same":
            return ref.year
        return _nearest([date(y, atom.month, 1) for y in (ref.year - 1, ref.year, ref.year + 1)],
                        lambda d: abs((d.year - ref.year) * 12 + d.month - ref.month)).year
    cands = []
    for y in (ref.year - 1, ref.year, ref.year + 1):
        if atom.day <= calendar.monthrange(y, atom.month)[1]:
            cands.append(date(y, atom.month, atom.day))
    if atom.weekday is not None:
        # the weekday only decides between years that are both plausible (within ~6 months);
        # it does not move a date a year away to fit a misprinted weekday
        close = [d for d in cands if abs((d - ref).days) <= 200] or cands
        cands = [d for d in close if d.weekday() == atom.weekday] or close
    best = _nearest(cands, lambda d: abs((d - ref).days))
    return best.year if best else None  # February 29 with no leap year within a year


def _abs(atom: _Atom, ref: date | None, year: int | None = None):
    """(date, precision) of an absolute atom, or None when its year cannot be known."""
    year = atom.year if atom.year is not None else year
    if year is None:
        if ref is None or atom.month is None:
            return None
        year = _year_for(atom, ref)
        if year is None:
            return None
    if atom.month is None:
        return date(year, 1, 1), "year"
    if atom.day is None:
        return date(year, atom.month, 1), "month"
    if atom.day > calendar.monthrange(year, atom.month)[1]:
        return None
    return date(year, atom.month, atom.day), "day"


def _abs_range(atom: _Atom, ref: date | None):
    """((start, end), precision) of an absolute atom that may be a range."""
    b = atom.until
    if b is None:
        first = _abs(atom, ref)
        return first and ((first[0], None), first[1])
    if b.month is None and b.year is None:
        return None
    if atom.year is None and b.year is not None:
        first = _abs(atom, ref, b.year - (atom.order() > b.order()))
    else:
        first = _abs(atom, ref)
    if first is None:
        return None
    second = _abs(b, ref, first[0].year + (b.order() < atom.order()))
    if second is None or second[0] < first[0]:
        return None
    return (first[0], second[0]), PRECISIONS[max(_RANK[first[1]], _RANK[second[1]])]


def _offset(anchor: date, entry: dict):
    """(date, precision) of an offset entry ({"days": -1}, {"weekday": 5, "mode": ...})."""
    if "weekday" in entry:
        return _weekday_date(anchor, entry["weekday"], entry["mode"]), "day"
    for unit in ("days", "weeks", "months", "years"):
        if unit in entry:
            n = entry[unit]
            if unit == "days":
                return anchor + timedelta(days=n), "day"
            if unit == "weeks":
                return anchor + timedelta(weeks=n), "day"
            return _add_months(anchor, n * (12 if unit == "years" else 1)), _UNIT_PRECISION[unit]
    raise ValueError(f"date offset without a unit: {entry}")


def _resolve(atom: _Atom, ref: date | None, prev):
    """((start, end|None), precision, approximate) of ``atom``, or None."""
    if atom.kind == "abs":
        r = _abs_range(atom, ref)
        return r and (r[0], r[1], False)
    if atom.kind == "weekday":
        return ref and ((_weekday_date(ref, atom.weekday, atom.mode), None), "day", False)
    if atom.kind == "ordinal":
        if ref is None:
            return None
        cands = []
        for n in (-1, 0, 1):
            first = _add_months(ref.replace(day=1), n)
            if atom.day <= calendar.monthrange(first.year, first.month)[1]:
                cands.append(first.replace(day=atom.day))
        d = _nearest(cands, lambda d: abs((d - ref).days))
        return d and ((d, None), "day", False)
    entry = atom.entry
    unit = next(u for u in _UNIT_PRECISION if u in entry)
    if atom.anchor == "reference":
        base, approximate = ref, False
    else:
        # an offset from the previous date needs that date to be at least as fine as the unit
        if prev is None or _RANK[prev[1]] > _RANK[_UNIT_PRECISION[unit]]:
            return None
        base, approximate = prev[0], prev[2]
    if base is None:
        return None
    d, precision = _offset(base, entry)
    return (d, None), precision, approximate or bool(entry.get("approximate"))


def _format(d: date, precision: str) -> str:
    if precision == "day":
        return d.isoformat()
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return f"{d.year:04d}"


def _as_date(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        return None


def _resolved(text: str, ref: date | None, floor: bool = False):
    """(atom, (start, end), precision, approximate) of every resolvable expression, in order.

    With ``floor``, a year-less date falls on or after ``ref`` (see ``find_dates``), and
    expressions counted from it ("a few days later") follow it there.
    """
    prev = None  # (date, precision, approximate) of the previous resolved expression
    for atom in _text_atoms(text):
        try:
            r = _resolve(atom, ref, prev)
        except (ValueError, OverflowError):  # beyond datetime's years 1-9999
            r = None
        if r is None:
            continue
        (first, last), precision, approximate = r
        if floor and ref and _yearless(atom) and first < ref:
            first, last = _next_year(first), _next_year(last) if last else None
        prev = (last or first, precision, approximate)
        yield atom, (first, last), precision, approximate


def _yearless(atom: _Atom) -> bool:
    """An absolute date whose year the text does not give ("March 31", "30-31 March")."""
    return atom.kind == "abs" and atom.year is None and not (atom.until and atom.until.year is not None)


# --- public API ---------------------------------------------------------------------------

def find_dates(text: str, reference: str | date | None = None, *, floor: bool = False) -> list[dict]:
    """Every resolvable date expression in ``text``, in order; relative and year-less ones
    resolve against ``reference`` (ISO date, see ``reference_date``).

    ``floor``: the reference is only a lower bound on when the text was written (the latest
    date it states, when it has no publication date), so a year-less date falls on or after it.
    """
    ref = _as_date(reference)
    out = []
    for atom, (first, last), precision, approximate in _resolved(text, ref, floor):
        value = _format(first, precision)
        if last is not None:
            value += "/" + _format(last, precision)
        entry = {"text": text[atom.start:atom.end], "start": atom.start, "end": atom.end,
                 "value": value, "precision": precision}
        if approximate:
            entry["approximate"] = True
        out.append(entry)
    return out


def _next_year(d: date) -> date:
    try:
        return d.replace(year=d.year + 1)
    except ValueError:  # February 29
        return d.replace(year=d.year + 1, day=28)


def reference_date(text: str, published: str | None) -> str | None:
    """The date relative expressions resolve against: ``published`` if it is a date, else the
    latest full date (day, month and year) written in ``text``, else None."""
    pub = _as_date(published)
    if pub is not None:
        return pub.isoformat()
    latest = None
    for atom, (first, last), precision, _ in _resolved(text, None):
        if atom.kind == "abs" and precision == "day":
            d = last or first
            latest = d if latest is None or d > latest else latest
    if latest is None:
        latest = _month_line(text)
    return latest.isoformat() if latest else None


def _month_line(text: str):
    """A first line that is only a month and year ("December 2004", as scraped news pages open):
    the first day of that month, so that "8 December" later finds its year (dates of an article
    without a publication date are read as falling on or after its reference)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    if len(first.split()) > 3:
        return None
    for atom, (start, last), precision, _ in _resolved(first, None):
        if atom.kind == "abs" and precision == "month" and start:
            return date(start.year, start.month, 1)
    return None


def date_for_span(dates: list[dict], start: int, end: int, *, window_text: str | None = None) -> dict | None:
    """The date of the span [start, end): the finest, then first, date entry inside it; failing
    that, when ``window_text`` (the text the offsets index) is given, the nearest entry before
    ``start`` in the same sentence.  Entries without a value are ignored."""
    dated = [d for d in dates if d.get("value")]
    inside = [d for d in dated if d["start"] >= start and d["end"] <= end]
    if inside:
        return min(inside, key=lambda d: (_RANK[d["precision"]], bool(d.get("approximate")), d["start"]))
    if window_text is None:
        return None
    sentence_start = _sentence_start(window_text, start)
    before = [d for d in dated if d["start"] >= sentence_start and d["end"] <= start]
    return max(before, key=lambda d: d["end"]) if before else None


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` starts (a cheap heuristic: a full stop, ! or ?
    before a capital, unless after a short capitalised word such as "Mr" or "Gen")."""
    lo = max(0, pos - 1000)
    start = lo
    for m in _BOUNDARY.finditer(text, lo, pos + 2):  # + 2: the look-ahead sees the capital
        if m.end() > pos:
            break
        word = re.search(r"(\S+)$", text[max(lo, m.start() - 12):m.start()])
        if m.group() != "\n" and word and re.fullmatch(r"[A-Z][a-z]{0,2}|(?:[A-Za-z]\.)*[A-Za-z]", word.group(1)):
            continue
        start = m.end()
    return start
