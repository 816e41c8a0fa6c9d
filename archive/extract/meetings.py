"""Meetings: talks, conferences, summits, visits and calls, with date, place,
chair and participants; several mentions of one event become one meeting."""
from __future__ import annotations

from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import filter_spans

from .. import gazetteer
from ..nlp import get_nlp, sent_of, sentence_number, span_of, stripped, text_of


@lru_cache(maxsize=1)
def _data():
    data = gazetteer.load("meetings")
    nlp = get_nlp()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    kinds = {}
    for part in ("nouns", "verbs"):
        for kind, forms in data[part].items():
            for form in forms:
                kinds[(part, form)] = kind
                matcher.add(f"{part}|{kind}", [nlp.make_doc(form)])
    not_meetings = PhraseMatcher(nlp.vocab, attr="LOWER")
    not_meetings.add("NOT", [nlp.make_doc(p) for p in data["not_meetings"]])
    cues = PhraseMatcher(nlp.vocab, attr="LOWER")
    cues.add("CHAIR", [nlp.make_doc(c) for c in data["chair_cues"]])
    return {"matcher": matcher, "cues": cues, "planned": [p.split() for p in data["planned_markers"]],
            "generic": set(data["generic_markers"]), "not_meetings": not_meetings,
            "request": set(data["request_verbs"]), "repeat": [r.split() for r in data["repeat_markers"]],
            "groups": [g.split() for g in data["group_nouns"]], "party_nouns": set(data["party_nouns"]),
            "distinct": set(data["distinct_markers"]), "counts": _group_counts(),
            "subject_bridge": gazetteer.word_set("meetings", "subject_bridge")
            | {w.lower() for w in gazetteer.word_list("dates", "weekdays")},
            "host_verbs": gazetteer.word_set("meetings", "host_verbs"),
            "topic": gazetteer.word_set("meetings", "topic_words"),
            "verb_subjects": gazetteer.word_set("meetings", "verb_subjects"),
            "pronouns": {w.lower() for w in gazetteer.word_list("people", "pronouns")},
            "clause_breaks": gazetteer.word_set("meetings", "clause_breaks"),
            "definite": gazetteer.word_set("english", "definite_determiners"),
            "articles": gazetteer.word_set("english", "articles"),
            "call_cues": gazetteer.word_set("meetings", "call_cues"),
            "upcoming": gazetteer.word_set("meetings", "upcoming_markers")}


def _group_counts() -> frozenset:
    """"two", "2", "both": how many parties "the two ministers" names (dates.yml numbers 2-12)."""
    numbers = gazetteer.value("dates", "numbers")
    words = {w for w, n in numbers.items() if 2 <= n <= 12} | {str(n) for n in range(2, 13)}
    return frozenset(words | gazetteer.word_set("meetings", "group_quantifiers"))


def find_meetings(doc, ctx, people, speakers, places, dates, quotes, junk=()) -> list[dict]:
    """Meetings of the article: one candidate per trigger sentence, then merged."""
    d = _data()
    holders = {p.id for p in people if p.roles and not p.country}  # titled, country unstated
    person_at = _person_tokens(doc, people, speakers)
    place_at = _place_tokens(doc, places)
    candidates = []
    excluded = {i for _, s, e in d["not_meetings"](doc) for i in range(s, e)}
    for trig in filter_spans([_span(doc, m) for m in d["matcher"](doc)]):
        if any(s <= trig.start_char < e for s, e in list(quotes) + list(junk)) or _generic(doc, trig) \
                or _requested(doc, trig) \
                or trig.start in excluded or trig.start in ctx.org_tokens or _not_an_event(doc, trig):
            continue
        cand = _candidate(doc, trig, ctx, person_at, place_at, dates, quotes, holders)
        if cand:
            if candidates and _parties(cand) < 2 and _refers_back(doc, trig):
                _inherit(cand, candidates[-1])
            candidates.append(cand)
    meetings = [m for m in _merge(candidates) if m["kind"] != "participation"]
    for n, m in enumerate(meetings, 1):
        m["id"] = f"m{n}"
    return [_public(m, people) for m in meetings if _is_meeting(m)]


def _span(doc, match):
    match_id, s, e = match
    return Span(doc, s, e, label=doc.vocab.strings[match_id])


def _not_an_event(doc, trig) -> bool:
    """A capitalised verb mid-sentence is a title ("Meet the Parents"); "he talks to" is a verb, not talks."""
    first = doc[trig.start]
    sent = sent_of(doc, trig.start)
    if trig.label_.startswith("verbs") and first.text[:1].isupper() and trig.start != sent.start:
        return True
    prev = doc[trig.start - 1].lower_ if trig.start > sent.start else ""
    return trig.label_.startswith("nouns") and prev in _data()["verb_subjects"]


def _requested(doc, trig) -> bool:
    """"urged the Council to meet": a meeting asked for, not reported."""
    if trig.start == 0 or doc[trig.start - 1].lower_ != "to":
        return False
    sent = sent_of(doc, trig.start)
    return any(t.lower_ in _data()["request"] for t in doc[max(sent.start, trig.start - 10):trig.start])


def _refers_back(doc, trig) -> bool:
    """"meet again", "the next round", "the two ministers met": the parties are those told before."""
    sent = sent_of(doc, trig.start)
    words = [t.lower_ for t in doc[sent.start:sent.end]]
    joined = " " + " ".join(words) + " "
    if any(" " + " ".join(r) + " " in joined for r in _data()["repeat"]):
        return True
    numbers = _data()["counts"]
    return any(f" the {n} {' '.join(g)} " in joined or f" {n} {' '.join(g)} " in joined
               for n in numbers for g in _data()["groups"])


def _inherit(cand: dict, prev: dict) -> None:
    for pid in prev["people_ids"]:
        if pid not in cand["people_ids"]:
            cand["people_ids"].append(pid)
    for iso in prev["countries"]:
        if iso not in cand["countries"]:
            cand["countries"].append(iso)
    cand["unnamed"] = max(cand["unnamed"], prev["unnamed"])


def _generic(doc, trig) -> bool:
    window = doc[max(sent_of(doc, trig.start).start, trig.start - 3):trig.start]
    return any(t.lower_ in _data()["generic"] for t in window)


def _person_tokens(doc, people, speakers) -> dict:
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


def _place_tokens(doc, places) -> dict:
    at = {}
    for p in places:
        for m in p.mentions:
            span = span_of(doc, m["start"], m["end"])
            for i in range(span.start, span.end):
                at[i] = p
    return at


def _nearest(trig, items, doc, quotes):
    """The item (token index, value) closest to the trigger, outside quotes and clause breaks."""
    best, best_dist = None, None
    breaks = _data()["clause_breaks"]
    for i, value in items:
        if any(s <= doc[i].idx < e for s, e in quotes):
            continue
        lo, hi = sorted((i, trig.start))
        if any(t.lower_ in breaks for t in doc[lo:hi]):
            continue
        dist = abs(i - trig.start)
        if best_dist is None or dist < best_dist:
            best, best_dist = value, dist
    return best


def _candidate(doc, trig, ctx, person_at, place_at, dates, quotes, holders=frozenset()) -> dict | None:
    part, kind = trig.label_.split("|")
    sent = sent_of(doc, trig.start)
    if kind == "call" and part == "nouns" and not _real_call(doc, trig):
        return None
    people_ids, unnamed = [], 0
    outside = [i for i in range(sent.start, sent.end) if not any(s <= doc[i].idx < e for s, e in quotes)]
    for i in outside:
        sp = person_at.get(i)
        if sp and sp.id and sp.id not in people_ids:
            people_ids.append(sp.id)
        elif sp and not sp.id:
            unnamed += 1  # "The President" of a readout: a party without a name
    chair = _chair(doc, trig, person_at, part)
    countries = _participant_countries(doc, sent, ctx, person_at, quotes)
    place = _nearest(trig, [(i, p) for i, p in place_at.items() if sent.start <= i < sent.end], doc, quotes)
    date_toks = []
    for x in dates:
        if x.get("value") and sent.start_char <= x["start"] < sent.end_char:
            span = span_of(doc, x["start"], x["end"])
            date_toks.append((span.start, x))
    date = _nearest(trig, date_toks, doc, quotes)
    if kind == "visit" and place is not None and place.country and place.country not in countries:
        countries.append(place.country)  # the host of a visit takes part in it
    if place is not None and place.country and place.country not in countries and set(people_ids) & holders:
        countries.append(place.country)  # "met President X" in Beirut: an official named without a country there
    definite = _definite(doc, trig)
    window = {t.lower_ for t in doc[max(sent.start, trig.start - 3):trig.start]}
    distinct = bool(window & _data()["distinct"])
    start, end = stripped(text_of(doc), sent.start_char, sent.end_char)
    return {"unnamed": unnamed, "_hosts": bool(set(people_ids) & holders), "_sent_index": sentence_number(doc, sent.start), "kind": kind, "trigger": trig.text,
            "start": start, "end": end, "evidence": text_of(doc)[start:end],
            "people_ids": people_ids, "chair_id": chair.id if chair else None,
            "countries": countries, "place": place, "date": date,
            "planned": _planned(doc, trig, date), "definite": definite, "distinct": distinct, "verb": part == "verbs", "upcoming": _upcoming(doc, trig), "spans": [(start, end)]}




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


def _real_call(doc, trig) -> bool:
    """A bare "call" is a phone call only with "had/held ... call" or "call with"."""
    if len(trig) > 1:
        return True
    before = {t.lower_ for t in doc[max(0, trig.start - 4):trig.start]}
    after = doc[trig.end].lower_ if trig.end < len(doc) else ""
    return bool(before & _data()["call_cues"]) or after == "with"


def _chair(doc, trig, person_at, part):
    """Who chaired or hosted: "chaired by X", or the subject of "X met/hosted/received"."""
    sent = sent_of(doc, trig.start)
    if "cues" not in doc.user_data:
        doc.user_data["cues"] = _data()["cues"](doc)
    for _, s, e in doc.user_data["cues"]:
        if not sent.start <= s < sent.end:
            continue
        for k in range(e, min(sent.end, e + 7)):
            if k in person_at:
                return person_at[k]
    if part == "verbs" and trig[0].lower_ in _data()["host_verbs"]:
        bridge = _data()["subject_bridge"]
        k = trig.start - 1
        while k >= sent.start and doc[k].lower_ in bridge:
            k -= 1
        if k in person_at and not _coordinated_subject(doc, k, sent, person_at):
            return person_at[k]
    return None


def _coordinated_subject(doc, k, sent, person_at) -> bool:
    """"X and Y met", "A's minister X and B's minister Y met": nobody chairs."""
    j = k
    while j > sent.start and (j in person_at or doc[j].text[:1].isupper() or doc[j].lower_ in ("of", "'s", "’s")):
        j -= 1
    return doc[j].lower_ == "and"


def _participant_countries(doc, sent, ctx, person_at, quotes) -> list[str]:
    """Countries of the people in the sentence and countries named in it, but not topics or quoted words."""
    def quoted(char):
        return any(s <= char < e for s, e in quotes)

    out = []
    for i in range(sent.start, sent.end):
        sp = person_at.get(i)
        if sp and sp.country and sp.country not in out and not quoted(doc[i].idx):
            out.append(sp.country)
    for m in ctx.country_mentions:
        if not (sent.start_char <= m["start"] < sent.end_char) or m["iso2"] in out or quoted(m["start"]):
            continue
        span = span_of(doc, m["start"], m["end"])
        window = {t.lower_ for t in doc[max(sent.start, span.start - 3):span.start]}
        if window & _data()["topic"]:
            continue
        if m.get("via") == "demonym" and not _names_a_party(doc, span.end, person_at):
            continue  # "Turkmen gas", "Venezuelan soil"
        out.append(m["iso2"])
    return out


def _names_a_party(doc, k: int, person_at) -> bool:
    """After a country adjective: a person, a title or a word for a delegation."""
    for j in range(k, min(len(doc), k + 3)):
        if j in person_at or doc[j].lower_ in _data()["party_nouns"]:
            return True
        if not doc[j].text[:1].isupper():
            return False
    return False


def _upcoming(doc, trig) -> bool:
    """An adjective that names a future event of its own ("the upcoming G20 meeting")."""
    window = {t.lower_ for t in doc[max(sent_of(doc, trig.start).start, trig.start - 4):trig.start]}
    return bool(window & _data()["upcoming"])


def _planned(doc, trig, date) -> bool:
    sent = sent_of(doc, trig.start)
    window = [t.lower_ for t in doc[max(sent.start, trig.start - 4):trig.end + 1]]
    joined = " " + " ".join(window) + " "
    return any(" " + " ".join(p) + " " in joined for p in _data()["planned"])


def _same_place_later(c: dict, prev: dict) -> None:
    """"X met A in Kyiv on Thursday. X later met B.": the same day, the same traveller, the same city."""
    if c["place"] is not None or prev["place"] is None or not (c["date"] and prev["date"]):
        return
    if c["date"]["value"] != prev["date"]["value"] or not set(c["people_ids"]) & set(prev["people_ids"]):
        return
    c["place"] = prev["place"]
    country = prev["place"].country
    if c["_hosts"] and country and country not in c["countries"]:
        c["countries"].append(country)


def _parties(c: dict) -> int:
    return len(set(c["countries"])) + len(c["people_ids"]) + c["unnamed"]


def _merge(cands: list[dict]) -> list[dict]:
    """One meeting per event: definite references and compatible repeats join earlier candidates."""
    merged: list[dict] = []
    for c in cands:
        target = None
        for m in reversed(merged):
            if m["kind"] == "participation" and c["kind"] != "participation":
                continue
            if _same_event(m, c):
                target = m
                break
        if target is None:
            c["_evidence_parties"] = _parties(c)
            if merged:
                _same_place_later(c, merged[-1])
            merged.append(c)
        else:
            _absorb(target, c)
    return merged


def _kinds_compatible(a: str, b: str) -> bool:
    """A call is only ever told again as a call; other kinds may name one event ("the visit", "the talks")."""
    return a == b or "call" not in (a, b)


def _same_event(m: dict, c: dict) -> bool:
    if c["kind"] == "participation":
        return _dates_ok(m, c)  # "Presidents from A and B attended": parties of the meeting just told
    if c["distinct"]:
        return False
    if m["planned"] != c["planned"] and (not c["definite"] or c["upcoming"] or m["upcoming"]):
        return False
    if m["spans"][-1] == (c["start"], c["end"]):
        return _compatible(m, c)  # two triggers in one sentence
    if c["place"] is not None and m["place"] is not None:
        return c["place"] is m["place"] and _dates_ok(m, c)
    if not _compatible(m, c) or not _kinds_compatible(m["kind"], c["kind"]):
        return False
    bare = not c["people_ids"] and not c["countries"]
    adjacent = m.get("_sent_index", -9) + 1 == c.get("_sent_index")
    if adjacent and not c["people_ids"] and not c["unnamed"]:
        return True  # the next sentence goes on about the same event without naming anyone new
    if adjacent and not m["people_ids"] and set(c["countries"]) <= set(m["countries"]):
        return True  # "A's minister met his B counterpart." then the next sentence names them
    if c["verb"] and c["kind"] in ("meeting", "talks") and set(c["people_ids"]) - set(m["people_ids"]):
        return False  # "later met President X": a new encounter with someone new
    if c["definite"] and (bare or c["place"] is not None or set(c["countries"]) <= set(m["countries"])):
        return True
    overlap = set(c["countries"]) & set(m["countries"])
    if c["people_ids"] and set(c["people_ids"]) <= set(m["people_ids"]) and set(c["countries"]) <= set(m["countries"]):
        return True  # the same people again, nobody new: the same event told again
    if m["date"] and c["date"] and (overlap or set(c["people_ids"]) & set(m["people_ids"])):
        return True  # the same day and the same parties: one event told twice
    # A later mention naming no party beyond the earlier one's is the same event told again.
    return len(overlap) >= 2 and set(c["countries"]) <= set(m["countries"])


def _compatible(m, c) -> bool:
    if c["place"] is not None and m["place"] is not None and c["place"] is not m["place"]:
        return False
    return _dates_ok(m, c)


def _dates_ok(m, c) -> bool:
    """Dates are compatible when either is unknown or their spans overlap (a day inside a range)."""
    if not (m["date"] and c["date"]):
        return True
    a, b = _bounds(m["date"]["value"]), _bounds(c["date"]["value"])
    return a[0] <= b[1] and b[0] <= a[1]


def _bounds(value: str) -> tuple[str, str]:
    first, last = value.split("/")[0], value.split("/")[-1]
    return (first + "-01-01"[len(first) - 4:] if len(first) < 10 else first,
            last + "-12-31"[len(last) - 4:] if len(last) < 10 else last)


def _absorb(m: dict, c: dict) -> None:
    for pid in c["people_ids"]:
        if pid not in m["people_ids"]:
            m["people_ids"].append(pid)
    for iso in c["countries"]:
        if iso not in m["countries"]:
            m["countries"].append(iso)
    m["chair_id"] = m["chair_id"] or c["chair_id"]
    m["unnamed"] = max(m["unnamed"], c["unnamed"])
    m["place"] = m["place"] or c["place"]
    m["date"] = m["date"] or c["date"]
    if (c["start"], c["end"]) not in m["spans"]:
        m["spans"].append((c["start"], c["end"]))
    m["_sent_index"] = c["_sent_index"]
    # The richest mention is the best evidence.
    # Evidence: the first mention that names two parties (the one that reports the meeting).
    if m["_evidence_parties"] < 2 <= _parties(c):
        m["_evidence_parties"] = _parties(c)
        m["evidence"], m["start"], m["end"] = c["evidence"], c["start"], c["end"]


def _is_meeting(m: dict) -> bool:
    """Two or more parties, or a named event with a place or date."""
    parties = len(set(m["countries"])) + max(0, len(m["people_ids"]) + m["unnamed"] - 1)
    if parties >= 2 or len(m["people_ids"]) + m["unnamed"] >= 2:
        return True
    return m["kind"] in ("conference", "summit") and (m["place"] is not None or m["date"] is not None)


def _public(m: dict, people) -> dict:
    by_id = {p.id: p for p in people}
    place = m["place"]
    date = m["date"]
    return {
        "id": m["id"], "kind": m["kind"],
        "date": date["value"] if date else None, "date_precision": date.get("precision") if date else None,
        "planned": m["planned"],
        "place": place.name if place else None, "place_aliases": place.aliases() if place else [],
        "place_country": place.country if place else None, "place_id": place.id if place else None,
        "chair": by_id[m["chair_id"]].name if m["chair_id"] in by_id else None, "chair_id": m["chair_id"],
        "countries": sorted(m["countries"]),
        "people": [by_id[i].name for i in m["people_ids"] if i in by_id],
        "people_ids": [i for i in m["people_ids"] if i in by_id],
        "evidence": m["evidence"], "start": m["start"], "end": m["end"],
    }
