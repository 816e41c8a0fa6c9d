"""One meeting per event within an article: later mentions join the meeting they tell again.

A definite reference ("the meeting"), the same place, the same day and parties,
or a follow-on sentence that names nobody new joins an earlier meeting;
"a separate meeting", a later meeting with someone new, or a call after a
visit stays apart.
"""
from __future__ import annotations


# Kinds of meeting whose verb with someone new tells a new encounter ("X later met Y").
ENCOUNTERS = ("meeting", "talks", "call", "meal", "visit")


def merge_mentions(cands: list) -> list:
    """Candidates (``meetings.Meeting``, in text order) merged into one meeting per event."""
    merged: list = []
    for c in cands:
        if merged and c.group is not None and c.party_count() < 2:
            _inherit(c, _told_before(merged, c.group[2] or (2 if c.bilateral else None)))
        target = None
        for m in reversed(merged):
            if m.participation and not c.participation:
                continue
            if same_event(m, c):
                target = m
                break
        if target is None:
            c.evidence_parties = c.party_count()
            if merged:
                _same_place_later(c, merged[-1])
            merged.append(c)
        else:
            _absorb(target, c)
    return merged


def _told_before(merged: list, count: int | None):
    """The meeting "the three", "the two sides" or "a bilateral summit" point back to: the latest with
    that many parties, else the latest that is not only the setting of another ("at the time of the
    G-7 meeting")."""
    if count:
        for m in reversed(merged):
            if max(len(m.countries), len(m.people_ids) + m.unnamed) == count:
                return m
    return next((m for m in reversed(merged) if m.frame is None), merged[-1])


def _inherit(c, prev) -> None:
    """The parties of the meeting told before, named here by "the two ministers" or "again"."""
    start, end, _ = c.group
    for p in prev.parties:
        c.add(type(p)(p.kind, p.ref, start, end))
    c.unnamed = max(c.unnamed, prev.unnamed)
    c.unnamed_stateless = max(c.unnamed_stateless, prev.unnamed_stateless)


def _same_place_later(c, prev) -> None:
    """"X met A in Kyiv on Thursday. X later met President B.": the same day, the same traveller, the
    same city; B, named without a country, is the host's."""
    if c.place is not None or prev.place is None or not (c.date and prev.date):
        return
    if c.date["value"] != prev.date["value"] or not set(c.people_ids) & set(prev.people_ids):
        return
    c.place = prev.place
    country = prev.place.country
    if c.holder is not None and country and country not in c.countries:
        c.add(type(c.holder)("country", country, c.holder.start, c.holder.end))


def kinds_compatible(a: str, b: str) -> bool:
    """A call is only ever told again as a call; other kinds may name one event ("the visit", "the talks")."""
    return a == b or "call" not in (a, b)


def same_event(m, c) -> bool:
    """Whether candidate ``c`` tells again the event of meeting ``m`` (told earlier in the article)."""
    if c.participation:
        return _dates_ok(m, c)  # "Presidents from A and B attended": parties of the meeting just told
    if c.distinct or c.frame in m.keys or m.frame in c.keys:
        return False  # "a separate meeting"; "met at the summit": the summit is the setting, another event
    if (c.status == "cancelled") != (m.status == "cancelled") and "held" in (c.status, m.status):
        return False  # a cancelled trip is not the meeting that took place
    if c.indefinite and not c.participation and (set(c.people_ids) - set(m.people_ids)
                                                  or set(c.countries) - set(m.countries)):
        return False  # "a short trilateral meeting" with someone new: another event
    if m.planned != c.planned and (not c.definite or c.upcoming or m.upcoming):
        return False
    if c.verb and c.kind in ENCOUNTERS and set(c.people_ids) - set(m.people_ids):
        return False  # "later met President X", "when he is also received by Y": someone new, a new encounter
    if m.spans[-1] == (c.start, c.end):
        return _compatible(m, c) and kinds_compatible(m.kind, c.kind)  # two triggers in one sentence
    if c.place is not None and m.place is not None:
        return c.place is m.place and _dates_ok(m, c) and kinds_compatible(m.kind, c.kind)
    if not _compatible(m, c) or not kinds_compatible(m.kind, c.kind):
        return False
    c_people, m_people = set(c.people_ids), set(m.people_ids)
    c_countries, m_countries = set(c.countries), set(m.countries)
    bare = not c_people and not c_countries
    adjacent = m.sentence + 1 == c.sentence
    if adjacent and not c_people and not c.unnamed:
        return True  # the next sentence goes on about the same event without naming anyone new
    if adjacent and not m_people and c_countries <= m_countries:
        return True  # "A's minister met his B counterpart." then the next sentence names them
    if c.definite and (bare or c.place is not None or c_countries <= m_countries):
        return True
    overlap = c_countries & m_countries
    if c_people and c_people <= m_people and c_countries <= m_countries:
        return True  # the same people again, nobody new: the same event told again
    if m.date and c.date and (overlap or c_people & m_people):
        return True  # the same day and the same parties: one event told twice
    # A later mention naming no party beyond the earlier one's is the same event told again.
    return len(overlap) >= 2 and c_countries <= m_countries


def _compatible(m, c) -> bool:
    if c.place is not None and m.place is not None and c.place is not m.place:
        return False
    return _dates_ok(m, c)


def _dates_ok(m, c) -> bool:
    """Dates are compatible when either is unknown or their spans overlap (a day inside a range)."""
    if not (m.date and c.date):
        return True
    a, b = bounds(m.date["value"]), bounds(c.date["value"])
    return a[0] <= b[1] and b[0] <= a[1]


def bounds(value: str) -> tuple[str, str]:
    """First and last day of an ISO date, month, year or range ("2021-06" -> 2021-06-01, 2021-06-31)."""
    first, last = value.split("/")[0], value.split("/")[-1]
    return (first + "-01-01"[len(first) - 4:] if len(first) < 10 else first,
            last + "-12-31"[len(last) - 4:] if len(last) < 10 else last)


_PRECISION = {"day": 3, "month": 2, "year": 1}


def _more_precise(a: dict | None, b: dict | None) -> dict | None:
    """The finer of two dates ("7-9 December" over "December"); on a tie the first, unless the
    other is a range that holds it (a summit's days over the one day of its declaration)."""
    if not a:
        return b
    if not b:
        return a
    finer = _PRECISION.get(b.get("precision"), 0) > _PRECISION.get(a.get("precision"), 0)
    if finer and _dates_ok_values(a, b):
        return b
    if a.get("precision") == b.get("precision") and "/" in b["value"] and "/" not in a["value"] \
            and _dates_ok_values(a, b):
        return b  # "on 8 December" then "held between 7-9 December": the event's days
    return a


def _dates_ok_values(a: dict, b: dict) -> bool:
    x, y = bounds(a["value"]), bounds(b["value"])
    return x[0] <= y[1] and y[0] <= x[1]


def _absorb(m, c) -> None:
    for p in c.parties:
        m.add(p)
    m.chair_id = m.chair_id or c.chair_id
    m.unnamed = max(m.unnamed, c.unnamed)
    m.unnamed_stateless = max(m.unnamed_stateless, c.unnamed_stateless)
    m.place = m.place or c.place
    m.date = _more_precise(m.date, c.date)
    if c.report and not m.report:
        m.report = True
    if c.status == "cancelled" or (m.status == "planned" and c.status == "held" and c.date):
        m.status = c.status  # called off, or told again with a date that has passed
    m.keys |= c.keys
    if (c.start, c.end) not in m.spans:
        m.spans.append((c.start, c.end))
    m.sentence = c.sentence
    # Evidence: the first mention that names two parties (the one that reports the meeting).
    if m.evidence_parties < 2 <= c.party_count():
        m.evidence_parties = c.party_count()
        m.start, m.end, m.evidence_text = c.start, c.end, c.evidence_text
