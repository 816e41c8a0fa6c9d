"""What most likely hurts an analyst: a ranked list of probable mistakes, each with a command that fixes it.

The checks, each a function of the database returning ``Item``s:

- the analyst's own decisions that no longer apply (``curation_problems``);
- leaders filed under a surname that a full name in the same article, the headline
  or the known-people list would complete (``surname_only``);
- "people" that look like brands, companies, works or placeholders (``not_a_person``);
- statements whose speaker is a bare title or pronoun, or a name linked to nobody
  (``title_speakers``, ``unresolved_speakers``);
- meetings whose participants the evidence does not name, with one participant, no
  date, told twice or inside a quotation (``doubtful_meetings``);
- "places" that are people, organisations or common words, meeting places with no
  coordinates, places located in a country their articles do not mention, and the
  rest of the unlocated places as one group (``places_to_check``);
- probable duplicate people and places, except those declared distinct (``duplicate_items``);
- statements cut too short (``short_statements``).

Impact is how much a fix would change what an analyst reads: the facts it touches,
weighted by kind of problem (``data/review.yml``), so the most damaging come first.

Probable duplicates are found in the spirit of OpenRefine's clustering: names are
blocked by shared keys (folded tokens, prefixes), then compared by a
transliteration-tolerant similarity, with country and role as evidence for or
against. The same scores drive the audit (``duplicates(..., CERTAIN)``): after a
load no pair that similar should remain.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from itertools import combinations

from rapidfuzz import fuzz

from . import corrections, gazetteer, geo, resolve, tables

# Pairs at least this similar (0-1) are listed for review.
PROBABLE = 0.75
# No pair this similar should survive resolution (the audit).
CERTAIN = 0.9
# Statements shorter than this many words are probably cut-off extractions.
SHORT_STATEMENT_WORDS = 3
# How many names a grouped item spells out.
NAMES_SHOWN = 12


@dataclass(frozen=True)
class Ref:
    """The row an item is about, so that a load redoes only the items of the rows it touched."""

    table: str  # "meetings", "statements" or "people"
    id: int
    other: int | None = None  # the other person of a duplicate pair
    article: int | None = None  # the article of a meeting or statement


@dataclass
class Item:
    """One thing to look at: what, how much it matters, and a command that would fix it.

    ``details`` holds ids and counts, ``rows`` ([table, id] pairs) and, for a group or a
    record with several problems, every ``commands`` that would fix it.
    """

    kind: str
    impact: float
    summary: str
    suggestion: str | None = None
    details: dict = field(default_factory=dict)
    ref: Ref | None = field(default=None, compare=False, repr=False)  # None: its check is redone whole

    def to_dict(self) -> dict:
        found = asdict(self)
        del found["ref"]
        return found


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


@lru_cache(maxsize=1)
def _data() -> dict:
    data = gazetteer.load("review")
    fold = resolve.normalise
    return {
        "placeholders": {fold(n) for n in data["placeholder_names"]},
        "thing_last": {fold(w) for w in data["thing_last_words"]},
        "organisation_last": {fold(w) for w in data["organisation_last_words"]},
        "after": set(data["words_after_organisation"]),
        "before_organisation": set(data["words_before_organisation"]),
        "before_thing": set(data["words_before_thing"]),
        "impact": data["impact"],
        "meeting": data["meeting_problems"],
        "suffixes": {fold(s) for s in gazetteer.load("organisations")["name_suffixes"]},
        "pronouns": {fold(p) for p in gazetteer.load("people")["pronouns"]},
        "given": gazetteer.lines("given_names"),
    }


def review(db, limit: int | None = None, progress=None) -> list[Item]:
    """Every review item, most impactful first; ``progress(check name)`` after each check."""
    items = []
    for check in CHECKS:
        items += check(db)
        if progress:
            progress(check.__name__)
    items.sort(key=lambda i: (-i.impact, i.kind, i.summary))
    return items[:limit] if limit else items


# Stored review: computed at the end of a load or curation, read by the review page -------------

ITEM_COLUMNS = ("kind", "impact", "summary", "suggestion", "details", "ref_table", "ref_id", "ref_other",
                "ref_article")
# Stored items carry their rows (``Ref``) since this version: an older list is recomputed whole.
REFS = 1
# Most impactful first: the order of ``review`` (SQLite compares text as Python does, by code point).
ORDER = "impact DESC, kind, summary"


def refresh(db, built_at: str) -> int:
    """Compute the review and store it in ``review_items`` (inside the caller's transaction); how many items."""
    return save(db, review(db), built_at)


def save(db, items: list[Item], built_at: str) -> int:
    """Replace the stored review list with ``items``."""
    db.execute("DELETE FROM review_items")
    _insert(db, items)
    return _stored_state(db, built_at)


def _insert(db, items: list[Item]) -> None:
    db.conn.executemany(
        f"INSERT INTO review_items ({', '.join(ITEM_COLUMNS)}) VALUES ({', '.join('?' for _ in ITEM_COLUMNS)})",
        [(i.kind, i.impact, i.summary, i.suggestion, json.dumps(i.details, ensure_ascii=False),
          *((i.ref.table, i.ref.id, i.ref.other, i.ref.article) if i.ref else (None,) * 4)) for i in items])


def _stored_state(db, built_at: str) -> int:
    """Note when the list was stored and how many items it has; how many."""
    count = db.execute("SELECT count(*) FROM review_items").fetchone()[0]
    db.execute("INSERT OR REPLACE INTO review_state (id, built_at, items, incremental) VALUES (1, ?, ?, ?)",
               [built_at, count, REFS])
    return count


@dataclass
class Scope:
    """What a load touched (``store.Touched``): the rows whose items it may have changed."""

    articles: set = field(default_factory=set)
    people: set = field(default_factory=set)
    renamed: set = field(default_factory=set)  # name, country or name aliases changed
    organisations: set = field(default_factory=set)
    relocated: set = field(default_factory=set)  # places whose name, country or coordinates changed


def update(db, built_at: str, scope: Scope) -> int:
    """Redo the stored items that what a load touched can change, keep the others (inside the caller's
    transaction); the same list as ``refresh``. A list never stored, or stored without its rows, is
    computed whole. How many items."""
    row = db.execute("SELECT incremental FROM review_state").fetchone() if _has_table(db, "review_state") else None
    if not row or row[0] != REFS:
        return refresh(db, built_at)
    meetings, statements, people = _meetings_touched(db, scope), tables.ids(db, STATEMENTS_OF, scope.articles), \
        _people_touched(db, scope)
    _forget_items(db, meetings, statements, people, scope.articles)
    items = [item for check in WHOLE_CHECKS for item in check(db)]
    items += doubtful_meetings(db, meetings) + short_statements(db, statements)
    items += surname_only(db, people) + not_a_person(db, people) + duplicate_people_items(db, people)
    _insert(db, items)
    return _stored_state(db, built_at)


STATEMENTS_OF = "SELECT id FROM statements WHERE article_id IN (SELECT value FROM json_each(?))"
MEETINGS_OF = "SELECT id FROM meetings WHERE article_id IN (SELECT value FROM json_each(?))"
MEETINGS_SHOWING = """SELECT id FROM meetings WHERE chair_id IN (SELECT value FROM json_each(:people))
                      UNION SELECT meeting_id FROM meeting_people WHERE person_id IN (SELECT value FROM json_each(:people))
                      UNION SELECT id FROM meetings WHERE place_id IN (SELECT value FROM json_each(:places))"""


def _meetings_touched(db, scope: Scope) -> set[int]:
    """The meetings of the touched articles, those showing a renamed person or a relocated place, and the
    other meetings of their articles (a meeting told by the same words as another is checked against it)."""
    showing = {r[0] for r in db.execute(MEETINGS_SHOWING, {"people": json.dumps(sorted(scope.renamed)),
                                                           "places": json.dumps(sorted(scope.relocated))})}
    articles = set(scope.articles) | tables.ids(db, "SELECT DISTINCT article_id FROM meetings WHERE id IN "
                                              "(SELECT value FROM json_each(?))", showing)
    return tables.ids(db, MEETINGS_OF, articles)


def _people_touched(db, scope: Scope) -> set[int]:
    """The touched people, those known by one word who share an article with a renamed one (a fuller name
    there completes a surname: the only check of theirs a neighbour's name or country changes), and those named
    like a touched organisation (then "not a person?")."""
    sharing = {pid for pid, name in db.execute(
        """SELECT p.id, p.name FROM people p WHERE p.id IN (
               SELECT DISTINCT other.person_id FROM article_people mine JOIN article_people other
               ON other.article_id = mine.article_id WHERE mine.person_id IN (SELECT value FROM json_each(?)))""",
        [json.dumps(sorted(scope.renamed))]) if len(list(_name_tokens(name))) == 1}
    named = {normalise_name for (normalise_name,) in db.execute(
        """SELECT name_norm FROM organisations WHERE id IN (SELECT value FROM json_each(:o))
           UNION SELECT alias_norm FROM organisation_aliases WHERE organisation_id IN (SELECT value FROM json_each(:o))""",
        {"o": json.dumps(sorted(scope.organisations))})}
    like = tables.ids(db, "SELECT id FROM people WHERE name_norm IN (SELECT value FROM json_each(?))", named)
    return set(scope.people) | sharing | like


def _forget_items(db, meetings: set, statements: set, people: set, articles: set) -> None:
    """Delete the items to redo: the checks redone whole, and those of the rows touched (or gone with their
    article)."""
    db.execute("DELETE FROM review_items WHERE ref_table IS NULL")
    for table, ids in (("meetings", meetings), ("statements", statements), ("people", people)):
        db.execute("DELETE FROM review_items WHERE ref_table = ? AND ref_id IN (SELECT value FROM json_each(?))",
                   [table, json.dumps(sorted(ids))])
    for table in ("meetings", "statements"):
        db.execute("DELETE FROM review_items WHERE ref_table = ? AND ref_article IN "
                   "(SELECT value FROM json_each(?))", [table, json.dumps(sorted(articles))])
    db.execute("DELETE FROM review_items WHERE ref_other IN (SELECT value FROM json_each(?))",
               [json.dumps(sorted(people))])


def forget(db) -> None:
    """Drop the stored list (it no longer tells the archive); the review page computes it when asked."""
    db.execute("DELETE FROM review_items")
    db.execute("DELETE FROM review_state")


def stored_at(db) -> str | None:
    """When the review list was stored; None if never (an archive written before it was stored)."""
    if not _has_table(db, "review_state"):
        return None
    row = db.execute("SELECT built_at FROM review_state").fetchone()
    return row[0] if row else None


def stored(db, kind: str | None = None, limit: int | None = None) -> list[Item]:
    """The stored items, most impactful first, of one kind or all."""
    sql = (f"SELECT kind, impact, summary, suggestion, details FROM review_items "
           f"{'WHERE kind = ? ' if kind else ''}ORDER BY {ORDER}{' LIMIT ?' if limit else ''}")
    params = ([kind] if kind else []) + ([limit] if limit else [])
    return [Item(k, impact, summary, suggestion, json.loads(details))
            for k, impact, summary, suggestion, details in db.execute(sql, params).fetchall()]


def stored_kinds(db) -> dict[str, int]:
    """How many stored items of each kind."""
    return dict(db.execute("SELECT kind, count(*) FROM review_items GROUP BY kind").fetchall())


def _has_table(db, name: str) -> bool:
    """True if the database has this table (``db`` may be a bare sqlite3 connection, as in Datasette)."""
    return db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).fetchone() is not None


def _among(column: str, ids) -> tuple[str, list]:
    """(" AND column IN ids", params), or nothing when ``ids`` is None (every row)."""
    if ids is None:
        return "", []
    return f" AND {column} IN (SELECT value FROM json_each(?))", [json.dumps(sorted(ids))]


def _q(name: str) -> str:
    return '"' + name.replace('"', "'") + '"'


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _names(names: list[str]) -> str:
    shown = ", ".join(_q(n) for n in names[:NAMES_SHOWN])
    return shown + (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")


# The analyst's own decisions -----------------------------------------------------

def curation_problems(db) -> list[Item]:
    """Decisions of the curation file that no longer apply, as of its last application."""
    if not _has_table(db, "curation_problems"):
        return []
    weight = _data()["impact"]["curation_problem"]
    return [Item(kind="curation no longer applies", impact=weight, summary=problem,
                 suggestion="edit curation.yml (correct or remove the decision), then: archive curate",
                 details={"position": position})
            for position, problem in db.execute("SELECT position, problem FROM curation_problems ORDER BY position")]


# People ----------------------------------------------------------------------------

def _facts(db, ids=None) -> dict[int, tuple[int, int, int]]:
    """person id -> (statements, meetings, articles), of these people or everyone."""
    where, params = _among("id", ids)
    sql = """SELECT id,
             (SELECT count(*) FROM statements WHERE speaker_id = people.id AND NOT rejected),
             (SELECT count(*) FROM meetings m WHERE NOT m.rejected AND (m.chair_id = people.id
              OR m.id IN (SELECT meeting_id FROM meeting_people WHERE person_id = people.id))),
             article_count FROM people WHERE 1""" + where
    return {pid: (s, m, a) for pid, s, m, a in db.execute(sql, params)}


def surname_only(db, ids=None) -> list[Item]:
    """People known by one word whose full name the archive or the known-people list gives (of these people)."""
    weight, facts, items = _data()["impact"]["surname_only"], _facts(db, ids), []
    where, params = _among("id", ids)
    for pid, name, country, roles in db.execute("SELECT id, name, country, roles FROM people WHERE 1" + where,
                                                params).fetchall():
        tokens = list(_name_tokens(name))
        if len(tokens) != 1 or len(tokens[0]) < 2:
            continue
        fix = (_full_name_in_articles(db, pid, tokens, country) or _full_name_in_headlines(db, pid, name)
               or _known_full_name(tokens[0], country, set(json.loads(roles or "[]"))))
        if not fix:
            continue
        command, where = fix
        statements, meetings, articles = facts.get(pid, (0, 0, 0))
        items.append(Item(
            kind="surname only", impact=round(weight * (statements + meetings) + articles / 2, 2),
            summary=f'"{name}" #{pid} ({_plural(statements, "statement")}, {_plural(meetings, "meeting")}, '
                    f'{_plural(articles, "article")}) is filed under one name; {where}',
            suggestion=command(name), details={"id": pid, "rows": [["people", pid]]}, ref=Ref("people", pid)))
    return items


def _full_name_in_articles(db, pid: int, tokens: list[str], country: str | None):
    """The one fuller name of its own articles this surname fits: merge into that row."""
    sql = """SELECT DISTINCT p.id, p.name, p.country FROM article_people mine
             JOIN article_people other ON other.article_id = mine.article_id AND other.person_id != mine.person_id
             JOIN people p ON p.id = other.person_id WHERE mine.person_id = ?"""
    fits = {(oid, full) for oid, full, other_country in db.execute(sql, [pid])
            if resolve.compatible(country, other_country) and len(_name_tokens(full)) > 1
            and resolve.names_match(tokens, list(_name_tokens(full)),
                                    resolve.family_first(country, other_country))}
    if len(fits) != 1:
        return None
    (oid, full), = fits
    return (lambda name: f"archive merge person {_q(name)} {_q(full)}",
            f'{_q(full)} #{oid} of the same article completes it')


def _full_name_in_headlines(db, pid: int, name: str):
    sql = """SELECT DISTINCT a.title FROM articles a JOIN article_people ap ON ap.article_id = a.id
             WHERE ap.person_id = ? AND a.title IS NOT NULL"""
    surname = resolve.normalise(name)
    fulls = {resolve.headline_name(name, title) for (title,) in db.execute(sql, [pid])
             if surname in resolve.normalise(title)} - {None}
    if len(fulls) != 1:
        return None
    full = fulls.pop()
    return lambda n: f"archive rename person {_q(n)} {_q(full)}", f"the headline calls them {_q(full)}"


@lru_cache(maxsize=1)
def _known_by_surname() -> dict:
    index = defaultdict(list)
    for entry in gazetteer.load("known_people").get("people") or []:
        for form in [entry["name"], *(entry.get("aliases") or [])]:
            if len(form.split()) == 1:
                index[resolve.normalise(form)].append(entry)
    return index


def _known_full_name(surname: str, country: str | None, roles: set):
    """The one known person (data/known_people.yml) of this surname with the same country or role."""
    fits = {e["name"] for e in _known_by_surname().get(surname, [])
            if resolve.compatible(country, e.get("country"))
            and ((country and e.get("country") == country) or resolve.roles_agree(roles, set(e.get("roles") or [])))}
    if len(fits) != 1:
        return None
    full = fits.pop()
    return (lambda n: f"archive rename person {_q(n)} {_q(full)}",
            f"the known-people list has {_q(full)} of that country or role")


def not_a_person(db, ids=None) -> list[Item]:
    """People whose name, or the words around them, say they are a brand, a company, a work or nobody
    (of these people, or everyone)."""
    data, facts = _data(), _facts(db, ids)
    organisations = {resolve.normalise(r[0]) for r in db.execute(
        "SELECT name FROM organisations UNION SELECT alias FROM organisation_aliases")}
    items, contexts = [], _contexts(db, "person", ids)
    where, params = _among("id", ids)
    for pid, name in db.execute("SELECT id, name FROM people WHERE 1" + where, params).fetchall():
        key = resolve.normalise(name)
        reason, becomes = _person_doubt(key, organisations)
        if reason is None:
            reason, becomes = _context_doubt(contexts, pid)
        if reason is None:
            continue
        statements, meetings, articles = facts.get(pid, (0, 0, 0))
        impact = data["impact"]["not_a_person"] * max(1, statements + meetings + articles)
        fix = (f"archive kind person {_q(name)} organisation" if becomes == "organisation"
               else f"archive reject person {_q(name)}")
        items.append(Item(kind="not a person?", impact=round(impact, 2),
                          summary=f'"{name}" #{pid} ({_plural(statements + meetings + articles, "fact")}): {reason}',
                          suggestion=fix, details={"id": pid, "rows": [["people", pid]]}, ref=Ref("people", pid)))
    return items


def _person_doubt(key: str, organisations: set) -> tuple[str | None, str | None]:
    """Why a person's name looks like something else, if it does, and what it may be instead."""
    data, words = _data(), key.split()
    if key in data["placeholders"]:
        return "a placeholder name, not a person", None
    if key in organisations:
        return "also the name of an organisation", "organisation"
    if len(words) > 1 and words[-1] in data["suffixes"] | data["organisation_last"]:
        return "ends like an organisation's name", "organisation"
    if len(words) > 1 and words[-1] in data["thing_last"]:
        return "ends like the name of a thing", None
    return None, None


def _context_doubt(contexts: dict, row_id: int) -> tuple[str | None, str | None]:
    """What the words around a row's mentions call it ("the Acme brand", "the film X"), if anything."""
    for before, mention, after in contexts.get(str(row_id), []):
        found = _words_around(before, after)
        if found:
            word, becomes = found
            what = "a company, brand or club" if becomes == "organisation" else "a work, measure or event"
            excerpt = " ".join(f"{before[-30:]}{mention}{after[:30]}".split())
            return f'the words around it ("{word}") make it {what}: "…{excerpt}…"', becomes
    return None, None


# Whose mentions are worth reading: people without a title (a titled person is a person), unlocated places.
DOUBTFUL = {"person": "SELECT CAST(id AS TEXT) FROM people WHERE role IS NULL",
            "place": "SELECT CAST(id AS TEXT) FROM places WHERE NOT resolved"}


def _contexts(db, kind: str, ids=None) -> dict[str, list[tuple[str, str, str]]]:
    """entity id -> (40 characters before, the mention, 80 after) for the mentions of doubtful rows of ``kind``
    (of these ids, or all)."""
    where, params = _among("m.entity_id", None if ids is None else [str(i) for i in ids])
    sql = f"""SELECT m.entity_id, substr(a.body, max(1, m.start - 39), min(m.start, 40)),
              substr(a.body, m.start + 1, m."end" - m.start), substr(a.body, m."end" + 1, 80)
              FROM mentions m JOIN articles a ON a.id = m.article_id
              WHERE m.entity_type = ? AND m.start IS NOT NULL AND m."end" IS NOT NULL
              AND m.entity_id IN ({DOUBTFUL[kind]}){where} ORDER BY m.id"""
    found = defaultdict(list)
    for entity_id, before, mention, after in db.execute(sql, [kind, *params]):
        found[entity_id].append((before or "", mention or "", after or ""))
    return found


WORD = re.compile(r"[A-Za-z][\w'’-]*")


@lru_cache(maxsize=65536)
def _words_around(before_text: str, after_text: str) -> tuple[str, str] | None:
    """(word, "organisation" or "thing") from the words next to a mention in its clause (see data/review.yml)."""
    data = _data()
    after = re.split(r"[.,;:!?()\n]", after_text, maxsplit=1)[0]
    for word in WORD.findall(after)[:6]:
        if word[0].isupper() or word in ("and", "or"):
            continue
        if word.lower() in data["after"]:
            return word, "organisation"
        break
    before = WORD.findall(re.split(r"[.,;:!?()\n]", before_text)[-1])
    determiners = gazetteer.word_set("english", "articles") | gazetteer.word_set("english", "definite_determiners")
    if len(before) >= 2 and any(w.lower() in determiners for w in before[-4:-1]):
        if before[-1] in data["before_organisation"]:
            return before[-1], "organisation"
        if before[-1] in data["before_thing"]:
            return before[-1], "thing"
    return None


# Statements --------------------------------------------------------------------------

def _unresolved_statements(db) -> list[tuple]:
    return db.execute("""SELECT s.id, s.speaker_name, s.article_id FROM statements s
                         WHERE s.speaker_id IS NULL AND s.organisation_id IS NULL AND NOT s.rejected
                         ORDER BY s.id""").fetchall()


@lru_cache(maxsize=8192)
def _is_title_or_pronoun(speaker: str | None) -> bool:
    return not speaker or resolve.normalise(speaker) in _data()["pronouns"] or resolve.is_title(speaker)


def title_speakers(db) -> list[Item]:
    """Statements said by a bare title ("The President") or pronoun, grouped by title."""
    groups = defaultdict(list)
    for sid, speaker, article_id in _unresolved_statements(db):
        if _is_title_or_pronoun(speaker):
            groups[corrections._title_key(speaker or "")].append((sid, speaker, article_id))
    items, weight = [], _data()["impact"]["title_speaker"]
    for key, said in groups.items():
        speaker = said[0][1] or "no speaker"
        articles = sorted({a for _, _, a in said})
        candidates = {a: _holders(db, a, key) for a in articles}
        summary = (f"{_plural(len(said), 'statement')} by {_q(speaker)} in {_plural(len(articles), 'article')} "
                   f"not linked to anyone (e.g. #{said[0][0]})")
        items.append(Item(kind="title as speaker", impact=round(weight * len(said), 2),
                          summary=summary + _candidates_note(db, candidates),
                          suggestion=_title_fix(db, speaker, said, candidates),
                          details={"speaker": speaker, "statements": len(said), "example": said[0][0],
                                   "rows": [["statements", sid] for sid, _, _ in said]}))
    return items


def _holders(db, article_id: int, title_key: str) -> list[tuple[int, str]]:
    """People of the article whose role in it is this title."""
    sql = """SELECT p.id, p.name, ap.roles FROM article_people ap JOIN people p ON p.id = ap.person_id
             WHERE ap.article_id = ?"""
    return [(pid, name) for pid, name, roles in db.execute(sql, [article_id])
            if title_key and title_key in {resolve.normalise(r) for r in json.loads(roles or "[]")}]


def _candidates_note(db, candidates: dict) -> str:
    names = sorted({name for people in candidates.values() for _, name in people})
    return f"; who holds that title there: {', '.join(_q(n) for n in names)}" if names else ""


def _title_fix(db, speaker: str, said: list, candidates: dict) -> str:
    """One person holding the title in every article: a scoped alias; else set one statement's speaker."""
    holders = {people[0] for people in candidates.values() if len(people) == 1}
    if len(holders) == 1 and all(len(p) == 1 for p in candidates.values()) and speaker != "no speaker" \
            and resolve.is_title(speaker):
        return f"archive alias person {_q(speaker)} {_q(holders.pop()[1])}"
    for sid, _, article_id in said:
        if len(candidates[article_id]) == 1:
            return f"archive set statement {sid} speaker {_q(candidates[article_id][0][1])}"
    return f'archive set statement {said[0][0]} speaker "<person or organisation>"'


def unresolved_speakers(db) -> list[Item]:
    """Statements whose named speaker is linked to nobody: one item per name said twice or more, the rest together."""
    groups = defaultdict(list)
    for sid, speaker, _ in _unresolved_statements(db):
        if not _is_title_or_pronoun(speaker):
            groups[" ".join(speaker.split())].append(sid)
    weight, items, singles = _data()["impact"]["unresolved_speaker"], [], []
    for speaker, ids in sorted(groups.items()):
        if len(ids) == 1:
            singles.append((speaker, ids[0]))
            continue
        items.append(Item(kind="unresolved speaker", impact=weight * len(ids),
                          summary=f"{_plural(len(ids), 'statement')} by {_q(speaker)} not linked to a person or "
                                  f"organisation (e.g. #{ids[0]})",
                          suggestion=f'archive set statement {ids[0]} speaker "<person or organisation>"',
                          details={"speaker": speaker, "statements": len(ids), "example": ids[0],
                                   "rows": [["statements", i] for i in ids]}))
    if singles:
        items.append(Item(
            kind="unresolved speaker", impact=weight,
            summary=f"{_plural(len(singles), 'statement')} each by a speaker linked to nobody: "
                    f"{_names([s for s, _ in singles])}",
            suggestion=f'archive set statement {singles[0][1]} speaker "<person or organisation>"',
            details={"speakers": [s for s, _ in singles], "statements": len(singles), "example": singles[0][1],
                     "rows": [["statements", i] for _, i in singles[:NAMES_SHOWN]],
                     "commands": [f'archive set statement {i} speaker "<person or organisation>"'
                                  for _, i in singles]}))
    return items


def short_statements(db, ids=None) -> list[Item]:
    """Statements of fewer than ``SHORT_STATEMENT_WORDS`` words (of these, or all)."""
    weight, items = _data()["impact"]["short_statement"], []
    where, params = _among("id", ids)
    for sid, text, speaker, article_id in db.execute(
            "SELECT id, text, speaker_name, article_id FROM statements WHERE NOT rejected" + where, params):
        if len(text.split()) < SHORT_STATEMENT_WORDS:
            items.append(Item(kind="low-confidence statement", impact=weight,
                              summary=f'#{sid} by {speaker or "no speaker"} is only "{text}"',
                              suggestion=f"archive reject statement {sid}",
                              details={"id": sid, "rows": [["statements", sid]]},
                              ref=Ref("statements", sid, article=article_id)))
    return items


# Meetings ----------------------------------------------------------------------------

@dataclass
class _Meeting:
    id: int
    article_id: int
    kind: str | None
    date: str | None
    published: str | None
    evidence: str
    start: int | None
    end: int | None
    place_country: str | None
    countries: list[str]
    people: dict = field(default_factory=dict)  # id -> (name, country, [name aliases])
    inside: dict = field(default_factory=lambda: {"person": set(), "country": set()})  # mentioned in the evidence


def doubtful_meetings(db, ids=None) -> list[Item]:
    """Meetings whose evidence does not bear them out; one item per meeting, its problems summed (of these
    meetings, with every other meeting of their articles, or all)."""
    meetings = _meetings(db, ids)
    spans = defaultdict(list)
    for m in meetings:
        spans[m.article_id, m.start, m.end].append(m.id)
    items = []
    for m in meetings:
        problems = _meeting_problems(db, m, spans)
        if problems:
            items.append(_meeting_item(m, problems))
    return items


def _meetings(db, ids=None) -> list[_Meeting]:
    where, params = _among("m.id", ids)
    sql = """SELECT m.id, m.article_id, m.kind, m.date, a.published, COALESCE(m.evidence, ''), m.start, m."end",
             pl.country FROM meetings m JOIN articles a ON a.id = m.article_id
             LEFT JOIN places pl ON pl.id = m.place_id WHERE NOT m.rejected""" + where + " ORDER BY m.id"
    meetings = {row[0]: _Meeting(*row, countries=[]) for row in db.execute(sql, params)}
    countries = "SELECT meeting_id, iso2 FROM meeting_countries m WHERE 1" + _among("m.meeting_id", ids)[0]
    for mid, iso2 in db.execute(countries + " ORDER BY iso2", params):
        if mid in meetings:
            meetings[mid].countries.append(iso2)
    sql = """SELECT m.id, p.id, p.name, p.country FROM meetings m JOIN people p
             ON p.id = m.chair_id OR p.id IN (SELECT person_id FROM meeting_people WHERE meeting_id = m.id)
             WHERE 1""" + where + " ORDER BY m.id, p.name, p.id"
    found = [row for row in db.execute(sql, params) if row[0] in meetings]
    aliases = _name_aliases(db, None if ids is None else {pid for _, pid, _, _ in found})
    for mid, pid, name, country in found:
        meetings[mid].people[pid] = (name, country, aliases[pid])
    sql = """SELECT m.id, x.entity_type, x.entity_id FROM meetings m JOIN mentions x ON x.article_id = m.article_id
             AND x.start >= m.start AND x."end" <= m."end" WHERE NOT m.rejected
             AND x.entity_type IN ('person', 'country')""" + where
    for mid, kind, entity_id in db.execute(sql, params):
        meetings[mid].inside[kind].add(entity_id)
    return list(meetings.values())


def _name_aliases(db, ids=None) -> defaultdict:
    """person id -> their name aliases (of these people, or everyone)."""
    where, params = _among("person_id", ids)
    aliases = defaultdict(list)
    for pid, alias in db.execute("SELECT person_id, alias FROM person_aliases WHERE kind = 'name'" + where, params):
        aliases[pid].append(alias)
    return aliases


def _meeting_problems(db, m: _Meeting, spans: dict) -> list[tuple[str, float, str]]:
    """(problem, weight, command) for each problem of a meeting."""
    weights, problems = _data()["meeting"], []
    twins = spans[m.article_id, m.start, m.end]
    if len(twins) > 1 and m.id != twins[0]:
        problems.append((f"told by the same words as meeting #{twins[0]}", weights["same_evidence"],
                         f"archive reject meeting {m.id}"))
    if m.evidence.lstrip()[:1] in ('"', "“", "«", "'", "‘"):
        problems.append(("its evidence is a quotation", weights["quoted"], f"archive reject meeting {m.id}"))
    named = _named_in_evidence(m)
    absent = [name for pid, (name, *_) in m.people.items() if pid not in named]
    if absent:
        problems.append((f"{_and(_q(n) for n in absent)} {'is' if len(absent) == 1 else 'are'} not named in the "
                         f"evidence", weights["absent_person"] * min(len(absent), 2),
                         [f"archive remove meeting {m.id} participant {_q(n)}" for n in absent]))
    given = {m.place_country} | {m.people[pid][1] for pid in named} | m.inside["country"]
    missing = [code for code in m.countries if code not in given]
    if missing:
        problems.append((f"{_and(missing)} {'is' if len(missing) == 1 else 'are'} not given by the evidence",
                         weights["absent_country"] * min(len(missing), 2),
                         [f"archive remove meeting {m.id} participant {code}" for code in missing]))
    if max(len(m.people), len(m.countries)) < 2:
        problems.append(("it has one participant or none", weights["one_participant"],
                         f'archive add meeting {m.id} participant "<person or country>"'))
    if not m.date:
        problems.append(("it has no date" + ("" if m.published else ", nor has its article"),
                         weights["no_date" if m.published else "no_date_at_all"],
                         f"archive set meeting {m.id} date {m.published[:10] if m.published else '<YYYY-MM-DD>'}"))
    return problems


def _and(words) -> str:
    words = list(words)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _named_in_evidence(m: _Meeting) -> set[int]:
    """Participants the evidence names: a mention inside it, or a word of one of their names."""
    words = set(resolve.normalise(m.evidence).split())
    return {pid for pid, (name, _, aliases) in m.people.items()
            if str(pid) in m.inside["person"]
            or any(t in words for n in [name, *aliases] for t in _name_tokens(n) if len(t) > 2)}


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(resolve.name_tokens(name))


def _meeting_item(m: _Meeting, problems: list) -> Item:
    """One item for a meeting: a reject when it was told twice, quoted, or names none of its people."""
    commands = list(dict.fromkeys(c for _, _, fix in problems for c in ([fix] if isinstance(fix, str) else fix)))
    rejects = [c for c in commands if c.startswith("archive reject")]
    absent = sum(c.startswith("archive remove") and '"' in c for c in commands)
    if not rejects and m.people and absent == len(m.people):
        rejects = [f"archive reject meeting {m.id}"]
    suggestion = (rejects or commands)[0]
    return Item(kind="doubtful meeting", impact=round(sum(w for _, w, _ in problems), 2),
                summary=f'{m.kind or "meeting"} #{m.id} ({m.date or "no date"}; '
                        f'{", ".join(v[0] for v in m.people.values()) or "nobody named"}; '
                        f'{" ".join(m.countries) or "no country"}): {"; ".join(p for p, _, _ in problems)}: '
                        f'"{_excerpt(m.evidence)}"',
                suggestion=suggestion,
                details={"id": m.id, "problems": [p for p, _, _ in problems], "commands": commands,
                         "rows": [["meetings", m.id]]}, ref=Ref("meetings", m.id, article=m.article_id))


def _excerpt(text: str | None, width: int = 70) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


# Places -------------------------------------------------------------------------------

def places_to_check(db) -> list[Item]:
    """Places that are something else, unlocated meeting places, places in the wrong country, the rest grouped."""
    impact = _data()["impact"]
    people = {resolve.normalise(r[0]) for r in db.execute("SELECT name FROM people")}
    organisations = {resolve.normalise(r[0]) for r in db.execute(
        "SELECT name FROM organisations UNION SELECT alias FROM organisation_aliases")}
    items, common, rest, contexts = [], [], [], _contexts(db, "place")
    for pid, name, country, meetings, articles in _unlocated(db):
        becomes, reason = _place_doubt(db, pid, name, people, organisations, contexts)
        if becomes == "nothing":
            common.append((pid, name))
        elif becomes:
            items.append(Item(kind="not a place?", impact=impact["not_a_place"] * max(1, meetings + articles),
                              summary=f'"{name}" #{pid} ({_plural(meetings, "meeting")}, '
                                      f'{_plural(articles, "article")}): {reason}',
                              suggestion=f"archive kind place {_q(name)} {becomes}",
                              details={"id": pid, "rows": [["places", pid]]}))
        elif meetings:
            where = f" in {country}" if country else " (no country)"
            items.append(Item(kind="unresolved place", impact=impact["meeting_place"] * meetings + 0.5 * articles,
                              summary=f'"{name}" #{pid}{where}: no GeoNames settlement; {meetings} meeting(s), '
                                      f'{articles} article(s)',
                              suggestion=f'archive alias place "{name}" "<place it is>"',
                              details={"id": pid, "meetings": meetings, "articles": articles,
                                       "rows": [["places", pid]]}))
        else:
            rest.append((pid, name))
    items += _place_group("not a place?", common, "are common words or adjectives, not places",
                          lambda n: f"archive reject place {_q(n)}")
    items += _place_group("unresolved places", rest, "are not located: no GeoNames settlement (regions, venues, "
                                                     "small towns or extraction errors)",
                          lambda n: f'archive alias place {_q(n)} "<place it is>"  (or: archive reject place {_q(n)})')
    return items + _wrong_countries(db)


def _unlocated(db) -> list[tuple]:
    sql = """SELECT p.id, p.name, p.country,
             (SELECT count(*) FROM meetings WHERE place_id = p.id AND NOT rejected),
             (SELECT count(DISTINCT article_id) FROM mentions
              WHERE entity_type = 'place' AND entity_id = CAST(p.id AS TEXT))
             FROM places p WHERE NOT p.resolved ORDER BY p.name"""
    return db.execute(sql).fetchall()


def _place_doubt(db, pid: int, name: str, people: set, organisations: set,
                 contexts: dict) -> tuple[str | None, str | None]:
    """("person" | "organisation" | "nothing", why) for a place that is none; (None, None) otherwise."""
    key, words, data = resolve.normalise(name), name.split(), _data()
    if key in people or (len(words) > 1 and words[0] in data["given"]):
        return "person", "the name of a person" + (" in the archive" if key in people else "")
    if key in organisations or _starts_an_organisation(db, pid, key):
        return "organisation", "the name of an organisation"
    if len(words) > 1 and key.split()[-1] in data["suffixes"] | data["organisation_last"] | data["thing_last"]:
        return "organisation", "ends like an organisation's name"
    context = _context_doubt(contexts, pid)
    if context[0]:
        return "organisation", context[0]
    if len(words) == 1 and _common_word(db, name):
        return "nothing", "a common word"
    return None, None


def _starts_an_organisation(db, pid: int, key: str) -> bool:
    """The name begins the name of an organisation that its own articles mention ("Acme" of "Acme Corp.")."""
    sql = """SELECT o.name_norm FROM organisations o WHERE CAST(o.id AS TEXT) IN
             (SELECT entity_id FROM mentions WHERE entity_type = 'organisation' AND article_id IN
              (SELECT article_id FROM mentions WHERE entity_type = 'place' AND entity_id = ?))"""
    return any(name.startswith(key + " ") for (name,) in db.execute(sql, [str(pid)]))


def _common_word(db, word: str) -> bool:
    """A demonym, or a word some article writes in lower case ("magic", "earth")."""
    if word in _demonyms():
        return True
    phrase, lower = '"' + word.replace('"', '""') + '"', word.lower()
    found = db.execute("""SELECT 1 FROM articles_fts f JOIN articles a ON a.id = f.rowid
                          WHERE articles_fts MATCH :phrase AND (instr(a.body, ' ' || :w || ' ')
                          OR instr(a.body, ' ' || :w || '.') OR instr(a.body, ' ' || :w || ',')) LIMIT 1""",
                       {"phrase": phrase, "w": lower})
    return found.fetchone() is not None


@lru_cache(maxsize=1)
def _demonyms() -> frozenset:
    """Every country adjective of data/countries.yml ("French", "Arabs"), read without the extractor."""
    entries = gazetteer.load("countries").values()
    return frozenset(a for e in entries if isinstance(e, dict) for a in e.get("adjectives") or [])


def _place_group(kind: str, places: list, what: str, command) -> list[Item]:
    if not places:
        return []
    impact = min(_data()["impact"]["group_cap"], _data()["impact"]["unresolved_places"] * len(places))
    return [Item(kind=kind, impact=impact, summary=f"{len(places)} \"places\" {what}: "
                                                   f"{_names([n for _, n in places])}",
                 suggestion=command(places[0][1]),
                 details={"ids": [pid for pid, _ in places], "names": [n for _, n in places],
                          "commands": [command(n) for _, n in places],
                          "rows": [["places", pid] for pid, _ in places[:NAMES_SHOWN]]})]


def _wrong_countries(db) -> list[Item]:
    """Located places whose articles name other countries, one of which has a settlement of that name."""
    sql = """SELECT p.id, p.name, p.country, json_group_array(DISTINCT c.iso2) FROM places p
             JOIN mentions m ON m.entity_type = 'place' AND m.entity_id = CAST(p.id AS TEXT)
             JOIN article_countries c ON c.article_id = m.article_id
             WHERE p.resolved AND p.country IS NOT NULL GROUP BY p.id"""
    items = []
    for pid, name, country, codes in db.execute(sql).fetchall():
        codes = set(json.loads(codes))
        if country in codes:
            continue
        there = sorted({h["countrycode"] for h in geo.candidates(name)} & codes)
        if there:
            items.append(Item(kind="place in the wrong country?", impact=_data()["impact"]["wrong_country"],
                              summary=f'"{name}" #{pid} is located in {country}, but its articles name '
                                      f'{", ".join(sorted(codes))}, and {there[0]} has a "{name}" too',
                              suggestion=f"archive set place {_q(name)} country {there[0]}",
                              details={"id": pid, "rows": [["places", pid]]}))
    return items


# Duplicates ---------------------------------------------------------------------------

def duplicates(db, threshold: float = PROBABLE, kinds=("person", "place")) -> list[Pair]:
    """Pairs of people and of places that probably are one, most similar first (never a pair declared distinct)."""
    pairs = _pairs("person", people(db), person_similarity, threshold, same_country=True) if "person" in kinds else []
    pairs += _pairs("place", places(db), place_similarity, threshold) if "place" in kinds else []
    apart = corrections.distinct_pairs(db) if _has_table(db, "distinct_pairs") else set()
    pairs = [p for p in pairs if (p.kind, min(p.a.id, p.b.id), max(p.a.id, p.b.id)) not in apart]
    return sorted(pairs, key=lambda p: (-p.score, p.a.id, p.b.id))


def people(db, ids=None) -> list[Entity]:
    """Every person (or these), by id, with their name aliases, roles and number of facts."""
    names, roles = _name_aliases(db, ids), defaultdict(set)
    where, params = _among("person_id", ids)
    for pid, role in db.execute("SELECT DISTINCT person_id, role FROM person_roles WHERE 1" + where, params):
        roles[pid].add(role)
    where, params = _among("id", ids)
    sql = """SELECT id, name, country, article_count
             + (SELECT count(*) FROM statements WHERE speaker_id = people.id AND NOT rejected)
             + (SELECT count(*) FROM meeting_people WHERE person_id = people.id) FROM people WHERE 1"""
    return [Entity(pid, name, country, [name, *names[pid]], weight, roles[pid])
            for pid, name, country, weight in db.execute(sql + where + " ORDER BY id", params).fetchall()]


def duplicate_people(db, ids, threshold: float = PROBABLE) -> list[Pair]:
    """The pairs of ``duplicates`` that have one of these people: their partners are found through the
    match keys (``person_keys`` holds every folded word of a person's names, so the people who share a
    block key, a word's first four letters, with one of them are read from its index)."""
    touched = people(db, ids)
    partners = _same_countries(db, _key_partners(db, touched), {e.country for e in touched})
    entities = {e.id: e for e in people(db, partners | {e.id for e in touched})}
    keys = {pid: _block_keys(e) for pid, e in entities.items()}
    apart = corrections.distinct_pairs(db) if _has_table(db, "distinct_pairs") else set()
    found = set()
    for one in touched:
        for other in entities.values():
            a, b = sorted((one.id, other.id))
            if a == b or (a, b) in found or not keys[a] & keys[b] or ("person", a, b) in apart:
                continue
            if resolve.compatible(entities[a].country, entities[b].country):
                found.add((a, b))
    pairs = [Pair("person", entities[a], entities[b], round(person_similarity(entities[a], entities[b]), 3))
             for a, b in found]
    return sorted((p for p in pairs if p.score >= threshold), key=lambda p: (-p.score, p.a.id, p.b.id))


def _same_countries(db, ids: set[int], countries: set) -> set[int]:
    """Those of these people who can be one of a person of these countries (``resolve.compatible``)."""
    if None in countries:
        return ids
    return _ids_where(db, "country IS NULL OR country IN (SELECT value FROM json_each(:countries))", ids,
                      {"countries": json.dumps(sorted(countries))})


def _ids_where(db, condition: str, ids: set[int], params: dict) -> set[int]:
    return {r[0] for r in db.execute(f"SELECT id FROM people WHERE id IN (SELECT value FROM json_each(:ids)) "
                                     f"AND ({condition})", {**params, "ids": json.dumps(sorted(ids))})}


def _key_partners(db, touched: list[Entity]) -> set[int]:
    """The people with a name word whose first four letters are those of a word of these people's names."""
    starts = {key[:-1] if key.endswith("…") else key[:4] for e in touched for key in _block_keys(e)}
    found = set()
    for start in sorted(starts):
        for key, pid in db.execute("SELECT key, person_id FROM person_keys WHERE key >= ? AND key < ?",
                                   [start, start + "\U0010ffff"]):
            if re.split(r"[$|]", key, maxsplit=1)[0][:4] == start:
                found.add(pid)
    return found


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


def _pairs(kind: str, entities: list[Entity], similarity, threshold: float,
           same_country: bool = False) -> list[Pair]:
    """The pairs of entities that share a block key and are at least ``threshold`` similar.

    ``same_country``: the similarity is 0 unless the countries are compatible (equal, or
    one unknown), so the other pairs of a block are never scored (a block of a common
    name prefix holds thousands of people: most of its pairs are of two countries).
    """
    blocks = defaultdict(set)
    for n, entity in enumerate(entities):
        for key in _block_keys(entity):
            blocks[key].add(n)
    seen, out = set(), []
    for members in blocks.values():
        ordered = sorted(members)
        for i, j in (_compatible_pairs(ordered, entities) if same_country else combinations(ordered, 2)):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            score = similarity(entities[i], entities[j])
            if score >= threshold:
                out.append(Pair(kind, entities[i], entities[j], round(score, 3)))
    return out


def _compatible_pairs(members: list[int], entities: list[Entity]):
    """The pairs (i, j), i < j, of these members whose countries are equal or one unknown."""
    by_country, unknown = defaultdict(list), []
    for n in members:
        country = entities[n].country
        (unknown if country is None else by_country[country]).append(n)
    for group in by_country.values():
        yield from combinations(group, 2)
    for u in unknown:
        for n in members:
            if n != u and (entities[n].country is not None or n > u):
                yield (u, n) if u < n else (n, u)


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


def duplicate_items(db) -> list[Item]:
    return [_duplicate_item(pair) for pair in duplicates(db)]


def duplicate_people_items(db, ids) -> list[Item]:
    """``duplicate_items`` of the pairs that have one of these people."""
    return [_duplicate_item(pair) for pair in duplicate_people(db, ids)]


def duplicate_place_items(db) -> list[Item]:
    return [_duplicate_item(pair) for pair in duplicates(db, kinds=("place",))]


def _duplicate_item(pair: Pair) -> Item:
    # Keep the settlement with coordinates, else the row with more facts, else the fuller name.
    keep, drop = sorted((pair.a, pair.b), key=lambda e: (e.geonames_id is None, -e.weight, -len(e.name), e.id))
    table = "people" if pair.kind == "person" else "places"
    return Item(
        kind=f"duplicate {pair.kind}",
        impact=round(pair.score * (pair.a.weight + pair.b.weight), 2),
        summary=f"{pair.a.describe()} ≈ {pair.b.describe()}, similarity {pair.score:.2f}",
        suggestion=f'archive merge {pair.kind} "{drop.name}" "{keep.name}"',
        details={"ids": [pair.a.id, pair.b.id], "score": pair.score,
                 "rows": [[table, pair.a.id], [table, pair.b.id]],
                 "commands": [f'archive merge {pair.kind} "{drop.name}" "{keep.name}"',
                              f'archive distinct {pair.kind} "{drop.name}" "{keep.name}"']},
        ref=Ref("people", pair.a.id, other=pair.b.id) if pair.kind == "person" else None)


CHECKS = [curation_problems, surname_only, not_a_person, title_speakers, unresolved_speakers,
          doubtful_meetings, places_to_check, duplicate_items, short_statements]
# The checks ``update`` redoes whole: their items group rows (a title, a speaker's name, places), or there
# are few (curation problems, places).
WHOLE_CHECKS = [curation_problems, title_speakers, unresolved_speakers, places_to_check, duplicate_place_items]


# Output -------------------------------------------------------------------------------

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
        if item.kind.startswith("duplicate"):
            lines.append(f"{'':>{width}}    (not the same? {item.details['commands'][1]})")
    return "\n".join(lines)
