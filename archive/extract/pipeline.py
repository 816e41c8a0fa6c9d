"""One article in, one extraction dict out (see docs/extraction-format.md)."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlparse

from .. import gazetteer, ingest
from ..model import Article
from ..nlp import NAMES, PARSE, analyse, complete, make_doc
from . import countries as countries_mod
from . import dates as dates_mod
from .affiliation import assign_countries
from .attribution import with_parsed_statements
from .context import Context
from . import meetings as meetings_mod
from .organisations import find_organisations
from .people import find_people, given_names, title_words
from .places import find_places
from .statements import Speaker, SpeakerIndex, find_statements, public, quote_spans


# Organisations whose name may hold a country word without speaking for that country.
_PRIVATE_KINDS = {"organisation", "company", "media", "news agency", "ngo"}


def _outside_private_names(country_mentions: list[dict], orgs) -> list[dict]:
    """Drop country words inside the name of a company, newspaper or NGO ("Ethiopian Airlines")."""
    spans = [(m["start"], m["end"]) for o in orgs if o.kind in _PRIVATE_KINDS for m in o.mentions]
    return [c for c in country_mentions if not any(s <= c["start"] and c["end"] <= e for s, e in spans)]


def boilerplate_lines(text: str) -> list[tuple[int, int]]:
    """Spans of scraped lines inside the body ("Read more: ...", photo credits): no facts come from them."""
    spans, offset = [], 0
    for line in text.split("\n"):
        if line.strip() and ingest.is_boilerplate_line(line):
            spans.append((offset, offset + len(line)))
        offset += len(line) + 1
    return spans


def _within(pos: int, spans) -> bool:
    return any(s <= pos < e for s, e in spans)


def publisher_country(url: str | None) -> str | None:
    """The government that published the article, from its url (data/publishers.yml)."""
    if not url:
        return None
    host = urlparse(url).hostname or ""
    domains = gazetteer.load("publishers")["domains"]
    parts = host.lower().split(".")
    for k in range(len(parts) - 1):
        country = domains.get(".".join(parts[k:]))
        if country:
            return country
    return None


@dataclass
class Headline:
    """An article's title, read once: the people it names ("Senator Lena Hart resigns") and its country
    mentions."""

    title: str
    people: list = field(default_factory=list)
    mentions: list = field(default_factory=list)

    @property
    def surnames(self) -> set[str]:
        """The last words of the full names it gives ("Hart" of "Lena Hart")."""
        return {h.tokens[-1] for h in self.people if len(h.tokens) >= 2}


def read_headline(title: str | None) -> Headline:
    if not title:
        return Headline("")
    tdoc = make_doc(title)
    mentions = countries_mod.find_country_mentions(tdoc)
    return Headline(title, find_people(tdoc, Context(tdoc, mentions))[0], mentions)


def enrich_from_headline(people, headline: Headline) -> str | None:
    """Headlines often carry what the body leaves out ("UK Prime Minister Brown"):
    give a body person without a country the headline's country for the same surname, and one
    known in the body by the surname alone the headline's full name.
    Returns the country the headline opens with ("Pakistan summons ..."), if any."""
    title, mentions = headline.title, headline.mentions
    for p in people:
        if p.country is None:
            p.country = _country_as(title, p.tokens[-1], mentions)
        for h in headline.people:
            if h.tokens[-1] != p.tokens[-1]:
                continue
            if len(p.tokens) == 1 and len(h.tokens) >= 2:
                p.name = h.name  # the body says "Lund", the headline "Hari Lund"
            if p.country is None:
                p.country = h.country
            for role in h.roles:
                if role not in p.roles:
                    p.roles.append(role)
    return _opening_country(title, mentions)


def _country_as(title: str, surname: str, mentions: list[dict]) -> str | None:
    """"Lund resigns as Prime Minister of Norland", "Lund reelected as Norlandic party leader": the one country
    of the phrase after "as" that follows the person's name in the headline."""
    at = title.find(surname)
    k = title.find(" as ", at + len(surname)) if at >= 0 else -1
    if k < 0:
        return None
    found = {m["iso2"] for m in mentions if m["start"] > k and m["via"] in ("name", "demonym")}
    return found.pop() if len(found) == 1 else None


def _opening_country(title: str, mentions: list[dict]) -> str | None:
    """The country a headline opens with, alone ("Pakistan summons ...", not "Russia and Kazakhstan ...")."""
    first = next((m for m in mentions if m["start"] <= 1 and m["via"] in ("name", "demonym", "capital")), None)
    if first is None or title[first["end"]:].lstrip()[:4].lower().startswith(("and ", ",", "&")):
        return None
    return first["iso2"]


def needs_model(sent, ctx: Context) -> str | None:
    """The cascade: what the statistical model must do for a sentence. ``PARSE`` where there
    is a reporting verb (statements and their speakers); ``NAMES`` (entities only) where two
    capitalised words in a row are explained neither by a gazetteer nor by the rules for names
    (not after a title, not opening with a known given name); else nothing."""
    cues, known = _cues(), _name_words()
    run, names = 0, None
    alone = _name_line(sent)
    for k, tok in enumerate(sent):
        if tok.lower_ in cues and not ctx.blocked_token(tok.i):  # not "States" of "the United States"
            return PARSE
        unexplained = ((k or alone) and tok.is_title and tok.is_alpha and not ctx.blocked_token(tok.i)
                       and tok.lower_ not in known["titles"])
        if unexplained and run == 0 and (tok.text in known["given"] or sent[k - 1].lower_ in known["titles"]):
            unexplained = False
        run = run + 1 if unexplained else 0
        if run >= 2:
            names = NAMES
    return names


def _name_line(sent) -> bool:
    """A line that holds nothing but two to four capitalised words ("Ana Lima" under a headline):
    its first word counts as a name word too."""
    words = [t for t in sent if not t.is_space]
    return (2 <= len(words) <= 4 and all(t.is_title and t.text.replace("'", "").isalpha() for t in words)
            and (sent.start == 0 or "\n" in sent.doc[sent.start - 1].text)
            and (sent.end == len(sent.doc) or "\n" in sent.doc[sent.end - 1].text or "\n" in sent.doc[sent.end].text))


@lru_cache(maxsize=1)
def _cues() -> frozenset:
    """Words that make a sentence worth parsing: reporting verbs and nouns, but not those that
    seldom report speech (statements.yml ``seldom_cues``). "according to" is no cue: the rules
    find its statements (``statements._according_to``) without a parse."""
    words = (gazetteer.word_set("statements", "say") | gazetteer.word_set("statements", "speech_verbs")
             | gazetteer.word_set("statements", "speech_nouns")) - gazetteer.word_set("statements", "seldom_cues")
    return frozenset(v.lower() for v in words)


@lru_cache(maxsize=1)
def _name_words() -> dict:
    """What the rules for names already settle: known given names, and the last word of titles."""
    return {"given": given_names(), "titles": title_words()}


def _told_before(meetings, people):
    """For a position in the text: (where it was last told, its people as speakers) of the latest meeting
    told before it that names two or more, who may then speak together ("The two leaders agreed ...")."""
    by_id = {p.id: p for p in people}
    told = sorted(((m.start, [Speaker(by_id[i].name, i, "person", by_id[i].country) for i in m.people_ids])
                   for m in meetings if len(m.people_ids) >= 2), key=lambda told: told[0])  # where it is reported

    def at(pos: int) -> tuple[int, list] | None:
        before = [t for t in told if t[0] <= pos]
        return before[-1] if before else None
    return at


def run(article: Article) -> dict:
    """Extract every kind of fact from one article; a pure function of its input."""
    text = article.body
    doc = make_doc(text)
    country_mentions = countries_mod.find_country_mentions(doc)
    reference = dates_mod.reference_date(text, article.published)
    dates = dates_mod.find_dates(text, reference, floor=article.published is None)
    orgs = find_organisations(doc, country_mentions)
    country_mentions = _outside_private_names(country_mentions, orgs)
    ctx = Context(doc, country_mentions, orgs)
    meeting_sentences = meetings_mod.trigger_sentences(doc)
    analyse(doc, lambda sent: PARSE if sent.start in meeting_sentences else needs_model(sent, ctx))
    complete(doc, [sent for sent in doc.sents if sent.start in meeting_sentences])
    title = read_headline(article.title)
    people, unresolved_titles = find_people(doc, ctx, title.surnames)
    headline = enrich_from_headline(people, title) if article.title else None
    assign_countries(doc, ctx, people, headline)
    own = publisher_country(article.url)
    for tm in unresolved_titles:
        tm.country = tm.country or own
    for p in people:
        if own and p.country is None and p.roles:
            p.country = own  # a government's readout names its own officials by bare title
    person_tokens = {i for p in people for m in p.mentions
                     for i in range(m.tok, m.tok + len(m.text.split()))}
    places = find_places(doc, ctx, person_tokens)
    speakers = SpeakerIndex(doc, people, orgs, unresolved_titles)
    quotes = quote_spans(text)
    junk = boilerplate_lines(text)
    found = meetings_mod.find_meetings(doc, ctx, people, speakers, places, dates, quotes, junk,
                                       article.published)
    statements = [st for st in find_statements(doc, speakers, ctx, dates, with_parsed_statements,
                                               _told_before(found, people))
                  if not _within(st["start"], junk)]
    meetings, cancelled = meetings_mod.public(found, people)
    return {
        "article": article.name,
        "title": article.title,
        "published": article.published,
        "reference_date": reference,
        "people": [p.to_dict() for p in people],
        "organisations": [o.to_dict() for o in orgs],
        "countries": countries_mod.countries_of(country_mentions),
        "country_mentions": country_mentions,
        "places": [p.to_dict() for p in places],
        "dates": [d for d in dates if d.get("value")],
        "meetings": meetings,
        "cancelled_meetings": cancelled,
        "statements": public(statements),
    }
