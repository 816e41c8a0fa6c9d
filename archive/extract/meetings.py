"""Meetings: talks, conferences, summits, visits, calls and mediation, with date,
place, chair and participants; several mentions of one event become one meeting.

Each trigger word is read in its own clause (``meeting_clause``): its parties
are the people and countries that clause names, each kept with the words that
name it (``Party``), so every participant can be traced to the evidence.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from .. import gazetteer
from ..nlp import get_nlp, parse_of, sent_of, sentence_number, span_of, stripped, text_of
from .meeting_clause import Clause, anchor, phrase_head, read_clause, subjects_of
from .meeting_merge import bounds, merge_mentions
from .organisations import members
from .statements import dateline_span

HELD, PLANNED, CANCELLED = "held", "planned", "cancelled"


@lru_cache(maxsize=1)
def _data():
    data = gazetteer.load("meetings")
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for part in ("nouns", "verbs"):
        for kind, forms in data[part].items():
            for form in forms:
                matcher.add(f"{part}|{kind}", [nlp.make_doc(form)])
    kinds = {(part, form.lower()): kind for part in ("nouns", "verbs")
             for kind, forms in data[part].items() for form in forms}
    not_meetings = PhraseMatcher(nlp.vocab, attr="LOWER")
    not_meetings.add("NOT", [nlp.make_doc(p) for p in data["not_meetings"]])
    return {"matcher": matcher, "kinds": kinds, "not_meetings": not_meetings,
            "generic": gazetteer.word_set("meetings", "generic_markers"),
            "pronouns": {w.lower() for w in gazetteer.word_list("people", "pronouns")},
            "topic": gazetteer.word_set("meetings", "topic_words"),
            "verb_subjects": gazetteer.word_set("meetings", "verb_subjects"),
            "party_nouns": gazetteer.word_set("meetings", "party_nouns"),
            "call_cues": gazetteer.word_set("meetings", "call_cues"),
            "clause_breaks": gazetteer.word_set("meetings", "clause_breaks"),
            "upcoming": gazetteer.word_set("meetings", "upcoming_markers"),
            "distinct": gazetteer.word_set("meetings", "distinct_markers"),
            "two_party": gazetteer.word_set("meetings", "two_party_markers"),
            "definite": gazetteer.word_set("english", "definite_determiners"),
            "articles": gazetteer.word_set("english", "articles"),
            "determiners": gazetteer.word_set("english", "articles") | gazetteer.word_set("english", "definite_determiners")
            | {w.lower() for w in gazetteer.word_list("people", "pronouns")},
            "repeat": [r.split() for r in data["repeat_markers"]],
            "groups": [g.split() for g in data["group_nouns"]],
            "counts": _group_counts(),
            "group_anaphors": gazetteer.word_set("meetings", "group_anaphors"),
            "plural_pronouns": gazetteer.word_set("meetings", "plural_pronouns"),
            "officials": _official_words(),
            "state_kinds": gazetteer.word_set("meetings", "state_organisation_kinds")}


def _official_words() -> frozenset:
    """First words of the roles of people.yml ("secretary", "president"): one official, not a delegation."""
    roles = gazetteer.load("people")["roles"]
    return frozenset(form.split()[0].lower() for forms in roles.values() for form in forms)


def _group_counts() -> frozenset:
    """"two", "2", "both": how many parties "the two ministers" names (dates.yml numbers 2-12)."""
    numbers = gazetteer.value("dates", "numbers")
    words = {w for w, n in numbers.items() if 2 <= n <= 12} | {str(n) for n in range(2, 13)}
    return frozenset(words | gazetteer.word_set("meetings", "group_quantifiers"))


@dataclass(frozen=True)
class Party:
    """A participant and the characters of the article that name or refer to it."""

    kind: str  # person | country
    ref: str  # person id ("p1") or ISO alpha-2 code
    start: int
    end: int


@dataclass
class Meeting:
    """One meeting of an article: its first reporting mention, and what later mentions added."""

    kind: str
    status: str  # held | planned | cancelled
    start: int  # evidence: the sentence that reports it
    end: int
    sentence: int
    parties: list[Party] = field(default_factory=list)
    unnamed: int = 0  # parties named only by a title ("The President" of a readout)
    unnamed_stateless: int = 0  # of those, the ones whose country is not told
    chair_id: str | None = None
    place: object | None = None  # extract.places.Place
    date: dict | None = None
    definite: bool = False  # "the meeting": refers to an event told before
    distinct: bool = False  # "a separate meeting"
    bilateral: bool = False  # "a bilateral summit": two parties, never a group's member states
    verb: bool = False
    upcoming: bool = False  # "the upcoming summit": an event of its own
    indefinite: bool = False  # "a meeting": a new event when it names someone new
    holder: Party | None = None  # a titled participant named without a country ("President X"): the host's
    keys: set = field(default_factory=set)  # doc indexes of the trigger words told by this meeting
    frame: int | None = None  # the meeting verb this one is the setting of ("met at the summit")
    group: tuple | None = None  # (start, end, count): "the two ministers", "again" name the parties told before
    report: bool = True  # False: names an event without reporting it
    participation: bool = False  # "X attended": adds parties to the meeting just told
    spans: list[tuple[int, int]] = field(default_factory=list)
    evidence_parties: int = 0
    evidence_text: str = ""

    @property
    def people_ids(self) -> list[str]:
        return list(dict.fromkeys(p.ref for p in self.parties if p.kind == "person"))

    @property
    def countries(self) -> list[str]:
        return list(dict.fromkeys(p.ref for p in self.parties if p.kind == "country"))

    @property
    def planned(self) -> bool:
        return self.status == PLANNED

    def party_count(self) -> int:
        return len(self.countries) + len(self.people_ids) + self.unnamed

    def add(self, party: Party) -> None:
        if not any(p.kind == party.kind and p.ref == party.ref for p in self.parties):
            self.parties.append(party)

    def to_dict(self, n: int, people) -> dict:
        by_id = {p.id: p for p in people}
        place, date = self.place, self.date
        first = {}
        for p in self.parties:
            first.setdefault((p.kind, p.ref), p)
        return {
            "id": f"m{n}", "kind": self.kind, "status": self.status,
            "date": date["value"] if date else None, "date_precision": date.get("precision") if date else None,
            "planned": self.planned,
            "place": place.name if place else None, "place_aliases": place.aliases() if place else [],
            "place_country": place.country if place else None, "place_id": place.id if place else None,
            "chair": by_id[self.chair_id].name if self.chair_id in by_id else None, "chair_id": self.chair_id,
            "countries": sorted(self.countries),
            "people": [by_id[i].name for i in self.people_ids if i in by_id],
            "people_ids": [i for i in self.people_ids if i in by_id],
            "evidence": self.evidence_text, "start": self.start, "end": self.end,
            "spans": [list(s) for s in self.spans],
            "participants": [{"kind": p.kind, "ref": p.ref, "start": p.start, "end": p.end}
                             for p in first.values()],
        }


# Finding -------------------------------------------------------------------------------

def trigger_sentences(doc) -> set[int]:
    """Start tokens of the sentences holding a meeting word: the cascade parses them."""
    return {sent_of(doc, s).start for _, s, _ in _data()["matcher"](doc)}


def find_meetings(doc, ctx, people, speakers, places, dates, quotes, junk=(), published=None) -> list[Meeting]:
    """Meetings of the article: one candidate per trigger clause, then merged into events.

    ``published`` (the article's date, if known) tells held meetings from planned ones.
    """
    d = _data()
    holders = {p.id for p in people if p.roles and not p.country}  # titled, country unstated
    index = _Index(doc, ctx, people, speakers, places, dates, quotes)
    excluded = {i for _, s, e in d["not_meetings"](doc) for i in range(s, e)}
    candidates = []
    for trig, clause in _clauses(doc, ctx, quotes, junk, excluded):
        cand = _candidate(doc, trig, clause, index, holders, published)
        if cand is None:
            continue
        candidates.append(cand)
    meetings = [m for m in merge_mentions(candidates) if not m.participation and m.report]
    meetings = [m for m in meetings if _is_meeting(m, people)]
    _dateline_places(meetings, index, published)
    return meetings


def _clauses(doc, ctx, quotes, junk, excluded):
    """(trigger span, Clause) for every trigger outside quotes, names and generic wording."""
    triggers = [t for t in filter_spans([_span(doc, m) for m in _data()["matcher"](doc)])
                if not (_inside(t.start_char, list(quotes) + list(junk)) or t.start in excluded
                        or t.start in ctx.org_tokens or _capitalised_verb(doc, t))]
    ends = {t.end for t in triggers}
    triggers = [t for t in triggers if not _adjectival(doc, t, ends)]
    by_sentence: dict[int, list] = {}
    for t in triggers:
        by_sentence.setdefault(sent_of(doc, t.start).start, []).append(t)
    for start, trigs in by_sentence.items():
        sent = sent_of(doc, start)
        parse = parse_of(doc, sent)
        if parse is None:
            for t in trigs:
                yield t, _unparsed_clause(doc, t, sent)
            continue
        heads = {t.start: _head(parse, t, sent.start) for t in trigs}
        nouns = {h.i for h in heads.values() if not _is_verb(h)}
        deferred = {t.start for t in trigs if _is_verb(heads[t.start]) and _governs(heads[t.start], nouns, parse)}
        verbs = {heads[t.start].i for t in trigs if _is_verb(heads[t.start]) and t.start not in deferred}
        live = {heads[t.start].i for t in trigs if t.start not in deferred}
        for t in trigs:
            if t.start not in deferred:
                yield t, read_clause(parse, sent.start, t.start, t.end, live, verbs)


def _adjectival(doc, trig, trigger_ends) -> bool:
    """"the visiting minister", "received visiting Malian Foreign Minister X": an adjective, not a visit."""
    if not doc[trig.start].lower_.endswith("ing") or trig.start == 0 or trig.end >= len(doc):
        return False
    prev, nxt = doc[trig.start - 1], doc[trig.end]
    modifies = nxt.text[:1].isupper() or nxt.lower_ in _data()["party_nouns"]
    return modifies and (prev.lower_ in _data()["determiners"] or trig.start in trigger_ends)


def _span(doc, match):
    match_id, s, e = match
    return Span(doc, s, e, label=doc.vocab.strings[match_id])


def _inside(char: int, spans) -> bool:
    return any(s <= char < e for s, e in spans)


def _capitalised_verb(doc, trig) -> bool:
    """A capitalised verb mid-sentence is a title ("Meet the Parents")."""
    first = doc[trig.start]
    return trig.label_.startswith("verbs") and first.text[:1].isupper() and trig.start != sent_of(doc, trig.start).start


def _head(parse, trig, offset):
    return phrase_head(parse, trig.start - offset, trig.end - offset)


def _is_verb(tok) -> bool:
    return tok.tag_.startswith("VB")


def _governs(v, nouns: set[int], parse) -> bool:
    """A verb that holds a meeting noun yields to it: "held talks", "received a call", "arrived for the summit"."""
    for i in nouns:
        n = anchor(parse[i])
        if n.head.i == v.i and n.dep_ in ("dobj", "nsubjpass"):
            return True
        if n.dep_ == "pobj" and n.head.head.i == v.i and n.head.lower_ == "for":
            return True
        if n.dep_ == "pobj" and n.head.head.i == v.i and n.head.lower_ in ("in", "at", "to") \
                and not v.lemma_ in ("meet", "talk", "speak"):
            return True
    return False


def _unparsed_clause(doc, trig, sent) -> Clause:
    """Without a parse, the whole sentence is the clause (the rule pipeline's reading)."""
    tokens = set(range(sent.start, sent.end))
    return Clause(key=trig.start, verb=trig.label_.startswith("verbs"), parties=tokens, scope=tokens, parsed=False)


# Candidates -----------------------------------------------------------------------------

class _Index:
    """Who, which country, which place and which date each token of the article names."""

    def __init__(self, doc, ctx, people, speakers, places, dates, quotes):
        self.doc, self.ctx, self.quotes = doc, ctx, quotes
        self.person = _person_tokens(doc, speakers)
        self.words = {}  # token -> characters of the mention (name, title, pronoun) it is part of
        for p in people:
            for mm in p.mentions:
                span = span_of(doc, mm.start, mm.end)
                for i in range(span.start, span.end):
                    self.words[i] = (mm.start, mm.end)
        self.org = {}
        for org in {id(o): o for o in ctx.org_tokens.values()}.values():
            for mm in org.mentions:
                span = span_of(doc, mm["start"], mm["end"])
                for i in range(span.start, span.end):
                    self.org[i] = (org, mm)
        self.place = {}
        for p in places:
            for m in p.mentions:
                span = span_of(doc, m["start"], m["end"])
                for i in range(span.start, span.end):
                    self.place[i] = (p, span)
        self.date = {}
        for x in dates:
            if x.get("value"):
                span = span_of(doc, x["start"], x["end"])
                self.date[span.start] = x
        self.dateline = _dateline_tokens(doc)
        self.country = {}
        for m in ctx.country_mentions:
            span = span_of(doc, m["start"], m["end"])
            if span is not None:
                self.country[span.start] = (m, span)

    def quoted(self, i: int) -> bool:
        return _inside(self.doc[i].idx, self.quotes)


def _dateline_tokens(doc) -> set[int]:
    """Tokens of a dateline ("KYIV, Ukraine (AP) -"): where the story was filed, not who met."""
    chars = dateline_span(text_of(doc))
    span = span_of(doc, *chars) if chars else None
    return set(range(span.start, span.end)) if span is not None else set()


def _person_tokens(doc, speakers) -> dict:
    at = {}
    for tok, sp in speakers.at.items():
        if sp.type == "person" or (sp.type is None and not sp.id):
            at[tok] = sp
    pronouns = _data()["pronouns"]
    for i, tok in enumerate(doc):
        if tok.lower_ in pronouns and i not in at:
            sp = speakers.antecedent(i)
            if sp:
                at[i] = sp
    return at


def _candidate(doc, trig, clause: Clause, index: _Index, holders, published) -> Meeting | None:
    part, kind = trig.label_.split("|")
    sent = sent_of(doc, trig.start)
    if clause.status == "dropped" or clause.generic or _generic_window(doc, trig):
        return None
    if kind == "call" and not clause.verb and not _real_call(doc, trig):
        return None
    kind = _kind(trig, clause, kind)
    start, end = stripped(text_of(doc), sent.start_char, sent.end_char)
    m = Meeting(kind=kind, status=clause.status, start=start, end=end, sentence=sentence_number(doc, sent.start),
                verb=clause.verb, participation=kind == "participation", indefinite=clause.indefinite,
                keys={clause.key}, frame=clause.frame,
                spans=[(start, end)], evidence_text=text_of(doc)[start:end])
    m.date = _nearest_date(clause, trig, index, sent)
    m.bilateral = bool({t.lower_ for t in doc[max(sent.start, trig.start - 3):trig.start]} & _data()["two_party"])
    _collect_parties(m, clause, index, sent, published)
    m.report = not clause.mention_only or m.party_count() > 0  # a mere mention reports only with its own parties
    m.group = _group_phrase(doc, trig, clause)
    m.chair_id = _chair(clause, index)
    m.place = _nearest_place(clause, trig, index, sent)
    _host_takes_part(m, index, holders, clause.travel)
    m.definite = not clause.verb and _definite(doc, trig)
    window = {t.lower_ for t in doc[max(sent.start, trig.start - 3):trig.start]}
    m.distinct = bool(window & _data()["distinct"])
    m.upcoming = bool({t.lower_ for t in doc[max(sent.start, trig.start - 4):trig.start]} & _data()["upcoming"])
    m.status = _dated_status(m, published)
    return m


def _kind(trig, clause: Clause, listed: str) -> str:
    """The kind for the reading the parse gives ("visits" as a verb or a noun)."""
    part = "verbs" if clause.verb else "nouns"
    return _data()["kinds"].get((part, trig.text.lower()), listed)


def _generic_window(doc, trig) -> bool:
    window = doc[max(sent_of(doc, trig.start).start, trig.start - 3):trig.start]
    return any(t.lower_ in _data()["generic"] for t in window)


def _real_call(doc, trig) -> bool:
    """A bare "call" is a phone call only with "had/held ... call" or "call with"."""
    if len(trig) > 1:
        return True
    before = {t.lower_ for t in doc[max(0, trig.start - 4):trig.start]}
    after = doc[trig.end].lower_ if trig.end < len(doc) else ""
    return bool(before & _data()["call_cues"]) or after in ("with", "between")


def _collect_parties(m: Meeting, clause: Clause, index: _Index, sent, published) -> None:
    """People, countries and groups of countries named in the clause's party tokens, each with the
    words that name it."""
    doc = index.doc
    seen_unnamed = set()
    for i in sorted(clause.parties):
        if not sent.start <= i < sent.end or index.quoted(i) or i in index.dateline:
            continue
        sp = _clause_antecedent(doc, i, index) or index.person.get(i)
        if sp is not None and not _possessive_pronoun(doc, i):
            start, end = index.words.get(i, (doc[i].idx, doc[i].idx + len(doc[i].text)))
            if sp.id:
                m.add(Party("person", sp.id, start, end))
            elif id(sp) in seen_unnamed:
                continue
            else:
                seen_unnamed.add(id(sp))
                m.unnamed += 1
                m.unnamed_stateless += not sp.country
            if sp.country:
                m.add(Party("country", sp.country, start, end))
        hit = index.country.get(i)
        if hit is not None:
            mention, span = hit
            if _country_is_party(doc, mention, span, index, clause.parsed):
                m.add(Party("country", mention["iso2"], mention["start"], mention["end"]))
        _add_members(m, i, index, published)
        _add_government(m, i, index)


def _add_government(m: Meeting, i: int, index: _Index) -> None:
    """"State Department officials", "a Kremlin envoy": a government body's country takes part."""
    org, mention = index.org.get(i, (None, None))
    if org is not None and org.country and org.kind in _data()["state_kinds"]:
        m.add(Party("country", org.country, mention["start"], mention["end"]))


def _add_members(m: Meeting, i: int, index: _Index, published) -> None:
    """"ASEAN leaders", "the GCC summit", "the bloc's ministers": the group's member states take part,
    as members on the meeting's date; not "the ASEAN Secretary-General", one official of the group."""
    org, mention = _group_at(i, index)
    if org is None or m.bilateral or not _group_as_parties(index.doc, i, mention):
        return
    on = (m.date or {}).get("value", "").split("/")[0] or published
    for code in members(org.name, on):
        m.add(Party("country", code, mention["start"], mention["end"]))


def _group_at(i: int, index: _Index):
    """The group of countries named at token i: by name, or as "the bloc" after one was named."""
    hit = index.org.get(i)
    if hit is not None:
        return hit if members(hit[0].name) else (None, None)
    tok = index.doc[i]
    if tok.lower_ in _data()["group_anaphors"] and i and index.doc[i - 1].lower_ == "the":
        named = [(j, o) for j, o in index.org.items() if j < i and members(o[0].name)]
        if named:
            org = max(named)[1][0]
            return org, {"start": index.doc[i - 1].idx, "end": tok.idx + len(tok.text)}
    return None, None


def _group_as_parties(doc, i: int, mention: dict) -> bool:
    """The words after a group's name say whether its members meet ("ASEAN leaders") or one of its
    officials does ("the ASEAN Secretary-General")."""
    k = span_of(doc, mention["start"], mention["end"]).end
    if k < len(doc) and doc[k].text in ("'s", "’s"):
        k += 1
    if k >= len(doc):
        return True
    word = doc[k].lower_
    return not (word in _data()["officials"] and not word.endswith("s"))


def _clause_antecedent(doc, i: int, index: _Index):
    """"X will hold talks with Y, when he is also received by Z": a subject pronoun in a clause that
    depends on another points to that clause's subject, not to the nearest name before it."""
    if doc[i].lower_ not in _data()["pronouns"]:
        return None
    sent = sent_of(doc, i)
    parse = parse_of(doc, sent)
    if parse is None:
        return None
    tok = parse[i - sent.start]
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ not in ("advcl", "relcl", "conj", "ccomp"):
        return None
    for subject in subjects_of(tok.head.head):
        sp = index.person.get(subject.i + sent.start)
        if sp is not None and sp.id:
            return sp
    return None


def _possessive_pronoun(doc, i: int) -> bool:
    """"his counterparts": the possessor is the other party, already named as the subject."""
    return doc[i].lower_ in ("his", "her", "their", "its")


def _country_is_party(doc, mention: dict, span, index: _Index, parsed: bool) -> bool:
    """A country named in the party words, unless a demonym describes a thing ("Turkmen gas"); without a
    parse, unless it follows a topic word ("talks on Ukraine") the parse would have left out."""
    sent = sent_of(doc, span.start)
    window = {t.lower_ for t in doc[max(sent.start, span.start - 3):span.start]}
    if not parsed and window & _data()["topic"]:
        return False
    return mention.get("via") != "demonym" or _names_a_party(doc, span, index)


def _names_a_party(doc, span, index: _Index) -> bool:
    """A country adjective names a party before a person, a title or a word for a delegation,
    also across a coordination ("the Chilean and Korean presidents")."""
    k = span.end
    while k < len(doc) and (doc[k].lower_ in ("and", ",", "or") or k in index.country):
        k = index.country[k][1].end if k in index.country else k + 1
    for j in range(k, min(len(doc), k + 3)):
        if j in index.person or doc[j].lower_ in _data()["party_nouns"]:
            return True
        if not doc[j].text[:1].isupper():
            return False
    return False


def _chair(clause: Clause, index: _Index) -> str | None:
    for i in sorted(clause.chair):
        sp = index.person.get(i)
        if sp is not None and sp.id and not _possessive_pronoun(index.doc, i):
            return sp.id
    return None


def _nearest(trig, items, doc, quotes):
    """The item (token index, value) closest to the trigger, outside quotes and clause breaks."""
    best, best_dist = None, None
    breaks = _data()["clause_breaks"]
    for i, value in items:
        if _inside(doc[i].idx, quotes):
            continue
        lo, hi = sorted((i, trig.start))
        if any(t.lower_ in breaks for t in doc[lo:hi]):
            continue
        dist = abs(i - trig.start)
        if best_dist is None or dist < best_dist:
            best, best_dist = value, dist
    return best


def _nearest_place(clause: Clause, trig, index: _Index, sent):
    """The place named in the trigger's own clause (or among its parties: "visited Ottawa"), nearest first;
    a place elsewhere in the sentence is another clause's ("to discuss security in Northeast Asia")."""
    own = [(i, p) for i, (p, _) in index.place.items()
           if (i in clause.scope or i in clause.parties) and i not in index.dateline]
    return _nearest(trig, own, index.doc, index.quotes)


def _nearest_date(clause: Clause, trig, index: _Index, sent):
    """The date of the trigger's own clause, nearest first, else of the clauses it depends on ("agreed on
    Monday to resume talks"); a date in reported speech's main clause is when it was said ("told radio
    on Thursday that he looked forward to meeting X")."""
    for tokens in (clause.scope, clause.outer):
        near = _nearest(trig, [(i, x) for i, x in index.date.items() if i in tokens], index.doc, index.quotes)
        if near is not None:
            return near
    return None


DATELINE_DAYS = 3  # a meeting this many days before the dateline's story, or after it, took place there


def _dateline_places(meetings: list[Meeting], index: _Index, published) -> None:
    """"NEW DELHI, Feb 26 (Wire) - X held talks with Y at Hyderabad House": a meeting held around the
    story's date, with no town of its own, took place in the dateline's city when that city's country
    takes part in it (or hosts an official named without a country)."""
    place = next((index.place[i][0] for i in sorted(index.dateline) if i in index.place), None)
    if place is None or place.kind != "settlement":
        return
    for m in meetings:
        if m.kind == "call" or m.status != HELD or not (place.country in m.countries or m.holder):
            continue
        if m.place is not None and (m.place.kind != "venue" or m.place.country not in (None, place.country)):
            continue
        if m.date and published and not _near(m.date["value"], published, DATELINE_DAYS):
            continue
        m.place = place
        if m.holder is not None and place.country not in m.countries:
            m.add(Party("country", place.country, m.holder.start, m.holder.end))


def _near(value: str, published: str, days: int) -> bool:
    """Whether a date (day, month or range) lies within ``days`` of the publication date."""
    from datetime import date, timedelta

    first, last = bounds(value)
    try:
        day = date.fromisoformat(published[:10])
        lo, hi = date.fromisoformat(first), date.fromisoformat(last)
    except ValueError:
        return False
    return lo - timedelta(days=days) <= day <= hi + timedelta(days=days)


def _host_takes_part(m: Meeting, index: _Index, holders, travel: bool) -> None:
    """A visit's host country takes part; so does the country of an official named without one there,
    and the host of a summit or conference whose parties the sentence does not name."""
    place = m.place
    m.holder = next((p for p in m.parties if p.kind == "person" and p.ref in holders), None)
    if place is None or not place.country or place.country in m.countries:
        return
    mention = next(iter(place.mentions), None)
    start, end = (mention["start"], mention["end"]) if mention else (m.start, m.end)
    for mm in place.mentions:
        if m.start <= mm["start"] < m.end:
            start, end = mm["start"], mm["end"]
            break
    told_here = any(m.start <= mm["start"] < m.end for mm in place.mentions)
    if m.kind == "visit" or travel or m.holder or (m.kind in ("summit", "conference") and not m.countries
                                                    and told_here):
        m.add(Party("country", place.country, start, end))  # a summit of no named parties: its host


def _definite(doc, trig) -> bool:
    """"the meeting", "The official 26-hour visit", "that summit": a reference to a known event."""
    d = _data()
    k = trig.start - 1
    while k >= sent_of(doc, trig.start).start and k >= trig.start - 6:
        word = doc[k].lower_
        if word in d["definite"]:
            return True
        if word in d["articles"] or (doc[k].is_punct and word != "-"):
            return False
        k -= 1
    return False


def _dated_status(m: Meeting, published) -> str:
    """A meeting dated after the article's publication is planned."""
    if m.status != HELD or not m.date or not published:
        return m.status
    first = m.date["value"].split("/")[0]
    return PLANNED if first[:len(published)] > published[:len(first)] else HELD


# Parties told before ----------------------------------------------------------------------

def _group_phrase(doc, trig, clause: Clause):
    """"meet again", "the next round", "the two ministers met": the parties are those told before.

    (start, end, count) of such words in the trigger's own clause, or None; count is the number
    they give ("the three"), if any.
    """
    sent = sent_of(doc, trig.start)
    words = [t.lower_ for t in doc[sent.start:sent.end]]
    d = _data()
    by_first = _group_phrases()
    own = clause.parties | clause.scope | set(range(trig.start, trig.end))
    for k in range(len(words)):
        found = next((p for p in by_first.get(words[k], ()) if words[k:k + len(p)] == p), None)
        if found is None and k == 0:  # "Foreign ministers had met on Friday": the group told before
            found = next((g for g in d["groups"] if words[:len(g)] == g), None)
        if found is None and k and words[k - 1] == "the" and words[k] in d["counts"] \
                and sent.start + k + 1 < sent.end and doc[sent.start + k + 1].is_lower:
            found = [words[k]]  # "the three agreed to meet"
        if found and sent.start + k in own:
            first = k - 1 if k and words[k - 1] == "the" and found[0] != "the" else k  # "The two ministers"
            a, b = doc[sent.start + first], doc[sent.start + k + len(found) - 1]
            return a.idx, b.idx + len(b.text), _count(found[0])
    return None


@lru_cache(maxsize=1)
def _group_phrases() -> dict[str, list[list[str]]]:
    """The phrases that name the parties told before ("again", "the two ministers", "they"), by first word."""
    d = _data()
    phrases = list(d["repeat"]) + [[n] + g for n in sorted(d["counts"] | {"the"}) for g in d["groups"]] \
        + [[w] for w in sorted(d["plural_pronouns"])]
    by_first: dict[str, list[list[str]]] = {}
    for p in phrases:
        by_first.setdefault(p[0], []).append(p)
    return by_first


def _count(word: str) -> int | None:
    """2 for "two" or "2"; None for "both", "again" and other words that do not count."""
    if word.isdigit():
        return int(word)
    return gazetteer.value("dates", "numbers").get(word)


# Keeping ----------------------------------------------------------------------------------

def _is_meeting(m: Meeting, people) -> bool:
    """Officials of two countries, or of one country and someone whose country is not told ("The
    President and Prime Minister Okafor of Nigeria"); or a summit or conference with a place (one
    with a date alone names no one and nowhere: nothing to check it against, or to link it by).
    Meetings among people of no known country (a company's managers, a mayor and protesters) are not
    diplomatic."""
    stateless = {p.id for p in people if p.id in m.people_ids and not p.country}
    if len(m.countries) >= 2 or (m.countries and len(stateless) + m.unnamed_stateless >= 1):
        return True
    return m.kind in ("conference", "summit") and m.place is not None


def public(meetings: list[Meeting], people) -> tuple[list[dict], list[dict]]:
    """(meetings held or planned, cancelled meetings) as extraction dicts."""
    rows = [m.to_dict(n, people) for n, m in enumerate(meetings, 1)]
    return [r for r in rows if r["status"] != CANCELLED], [r for r in rows if r["status"] == CANCELLED]
