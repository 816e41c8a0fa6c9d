"""Statements: direct quotes and reported speech, each with its speaker.

Direct quotes are the text inside quotation marks (straight or curly) with a
speaker named next to them, or carried over from the quote before. Reported
speech is "SPEAKER <reporting verb> (that) CLAUSE"; for `act` verbs ("expressed
concern that ...", "reaffirmed ...") the verb is part of the statement text.
Speakers are people (by name, surname, title or pronoun) or organisations.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import gazetteer
from ..nlp import parsed_token, sent_of, sentence_number, span_of, stripped, text_of, token_at

# Small words inside the name of an office or a body ("Secretary of Health and Human Services", "Bank of England").
OFFICE_JOINERS = ("of", "the", "and", "for", "&")

_OPEN = "“‘«"
_CLOSE = "”’»"
# Tokens that may stand between a speaker and the reporting verb ("Ivanova also said").
_BRIDGE = {"also", "has", "have", "had", "later", "then", "further", "again", "previously", "reportedly", "repeatedly",
           "publicly", "once", "recently", "earlier", "subsequently", "separately", "quickly", "today", "yesterday",
           "would", "will", "did", "does", "is", "was", "had", "on", "monday", "tuesday", "wednesday", "thursday",
           "friday", "saturday", "sunday", "last", "week", "night"}
_PREPOSITIONS = {"on", "at", "in", "during", "with", "after", "before", "to", "for", "by", "from", "of", "about",
                 "when", "while", "as", "between", "through", "since", "until", "under", "without", "despite", "amid",
                 "via", "into", "across", "behind", "near", "toward", "towards", "within", "throughout", "upon"}


# "ISLAMABAD, Feb 11 (Reuters) - ", "KYIV, Ukraine (AP) — ": a dateline, not reported words.
_DATELINE = re.compile(r"[A-Z][A-Z .'’]{2,}(?:,[^-—–\n]{0,30})?(?:\([^)]{0,30}\))?\s*[-—–]+\s*")


def dateline_span(text: str) -> tuple[int, int] | None:
    """Characters of the dateline that opens ``text`` ("KYIV, Ukraine (AP) — "), or None."""
    start = len(text) - len(text.lstrip())
    found = _DATELINE.match(text, start)
    return (start, found.end()) if found else None

# Nouns that refer back to an organisation ("the ministry said", "the agency said").
_ORG_HEADS = {"ministry", "agency", "party", "government", "military", "army", "office", "commission", "council",
              "embassy", "mission", "company", "group", "organisation", "organization", "department", "presidency",
              "kremlin", "administration", "bank", "court", "police", "service", "secretariat", "alliance", "bloc"}
_VERB_PREPS = {"against", "of", "about", "for", "over", "on"}
_SUBORDINATORS = {"after", "when", "before", "since", "while", "as", "although", "though", "if", "once", "because",
                  "until", "whereas", "unless"}


@dataclass
class Speaker:
    name: str
    id: str | None
    type: str | None  # person | organisation | None (an unnamed title such as "The President")
    country: str | None = None


def _words(key: str) -> frozenset:
    """A word list of statements.yml."""
    return gazetteer.word_set("statements", key)


@lru_cache(maxsize=1)
def _verbs():
    data = gazetteer.load("statements")
    say = set(data["say"])
    act = set(data["act"])
    plain = set(data["plain_say"])
    return {"say": say, "act": act, "plain": plain, "all": say | act, "min_quote": int(data["min_quote_words"]),
            "object_first": set(data["object_first"]),
            "fillers": [f.lower().split() for f in data["attribution_fillers"]]}


class SpeakerIndex:
    """Which speaker each token belongs to, and who "he"/"she" points back to."""

    def __init__(self, doc, people, organisations, unresolved_titles):
        self.doc = doc
        self.at: dict[int, Speaker] = {}
        self.person_starts: list[tuple[int, Speaker]] = []
        for p in people:
            sp = Speaker(p.name, p.id, "person", p.country)
            for m in p.mentions:
                span = span_of(doc, m.start, m.end)
                for i in range(span.start, span.end):
                    self.at[i] = sp
                self.person_starts.append((span.start, sp))
        self.org_starts: list[tuple[int, Speaker]] = []
        self.org_mentions: list[tuple[int, Speaker]] = []
        for org in organisations:
            sp = Speaker(org.name, org.id, "organisation", org.country)
            self.org_starts.append((span_of(doc, org.mentions[0]["start"], org.mentions[0]["end"]).start, sp))
            for m in org.mentions:
                span = span_of(doc, m["start"], m["end"])
                self.org_mentions.append((span.start, sp))
                for i in range(span.start, span.end):
                    self.at.setdefault(i, sp)
        for tm in unresolved_titles:
            span = doc[tm.phrase_start:tm.end]
            if tm.country is None and not doc[tm.start].text[:1].isupper():
                continue  # "the leader said": too vague to name a speaker
            text = span.text
            if span[0].lower_ != "the" and tm.phrase_start > 0 and doc[tm.phrase_start - 1].lower_ == "the":
                text = doc[tm.phrase_start - 1].text + " " + text
            name = text[0].upper() + text[1:]
            sp = Speaker(name, None, None, tm.country)
            for i in range(tm.phrase_start, tm.end):
                self.at.setdefault(i, sp)
        self.person_starts.sort(key=lambda x: x[0])
        self._sex = self._sexes()

    def by_acronym(self, word: str) -> Speaker | None:
        """The organisation whose name's capitals spell ``word`` ("CAB": Civic Audit Board)."""
        if len(word) < 2 or not word.isupper() or not word.isalpha():
            return None
        return next((sp for _, sp in self.org_starts
                     if "".join(w[0] for w in sp.name.split() if w[:1].isupper()) == word), None)

    def speaker_ending_at(self, k: int) -> Speaker | None:
        if k < 0:
            return None
        if k in self.at:
            return self.at[k]
        if self.doc[k].lower_ in ("he", "she"):
            return self.antecedent(k)
        return self.organisation_reference(k)

    def organisation_reference(self, k: int) -> Speaker | None:
        """"the ministry said": the latest organisation named with that word, else the body as written."""
        head = self.doc[k].lower_
        if head not in _ORG_HEADS:
            return None
        j = k
        while j > 0 and self.doc[j - 1].text[:1].islower() and self.doc[j - 1].lower_ not in ("the", "a") \
                and self.doc[j - 1].is_alpha and k - j < 3:
            j -= 1
        if j == 0 or self.doc[j - 1].lower_ != "the":
            return None
        for start, sp in reversed(self.org_starts):
            if start < j and head in sp.name.lower():
                return sp
        if j == k:
            return None  # a bare "the company" that names nothing told before
        sp = Speaker(self.doc[j:k + 1].text, None, "organisation", None)
        self.org_starts.append((j, sp))  # a later "the ministry" means this one
        self.org_starts.sort(key=lambda x: x[0])
        return sp

    def antecedent(self, i: int) -> Speaker | None:
        """The person a pronoun at token i refers to: the subject of the nearest sentence naming one; never a
        person the article marks as the other sex ("Ms. Roe" for "he")."""
        sent = sent_of(self.doc, i)
        other = {"he": "female", "she": "male"}.get(self.doc[i].lower_)
        fits = lambda sp: sp is not None and self._sex.get(id(sp)) != other  # noqa: E731
        earlier_here = [sp for start, sp in self.person_starts if sent.start <= start < i and fits(sp)]
        if earlier_here and i != sent.start:
            return earlier_here[-1]
        same = {"he": "male", "she": "female"}.get(self.doc[i].lower_)
        for start, sp in reversed(self.person_starts):
            if start < sent.start and fits(sp):
                there = sent_of(self.doc, start)
                marked = [p for st, p in self.person_starts if there.start <= st < there.end
                          and self._sex.get(id(p)) == same]
                if marked and same == "female":
                    return marked[0]  # "Tom Hale met Ms. Ana Roe. She said": the woman the article marks
                    # (not for "he": "Mr." marks men in some papers' house style, and an unmarked subject is
                    # as likely a man)
                subject = self._subject_of(there)
                return subject if fits(subject) else sp
        return None

    def _sexes(self) -> dict[int, str]:
        """The sex the words right before a person's mentions tell (``people.yml: gendered_words``), by speaker."""
        from .people import _data

        sex_of = _data()["sex_of"]
        told: dict[int, set] = {}
        for start, sp in self.person_starts:
            for tok in self.doc[max(0, start - 3):start]:
                sex = sex_of.get(tok.text) or sex_of.get(tok.lower_)
                if sex:
                    told.setdefault(id(sp), set()).add(sex)
        return {key: next(iter(sexes)) for key, sexes in told.items() if len(sexes) == 1}

    def organisation_antecedent(self, i: int) -> Speaker | None:
        """The body "it" at token i refers to: the latest organisation named before it in this sentence or
        the one before ("The electoral commission announced the results. It also said ...")."""
        sent = sent_of(self.doc, i)
        earliest = sent_of(self.doc, sent.start - 1).start if sent.start > 0 else sent.start
        named = [(start, sp) for start, sp in self.org_mentions if earliest <= start < i]
        if not named:
            return None
        start, sp = max(named, key=lambda m: m[0])
        end = start
        while end < i and self.at.get(end) == sp:
            end += 1
        others = [t for t in self.doc[end:i] if t.text[:1].isupper() and not t.is_sent_start
                  and t.lower_ not in _BRIDGE and self.at.get(t.i) != sp]
        return None if others else sp  # "... after Norway withdrew. It said": Norway, or no one

    def _subject_of(self, sent) -> Speaker | None:
        """The person a sentence is about: one before a reporting verb, else the first not after a preposition;
        never one named inside a quotation (`According to X: "Y was ..."`: X)."""
        verbs = _verbs()["all"]
        quotes = quote_spans(text_of(self.doc))
        mentions = [(st, sp) for st, sp in self.person_starts if sent.start <= st < sent.end]
        mentions = [(st, sp) for st, sp in mentions if not _inside(self.doc[st].idx, quotes)] or mentions
        for st, sp in mentions:
            k = st
            while k < sent.end and self.at.get(k) is sp:
                k += 1
            while k < sent.end and self.doc[k].lower_ in _BRIDGE:
                k += 1
            if k < sent.end and self.doc[k].lower_ in verbs:
                return sp
        for st, sp in mentions:
            if st == sent.start or self.doc[st - 1].lower_ not in _PREPOSITIONS:
                return sp
        return mentions[0][1] if mentions else None


def _quotes_after_statements(doc, quotes, speakers: SpeakerIndex, found: list[dict]) -> list[dict]:
    """A quotation that is a whole sentence with no attribution of its own, right after a sentence in which one
    person said something ("X said that ... . “…”"), is X's too."""
    text, out = text_of(doc), []
    for qs, qe in quotes:
        if any(st["start"] <= qs < st["end"] or qs <= st["start"] < qe for st in found):
            continue
        s, e = _trim(text, qs, qe)
        close = qe + 1 if text[qe:qe + 1] in _CLOSE + '"' else qe
        rest = text[close:sent_of(doc, token_at(doc, qs)).end_char + 1].strip()
        if len(text[s:e].split()) < _verbs()["min_quote"] or not _opens_paragraph_sentence(text, qs) \
                or rest.strip(".") or text[s:e].rstrip(" .\"”’").endswith(("?", "!")):
            continue  # the sentence goes on after the quotation ("..." one resident asked), or a question
        first = token_at(doc, qs)
        sent = sent_of(doc, first)
        if sent.start == 0:
            continue
        before = sent_of(doc, sent.start - 1)
        said = [st for st in found if before.start_char <= st["start"] < before.end_char]
        people = {id(st["_speaker"]): st for st in said}
        if len(people) != 1 or said[0]["_speaker"].type != "person" or "\n\n" in text[before.end_char:qs] \
                or _coordinated_speakers(doc, said[0], speakers):
            continue
        out.append(_statement(text, s, e, said[0]["_speaker"], "direct", None))
    return out


def _opens_paragraph_sentence(text: str, quote_start: int) -> bool:
    """The quotation opens a sentence after a full stop (not after a colon or a comma that attributes it)."""
    before = text[:quote_start].rstrip().rstrip("\"“‘'").rstrip()
    return bool(before) and before[-1] in ".!?"


def find_statements(doc, speakers: SpeakerIndex, ctx, dates: list[dict], parsed=None, told_before=None) -> list[dict]:
    """Direct and reported statements of the article, in text order.

    ``parsed(doc, speakers, found)`` lets the dependency parse veto what is no clause and add
    what it finds outside the spans the rules took (``attribution.with_parsed_statements``).
    ``told_before(char)``: the people of the meeting told last before a position, who speak
    together as "the two leaders"."""
    quotes = quote_spans(text_of(doc))
    direct = _direct_statements(doc, quotes, speakers)
    indirect = _indirect_statements(doc, quotes, speakers, direct)
    according = _according_to(doc, quotes, speakers, direct + indirect)
    found = direct + indirect + according
    found += _with_participles(doc, quotes, speakers, found)
    if parsed is not None:
        found = parsed(doc, speakers, found)
    found += _quotes_after_statements(doc, quotes, speakers, found)
    for st in found:
        _close_open_quote(text_of(doc), st, quotes)
        _drop_trailing_source(text_of(doc), st)
    together = _Together(doc, told_before)
    found = [one for st in sorted(found, key=lambda s: s["start"]) for one in _each_speaker(doc, st, speakers, together)]
    out = sorted(found, key=lambda s: s["start"])
    for n, st in enumerate(out, 1):
        st["id"] = f"s{n}"
        st["countries"] = ctx.countries_in(st["start"], st["end"])
        _date(doc, st, dates)
    return out


_TRAILING_SOURCE = re.compile(r",\s+according to\s+[^,;:]{1,60}?[.]?$")


def _drop_trailing_source(text: str, st: dict) -> None:
    """Reported words do not end with the source that reports them ("X claimed that C, according to Reuters": C)."""
    if st["kind"] != "indirect" or st["cue"] == "according to":
        return
    found = _TRAILING_SOURCE.search(st["text"])
    if found:
        end = st["start"] + found.start()
        st["end"], st["text"] = end, text[st["start"]:end]


def _close_open_quote(text: str, st: dict, quotes) -> None:
    """Reported words that end inside a quotation opened in them ('said foreigners "look at us. We are
    lost."') run to the quotation's end: the quoted words are all part of what was reported."""
    if st["kind"] != "indirect":
        return
    for qs, qe in quotes:
        rest = text[st["end"]:qe]
        if st["start"] <= qs < st["end"] < qe and "\n\n" not in rest and len(rest) < 300 \
                and not any(w.strip(".,;:!?").lower() in _verbs()["all"] for w in rest.split()):
            end = qe + 1 if qe < len(text) and text[qe] in _CLOSE + "\"" else stripped(text, st["start"], qe)[1]
            st["end"], st["text"] = end, text[st["start"]:end]
            return


class _Together:
    """Who "they", "the two" or "the two leaders" are at a statement: the people of the meeting told in the
    same or the sentence before ("the two leaders": up to three before), or of the statement they made
    together just before ("The two discussed ... and agreed that ... They also agreed ...")."""

    def __init__(self, doc, told_before):
        self.doc, self.told_before = doc, told_before
        self.last: tuple[int, list] | None = None  # (sentence, people) of the last joint statement

    def _sentence(self, char: int) -> int:
        return sentence_number(self.doc, token_at(self.doc, char))

    def group(self, st: dict, explicit: bool) -> list:
        here, reach = self._sentence(st["start"]), 3 if explicit else 1
        told = self.told_before(st["start"]) if self.told_before is not None else None
        options = ([(self._sentence(told[0]), told[1])] if told else []) + ([self.last] if self.last else [])
        near = [(s, people) for s, people in options if 0 <= here - s <= reach]
        if not near:
            return []
        people = max(near, key=lambda option: option[0])[1]
        self.last = (here, people)
        return people


def _each_speaker(doc, st: dict, speakers: SpeakerIndex, together: _Together) -> list[dict]:
    """A statement said together is one statement per speaker: "Lindqvist and Okafor agreed ...",
    and "The two leaders agreed ..." after a meeting of two people; none when no meeting tells who they are."""
    sp = st["_speaker"]
    if sp.type == "person":
        group = _coordinated_speakers(doc, st, speakers)
    elif sp.type is None and _names_a_pair(sp.name):
        bare = sp.name.lower() in plural_references()
        group = together.group(st, explicit=not bare)
        if len(group) < 2:
            return []  # "They said ..." with no meeting just told: no one to name
    else:
        group = []
    if len(group) < 2:
        return [st]
    return [{**st, "speaker": g.name, "speaker_id": g.id, "speaker_type": g.type, "_speaker": g} for g in group]


def plural_references() -> frozenset:
    """"they", "the two", "both" (statements.yml)."""
    return _words("plural_references")


def _names_a_pair(name: str) -> bool:
    """"The two leaders", "Both Presidents", "the leaders", "They", "The two": the people of the
    meeting just told."""
    words = name.lower().split()
    if " ".join(words) in plural_references():
        return True
    return len(words) >= 2 and words[-1] in _words("joint_speakers") \
        and words[-2] in ("two", "both", "the")


def _coordinated_speakers(doc, st: dict, speakers: SpeakerIndex) -> list[Speaker]:
    """The people of "A and B <cue>" when the statement's speaker is one of them."""
    first = token_at(doc, st["start"])
    sent = sent_of(doc, first)
    words = (st.get("cue") or "").split() or [""]
    cue = next((t.i for t in reversed(doc[sent.start:first + 1]) if t.lower_ == words[-1]), None)
    if cue is None:
        return []
    k = cue - len(words)  # before "said", or before "pointed" of "pointed out"
    if doc[cue].lower_.endswith("ing") and doc[k].text == ",":
        k = _opening_run_end(doc, sent, speakers)  # "A and B discussed ..., agreeing that ..."
    k = _skip_bridge_back(doc, k, sent.start)  # "A, an adviser, and B, a consultant, said"
    found: list[Speaker] = []
    joined = False  # "A and B said"; not a list with commas, which may start in another phrase
    listed, pair = False, []  # "A, B, and C said": commas between names
    while k >= sent.start:
        sp = speakers.at.get(k)
        if sp is not None and sp.type == "person":
            if sp not in found:
                found.append(sp)
        elif doc[k].lower_ == "and" and not joined:
            joined = True
            if k - 1 > sent.start and doc[k - 1].text == ",":
                j = _skip_bridge_back(doc, k - 1, sent.start)
                if j != k - 1 and not any(speakers.at.get(t.i) is not None for t in doc[j + 2:k - 1]):
                    k = j  # the apposition of the first one ("A, an adviser, and B said")
                    continue
                listed = True
        elif doc[k].text == "," and joined and k - 1 >= sent.start and getattr(
                speakers.at.get(k - 1), "type", None) == "person":
            if not listed:
                pair = list(found)
            listed = True  # "A, B, and C", "A, B and C": the comma between two names of the list
        elif not (doc[k].lower_ in _role_words() or doc[k].is_title) or doc[k].text == ",":
            break
        k -= 1
    if listed and k >= sent.start and pair:
        found = pair  # the list does not open the sentence ("After meeting A, B and C said"): only "B and C"
    most = 4 if listed else 2
    return found[::-1] if joined and 2 <= len(found) <= most and st["_speaker"] in found else []


def _opening_run_end(doc, sent, speakers: SpeakerIndex) -> int:
    """The last token of the names and titles that open the sentence ("The President and Prime Minister")."""
    j = sent.start
    while j < sent.end and (j in speakers.at or doc[j].lower_ in ("the", "and") or doc[j].lower_ in _role_words()
                            or doc[j].is_title):
        j += 1
    if j < sent.end and doc[j].lower_ in ("'s", "’s"):
        return sent.start - 1  # "A and B's aides met ...": the aides speak
    return j - 1


def _with_participles(doc, quotes, speakers: SpeakerIndex, found: list[dict]) -> list[dict]:
    """"..., with President Lindqvist underscoring concern over the attacks": a readout's participle
    with its own speaker after "with" says what that speaker said."""
    readout = _words("readout_participles")
    lowered = text_of(doc).lower()
    if not any(w in lowered for w in readout):
        return []
    taken = [(st["start"], st["end"]) for st in found] + list(quotes)
    out = []
    for tok in doc:
        if tok.lower_ not in readout or tok.i < 2 or _inside(tok.idx, taken):
            continue
        speaker = speakers.at.get(tok.i - 1)
        if speaker is None or speaker.type is None:
            continue
        j = tok.i - 1
        while j > 0 and tok.i - j < 8 and (speakers.at.get(j - 1) is speaker or doc[j - 1].lower_ in _role_words()):
            j -= 1
        if j == 0 or doc[j - 1].lower_ != "with":
            continue
        end = _clause_end(doc, tok, sent_of(doc, tok.i).end_char)
        start, end = stripped(text_of(doc), tok.idx, end)
        text = text_of(doc)
        while end > start and text[end - 1] in ".,;":
            end -= 1
        if len(text[start:end].split()) >= 4:
            st = _statement(text, start, end, speaker, "indirect", tok.lower_)
            st["method"] = "participle"  # the parse often reads "X underscoring concern" as a noun phrase
            out.append(st)
    return out


@lru_cache(maxsize=4)
def quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the text inside each pair of quotation marks; paragraphs bound straight quotes.
    Kept for the last few texts: every extractor of an article asks for its quotes."""
    spans = []
    offset = 0
    for para in text.split("\n"):
        spans.extend((offset + s, offset + e) for s, e in _quotes_in(para))
        offset += len(para) + 1
    return tuple(spans)


_QUOTE_MARK = re.compile("''|``|[\"“‘]")  # where a quotation may open (see _quotes_in)


def _quotes_in(para: str):
    i = 0
    n = len(para)
    while i < n:
        mark = _QUOTE_MARK.search(para, i)  # no quotation opens before the next mark
        if mark is None:
            return
        i = mark.start()
        c = para[i]
        if para[i:i + 2] in ("''", "``") and (i == 0 or not para[i - 1].isalnum()):
            j = para.find("''", i + 2)  # ''We are ready,'' Mr. Abara said: doubled apostrophes as quotes
            yield (i + 2, j if j >= 0 else n)
            if j < 0:
                return
            i = j + 2
            continue
        if c == '"' or c == "“" or (c == "‘" and (i == 0 or not para[i - 1].isalnum())):
            closers = '"”' if c == '"' else ("”\"" if c == "“" else "’")  # mixed marks: "…,” X said
            j = i + 1
            while j < n:
                if para[j] in closers and not (para[j] == "’" and j + 1 < n and para[j + 1].isalpha()):
                    break
                j += 1
            if j < n:
                yield (i + 1, j)
                i = j + 1
                continue
            yield (i + 1, n)  # a quote running on into the next paragraph
            return
        i += 1


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in " \t,":
        start += 1
    while end > start and text[end - 1] in " \t,;:":
        end -= 1
    return start, end


def _tok_at(doc, char: int, forward=True):
    span = span_of(doc, char, char + 1) if char < len(text_of(doc)) else None
    return span.start if span is not None else (len(doc) if forward else len(doc) - 1)


def _direct_statements(doc, quotes, speakers: SpeakerIndex) -> list[dict]:
    v = _verbs()
    out = []
    prev = None
    for qs, qe in quotes:
        s, e = _trim(text_of(doc), qs, qe)
        words = text_of(doc)[s:e].split()
        speaker, cue = _attribution_after(doc, qe, speakers) or _attribution_before(doc, qs, speakers) or (None, None)
        short = len(words) < v["min_quote"]
        opens = _quote_opens_sentence(text_of(doc), qs)
        if short and (speaker is None or len(words) < 2 or not opens):
            continue  # scare quotes inside reported speech
        if speaker is None and not opens:
            continue  # a partial quote inside reported speech belongs to that statement
        if speaker is None and prev and _adjacent(text_of(doc), prev["end"], s):
            speaker, cue = prev["_speaker"], prev["cue"]
        if speaker is None and _runs_on(text_of(doc), qe):
            speaker, cue = _continuation_speaker(doc, quotes, qe, speakers)
        if speaker is None:
            continue
        st = _statement(text_of(doc), s, e, speaker, "direct", cue)
        out.append(st)
        prev = st
    return out


def _runs_on(text: str, quote_end: int) -> bool:
    """The quote has no closing mark: it continues in the next paragraph."""
    return quote_end >= len(text) or text[quote_end] == "\n"


def _continuation_speaker(doc, quotes, quote_end: int, speakers):
    """Speaker of the quote that continues an open-ended one in the next paragraph."""
    for qs, qe in quotes:
        if qs > quote_end:
            if text_of(doc)[quote_end:qs].strip() not in ("“", '"', "‘"):
                return None, None
            found = _attribution_after(doc, qe, speakers) or _attribution_before(doc, qs, speakers)
            if found:
                return found
            if _runs_on(text_of(doc), qe):
                quote_end = qe
                continue
            return None, None
    return None, None


def _quote_opens_sentence(text: str, quote_start: int) -> bool:
    """The quote starts a sentence or follows attribution (`… said, “`), not mid-clause."""
    before = text[:quote_start].rstrip("'`\"“‘«").rstrip()
    return not before or before[-1] in ".!?:,\n" or before.endswith(("said", "says"))


def _adjacent(text: str, prev_end: int, start: int) -> bool:
    """The quote follows the previous one with only attribution or a paragraph break between."""
    between = text[prev_end:start]
    return len(between) < 160 and between.count("\n") <= 2


def _attribution_after(doc, quote_end: int, speakers: SpeakerIndex):
    """`,” SPEAKER said` or `,” said SPEAKER` right after a quote that ends its clause."""
    text = text_of(doc)
    closed = text[:quote_end].rstrip()[-1:] in (",", ".", "!", "?", "—") or text[quote_end + 1:].lstrip()[:1] == ","
    if not closed and not _bare_attribution_after(text, quote_end):
        return None  # `posed "a clear danger" to peace`: the quote ends mid-clause
    i = _tok_at(doc, quote_end)
    if i < len(doc) and doc[i].text in _CLOSE + '"':
        i += 1
    while i < len(doc) and doc[i].is_punct and doc[i].text not in _OPEN + '"':
        i += 1
    allv = _verbs()["all"]
    for k in range(i, min(len(doc), i + 9)):
        tok = doc[k]
        if "\n" in tok.text:
            return None  # the next paragraph attributes its own words
        if tok.lower_ in allv and tok.text.islower():
            sp = speakers.speaker_ending_at(_skip_bridge_back(doc, k - 1, i)) if k > i else None
            if sp is None and k + 1 < len(doc):
                sp = _speaker_starting_at(doc, k + 1, speakers)
            return (sp, tok.lower_) if sp else None
        if tok.text == "," and k > i and speakers.speaker_ending_at(k - 1) is not None:
            return _verb_after_apposition(doc, k, speakers.speaker_ending_at(k - 1))
        if tok.text == "," and k > i and k + 1 in speakers.at:
            continue  # `,” the spokesman, Ana Roe, said`: the title, then the name
        if _describes_speaker(doc, k, speakers):
            continue  # `,” county delegate Ana Roe said`: words for who she is, then her name
        if not _may_name_speaker(tok, speakers):
            return None
    return None


def _describes_speaker(doc, k: int, speakers: SpeakerIndex) -> bool:
    """Token k is one of up to three lower-case words right before a speaker's name ("county delegate"): no
    word that joins clauses or tells what someone did ("reporters asked Roe", "farmers visiting Roe")."""
    for j in range(k, min(len(doc), k + 3)):
        tok = doc[j]
        if not (tok.is_alpha and tok.text.islower()) or tok.lower_ in _words("not_descriptors") \
                or tok.lower_ in _PREPOSITIONS or tok.lower_ in _verbs()["all"] or tok.lower_ in _FINITE \
                or tok.lower_.endswith(("ing", "ed")):
            return False
        if j + 1 in speakers.at:
            return True
    return False


def _verb_after_apposition(doc, comma: int, speaker):
    """`,” Ana Roe, an editor at the Courier, said.` (or without the second comma): the speaker, then
    an apposition of a few words, then the reporting verb."""
    allv = _verbs()["all"]
    relative = False  # inside "who ..., " / "whose ...": its verbs are not the attribution
    for j in range(comma + 1, min(len(doc), comma + 16)):
        tok = doc[j]
        if "\n" in tok.text or tok.text in (".", "!", "?", ";", ":") or tok.text in _OPEN + _CLOSE + '"':
            return None
        if tok.lower_ in ("who", "whose", "whom", "which", "where"):
            relative = True
        elif tok.text == ",":
            relative = False
        elif tok.lower_ in allv and tok.text.islower():
            if not relative:
                return speaker, tok.lower_
        elif not relative and (tok.lower_ in _FINITE or tok.lower_ == "and" and j + 1 < len(doc)
                               and doc[j + 1].text[:1].isupper()):
            return None  # "Ana Roe, meanwhile, flew ...": her own doing; "Roe, Vask and Penn said": not hers alone
    return None



_BARE_ATTRIBUTION = re.compile(r"^['’”\"]{1,2}\s+(?:[A-Z][\w.’'-]*\s+){1,3}(?:said|says|told|added|wrote)\s*[.,]")


def _bare_attribution_after(text: str, quote_end: int) -> bool:
    """`… of niches” Grubbs said.`: a quote closed without its comma, then only its attribution."""
    return bool(_BARE_ATTRIBUTION.match(text[quote_end:quote_end + 60]))


def _may_name_speaker(tok, speakers: SpeakerIndex) -> bool:
    """Tokens that can stand between a quote and its verb: the speaker's name, title, "the", "he"."""
    return (tok.i in speakers.at or tok.text[:1].isupper() or tok.lower_ in _BRIDGE
            or tok.lower_ in ("the", "he", "she", "'s", "’s", "-") or tok.lower_ in _role_words())


@lru_cache(maxsize=1)
def _role_words() -> frozenset:
    from .people import _data

    return frozenset(w for form in _data()["role_of"] for w in form.split())


def _attribution_before(doc, quote_start: int, speakers: SpeakerIndex):
    """`SPEAKER said: “…` or `SPEAKER said, “…`."""
    i = _tok_at(doc, quote_start - 1, forward=False)
    k = i - 1
    while k >= 0 and (doc[k].is_space or doc[k].text in (",", ":", "that")):
        k -= 1
    if k >= 0 and doc[k].lower_ in _words("quote_participles"):
        sp = _speaker_of_participle(doc, k, speakers)  # "X denied this, saying" (no name right before it)
        if sp:
            return sp, doc[k].lower_
    elif k >= 0 and doc[k].lower_ in _verbs()["all"]:
        sp = speakers.speaker_ending_at(_skip_bridge_back(doc, k - 1, 0))
        if sp:
            return sp, doc[k].lower_
    if k >= 0 and doc[k + 1].text == ":" and doc[k].text[:1].isupper():
        sp = _according_to_source(doc, k, speakers)
        if sp:
            return sp, "according to"
        sp = _line_speaker(doc, k, speakers)
        if sp:
            return sp, ":"
    if k >= 0 and doc[k + 1].text == ":":
        return _colon_introduction(doc, k, speakers) or _fronted_verb(doc, k, speakers)
    if k >= 0 and doc[k + 1].text == ",":
        return _fronted_verb(doc, k, speakers)
    return None


def _speaker_of_participle(doc, k: int, speakers: SpeakerIndex):
    """The speaker of a reporting participle at token k that opens a quotation: `quoted X as saying`: X (but
    `X was quoted by the Herald as saying`: X); `X denied this, saying` (or "stating that,"): the subject of the
    clause the participle belongs to, by the parse, or its passive agent ("criticized by the Union ...,
    saying"); unparsed, a speaker opening the sentence. Not `residents saying`, `signs saying`: a noun's
    participle after no comma."""
    if doc[k].lower_ not in _words("quote_participles"):
        return None
    sent = sent_of(doc, k)
    if k >= 2 and doc[k - 1].lower_ == "as":
        j = _skip_bridge_back(doc, k - 2, sent.start)
        sp = speakers.speaker_ending_at(j)
        start = j
        while start > sent.start and (speakers.at.get(start - 1) is sp or doc[start - 1].lower_ == "the"):
            start -= 1
        if sp is not None and start >= 2 and doc[start - 1].lower_ == "by" and doc[start - 2].lower_ == "quoted":
            return _known(_sentence_subject(doc, doc[k], speakers))  # "X was quoted by the Herald as saying"
        return sp  # "X, a student, as saying"
    if not (doc[k - 1].text == "," or (k + 1 < len(doc) and doc[k + 1].lower_ == "that")):
        return None
    tok = parsed_token(doc, k)
    if tok is not None:
        return _known(_clause_speaker(doc, tok, sent, speakers))
    first = doc[sent.start]
    if first.lower_ in ("he", "she"):
        return speakers.antecedent(first.i)
    sp = speakers.at.get(sent.start) or speakers.at.get(sent.start + 1)
    return _known(sp) if sp is not None and sp is _sentence_subject(doc, doc[k], speakers) else None


def _known(sp):
    return sp if sp is not None and sp.type is not None and not isinstance(sp, tuple) else None


def _clause_speaker(doc, tok, sent, speakers: SpeakerIndex):
    """The subject of the clause a participle (parsed token ``tok``) depends on, or the agent of its passive
    verb: the speaker named there, or None (a subject that names no one speaks for no one known)."""
    head = tok.head  # the nearest word above with a subject: "He named his health as the reason stating that"
    while not any(c.dep_ in ("nsubj", "nsubjpass") for c in head.children) and head.head.i != head.i:
        head = head.head
    offset = sent.start
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            if child.dep_ == "nsubjpass":
                agent = next((c for c in head.children if c.dep_ == "agent"), None)
                obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
                if obj is not None:
                    return _speaker_in(doc, obj, offset, speakers)
            if child.lower_ in ("he", "she"):
                return speakers.antecedent(offset + child.i)
            sp = _speaker_in(doc, child, offset, speakers)
            if sp is None and head.dep_ == "ccomp" and head.head.lower_ in _verbs()["all"]:
                return _clause_speaker(doc, head, sent, speakers)  # "X warned that the budget was small, stating"
            return sp
    return None


def _speaker_in(doc, tok, offset: int, speakers: SpeakerIndex):
    """The speaker a parsed noun names: itself, or a name of its own phrase (not of a phrase inside it)."""
    for t in sorted(tok.subtree, key=lambda t: -t.i):
        if t.dep_ in ("prep", "pobj", "relcl", "acl") and t.i != tok.i:
            continue
        sp = speakers.at.get(offset + t.i)
        if sp is not None:
            return sp
    return None


def _line_speaker(doc, k: int, speakers: SpeakerIndex):
    """`Secretary of the Navy Ana Roe: "..."` (a transcript, an exchange of letters): a person named at the start
    of a line, after nothing but a title, ending at token k right before the colon."""
    sp = speakers.speaker_ending_at(k)
    if sp is None or sp.type != "person":
        return None
    j = k
    while j > 0 and not (doc[j - 1].is_space and "\n" in doc[j - 1].text):
        j -= 1
    line = doc[j:k + 1]
    opening = next((t for t in line if not t.is_punct and not t.is_space), None)
    if opening is None or not (opening.lower_ in _role_words() or speakers.at.get(opening.i) is sp):
        return None  # "An Open Letter To Governor X:" is a heading, not X speaking
    return sp if all(t.text[:1].isupper() or t.is_punct or t.lower_ in ("of", "the", "and", "for", "to")
                     for t in line) and len(line) <= 16 else None


def _according_to_source(doc, k: int, speakers: SpeakerIndex):
    """`According to X: "..."`: X, the speaker whose name ends at token k, right after "according to"."""
    sp = speakers.speaker_ending_at(k)
    j = k
    while j > 0 and speakers.at.get(j - 1) is sp:
        j -= 1
    return sp if sp is not None and j >= 2 and doc[j - 2].lower_ == "according" and doc[j - 1].lower_ == "to" else None


def _fronted_verb(doc, k: int, speakers: SpeakerIndex):
    """`Said Okafor, “…` and `Added the minister: “…`: a sentence opened by the reporting verb, then only
    the speaker, whose name ends at token k."""
    sent = sent_of(doc, k)
    first = doc[sent.start]
    while first.i < k and (first.is_space or first.text in _OPEN + '"'):
        first = doc[first.i + 1]
    if not (first.text[:1].isupper() and first.lower_ in _verbs()["all"]) or first.i >= k:
        return None
    sp = speakers.speaker_ending_at(k)
    return (sp, first.lower_) if sp is not None and _speaker_starting_at(doc, first.i + 1, speakers) is sp else None


def _colon_introduction(doc, k: int, speakers: SpeakerIndex):
    """"She explained the thinking behind the plan: “…”": the reporting verb of the sentence ending in the colon."""
    sent = sent_of(doc, k)
    allv = _verbs()["all"]
    for tok in doc[sent.start:k + 1]:
        if tok.lower_ in allv and tok.text.islower():
            sp = speakers.speaker_ending_at(_skip_bridge_back(doc, tok.i - 1, sent.start)) \
                or _speaker_of_participle(doc, tok.i, speakers)
            if sp:
                return sp, tok.lower_
    return None


def _speaker_starting_at(doc, k: int, speakers: SpeakerIndex):
    """The speaker named from token k on, past "the" and a title ("said Portuguese Foreign Minister X");
    a person named after a body's title wins over the body ("said Norland Fish Watch President X")."""
    first = None
    for j in range(k, min(len(doc), k + 9)):
        sp = speakers.at.get(j)
        if sp is not None and sp.type == "person":
            return sp
        if sp is not None and first is None:
            first = sp
        if doc[j].is_punct or not (doc[j].lower_ == "the" or doc[j].text[:1].isupper()
                                   or (first is not None and doc[j].lower_ in _role_words())):
            return first
    return first


def _skip_bridge_back(doc, k: int, floor: int) -> int:
    """Step back over adverbs and an apposition ("Jane Roe, a spokeswoman, said") to the speaker."""
    while k > floor and doc[k].lower_ in _BRIDGE:
        k -= 1
    if k > floor and doc[k].text == ",":
        j = k - 1
        while j > floor and j > k - 14 and doc[j].text != "," and not doc[j].is_sent_start:
            j -= 1
        if j > floor and doc[j].text == ",":
            return j - 1
    return k


def _indirect_statements(doc, quotes, speakers: SpeakerIndex, direct: list[dict]) -> list[dict]:
    v = _verbs()
    taken = [(st["start"], st["end"]) for st in direct]
    quoted = [(s, e) for s, e in quotes]
    out = []
    for tok in doc:
        phrasal = tok.i > 0 and f"{doc[tok.i - 1].lower_} {tok.lower_}" in _words("say_phrases")
        if (tok.lower_ not in v["all"] and not phrasal) or not tok.text.islower() or _inside(tok.idx, taken) \
                or _inside(tok.idx, quoted):
            continue  # a capitalised "States" or "Says" is a name, not a verb
        if _passive(doc, tok) or _phoned(doc, tok, speakers):
            continue  # "was raised in Ohio", "was asked"; "called Ana Roe on Monday": no words of the subject
        before = tok.i - 2 if phrasal else tok.i - 1
        if tok.i >= 3 and (doc[tok.i - 2].lower_, doc[tok.i - 1].lower_) in (("to", "have"), ("as", "having")):
            before = tok.i - 3  # "quoted X, who ..., to have said that"
        elif tok.i >= 2 and doc[tok.i - 1].lower_ == "as" and tok.lower_ in _words("quote_participles"):
            before = tok.i - 2  # "quoted X as saying the plan was dead"
        k = _skip_bridge_back(doc, before, sent_of(doc, tok.i).start)
        if tok.lower_.endswith("ing") and doc[tok.i - 1].text == ",":
            speaker = _sentence_subject(doc, tok, speakers)  # "X did Y, saying Z": X says Z
            k = tok.i - 1
        else:
            speaker = speakers.speaker_ending_at(k)
        if speaker is not None and _governed(doc, k, speaker, speakers):
            speaker = None  # "a spokesperson for the Forum, ..." : the Forum is not the subject
        if speaker is None and tok.i >= 2 and doc[tok.i - 1].text == "," and not tok.lower_.endswith("ing"):
            speaker = speakers.speaker_ending_at(tok.i - 2)  # "A spokesperson for X, Jane Roe, said"
            k = tok.i - 2 if speaker is not None else k
        if speaker is None:
            k0 = tok.i - 1
            while k0 > 0 and doc[k0].lower_ in _BRIDGE:
                k0 -= 1
            if doc[k0].text == ",":
                speaker = _person_opening_apposition(doc, k0, speakers)
        if speaker is not None and _governed(doc, k, speaker, speakers):
            continue  # "the administration of X announced": X is not the speaker
        if speaker is None and k >= sent_of(doc, tok.i).start and doc[k].lower_ in ("and", ",", "but"):
            speaker = _sentence_subject(doc, tok, speakers)
        if speaker is None:
            speaker = _pair_ending_at(doc, k)  # "They agreed on ...": who they are comes from the meeting
        if speaker is None or _attributes_a_quote(doc, tok, speaker, speakers, direct):
            continue
        span = _reported_clause(doc, tok) or _clause_before_attribution(doc, tok, speakers, quoted, speaker)
        if span is None:
            continue
        s, e = span
        if _overlaps_quote_attribution(doc, tok, quoted, speakers):
            continue
        cue = f"{doc[tok.i - 1].lower_} {tok.lower_}" if phrasal else tok.lower_
        st = _statement(text_of(doc), s, e, speaker, "indirect", cue)
        out.append(st)
        taken.append((st["start"], st["end"]))
    return out


def _attributes_a_quote(doc, verb, speaker, speakers: SpeakerIndex, direct: list[dict]) -> bool:
    """The verb closes a quote of this speaker told earlier in its sentence, named between the two (`“…,” Ana
    Roe, holding a flag, said calmly`): what follows the verb is no second statement."""
    sent = sent_of(doc, verb.i)
    for d in direct:
        between = span_of(doc, d["end"], verb.idx) if sent.start_char <= d["end"] < verb.idx else None
        if d["_speaker"] == speaker and d["cue"] == verb.lower_ and between is not None \
                and any(speakers.at.get(t.i) == speaker for t in between) \
                and not any(t.lower_ in _verbs()["all"] for t in between):
            return True
    return False


def _passive(doc, verb) -> bool:
    """"was raised", "is described as", "were asked": the subject did not say anything."""
    k = verb.i - 1
    while k > 0 and doc[k].lower_ in ("also", "not", "never", "often", "later", "then", "repeatedly", "widely"):
        k -= 1
    return k >= 0 and doc[k].lower_ in _words("passive_auxiliaries") and not verb.lower_.endswith("ing")


def _phoned(doc, verb, speakers: SpeakerIndex) -> bool:
    """"called Ana Roe on Monday" is a telephone call; "called Ana Roe a liar" or "dishonest" says something
    of her: a call only when the person is followed by the end of the sentence or a word of when and why."""
    if verb.lower_ not in ("called", "calls", "call", "calling") or verb.i + 1 >= len(doc):
        return False
    k = verb.i + 1
    person = speakers.at.get(k)
    if person is not None and person.type == "person":
        while k < len(doc) and speakers.at.get(k) is person:
            k += 1
    elif doc[k].lower_ in ("him", "her", "them"):
        k += 1
    else:
        return False
    return k >= len(doc) or doc[k].text in (".", "!") or doc[k].lower_ in _words("call_followers")


def _person_opening_apposition(doc, k: int, speakers: SpeakerIndex):
    """"A third candidate, Joe Roe of the Farmers' Party, has urged": the person the apposition names."""
    j = k - 1
    while j > 0 and doc[j].text != "," and k - j < 14:
        j -= 1
    if doc[j].text != ",":
        return None
    sp = speakers.at.get(j + 1)
    return sp if sp is not None and sp.type == "person" else None


def _clause_before_attribution(doc, verb, speakers: SpeakerIndex, quoted, speaker=None) -> tuple[int, int] | None:
    """"Pakistan summoned the envoy, the foreign ministry said.": the words before ", SPEAKER said"."""
    sent = sent_of(doc, verb.i)
    if verb.lower_.endswith("ing") or verb.lower_ not in _verbs()["say"]:
        return None  # ", saying ...": a participle; "..., X called": not a closing attribution
    after = [t for t in doc[verb.i + 1:sent.end] if not t.is_space]
    if after and not (after[0].is_punct or after[0].lower_ in ("in", "on", "at", "late", "early", "after")):
        return None  # words follow the verb: not a closing attribution
    j = _skip_bridge_back(doc, verb.i - 1, sent.start) + 1
    while j > sent.start and _in_speaker_phrase(doc, j - 1, speakers):
        j -= 1
    if j <= sent.start or doc[j - 1].text != ",":
        return None
    start, end = stripped(text_of(doc), sent.start_char, doc[j - 1].idx)
    dateline = _DATELINE.match(text_of(doc), start, end)
    if dateline:
        start = dateline.end()
    if _inside(start, quoted) or text_of(doc)[end - 1:end] in "”\"’":
        return None  # a quote before the attribution is a direct statement
    if speaker is not None and speakers.at.get(token_at(doc, start)) == speaker:
        return None  # "Ana Roe, an expert at the institute, said": her name and apposition are no claim
    rest = _clause_after_parenthesis(doc, after[0].i, sent) if after and after[0].text == "," else None
    if rest is not None:
        return parenthetical_part(doc, (start, end), rest)  # "As a result, the Courier reports, X resigned"
    if end - start < 12 or _adverbial_only(doc, start, end):
        return None  # "Asked about the plan, Okafor said": the fronted phrase reports nothing
    return start, end


def _clause_after_parenthesis(doc, comma: int, sent) -> tuple[int, int] | None:
    """The rest of the sentence after an attribution set between commas ("The plan, Okafor said, is sound"),
    if it goes on as a clause: three words or more, not opened by a conjunction, a relative, a preposition or
    a participle ("..., Okafor said, adding that ..." is his next statement, not the rest of this one)."""
    words = [t for t in doc[comma + 1:sent.end] if not t.is_space]
    if len(words) < 3 or any(t.text in "“\"”" for t in words):
        return None
    first = words[0]
    if first.is_punct or first.lower_ in _words("not_clause_openers") or first.lower_ in _SUBORDINATORS \
            or first.lower_ in _PREPOSITIONS or (first.lower_.endswith("ing") and first.text.islower()):
        return None
    start, end = stripped(text_of(doc), first.idx, sent.end_char)
    while end > start and text_of(doc)[end - 1] in " .\n":
        end -= 1
    return start, end


def _after_apposition(doc, comma: int, sent) -> tuple[int, int] | None:
    """The clause after an apposition that follows a name and its comma ("X, a doctor who examined him,
    there had been ..."): the apposition opens with "a", "an", "the" or a lower-case word, is a noun phrase
    (perhaps with a relative clause) and closes with a comma within 16 tokens, and a clause follows it."""
    first = doc[comma + 1] if comma + 1 < sent.end else None
    if first is None or not (first.lower_ in ("a", "an", "the") or first.text.islower()):
        return None
    close = next((t.i for t in doc[comma + 2:min(sent.end, comma + 17)] if t.text == ","), None)
    if close is None:
        return None
    apposition = doc[comma + 1:close]
    if not any(t.lower_ in ("who", "whose", "which") for t in apposition) and _looks_like_clause(apposition):
        return None  # "According to X, the two discussed links that would connect A, B and C": a clause
    rest = _clause_after_parenthesis(doc, close, sent)
    return rest if rest is not None and _looks_like_clause(span_of(doc, *rest) or []) else None


def parenthetical_part(doc, before: tuple[int, int], after: tuple[int, int]) -> tuple[int, int] | None:
    """What an attribution set inside a sentence reports ("A, X said, B."): the statement is one contiguous
    span, so the part that carries the claim: A when it is a clause of its own ("Prices will rise, X said, the
    third rise this year"); B when A is only a fronted phrase ("As a result", "Even if it fails") or the subject
    ("The economy, X said, is growing")."""
    text = text_of(doc)
    words = len(text[before[0]:before[1]].split())
    clause = span_of(doc, *before)
    opening = [t.lower_ for t in clause[:2]] if clause is not None else []
    subordinate = bool(opening) and (opening[0] in _SUBORDINATORS or opening[0] in ("even", "only", "just")
                                     and len(opening) > 1 and opening[1] in _SUBORDINATORS)
    if words >= 3 and not subordinate and not _adverbial_only(doc, *before) and clause is not None \
            and (words >= 6 or any(t.lower_ in _FINITE for t in clause)):
        return before
    return after if after[1] - after[0] >= 12 else None


def _adverbial_only(doc, start: int, end: int) -> bool:
    """The words before a closing attribution are one fronted phrase with no clause after it: it opens
    with a preposition, a subordinator or a participle ("In an interview on Monday", "As the crowd
    cheered", "Asked about the plan") and no comma follows."""
    span = span_of(doc, start, end)
    if span is None or len(span) < 2 or any(t.text in (",", ";", ":") for t in span):
        return False
    first, second = span[0], span[1]
    word = first.lower_
    participle = (word.endswith(("ing", "ed")) and second.text[:1].islower() and first.text[:1].isupper()
                  and second.lower_ not in _FINITE)  # not "Funding will come from ..." 
    return word in _PREPOSITIONS or word in _SUBORDINATORS or participle


def _in_speaker_phrase(doc, i: int, speakers: SpeakerIndex) -> bool:
    """Token i can be part of "the foreign ministry", "Pakistan's military", "a spokesman for X"."""
    tok = doc[i]
    return (i in speakers.at or tok.text[:1].isupper() or tok.lower_ in ("the", "a", "'s", "’s")
            or tok.lower_ in _role_words() or tok.lower_ in _ORG_HEADS or (tok.is_alpha and tok.text.islower() and i + 1 < len(doc)
                                               and doc[i + 1].lower_ in _ORG_HEADS))


def _governed(doc, k: int, speaker, speakers: SpeakerIndex) -> bool:
    """The mention ending at token k is the object of "of"/"by"/"with" (not a subject)."""
    j = k
    while j > 0 and (speakers.at.get(j - 1) is speaker or doc[j - 1].text[:1].isupper()
                     or doc[j - 1].lower_ in ("the", "a", "an")) and k - j < 8:
        j -= 1
    if j > 1 and doc[j - 1].lower_ == "of" and _office_before(doc, j - 1, speaker, speakers):
        return False  # "Deputy Minister of the Interior Ana Kovacs told": the office, then the name
    return j > 0 and doc[j - 1].lower_ in ("of", "by", "with", "for", "to", "from")


def office_holder(doc, start: int, end: int, speakers: SpeakerIndex) -> Speaker | None:
    """The person named at the end of tokens [start, end) after the office they hold ("Governor of the Bank of
    England Tom Hale"), or None."""
    k = end - 1
    sp = speakers.at.get(k)
    if sp is None or sp.type != "person":
        return None
    j = k
    while j > start and speakers.at.get(j - 1) is sp:
        j -= 1
    before = j - 1
    while before > start and (doc[before].text[:1].isupper() or doc[before].lower_ in ("the", "and", "&")):
        before -= 1
    return sp if doc[before].lower_ == "of" and _office_before(doc, before, sp, speakers) else None


def _office_before(doc, of: int, speaker, speakers: SpeakerIndex) -> bool:
    """Token ``of`` joins a title to the body it heads, the name following ("Governor of the Bank of England
    Tom Hale"): the run before it opens with a role word, and no role word stands between it and the name (not
    "the spokesman of President Ana Roe": the President is the named one, the spokesman another)."""
    roles = _role_words()
    m = of
    while m > 0 and (doc[m - 1].text[:1].isupper() and doc[m - 1].is_alpha
                     or doc[m - 1].lower_ in OFFICE_JOINERS) and of - m < 10:
        m -= 1
    while m < of and doc[m].lower_ in OFFICE_JOINERS:
        m += 1
    if m >= of or doc[m].lower_ not in roles or not doc[m].text[:1].isupper():
        return False
    name = next(t.i for t in doc[of:] if speakers.at.get(t.i) is speaker)
    titles = _title_forms()
    return not any(t.lower_ in titles for t in doc[of + 1:name]) and not any(
        t.lower_ in titles for t in doc[m + 1:of] if t.text[:1].islower())


@lru_cache(maxsize=1)
def _title_forms() -> frozenset:
    """One-word titles ("president", "senator"): a person's own title, not a portfolio word ("interior")."""
    from .people import _data

    return frozenset(form for form in _data()["role_of"] if " " not in form)


def _according_to(doc, quotes, speakers: SpeakerIndex, found: list[dict]) -> list[dict]:
    """"..., according to X." and "According to X, ...": the other part of the sentence is X's."""
    out = []
    taken = [(st["start"], st["end"]) for st in found]
    for tok in doc:
        if tok.lower_ != "according" or tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "to":
            continue
        speaker, k = _source_after(doc, tok.i + 2, speakers)
        if speaker is None:
            continue
        sent = sent_of(doc, tok.i)
        if tok.i > sent.start and doc[tok.i - 1].text == ",":
            start, end = sent.start_char, doc[tok.i - 1].idx
            comma = next((t.i for t in doc[k:min(sent.end, k + 9)] if t.text == ","), None)
            rest = _clause_after_parenthesis(doc, comma, sent) if comma is not None else None
            if rest is not None:  # "The new budget, according to the BBC, cuts roads"
                start, end = parenthetical_part(doc, stripped(text_of(doc), start, end), rest) or (start, start)
        else:
            comma = next((t for t in doc[k:sent.end] if t.text == ","), None)
            if comma is None:
                continue
            semicolon = next((t for t in doc[comma.i:sent.end] if t.text == ";"), None)
            start, end = comma.idx + 1, semicolon.idx if semicolon is not None else sent.end_char
            rest = _after_apposition(doc, comma.i, sent)
            if rest is not None:  # "According to X, a doctor who examined him, there had been ..."
                start = rest[0]
        start, end = _trim(text_of(doc), start, end)
        while end > start and text_of(doc)[end - 1] in " .\n":
            end -= 1
        while start < end and text_of(doc)[start].isspace():
            start += 1
        if end - start < 12 or _inside(start, taken) or _inside(start, quotes) or _reports_own_speaker(doc, start, end, speakers):
            continue
        out.append(_statement(text_of(doc), start, end, speaker, "indirect", "according to"))
    return out


def _reports_own_speaker(doc, start: int, end: int, speakers: SpeakerIndex) -> bool:
    """The characters [start, end) hold their own attribution ("X also claimed that ..., according to Reuters"):
    X speaks; the source only reports it."""
    say = _verbs()["say"]
    first, last = token_at(doc, start), token_at(doc, end - 1)
    clause = next((t.i for t in doc[first:last + 1] if t.text == ";"), last + 1)  # its first clause only
    return any(t.lower_ in say and t.text.islower()
               and speakers.speaker_ending_at(_skip_bridge_back(doc, t.i - 1, first)) is not None
               for t in doc[first + 1:clause])


def _source_after(doc, i: int, speakers: SpeakerIndex) -> tuple[Speaker | None, int]:
    """The source of "according to ..." and the token where its name starts: a known speaker past
    "the" and a title ("according to Finance Minister X"), a name no one else claims ("according to
    Norbury Weekly"), or the name after a word for a source ("according to Norwegian broadcaster NRK",
    "according to research by the security company Spamex", "according to a memo by the Ministry
    of Transport")."""
    k = i
    while k < min(len(doc), i + 9) and not doc[k].is_punct:
        speaker = speakers.at.get(k)
        if speaker is not None and speaker.type is None:  # a title: the person named after it, if any
            named = _speaker_starting_at(doc, k, speakers)
            speaker = named if named is not None and named.type == "person" else speaker
        if speaker is not None:
            return speaker, k
        if not (doc[k].lower_ in ("the", "a", "an") or doc[k].text[:1].isupper()):
            break
        k += 1
    speaker = _named_source(doc, i)
    if speaker is not None:
        return speaker, i
    if i + 1 < len(doc) and doc[i].lower_ in ("the", "this", "that", "its") \
            and doc[i + 1].lower_ in _words("document_nouns"):
        speaker = issuer(doc, i + 1, speakers)  # "according to the report": the body that issued it
        if speaker is not None:
            return speaker, i + 1
    return _source_after_noun(doc, i, speakers)


def issuer(doc, k: int, speakers: SpeakerIndex) -> Speaker | None:
    """The body that issued the document named at token k ("The report warned ..."): the organisation
    named beside it here or at its latest mention before ("the CAB report", "the Board's latest analysis",
    "a report released on Monday by the Science Board"); none if no mention names one."""
    noun = doc[k].lower_
    for j in range(k, -1, -1):
        if doc[j].lower_ != noun:
            continue
        sent_end = sent_of(doc, j).end
        for i in range(j + 1, min(sent_end, j + 14)):
            if doc[i].lower_ in ("by", "from"):
                sp = next((speakers.at[m] for m in range(i + 1, min(sent_end, i + 4)) if m in speakers.at), None)
                if sp is not None and sp.type == "organisation":
                    return sp
        before = j - 1
        while before >= 0 and before > j - 4 and (doc[before].lower_ in ("'s", "’s", "a", "an", "the", "its", "new",
                                                                           "latest", "annual", "final", "draft")
                                                  or doc[before].lower_ in _words("issuing_verbs")):
            before -= 1
        sp = speakers.at.get(before) or (speakers.by_acronym(doc[before].text) if before >= 0 else None)
        if sp is not None and sp.type == "organisation":
            return sp
    return None


def _source_after_noun(doc, i: int, speakers: SpeakerIndex) -> tuple[Speaker | None, int]:
    end = i
    while end < min(len(doc), i + 14) and not (doc[end].is_punct and doc[end].text not in ("-", "&")) \
            and not (doc[end].is_space and "\n" in doc[end].text):
        end += 1
    nouns = _words("source_nouns")
    noun = next((k for k in range(i, end) if doc[k].lower_ in nouns), None)
    if noun is None or (end == i + 14 and end < len(doc)):
        return None, i
    for k in range(noun + 1, end):
        speaker = speakers.at.get(k)
        if speaker is not None:
            return speaker, k
    for a, b in _capitalised_runs(doc, noun + 1, end):
        before = a - 1 if doc[a - 1].lower_ not in ("the", "a", "an") else a - 2
        if doc[before].lower_ in ("in", "at", "on", "near", "to"):
            continue  # "figures published in Brussels": where, not who
        if b == end and doc[a:b].text not in _not_sources():
            from .people import given_names

            kind = "person" if doc[a].text in given_names() and b - a > 1 else "organisation"
            return Speaker(doc[a:b].text, None, kind, None), a
    return None, i


def _capitalised_runs(doc, i: int, end: int) -> list[tuple[int, int]]:
    """Runs of capitalised words in [i, end), joined by "of", "for", "and", "&" ("Ministry of Transport"),
    without a leading "The"."""
    runs, k = [], i
    while k < end:
        if doc[k].text[:1].isupper():
            a = k
            while k < end and (doc[k].text[:1].isupper() or (doc[k].lower_ in ("of", "for", "and", "&")
                                                             and k + 1 < end and doc[k + 1].text[:1].isupper())
                               or (doc[k].text == "-" and not doc[k].whitespace_ and k + 1 < end
                                   and doc[k + 1].text[:1].isupper() and not doc[k - 1].whitespace_)):
                k += 1  # "F-Secure" is one name
            if doc[a].lower_ == "the":
                a += 1
            if k > a:
                runs.append((a, k))
        else:
            k += 1
    return runs


@lru_cache(maxsize=1)
def _not_sources() -> frozenset:
    """Capitalised words that name no source: demonyms and country names, weekdays and months."""
    from .countries import load_gazetteer

    terms = load_gazetteer()["terms"]
    dates = list(gazetteer.word_list("dates", "weekdays")) + [n for names in gazetteer.value("dates", "months") for n in names]
    return frozenset(form for form, (_, via) in terms.items() if via in ("demonym", "name")) | frozenset(dates)


def _acronym(tok) -> bool:
    """"NRK", "USAID": an all-capitals name of a body."""
    return tok.is_alpha and tok.is_upper and len(tok) >= 2


def _named_source(doc, k: int) -> Speaker | None:
    """"according to Norbury Weekly", "according to the Relief Food Programme", "according to the
    Agency's Orbit Survey Program": a capitalised name no one else claims is the source, as written."""
    if k < len(doc) and doc[k].lower_ == "the":
        k += 1
    j = _name_run_end(doc, k)
    if j > k and j + 1 < len(doc) and doc[j].text in ("'s", "’s") and doc[j + 1].text[:1].isupper():
        k = j + 1  # the body of a body: "the Agency's Orbit Survey Program"
        j = _name_run_end(doc, k)
    if j == k or doc[k:j].text in _not_sources() or (j < len(doc) and (
            doc[j].text in ("'s", "’s") or doc[j].is_alpha and doc[j].text.islower()
            and doc[j].lower_ not in ("and", "in", "on", "at", "for"))):
        return None  # "according to Monday's figures", "according to Austrian officials": no source named
    from .people import given_names

    return Speaker(doc[k:j].text, None, "person" if doc[k].text in given_names() and j - k > 1 else "organisation", None)


def _name_run_end(doc, k: int) -> int:
    """Where a run of capitalised words from token k ends (at most six; "of", "for", "&" inside)."""
    j = k
    while j < len(doc) and j - k < 6 and (doc[j].text[:1].isupper() and (doc[j].is_alpha or _acronym(doc[j])
                                                                      or doc[j].text.endswith("."))
                                          or (j > k and doc[j].lower_ in ("of", "for", "&") and j + 1 < len(doc)
                                              and doc[j + 1].text[:1].isupper())):
        j += 1
    return j


def _pair_ending_at(doc, k: int) -> Speaker | None:
    """"They", "The two leaders" opening the sentence and ending at token k."""
    start = sent_of(doc, k).start
    if k < start or k - start > 2 or not _names_a_pair(doc[start:k + 1].text):
        return None
    return Speaker(doc[start:k + 1].text, None, None, None)


def _sentence_subject(doc, verb, speakers: SpeakerIndex):
    """The first speaker of the sentence, for "X left the country and said ..."; "They" or "The two leaders"
    when the sentence opens with them (who they are is found later, from the meeting just told)."""
    sent = sent_of(doc, verb.i)
    for k in range(min(sent.start + 2, verb.i - 1), sent.start - 1, -1):
        pair = _pair_ending_at(doc, k)
        if pair is not None:
            return pair
    allv = _verbs()["all"]
    first_verb = next((t.i for t in doc[sent.start:verb.i] if t.lower_ in allv and t.text.islower()), None)
    if first_verb is not None:
        end = _skip_bridge_back(doc, first_verb - 1, sent.start)
        sp = speakers.at.get(end)
        if sp is not None and sp.type == "person" and not _governed(doc, end, sp, speakers):
            return sp  # "Secretary of Health and Human Services Tommy Thompson announced ... and warned"
    for i in range(sent.start, verb.i):
        if i == first_verb:
            return None  # "Kovacs thanked President Bush ... and expressed": a name after the verb is its object
        sp = speakers.at.get(i)
        if sp and sp.type in ("person", "organisation", None) and not _governed(doc, i, sp, speakers):
            return sp
    return None


def _reported_clause(doc, verb) -> tuple[int, int] | None:
    """Character span of what a reporting verb reports, or None if nothing clause-like follows."""
    v = _verbs()
    word = verb.lower_
    sent_end_char = sent_of(doc, verb.i).end_char
    j = verb.i + 1
    use_act = word in v["act"] and not (word in v["plain"])
    nxt = doc[verb.i + 1].lower_ if verb.i + 1 < len(doc) else ""
    if not use_act and word not in ("said", "says", "say", "told", "tells") and nxt in _VERB_PREPS:
        use_act = True  # "warned against new tariffs", "spoke of a new era"
    if use_act:
        if _no_act_object(doc, verb):
            return None
        start = verb.idx
    else:
        j = _skip_to_clause(doc, j, sent_of(doc, verb.i).end)
        if j is None or (word in v["object_first"] and doc[j - 1].lower_ != "that"):
            return None
        clause = span_of(doc, doc[j].idx, _clause_end(doc, verb, sent_of(doc, verb.i).end_char))
        if doc[j - 1].lower_ != "that" and (clause is None or not _looks_like_clause(clause)):
            return None  # "explained the thinking behind the plan": an object, not reported words
        start = doc[j].idx
    end = _clause_end(doc, verb, sent_end_char)
    first = next((t for t in sent_of(doc, verb.i) if not t.is_space), verb)
    if first.lower_ in _SUBORDINATORS:
        comma = next((t for t in doc[verb.i + 1:sent_of(doc, verb.i).end] if t.text == ","), None)
        if comma is not None:
            end = comma.idx  # "After X announced Y, Z did W": only Y was announced
            if not use_act and not _looks_like_clause(span_of(doc, start, end) or []):
                return None  # "As X said on Tuesday in Porto, ...": no clause before the comma
    text = text_of(doc)
    while end > start and text[end - 1] in " \n.\"“‘" and not (text[end - 1] == '"'
                                                            and text.count('"', start, end - 1) % 2 == 1):
        end -= 1  # not the mark that closes a quotation opened in the clause
    while start < end and text[start].isspace():
        start += 1
    if end - start < 12 or len(text[start:end].split()) < 3:
        return None
    return start, end


def _no_act_object(doc, verb) -> bool:
    """An act verb followed by an amount ("raised $2 million"), a passive agent ("criticized by voters"),
    a preposition of time or place ("raised during the quarter") or only where it was said ("wrote on his
    blog on Monday") reports nothing."""
    sent = sent_of(doc, verb.i)
    after = [t for t in doc[verb.i + 1:sent.end] if not t.is_space]
    if not after:
        return True
    first = after[0]
    if first.text in "$€£" or first.like_num:
        return True
    if first.lower_ in _PREPOSITIONS and first.lower_ not in _VERB_PREPS and first.lower_ != "to":
        return not any(t.lower_ == "that" for t in after[:15])  # "noted in a column that ..." reports
    words = [t.lower_ if not t.is_punct or t.text == "," else "," for t in after if not t.is_punct or t.text == ","]
    fillers = _verbs()["fillers"]
    i = 0
    while i < len(words):
        f = next((f for f in fillers if words[i:i + len(f)] == f), None)
        if f is not None:
            i += len(f)
        elif words[i] in ("on", "in", "at", "to", "with", "late", "early", "last", "this") or words[i] in _BRIDGE \
                or words[i] in ("morning", "afternoon", "evening", "month", "year"):
            i += 1
        elif words[i] == ",":
            return i > 0  # "declared on Friday, three days after ...": only when, then another clause
        else:
            return False
    return True



_FINITE = {"is", "was", "were", "are", "am", "be", "been", "would", "will", "had", "has", "have", "could", "should",
           "can", "must", "did", "does", "do", "may", "might", "shall", "wants", "needs", "supports", "opposes",
           "plans", "hopes", "expects", "remains", "seeks", "intends", "believes", "knows", "stands", "continues",
           "stood", "went", "came", "made", "took", "gave", "saw", "knew", "thought", "felt", "told", "left", "met",
           "held", "kept", "brought", "began", "became", "found", "won", "lost", "sent", "spent", "built", "paid",
           "put", "set", "cut", "let", "ran", "fell", "rose", "grew", "drew", "showed", "said", "got", "meant"}


def _looks_like_clause(tokens) -> bool:
    """Reported words, not a bare object ("explained the thinking behind the plan"): a finite verb
    (an auxiliary, a common verb, an -ed form), or too long to be a mere noun phrase."""
    words = [t for t in tokens if not t.is_punct and not t.is_space]
    return len(words) >= 12 or any(
        t.lower_ in _FINITE or (t.lower_.endswith("ed") and len(t) > 4 and t.text.islower()) for t in words)


def _clause_end(doc, verb, sent_end_char: int) -> int:
    """Where a reported clause stops: before ", and <verb>" or ", while X said" that starts another statement."""
    allv = _verbs()["all"]
    sent = sent_of(doc, verb.i)
    for tok in doc[verb.i + 1:sent.end]:
        if tok.text == ":" or tok.is_space and "\n" in tok.text:
            return tok.idx  # "explained the plan:" then a quote or a new paragraph
        nxt = tok.i + 1
        if tok.lower_ in ("and", "but") and nxt < sent.end - 1 and doc[nxt].lower_ in ("he", "she") \
                and any(t.lower_ in _verbs()["say"] for t in doc[nxt + 1:min(nxt + 3, sent.end)]):
            nxt += 1  # "and he also said that ..."
        while nxt < sent.end - 1 and doc[nxt].lower_ in _BRIDGE and doc[nxt].lower_ not in allv:
            nxt += 1  # "and later said"
        if tok.lower_ in ("and", "but") and nxt < sent.end and doc[nxt].lower_ in allv \
                and doc[nxt].text.islower() and doc[tok.i - 1].text not in (",",):
            return tok.idx  # "said the moves were routine and accused Georgetown of ..."
        if tok.text not in (",", ";"):
            continue
        if tok.i + 1 < sent.end and (doc[tok.i + 1].lower_ == "saying" or (
                doc[tok.i + 1].lower_ in _words("quote_participles") and _opens_quote(doc, tok.i + 2, sent.end))):
            return tok.idx  # "..., saying ..." and "..., stating, \"...\"": a statement of its own
        j = tok.i + 1
        if j < sent.end and doc[j].lower_ in ("and", "while", "but", "whereas"):
            j += 1
        k = j
        while k < sent.end and (doc[k].text[:1].isupper() or doc[k].lower_ in ("he", "she", "the", "-", "'s", "’s")
                                or doc[k].lower_ in _role_words()
                                or (k - j < 3 and doc[j].lower_ == "the" and doc[k].is_alpha and doc[k].lower_ not in allv)):
            k += 1  # a new subject: a name, a title, a pronoun, "the court"
        while k < sent.end and doc[k].lower_ in _BRIDGE:
            k += 1
        if k < sent.end and doc[k].lower_ in allv and doc[k].text.islower() and (k > j or doc[tok.i + 1].lower_ == "and"):
            return tok.idx
    return sent_end_char


def _opens_quote(doc, j: int, end: int) -> bool:
    """A quotation opens at token j, past "that" and a comma or colon (", saying, \"...", "stating that: \"...")."""
    while j < end and (doc[j].lower_ == "that" or doc[j].text in (",", ":") or doc[j].is_space):
        j += 1
    return j < end and doc[j].text[:1] in _OPEN + '"'


def _skip_to_clause(doc, j: int, sent_end: int) -> int | None:
    """Skip "that", fillers ("in a statement", "reporters") and return the clause start."""
    v = _verbs()
    window = [t.lower_ for t in doc[j:min(sent_end, j + 10)]]
    if "that" in window[:8]:
        k = window.index("that")
        # only skip up to "that" when what precedes it is a filler, object or time phrase
        if all(w.isalpha() or w in (",",) for w in window[:k]) and not any(w in v["all"] for w in window[:k]):
            # not past another reporting verb ("said the plan was dead and later said that"); nothing after "that"
            return j + k + 1 if j + k + 1 < sent_end else None
    if j < sent_end and doc[j].text in (",", ":"):
        return None  # `said, “…` is a direct quote's attribution
    filled = False
    for filler in v["fillers"]:
        if window[:len(filler)] == filler:
            j += len(filler)
            window = window[len(filler):]
            filled = True
            break
    if j >= sent_end or doc[j].lower_ in _PREPOSITIONS or doc[j].is_punct:
        return None
    if filled and doc[j].text.islower() and doc[j].lower_.endswith("ed") and j + 1 < sent_end \
            and (doc[j + 1].lower_ in _PREPOSITIONS or doc[j + 1].lower_ in ("a", "an", "the", "last", "this", "late")):
        return None  # "said in a statement issued on Monday": the participle tells of the statement
    return j


def _overlaps_quote_attribution(doc, verb, quoted, speakers: SpeakerIndex) -> bool:
    """The verb attributes an adjacent quote (`,” Ivanova said on May 3`): only the speaker stands between."""
    sent = sent_of(doc, verb.i)
    for s, e in quoted:
        if not sent.start_char <= e <= verb.idx:
            continue
        between = span_of(doc, e + 1, verb.idx) if verb.idx > e + 1 else None
        if between is None or all(t.is_punct or t.is_space or _may_name_speaker(t, speakers) for t in between
                                  if t.i < verb.i):
            return True
    return False


def _inside(pos: int, spans) -> bool:
    return any(s <= pos < e for s, e in spans)


def _statement(text: str, start: int, end: int, speaker: Speaker, kind: str, cue: str | None) -> dict:
    return {"id": "", "speaker": speaker.name, "speaker_id": speaker.id, "speaker_type": speaker.type,
            "text": text[start:end], "kind": kind, "date": None, "date_precision": None, "countries": [],
            "cue": cue, "start": start, "end": end, "_speaker": speaker}


def _date(doc, st: dict, dates: list[dict]) -> None:
    """The date of the sentence a statement is in, when it gives one."""
    sent = span_of(doc, st["start"], st["start"] + 1)
    if sent is None:
        return
    s = sent_of(doc, sent.start)
    for d in dates:
        inside = st["start"] <= d["start"] < st["end"]
        if d.get("value") and s.start_char <= d["start"] < s.end_char and not inside:
            st["date"], st["date_precision"] = d["value"], d.get("precision")
            return


def public(statements: list[dict]) -> list[dict]:
    """Statements without internal keys."""
    return [{k: v for k, v in st.items() if not k.startswith("_")} for st in statements]

