"""Score extractions against gold annotations (``archive evaluate``).

Gold files are ``NAME.gold.json`` in the shape of ``../shared/gold/FORMAT.md``;
predictions are extraction dicts (``docs/extraction-format.md``). The matching
rules are documented in ``docs/evaluation.md``; in short:

* names match when normalised equal, when one's tokens are a subset of the
  other's and they share the last token, or when one equals an alias of the other;
* people and meetings are matched one-to-one (greedy, best matches first);
* countries are compared as sets of ISO codes;
* statements match when their texts overlap by half of the shorter one AND
  the speaker matches; a text match with the wrong speaker is one FP and one FN;
* gold items marked ``"optional": true`` never count: matching one is neither
  a TP nor an FP, missing one is not an FN.

``score_article`` is the pure scorer of one article; ``evaluate_dir`` runs
ingest + extraction over a gold folder; ``format_report`` renders the result.
"""
from __future__ import annotations

import importlib
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Callable, Iterable

# Categories in report order. The first five are the scores; the last is informational.
CATEGORIES = ("people", "countries", "meetings", "meeting_countries", "statements", "statements_text_only")
SCORED_CATEGORIES = CATEGORIES[:5]
# Categories that list missed/spurious items per article.
ITEM_CATEGORIES = SCORED_CATEGORIES

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
GOLD_SUFFIX = ".gold.json"

TEXT_OVERLAP_THRESHOLD = 0.5  # statements: overlap must cover this share of the shorter text
MIN_SHARED_MEETING_COUNTRIES = 2  # meetings matched by date need this many shared countries

# --------------------------------------------------------------------------- names

# Honorifics and titles dropped from the start of a name (repeatedly, longest first).
# Scorer logic, deliberately short: the subset rule below absorbs most other prefixes.
_TITLE_PHRASES = (
    "the", "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "sheikh", "sheik", "shaikh", "prince", "princess", "king", "queen", "emir", "pope",
    "president", "vice president", "prime minister", "deputy prime minister",
    "foreign minister", "deputy foreign minister", "minister", "premier", "chancellor",
    "secretary", "secretary of state", "secretary general", "ambassador", "senator", "sen",
    "rep", "representative", "governor", "mayor", "gen", "col", "chairman", "chairwoman",
    "his excellency", "her excellency", "his majesty", "her majesty", "his holiness",
    "interim", "acting", "former",
)
_TITLES = sorted((tuple(p.split()) for p in _TITLE_PHRASES), key=len, reverse=True)

_POSSESSIVE = re.compile(r"['’]s\b")
_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[\W_]+")


def _fold(text: str) -> str:
    """NFKD, strip combining accents, casefold."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


def _tokens(text: str) -> list[str]:
    """Accent-free, casefolded word tokens; apostrophes vanish, other punctuation splits."""
    folded = _APOSTROPHES.sub("", _fold(text))
    return [t for t in _NON_WORD.split(folded) if t]


def _name_key(name: str | None) -> tuple[tuple[str, ...], bool]:
    """(tokens, title_only) of a name with leading honorifics/titles dropped.

    A name made only of titles ("The President") keeps its title words (minus a
    leading "the") and is flagged ``title_only``: such names match only exactly.
    """
    tokens = _tokens(_POSSESSIVE.sub("", name or ""))
    rest = tokens
    stripped = True
    while stripped and rest:
        stripped = False
        for title in _TITLES:
            if tuple(rest[: len(title)]) == title:
                rest = rest[len(title):]
                stripped = True
                break
    if rest:
        return tuple(rest), False
    while tokens and tokens[0] == "the":
        tokens = tokens[1:]
    return tuple(tokens), True


def normalise_name(name: str | None) -> str:
    """The normalised form used by the name rule, e.g. "Mr. Tomáš Dvořák" -> "tomas dvorak"."""
    return " ".join(_name_key(name)[0])


def _name_score(a: str | None, b: str | None,
                a_aliases: Iterable[str] = (), b_aliases: Iterable[str] = ()) -> int:
    """3 exact (normalised), 2 alias, 1 token subset sharing the last token, 0 no match."""
    ka, ta_only = _name_key(a)
    kb, tb_only = _name_key(b)
    if not ka or not kb:
        return 0
    if ka == kb:
        return 3
    if kb in {_name_key(x)[0] for x in a_aliases or ()} or ka in {_name_key(x)[0] for x in b_aliases or ()}:
        return 2
    if not ta_only and not tb_only and ka[-1] == kb[-1]:
        sa, sb = set(ka), set(kb)
        if sa <= sb or sb <= sa:
            return 1
    return 0


def names_match(a: str | None, b: str | None,
                a_aliases: Iterable[str] = (), b_aliases: Iterable[str] = ()) -> bool:
    """The name rule (see module doc); aliases of either side are optional."""
    return _name_score(a, b, a_aliases, b_aliases) > 0


# --------------------------------------------------------------------------- spans

# One-character-for-one-character folding, so offsets stay valid.
_SPAN_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-", "\u00a0": " "})


def locate(body: str, text: str | None) -> tuple[int, int] | None:
    """(start, end) of ``text`` in ``body``: exact substring first, then ignoring
    case, whitespace runs and curly-vs-straight quotes/dashes. None if not found."""
    if not text or not body:
        return None
    i = body.find(text)
    if i >= 0:
        return i, i + len(text)
    words = text.translate(_SPAN_FOLD).split()
    if not words:
        return None
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, body.translate(_SPAN_FOLD), flags=re.IGNORECASE)
    return (m.start(), m.end()) if m else None


def _span(body: str, item: dict, key: str) -> tuple[int, int] | None:
    """Where the item's ``key`` text is in ``body``.

    Its own start/end when they are valid and ``body[start:end]`` is the text (or
    there is no text); else the text located in ``body``; else the offsets if valid.
    """
    start, end = item.get("start"), item.get("end")
    text = item.get(key)
    offsets = None
    if (isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool)
            and not isinstance(end, bool) and 0 <= start < end <= len(body)):
        offsets = (start, end)
        if not text or body[start:end] == text:
            return offsets
    return locate(body, text) or offsets


def _overlap(a: tuple[int, int] | None, b: tuple[int, int] | None) -> int:
    if a is None or b is None:
        return 0
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def text_overlap(body: str, gold_text: str | None, pred_text: str | None,
                 gold_span=None, pred_span=None) -> float:
    """Share of the shorter text covered by the other (0..1).

    Character spans in ``body`` when both can be found; otherwise the overlap of
    normalised token multisets divided by the shorter token count.
    """
    gs = gold_span if gold_span is not None else locate(body, gold_text)
    ps = pred_span if pred_span is not None else locate(body, pred_text)
    if gs is not None and ps is not None:
        shorter = min(gs[1] - gs[0], ps[1] - ps[0])
        return _overlap(gs, ps) / shorter if shorter > 0 else 0.0
    gt, pt = Counter(_tokens(gold_text or "")), Counter(_tokens(pred_text or ""))
    shorter = min(sum(gt.values()), sum(pt.values()))
    if shorter == 0:
        return 0.0
    return sum((gt & pt).values()) / shorter


# --------------------------------------------------------------------------- scores

def prf(tp: int, fp: int, fn: int) -> dict:
    """Counts plus precision, recall and F1 (rounded to 4 places), never dividing by zero.

    precision = tp/(tp+fp); when nothing was predicted it is 1.0 if nothing was
    missed either (fn == 0), else 0.0. recall = tp/(tp+fn); when there is nothing
    to find it is 1.0 if nothing was predicted (fp == 0), else 0.0.
    F1 = 2PR/(P+R), 0.0 when P+R == 0.
    """
    if tp + fp:
        precision = tp / (tp + fp)
    else:
        precision = 1.0 if fn == 0 else 0.0
    if tp + fn:
        recall = tp / (tp + fn)
    else:
        recall = 1.0 if fp == 0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"tp": tp, "fp": fp, "fn": fn,
            "precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def _greedy(candidates: list[tuple]) -> list[tuple[int, int]]:
    """One-to-one pairs from (sort_key..., gold_index, pred_index) tuples, best (smallest) key first."""
    used_g, used_p, pairs = set(), set(), []
    for cand in sorted(candidates):
        gi, pi = cand[-2], cand[-1]
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def _as_list(value) -> list:
    return value if isinstance(value, list) else []


def _person(entry) -> tuple[str | None, list[str], bool]:
    """(name, aliases, optional) of a gold or predicted person (dict, or a bare name)."""
    if isinstance(entry, str):
        return entry, [], False
    if not isinstance(entry, dict):
        return None, [], False
    aliases = [a for a in _as_list(entry.get("aliases")) if isinstance(a, str)]
    return entry.get("name"), aliases, bool(entry.get("optional"))


def _codes(values) -> set[str]:
    return {v.strip().upper() for v in _as_list(values) if isinstance(v, str) and v.strip()}


class _Tally:
    """tp/fp/fn plus the missed and spurious items of one category."""

    def __init__(self):
        self.tp = self.fp = self.fn = 0
        self.missed: list = []
        self.spurious: list = []

    def result(self) -> dict:
        return prf(self.tp, self.fp, self.fn)


def _score_people(gold: list, pred: list) -> _Tally:
    t = _Tally()
    g = [_person(x) for x in gold]
    p = [_person(x) for x in pred]
    candidates = []
    for gi, (gname, galiases, gopt) in enumerate(g):
        for pi, (pname, paliases, _) in enumerate(p):
            score = _name_score(gname, pname, galiases, paliases)
            if score:
                candidates.append((-score, gopt, gi, pi))
    pairs = _greedy(candidates)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    t.tp = sum(1 for gi, _ in pairs if not g[gi][2])
    for gi, (gname, _, gopt) in enumerate(g):
        if gi not in matched_g and not gopt:
            t.fn += 1
            t.missed.append(gname)
    for pi, (pname, _, _) in enumerate(p):
        if pi not in matched_p:
            t.fp += 1
            t.spurious.append(pname)
    return t


def _score_countries(gold, pred) -> _Tally:
    t = _Tally()
    g, p = _codes(gold), _codes(pred)
    t.tp = len(g & p)
    t.missed = sorted(g - p)
    t.spurious = sorted(p - g)
    t.fn, t.fp = len(t.missed), len(t.spurious)
    return t


def _meeting_item(m: dict) -> dict:
    return {"date": m.get("date"), "place": m.get("place"),
            "countries": sorted(_codes(m.get("countries"))), "evidence": m.get("evidence")}


def _score_meetings(gold: list, pred: list, body: str) -> tuple[_Tally, _Tally]:
    t, tc = _Tally(), _Tally()
    gold = [m for m in gold if isinstance(m, dict)]
    pred = [m for m in pred if isinstance(m, dict)]
    g_spans = [_span(body, m, "evidence") for m in gold]
    p_spans = [_span(body, m, "evidence") for m in pred]
    candidates = []
    for gi, gm in enumerate(gold):
        gopt = bool(gm.get("optional"))
        for pi, pm in enumerate(pred):
            overlap = _overlap(g_spans[gi], p_spans[pi])
            if overlap:
                candidates.append((0, -overlap, gopt, gi, pi))
                continue
            gdate, pdate = gm.get("date"), pm.get("date")
            shared = len(_codes(gm.get("countries")) & _codes(pm.get("countries")))
            if gdate and pdate and gdate == pdate and shared >= MIN_SHARED_MEETING_COUNTRIES:
                candidates.append((1, -shared, gopt, gi, pi))
    pairs = _greedy(candidates)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    for gi, pi in sorted(pairs):
        gm, pm = gold[gi], pred[pi]
        if gm.get("optional"):
            continue
        t.tp += 1
        gc, pc = _codes(gm.get("countries")), _codes(pm.get("countries"))
        tc.tp += len(gc & pc)
        missed, spurious = sorted(gc - pc), sorted(pc - gc)
        tc.fn += len(missed)
        tc.fp += len(spurious)
        if missed:
            tc.missed.append({"evidence": gm.get("evidence"), "countries": missed})
        if spurious:
            tc.spurious.append({"evidence": pm.get("evidence"), "countries": spurious})
    for gi, gm in enumerate(gold):
        if gi not in matched_g and not gm.get("optional"):
            t.fn += 1
            t.missed.append(_meeting_item(gm))
    for pi, pm in enumerate(pred):
        if pi not in matched_p:
            t.fp += 1
            t.spurious.append(_meeting_item(pm))
    return t, tc


def _gold_speaker_aliases(speaker: str | None, gold_people: list) -> list[str]:
    """Names and aliases of the gold people the speaker refers to (exactly, or via an alias)."""
    key = _name_key(speaker)[0]
    if not key:
        return []
    out: list[str] = []
    for entry in gold_people:
        name, aliases, _ = _person(entry)
        forms = [name] + aliases if name else aliases
        if key in {_name_key(f)[0] for f in forms}:
            out.extend(f for f in forms if f)
    return out


def _pred_speaker(stmt: dict, pred_people: list, pred_orgs: list) -> tuple[str | None, list[str]]:
    """(speaker name, aliases) of a predicted statement, resolved through speaker_id when possible."""
    speaker = stmt.get("speaker")
    sid = stmt.get("speaker_id")
    aliases: list[str] = []
    for entry in pred_people + pred_orgs:
        if not isinstance(entry, dict):
            continue
        if (sid and entry.get("id") == sid) or (speaker and entry.get("name") == speaker):
            name, more, _ = _person(entry)
            if speaker is None:
                speaker = name
            elif name and name != speaker:
                aliases.append(name)
            aliases.extend(more)
    return speaker, aliases


def _statement_item(s: dict, note: str | None = None) -> dict:
    item = {"speaker": s.get("speaker"), "text": s.get("text")}
    if note:
        item["note"] = note
    return item


def _score_statements(gold: list, pred: list, body: str, gold_people: list,
                      pred_people: list, pred_orgs: list) -> tuple[_Tally, _Tally]:
    t, tt = _Tally(), _Tally()
    gold = [s for s in gold if isinstance(s, dict)]
    pred = [s for s in pred if isinstance(s, dict)]
    g_spans = [_span(body, s, "text") for s in gold]
    p_spans = [_span(body, s, "text") for s in pred]
    g_speakers = [(s.get("speaker"), _gold_speaker_aliases(s.get("speaker"), gold_people)) for s in gold]
    p_speakers = [_pred_speaker(s, pred_people, pred_orgs) for s in pred]
    candidates = []
    speaker_ok: dict[tuple[int, int], bool] = {}
    for gi, gs in enumerate(gold):
        gopt = bool(gs.get("optional"))
        for pi, ps in enumerate(pred):
            ratio = text_overlap(body, gs.get("text"), ps.get("text"), g_spans[gi], p_spans[pi])
            if ratio < TEXT_OVERLAP_THRESHOLD:
                continue
            ok = names_match(g_speakers[gi][0], p_speakers[pi][0], g_speakers[gi][1], p_speakers[pi][1])
            speaker_ok[gi, pi] = ok
            candidates.append((not ok, gopt, -ratio, gi, pi))
    pairs = _greedy(candidates)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    for gi, pi in sorted(pairs):
        gs, ps = gold[gi], pred[pi]
        if gs.get("optional"):
            continue  # neither TP nor FP, whatever the speaker
        tt.tp += 1
        if speaker_ok[gi, pi]:
            t.tp += 1
        else:
            t.fp += 1
            t.fn += 1
            t.missed.append(_statement_item(gs, f"text found, wrong speaker: {ps.get('speaker')!r}"))
            t.spurious.append(_statement_item(ps, f"wrong speaker, gold: {gs.get('speaker')!r}"))
    for gi, gs in enumerate(gold):
        if gi not in matched_g and not gs.get("optional"):
            t.fn += 1
            tt.fn += 1
            t.missed.append(_statement_item(gs))
    for pi, ps in enumerate(pred):
        if pi not in matched_p:
            t.fp += 1
            tt.fp += 1
            t.spurious.append(_statement_item(ps))
    return t, tt


def score_article(gold: dict, predicted: dict, body: str) -> dict:
    """Score one article's extraction against its gold annotation.

    Returns ``{category: {"tp", "fp", "fn", "precision", "recall", "f1"}}`` for every
    category in ``CATEGORIES``, plus ``"missed"`` and ``"spurious"``: per category
    the gold items not found and the predicted items not in gold (people: names;
    countries: ISO codes; meetings: date/place/countries/evidence; meeting_countries:
    evidence and codes; statements: speaker and text, with a note for a wrong speaker).
    """
    gold = gold or {}
    predicted = predicted or {}
    body = body or ""
    gold_people = _as_list(gold.get("people"))
    pred_people = _as_list(predicted.get("people"))
    pred_orgs = _as_list(predicted.get("organisations"))
    tallies = {
        "people": _score_people(gold_people, pred_people),
        "countries": _score_countries(gold.get("countries"), predicted.get("countries")),
    }
    tallies["meetings"], tallies["meeting_countries"] = _score_meetings(
        _as_list(gold.get("meetings")), _as_list(predicted.get("meetings")), body)
    tallies["statements"], tallies["statements_text_only"] = _score_statements(
        _as_list(gold.get("statements")), _as_list(predicted.get("statements")), body,
        gold_people, pred_people, pred_orgs)
    result: dict = {cat: tallies[cat].result() for cat in CATEGORIES}
    result["missed"] = {cat: tallies[cat].missed for cat in ITEM_CATEGORIES}
    result["spurious"] = {cat: tallies[cat].spurious for cat in ITEM_CATEGORIES}
    return result


# --------------------------------------------------------------------------- folders

class EvaluationError(Exception):
    """An article that could not be scored (missing, unreadable, failed to ingest or extract)."""


def find_article(gold_path: Path, gold: dict) -> Path | None:
    """The article beside a gold file: its ``article`` key, else NAME.txt / NAME.md / NAME.html."""
    folder = gold_path.parent
    named = gold.get("article") if isinstance(gold, dict) else None
    if isinstance(named, str) and named:
        candidate = folder / named
        if candidate.is_file():
            return candidate
    stem = gold_path.name[: -len(GOLD_SUFFIX)] if gold_path.name.endswith(GOLD_SUFFIX) else gold_path.stem
    for suffix in ARTICLE_SUFFIXES:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _ingest_first(path: Path):
    """The first Article of a file, via ``archive.ingest.iter_articles``."""
    ingest = importlib.import_module("archive.ingest")
    try:
        for item in ingest.iter_articles(path):
            if isinstance(item, Exception):
                raise EvaluationError(f"ingest failed: {item}")
            return item
    except EvaluationError:
        raise
    except Exception as exc:  # a broken file must not stop the evaluation
        raise EvaluationError(f"ingest failed: {type(exc).__name__}: {exc}") from exc
    raise EvaluationError("ingest found no article in the file")


def _evaluate_one(gold_path: Path, extract_fn: Callable) -> dict:
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {"article": gold_path.name, "gold": gold_path.name, "error": f"unreadable gold file: {exc}"}
    if not isinstance(gold, dict):
        return {"article": gold_path.name, "gold": gold_path.name, "error": "gold file is not a JSON object"}
    name = gold.get("article") if isinstance(gold.get("article"), str) else gold_path.name
    entry: dict = {"article": name, "gold": gold_path.name}
    path = find_article(gold_path, gold)
    if path is None:
        entry["error"] = "article file not found"
        return entry
    try:
        article = _ingest_first(path)
        try:
            predicted = extract_fn(article)
        except Exception as exc:
            raise EvaluationError(f"extraction failed: {type(exc).__name__}: {exc}") from exc
    except EvaluationError as exc:
        entry["error"] = str(exc)
        return entry
    entry.update(score_article(gold, predicted, article.body))
    return entry


def evaluate_dir(gold_dir: Path, extract_fn: Callable | None = None) -> dict:
    """Score every ``NAME.gold.json`` in ``gold_dir`` against the extraction of its article.

    ``extract_fn(article) -> dict`` defaults to ``archive.extract.extract_article``.
    Returns micro-averaged counts and P/R/F1 per category (summed over the scored
    articles), ``"articles"`` (one entry per gold file: its scores, missed and
    spurious items, or an ``"error"``), ``"scored"`` and ``"errors"`` (counts).
    """
    gold_dir = Path(gold_dir)
    if extract_fn is None:
        from .extract import extract_article as extract_fn
    articles = [_evaluate_one(p, extract_fn) for p in sorted(gold_dir.glob(f"*{GOLD_SUFFIX}"))]
    report: dict = {}
    for cat in CATEGORIES:
        sums = [sum(a[cat][k] for a in articles if "error" not in a) for k in ("tp", "fp", "fn")]
        report[cat] = prf(*sums)
    report["scored"] = sum(1 for a in articles if "error" not in a)
    report["errors"] = sum(1 for a in articles if "error" in a)
    report["articles"] = articles
    return report


# --------------------------------------------------------------------------- text report

def _truncate(text, width: int = 80) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _describe(cat: str, item) -> str:
    if cat in ("people", "countries") or not isinstance(item, dict):
        return str(item)
    if cat == "meetings":
        head = " ".join(str(x) for x in (item.get("date"), item.get("place")) if x)
        codes = ",".join(item.get("countries") or [])
        parts = [p for p in (head, f"[{codes}]" if codes else "") if p]
        return f"{' '.join(parts)} \"{_truncate(item.get('evidence'))}\"".strip()
    if cat == "meeting_countries":
        return f"{','.join(item.get('countries') or [])} in \"{_truncate(item.get('evidence'), 60)}\""
    if cat == "statements":
        text = f"{item.get('speaker') or '(no speaker)'}: \"{_truncate(item.get('text'))}\""
        return f"{text} ({item['note']})" if item.get("note") else text
    return str(item)


def format_report(report: dict, verbose: bool = False) -> str:
    """A plain-text table of P/R/F1 and counts; with ``verbose``, missed and spurious items per article."""
    articles = report.get("articles", [])
    lines = []
    if report.get("scored", 0) or not articles:
        lines.append(f"{'category':<26}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}")
        for cat in CATEGORIES:
            s = report.get(cat)
            if not s:
                continue
            label = cat if cat != "statements_text_only" else "statements (any speaker)"
            lines.append(f"{label:<26}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                         f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    else:
        lines.append("no article could be scored")
    lines.append(f"{report.get('scored', 0)} article(s) scored, {report.get('errors', 0)} error(s)")
    for a in articles:
        if "error" in a:
            lines.append(f"error: {a.get('article')}: {a['error']}")
    if verbose:
        for a in articles:
            if "error" in a:
                continue
            counts = "  ".join(f"{cat} {a[cat]['tp']}/{a[cat]['fp']}/{a[cat]['fn']}" for cat in SCORED_CATEGORIES)
            lines.append("")
            lines.append(f"== {a.get('article')}  (tp/fp/fn: {counts})")
            if not any(a.get(kind, {}).get(cat) for kind in ("missed", "spurious") for cat in ITEM_CATEGORIES):
                lines.append("  nothing missed or spurious")
            for cat in ITEM_CATEGORIES:
                for kind in ("missed", "spurious"):
                    for item in a.get(kind, {}).get(cat, []):
                        lines.append(f"  {kind:<8} {cat:<17} {_describe(cat, item)}")
    return "\n".join(lines)
