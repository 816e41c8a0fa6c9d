"""Organisations that act and speak: the gazetteer in ``data/organisations.yml``
plus country bodies such as "the Russian Foreign Ministry" or "the Afghan government"."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from .. import gazetteer
from ..nlp import get_nlp, span_of


@dataclass
class Organisation:
    id: str
    name: str
    country: str | None
    kind: str
    mentions: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "country": self.country, "kind": self.kind,
                "mentions": sorted(self.mentions, key=lambda m: m["start"])}


@lru_cache(maxsize=1)
def _matchers():
    nlp = get_nlp()
    data = gazetteer.load("organisations")
    known = PhraseMatcher(nlp.vocab, attr="ORTH")
    entries = {}
    for n, org in enumerate(data["organisations"]):
        key = f"ORG{n}"
        entries[key] = org
        forms = [org["name"]] + list(org.get("aliases") or [])
        known.add(key, [nlp.make_doc(f) for f in forms])
    bodies = PhraseMatcher(nlp.vocab, attr="ORTH")
    bodies.add("BODY", [nlp.make_doc(b) for b in data["ministry_bodies"]])
    named = Matcher(nlp.vocab)
    suffix = {"ORTH": {"IN": list(data["name_suffixes"])}}
    named.add("NAMED", [[{"IS_TITLE": True, "OP": "+"}, suffix],
                        [{"IS_TITLE": True, "OP": "+"}, suffix, {"LOWER": "of"}, {"LOWER": "the", "OP": "?"},
                         {"IS_TITLE": True, "OP": "+"}]], greedy="LONGEST")
    return known, entries, bodies, named


@lru_cache(maxsize=1)
def _memberships() -> dict:
    """name -> (members, {code: joined}, {code: left}) of the groups of countries in the gazetteer."""
    out = {}
    for org in gazetteer.load("organisations")["organisations"]:
        if org.get("members"):
            dated = {k: {c: str(d) for c, d in (org.get(k) or {}).items()} for k in ("joined", "left")}
            out[org["name"]] = (list(org["members"]), dated["joined"], dated["left"])
    return out


def members(name: str, on: str | None = None) -> list[str]:
    """Member states of the group of countries called ``name`` on the ISO date ``on`` (a day, month
    or year; the founding members and all who joined if None); [] for any other organisation."""
    if name not in _memberships():
        return []
    founders, joined, left = _memberships()[name]
    when = on or "9999"
    out = [c for c in founders if not (c in left and left[c][:len(when)] < when[:len(left[c])])]
    return out + [c for c, d in joined.items() if d[:len(when)] <= when[:len(d)]]


def ever_members(name: str) -> set[str]:
    """Every state that has been a member of the group of countries called ``name``."""
    founders, joined, _ = _memberships().get(name, ([], {}, {}))
    return set(founders) | set(joined)


def find_organisations(doc, country_mentions: list[dict]) -> list[Organisation]:
    """Organisation mentions, grouped into one record per organisation."""
    known, entries, bodies, named = _matchers()
    nlp_strings = doc.vocab.strings
    spans = []
    for match_id, s, e in known(doc):
        spans.append(_labelled(doc, s, e, nlp_strings[match_id]))
    spans.extend(_country_bodies(doc, country_mentions, bodies))
    spans.extend(_acting_capitals(doc, country_mentions))
    spans = filter_spans(spans)
    spans = filter_spans(spans + _group_names(doc) + _publications(doc, country_mentions))
    spans = filter_spans(spans + _speaking_bodies(doc, spans))
    spans = filter_spans(spans + _repeated(doc, spans))
    countries = {(m["start"], m["end"]) for m in country_mentions if m["via"] == "name"}
    spans = [sp for sp in filter_spans(spans + _named_organisations(doc, named, spans))
             if (sp.start_char, sp.end_char) not in countries]  # "Russian Federation" is a country
    orgs: dict[str, Organisation] = {}
    for span in spans:
        name, country, kind = _describe(span, entries)
        if span.label_ == "STATE":
            country = _country_inside(span, country_mentions)
        org = orgs.get(name)
        if org is None:
            org = orgs[name] = Organisation(id="", name=name, country=country, kind=kind)
        org.mentions.append({"text": span.text, "start": span.start_char, "end": span.end_char})
    ordered = sorted(orgs.values(), key=lambda o: min(m["start"] for m in o.mentions))
    for n, org in enumerate(ordered, 1):
        org.id = f"o{n}"
    return ordered


def _named_organisations(doc, named, known_spans):
    """"Japan Times", "Kmart Corp.": capitalised words ending in an organisation word."""
    taken = {i for sp in known_spans for i in range(sp.start, sp.end)}
    articles = gazetteer.word_set("english", "articles")
    openers = gazetteer.word_set("organisations", "sentence_openers")
    suffixes = gazetteer.word_set("organisations", "name_suffixes")
    out = []
    for _, s, e in named(doc):
        while s < e - 1 and (doc[s].lower_ in articles or (doc[s].is_sent_start and doc[s].lower_ in openers)):
            s += 1
        of = next((k for k in range(s + 1, e) if doc[k].lower_ == "of" and doc[k - 1].text in suffixes), None)
        if of is not None and _role_at(doc, of + 1):
            e = of  # "the Freedom Front of General Ana Lima": the body ends before its leader's title
        if e - s >= 2 and not any(i in taken for i in range(s, e)):
            state = doc[e - 1].text in _state_suffixes()
            out.append(Span(doc, s, e, label="STATE" if state else "NAMED"))
    return out


def _role_at(doc, i: int) -> bool:
    """A title (data/people.yml roles) starts at token i, after an optional "the"."""
    if i < len(doc) and doc[i].lower_ == "the":
        i += 1
    forms = _role_forms()
    return any(doc[i:i + n].text.lower() in forms for n in (1, 2, 3) if i + n <= len(doc))


@lru_cache(maxsize=1)
def _role_forms() -> frozenset:
    return frozenset(form.lower() for forms in gazetteer.load("people")["roles"].values() for form in forms)


@lru_cache(maxsize=1)
def _state_suffixes() -> frozenset:
    return frozenset(gazetteer.load("organisations")["state_suffixes"])


def _country_inside(span, country_mentions) -> str | None:
    """The country named inside a state body's name ("U.S. Army" -> US)."""
    for m in country_mentions:
        if span.start_char <= m["start"] and m["end"] <= span.end_char:
            return m["iso2"]
    return None


def _labelled(doc, s, e, label):
    return Span(doc, s, e, label=label)


def _country_bodies(doc, country_mentions, bodies):
    """"Russian Foreign Ministry", "China's Ministry of Commerce", "the Afghan government"."""
    ends, starts = {}, {}
    for m in country_mentions:
        span = span_of(doc, m["start"], m["end"])
        if span is not None:
            ends[span.end] = (span.start, m["iso2"])
            starts[span.start] = (span.end, m["iso2"])
    out = []
    for _, s, e in bodies(doc):
        k = s
        if k > 0 and doc[k - 1].text in ("'s", "’s"):
            k -= 1
        if k in ends:
            start, iso = ends[k]
            out.append(Span(doc, start, e, label=f"BODY:{iso}"))
        elif e + 1 < len(doc) and doc[e].lower_ == "of" and doc[s].text[:1].isupper():
            j = e + 2 if doc[e + 1].lower_ == "the" else e + 1
            if j in starts:  # "the Foreign Ministry of Kenya"
                end, iso = starts[j]
                out.append(Span(doc, s, end, label=f"BODY:{iso}"))
    return out


def _acting_capitals(doc, country_mentions):
    """"Moscow said", "Beijing warned": a capital used as an actor stands for its government."""
    out = []
    for m in country_mentions:
        if m.get("via") == "capital":
            span = span_of(doc, m["start"], m["end"])
            if span is not None:
                out.append(Span(doc, span.start, span.end, label=f"CAPITAL:{m['iso2']}"))
    return out


def _group_names(doc):
    """"the militant group al-Shabaab": the name after a group word is an organisation."""
    words = set(gazetteer.load("organisations")["group_words"])
    out = []
    for tok in doc[:-2]:
        if tok.lower_ in words and doc[tok.i + 1].lower_ == "group":
            j = k = tok.i + 2
            while k < len(doc) and k - j < 4 and (doc[k].text[:1].isupper() or doc[k].text.startswith("al-")):
                k += 1
            if k > j:
                out.append(Span(doc, j, k, label="NAMED"))
    return out


def _publications(doc, country_mentions):
    """"the daily Ana Lima", "newspaper Ana Lima", "the (or Kenya's) Ana Lima newspaper", "Ana Lima daily said":
    a newspaper's or magazine's name."""
    words = gazetteer.word_set("organisations", "publication_words")
    say = gazetteer.word_set("statements", "say")
    stop = set(gazetteer.load("people")["not_name_words"])
    countries = {i for m in country_mentions for sp in [span_of(doc, m["start"], m["end"])] if sp is not None
                 for i in range(sp.start, sp.end)}
    out = []
    for tok in doc:
        if tok.text not in words:
            continue
        j = tok.i + 1  # after the word, or after its comma ("a daily newspaper, Ana Lima, said")
        if j + 1 < len(doc) and doc[j].text == ",":
            j += 1
        k = j
        while k < len(doc) and k - j < 4 and doc[k].is_title and k not in countries:
            k += 1
        if k > j and doc[j].text not in stop and (doc[j - 1].text != "," or k < len(doc) and doc[k].text == ","):
            out.append(Span(doc, j, k, label="MEDIA"))
            continue
        k = j = tok.i  # before the word, after "the"
        while j > 0 and k - j < 4 and doc[j - 1].is_title and j - 1 not in countries and doc[j - 1].lower_ != "the":
            j -= 1
        says = k + 1 < len(doc) and doc[k + 1].text in say
        if k > j and (says or j > 0 and (doc[j - 1].lower_ == "the" or doc[j - 1].text in ("'s", "’s"))) \
                and doc[j].text not in stop:
            out.append(Span(doc, j, k, label="MEDIA"))
    return out


def _repeated(doc, spans):
    """Later and earlier mentions of a name that its context showed to be a publication or a body
    ("the daily Ana Lima reported …  Ana Lima quoted …")."""
    names = {tuple(t.text for t in sp): sp.label_ for sp in spans if sp.label_ in ("MEDIA", "NAMED") and len(sp) >= 2}
    taken = {i for sp in spans for i in range(sp.start, sp.end)}
    out = []
    for words, label in names.items():
        n = len(words)
        for i in range(len(doc) - n + 1):
            if doc[i].text == words[0] and tuple(t.text for t in doc[i:i + n]) == words \
                    and not any(k in taken for k in range(i, i + n)):
                out.append(Span(doc, i, i + n, label=label))
    return out


def _speaking_bodies(doc, known_spans):
    """"the Ana Lima Institute said" is caught by its last word; "the Ana Lima said", with no title or
    given name, is a body too: a person's name takes no article."""
    say = gazetteer.word_set("statements", "say") | gazetteer.word_set("statements", "act")
    people = gazetteer.load("people")
    stop = set(people["not_name_words"]) | set(people["honorifics"])
    roles = {form.lower() for forms in people["roles"].values() for form in forms}
    taken = {i for sp in known_spans for i in range(sp.start, sp.end)}
    out = []
    for tok in doc[:-3]:
        if tok.lower_ != "the":
            continue
        j = k = tok.i + 1
        while k < len(doc) and k - j < 4 and doc[k].is_title and doc[k].is_alpha and k not in taken \
                and doc[k].text not in stop and doc[k].lower_ not in roles:
            k += 1
        if k - j >= 2 and k < len(doc) and doc[k].text in say:
            out.append(Span(doc, j, k, label="NAMED"))
    return out


def _describe(span, entries):
    label = span.label_
    if label == "MEDIA":
        return span.text, None, "media"
    if label.startswith("BODY:"):
        iso = label.split(":", 1)[1]
        return span.text, iso, "government body"
    if label == "NAMED":
        return span.text, None, "organisation"
    if label == "STATE":
        return span.text, None, "government body"
    if label.startswith("CAPITAL:"):
        return span.text, label.split(":", 1)[1], "government"
    org = entries[label]
    return org["name"], org.get("country"), org.get("kind") or "organisation"
