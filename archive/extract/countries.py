"""Country mentions: names, demonyms, capitals used as metonyms, and combining prefixes.

The gazetteer lives in ``archive/data/countries.yml`` (what pycountry lacks: short names, variants,
demonyms, capitals, prefixes, plus the region/organisation/ambiguity policy). Matching is a
case-sensitive spaCy ``PhraseMatcher`` over token text, longest match first, followed by a few
context checks (capitals must act, person names are not countries, prefixes need a partner).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from .. import gazetteer
from ..nlp import get_nlp, sent_of, text_of

# yml list key -> the "via" a mention found through it reports
KINDS = {"names": "name", "adjectives": "demonym", "capitals": "capital", "seats": "capital", "prefixes": "prefix"}
# when one surface form is listed twice for the same country, the earlier kind wins
_VIA_RANK = {"name": 0, "demonym": 1, "capital": 2, "prefix": 3}
_ISO_KEY = re.compile(r"^[A-Z]{2}$")
_DASHES = "-–—"
_POSSESSIVES = ("'s", "’s", "'", "’")
_REGION, _ORG = "REGION", "ORG"


def _variants(term: str) -> list[str]:
    """Spelling variants added for every term: no accents, either apostrophe, St/St. for Saint."""
    out = [term]
    plain = "".join(c for c in unicodedata.normalize("NFKD", term) if not unicodedata.combining(c))
    if plain != term:
        out.append(plain)
    for a, b in (("'", "’"), ("’", "'")):
        out += [t.replace(a, b) for t in out if a in t]
    out += [prefix + t[6:] for t in out if t.startswith("Saint ") for prefix in ("St ", "St. ")]
    return list(dict.fromkeys(out))


def _pycountry_names(iso2: str) -> list[str]:
    """Usable names pycountry knows ("Korea, Republic of" and "(Dutch part)" forms are skipped)."""
    country = pycountry.countries.get(alpha_2=iso2)
    if country is None:
        return []
    out = []
    for attr in ("common_name", "name", "official_name"):
        value = getattr(country, attr, None)
        if not value or "," in value or "(" in value:
            continue
        out.append(value[4:] if value.startswith("the ") else value)
    return out


def load_reporting_verbs() -> frozenset[str]:
    """Every reporting verb form: ``say``, ``act`` and ``other_reporting_verbs`` of ``data/statements.yml``."""
    return frozenset().union(*(gazetteer.word_set("statements", key)
                               for key in ("say", "act", "other_reporting_verbs")))


@lru_cache(maxsize=1)
def load_gazetteer() -> dict:
    """The parsed gazetteer: per-country lists, a surface-form index and the context policy.

    ``terms`` maps every surface form (variants included) to ``(iso2, via)``. Raises ``ValueError``
    when one surface form is listed for two countries.
    """
    raw = gazetteer.load("countries")
    countries: dict[str, dict] = {}
    terms: dict[str, tuple[str, str]] = {}
    variant_terms: dict[str, tuple[str, str]] = {}

    def add(text: str, iso: str, via: str) -> None:
        for i, form in enumerate(_variants(text)):
            index = terms if i == 0 else variant_terms
            old = index.get(form)
            if old and old[0] != iso:
                if i == 0:
                    raise ValueError(f"countries.yml: {form!r} listed for both {old[0]} and {iso}")
                continue
            if old is None or _VIA_RANK[via] < _VIA_RANK[old[1]]:
                index[form] = (iso, via)

    for key, entry in raw.items():
        if not _ISO_KEY.match(str(key)):
            continue
        entry = entry or {}
        names = list(dict.fromkeys(list(entry.get("names") or []) + _pycountry_names(key)))
        record = {"iso2": key, "name": names[0] if names else key, "names": names}
        for list_key in ("adjectives", "capitals", "seats", "prefixes", "ambiguous_capitals"):
            record[list_key] = list(entry.get(list_key) or [])
        countries[key] = record
        for list_key, via in KINDS.items():
            for text in (names if list_key == "names" else record[list_key]):
                add(text, key, via)
    for form, value in variant_terms.items():
        terms.setdefault(form, value)

    ctx = raw.get("capital_context") or {}
    verbs = {v for v in load_reporting_verbs() if not v.endswith("ing")}
    verbs |= set(ctx.get("actor_verbs") or [])
    verbs -= set(ctx.get("not_actor_words") or [])
    general = raw.get("context") or {}
    us_state = raw.get("us_state_context") or {}
    weekdays = gazetteer.word_list("dates", "weekdays")
    months = [names[0] for names in gazetteer.value("dates", "months")]
    return {
        "countries": countries,
        "terms": terms,
        "regions": list(raw.get("regions") or []),
        "organisations": list(raw.get("org_names_containing_countries") or []),
        "multi": {k: list(v) for k, v in (raw.get("multi_country_terms") or {}).items()},
        "ambiguous": {k: (v or {}) for k, v in (raw.get("ambiguous") or {}).items()},
        "territories": dict(raw.get("territories") or {}),
        "actor_verbs": frozenset(verbs),
        "location_words": frozenset(ctx.get("location_words") or []),
        "skip_words": frozenset(ctx.get("skip_words") or []) | frozenset(weekdays),
        "agent_words": frozenset(ctx.get("agent_words") or []),
        "actor_nouns": frozenset(ctx.get("actor_nouns") or []),
        "stance_prefixes": frozenset(ctx.get("stance_prefixes") or []),
        "function_words": frozenset(w.lower() for w in list(general.get("function_words") or []) + list(weekdays)
                                    + months),
        "not_person_followers": frozenset(general.get("not_person_followers") or []),
        "language_words": frozenset(general.get("language_words") or []),
        "state_words": frozenset(us_state.get("state_words") or []),
        "us_names": frozenset(us_state.get("us_after_comma") or []),
    }


@lru_cache(maxsize=1)
def _matcher() -> PhraseMatcher:
    """One PhraseMatcher over every term, region and organisation name, labelled ``via:ISO``."""
    gaz = load_gazetteer()
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    by_label: dict[str, list[str]] = {}
    for text, (iso, via) in gaz["terms"].items():
        by_label.setdefault(f"{via}:{iso}", []).append(text)
    by_label[_REGION] = [v for r in gaz["regions"] for v in _variants(r)]
    by_label[_ORG] = [v for o in gaz["organisations"] for v in _variants(o)]
    for text in gaz["multi"]:
        by_label[f"multi:{text}"] = [text]
    for label, texts in by_label.items():
        matcher.add(label, list(nlp.tokenizer.pipe(texts)))
    return matcher


def _mention(doc, start: int, end: int, iso: str, via: str) -> dict:
    return {"iso2": iso, "text": text_of(doc)[start:end], "start": start, "end": end, "via": via}


def find_country_mentions(doc) -> list[dict]:
    """Country mentions in a Doc from ``archive.nlp.make_doc``, in text order.

    Each is ``{"iso2", "text", "start", "end", "via"}`` with character offsets into ``text_of(doc)`` and
    via one of name|demonym|capital|prefix.
    """
    gaz = load_gazetteer()
    strings = doc.vocab.strings
    spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in _matcher()(doc)])
    kept = [sp for sp in spans if sp.label_ not in (_REGION, _ORG)]
    by_start = {sp.start: sp for sp in kept}
    by_end = {sp.end: sp for sp in kept}
    covered = {i for sp in spans for i in range(sp.start, sp.end)}

    mentions = []
    for sp in kept:
        kind, _, key = strings[sp.label].partition(":")
        start, end = sp.start_char, sp.end_char
        if kind == "multi":
            mentions += [_mention(doc, start, end, iso, "demonym") for iso in gaz["multi"][key]]
            continue
        if kind == "prefix" and not _prefix_has_partner(doc, sp, by_start):
            continue
        if kind == "capital" and not _capital_is_actor(doc, sp, by_start, by_end, gaz):
            continue
        if kind == "demonym" and _names_a_language(doc, sp, gaz):
            continue
        rule = gaz["ambiguous"].get(sp.text)
        if rule and _rejected_by_context(doc, sp, rule, by_end, gaz):
            continue
        mentions.append(_mention(doc, start, end, key, kind))

    mentions += _hyphen_compound_mentions(doc, covered, gaz["terms"])
    mentions.sort(key=lambda m: (m["start"], m["iso2"]))
    return mentions


def countries_of(mentions: list[dict]) -> list[str]:
    """Sorted unique ISO codes of ``mentions``."""
    return sorted({m["iso2"] for m in mentions})


# --- context checks --------------------------------------------------------------------------------------


def _is_dash(token) -> bool:
    return len(token.text) == 1 and token.text in _DASHES


def _prefix_has_partner(doc, sp, by_start) -> bool:
    """ "Sino-Japanese": a prefix counts only when a hyphen and another country term follow."""
    i = sp.end
    if i + 1 >= len(doc) or not _is_dash(doc[i]):
        return False
    partner = by_start.get(i + 1)
    return partner is not None and partner.label_.split(":")[0] in ("name", "demonym", "prefix")


def _is_capitalised(token) -> bool:
    """ "Jordan", "O'Keeffe", "Jean-Pierre"; not "US", "and", "1990"."""
    text = token.text
    return text[:1].isupper() and not token.is_upper and any(c.isalpha() for c in text[1:])


def _looks_like_name(token, gaz) -> bool:
    """A capitalised word that could be part of a person's name (not "In", "Neighbouring", "Monday")."""
    if not _is_capitalised(token) or token.lower_ in gaz["function_words"]:
        return False
    if token.is_sent_start and token.lower_.endswith(("ing", "ed", "ly")):
        return False
    return token.text not in gaz["terms"]


def _coordinated(doc, sp, by_start, by_end) -> tuple:
    """First and last country spans of a list "A and B" / "A, B and C" containing ``sp``.

    Commas alone do not make a list ("in Vienna, Moscow said"), nor does a clause break between two
    names (", and Beijing said").
    """
    members, connectors = [sp], []
    while True:  # leftwards
        i = members[0].start - 1
        if i < 0 or doc[i].lower_ not in ("and", "or", "&", ","):
            break
        serial = doc[i].lower_ in ("and", "or") and i >= 1 and doc[i - 1].text == ","
        prev = by_end.get(i - 1 if serial else i)
        if prev is None:
            break
        connectors.insert(0, ", and" if serial else doc[i].lower_)
        members.insert(0, prev)
    while True:  # rightwards
        i = members[-1].end
        if i >= len(doc) or doc[i].lower_ not in ("and", "or", "&", ","):
            break
        serial = doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].lower_ in ("and", "or")
        nxt = by_start.get(i + 2 if serial else i + 1)
        if nxt is None:
            break
        connectors.append(", and" if serial else doc[i].lower_)
        members.append(nxt)
    if not any(c != "," for c in connectors) or (connectors == [", and"]):
        return sp, sp
    return members[0], members[-1]


def _capital_is_actor(doc, sp, by_start, by_end, gaz) -> bool:
    """ "Moscow said", "Beijing has warned", "Moscow's decision", "Moscow and Beijing agreed", "by Washington",
    "Kremlin spokesman", "pro-Moscow".

    Not: "in Moscow", "arrived in Moscow", "the mayor of Moscow", "George Washington", "Moscow-based".
    """
    if sp.start >= 2 and _is_dash(doc[sp.start - 1]) and doc[sp.start - 2].text in gaz["stance_prefixes"]:
        return True
    first, last = _coordinated(doc, sp, by_start, by_end)
    i = first.start - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    if i >= 0:
        prev = doc[i]
        if prev.text in gaz["location_words"]:
            return False
        if prev.text in gaz["agent_words"]:
            return True
        if i == first.start - 1 and _looks_like_name(prev, gaz):
            return False
    for member in (sp, last):
        if _is_possessive(doc, member):
            return True
    k, skipped = last.end, 0
    while k < len(doc) and skipped < 4:
        t = doc[k]
        if t.text in gaz["skip_words"] or (t.is_lower and t.is_alpha and t.text.endswith("ly") and len(t) > 3):
            k, skipped = k + 1, skipped + 1
            continue
        break
    if k >= len(doc) or not doc[k].is_lower:
        return False
    if k == last.end and doc[k].text in gaz["actor_nouns"]:
        return True
    return doc[k].text in gaz["actor_verbs"]


def _is_possessive(doc, sp) -> bool:
    """ "Moscow's", "Moscow’s", "Athens'" (a lone apostrophe only after -s: otherwise it closes a quote)."""
    if sp.end >= len(doc):
        return False
    nxt = doc[sp.end].text
    return nxt in _POSSESSIVES[:2] or (nxt in _POSSESSIVES[2:] and sp.text.endswith("s"))


def _names_a_language(doc, sp, gaz) -> bool:
    """A demonym standing alone as a noun in a sentence about languages: "versions in Polish, Czech
    and Greek", "she speaks fluent Russian" (not "Polish troops", not "the Russian foreign minister")."""
    nxt = doc[sp.end] if sp.end < len(doc) else None
    if nxt is not None and not (nxt.is_punct or nxt.lower_ in ("and", "or")):
        return False
    return any(t.lower_ in gaz["language_words"] for t in sent_of(doc, sp.start))


def _rejected_by_context(doc, sp, rule: dict, by_end, gaz) -> bool:
    """Rules of the yml ``ambiguous`` section: person names, US state, food words, sentence start."""
    nxt = doc[sp.end] if sp.end < len(doc) else None
    prev = doc[sp.start - 1] if sp.start > 0 else None
    if rule.get("not_sentence_start") and doc[sp.start].is_sent_start:
        return True
    if nxt is not None and nxt.text in (rule.get("not_followed_by") or ()):
        return True
    if prev is not None and prev.text in (rule.get("not_preceded_by") or ()):
        return True
    if rule.get("person_name"):
        if (nxt is not None and _is_capitalised(nxt) and nxt.lower_ not in gaz["function_words"]
                and nxt.text not in gaz["not_person_followers"] and nxt.text not in gaz["terms"]):
            return True
        if prev is not None and _looks_like_name(prev, gaz) and prev.text not in gaz["not_person_followers"]:
            return True
    if rule.get("us_state"):
        after = [t.text for t in doc[sp.end:sp.end + 2]]
        if (after and after[0] in gaz["state_words"]) or (after[:1] == [","] and after[1:] and after[1] in gaz["us_names"]):
            return True
        before = [t.lower_ for t in doc[max(sp.start - 2, 0):sp.start]]
        if len(before) == 2 and before[0] in gaz["state_words"] and before[1] == "of":
            return True
        # "Atlanta, Georgia": a capitalised non-country word, then a comma
        if before[-1:] == [","] and sp.start >= 2 and by_end.get(sp.start - 1) is None:
            city = doc[sp.start - 2]
            if _is_capitalised(city) and city.lower_ not in gaz["function_words"]:
                return True
    return False


# --- tokens spaCy keeps whole: "U.S.-Canada", "U.K.-led" ------------------------------------------------


_PART = re.compile(r"[^-–—]+")


def _hyphen_compound_mentions(doc, covered: set, terms: dict) -> list[dict]:
    """Country names and demonyms inside single hyphenated tokens the matcher cannot see into."""
    out = []
    for tok in doc:
        text = tok.text
        if tok.i in covered or len(text) < 4 or not any(d in text for d in _DASHES):
            continue
        parts = [(m.start(), m.end()) for m in _PART.finditer(text)]
        found = []
        i = 0
        while i < len(parts):
            hit = None
            for j in range(len(parts) - 1, i - 1, -1):  # longest run of parts first
                s, e = parts[i][0], parts[j][1]
                sub = text[s:e]
                for suffix in _POSSESSIVES[:2]:
                    if sub.endswith(suffix) and sub[: -len(suffix)] in terms:
                        sub, e = sub[: -len(suffix)], e - len(suffix)
                if sub in terms and terms[sub][1] != "capital":
                    hit = (j, s, e, *terms[sub])
                    break
            if hit:
                found.append(hit)
                i = hit[0] + 1
            else:
                i += 1
        for n, (_, s, e, iso, via) in enumerate(found):
            if via == "prefix" and not (n + 1 < len(found) and text[e:found[n + 1][1]] in _DASHES):
                continue
            out.append(_mention(doc, tok.idx + s, tok.idx + e, iso, via))
    return out


# --- lookups for other modules ---------------------------------------------------------------------------


def _strip_possessive(text: str) -> str:
    text = text.strip()
    for suffix in _POSSESSIVES:
        if text.endswith(suffix) and len(text) > len(suffix):
            return text[: -len(suffix)]
    return text


def iso_for_name(text: str) -> str | None:
    """ISO code for any name, demonym or capital variant ("Russia", "Russian", "Moscow's", "the Netherlands")."""
    terms = load_gazetteer()["terms"]
    text = _strip_possessive(text)
    for candidate in (text, text[4:] if text.startswith(("the ", "The ")) else None):
        hit = terms.get(candidate) if candidate else None
        if hit and hit[1] != "prefix":
            return hit[0]
    return None


def iso_for_adjective(word: str) -> str | None:
    """ISO code for a word used attributively: a demonym ("Russian") or a name ("U.S.", "China's")."""
    hit = load_gazetteer()["terms"].get(_strip_possessive(word))
    return hit[0] if hit and hit[1] in ("demonym", "name") else None


def country_name(iso2: str) -> str:
    """Short common name of a country ("Russia", "South Korea", "Kosovo"); KeyError for unknown codes."""
    return load_gazetteer()["countries"][iso2.upper()]["name"]
