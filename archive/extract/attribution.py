"""Reported speech from the dependency parse: speaker = the subject of a reporting verb,
content = its clause complement, object or the clause it closes.

The rules in ``statements`` are precise where they fire (quotes, "according to",
readout phrasing); this module finds what they miss in the sentences the
statistical model parsed. Every statement it returns is a plain dict of the same
shape as the rules' statements, so the two merge.
"""
from __future__ import annotations

from functools import lru_cache

from .. import gazetteer
from ..nlp import is_verb, parse_of, parsed_sentences, sent_of, span_of, stripped, text_of
from .statements import (_VERB_PREPS, Speaker, SpeakerIndex, _adverbial_only, _statement, issuer, office_holder,
                         plural_references,
                         quote_spans)

# Dependency labels of the reported content under a reporting verb, best first.
_CLAUSE_DEPS = ("ccomp",)
_OBJECT_DEPS = ("xcomp", "dobj", "prep")
_OBJECT_PREPS = ("for", "on")
_SUBJECT_DEPS = ("nsubj",)


@lru_cache(maxsize=1)
def _cues() -> dict:
    data = gazetteer.load("statements")
    return {"verbs": frozenset(data["speech_verbs"]), "object_verbs": frozenset(data["object_verbs"]),
            "nouns": frozenset(data["speech_nouns"]),
            "generic": frozenset(data["generic_speakers"]), "open_ends": frozenset(data["open_content_ends"]),
            "attribution_words": frozenset(data["attribution_bridge"]),
            "readout": frozenset(data["readout_verbs"])}


def with_parsed_statements(doc, speakers: SpeakerIndex, found: list[dict]) -> list[dict]:
    """The rules' statements the parse does not veto, plus those only the parse finds."""
    kept = without_fragments(doc, found)
    return kept + find_parsed_statements(doc, speakers, [(st["start"], st["end"]) for st in kept])


def find_parsed_statements(doc, speakers: SpeakerIndex, taken: list[tuple[int, int]]) -> list[dict]:
    """Reported statements of the parsed sentences that no span in ``taken`` already covers."""
    out = []
    text = text_of(doc)
    quotes = quote_spans(text)
    for sent, sub in parsed_sentences(doc):
        if headline_like(sent.text):
            continue
        for verb in sub:
            if any(qs <= sent.start_char + verb.idx < qe for qs, qe in quotes):
                continue  # speech reported inside a quotation is the quoted speaker's, not the article's
            for found in _reported_by(doc, sent, verb, speakers, text):
                start, end, speaker = found
                if end <= sent.start_char + verb.idx and _adverbial_only(doc, start, end):
                    break  # "Asked about the plan, Okafor replied": the fronted phrase reports nothing
                start, end, kind = _quoted(text, start, end, quotes)
                if end - start < 12 or _dangling(text[start:end], kind):
                    break  # nothing said here, and so no continuation of it either
                if any(s < end and start < e for s, e in taken):
                    continue  # the rules have it already
                st = _statement(text, start, end, speaker, kind, verb.text.lower())
                st["method"] = "parse"
                out.append(st)
                taken.append((start, end))
    return out


def _reported_by(doc, sent, verb, speakers: SpeakerIndex, text: str):
    """(start, end, speaker) of what ``verb`` reports, then of a clause that continues a closing
    attribution ("Kane tried twice, Berlow told the court, but he is calm now")."""
    if is_verb(verb) and verb.lower_ in _cues()["verbs"]:
        found = _attribution(doc, sent, verb, speakers, text)
    elif verb.tag_.startswith("NN") and verb.lower_ in _cues()["nouns"]:
        found = _noun_attribution(doc, sent, verb, speakers, text)
    else:
        found = None
    if found is None and verb.lower_ in _cues()["readout"] and verb.tag_ == "VB":
        found = _readout_attribution(doc, sent, verb, speakers, text)
    if found is None:
        return
    yield found
    start, end, speaker = found
    if end <= sent.start_char + verb.idx:
        more = _continuation(verb)
        if more is not None:
            sub = verb.doc
            lo, hi = more
            yield (*stripped(text, sent.start_char + sub[lo].idx, sent.start_char + sub[hi].idx + len(sub[hi].text)),
                   speaker)


def _continuation(verb) -> tuple[int, int] | None:
    """The token range of a clause coordinated after a closing attribution: its own subject and a verb
    that reports nothing itself ("..., Berlow told the court, but he is calm now")."""
    if not any(c.dep_ == "cc" and c.i > verb.i and c.lower_ in ("but", "though", "yet") for c in verb.children):
        return None  # "..., Okafor said, and he then flew home": the writer's narration goes on
    for c in verb.children:
        if c.dep_ == "conj" and c.i > verb.i and is_verb(c) and c.lower_ not in _cues()["verbs"] \
                and any(g.dep_ in _SUBJECT_DEPS for g in c.children):
            left = min(t.i for t in c.subtree)
            right = max(t.i for t in c.subtree)
            while right > left and verb.doc[right].is_punct:
                right -= 1
            return left, right
    return None


def _dangling(content: str, kind: str) -> bool:
    """Reported content that ends in another attribution ("Okafor later said") or an open question
    word ("what"): the parse took an attribution or a broken clause for what was said."""
    words = content.rstrip(" .,;:").split()
    if kind != "indirect" or not words:
        return False
    last = words[-1].lower()
    if last in _cues()["open_ends"]:
        return True
    before = words[-2] if len(words) > 1 else ""
    return last in _cues()["verbs"] and (before[:1].isupper() or before.lower() in _cues()["attribution_words"])


def without_fragments(doc, statements: list[dict]) -> list[dict]:
    """The parse vetoes reported speech that is no clause: a fronted adverbial before a
    closing attribution ("In a short interview, Moreau said") reports nothing; and it ends
    a clause where a coordinated reporting verb starts another ("..., but said ...")."""
    kept = [st for st in statements if not _fragment(doc, st) and not _idle_act(doc, st)
            and not _speaker_as_content(doc, st)]
    for st in kept:
        _cut_at_coordinated_cue(doc, st)
    return kept


def _parsed_span(doc, st: dict):
    """(span, sentence, the sentence's parse) of a statement, or None where the sentence was not parsed."""
    span = span_of(doc, st["start"], st["end"])
    sent = sent_of(doc, span.start)
    sub = parse_of(doc, sent)
    return None if sub is None else (span, sent, sub)


def _idle_act(doc, st: dict) -> bool:
    """A statement that starts at its verb ("reaffirmed support for ...") needs the verb to be a
    verb with something said: not "thanks in part to", "wrote on his blog", "asked about it"."""
    if st["kind"] != "indirect" or not st.get("cue") or not st["text"].lower().startswith(st["cue"]) \
            or st.get("method") == "participle":
        return False
    parsed = _parsed_span(doc, st)
    if parsed is None:
        return False
    span, sent, sub = parsed
    verb = sub[span.start - sent.start]
    if not is_verb(verb):
        return True
    return not any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd") or
                   (c.dep_ == "prep" and c.lower_ in _VERB_PREPS) for c in verb.children)


def _speaker_as_content(doc, st: dict) -> bool:
    """"..., said Tom Ardley, director of the centre": the words after an inverted reporting verb
    are its subject, the speaker, not what was said."""
    if st["kind"] != "indirect" or not st.get("cue"):
        return False
    parsed = _parsed_span(doc, st)
    if parsed is None:
        return False
    span, sent, sub = parsed
    lo, hi = span.start - sent.start, span.end - sent.start
    verb = next((t for t in reversed(sub[max(0, lo - 4):lo]) if t.lower_ == st["cue"]), None)
    return verb is not None and any(c.dep_ in _SUBJECT_DEPS and lo <= c.i < hi for c in verb.children)


def _cut_at_coordinated_cue(doc, st: dict) -> None:
    if st["kind"] != "indirect":
        return
    parsed = _parsed_span(doc, st)
    if parsed is None:
        return
    span, sent, sub = parsed
    for tok in sub[span.start - sent.start + 1:span.end - sent.start]:
        if tok.dep_ == "conj" and tok.lower_ in _cues()["verbs"] and tok.head.i < span.start - sent.start:
            k = tok.i
            while k > 0 and (sub[k - 1].dep_ in ("cc", "punct") or sub[k - 1].is_space):
                k -= 1
            end = sent.start_char + sub[k - 1].idx + len(sub[k - 1].text)
            if end > st["start"]:
                st["end"] = end
                st["text"] = text_of(doc)[st["start"]:end]
            return


def _fragment(doc, st: dict) -> bool:
    if st["kind"] != "indirect":
        return False
    parsed = _parsed_span(doc, st)
    if parsed is None or parsed[0].end >= parsed[1].end:
        return False
    span, sent, sub = parsed
    after = [t for t in doc[span.end:sent.end] if not t.is_punct and not t.is_space]
    closing = after and any(t.lower_ == (st.get("cue") or "") for t in after[:6])
    verbs = [t for t in sub[span.start - sent.start:span.end - sent.start] if is_verb(t)]
    return bool(closing) and not verbs


def headline_like(text: str) -> bool:
    """A line in Title Case with no closing full stop ("Senator Says He Will Run Again"):
    a headline or a teaser scraped into the body, not reported speech."""
    words = [w for w in text.split() if w[:1].isalpha() and len(w) > 3]
    if len(words) < 3 or text.rstrip().endswith((".", '"', "”")):
        return False
    return sum(w[0].isupper() for w in words) >= 0.8 * len(words)


def _quoted(text: str, start: int, end: int, quotes) -> tuple[int, int, str]:
    """Content that is one quotation is a direct statement of the words inside it."""
    for qs, qe in quotes:
        if qs - 2 <= start and end <= qe + 2 and (qe - qs) >= 0.8 * (end - start):
            s, e = stripped(text, max(start, qs), min(end, qe))
            return (*_trim_edges(text, s, e), "direct")
    return start, end, "indirect"


def _attribution(doc, sent, verb, speakers: SpeakerIndex, text: str):
    """(start, end, speaker) of what ``verb`` reports, or None."""
    content = _content(verb)
    if content is None:
        return None
    subject = _subject(verb) or _mislabelled_subject(sent, verb, speakers)
    if subject is None:
        return None
    if any(t.i in (content.left_edge.i, content.right_edge.i) for t in subject.subtree):
        return None
    speaker = _speaker(doc, sent, subject, speakers)
    if speaker is None:
        return None
    lo, hi = _content_range(verb, content, subject)
    start, end = stripped(text, sent.start_char + lo, sent.start_char + hi)
    start, end = _trim_edges(text, start, end)
    if end - start < 12 or len(text[start:end].split()) < 3:
        return None
    return start, end, speaker


def _noun_attribution(doc, sent, noun, speakers: SpeakerIndex, text: str):
    """"Lindqvist's announcement that the port would close", "Sato's call for a ceasefire":
    the owner speaks; the content is the "that" clause or the object of "for"."""
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None:
        return None
    content = next((c for c in noun.children if c.dep_ in ("acl", "ccomp")
                    and any(t.dep_ == "mark" and t.lower_ == "that" for t in c.children)), None)
    if content is None:
        prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ in _OBJECT_PREPS), None)
        content = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if content is None:
        return None
    speaker = _speaker(doc, sent, owner, speakers)
    if speaker is None:
        return None
    sub = noun.doc
    left, right = content.left_edge.i, content.right_edge.i
    while left <= right and sub[left].dep_ == "mark":
        left += 1
    start, end = stripped(text, sent.start_char + sub[left].idx, sent.start_char + sub[right].idx + len(sub[right].text))
    start, end = _trim_edges(text, start, end)
    if len(text[start:end].split()) < 3:
        return None
    return start, end, speaker


def _readout_attribution(doc, sent, verb, speakers: SpeakerIndex, text: str):
    """"X spoke with Y to convey his condolences on ..., and to reiterate ...": the subject of the
    call or meeting says what its infinitive of purpose tells; "with X underscoring concern over ...":
    X says it. The statement runs from "to" (or the participle) to the end of its own phrase."""
    to = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ == "to"), None)
    purpose = verb.dep_ == "advcl" or (verb.dep_ == "conj" and verb.head.dep_ in ("advcl", "relcl"))
    if to is None or verb.tag_ != "VB" or not purpose or verb.head.i >= verb.i:
        return None  # not "refused to express support", "expected to offer": an infinitive of purpose only
    subject, left = _main_subject(verb), to.i
    if subject is None or not any(c.dep_ in ("dobj", "prep") for c in verb.children):
        return None
    speaker = _speaker(doc, sent, subject, speakers)
    if speaker is None or speaker.type is None:
        return None  # a generic subject ("officials") does not make a readout statement
    sub = verb.doc
    own = [t.i for t in verb.subtree if not any(_another_statement(a, verb) for a in _path_below(t, verb))]
    right = max(own)
    while right > left and (sub[right].is_punct or sub[right].lower_ in ("and", "or", "but")):
        right -= 1
    start, end = stripped(text, sent.start_char + sub[left].idx, sent.start_char + sub[right].idx + len(sub[right].text))
    if len(text[start:end].split()) < 4:
        return None
    return start, end, speaker


def _main_subject(verb):
    """The subject of the nearest clause above ``verb`` that has one, not a relative pronoun."""
    for anc in verb.ancestors:
        subject = next((c for c in anc.children if c.dep_ in _SUBJECT_DEPS and c.tag_ not in ("WDT", "WP")), None)
        if subject is not None:
            return subject
    return None


def _path_below(tok, top):
    """``tok`` and its ancestors up to, not including, ``top``."""
    while tok.i != top.i:
        yield tok
        tok = tok.head


def _another_statement(tok, verb) -> bool:
    """Below a readout verb, where another starts: its coordinated verb, or another infinitive of purpose."""
    if tok.dep_ == "conj" and tok.head.i == verb.i:
        return True
    return tok.lower_ in _cues()["readout"] and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def _subject(verb):
    """The subject of the verb, or of the verb it hangs from ("..., saying"; "and said")."""
    v = verb
    for _ in range(3):
        for child in v.children:
            if child.dep_ in _SUBJECT_DEPS:
                return child
        if v.dep_ in ("advcl", "conj", "xcomp") and v.head.i != v.i:
            v = v.head
            continue
        return None
    return None


def _mislabelled_subject(sent, verb, speakers: SpeakerIndex):
    """A name the parser did not take for the subject ("..., Vaszuk told the court" with "Vaszuk" as an
    adverb): the person or body named right before the verb, hanging from it."""
    if verb.i == 0:
        return None
    tok = verb.doc[verb.i - 1]
    sp = speakers.at.get(sent.start + tok.i)
    return tok if tok.head.i == verb.i and sp is not None and sp.type in ("person", "organisation") else None


def _content(verb):
    """The token heading the reported content."""
    clauses = [c for c in verb.children if c.dep_ in _CLAUSE_DEPS]
    for child in sorted(clauses, key=lambda c: c.i < verb.i):  # after the verb first
        if child.i > verb.i or not _beyond_colon(child, verb):
            return child
    if verb.dep_ in ("parataxis", "ccomp") and verb.head.i != verb.i and verb.head.i < verb.i:
        head = verb.head  # "The plan is sound, Okafor said."; not "In a statement, Okafor said"
        return head if is_verb(head) and not _beyond_colon(head, verb) else None
    for dep in _OBJECT_DEPS if verb.lower_ in _cues()["object_verbs"] else ():
        for child in verb.children:
            if child.dep_ == dep and child.i > verb.i and (dep != "prep" or child.lower_ in _OBJECT_PREPS):
                return child
    return None


def _beyond_colon(content, verb) -> bool:
    """A colon or semicolon closes the clause before the verb ("The reply was swift: Okafor said the
    plan would fail"): the verb reports what follows it, not that clause."""
    return any(t.text in (":", ";") for t in verb.doc[content.i + 1:verb.i] if t.i > content.right_edge.i
               or t.head.i == content.i)


def _content_range(verb, content, subject) -> tuple[int, int]:
    """Character offsets (within the sentence Doc) of the content: its subtree, or for a closing
    attribution the head's subtree up to the attribution."""
    sub = verb.doc
    if content.i < verb.i and content.i == verb.head.i:
        left = content.left_edge.i  # a closing attribution: "The plan is sound, Okafor said."
        right = min(subject.left_edge.i, verb.i) - 1
        while right > left and (sub[right].is_punct or sub[right].is_space):
            right -= 1
        return sub[left].idx, sub[right].idx + len(sub[right].text)
    left, right = content.left_edge.i, content.right_edge.i
    if content.i > verb.i and content.dep_ in _CLAUSE_DEPS:  # a clause the parser cut in two (two ccomps of one verb)
        right = max([right] + [c.right_edge.i for c in verb.children if c.dep_ in _CLAUSE_DEPS and c.i > content.i])
    while left < right and sub[left].lower_ == "that" and (sub[left].dep_ == "mark" or left == verb.i + 1):
        left += 1
    return sub[left].idx, sub[right].idx + len(sub[right].text)


def _speaker(doc, sent, subject, speakers: SpeakerIndex) -> Speaker | None:
    """Who the subject names: a person, an organisation, a pronoun's antecedent; else a
    generic speaker ("Diplomats", "Officials") recorded without a person."""
    for tok in sorted(subject.subtree, key=lambda t: -t.i):
        if tok.dep_ in ("prep", "pobj", "relcl") and tok.i != subject.i:
            continue
        k = sent.start + tok.i
        sp = speakers.at.get(k)
        if sp is not None and _within_subject_head(tok, subject):
            return sp
    k = sent.start + subject.i
    if subject.lower_ in ("he", "she"):
        return speakers.antecedent(k)
    if subject.lower_ == "it":
        return speakers.organisation_antecedent(k)
    if _plural_reference(subject):
        words = [t.text for t in subject.subtree if t.i <= subject.i]
        return Speaker(" ".join(words)[:1].upper() + " ".join(words)[1:], None, None, None)  # resolved per meeting
    holder = office_holder(doc, sent.start + subject.left_edge.i, sent.start + subject.right_edge.i + 1, speakers)
    if holder is not None:
        return holder  # "Governor of the Bank of England Tom Hale said": the subject is the office
    name = _apposed_name(subject)
    if name is not None:
        return Speaker(name, None, "organisation", None)
    sp = speakers.organisation_reference(k)
    if sp is not None:
        return sp
    for prep in subject.children:  # "a spokesman for Ethiopian Airlines": the body speaks
        if prep.dep_ == "prep" and prep.lower_ in ("for", "of", "at") and subject.lower_ in _cues()["generic"]:
            for obj in prep.children:
                sp = speakers.at.get(sent.start + obj.i)
                if obj.dep_ == "pobj" and sp is not None and sp.type == "organisation":
                    return sp
                body = _named_body(obj) if obj.dep_ == "pobj" else None
                if body is not None:
                    return Speaker(body, None, "organisation", None)
    body = _named_body(subject)
    if body is not None:
        return Speaker(body, None, "organisation", None)
    if subject.lower_ in gazetteer.word_set("statements", "document_nouns"):
        return issuer(doc, sent.start + subject.i, speakers)
    if subject.lower_ in _cues()["generic"]:
        example = _named_example(subject, sent, speakers)
        if example is not None:
            return example
        words = [t.text for t in subject.subtree if t.i <= subject.i and t.dep_ != "det"]
        name = " ".join(words)
        return Speaker(name[:1].upper() + name[1:], None, None, None)
    return None


def _named_example(subject, sent, speakers: SpeakerIndex) -> Speaker | None:
    """"Health experts, such as Dr. X, head of ..., are predicting": the one person a group that speaks is
    illustrated by ("such as", "including")."""
    named = []
    for prep in subject.children:
        if prep.dep_ == "prep" and (prep.lower_ == "including" or (
                prep.lower_ == "as" and prep.i > 0 and prep.doc[prep.i - 1].lower_ == "such")):
            for t in prep.subtree:
                sp = speakers.at.get(sent.start + t.i)
                if sp is not None and sp.type == "person" and sp not in named:
                    named.append(sp)
    return named[0] if len(named) == 1 else None


def _plural_reference(subject) -> bool:
    """"They agreed", "The two discussed ... and agreed", "Both noted": the people told before."""
    return " ".join(t.lower_ for t in subject.subtree) in plural_references()


def _apposed_name(subject) -> str | None:
    """"the security company Netvale reported": a common-noun subject whose name stands beside it;
    the name speaks, not "security company"."""
    if subject.tag_ not in ("NN", "NNS"):
        return None
    for c in subject.children:
        if c.dep_ in ("appos", "compound", "npadvmod") and c.tag_ == "NNP" and c.i > subject.i:
            words = [t for t in c.subtree if t.tag_ == "NNP"]
            if words and words[-1].i - words[0].i + 1 == len(words):
                return " ".join(t.text for t in words)
    return None


def _named_body(subject) -> str | None:
    """"The Finnish Coast Guard said": a subject the model tags as an organisation or a state."""
    if subject.ent_type_ not in ("ORG", "GPE"):
        return None
    for ent in subject.doc.ents:
        if ent.start <= subject.i < ent.end:
            words = [t for t in ent if not (t.i == ent.start and t.lower_ == "the")]
            return " ".join(t.text for t in words) or None
    return None


def _within_subject_head(tok, subject) -> bool:
    """A token of the subject's own name, not of a phrase inside it ("a spokesman for X")."""
    t = tok
    while t.i != subject.i:
        if t.dep_ in ("prep", "relcl", "acl") or t.head.i == t.i:
            return False
        t = t.head
    return True


def _trim_edges(text: str, start: int, end: int) -> tuple[int, int]:
    """No dangling punctuation at either end of the content."""
    while start < end and text[start] in ",;:—–- ":
        start += 1
    while end > start and text[end - 1] in ",;:—–- ":
        end -= 1
    return start, end
