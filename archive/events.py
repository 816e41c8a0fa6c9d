"""Archive meetings: one record per real meeting, however many articles report it.

Each article's meeting is a *report* (a ``meetings`` row). ``link`` groups the
reports of the whole archive into *events* (archive meetings) and rebuilds the
``events``, ``event_countries`` and ``event_people`` tables from them; after a load,
``relink`` regroups only the reports the changed articles can affect, with the same
result (see "Linking what a load changed" below). Two
reports tell the same meeting when (see ``same_meeting`` and docs/meetings.md):

- they come from different articles (an article's own meetings are already one
  per event);
- their kinds agree: a call is only ever the same as a call;
- their date windows overlap: a dated report spans its day, month, year or range
  (widened by ``DATE_SLACK_DAYS``); an undated one the ``UNDATED_HELD_DAYS``
  before its article's publication if held, or the ``UNDATED_PLANNED_DAYS``
  after it if planned; a planned and a held report link only when both are
  dated by their own text;
- their places agree: the same place row, or either has none;
- their participants agree: at least ``MIN_SHARED_COUNTRIES`` shared countries
  with a Jaccard index of at least ``MIN_COUNTRY_JACCARD``, or
  ``MIN_SHARED_PEOPLE`` shared people, or one shared person with that Jaccard
  index; or, for two summits or conferences, the same place and date.

Reports join the best-matching event in a fixed order (date, then text), so the
result does not depend on file names or load order; an event's date window and
place must agree with every report in it. The analyst's decisions
(``event_links``, from curation.yml) come first: reports said to tell different
meetings never share an event, and reports said to tell the same one always do.
"""
from __future__ import annotations

import bisect
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

DATE_SLACK_DAYS = 1  # time zones and "yesterday" told a day apart
UNDATED_HELD_DAYS = 7  # an undated report of a held meeting: the week before publication
UNDATED_PLANNED_DAYS = 365  # an undated planned meeting: the year after publication
MIN_SHARED_COUNTRIES = 2
MIN_COUNTRY_JACCARD = 0.5
MIN_SHARED_PEOPLE = 2
_PRECISION = {"day": 3, "month": 2, "year": 1}


@dataclass
class Report:
    """One article's meeting, as the linker sees it."""

    id: int
    key: str
    article_id: int
    kind: str | None
    status: str
    date: str | None
    precision: str | None
    published: str | None
    place_id: int | None
    place_resolved: bool
    chair_id: int | None
    countries: frozenset
    people: frozenset
    evidence: str
    window: tuple[date, date] | None = None

    @property
    def dated(self) -> bool:
        return self.date is not None


@dataclass
class Event:
    reports: list[Report] = field(default_factory=list)
    window: tuple[date, date] | None = None

    @property
    def articles(self) -> set[int]:
        return {r.article_id for r in self.reports}

    @property
    def place_id(self) -> int | None:
        return next((r.place_id for r in self.reports if r.place_id is not None), None)


# Linking ----------------------------------------------------------------------------------

def link(db) -> int:
    """Rebuild the archive meetings from every report not rejected or cancelled; returns their number."""
    reports = load_reports(db)
    same, apart = _decisions(db)
    events = group(reports, same, apart)
    _store(db, events)
    db.execute("DELETE FROM report_windows")
    _store_windows(db, reports)
    return len(events)


def load_reports(db, ids: list[int] | None = None, before: bool = False) -> list[Report]:
    """The reports to link (not rejected, not cancelled): every one, or those of these meeting ids;
    ``before``: as they were before the curation decisions being applied (``upkeep.track``)."""
    chosen = "" if ids is None else " WHERE meeting_id IN (SELECT value FROM json_each(:ids))"
    params = {} if ids is None else {"ids": json.dumps(sorted(ids))}
    prefix = "before_" if before else ""
    countries, people = {}, {}
    for meeting_id, iso2 in db.execute(f"SELECT meeting_id, iso2 FROM {prefix}meeting_countries{chosen}", params):
        countries.setdefault(meeting_id, []).append(iso2)
    for meeting_id, person_id in db.execute(f"SELECT meeting_id, person_id FROM {prefix}meeting_people{chosen}",
                                            params):
        people.setdefault(meeting_id, []).append(person_id)
    rows = db.execute(
        f"""SELECT m.id, m.key, m.article_id, m.kind, m.status, m.date, m.date_precision, a.published,
                  m.place_id, COALESCE(pl.resolved, 0), m.chair_id, m.evidence
           FROM {prefix}meetings m JOIN articles a ON a.id = m.article_id LEFT JOIN places pl ON pl.id = m.place_id
           WHERE NOT m.rejected AND m.status != 'cancelled'
           {'' if ids is None else 'AND m.id IN (SELECT value FROM json_each(:ids))'}""", params).fetchall()
    out = []
    for (id_, key, article_id, kind, status, day, precision, published, place_id, resolved, chair_id,
         evidence) in rows:
        r = Report(id_, key, article_id, kind, status, day, precision, published, place_id, bool(resolved),
                   chair_id, frozenset(countries.get(id_, ())), frozenset(people.get(id_, ())), evidence or "")
        r.window = window(r)
        out.append(r)
    return out


def group(reports: list[Report], same=(), apart=()) -> list[Event]:
    """Reports grouped into events (see the module docstring), in a fixed order."""
    apart_keys = {frozenset(p) for p in apart}
    alone = {a for a, b in apart if b is None}
    events: list[Event] = []
    blocks = _Blocks()
    for r in sorted(reports, key=_order):
        best, best_score = None, 0.0
        for e in blocks.candidates(r):
            if r.key in alone or any(x.key in alone for x in e.reports):
                continue
            if any(frozenset((r.key, x.key)) in apart_keys for x in e.reports):
                continue
            score = _fit(e, r)
            if score > best_score:
                best, best_score = e, score
        if best is None:
            best = Event([r], r.window)
            events.append(best)
        else:
            best.reports.append(r)
            best.window = _intersect(best.window, r.window)
        blocks.add(best, r)
    return _join_decided(events, same, apart_keys, alone)


class _Blocks:
    """The events a report may join, without comparing it with every event of the archive.

    ``similarity`` is 0 unless two reports share a country or a person, or (a summit told
    twice) a place, so an event is looked up by those. Reports come in the order of their
    date windows, so an event whose window ended before a dated report's window starts can
    join no later dated report: it leaves the ``active`` blocks (undated reports, which come
    last, still see it in ``every``). The result is the same as comparing with every event.
    """

    def __init__(self):
        self.active: dict = {}
        self.every: dict = {}
        self.order: dict[int, int] = {}

    @staticmethod
    def _keys(r: Report):
        return [("c", c) for c in r.countries] + [("p", p) for p in r.people] + \
            ([("l", r.place_id)] if r.place_id is not None else [])

    def add(self, e: Event, r: Report) -> None:
        self.order.setdefault(id(e), len(self.order))
        for key in self._keys(r):
            for index in (self.active, self.every):
                block = index.setdefault(key, {})
                block[id(e)] = e

    def candidates(self, r: Report) -> list[Event]:
        found = {}
        start = r.window[0] if r.window is not None else None
        for key in self._keys(r):
            block = (self.active if start is not None else self.every).get(key, {})
            if start is not None:
                ended = [k for k, e in block.items() if e.window is not None and e.window[1] < start]
                for k in ended:
                    del block[k]
            found.update(block)
        return sorted(found.values(), key=lambda e: self.order[id(e)])


def _order(r: Report):
    start = r.window[0] if r.window else date.max
    return (start, r.published or "", r.evidence, r.key)


def _fit(e: Event, r: Report) -> float:
    """How well report ``r`` fits event ``e`` (0: not at all): the best match with one of its reports,
    provided the event's window and place agree with ``r``."""
    if r.article_id in e.articles:
        return 0.0
    if e.window is not None and r.window is not None and _intersect(e.window, r.window) is None:
        return 0.0
    if e.place_id is not None and r.place_id is not None and e.place_id != r.place_id:
        return 0.0
    return max(similarity(x, r) for x in e.reports)


def same_meeting(a: Report, b: Report) -> bool:
    """Whether two reports, taken alone, tell the same meeting."""
    return similarity(a, b) > 0


def similarity(a: Report, b: Report) -> float:
    """0 when two reports cannot tell the same meeting, else a score (higher: more alike)."""
    if a.article_id == b.article_id or not _kinds_agree(a.kind, b.kind):
        return 0.0
    if a.status != b.status and not (a.dated and b.dated):
        return 0.0  # a planned meeting and a held one only when both texts date them
    if a.window is not None and b.window is not None and _intersect(a.window, b.window) is None:
        return 0.0
    if a.place_id is not None and b.place_id is not None and a.place_id != b.place_id:
        return 0.0
    shared_c, shared_p = a.countries & b.countries, a.people & b.people
    union_c = a.countries | b.countries
    jaccard = len(shared_c) / len(union_c) if union_c else 0.0
    agree = (len(shared_c) >= MIN_SHARED_COUNTRIES and jaccard >= MIN_COUNTRY_JACCARD) \
        or len(shared_p) >= MIN_SHARED_PEOPLE or (shared_p and jaccard >= MIN_COUNTRY_JACCARD)
    if not agree and not _same_gathering(a, b):
        return 0.0
    return 1.0 + jaccard + len(shared_p) + (a.place_id is not None and a.place_id == b.place_id)


def _same_gathering(a: Report, b: Report) -> bool:
    """Two reports of a summit or conference in the same place, on the same date (or overlapping days)."""
    gatherings = ("summit", "conference")
    if not (a.kind in gatherings and b.kind in gatherings and a.place_id is not None and a.place_id == b.place_id
            and a.dated and b.dated):
        return False
    return a.date == b.date or a.precision == b.precision == "day"


def _kinds_agree(a: str | None, b: str | None) -> bool:
    return a == b or "call" not in (a, b)


# Linking what a load changed ----------------------------------------------------------------
#
# ``group`` gives a report to an event only if it is similar to one of the event's reports
# (``_fit`` is 0 otherwise), and an event's state (window, place, articles) is that of its
# reports; the order of events and reports is the global one (``_order``). So the events of
# a set of reports closed under similarity (and under the analyst's "same" decisions) are the
# same whether ``group`` sees that set alone or the whole archive. ``relink`` regroups only
# the closure of what a load changed: the reports of the changed articles, and those similar
# to a report the load removed (a replaced article's). Every other archive meeting is
# exactly what a full ``link`` would make of it.


@dataclass
class Relinked:
    """What ``relink`` rewrote: the ids of the archive meetings it removed and of those it wrote."""

    removed: set = field(default_factory=set)
    written: set = field(default_factory=set)

    @property
    def touched(self) -> set:
        return self.removed | self.written


def lost_reports(db, article_id: int) -> tuple[list[Report], set]:
    """An article's linked reports and their archive meetings, read before its facts are replaced."""
    ids = [r[0] for r in db.execute("SELECT id FROM meetings WHERE article_id = ?", [article_id]).fetchall()]
    reports = load_reports(db, ids) if ids else []
    events = {r[0] for r in db.execute("SELECT DISTINCT event_id FROM meetings WHERE article_id = ? "
                                       "AND event_id IS NOT NULL", [article_id]).fetchall()}
    return reports, events


def relink(db, articles, lost: list[Report] = (), lost_events=()) -> Relinked:
    """Relink the reports of these articles (stored or replaced) and every report they can affect."""
    seeds = _seeds(db, articles, lost_events)
    while True:
        reports = _closure(db, seeds, lost)
        old = {r[0] for r in db.execute(
            "SELECT DISTINCT event_id FROM meetings WHERE event_id IS NOT NULL "
            "AND id IN (SELECT value FROM json_each(?))", [json.dumps(sorted(reports))]).fetchall()} | set(lost_events)
        # Every report of an archive meeting rewritten must be regrouped (it is, as the closure is
        # made of whole groups; checked so that no report is ever left pointing at a removed one).
        # (A report rejected or cancelled since, by a curation, leaves its archive meeting: not regrouped.)
        outside = [r[0] for r in db.execute(
            "SELECT id FROM meetings WHERE event_id IN (SELECT value FROM json_each(?)) "
            "AND NOT rejected AND status != 'cancelled'",
            [json.dumps(sorted(old))]).fetchall() if r[0] not in reports]
        if not outside:
            break
        seeds = sorted(reports) + outside
    same, apart = _decisions(db)
    events = group(list(reports.values()), same, apart)
    written = _replace(db, old, events)
    _store_windows(db, list(reports.values()))
    return Relinked(removed=old, written=written)


def _seeds(db, articles, lost_events) -> list[int]:
    """The reports of the changed articles and those left in the archive meetings that lost one."""
    sql = """SELECT id FROM meetings WHERE article_id IN (SELECT value FROM json_each(:articles))
             UNION SELECT id FROM meetings WHERE event_id IN (SELECT value FROM json_each(:events))"""
    return [r[0] for r in db.execute(sql, {"articles": json.dumps(sorted(articles)),
                                           "events": json.dumps(sorted(lost_events))}).fetchall()]


def _closure(db, seeds: list[int], lost: list[Report]) -> dict[int, Report]:
    """The linkable reports among ``seeds`` and every report similar to one of them (or to a lost
    report), or tied to one by a "same" decision, transitively: {id: report}. Each report is read
    once, and the windows of each block's reports once (``_Windows``): a decision on a person in
    14,000 meetings asks for that person's reports 14,000 times."""
    found = {r.id: r for r in load_reports(db, seeds)}
    loaded: dict[int, Report | None] = dict(found)  # None: not linkable (rejected, cancelled)
    windows, same = _Windows(db), _same_keys(db)
    frontier = list(found.values()) + list(lost)
    while frontier:
        r = frontier.pop()
        ids = _neighbour_ids(windows, r) | _decided_ids(db, same.get(r.key, ()))
        missing = [i for i in ids if i not in loaded]
        loaded.update({x.id: x for x in load_reports(db, missing)})
        for i in sorted(ids):
            x = loaded.setdefault(i, None)
            if x is not None and x.id not in found and (similarity(r, x) > 0 or x.key in same.get(r.key, ())):
                found[x.id] = x
                frontier.append(x)
    return found


# Reports that share a country, a person or the place with a report, and whose windows meet its own.
NEIGHBOURS_SQL = {
    "c": "SELECT meeting_id FROM meeting_countries WHERE iso2 = :key",
    "p": "SELECT meeting_id FROM meeting_people WHERE person_id = :key",
    "l": "SELECT id FROM meetings WHERE place_id = :key",
}


class _Windows:
    """The reports of a block key whose stored windows (``report_windows``) meet a report's. A key asked
    for a few times is asked of SQLite each time; one asked for more often (a person in thousands of
    the reports being relinked) has its windows read once, sorted by their first day, and found by
    bisection."""

    ASKED = 8  # times a key is asked of SQLite before its windows are kept

    def __init__(self, db):
        self.db, self.by_key, self.asked = db, {}, Counter()

    def meeting(self, kind: str, key, window) -> set:
        """Ids of the reports of block (kind, key) whose window meets ``window`` (None: any)."""
        first, last = (window[0].isoformat(), window[1].isoformat()) if window else (None, None)
        self.asked[(kind, key)] += 1
        if (kind, key) not in self.by_key and self.asked[(kind, key)] <= self.ASKED:
            sql = f"""SELECT w.meeting_id FROM report_windows w WHERE w.meeting_id IN ({NEIGHBOURS_SQL[kind]})
                      AND (w.first IS NULL OR :first IS NULL OR (w.first <= :last AND w.last >= :first))"""
            return {r[0] for r in self.db.execute(sql, {"key": key, "first": first, "last": last})}
        if (kind, key) not in self.by_key:
            rows = self.db.execute(f"SELECT w.meeting_id, w.first, w.last FROM report_windows w "
                                   f"WHERE w.meeting_id IN ({NEIGHBOURS_SQL[kind]}) ORDER BY w.first",
                                   {"key": key}).fetchall()
            dated = [(f, l_, i) for i, f, l_ in rows if f is not None]
            longest = max((date.fromisoformat(l_) - date.fromisoformat(f) for f, l_, _ in dated),
                          default=timedelta(0))
            self.by_key[(kind, key)] = ({i for i, f, _ in rows if f is None}, dated, [d[0] for d in dated], longest)
        undated, dated, firsts, longest = self.by_key[(kind, key)]
        if window is None:
            return undated | {i for _, _, i in dated}
        lo = bisect.bisect_left(firsts, (window[0] - longest).isoformat())
        hi = bisect.bisect_right(firsts, last)
        return undated | {i for _, end, i in dated[lo:hi] if end >= first}


def _neighbour_ids(windows: _Windows, r: Report) -> set:
    ids = set()
    for kind, key in _Blocks._keys(r):
        ids |= windows.meeting(kind, key, r.window)
    ids.discard(r.id)
    return ids


def _same_keys(db) -> dict[str, set]:
    """Report key -> the keys the analyst said tell the same meeting."""
    out: dict[str, set] = {}
    for a, b in db.execute("SELECT a, b FROM event_links WHERE same").fetchall():
        out.setdefault(a, set()).add(b)
        out.setdefault(b, set()).add(a)
    return out


def _decided_ids(db, keys) -> set:
    if not keys:
        return set()
    return {r[0] for r in db.execute("SELECT id FROM meetings WHERE key IN (SELECT value FROM json_each(?))",
                                     [json.dumps(sorted(keys))]).fetchall()}


def _replace(db, old: set, events: list[Event]) -> set:
    """Replace the archive meetings ``old`` with ``events``; their ids as ``_store`` gives them."""
    marks = json.dumps(sorted(old))
    kept = dict(db.execute("SELECT key, id FROM events WHERE id IN (SELECT value FROM json_each(?))",
                           [marks]).fetchall())
    db.execute("UPDATE meetings SET event_id = NULL WHERE event_id IN (SELECT value FROM json_each(?))", [marks])
    for table, column in (("event_countries", "event_id"), ("event_people", "event_id"), ("events", "id")):
        db.execute(f"DELETE FROM {table} WHERE {column} IN (SELECT value FROM json_each(?))", [marks])
    rows = [summary(e) for e in events]
    for row in rows:
        if row["key"] in kept:
            row["id"] = kept[row["key"]]
    taken = {row["id"] for row in rows if "id" in row}
    for e, row in zip(events, rows):
        first = min(r.id for r in e.reports)
        if "id" not in row and first not in taken and not db.execute(
                "SELECT 1 FROM events WHERE id = ?", [first]).fetchone():
            row["id"] = first
            taken.add(first)
    ordered = sorted(zip(events, rows), key=lambda pair: "id" not in pair[1])
    largest = max([db.execute("SELECT max(id) FROM events").fetchone()[0] or 0, *taken])
    for _, row in ordered:
        if "id" not in row:
            row["id"] = largest + 1
        largest = max(largest, row["id"])
    _insert_events(db, ordered)
    return {row["id"] for row in rows}


def _store_windows(db, reports: list[Report]) -> None:
    """Each report's date window (NULL: any day), read by ``relink`` to find a report's neighbours."""
    db.conn.executemany("INSERT OR REPLACE INTO report_windows (meeting_id, first, last) VALUES (?, ?, ?)",
                        [(r.id, *((r.window[0].isoformat(), r.window[1].isoformat()) if r.window else (None, None)))
                         for r in reports])


# Date windows -----------------------------------------------------------------------------

def window(r: Report) -> tuple[date, date] | None:
    """The days a report's meeting may fall on (see the module docstring)."""
    slack = timedelta(days=DATE_SLACK_DAYS)
    if r.date:
        first, last = _bounds(r.date)
        return (first - slack, last + slack) if first else None
    day = _parse(r.published)
    if day is None:
        return None
    if r.status == "planned":
        return day, day + timedelta(days=UNDATED_PLANNED_DAYS)
    return day - timedelta(days=UNDATED_HELD_DAYS), day + slack


def _bounds(value: str) -> tuple[date | None, date | None]:
    first, last = value.split("/")[0], value.split("/")[-1]
    return _parse(first, end=False), _parse(last, end=True)


def _parse(value: str | None, end: bool = False) -> date | None:
    """The first (or last) day of an ISO day, month or year."""
    if not value:
        return None
    try:
        parts = [int(p) for p in value[:10].split("-")]
    except ValueError:
        return None
    if len(parts) == 3:
        return date(*parts)
    if len(parts) == 2:
        first = date(parts[0], parts[1], 1)
        return (date(parts[0] + parts[1] // 12, parts[1] % 12 + 1, 1) - timedelta(days=1)) if end else first
    return date(parts[0], 12, 31) if end else date(parts[0], 1, 1)


def _intersect(a, b):
    if a is None:
        return b
    if b is None:
        return a
    lo, hi = max(a[0], b[0]), min(a[1], b[1])
    return (lo, hi) if lo <= hi else None


# The analyst's decisions ------------------------------------------------------------------

def _decisions(db) -> tuple[list, list]:
    """(same, apart): pairs of report keys from ``event_links``; (key, None) in apart stands alone."""
    rows = db.execute("SELECT a, b, same FROM event_links").fetchall()
    return [(a, b) for a, b, s in rows if s], [(a, b or None) for a, b, s in rows if not s]


def _join_decided(events: list[Event], same, apart_keys, alone) -> list[Event]:
    """Merge the events of reports decided to tell one meeting, unless that joins reports kept apart."""
    for a, b in same:
        ea = next((e for e in events if any(r.key == a for r in e.reports)), None)
        eb = next((e for e in events if any(r.key == b for r in e.reports)), None)
        if ea is None or eb is None or ea is eb:
            continue
        keys = {r.key for r in ea.reports + eb.reports}
        if keys & alone or any(frozenset((x, y)) in apart_keys for x in keys for y in keys):
            continue
        ea.reports += eb.reports
        ea.window = _intersect(ea.window, eb.window) or ea.window
        events.remove(eb)
    return events


# Storing ----------------------------------------------------------------------------------

def _store(db, events: list[Event]) -> None:
    """Replace the events tables, keeping the id of an event whose key survives.

    Written in batches (one statement per table): a new row's id is computed here as SQLite
    would give it (one more than the largest id stored so far), so the ids are those of
    inserting the rows one by one.
    """
    old = dict(db.execute("SELECT key, id FROM events").fetchall())
    db.execute("UPDATE meetings SET event_id = NULL WHERE event_id IS NOT NULL")
    db.execute("DELETE FROM event_countries")
    db.execute("DELETE FROM event_people")
    db.execute("DELETE FROM events")
    rows = [summary(e) for e in events]
    for row in rows:
        if row["key"] in old:
            row["id"] = old[row["key"]]
    taken = {row["id"] for row in rows if "id" in row}
    for e, row in zip(events, rows):  # a new archive meeting takes the id of its first report, if free
        first = min(r.id for r in e.reports)
        if "id" not in row and first not in taken:
            row["id"] = first
            taken.add(first)
    # Rows that keep an old id go in first, so that a new row's id never takes one of theirs.
    ordered = sorted(zip(events, rows), key=lambda pair: "id" not in pair[1])
    largest = 0
    for _, row in ordered:
        if "id" not in row:
            row["id"] = largest + 1
        largest = max(largest, row["id"])
    _insert_events(db, ordered)


def _insert_events(db, ordered: list[tuple[Event, dict]]) -> None:
    """Write these archive meetings (with their ids) and point their reports at them."""
    columns = ("id", "key", "kind", "status", "date", "date_precision", "place_id", "chair_id", "sources")
    db.conn.executemany(f"INSERT INTO events ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)})",
                        [[row[c] for c in columns] for _, row in ordered])
    db.conn.executemany("UPDATE meetings SET event_id = ? WHERE id = ?",
                        [(row["id"], r.id) for e, row in ordered for r in e.reports])
    countries, people = [], []
    for e, row in ordered:
        countries += [(row["id"], c, n) for c, n in sorted(Counter(c for r in e.reports for c in r.countries).items())]
        people += [(row["id"], p, n) for p, n in sorted(Counter(p for r in e.reports for p in r.people).items())]
    db.conn.executemany("INSERT INTO event_countries (event_id, iso2, sources) VALUES (?, ?, ?)", countries)
    db.conn.executemany("INSERT INTO event_people (event_id, person_id, sources) VALUES (?, ?, ?)", people)


def summary(e: Event) -> dict:
    """The archive meeting's own fields: the most precise date and place its reports give."""
    reports = sorted(e.reports, key=lambda r: (r.published or "9999", r.key))
    dated = [r for r in reports if r.date]
    dates = Counter(r.date for r in dated)
    best_date = max(dated, key=lambda r: (_PRECISION.get(r.precision, 0), dates[r.date], -reports.index(r)),
                    default=None)
    resolved = [r for r in reports if r.place_resolved] or reports  # a place with coordinates first
    places = Counter(r.place_id for r in resolved if r.place_id is not None)
    chairs = Counter(r.chair_id for r in reports if r.chair_id is not None)
    kinds = Counter(r.kind for r in reports)
    return {
        "key": reports[0].key,
        "kind": max(kinds, key=lambda k: (kinds[k], -[r.kind for r in reports].index(k))),
        "status": "held" if any(r.status == "held" for r in reports) else "planned",
        "date": best_date.date if best_date else None,
        "date_precision": best_date.precision if best_date else None,
        "place_id": _most_common(places, resolved, "place_id"),
        "chair_id": _most_common(chairs, reports, "chair_id"),
        "sources": len(reports),
    }


def _most_common(counts: Counter, reports: list[Report], attr: str):
    """The value most reports give; on a tie, the first report's."""
    if not counts:
        return None
    order = [getattr(r, attr) for r in reports]
    return max(counts, key=lambda v: (counts[v], -order.index(v)))


# Grounding --------------------------------------------------------------------------------

def ungrounded(db) -> list[dict]:
    """Participants of held or planned reports that their evidence neither names nor refers to.

    Each participant row carries the characters that brought it in; they must lie in one of the
    report's sentences and be a mention of that person (name, surname, title), a mention that brings
    the country (the country, one of its people or places, a government body of it, a group it belongs
    to), a pronoun, or words that point back to parties told before ("the two ministers", "again").
    An official named without a country brings the country of the meeting's place.
    """
    problems = []
    rows = db.execute("""
        SELECT m.id, m.key, m.article_id, m.spans, a.body, 'person', CAST(mp.person_id AS TEXT), mp.start, mp."end",
               pl.country
        FROM meeting_people mp JOIN meetings m ON m.id = mp.meeting_id JOIN articles a ON a.id = m.article_id
        LEFT JOIN places pl ON pl.id = m.place_id
        WHERE NOT m.rejected AND m.status != 'cancelled'
        UNION ALL
        SELECT m.id, m.key, m.article_id, m.spans, a.body, 'country', mc.iso2, mc.start, mc."end", pl.country
        FROM meeting_countries mc JOIN meetings m ON m.id = mc.meeting_id JOIN articles a ON a.id = m.article_id
        LEFT JOIN places pl ON pl.id = m.place_id
        WHERE NOT m.rejected AND m.status != 'cancelled'""").fetchall()
    for meeting_id, key, article_id, spans, body, kind, ref, start, end, place_country in rows:
        reason = _grounding_problem(db, article_id, json.loads(spans), body, kind, ref, start, end, place_country)
        if reason:
            problems.append({"meeting": meeting_id, "key": key, "kind": kind, "ref": ref, "problem": reason,
                             "words": body[start:end] if start is not None else None})
    return problems


def _grounding_problem(db, article_id, spans, body, kind, ref, start, end, place_country) -> str | None:
    if start is None or end is None:
        return "no words name it"
    if not any(s <= start and end <= e for s, e in spans):
        return "named outside the meeting's sentences"
    words = set(body[start:end].lower().split())
    if words & _referring_words() or (kind == "country" and words & _title_words()):
        return None  # "the two ministers", "they"; "The President" of a government's readout
    mentions = db.execute("""SELECT entity_type, entity_id FROM mentions
                             WHERE article_id = ? AND start < ? AND "end" > ?""", [article_id, end, start]).fetchall()
    if kind == "person":
        ok = ("person", ref) in {(t, i) for t, i in mentions}
    else:
        ok = any(_brings(db, t, i, ref, place_country) for t, i in mentions)
    return None if ok else f"the words do not refer to {kind} {ref}"


def _brings(db, entity_type: str, entity_id: str, iso2: str, place_country: str | None) -> bool:
    """Whether a mention of this entity brings country ``iso2`` into a meeting."""
    from .extract.organisations import ever_members

    if entity_type == "country":
        return entity_id == iso2
    table = {"person": "people", "place": "places", "organisation": "organisations"}.get(entity_type)
    if table is None:
        return False
    row = db.execute(f"SELECT country{', name' if table == 'organisations' else ''} FROM {table} WHERE id = ?",
                     [entity_id]).fetchone()
    if row is None:
        return False
    if row[0] == iso2 or (table == "organisations" and iso2 in ever_members(row[1])):
        return True
    return table == "people" and row[0] is None and place_country == iso2  # "President X" in Kyiv


@lru_cache(maxsize=1)
def _referring_words() -> frozenset:
    """Pronouns and words that point back to parties told before, from the data files."""
    from . import gazetteer

    words = set(gazetteer.word_list("people", "pronouns")) | set(gazetteer.word_list("meetings", "plural_pronouns"))
    words |= set(gazetteer.word_list("meetings", "group_nouns")) | set(gazetteer.word_list("meetings", "group_anaphors"))
    words |= {w for phrase in gazetteer.word_list("meetings", "repeat_markers") for w in phrase.split()}
    return frozenset(w.lower() for w in words) - {"next", "new", "second", "third", "another", "round"}


@lru_cache(maxsize=1)
def _title_words() -> frozenset:
    """Words of the roles of people.yml: an unnamed "The President" names its country's office."""
    from . import gazetteer

    roles = gazetteer.load("people")["roles"]
    return frozenset(w.lower() for forms in roles.values() for form in forms for w in form.split())
