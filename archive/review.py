"""What most needs a human: a ranked list of probable mistakes in the archive.

Probable duplicates are found in the spirit of OpenRefine's clustering: names
are blocked by shared keys (folded tokens, prefixes), then compared by a
transliteration-tolerant similarity, with country and role as evidence for or
against. The same scores drive the audit (``duplicates(..., CERTAIN)``): after
a load no pair that similar should remain. Impact counts the facts a fix would
touch, so the most consequential items come first.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from itertools import combinations

from rapidfuzz import fuzz

from . import gazetteer, geo, resolve

# Pairs at least this similar (0-1) are listed for review.
PROBABLE = 0.75
# No pair this similar should survive resolution (the audit).
CERTAIN = 0.9
# Statements shorter than this many words are probably cut-off extractions.
SHORT_STATEMENT_WORDS = 3


@dataclass
class Item:
    """One thing to look at: what, how much it matters, and a command that would fix it."""

    kind: str
    impact: float
    summary: str
    suggestion: str | None = None
    details: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Entity:
    """A person or place as the duplicate finder sees it."""

    id: int
    name: str
    country: str | None
    names: list[str]
    weight: int  # facts attached: articles, statements, meetings
    roles: set = field(default_factory=set)
    geonames_id: int | None = None

    def describe(self) -> str:
        bits = [b for b in (self.country, ", ".join(sorted(self.roles)) or None) if b]
        bits.append(f"{self.weight} fact{'s' if self.weight != 1 else ''}")
        return f'"{self.name}" #{self.id} ({" · ".join(bits)})'


@dataclass
class Pair:
    kind: str
    a: Entity
    b: Entity
    score: float


def review(db, limit: int | None = None) -> list[Item]:
    """Every review item, most impactful first."""
    items = [*_duplicate_items(db), *unresolved_places(db), *unresolved_speakers(db), *low_confidence(db)]
    items.sort(key=lambda i: (-i.impact, i.kind, i.summary))
    return items[:limit] if limit else items


# Duplicates -------------------------------------------------------------------

def duplicates(db, threshold: float = PROBABLE) -> list[Pair]:
    """Pairs of people and of places that probably are one, most similar first."""
    pairs = _pairs("person", people(db), person_similarity, threshold)
    pairs += _pairs("place", places(db), place_similarity, threshold)
    return sorted(pairs, key=lambda p: (-p.score, p.a.id, p.b.id))


def people(db) -> list[Entity]:
    """Every person with their name aliases, roles and number of facts."""
    names, roles = defaultdict(list), defaultdict(set)
    for pid, alias in db.execute("SELECT person_id, alias FROM person_aliases WHERE kind = 'name'"):
        names[pid].append(alias)
    for pid, role in db.execute("SELECT DISTINCT person_id, role FROM person_roles"):
        roles[pid].add(role)
    sql = """SELECT id, name, country, article_count
             + (SELECT count(*) FROM statements WHERE speaker_id = people.id AND NOT rejected)
             + (SELECT count(*) FROM meeting_people WHERE person_id = people.id) FROM people"""
    return [Entity(pid, name, country, [name, *names[pid]], weight, roles[pid])
            for pid, name, country, weight in db.execute(sql).fetchall()]


def places(db) -> list[Entity]:
    """Every place with its aliases and number of facts."""
    names = defaultdict(list)
    for pid, alias in db.execute("SELECT place_id, alias FROM place_aliases"):
        names[pid].append(alias)
    sql = """SELECT id, name, country, geonames_id,
             (SELECT count(*) FROM meetings WHERE place_id = places.id AND NOT rejected)
             + (SELECT count(DISTINCT article_id) FROM mentions
                WHERE entity_type = 'place' AND entity_id = CAST(places.id AS TEXT)) FROM places"""
    return [Entity(pid, name, country, [name, *names[pid]], weight, geonames_id=gid)
            for pid, name, country, gid, weight in db.execute(sql).fetchall()]


def _pairs(kind: str, entities: list[Entity], similarity, threshold: float) -> list[Pair]:
    blocks = defaultdict(set)
    for n, entity in enumerate(entities):
        for key in _block_keys(entity):
            blocks[key].add(n)
    seen, out = set(), []
    for members in blocks.values():
        for i, j in combinations(sorted(members), 2):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            score = similarity(entities[i], entities[j])
            if score >= threshold:
                out.append(Pair(kind, entities[i], entities[j], round(score, 3)))
    return out


def _block_keys(entity: Entity) -> set[str]:
    """Folded name tokens and their first letters: variants share at least one."""
    keys = set()
    for name in entity.names:
        for token in resolve.name_tokens(name):
            if len(token) > 1:
                folded = resolve.fold(token)
                keys |= {folded, folded[:4] + "…"}
    return keys


def person_similarity(a: Entity, b: Entity) -> float:
    """0-1: how probably two people are one; 0 when their countries differ."""
    if not resolve.compatible(a.country, b.country):
        return 0.0
    family_first = resolve.family_first(a.country, b.country)
    score = max(_name_similarity(x, y, family_first) for x in resolve.identifying_names(a.names)
                for y in resolve.identifying_names(b.names))
    if score and a.roles and b.roles:
        score += 0.05 if resolve.roles_agree(a.roles, b.roles) else -0.1
    if score and a.country and a.country == b.country:
        score += 0.05
    return round(max(0.0, min(score, 1.0)), 3)


def _name_similarity(x: list[str], y: list[str], family_first: bool) -> float:
    """The resolver's own rule counts most; else close first, middle and last names, fuzzily."""
    if resolve.names_match(x, y, family_first):
        return 0.95 if min(len(x), len(y)) > 1 else 0.8
    full_x, full_y = [t for t in x if len(t) > 1], [t for t in y if len(t) > 1]
    if len(full_x) < 2 or len(full_y) < 2:
        return 0.0
    first, last = (fuzz.ratio(resolve.fold(p), resolve.fold(q)) for p, q in ((full_x[0], full_y[0]),
                                                                             (full_x[-1], full_y[-1])))
    middle = [" ".join(resolve.fold(t) for t in tokens[1:-1]) for tokens in (full_x, full_y)]
    if min(first, last) < 80 or (all(middle) and fuzz.ratio(*middle) < 75):
        return 0.0
    return 0.9 * (first + last) / 200


def place_similarity(a: Entity, b: Entity) -> float:
    """0-1: how probably two places are one; 0 for two different GeoNames settlements."""
    if a.geonames_id and b.geonames_id:
        return 1.0 if a.geonames_id == b.geonames_id else 0.0
    if not resolve.compatible(a.country, b.country):
        return 0.0
    pairs = [(x, y) for x in a.names for y in b.names
             if min(len(resolve.normalise(x)), len(resolve.normalise(y))) >= 4]
    score = max((geo.similarity(x, y) for x, y in pairs), default=0.0) / 100
    # Without any country, a similar name is weaker evidence ("Indian" vs "Indiana").
    return score if a.country or b.country else score * 0.9


def _duplicate_items(db) -> list[Item]:
    items = []
    for pair in duplicates(db):
        # Keep the settlement with coordinates, else the row with more facts, else the fuller name.
        keep, drop = sorted((pair.a, pair.b), key=lambda e: (e.geonames_id is None, -e.weight, -len(e.name), e.id))
        items.append(Item(
            kind=f"duplicate {pair.kind}",
            impact=round(pair.score * (pair.a.weight + pair.b.weight), 2),
            summary=f"{pair.a.describe()} ≈ {pair.b.describe()}, similarity {pair.score:.2f}",
            suggestion=f'archive merge {pair.kind} "{drop.name}" "{keep.name}"',
            details={"ids": [pair.a.id, pair.b.id], "score": pair.score}))
    return items


# Unresolved -------------------------------------------------------------------

def unresolved_places(db) -> list[Item]:
    """Places without coordinates, by how many meetings and articles name them."""
    sql = """SELECT p.id, p.name, p.country,
             (SELECT count(*) FROM meetings WHERE place_id = p.id AND NOT rejected) AS meetings,
             (SELECT count(DISTINCT article_id) FROM mentions
              WHERE entity_type = 'place' AND entity_id = CAST(p.id AS TEXT)) AS articles
             FROM places p WHERE NOT p.resolved"""
    items = []
    for pid, name, country, meetings, articles in db.execute(sql).fetchall():
        where = f" in {country}" if country else " (no country)"
        items.append(Item(
            kind="unresolved place", impact=2 * meetings + 0.5 * articles,
            summary=f'"{name}" #{pid}{where}: no GeoNames settlement; {meetings} meeting(s), {articles} article(s)',
            suggestion=f'archive alias place "{name}" "<place it is>"',
            details={"id": pid, "meetings": meetings, "articles": articles}))
    return items


def unresolved_speakers(db) -> list[Item]:
    """Statements whose speaker is neither a known person nor an organisation, grouped by speaker."""
    sql = """SELECT speaker_name, count(*), min(id) FROM statements
             WHERE speaker_id IS NULL AND organisation_id IS NULL AND NOT rejected
             GROUP BY speaker_name"""
    items = []
    for speaker, count, first in db.execute(sql).fetchall():
        title = not speaker or resolve.is_title(speaker)
        who = f'"{speaker}"' if speaker else "no speaker"
        note = " (only a title: check each one)" if title else ""
        items.append(Item(
            kind="unresolved speaker", impact=count,
            summary=f"{count} statement(s) by {who} not linked to a person or organisation (e.g. #{first}){note}",
            # An alias links every statement by that name: right for a name, too broad for a title.
            suggestion=f"archive reject statement {first}" if title
            else f'archive alias person "{speaker}" "<person it is>"',
            details={"speaker": speaker, "statements": count, "example": first}))
    return items


# Low confidence ---------------------------------------------------------------

def low_confidence(db) -> list[Item]:
    """Extractions that look wrong: people who may not be people, thin meetings, cut-off statements."""
    return [*_doubtful_people(db), *_thin_meetings(db), *_short_statements(db)]


def _doubtful_people(db) -> list[Item]:
    suffixes = {resolve.normalise(s) for s in gazetteer.load("organisations")["name_suffixes"]}
    sql = "SELECT name FROM places UNION SELECT name FROM organisations"
    others = {resolve.normalise(r[0]) for r in db.execute(sql)}
    items = []
    for person in people(db):
        reason = _doubt(resolve.normalise(person.name), others, suffixes)
        if reason:
            items.append(Item(kind="not a person?", impact=person.weight,
                              summary=f"{person.describe()}: {reason}", details={"id": person.id}))
    return items


def _doubt(key: str, others: set, suffixes: set) -> str | None:
    """Why a person's name looks like something else, if it does."""
    if key in others:
        return "also the name of a place or organisation"
    if key.split() and key.split()[-1] in suffixes:
        return "ends like an organisation's name"
    return None


def _thin_meetings(db) -> list[Item]:
    sql = """SELECT id, kind, date, evidence, json_array_length(participants)
             + (SELECT count(*) FROM meeting_people WHERE meeting_id = meetings.id) AS parties
             FROM meetings WHERE NOT rejected"""
    items = []
    for mid, kind, date, evidence, parties in db.execute(sql).fetchall():
        if parties < 2:
            items.append(Item(
                kind="low-confidence meeting", impact=1.0,
                summary=f'{kind or "meeting"} #{mid} ({date or "no date"}) with {parties} participant(s): '
                        f'"{_excerpt(evidence)}"',
                suggestion=f"archive reject meeting {mid}", details={"id": mid}))
    return items


def _short_statements(db) -> list[Item]:
    items = []
    for sid, text, speaker in db.execute("SELECT id, text, speaker_name FROM statements WHERE NOT rejected"):
        if len(text.split()) < SHORT_STATEMENT_WORDS:
            items.append(Item(
                kind="low-confidence statement", impact=0.5,
                summary=f'#{sid} by {speaker or "no speaker"} is only "{text}"',
                suggestion=f"archive reject statement {sid}", details={"id": sid}))
    return items


def _excerpt(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


# Output -----------------------------------------------------------------------

def format_items(items: list[Item], total: int | None = None) -> str:
    """Numbered text: kind and impact, the item, the command that would fix it."""
    if not items:
        return "Nothing to review."
    shown = f"{len(items)} of {total}" if total and total > len(items) else str(len(items))
    lines = [f"{shown} items to review, most impactful first", ""]
    width = len(str(len(items)))
    for n, item in enumerate(items, 1):
        lines.append(f"{n:>{width}}. [{item.kind}] impact {item.impact:g}")
        lines.append(f"{'':>{width}}  {item.summary}")
        if item.suggestion:
            lines.append(f"{'':>{width}}  → {item.suggestion}")
    return "\n".join(lines)
