"""A person's country where no title before the name states it.

In order, the first that speaks wins:

1. the noun phrase around a mention: "Brazilian presidential adviser Paulo Abreu",
   "Sudan's U.N. Ambassador Osman Idris", "The UAE's representative, Mariam Al Ketbi,",
   "Hilal al-Harthy, an envoy of Oman's sultan,", a body with a country ("the State
   Department's senior adviser");
2. the delegation a person leads ("a Pakistani delegation led by special envoy Kamran
   Yusufzai") and the list a person is named in ("Some Brazilian ministers were present:
   Ana Lima (Economy), Rui Costa (Health)");
3. for the holder of a national office with no stated country ("President Chanda Mwale"),
   the country where the sentence is set ("in Beirut", "the Lebanese capital"), else the
   article's dateline ("LUSAKA, Zambia —"), else the country its headline opens with; and
   for anyone named without a role, that home country when the article is about it alone
   (three in four of its country mentions).

Otherwise the country stays empty: a wrong country is worse than none.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .. import gazetteer, geo
from ..nlp import is_nominal, parse_of, parsed_token, sent_of, span_of, text_of
from .context import Context
from .countries import load_gazetteer
from .people import title_words

_PLACE_PREPS = {"in", "at", "to", "from"}
_BE = {"was", "were", "is", "are", "be", "been", "being"}
_WALK = 10  # tokens looked at before a name, or in an apposition after it
_DATELINE_LINES = 8  # a dateline opens one of the first lines of the body
_DATELINE = re.compile(r"^\s*([A-Z][A-Z.'’ -]{2,}?)(?:,\s*([A-Z][\w .'’-]{1,30}?))?\s*(?:\([^)]{1,30}\)\s*)?[—–-]")


@lru_cache(maxsize=1)
def _data() -> dict:
    people = gazetteer.load("people")
    return {"host_roles": frozenset(people["host_country_roles"]),
            "group_nouns": frozenset(people["group_nouns"]),
            "title_words": frozenset(w for forms in people["roles"].values() for f in forms for w in f.split())
            | {m.lower() for m in people["role_modifiers"]} | {p.lower() for p in people["portfolios"]},
            "lead": frozenset(people["leading_verbs"]),
            "party": gazetteer.word_set("meetings", "party_nouns")}


def assign_countries(doc, ctx: Context, people, headline: str | None = None) -> None:
    """Fill ``country`` of the people who have none, where the text says it. ``headline``:
    the country a headline opens with ("Pakistan summons ..."), the article's home when it
    has no dateline."""
    home = dateline_country(text_of(doc), ctx) or headline
    main = home or _main_country(ctx)  # for office holders only: "Then-Prime Minister X" of an Israeli story
    listed: dict[int, str] = {}
    for p in sorted(people, key=lambda p: min(m.tok for m in p.mentions)):
        if p.country:
            continue
        names = sorted((m for m in p.mentions if m.kind in ("name", "surname")), key=lambda m: m.tok)
        p.country = (next((c for m in names for c in [_phrase_country(doc, ctx, m)] if c), None)
                     or next((c for m in names for c in [_list_country(doc, ctx, m, listed)] if c), None)
                     or _host_country(doc, ctx, p, names, home, main))
        for m in names:
            if p.country:
                listed[m.end] = p.country


def _phrase_country(doc, ctx: Context, m) -> str | None:
    span = span_of(doc, m.start, m.end)
    return _country_before(doc, ctx, span.start) or _country_in_apposition(doc, ctx, span.end) \
        or _party_tag(text_of(doc), m.end) or _country_after_name(doc, ctx, span.end)


def _country_before(doc, ctx: Context, s: int) -> str | None:
    """A country word in the words before the name that describe it."""
    k = s - 1
    floor = max(sent_of(doc, s).start, s - _WALK)
    lead = _data()["lead"]
    loose = False  # passed a lower-case word the parse could not vouch for
    while k >= floor:
        iso = _country_token(doc, ctx, k)
        if iso and _posted_to(doc, ctx, k):
            k = ctx.country_start_token(k) - 2  # "the Japanese ambassador to China NAME": China is the posting
            continue
        if iso and (not loose or _adjective(ctx, k)):
            return iso
        if iso:
            break
        tok = doc[k]
        if tok.text == "," and k >= 2 and doc[k - 1].lower_ == "by" and doc[k - 2].lower_ in lead:
            break
        if tok.lower_ == "by" and k >= 1 and doc[k - 1].lower_ in lead:
            k -= 2  # "a Pakistani delegation (was) led by special envoy NAME"
            while k >= floor and (doc[k].text == "," or doc[k].lower_ in _BE):
                k -= 1
            continue
        if tok.lower_ == "by" and k >= 1 and doc[k - 1].lower_ in _data()["party"]:
            k -= 1  # "..., and the Iranian side by Deputy Foreign Minister NAME"
            continue
        if tok.text == "," and k == s - 1:
            return _country_before_apposition(doc, ctx, k)
        if not _describes(doc, k):
            if not (tok.is_lower and tok.is_alpha and parse_of(doc, sent_of(doc, k)) is None):
                break
            loose = True  # "Kenyan sprinter NAME": only a country adjective may come before it
        k -= 1
    return None


def _posted_to(doc, ctx: Context, k: int) -> bool:
    """The country word at token k follows "to" or "in" after a title: where the person serves."""
    if not ctx.country_at(k):
        return False
    start = ctx.country_start_token(k)
    return start > 1 and doc[start - 1].lower_ in ("to", "in", "at") and doc[start - 2].lower_ in title_words()


def _adjective(ctx: Context, k: int) -> bool:
    """The country word at token k is an adjective or demonym ("Kenyan"), not a name ("Kenya sent")."""
    return any(m["via"] == "demonym" and ctx.country_at(k) == m["iso2"] for m in ctx.country_mentions
               if m["start"] <= ctx.doc[k].idx < m["end"])


def _country_before_apposition(doc, ctx: Context, comma: int) -> str | None:
    """"The UAE's representative, NAME": a country in the phrase before the comma."""
    k = comma - 1
    floor = max(sent_of(doc, comma).start, comma - _WALK)
    while k >= floor and doc[k].text != ",":
        iso = _country_token(doc, ctx, k)
        located = k > 0 and doc[ctx.country_start_token(k) - 1 if ctx.country_at(k) else k - 1].lower_ in _PLACE_PREPS
        if iso and not located:
            return iso  # not "The US envoy in Lebanon, NAME": a country after "in" is where, not whose
        if not _describes(doc, k) and doc[k].lower_ not in _PLACE_PREPS and not iso:
            return None
        k -= 1
    return None


# "Jerrold Nadler (D-NY)", "Sen. Ana Ruiz (R-Texas)": a US legislator's party and state.
_US_PARTY_TAG = re.compile(r"\s*\(\s*[DRI]\s*[-–]\s*[A-Z][A-Za-z.]{1,13}\s*\)")


def _party_tag(text: str, end: int) -> str | None:
    return "US" if _US_PARTY_TAG.match(text, end) else None


def _country_in_apposition(doc, ctx: Context, e: int) -> str | None:
    """"NAME, an envoy of Oman's sultan,": a country in the apposition after the name."""
    if e + 1 >= len(doc) or doc[e].text != "," or doc[e + 1].lower_ not in ("the", "a", "an"):
        return None
    sent_end = sent_of(doc, e).end
    for k in range(e + 1, min(sent_end, e + 2 + _WALK)):
        if doc[k].text in (",", ".", ";", "(") or "\n" in doc[k].text:
            return None
        iso = _country_token(doc, ctx, k)
        if iso:
            return iso
        if not _describes(doc, k) and doc[k].lower_ not in ("of", "for", "to", "in", "at"):
            return None
    return None


def _country_after_name(doc, ctx: Context, e: int) -> str | None:
    """"Dr Ana Lind from Norland,", "Prime Minister Lind of Norland": the country right after the name, ending
    its phrase (not "from Norland's capital", not "of Norland Steel")."""
    if e + 1 >= len(doc) or doc[e].lower_ not in ("from", "of"):
        return None
    j = e + 2 if doc[e + 1].lower_ == "the" and e + 2 < len(doc) else e + 1
    iso = ctx.country_starting_at(j)
    if iso is None or doc[j:ctx.country_end_token(j)].text in _state_names():
        return None  # "Senator X of Georgia": a US state as often as a country
    after = ctx.country_end_token(j)
    if after < len(doc) and (doc[after].lower_ == "to" or (doc[after].text == "," and after + 1 < len(doc)
                                                           and doc[after + 1].text[:1].isupper())):
        return None  # "moved X from Iraq to Germany", "X from Lebanon, Ohio"
    return iso if after >= len(doc) or doc[after].is_punct or doc[after].text[:1].islower() else None


@lru_cache(maxsize=1)
def _state_names() -> frozenset:
    """Country names that are also US states (countries.yml ``ambiguous``, ``us_state``)."""
    return frozenset(name for name, rule in load_gazetteer()["ambiguous"].items() if rule.get("us_state"))


def _country_token(doc, ctx: Context, k: int) -> str | None:
    iso = ctx.country_at(k)
    if iso:
        return iso
    org = ctx.org_tokens.get(k)
    return getattr(org, "country", None) if org is not None else None


def _describes(doc, k: int) -> bool:
    """A word that may stand in a description of a person: a title word, a modifier, an
    abbreviation ("U.N."), a possessive, or (where the sentence is parsed) a noun or adjective."""
    tok = doc[k]
    if tok.lower_ in _data()["title_words"] or tok.lower_ in _data()["party"]:
        return True
    if tok.text in ("'s", "’s", "-") or re.fullmatch(r"(?:[A-Z]\.)+", tok.text):
        return True
    if tok.is_punct or tok.is_space:
        return False
    tok = parsed_token(doc, k)
    return tok is not None and is_nominal(tok)


def _list_country(doc, ctx: Context, m, listed: dict[int, str]) -> str | None:
    """"Some Brazilian ministers were present: NAME (Economy), NAME (Health)": the group's country,
    for the first name after the colon and every name listed after it."""
    span = span_of(doc, m.start, m.end)
    k = span.start - 1
    if k >= 0 and doc[k].text == ":":
        return _group_country(doc, ctx, k)
    while k >= 0 and doc[k].text in (",", "and", ")") or (k >= 0 and _in_parentheses(doc, k)):
        k -= 1
    if k >= 0:
        prev_end = doc[k].idx + len(doc[k].text)
        return listed.get(prev_end)
    return None


def _in_parentheses(doc, k: int) -> bool:
    j = k
    while j >= 0 and doc[j].text not in ("(", ")", ",", ":") and k - j < 5:
        j -= 1
    return j >= 0 and doc[j].text == "("


def _group_country(doc, ctx: Context, colon: int) -> str | None:
    """A country word right before a group noun in the clause before a colon ("Brazilian ministers")."""
    sent = sent_of(doc, colon)
    for k in range(sent.start, colon - 1):
        iso = ctx.country_ending_at(k)
        if iso and doc[k + 1].lower_ in _data()["group_nouns"]:
            return iso
    return None


def _host_country(doc, ctx: Context, person, names, home: str | None, main: str | None) -> str | None:
    """The country a national office holder serves when the text names none: where the sentence
    is set, else the dateline's or headline's country, else the one country the article is about.
    Someone with no role is of the home country only in a story about it alone."""
    if not names:
        return None
    if not any(role in _data()["host_roles"] for role in person.roles):
        return home if not person.roles and _dominant(ctx, home) else None
    s = span_of(doc, names[0].start, names[0].end).start
    return setting_country(doc, ctx, s) or main


def _main_country(ctx: Context) -> str | None:
    """The country an article without dateline or headline country is about: named at least three
    times, and in at least two of every three country mentions."""
    isos = [m["iso2"] for m in ctx.country_mentions]
    top = max(sorted(set(isos)), key=isos.count) if isos else None
    return top if top and isos.count(top) >= 3 and isos.count(top) >= 2 * len(isos) / 3 else None


def _dominant(ctx: Context, home: str | None) -> bool:
    """The article is about its home country alone: at least three in four of its country
    mentions name it (a local story, where the people named without a country are its own)."""
    isos = [m["iso2"] for m in ctx.country_mentions]
    return bool(home) and isos.count(home) >= 0.75 * len(isos)


def setting_country(doc, ctx: Context, i: int) -> str | None:
    """The country of the place a sentence (or the one before it, in its paragraph) is set in:
    "in Beirut", "In Kabul,", "arrived in the Lebanese capital"."""
    sent = sent_of(doc, i)
    starts = [sent.start]
    prev = sent_of(doc, sent.start - 1) if sent.start > 0 else None
    if prev is not None and "\n" not in doc[prev.start:sent.start].text:
        starts.append(prev.start)
    for start in starts:
        end = sent.end if start == sent.start else sent.start
        for k in range(start, end - 1):
            if doc[k].lower_ not in ("in", "to", "at"):
                continue
            iso = _place_country(doc, ctx, k + 1)
            if iso:
                return iso
    return None


def _place_country(doc, ctx: Context, j: int) -> str | None:
    if doc[j].lower_ == "the" and j + 2 < len(doc) and doc[j + 2].lower_ == "capital":
        return ctx.country_at(j + 1)
    iso = ctx.country_at(j)
    if iso and ctx.country_starting_at(j) and ctx.country_mentions and _named_country(doc, ctx, j):
        return iso
    if doc[j].is_title and not ctx.blocked_token(j):
        return town_country(doc[j].text)
    return None


def _named_country(doc, ctx: Context, j: int) -> bool:
    """"in Lebanon" or "in Beirut" (a capital as a place), not "in Lebanese waters"."""
    for m in ctx.country_mentions:
        if m["start"] == doc[j].idx:
            return m.get("via") in ("name", "capital")
    return False


def dateline_country(text: str, ctx: Context) -> str | None:
    """"LUSAKA, Zambia —" or "KABUL (Reuters) -" opening one of the first lines (a scraped page may
    put its headline and share buttons first): the country of the dateline's place."""
    offset = 0
    for line in text.split("\n")[:_DATELINE_LINES]:
        m = _DATELINE.match(line)
        if m:
            return _dateline_place(m, offset, ctx)
        offset += len(line) + 1
    return None


def _dateline_place(m, offset: int, ctx: Context) -> str | None:
    for group in (2, 1):
        if not m.group(group):
            continue
        hits = ctx.countries_in(offset + m.start(group), offset + m.end(group))
        if hits:
            return hits[0]
        iso = town_country(m.group(group).strip().title())
        if iso:
            return iso
    return None


def town_country(name: str) -> str | None:
    """The country of a capital (countries.yml) or of a large town (GeoNames)."""
    iso, via = load_gazetteer()["terms"].get(name, (None, None))
    if via == "capital":
        return iso
    row = geo.lookup(name)
    return row["countrycode"] if row and row.get("population", 0) >= 100_000 else None
