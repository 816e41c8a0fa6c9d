"""One search box over the archive: statements, speakers, people, organisations, countries, places,
meetings and articles, with facets (kind, speaker, country, year) on the results.

- The text of statements and articles is searched with SQLite FTS5 (ranked by
  bm25; words match whatever their ending). A query with FTS syntax (``OR``,
  ``NOT``, ``"a phrase"``, ``prefix*``, ``NEAR``) is run as written; if the syntax
  is wrong the page says so and searches the words instead. Other queries are
  plain words, all of which must occur.
- Names match word for word, accents and case aside: a person, organisation,
  place or country is found when every word of the query (of one ``OR``
  alternative) is a word of its name or of one of its names.
- A statement is found by its text, by its speaker's name, or by both: in
  "Halvorsen NATO" the speaker's words pick the speaker and the other words are
  searched in what the speaker said.
- A meeting is found when every word occurs in its evidence, its people, its
  place or its countries' names.

Facets count the results under the other facets' choices; a facet that does
not apply to a kind of result (a speaker for an article) leaves that kind out.
"""
from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field, replace

from datasette.utils.asgi import BadRequest
from markupsafe import Markup, escape

from .. import limits
from .. import names as name_keys
from . import facts, links

# Private-use characters mark matches in snippet(); they cannot occur in escaped HTML.
OPEN, CLOSE = "\ue000", "\ue001"
KINDS = ("statements", "meetings", "articles", "people", "organisations", "countries", "places")
SHOWN = {"statements": 50, "meetings": 20, "articles": 20, "people": 20, "organisations": 20, "countries": 20,
         "places": 20}
FACET_SIZE = 12
SYNTAX = re.compile(r'["*():^+]|\b(?:AND|OR|NOT|NEAR)\b')
OPERATORS = {"AND", "OR", "NOT", "NEAR"}
YEAR = re.compile(r"^\d{4}$")

STATEMENT_TEXT_SQL = """
select s.id, s.speaker, s.speaker_country, s.countries, s.date, rank
from statements_fts join statement_rows s on s.id = statements_fts.rowid
where statements_fts match :q {speaker}
"""
STATEMENT_SPEAKER_SQL = """
select s.id, s.speaker, s.speaker_country, s.countries, s.date, 0 as rank from statement_rows s where {speaker}
"""
SNIPPET_SQL = """
select rowid as id, snippet(statements_fts, 0, :open, :close, '…', 32) as snippet from statements_fts
where statements_fts match :q and rowid in (select value from json_each(:ids))
"""
ARTICLE_SQL = """
select a.id, a.published, rank,
  (select json_group_array(iso2) from article_countries where article_id = a.id) as countries
from articles_fts join articles a on a.id = articles_fts.rowid where articles_fts match :q
"""
ARTICLE_SHOWN_SQL = """
select a.id, a.name, a.published, a.source,
       highlight(articles_fts, 0, :open, :close) as title,
       snippet(articles_fts, 1, :open, :close, '…', 40) as snippet
from articles_fts join articles a on a.id = articles_fts.rowid
where articles_fts match :q and a.id in (select value from json_each(:ids)) order by rank
"""
# Everything a meeting can be found by, lower-cased (meeting_rows.search_text, see archive/summaries.py).
# The trigram index meeting_rows_fts finds them without reading every meeting.
MEETING_SQL = """
select m.id, m.countries, m.date from meeting_rows m
where m.id in ({found})
"""
MEETING_FOUND_SQL = "select rowid from meeting_rows_fts where {where}"
MEETING_TEXT = "search_text"
# The names that hold one of the query's words, of the kinds read in SQL (few countries: all of them).
NAMED_SQL = "select * from ({names}) where {words}"
NAMES_SQL = {
    "people": "select p.id, p.name, p.country, p.role, p.mention_count as weight, p.name_norm as key "
              "from people p union all select p.id, p.name, p.country, p.role, p.mention_count, a.alias_norm "
              "from person_aliases a join people p on p.id = a.person_id where a.kind = 'name'",
    "organisations": "select o.id, o.name, o.country, o.kind as role, 0 as weight, o.name_norm as key "
                     "from organisations o union all select o.id, o.name, o.country, o.kind, 0, a.alias_norm "
                     "from organisation_aliases a join organisations o on o.id = a.organisation_id",
    "places": "select p.id, p.name, p.country, null as role, p.resolved as weight, p.name_norm as key "
              "from places p union all select p.id, p.name, p.country, null, p.resolved, a.alias_norm "
              "from place_aliases a join places p on p.id = a.place_id",
    "countries": "select iso2 as id, name, iso2 as country, null as role, 0 as weight, name as key from countries",
}
# Its own partial index: the planner, without statistics for it, would scan every statement.
UNRESOLVED_SPEAKERS_SQL = ("select distinct speaker from statement_rows indexed by idx_statement_rows_unknown_speaker "
                           "where speaker_id is null and organisation_id is null and speaker is not null")


@dataclass(frozen=True)
class Query:
    """A search as typed, what FTS5 is given, and the words that names must match."""

    text: str
    fts: str = ""
    syntax: bool = False  # written with FTS5 operators, run as written
    alternatives: tuple[tuple[str, ...], ...] = ()  # folded words of each OR alternative
    error: str | None = None

    @classmethod
    def parse(cls, text: str | None) -> "Query":
        text = " ".join(CONTROL.sub("", text or "").split())
        syntax = bool(SYNTAX.search(text))
        return cls(text, text if syntax else fts_query(text) or "", syntax, _alternatives(text))

    def plain(self, error: str) -> "Query":
        """The same words without FTS syntax, with the reason."""
        words = " ".join(w for w in re.findall(r"\w+", self.text) if w not in OPERATORS)
        return replace(self, fts=fts_query(words) or "", syntax=False, error=error)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(w for alternative in self.alternatives for w in alternative)


# Characters that are not text (NUL and other controls) are dropped from a query.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def fts_query(q: str) -> str | None:
    """An FTS5 query for words typed without FTS syntax: every word and every "quoted phrase"
    as an FTS5 string, all required; an unclosed quote runs to the end. None if nothing is left.
    (Datasette's ``escape_fts`` leaves some inputs that FTS5 refuses.)"""
    segments = CONTROL.sub("", q).split('"')
    terms = []
    for number, segment in enumerate(segments):
        inside = number % 2 == 1
        terms += [segment] if inside and segment.strip() else [] if inside else segment.split()
    return " ".join(f'"{term}"' for term in terms) or None


def _alternatives(text: str) -> tuple[tuple[str, ...], ...]:
    out = []
    for branch in re.split(r"\bOR\b", text):
        tokens = re.findall(r"[\w'’-]+|\bNOT\b", branch)
        words, skip = [], False
        for token in tokens:
            if token == "NOT":
                skip = True  # the next word is excluded, not required
            elif token in OPERATORS:
                continue
            elif skip:
                skip = False
            else:
                words.extend(name_keys.normalise(token).split())
        if words:
            out.append(tuple(dict.fromkeys(words)))
    return tuple(out)


@dataclass(frozen=True)
class Facets:
    """The facet choices in the URL: ``kind``, ``speaker``, ``country``, ``year``."""

    kind: str | None = None
    speaker: str | None = None
    country: str | None = None
    year: str | None = None

    @classmethod
    def from_args(cls, args) -> "Facets":
        kind, speaker = (args.get("kind") or "").strip() or None, (args.get("speaker") or "").strip() or None
        country, year = (args.get("country") or "").strip() or None, (args.get("year") or "").strip() or None
        if kind is not None and kind not in KINDS:
            raise BadRequest(f"kind={kind!r} is not one of {', '.join(KINDS)}")
        if country is not None and links.iso2(country) is None:
            raise BadRequest(f"country={country!r} is not an ISO 3166 alpha-2 code such as CN")
        if year is not None and not YEAR.match(year):
            raise BadRequest(f"year={year!r} is not a year such as 2004")
        return cls(kind, speaker, links.iso2(country), year)

    def admits(self, hit: "Hit", skip: str | None = None) -> bool:
        """True if ``hit`` passes every choice but ``skip``."""
        return ((skip == "kind" or self.kind is None or hit.kind == self.kind)
                and (skip == "speaker" or self.speaker is None or hit.speaker == self.speaker)
                and (skip == "country" or self.country is None or self.country in hit.countries)
                and (skip == "year" or self.year is None or hit.year == self.year))


@dataclass(frozen=True)
class Hit:
    """One result, with what the facets count."""

    kind: str
    id: object
    rank: float = 0.0
    speaker: str | None = None
    countries: frozenset = field(default_factory=frozenset)
    year: str | None = None
    fts: str | None = None  # the FTS query it matched, for its snippet
    label: str | None = None  # a name, for people, organisations, countries and places
    note: str | None = None   # their role or kind


async def context(datasette, args) -> dict:
    """Results, facets and messages for ``archive_search.html``."""
    query, facets = Query.parse(args.get("q")), Facets.from_args(args)
    result = {"q": query.text, "query": query, "facets": facets, "results": {kind: [] for kind in KINDS},
              "counts": Counter(), "facet_lists": {},
              "canned_url": links.query(datasette, "search_statements", q=query.text or None)}
    if not (args.get("q") or "").strip():
        return result
    refusal = (f"The query is too long: at most {limits.MAX_SEARCH_CHARS} characters."
               if len(query.text) > limits.MAX_SEARCH_CHARS else
               "Nothing to search for: the query has no words." if not re.search(r"\w", query.text) else None)
    if refusal:
        result.update(query=replace(query, error=refusal), refused=True)
        return result
    db = links.database(datasette)
    query = await _checked(db, query)
    if not re.search(r"\w", query.fts):  # nothing but operators or punctuation
        result["query"] = query
        return result
    named = {kind: list(await db.execute(*_named_sql(kind, query))) for kind in NAMES_SQL}
    entities = {kind: _names(kind, rows, query) for kind, rows in named.items()}
    hits = (await _statements(db, query, named, entities) + await _meetings(db, query)
            + await _articles(db, query) + [hit for kind in entities for hit in entities[kind]])
    admitted = [hit for hit in hits if facets.admits(hit)]
    result.update(
        query=query,
        counts=Counter(hit.kind for hit in admitted),
        facet_lists=_facet_lists(datasette, args, hits, facets, await facts.country_names(datasette)),
        results=await _shown(datasette, query, admitted),
    )
    return result


async def _checked(db, query: Query) -> Query:
    """The query, or its plain words when FTS5 rejects its syntax."""
    if not query.syntax:
        return query

    def error(conn) -> str | None:  # in the database thread, so that Datasette does not log the failure
        try:
            conn.execute("select count(*) from statements_fts where statements_fts match ?", [query.fts]).fetchone()
        except sqlite3.OperationalError as failure:
            return str(failure)
        return None

    message = await db.execute_fn(error)
    return query.plain(_explained(message)) if message else query


def _explained(message: str) -> str:
    message = message.removeprefix("fts5: ")
    if message.startswith("no such column"):
        message = 'a word followed by ":" names a column (put the words in quotes to search for them)'
    return (f"The search could not be read as FTS5 syntax ({message}); these results are for the words "
            f"alone. Use OR and NOT in capitals, quotes around a phrase, and * after the start of a word.")


# Matching -------------------------------------------------------------------------

def _named_sql(kind: str, query: Query) -> tuple[str, dict]:
    """The names of ``kind`` that may hold a word of the query (checked word by word in ``_names``):
    read in SQL, not all of them per request."""
    if kind == "countries" or not query.words:
        return NAMES_SQL[kind], {}
    params = {f"w{n}": f"%{word}%" for n, word in enumerate(dict.fromkeys(query.words))}
    return NAMED_SQL.format(names=NAMES_SQL[kind], words=" or ".join(f"key like :{p}" for p in params)), params


def _names(kind: str, rows: list, query: Query) -> list[Hit]:
    """People, organisations, places or countries whose name, or one of whose names, has every word."""
    found: dict = {}
    for row in rows:
        words = set(name_keys.normalise(row["key"]).split())
        if any(set(alternative) <= words for alternative in query.alternatives):
            found.setdefault(row["id"], row)
    ordered = sorted(found.values(), key=lambda r: (-(r["weight"] or 0), r["name"]))
    return [Hit(kind, row["id"], countries=frozenset([row["country"]] if row["country"] else []),
                label=row["name"], note=row["role"]) for row in ordered]


SPEAKER_CONDITIONS = {"people": "s.speaker_id = :speaker", "organisations": "s.organisation_id = :speaker"}


async def _statements(db, query: Query, named: dict, entities: dict) -> list[Hit]:
    """Statements whose text matches, by a speaker the query names, or by a named speaker about the rest."""
    hits: dict = {}
    for row in await db.execute(STATEMENT_TEXT_SQL.format(speaker=""), {"q": query.fts}):
        hits[row["id"]] = _statement_hit(row, query.fts)
    for condition, params, rest in await _speakers(db, query, named, entities):
        if rest:
            rows = await db.execute(STATEMENT_TEXT_SQL.format(speaker=f"and ({condition})"),
                                    {**params, "q": rest})
        else:
            rows = await db.execute(STATEMENT_SPEAKER_SQL.format(speaker=condition), params)
        for row in rows:
            hit = _statement_hit(row, rest)
            # Found through its speaker too: before statements that only share words.
            hits[row["id"]] = replace(hit, rank=hit.rank - 1000)
    return sorted(hits.values(), key=lambda h: h.rank)


def _statement_hit(row, fts: str | None) -> Hit:
    codes = set(facts.json_list(row["countries"])) | ({row["speaker_country"]} if row["speaker_country"] else set())
    return Hit("statements", row["id"], row["rank"] or 0.0, row["speaker"], frozenset(codes),
               (row["date"] or "")[:4] or None, fts)


async def _speakers(db, query: Query, named: dict, entities: dict) -> list[tuple[str, dict, str | None]]:
    """(condition on statement_rows s, its parameters, FTS query for the words left or None) per speaker:
    people and organisations the query names; for a plain query, also those named by some of its words,
    the other words then being searched in what they said; and unresolved speakers the query names."""
    out, seen = [], set()
    for kind in SPEAKER_CONDITIONS:
        for hit in entities[kind]:
            out.append((SPEAKER_CONDITIONS[kind], {"speaker": hit.id}, None))
            seen.add((kind, hit.id))
    words = set(query.words) if not query.syntax and len(query.alternatives) == 1 else set()
    for kind in SPEAKER_CONDITIONS if words else ():
        for row in named[kind]:
            claimed = words & set(name_keys.normalise(row["key"]).split())
            if claimed and (kind, row["id"]) not in seen:
                rest = " ".join(w for w in query.alternatives[0] if w not in claimed)
                out.append((SPEAKER_CONDITIONS[kind], {"speaker": row["id"]}, fts_query(rest) if rest else None))
                seen.add((kind, row["id"]))
    for row in await db.execute(UNRESOLVED_SPEAKERS_SQL):
        if any(set(a) <= set(name_keys.normalise(row["speaker"]).split()) for a in query.alternatives):
            out.append(("s.speaker = :speaker and s.speaker_id is null and s.organisation_id is null",
                        {"speaker": row["speaker"]}, None))
    return out


async def _meetings(db, query: Query) -> list[Hit]:
    conditions, params = [], {}
    for a, alternative in enumerate(query.alternatives):
        parts = []
        for w, word in enumerate(alternative):
            params[f"w{a}_{w}"] = f"%{word}%"
            parts.append(f"{MEETING_TEXT} like :w{a}_{w}")
        conditions.append(MEETING_FOUND_SQL.format(where=" and ".join(parts)))
    if not conditions:
        return []
    rows = await db.execute(MEETING_SQL.format(found=" union ".join(conditions)), params)
    hits = [Hit("meetings", r["id"], 0.0, None, frozenset(facts.json_list(r["countries"])), (r["date"] or "")[:4]
                or None) for r in rows]
    return sorted(hits, key=lambda h: (h.year or "", h.id), reverse=True)


async def _articles(db, query: Query) -> list[Hit]:
    rows = await db.execute(ARTICLE_SQL, {"q": query.fts})
    return [Hit("articles", r["id"], r["rank"], None, frozenset(facts.json_list(r["countries"])),
                (r["published"] or "")[:4] or None, query.fts) for r in rows]


# Facets ---------------------------------------------------------------------------

def _facet_lists(datasette, args, hits: list[Hit], facets: Facets, country_names: dict) -> dict:
    """Per facet: its values with counts, and links that choose or clear each."""
    lists = {}
    for name in ("kind", "speaker", "country", "year"):
        counts = Counter()
        for hit in hits:
            if facets.admits(hit, skip=name):
                for value in _facet_values(hit, name):
                    counts[value] += 1
        chosen = getattr(facets, name)
        items = [{"value": value, "count": n, "chosen": value == chosen,
                  "label": _facet_label(name, value, country_names),
                  "url": _with(datasette, args, name, None if value == chosen else value)}
                 for value, n in _ordered(name, counts)]
        lists[name] = {"items": items, "chosen": chosen, "clear_url": _with(datasette, args, name, None),
                       "chosen_label": _facet_label(name, chosen, country_names) if chosen else None}
    return lists


def _facet_values(hit: Hit, name: str):
    if name == "kind":
        return [hit.kind]
    if name == "speaker":
        return [hit.speaker] if hit.speaker else []
    if name == "country":
        return sorted(hit.countries)
    return [hit.year] if hit.year else []


def _ordered(name: str, counts: Counter) -> list:
    if name == "kind":
        return [(kind, counts[kind]) for kind in KINDS if counts[kind]]
    if name == "year":
        return sorted(counts.items(), reverse=True)
    return sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))[:FACET_SIZE]


def _facet_label(name: str, value, country_names: dict) -> str:
    return country_names.get(value, value) if name == "country" else str(value)


def _with(datasette, args, name: str, value) -> str:
    pairs = [(key, args.get(key)) for key in ("q", "kind", "speaker", "country", "year") if key != name]
    return links.page(datasette, "/-/search", pairs + [(name, value)])


# What is shown ----------------------------------------------------------------------

async def _shown(datasette, query: Query, hits: list[Hit]) -> dict:
    """The best results of each kind, shaped for the page."""
    by_kind = {kind: [hit for hit in hits if hit.kind == kind][:SHOWN[kind]] for kind in KINDS}
    db = links.database(datasette)
    names = await facts.country_names(datasette)
    return {
        "statements": await _shown_statements(datasette, db, by_kind["statements"]),
        "meetings": await _by_ids(datasette, db, by_kind["meetings"], "meeting_rows m", "m",
                                  facts.MEETING_COLUMNS, facts.meetings),
        "articles": await _shown_articles(datasette, db, query, by_kind["articles"]),
        **{kind: _shown_names(datasette, kind, by_kind[kind], names)
           for kind in ("people", "organisations", "countries", "places")},
    }


async def _by_ids(datasette, db, hits, table, alias, columns, shape):
    ids = [hit.id for hit in hits]
    rows = {r["id"]: r for r in await db.execute(
        f"select {columns} from {table} where {alias}.id in (select value from json_each(:ids))",
        {"ids": _json(ids)})}
    return await shape(datasette, [rows[i] for i in ids if i in rows])


async def _shown_statements(datasette, db, hits: list[Hit]) -> list[dict]:
    statements = await _by_ids(datasette, db, hits, "statement_rows s", "s", facts.STATEMENT_COLUMNS,
                               facts.statements)
    snippets = {}
    for fts in {hit.fts for hit in hits if hit.fts}:
        ids = [hit.id for hit in hits if hit.fts == fts]
        for row in await db.execute(SNIPPET_SQL, {"q": fts, "ids": _json(ids), "open": OPEN, "close": CLOSE}):
            snippets[row["id"]] = marked(row["snippet"])
    for statement in statements:
        statement["snippet"] = snippets.get(statement["id"])
    return statements


async def _shown_articles(datasette, db, query: Query, hits: list[Hit]) -> list[dict]:
    if not hits:
        return []
    rows = await db.execute(ARTICLE_SHOWN_SQL, {"q": query.fts, "ids": _json([h.id for h in hits]),
                                                "open": OPEN, "close": CLOSE})
    out = []
    for row in rows:
        article = dict(row)
        article["snippet"] = marked(article["snippet"])
        article["title"] = marked(article["title"]) if article["title"] else None
        article["url"] = links.article(datasette, article["id"])
        out.append(article)
    return out


def _shown_names(datasette, kind: str, hits: list[Hit], names: dict) -> list[dict]:
    return [{"id": hit.id, "name": hit.label, "note": hit.note, "url": links.row(datasette, kind, hit.id),
             "country": names.get(next(iter(hit.countries))) if hit.countries and kind != "countries" else None}
            for hit in hits]


def marked(text) -> Markup:
    """Escaped text with the snippet markers turned into ``<mark>`` elements."""
    html = str(escape(text or ""))
    return Markup(html.replace(OPEN, '<mark class="match">').replace(CLOSE, "</mark>"))


def _json(values) -> str:
    return json.dumps(list(values))
