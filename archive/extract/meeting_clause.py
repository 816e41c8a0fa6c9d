"""The clause of one meeting trigger, read from the dependency parse.

A meeting's parties come only from its own clause: the subject and objects of
"met", "hosted", "received", "visited", "spoke ... with"; the modifiers of a
meeting noun ("talks between A and B", "Putin's visit", "his counterparts from
A, B and C"); the subject of the verb that holds the noun ("X held talks", "X
arrived for the summit"). Relative and adverbial clauses, topics ("talks on
Syria"), other meeting words and nouns that merely mention an event ("rioters at
the summit") add nobody. The parse also tells a meeting's status: negated,
refused, threatened, requested or hypothetical (dropped), cancelled, planned, or
held.

Parsed sentences come from ``nlp.parse_of``; parse token ``k`` is doc token
``sentence.start + k``, so every index a ``Clause`` holds is a doc index.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from .. import gazetteer

HELD, PLANNED, CANCELLED, DROPPED = "held", "planned", "cancelled", "dropped"

# Dependency labels of clauses inside a phrase: their words belong to another event.
_CLAUSE_DEPS = {"relcl", "advcl", "ccomp", "xcomp", "acl", "parataxis", "csubj", "pcomp"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_OBJECT_DEPS = {"dobj", "dative", "attr", "oprd", "pobj"}
_VERBAL = {"VERB", "AUX"}
_NOUNISH = {"NOUN", "PROPN", "PRON", "NUM", "X"}
_RELATIVE = {"who", "which", "that", "whom"}


@lru_cache(maxsize=1)
def _words() -> dict:
    """The parse word lists of ``data/meetings.yml`` (lemmas, lower case)."""
    def words(key):
        return gazetteer.word_set("meetings", key)

    return {"party_preps": words("party_prepositions"), "noun_preps": words("noun_party_prepositions"),
            "topic_preps": words("topic_prepositions"), "attend_preps": words("attendance_prepositions"),
            "frame_nouns": words("frame_nouns"), "gathering": words("gathering_verbs"),
            "host": words("host_verbs"), "cancel": words("cancel_verbs"), "refuse": words("refuse_verbs"),
            "request": words("request_verbs"), "happen": words("happen_verbs"),
            "hypothetical": words("hypothetical_words"),
            "future_aux": words("future_auxiliaries"), "plan": words("plan_words"),
            "upcoming": words("upcoming_markers"), "generic": words("generic_markers"),
            "conversation": words("conversation_verbs"), "phone": words("phone_words"),
            "party_nouns": words("party_nouns"), "not_parties": words("non_party_objects"),
            "not_diplomatic": words("non_diplomatic_events"), "indefinite": words("indefinite_markers"),
            "quantity_nouns": words("quantity_nouns"), "travel": words("travel_verbs"),
            "transitive": words("transitive_verbs"), "attend": words("attendance_verbs"), "destination_preps": words("destination_prepositions")}


@dataclass
class Clause:
    """What the parse says about one trigger: where its parties, place and date may be, and its status."""

    key: int  # doc index of the trigger's head word
    verb: bool  # the trigger is read as a verb ("met"), not a noun ("the meeting")
    parties: set[int] = field(default_factory=set)  # doc tokens that may name parties
    chair: set[int] = field(default_factory=set)  # doc tokens that may name the chair or host
    scope: set[int] = field(default_factory=set)  # the clause's own tokens (place and date)
    outer: set[int] = field(default_factory=set)  # the clauses it depends on, short of reported speech (date)
    status: str = HELD  # held | planned | cancelled | dropped
    mention_only: bool = False  # names an event without reporting it ("rioters at the summit")
    generic: bool = False  # "regularly meet"
    travel: bool = False  # a journey to the place ("travel to Lima for talks"): its country hosts
    indefinite: bool = False  # "a meeting": a new event, not one told before
    frame: int | None = None  # doc index of the meeting verb this noun is the setting of ("met at the summit")
    parsed: bool = True  # False: read without a parse, the whole sentence taken as the clause


def read_clause(parse, offset: int, start: int, end: int, triggers=frozenset(), verb_triggers=frozenset()) -> Clause:
    """The clause of the trigger at doc tokens [start, end) of a sentence whose parse starts at ``offset``.

    ``triggers`` are the parse indexes of the heads of the sentence's other meeting words (their
    phrases are other events); ``verb_triggers`` those read as verbs: a meeting noun in their
    adjuncts ("met at the summit") is another event and takes no parties from them.
    """
    head = phrase_head(parse, start - offset, end - offset)
    reader = _Reader(cut=set(triggers) - {head.i}, verb_triggers=set(verb_triggers))
    clause = Clause(key=head.i + offset, verb=head.tag_.startswith("VB"))
    if clause.verb:
        reader.verb_clause(head, clause, range(start - offset, end - offset))
    else:
        reader.noun_clause(head, clause)
    clause.parties |= clause.chair  # whoever chairs or hosts takes part
    clause.parties = {i + offset for i in clause.parties}
    clause.chair = {i + offset for i in clause.chair}
    clause.outer = {i + offset for i in reader.outer(head)} - {i + offset for i in clause.scope}
    clause.scope = {i + offset for i in clause.scope}
    if clause.frame is not None:
        clause.frame += offset
    return clause


def phrase_head(parse, s: int, e: int):
    """The word of [s, e) whose head lies outside it ("phone call" -> call, "held talks" -> held)."""
    tokens = [parse[k] for k in range(s, min(e, len(parse)))]
    for tok in tokens:
        if not s <= tok.head.i < e or tok.head.i == tok.i:
            return tok
    return tokens[0]


def anchor(n):
    """The word that stands for a meeting noun in its clause: the first of a coordination, or the
    quantity it counts ("several rounds of talks", "three days of talks")."""
    quantities = _words()["quantity_nouns"]
    for _ in range(4):
        if n.dep_ == "conj" and n.head.pos_ in _NOUNISH:
            n = n.head
        elif n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lemma_ in quantities:
            n = n.head.head
        else:
            break
    return n


def subjects_of(v) -> list:
    """Subjects of a verb, or of the verb it depends on ("agreed to meet", "after meeting X")."""
    for _ in range(5):
        subj = [c for c in v.children if c.dep_ in _SUBJECT_DEPS]
        subj += [g for c in v.children if c.dep_ in ("aux", "auxpass") for g in c.children
                 if g.dep_ in _SUBJECT_DEPS]  # a subject the parser hung on "be" ("will be co-hosted")
        if subj:
            if subj[0].lower_ in _RELATIVE and v.dep_ == "relcl":
                return [v.head]  # "leaders who met": the leaders
            return subj
        if v.dep_ in ("relcl", "acl") and v.head.pos_ in _NOUNISH:
            return [v.head]  # "the delegation visiting Accra"
        if v.dep_ == "ROOT" or v.head is v:
            return []
        v = v.head
    return []


class _Reader:
    """Reads one trigger's clause; ``cut`` are the heads of other meeting words, whose phrases
    are other events."""

    def __init__(self, cut: set[int], verb_triggers: set[int]):
        self.cut = cut
        self.verb_triggers = verb_triggers

    # Regions -------------------------------------------------------------------------

    def region(self, tok) -> set[int]:
        """The phrase of ``tok`` without the clauses, topics and other meetings inside it."""
        out, stack = set(), [tok]
        topics = _words()["topic_preps"]
        while stack:
            t = stack.pop()
            out.add(t.i)
            for child in t.children:
                if child.i in self.cut or (child.dep_ in _CLAUSE_DEPS and child.pos_ in _VERBAL):
                    continue
                if child.dep_ == "conj" and child.pos_ in _VERBAL and t.pos_ in _VERBAL:
                    continue
                if child.dep_ == "prep" and child.lower_ in topics:
                    continue
                stack.append(child)
        return out

    def scope(self, tok) -> set[int]:
        """The words of the clause headed by ``tok``, its sub-clauses and other meetings left out; a
        meeting noun keeps its participle ("the summit, held on 7-9 December at Cusco")."""
        out, stack = set(), [tok]
        while stack:
            t = stack.pop()
            out.add(t.i)
            for child in t.children:
                participle = t is tok and child.dep_ == "acl" and child.tag_ == "VBN"
                if child.i in self.cut or (child.dep_ in _CLAUSE_DEPS | {"conj"} and child.pos_ in _VERBAL
                                           and not participle):
                    continue
                if child.dep_ == "prep" and any(g.i in self.cut for g in child.children):
                    continue  # "prepared the visit in a phone call on 10 March": the call's date
                stack.append(child)
        return out

    def outer(self, tok) -> set[int]:
        """The clauses ``tok`` depends on ("agreed on Monday to resume talks"), up to a clause of
        reported speech, whose date is when it was said ("told radio on Thursday that ...")."""
        out, node = set(), anchor(tok) if not tok.tag_.startswith("VB") else tok
        for _ in range(5):
            if node.dep_ in ("ccomp", "parataxis", "ROOT") or node.head is node:
                break
            node = node.head
            if node.pos_ in _VERBAL:
                out |= self.scope(node)
        return out

    # Verbs ---------------------------------------------------------------------------

    def verb_clause(self, v, clause: Clause, phrase: range) -> None:
        w = _words()
        subjects = subjects_of(v)
        objects = [o for o in self.objects_of(v) if o.i not in phrase]  # "held talks": the phrase is the trigger
        for k in phrase:  # "held talks with X": the noun of the phrase takes the party too
            tok = v.doc[k]
            if tok.i != v.i:
                objects += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in w["noun_preps"]
                            for g in c.children if g.dep_ == "pobj"]
        if v.lemma_ in w["travel"]:  # "arrived in the Lebanese capital": the host
            objects += [g for c in v.children if c.dep_ == "prep" and c.lower_ in w["destination_preps"]
                        for g in c.children if g.dep_ == "pobj" and g.i not in self.cut]
        for s in subjects:
            clause.parties |= self.region(s)
        for o in objects:
            clause.parties |= self.region(o)
        if _passive(v) and v.lemma_ in w["host"]:  # "was received by X"; not "was attended by Y"
            clause.chair |= {i for o in objects if o.head.dep_ == "agent" for i in self.region(o)}
        elif v.lemma_ in w["host"] and len(subjects) == 1 and not _coordinated(subjects[0]):
            clause.chair |= self.region(subjects[0])
        clause.scope = self.scope(v)
        clause.status = verb_status(v)
        clause.generic = any(v.doc[i].lower_ in w["generic"] for i in clause.scope)  # "talks to X every week"
        if v.lemma_ in w["conversation"] and not _has_partner(v, subjects):
            clause.status = DROPPED  # "spoke on Monday", "spoke briefly on stage": no one spoken with
        direct = [o for o in objects if o.dep_ == "dobj"]
        if v.lemma_ in w["transitive"] and not _passive(v) and not direct:
            if v.dep_ in ("acl", "relcl") and v.head.pos_ in _NOUNISH:
                direct = [v.head]  # "the cooperation that X has received": the cooperation
            else:
                clause.status = DROPPED  # "received from X": something, not someone
        if _other_sense(v, direct, subjects):
            clause.status = DROPPED

    def objects_of(self, v) -> list:
        """Noun objects of a verb and the objects of its party prepositions ("met with X", "received by Y")."""
        out = []
        for c in v.children:
            if c.i in self.cut:
                continue
            if c.lower_ in _RELATIVE and c.dep_ in _OBJECT_DEPS and v.dep_ == "relcl":
                out.append(v.head)  # "the cooperation that X has received": the cooperation
            elif c.dep_ in _OBJECT_DEPS or (c.dep_ in ("ccomp", "xcomp", "npadvmod") and c.pos_ == "PROPN"):
                out.append(c)
            elif _party_prep(c, v):
                out += [g for g in c.children if g.dep_ == "pobj" and g.i not in self.cut]
            elif c.dep_ == "xcomp" and c.tag_ == "VBG" and c.i == v.i + 1:
                out += [g for g in c.children if g.dep_ == "dobj"]  # "received visiting [minister X]"
            elif _with_clause(c):  # "spoke with President X to coordinate ...", parsed "with [X to coordinate]"
                out += [g for g in c.children if g.dep_ == "nsubj" and g.i not in self.cut]
        return out

    # Nouns -----------------------------------------------------------------------------

    def noun_clause(self, n, clause: Clause) -> None:
        w = _words()
        clause.parties |= self.own_parties(n)
        clause.scope = self.scope(n)
        clause.chair |= self.participle_agents(n, w["host"])
        clause.parties |= self.participle_agents(n, w["attend"])
        clause.indefinite = any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in n.children)
        first = anchor(n)
        gov, rel = first.head, first.dep_
        clause.status = _noun_status(n, gov, rel)
        # "on the sidelines of the summit": the frame noun stands for the event's place in the clause.
        while rel == "pobj" and gov.head.pos_ in _NOUNISH and gov.head.lemma_ in w["frame_nouns"] \
                and gov.head.head.dep_ == "prep":
            gov, rel = gov.head.head, "pobj"
        if rel in ("dobj", "nsubjpass", "nsubj") and gov.pos_ in _VERBAL:
            self.governing_verb(n, gov, rel, clause)
        elif rel == "pobj" and gov.dep_ in ("prep", "agent") and gov.head.i in self.verb_triggers:
            clause.mention_only = True  # "met at the summit": the summit is another event, its setting
            clause.frame = gov.head.i
            clause.scope |= self.scope(gov.head)  # its date and place are those of the meeting it frames
            if clause.status == HELD:
                clause.status = verb_status(gov.head)
        elif rel == "pobj" and gov.dep_ in ("prep", "agent") and gov.head.pos_ in _VERBAL:
            self.attended(gov, clause)
        else:
            clause.mention_only = True  # only its own modifiers can make it a report ("talks between A and B")
        if not clause.generic:
            clause.generic = any(t.lower_ in w["generic"] for t in n.children if t.dep_ in ("amod", "advmod"))
        if any(t.lemma_ in w["not_diplomatic"] for t in n.children if t.dep_ in ("compound", "amod", "poss")):
            clause.status = DROPPED  # "a board meeting", "the shareholders' meeting"

    def own_parties(self, n) -> set[int]:
        """"talks between A and B", "Putin's visit", "Sino-Russian talks", "a visit by X", "the ASEAN summit"."""
        w = _words()
        out = set()
        for c in n.children:
            if c.i in self.cut:
                continue
            if c.dep_ in ("poss", "compound", "amod", "nmod", "npadvmod") and c.i < n.i:
                out |= self.region(c)
            elif c.dep_ == "prep" and c.lower_ in w["noun_preps"]:
                out |= {i for g in c.children if g.dep_ == "pobj" for i in self.region(g)}
        return out

    def participle_agents(self, n, lemmas) -> set[int]:
        """"the summit, chaired by X" (X chairs), "the talks, attended by Y" (Y takes part)."""
        out = set()
        for c in n.children:
            if c.dep_ == "acl" and c.lemma_ in lemmas:
                for a in c.children:
                    if a.dep_ == "agent":
                        out |= {i for g in a.children if g.dep_ == "pobj" for i in self.region(g)}
        return out

    def governing_verb(self, n, gov, rel: str, clause: Clause) -> None:
        """The noun is the object or subject of a verb: "X held talks", "talks were hosted by Y", "the summit drew Z"."""
        w = _words()
        clause.scope |= self.scope(gov)
        clause.travel = gov.lemma_ in w["travel"]
        if rel == "dobj":
            subjects = subjects_of(gov)
            for s in subjects:
                clause.parties |= self.region(s)
            for o in self.objects_of(gov):
                if o.i != n.i and o.dep_ != "dobj":
                    clause.parties |= self.region(o)  # "held talks on Monday with X"
            if gov.lemma_ in w["host"] and len(subjects) == 1 and not _coordinated(subjects[0]):
                clause.chair |= self.region(subjects[0])
        elif rel == "nsubjpass" or gov.lemma_ in w["gathering"]:
            for o in self.objects_of(gov):
                if o.i != n.i:
                    clause.parties |= self.region(o)
                    if o.head.dep_ == "agent" and gov.lemma_ in w["host"]:
                        clause.chair |= self.region(o)
        elif not self.own_parties(n):
            clause.mention_only = True  # "The meeting lasted two hours": about an event told before

    def attended(self, prep, clause: Clause) -> None:
        """"X arrived in Lima for the summit", "X said at the talks": the verb's subject took part."""
        w = _words()
        verb = prep.head
        if verb.lemma_ in w["request"] or verb.lemma_ in w["refuse"]:
            clause.status = DROPPED  # "called for talks", "pulled out of the talks"
            return
        if prep.lower_ not in w["attend_preps"]:
            clause.mention_only = True
            return
        clause.scope |= self.scope(verb)
        clause.travel = verb.lemma_ in w["travel"]
        for s in subjects_of(verb):
            clause.parties |= self.region(s)
        if prep.lower_ == "for":
            for o in self.objects_of(verb):
                if o.dep_ == "dobj":
                    clause.parties |= self.region(o)  # "joined X for talks", "invited Y for a visit"
        status = verb_status(verb)
        if clause.status == HELD or status == DROPPED:
            clause.status = status


# Status ------------------------------------------------------------------------------

def verb_status(v) -> str:
    """dropped (negated, refused, threatened, requested, hypothetical), cancelled, planned or held."""
    w = _words()
    if any(c.dep_ == "neg" or c.lower_ == "never" for c in v.children):
        return DROPPED
    if any(c.dep_ == "aux" and c.lemma_ in w["hypothetical"] for c in v.children):
        return DROPPED  # "could meet", "might visit"
    planned = _future(v)
    node = v
    for _ in range(4):
        purpose = node.dep_ == "advcl" and any(c.dep_ == "aux" and c.tag_ == "TO" for c in node.children)
        if node.dep_ not in ("xcomp", "ccomp", "pcomp", "conj", "prep", "acomp") and not purpose \
                or node.head is node:
            break
        node = node.head
        lemma = _with_particle(node)
        if lemma in w["refuse"] or lemma in w["request"] or node.lemma_ in w["hypothetical"]:
            return DROPPED
        if lemma in w["cancel"]:
            return CANCELLED
        if node.pos_ in _VERBAL | {"ADJ"} and node.dep_ != "ccomp" and any(c.dep_ == "neg" for c in node.children):
            return DROPPED  # "did not want to meet"
        planned = planned or _future(node) or node.lemma_ in w["plan"]
    return PLANNED if planned else HELD


def _future(v) -> bool:
    """"will meet", "is to meet", "is due to meet", "looks forward to meeting"."""
    w = _words()
    for c in v.children:
        if c.dep_ == "aux" and c.lower_ in w["future_aux"]:
            return True
        if c.dep_ in ("advmod", "acomp") and c.lemma_ in w["plan"]:
            return True
    return v.lemma_ in w["plan"]


def _noun_status(n, gov, rel: str) -> str:
    w = _words()
    if any(c.dep_ == "det" and c.lower_ == "no" for c in n.children):
        return DROPPED  # "no meeting was held"
    if gov.pos_ in _VERBAL and rel in ("dobj", "nsubjpass", "nsubj"):
        lemma = _with_particle(gov)
        if lemma in w["cancel"]:
            indefinite = any(c.lower_ in w["indefinite"] for c in gov.children)
            return CANCELLED if indefinite or gov.lemma_ != "postpone" else PLANNED
        if lemma in w["refuse"] or lemma in w["request"]:
            return DROPPED
        negated = any(c.dep_ == "neg" for c in gov.children)
        if negated and (rel != "nsubj" or gov.lemma_ in w["happen"]):
            return DROPPED
        status = PLANNED if _future(gov) else HELD if negated else verb_status(gov)
        if status != HELD:
            return status
    if any(c.lemma_ in w["upcoming"] for c in n.children if c.dep_ in ("amod", "compound")):
        return PLANNED
    return HELD


def _with_particle(v) -> str:
    """"call off", "break off": the lemma with its particle."""
    prt = [c.lower_ for c in v.children if c.dep_ == "prt"]
    return f"{v.lemma_} {prt[0]}" if prt else v.lemma_


# Small tests on words ---------------------------------------------------------------------

def _party_prep(c, v) -> bool:
    if c.dep_ == "agent":
        return True
    if c.dep_ != "prep":
        return False
    word = c.lower_
    return word in _words()["party_preps"] or (word == "to" and v.lemma_ in _words()["conversation"])


def _passive(v) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in v.children)


def _coordinated(tok) -> bool:
    return any(c.dep_ == "conj" for c in tok.children)


def _with_clause(c) -> bool:
    """A clause the parse opens with "with" and a subject: "with [X to coordinate actions]"."""
    return c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ == "with" for g in c.children) \
        and any(g.dep_ == "nsubj" for g in c.children)


def _has_partner(v, subjects) -> bool:
    """"spoke with X", "talked to Y"; "the two presidents will talk", "A and B spoke by phone"."""
    w = _words()
    if any(_party_prep(c, v) or _with_clause(c) for c in v.children):
        return True
    plural = any(s.tag_ in ("NNS", "NNPS") or _coordinated(s) for s in subjects)
    by_phone = any(t.lemma_ in w["phone"] for t in v.subtree)
    return plural and (v.lemma_ == "talk" or by_phone)


def _other_sense(v, direct, subjects) -> bool:
    """"meet the demands", "received support", "welcomed the decision", "the tournament will be
    co-hosted by A and B": the direct object (or the passive subject) is no party."""
    w = _words()
    things = list(direct) + (list(subjects) if _passive(v) else [])
    if any(o.lemma_ in w["not_diplomatic"] for o in things):
        return True
    if not direct:
        return False
    for o in direct:
        if o.lemma_ in w["not_parties"]:
            continue
        phrase = _phrase(o)
        words = {t.lower_ for t in phrase} | {t.lemma_ for t in phrase}
        if o.pos_ in ("PROPN", "PRON") or words & w["party_nouns"] or any(t.pos_ == "PROPN" for t in phrase):
            return False
    return True


def _phrase(tok) -> list:
    """The noun phrase of ``tok`` without its clauses ("the cooperation [that X received]")."""
    out, stack = [], [tok]
    while stack:
        t = stack.pop()
        out.append(t)
        stack += [c for c in t.children if not (c.dep_ in _CLAUSE_DEPS and c.pos_ in _VERBAL)]
    return out
