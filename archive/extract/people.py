"""People: names found through titles, appositions and speech verbs, then
clustered within the article (full name, surname, title-only and pronoun mentions).

The pipeline is model-free, so a capitalised word sequence counts as a person's
name only with evidence: a title before it ("Russian Foreign Minister Olga
Ivanova"), a title beside it ("Li Wen, China's foreign minister"), a known given
name, or a reporting verb after it ("Smith said").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz
from spacy.matcher import PhraseMatcher
from spacy.util import filter_spans

from .. import gazetteer, geo
from ..names import fold
from ..nlp import entities, get_nlp, parsed_token, sent_of, text_of, token_at
from .context import Context
from .statements import OFFICE_JOINERS, quote_spans

_WORD_RE = re.compile(r"^[A-ZÀ-ÖØ-ÞĀ-ſ][\w'’\-]*\.?$")
_INITIAL_RE = re.compile(r"^[A-Z]\.$")
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.){2,3}$")  # "I.K." of "I.K. Gujral", one token
_PREFIXED_RE = re.compile(r"^(al|el|bin|ibn|abu|ben)-[A-Z]")


@dataclass
class Mention:
    text: str
    start: int
    end: int
    kind: str  # name | surname | title | pronoun
    tok: int = 0  # index of the first token, for order and sentence look-ups

    def to_dict(self) -> dict:
        return {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind}


@dataclass
class Person:
    id: str
    name: str
    country: str | None = None
    roles: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    title_aliases: list[str] = field(default_factory=list)

    @property
    def tokens(self) -> list[str]:
        return self.name.split()

    def aliases(self) -> list[str]:
        seen = {self.name}
        out = []
        for text in [m.text for m in self.mentions if m.kind in ("name", "surname")] + self.title_aliases:
            if text not in seen:
                seen.add(text)
                out.append(text)
        return out

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "aliases": self.aliases(), "country": self.country,
                "roles": list(self.roles), "mentions": [m.to_dict() for m in sorted(self.mentions, key=lambda m: m.start)]}


@dataclass
class TitleMatch:
    role: str
    start: int  # token index of the title's first token (after modifiers)
    end: int  # token index after the title
    country: str | None = None
    phrase_start: int = 0  # first token including country adjective and modifiers


@lru_cache(maxsize=1)
def _data():
    data = gazetteer.load("people")
    role_of = {}
    for role, forms in data["roles"].items():
        for form in forms:
            role_of[form.lower()] = role
    return {
        "role_of": role_of,
        "modifiers": {m.lower() for m in data["role_modifiers"]},
        "portfolios": set(data["portfolios"]),
        "honorifics": set(data["honorifics"]),
        "particles": set(data["name_particles"]),
        "stop": set(data["not_name_words"]),
        "abbreviated_titles": set(data["title_abbreviations"]),
        "pronouns": set(data["pronouns"]),
        "family_first": set(data["family_name_first"]),
        "given_reference": set(data["given_name_reference"]),
        "place_nouns": set(data["place_nouns"]),
        "place_of_words": set(data["place_of_words"]),
        "kin": set(data["kin_nouns"]),
        "motion": set(data["motion_words"]),
        "place_endings": set(data["place_name_endings"]),
        "say": gazetteer.word_set("statements", "say") | gazetteer.word_set("statements", "act"),
        "given": given_names(),
        "speech_verbs": gazetteer.word_set("statements", "speech_verbs"),
        "act_verbs": gazetteer.word_set("statements", "act"),
        "sex_of": {word: sex for sex, words in (data.get("gendered_words") or {}).items() for word in words},
        "organisation_endings": gazetteer.word_set("organisations", "state_suffixes")
        | gazetteer.word_set("organisations", "name_suffixes"),
    }


@lru_cache(maxsize=1)
def title_words() -> frozenset:
    """Last words of the titles of people.yml, lower-cased ("minister", "ambassador", "envoy")."""
    return frozenset(form.split()[-1].lower() for forms in gazetteer.load("people")["roles"].values() for form in forms)


def given_names() -> frozenset:
    """Known given names (data/given_names.txt)."""
    return gazetteer.lines("given_names")


@lru_cache(maxsize=1)
def _title_matcher() -> PhraseMatcher:
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    forms = list(_data()["role_of"])
    matcher.add("ROLE", [nlp.make_doc(f) for f in forms])
    return matcher


def is_name_token(tok) -> bool:
    """A capitalised word, an initial ("W.") or a prefixed Arabic name part ("al-Megrahi")."""
    text = tok.text
    if _INITIAL_RE.match(text) or _PREFIXED_RE.match(text):
        return True
    if not _WORD_RE.match(text) or text.isupper() and len(text) > 1 and not text.endswith("."):
        return False
    if text in _data()["abbreviated_titles"]:  # "Rep. Ana Roe" is a title; "Hun Sen." ends a name
        prev = tok.doc[tok.i - 1] if tok.i > 0 else None
        return prev is not None and prev.text[:1].isupper() and prev.text not in _data()["stop"] \
            and prev.lower_ not in _data()["role_of"] and prev.text not in _data()["abbreviated_titles"]
    return text not in _data()["stop"] and text not in _data()["honorifics"]


def _prefixed_particle(doc, j: int) -> bool:
    """"al", "-", "Sabah" written as one word: an Arabic particle joined to a name."""
    return (j + 2 < len(doc) and doc[j].lower_ in ("al", "el", "bin", "ibn", "abu", "ben", "bint")
            and doc[j + 1].text == "-" and not doc[j].whitespace_ and not doc[j + 1].whitespace_
            and doc[j + 2].text[:1].isupper())


def _hyphen_joined(doc, j: int) -> bool:
    return (doc[j].text == "-" and j + 1 < len(doc) and not doc[j - 1].whitespace_ and not doc[j].whitespace_
            and doc[j + 1].is_alpha and not doc[j + 1].is_upper and len(doc[j - 1].text) > 1
            and not doc[j - 1].is_upper)


def _headline_verb(tok) -> bool:
    """A reporting verb in Title Case after a name ("Sato Says Talks Will Resume", "Okafor Explained
    Why ..."): the headline's verb, not part of the name. "Said" stays a possible name ("bin Said")."""
    low = tok.lower_
    return (tok.text[:1].isupper() and low in _data()["speech_verbs"]
            and (low.endswith("ed") or (low.endswith("s") and not low.endswith("ss"))))


def name_span(doc, i: int, ctx: Context, limit: int = 6) -> tuple[int, int] | None:
    """The token span [i, j) of a personal name starting at token i, or None."""
    data = _data()
    while i < len(doc) and doc[i].text in data["honorifics"]:
        i += 1
    j = i
    while j < len(doc) and j - i < limit:
        tok = doc[j]
        if ctx.blocked_token(j) or (j > i and _headline_verb(tok)):
            break
        if is_name_token(tok):
            j += 1
        elif j == i and _INITIALS_RE.match(tok.text) and j + 1 < len(doc) and not ctx.blocked_token(j + 1) \
                and (is_name_token(doc[j + 1]) or doc[j + 1].text in data["particles"]):
            j += 1  # "H.D. Deve Gowda", "F.W. de Klerk"
        elif _hyphen_joined(doc, j) and j > i:
            if doc[j + 1].is_lower and j + 2 < len(doc) and is_name_token(doc[j + 2]):
                break  # "Top-seeded Ana Lima": a compound word before the name, not "Roh Moo-hyun"
            j += 2  # "Roh Moo-hyun": spaCy splits the hyphenated given name
        elif _prefixed_particle(doc, j):
            j += 3  # "al-Sabah": spaCy splits the particle from the name
        elif tok.text in data["particles"] and j > i and _particles_then_name(doc, j):
            j += 1  # "Nikolaus van der Pas": up to two particles before a name word
        else:
            break
    while j > i and doc[j - 1].text in data["particles"]:
        j -= 1
    return (i, j) if j > i else None


def _particles_then_name(doc, j: int) -> bool:
    """Token j starts one or two name particles followed by a name word."""
    particles = _data()["particles"]
    k = j
    while k < len(doc) and k - j < 2 and doc[k].text in particles:
        k += 1
    return k < len(doc) and k > j and is_name_token(doc[k])


def find_titles(doc, ctx: Context) -> list[TitleMatch]:
    """Role titles in the text, with the country their adjective or "of X" names."""
    role_of = _data()["role_of"]
    spans = filter_spans([doc[s:e] for _, s, e in _title_matcher()(doc)])
    titles = []
    for span in spans:
        form = span.text.lower()
        # Short forms that are also common words must look like titles.
        if form in ("pm", "chair", "justice", "general", "representative") and not span[0].text[0].isupper():
            continue
        if ctx.blocked_token(span.start) and not ctx.country_at(span.start):
            continue
        tm = TitleMatch(role_of[form], span.start, span.end, phrase_start=span.start)
        _title_country(doc, tm, ctx)
        titles.append(tm)
    return titles


def _title_country(doc, tm: TitleMatch, ctx: Context) -> None:
    """Country and modifiers before a title ("interim Afghan"), or "of X" after it."""
    modifiers = _data()["modifiers"]
    k = tm.start - 1
    while k >= 0:
        tok = doc[k]
        iso = ctx.country_ending_at(k)
        if iso and tm.country is None:
            tm.country = iso
            k = ctx.country_start_token(k) - 1
            continue
        if tok.text in ("'s", "’s") and ctx.country_ending_at(k - 1):
            tm.country = ctx.country_ending_at(k - 1)
            k = ctx.country_start_token(k - 1) - 1
            continue
        if tok.lower_ in modifiers and tok.lower_ not in ("the", "a", "an", "his", "her", "its", "their"):
            k -= 1
            continue
        if tok.text in _data()["portfolios"] and tm.country is None and k >= tm.start - 3:
            k -= 1  # "Argentine Energy Secretary"
            continue
        break
    tm.phrase_start = k + 1
    if tm.country is None and tm.end + 1 < len(doc) and doc[tm.end].lower_ == "of":
        j = tm.end + 1
        if doc[j].lower_ == "the":
            j += 1
        iso = ctx.country_starting_at(j)
        if iso:
            tm.country = iso
            tm.end = ctx.country_end_token(j)


def find_people(doc, ctx: Context, surnames: frozenset | set = frozenset()) -> tuple[list[Person], list[TitleMatch]]:
    """All people of the article (with mentions, role and country), and the title
    mentions that name nobody in the article ("The President" of a readout). ``surnames``: the last
    words of full names the headline gives; one of them alone in the text is that person."""
    titles = find_titles(doc, ctx)
    named: list[tuple[tuple[int, int], TitleMatch | None]] = []
    title_only: list[TitleMatch] = []
    for tm in titles:
        span = _name_after_title(doc, tm, ctx) or _name_apposed(doc, tm, ctx) or _name_after_office(doc, tm, ctx)
        if span:
            named.append((span, tm))
        else:
            title_only.append(tm)
    taken = {i for (s, e), _ in named for i in range(s, e)}
    for span in _names_by_evidence(doc, ctx, taken):
        named.append((span, None))
    taken = {i for (s, e), _ in named for i in range(s, e)}
    for span in _names_by_model(doc, ctx, taken):
        named.append((span, None))
    taken = {i for (s, e), _ in named for i in range(s, e)}
    named += [((i, i + 1), None) for i in _headline_surnames(doc, ctx, surnames, taken)]
    named = [(span, tm) for span, tm in named if not _byline(doc, span[0])]
    people = _cluster(doc, named, ctx)
    _add_surname_mentions(doc, people, ctx)
    unresolved = _resolve_titles(doc, people, title_only)
    for p in people:
        _known_country(p)
    for n, p in enumerate(sorted(people, key=lambda p: min(m.start for m in p.mentions)), 1):
        p.id = f"p{n}"
    return sorted(people, key=lambda p: int(p.id[1:])), unresolved


@lru_cache(maxsize=1)
def _known_people() -> tuple[dict, dict]:
    """Indexes of data/known_people.yml: by full name or alias, and by one-word alias (surname)."""
    path = gazetteer.DATA_DIR / "known_people.yml"
    entries = gazetteer.load("known_people").get("people", []) if path.exists() else []
    full, single = {}, {}
    for e in entries:
        for form in [e["name"]] + list(e.get("aliases") or []):
            key = geo.normalise(form)
            index = single if len(form.split()) == 1 else full
            index.setdefault(key, []).append(e)
    return full, single


def _known_country(p: Person) -> None:
    """Fill a missing country from the known-people gazetteer: full name, or surname with a matching role."""
    if p.country:
        return
    full, single = _known_people()
    key = geo.normalise(p.name)
    cands = full.get(key, [])
    if not cands and len(p.tokens) == 1:
        cands = [e for e in single.get(key, []) if any(_role_fits(r, known) for r in p.roles
                                                        for known in e.get("roles") or [])]
    countries = {e.get("country") for e in cands}
    if len(countries) == 1:
        p.country = countries.pop()


def _role_fits(given: str, known: str) -> bool:
    """The article's role is the entry's, or its one-word head ("Secretary Hale" of a Secretary of State,
    "Minister Okafor" of a Foreign Minister)."""
    return given == known or (" " not in given and given.lower() in known.lower().split())


def _name_after_title(doc, tm: TitleMatch, ctx: Context):
    j = tm.end
    if j < len(doc) and doc[j].text == ",":
        return None  # "the President of Chile, Ana Rojas" is handled as an apposition
    span = name_span(doc, j, ctx)
    if span and doc[span[0]].text not in _data()["stop"] and not _abbreviated_title(doc, span):
        return span
    return None


def _name_after_office(doc, tm: TitleMatch, ctx: Context):
    """"Assistant Secretary of the Air Force for Acquisition Marvin Sambur": after the title's "of" phrase of
    capitalised words, the name starts at the first known given name followed by one more capitalised word."""
    j = tm.end
    if j >= len(doc) or doc[j].lower_ != "of":
        return None
    k = j + 1
    while k < len(doc) and k < j + 14 and (doc[k].text[:1].isupper() and doc[k].is_alpha
                                            or doc[k].lower_ in OFFICE_JOINERS):
        k += 1
    given, roles = _data()["given"], _data()["role_of"]
    for g in range(j + 2, k - 1):
        if doc[g - 1].lower_ in roles:
            return None  # "the spokesman of President X": X has a title of their own; the spokesman is another
        if doc[g].text in given and doc[g - 1].lower_ not in OFFICE_JOINERS and not ctx.blocked_token(g):
            span = name_span(doc, g, ctx)
            return span if span and span[1] <= k and span[1] - span[0] >= 2 else None
    return None


def _abbreviated_title(doc, span) -> bool:
    """"spokesman Lt. Ana Reyes": the rank is a second title, not a name ("Prince Sultan" is a name)."""
    s, e = span
    return e - s == 1 and e < len(doc) and doc[e].text == "." and doc[s].lower_ in _data()["role_of"]


def _name_apposed(doc, tm: TitleMatch, ctx: Context):
    """"Li Wen, China's foreign minister" and "the President of Brazil, Ana da Silva"."""
    k = tm.phrase_start - 1
    if k >= 0 and doc[k].lower_ in ("the", "a", "an"):
        k -= 1
    if k >= 1 and doc[k].text == ",":
        end = k
        start = end
        while start > 0 and (is_name_token(doc[start - 1]) or doc[start - 1].text in _data()["particles"]) \
                and not ctx.blocked_token(start - 1) and end - start < 6:
            start -= 1
        while start < end and doc[start].text in _data()["particles"]:
            start += 1
        if start > 0 and doc[start - 1].lower_ in ("the", "at", "in", "of", "from", "to", "near"):
            return None  # "at the Granja do Torto, the President's residence" names a place
        if end - start >= 2 or (end - start == 1 and doc[start].text in _data()["given"]):
            return (start, end)
    j = tm.end
    if j + 1 < len(doc) and doc[j].text == ",":
        span = name_span(doc, j + 1, ctx)
        if span and (span[1] - span[0] >= 2):
            return span
    if j < len(doc) and doc[j].lower_ in ("for", "of", "at"):
        # "a spokesperson for the Pacific Islands Forum, Mere Tuilagi, said"
        comma = next((t.i for t in doc[j:min(len(doc), j + 9)] if t.text == ","), None)
        if comma is not None and comma + 1 < len(doc):
            span = name_span(doc, comma + 1, ctx)
            if span and span[1] - span[0] >= 2 and span[1] < len(doc) and doc[span[1]].text == ",":
                return span
    return None


def _names_by_evidence(doc, ctx: Context, taken: set[int]):
    """Names without a title: before a reporting verb, or starting with a known given name."""
    data = _data()
    i = 0
    while i < len(doc):
        if i in taken or not is_name_token(doc[i]) or ctx.blocked_token(i):
            i += 1
            continue
        span = name_span(doc, i, ctx)
        if not span:
            i += 1
            continue
        s, e = span
        if any(t in taken for t in range(s, e)):
            i = e
            continue
        nxt = doc[e].lower_ if e < len(doc) else ""
        first = doc[s].text
        multi = e - s >= 2
        inverted = _said_before(doc, s)
        honorific = s > 0 and doc[s - 1].text in data["honorifics"]
        if nxt in data["place_nouns"] or doc[e - 1].text in data["place_endings"] \
                or (not honorific and _names_a_thing(doc, s, e)):
            i = e
            continue  # "the Ghulam Khan crossing": a place named after someone; "the daily X", "the X said"
        given = first in data["given"] and not (_looks_like_place(doc, s) and geo.lookup(doc[s:e].text))
        # "from Ana Lima" is a person, "to Alice Springs" a town
        if honorific or _after_kin(doc, s) or (multi and given) \
                or (multi and (nxt in data["say"] or inverted or _aged(doc, e)) and not _looks_like_place(doc, s)):
            yield span
        i = e


def _said_before(doc, s: int) -> bool:
    """'…," said Ana Lima' and '…," said hurricane forecaster Ana Lima' (up to three lower-case words)."""
    k = s - 1
    while k >= 0 and s - k <= 3 and doc[k].is_lower and doc[k].is_alpha and doc[k].lower_ not in _data()["say"]:
        k -= 1
    return k >= 1 and doc[k].lower_ in _data()["say"] and doc[k - 1].text in (",", "”", '"', "’")


def _aged(doc, e: int) -> bool:
    """"Ana Lima, 34, and ...": a name followed by an age between commas."""
    return (e + 2 < len(doc) and doc[e].text == "," and doc[e + 1].text.isdigit() and 0 < int(doc[e + 1].text) < 120
            and doc[e + 2].text in (",", "and", ";", ")"))


def _after_kin(doc, s: int) -> bool:
    """"his wife, Ana Lima", "her husband David": a family word after a possessive, then the name."""
    k = s - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    if k < 1 or doc[k].lower_ not in _data()["kin"]:
        return False
    return any(t.lower_ in ("his", "her", "their", "its", "'s", "’s", "my", "our", "your") for t in doc[max(0, k - 5):k])


def _names_by_model(doc, ctx: Context, taken: set[int]):
    """Full names the statistical model tags PERSON, where the rules know no better: a country,
    an organisation or a title word is never a person's name, nor is an all-capitals line.
    A one-word name still needs the rules' evidence (a title, an honorific, a full name
    earlier in the article)."""
    data = _data()
    quoted = quote_spans(text_of(doc))
    places = {t for label, a, b in entities(doc) if label in ("GPE", "LOC", "FAC") for t in range(a, b)}
    org_words = _organisation_words(doc, ctx)
    demonyms = {t for m in ctx.country_mentions if m.get("via") == "demonym"
                for t in range(token_at(doc, m["start"]), token_at(doc, m["end"] - 1) + 1)}
    for _, s, e in entities(doc, "PERSON"):
        while s < e and (doc[s].text in data["honorifics"] or doc[s].lower_ in data["role_of"]
                         or not doc[s].text[:1].isupper() or s in demonyms or doc[s].text in data["stop"]
                         or doc[s].text in data["abbreviated_titles"]):
            s += 1  # "Pole Wojtek Lazarek": a demonym before the name is no part of it; "Stated Ana Roe: ..."
        span = name_span(doc, s, ctx) if s < e else None
        if not span or any(t in taken for t in range(span[0], span[1])):
            continue
        if span[1] == e - 1 and doc[span[0]].text in data["given"] and doc[e - 1].is_title \
                and not ctx.blocked_token(e - 1) and doc[e - 1].lower_ not in data["role_of"]:
            span = (span[0], e)  # "John Head", "Garry West": a surname that is also a common word
        s, e = span[0], min(span[1], e)
        if _byline(doc, s) or _shouting(doc, s) or doc[e - 1].text in data["organisation_endings"] \
                or doc[e - 1].text in data["place_endings"] or (e < len(doc) and doc[e].lower_ in data["place_nouns"]) \
                or _names_a_thing(doc, s, e) \
                or (geo.lookup(doc[s:e].text) and not (e - s == 1 and _speaking(doc, s) and not _in_full_name(doc, s))) \
                or _place_after_preposition(doc, s) \
                or ((_listed_with_places(doc, e - 1) or _after_places(doc, s, places, ctx)) and s - 1 not in demonyms) \
                or _quoted_alone(doc, s, e, quoted):
            continue  # a writer, a banner, a body ("Javedan Cement"), a place ("Mae Sot"), or inside a quote;
            # a demonym before the name ("and American Tom Hale") marks a person even in a list of places
        if e - s > 1 and _names_a_company(doc, s, e):
            continue  # "Hanna Ostrova sold the unit" after "Hanna Ostrova & Co.": a company named after its founder
        if e - s == 1 and (not _speaking(doc, s) or doc[s].text in org_words):
            continue  # one word ("Lynch", "Salang"): the model's guess alone is too weak; "Acme" of "Acme Corp"
        taken.update(range(s, e))
        yield (s, e)


def _headline_surnames(doc, ctx: Context, surnames, taken: set[int]) -> list[int]:
    """Tokens that are a surname the headline gives with its full name ("Hari Lund resigns" above "Lund said"),
    alone: not inside a longer capitalised run or a company's name ("Johnson & Johnson"), nor a place or a
    body's word; and at least twice, so that one "Rice prices rose" or "Ford said" under a headline about
    someone else is no mention of them."""
    if not surnames:
        return []
    found: dict[str, list[int]] = {}
    for tok in doc:
        i = tok.i
        if tok.text not in surnames or i in taken or ctx.blocked_token(i) or not is_name_token(tok):
            continue
        before = doc[i - 1] if i > 0 else None
        after = doc[i + 1] if i + 1 < len(doc) else None
        if (after is not None and ((after.text[:1].isupper() and after.is_alpha) or after.text == "&")) or (
                before is not None and (before.text == "&" or (before.text[:1].isupper() and before.is_alpha
                                                               and not tok.is_sent_start))):
            continue
        found.setdefault(tok.text, []).append(i)
    return [i for found_at in found.values() if len(found_at) >= 2 for i in found_at]


def _in_full_name(doc, i: int) -> bool:
    """The word at token i ends a longer name elsewhere in the article ("Luis Moreno" for "Moreno"): the rules
    for surnames place it."""
    return any(t.text == doc[i].text and t.i > 0 and doc[t.i - 1].text[:1].isupper() and doc[t.i - 1].is_alpha
               and not doc[t.i - 1].is_sent_start for t in doc)


def _names_a_company(doc, s: int, e: int) -> bool:
    """The name stands somewhere in the article before "&", "Inc", "Corp", "Co" or another company
    ending ("Hanna Ostrova & Co.", "Petr Lund Inc")."""
    text, name = text_of(doc), doc[s:e].text
    endings = _data()["organisation_endings"] | {"&"}
    at = text.find(name)
    while at >= 0:
        after = text[at + len(name):at + len(name) + 40].split()
        if after and (after[0] in endings or after[0].rstrip(",.") in endings):
            return True
        at = text.find(name, at + 1)
    return False


def _organisation_words(doc, ctx: Context) -> set[str]:
    """Words that stand for an organisation in this article: the first word of a longer organisation
    name ("Acme" of "Acme Gold Corp"), and a word followed by ", which" ("Acme, which has struggled")."""
    words = set()
    for org in {id(o): o for o in ctx.org_tokens.values()}.values():
        for m in org.mentions:
            first = m["text"].split()
            if len(first) > 1:
                words.add(first[0])
    for tok in doc[:-2]:
        if tok.is_title and doc[tok.i + 1].text == "," and doc[tok.i + 2].lower_ == "which":
            words.add(tok.text)
    return words


def _quoted_alone(doc, s: int, e: int, quoted) -> bool:
    """The name is (nearly) all of a quotation: a nickname, a title or a slogan ("the "Iron Lady""),
    not a person named inside quoted speech."""
    for qs, qe in quoted:
        if qs <= doc[s].idx < qe:
            return len(text_of(doc)[qs:qe].split()) <= len(doc[s:e].text.split()) + 2
    return False


def _speaking(doc, i: int) -> bool:
    """A one-word name that is the subject of a reporting verb ("Ferreira said", "said Ferreira") or of a verb
    that reports a stance ("Ferreira thanked ...", "Ferreira condemned ...")."""
    tok = parsed_token(doc, i)
    return tok is not None and tok.dep_ == "nsubj" and (tok.head.lower_ in _data()["speech_verbs"]
                                                         or tok.head.lower_ in _data()["act_verbs"])


def _listed_with_places(doc, i: int) -> bool:
    """"Oslo, Lima and Vel Tarno": a name in a list whose other items are places."""
    tok = parsed_token(doc, i)
    if tok is None:
        return False
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    items = [tok] + [t for t in tok.subtree if t.dep_ == "conj"]
    return any(t.ent_type_ in ("GPE", "LOC", "FAC") for t in items)


def _names_a_thing(doc, s: int, e: int) -> bool:
    """A capitalised run that a place, a firm or a thing stands for: "the village of X", "X & Co.", "X (XYZ)"
    with its initials; or "the X" speaking or standing alone (a person's name takes no article: "the X said"
    is a body)."""
    data = _data()
    before = doc[s - 1].text if s > 0 else ""
    after = doc[e].text if e < len(doc) else ""
    if after == "&":
        return True
    if before == "of" and s > 1 and doc[s - 2].text in data["place_of_words"]:
        return True
    if before.lower() == "the" and (after in data["say"] or after in (",", ".", ";", "")):
        return True  # "the X said" (not "the X administration": a person's name as a modifier)
    if after == "(" and e + 2 < len(doc) and doc[e + 2].text == ")":
        initials = "".join(t.text[0] for t in doc[s:e] if t.text[:1].isupper())
        return len(initials) > 1 and doc[e + 1].text == initials
    return False


def _after_places(doc, s: int, places: set[int], ctx: Context) -> bool:
    """"in Oslo, Lima and recently Vel Tarno": the last item of a written list of places
    (a few lower-case words may stand between "and" and the name)."""
    k = s - 1
    while k >= 0 and s - k <= 3 and doc[k].is_alpha and doc[k].is_lower and doc[k].lower_ not in ("and", "or"):
        k -= 1
    if k < 3 or doc[k].lower_ not in ("and", "or"):
        return False
    j = k - 1  # the item before "and" is a place, and so is the one before it ("Doha, Oslo and")
    while j >= 0 and (j in places or ctx.country_at(j)):
        j -= 1
    return j < k - 1 and j >= 1 and doc[j].text == "," and (j - 1 in places or ctx.country_at(j - 1) is not None)


def _byline(doc, s: int) -> bool:
    """"By Ada Abara" opening a line: the writer, not a person in the news."""
    return s > 0 and doc[s - 1].lower_ == "by" and (s == 1 or "\n" in doc[s - 2].text or doc[s - 1].is_sent_start)


def _shouting(doc, s: int) -> bool:
    """A sentence in capitals (a scraped headline or section banner)."""
    letters = [c for c in sent_of(doc, s).text if c.isalpha()]
    return len(letters) > 8 and sum(c.isupper() for c in letters) > 0.8 * len(letters)


def _place_after_preposition(doc, s: int) -> bool:
    """A name the model calls a person is a place after "in", "at", "near", and after "to"/"from" that
    follow a word of motion ("flew to Mae Sot"), not after others ("a letter to Ebe Hulst")."""
    if not _looks_like_place(doc, s):
        return False
    if doc[s - 1].lower_ not in ("to", "from"):
        return True
    return s > 1 and doc[s - 2].lower_ in _data()["motion"]


def _looks_like_place(doc, s: int) -> bool:
    if s > 1 and doc[s - 1].lower_ == "to" and doc[s - 2].lower_ == "according":
        return False  # "according to Ana Lima"
    return s > 0 and doc[s - 1].lower_ in ("in", "at", "to", "from", "near")


def _cluster(doc, named, ctx: Context) -> list[Person]:
    """Group name mentions: a shorter name joins a longer one that contains it."""
    items = sorted(named, key=lambda it: -(it[0][1] - it[0][0]))
    people: list[Person] = []
    for (s, e), tm in items:
        text = doc[s:e].text
        words = text.split()
        after_honorific = s > 0 and doc[s - 1].text in _data()["honorifics"]
        person = _find_compatible(people, words, tm.country if tm else None, after_honorific)
        if person is None and len(words) == 1:
            person = _only_holder(people, words[0])  # "Otaibi" of "Faisal al-Otaibi", "Liu" of "Liu Qing"
        if person is None:
            person = Person(id="", name=text)
            people.append(person)
        kind = "name" if len(words) >= 2 or person.name == text else "surname"
        person.mentions.append(Mention(text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), kind, s))
        if tm:
            if tm.role not in person.roles:
                person.roles.append(tm.role)
            if tm.country and not person.country:
                person.country = tm.country
    return people


def _find_compatible(people: list[Person], words: list[str], country: str | None,
                     after_honorific: bool = False) -> Person | None:
    words = _particles_lower(words)
    for p in people:
        if country and p.country and country != p.country:
            continue
        pw = _particles_lower(p.tokens)
        if words == pw:
            return p
        if set(words) <= set(pw) and words[-1] == pw[-1]:
            return p
        if len(words) >= 2 and _similar(words[-1], pw[-1]) and _given_compatible(words[0], pw[0]):
            return p  # "Viktor Yanukovich" / "Viktor F. Yanukovych", "Evgeny"/"Ye. Shamarin": one person
        if len(words) == 1 and words[0] == pw[0] and (p.country in _data()["family_first"] or after_honorific):
            return p  # "Li" for "Li Wen"; "Sheikh Hamad" for "Hamad bin Nasser Al Mahmoud"
    return None


def _only_holder(people: list[Person], word: str) -> Person | None:
    """The one person whose full name has ``word`` as a part (hyphenated parts included)."""
    holders = [p for p in people if len(p.tokens) > 1
               and word in {part for t in p.tokens for part in [t, *re.split(r"[-‐]", t)]}]
    return holders[0] if len(holders) == 1 else None


def _particles_lower(words: list[str]) -> list[str]:
    """"Van Leeuwen" at a sentence start is "van Leeuwen" of "Maarten van Leeuwen"."""
    particles = _data()["particles"]
    return [w.lower() if w.lower() in particles and i < len(words) - 1 else w for i, w in enumerate(words)]


def _similar(a: str, b: str) -> bool:
    return a == b or fold(a) == fold(b) or fuzz.ratio(a, b) >= 80


def _given_compatible(a: str, b: str) -> bool:
    """Given names that may be one: equal, an initial of the other ("D." / "Dauren"), or a spelling variant."""
    if a.endswith(".") or b.endswith("."):
        short, other = (a, b) if a.endswith(".") else (b, a)
        return other.startswith(short[:-1]) and not other.endswith(".") or a == b
    return _similar(a, b)


def _surname_keys(p: Person) -> set[str]:
    """Words a later one-word mention may use: the surname; the family name written first; the paternal
    surname of a two-surname name ("Errázuriz" for "Valentina Errázuriz Soto")."""
    data = _data()
    keys = {p.tokens[-1]}
    if p.country in data["family_first"] or p.country in data["given_reference"]:
        keys.add(p.tokens[0])
    if len(p.tokens) >= 3:
        second = p.tokens[-2]
        if second not in data["particles"] and not second.endswith(".") and second not in data["given"]:
            keys.add(second)
    return keys


def _add_surname_mentions(doc, people: list[Person], ctx: Context) -> None:
    """Every later one-word mention of a known person's surname."""
    covered = {i for p in people for m in p.mentions for i in range(m.tok, m.tok + len(m.text.split()))}
    keys: dict[str, Person | None] = {}
    for p in sorted(people, key=lambda p: min(m.tok for m in p.mentions)):
        if len(p.tokens) < 2:
            continue
        for key in _surname_keys(p):
            keys.setdefault(key, p)  # a surname two people share goes to the one named first, the story's subject
    for i, tok in enumerate(doc):
        if i in covered or tok.text not in keys or keys[tok.text] is None:
            continue
        if i > 0 and is_name_token(doc[i - 1]) and doc[i - 1].text not in _data()["honorifics"] and i - 1 not in covered:
            continue  # part of a different, longer name
        keys[tok.text].mentions.append(Mention(tok.text, tok.idx, tok.idx + len(tok.text), "surname", i))


def _resolve_titles(doc, people: list[Person], title_only: list[TitleMatch]) -> list[TitleMatch]:
    """"the Chinese Foreign Minister" -> the person with that role (and country)."""
    unresolved = []
    for tm in title_only:
        candidates = [p for p in people if tm.role in p.roles and (tm.country is None or p.country == tm.country)]
        if not candidates and tm.role in ("Minister", "Secretary", "Leader"):
            # "the visiting minister": the one person holding some minister's role
            candidates = [p for p in people if any(r.endswith(tm.role) for r in p.roles)
                          and (tm.country is None or p.country in (None, tm.country))]
            candidates = candidates if len(candidates) == 1 else []
        if not candidates and tm.country:
            # "Guyana's foreign minister ... Foreign Minister Rohan Balgobin": the only holder, country unstated
            candidates = [p for p in people if tm.role in p.roles and p.country is None]
            candidates = candidates if len(candidates) == 1 else []
        before = [p for p in candidates if min(m.tok for m in p.mentions) < tm.start]
        pool = before or candidates
        if not pool or (len(pool) > 1 and tm.country is None):
            unresolved.append(tm)
            continue
        person = max(pool, key=lambda p: max(m.tok for m in p.mentions if m.tok < tm.start) if before else 0)
        person.country = person.country or tm.country
        span = doc[tm.phrase_start:tm.end]
        text = span.text
        person.mentions.append(Mention(text, span.start_char, span.end_char, "title", tm.phrase_start))
        alias = re.sub(r"^(?i:the|a|an|his|her|their|its)\s+", "", text)
        if alias not in person.title_aliases:
            person.title_aliases.append(alias)
    return unresolved
