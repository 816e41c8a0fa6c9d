"""Score extractions against gold annotations (``archive evaluate``).

The rules are those of the reference scorer ``../shared/eval/score.py``, ported here
so that ``archive evaluate`` prints the same figures without it (``tests/test_evaluate.py``
runs both on the same gold sets and asserts identical numbers). In short
(``docs/evaluation.md``):

* names are folded (accents, case, punctuation, a leading "the") and match when a
  name or alias is equal, equal without leading titles and honorifics, one name's
  words lie inside the other's with the same last word, or a bare surname ends
  the other's full name;
* people, meetings and statements are paired one to one, required gold items first;
* gold items marked ``"optional": true`` are neither rewarded nor penalised;
* countries are compared as sets of ISO codes;
* statements pair by word overlap of their texts; ``statements`` also needs the
  right speaker; a predicted piece inside a matched gold statement is not spurious;
* meetings pair when their dates agree and they share the place, half their
  countries, or half the gold evidence's words.

``score_article`` scores one gold/prediction pair; ``evaluate_dir`` extracts every
article of a gold folder (or reads saved predictions) and sums the counts;
``format_report`` renders the result.
"""
from __future__ import annotations

import importlib
import json
import re
import unicodedata
from pathlib import Path
from typing import Callable

# Scores (micro-averaged precision, recall, F1) and accuracies, in the reference scorer's order.
CATEGORIES = ("people", "countries", "meetings", "meeting_countries", "statements_span", "statements")
ACCURACIES = ("person_country", "statement_kind", "meeting_date", "meeting_place")
DEFAULT_SCORED = ("people", "countries", "meetings", "statements")  # gold "scored" when absent

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
GOLD_SUFFIX = ".gold.json"
DIGITS = 3  # figures are rounded as the reference scorer rounds them

# --------------------------------------------------------------------------- names (as in score.py)

# A key ending in one of these is a title, not a surname ("the president").
TITLES = frozenset({
    "president", "minister", "secretary", "chancellor", "king", "queen", "premier", "ambassador", "spokesman",
    "spokeswoman", "spokesperson", "leader", "chairman", "general", "governor", "mayor", "prime", "envoy", "pm"})

# Leading words dropped from a folded name ("house speaker paul ryan" -> "paul ryan").
HONORIFICS = frozenset({
    "mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "sen", "senator", "rep", "representative",
    "gov", "governor", "president", "vice", "secretary", "minister", "prime", "speaker", "chairman", "chairwoman",
    "chair", "ambassador", "judge", "justice", "gen", "general", "col", "lt", "sgt", "rev", "sheikh", "former",
    "attorney", "foreign", "deputy", "state", "house", "senate", "spokesman", "spokeswoman", "spokesperson"})

_NOT_WORD = re.compile(r"[^\w\s]")


def fold(text: str | None) -> str:
    """Accents off, casefolded, punctuation to spaces, single spaces, a leading "the " dropped."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(_NOT_WORD.sub(" ", text).split())
    return text[4:] if text.startswith("the ") else text


def tokens(text: str | None) -> set[str]:
    """The set of folded words."""
    return set(fold(text).split())


def person_keys(person) -> set[str]:
    """Folded name and aliases of a person (a dict) or of a bare name (a string)."""
    if isinstance(person, str):
        return {fold(person)} - {""}
    if not isinstance(person, dict):
        return set()
    keys = {fold(person.get("name"))} | {fold(a) for a in person.get("aliases") or [] if isinstance(a, str)}
    return keys - {""}


def strip_titles(key: str) -> str:
    """Leading honorifics and title words off a folded name; the last word always stays."""
    words = key.split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def same_person(a_keys: set[str], b_keys: set[str]) -> bool:
    """Whether two sets of folded names name one person."""
    a_keys, b_keys = a_keys - {""}, b_keys - {""}
    if a_keys & b_keys:
        return True
    a_keys = a_keys | {strip_titles(k) for k in a_keys}
    b_keys = b_keys | {strip_titles(k) for k in b_keys}
    if a_keys & b_keys:
        return True
    for a in a_keys:  # one name's words inside the other's, same last word
        for b in b_keys:
            ta, tb = a.split(), b.split()
            if len(ta) > 1 and len(tb) > 1 and ta[-1] == tb[-1] and (set(ta) <= set(tb) or set(tb) <= set(ta)):
                return True
    a_keys = {k for k in a_keys if k.split()[-1] not in TITLES}
    b_keys = {k for k in b_keys if k.split()[-1] not in TITLES}
    for a in a_keys:  # a bare surname ends a full name ("lavrov" ~ "sergey lavrov")
        for b in b_keys:
            if " " in a and " " not in b and a.split()[-1] == b:
                return True
            if " " in b and " " not in a and b.split()[-1] == a:
                return True
    return False


def names_match(a, b) -> bool:
    """The name rule on two people or names (a dict with name and aliases, or a string)."""
    return same_person(person_keys(a), person_keys(b))


# --------------------------------------------------------------------------- matching and counts

def _optional(item) -> bool:
    return isinstance(item, dict) and bool(item.get("optional"))


def match(golds: list, preds: list, same: Callable, strength: Callable | None = None) -> list[tuple[int, int]]:
    """One-to-one (gold index, predicted index) pairs, best first: required gold before optional,
    then by ``strength(g, p)`` (higher first), then in list order."""
    candidates = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            if same(g, p):
                candidates.append((1 if _optional(g) else 0, -(strength(g, p) if strength else 0), gi, pi))
    candidates.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, _, gi, pi in candidates:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gi, pi))
    return pairs


def prf(tp: int, pred: int, gold: int) -> dict:
    """Counts and rounded precision, recall and F1 from tp, the counted predictions and the counted gold items.

    precision = tp/pred, or 1.0 when nothing was predicted and nothing was to find, 0.0 when
    something was missed; recall = tp/gold, 1.0 when there was nothing to find.
    """
    p = tp / pred if pred else (1.0 if not gold else 0.0)
    r = tp / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": pred - tp, "fn": gold - tp, "pred": pred, "gold": gold,
            "p": round(p, DIGITS), "r": round(r, DIGITS), "f1": round(f, DIGITS)}


def accuracy(values: list[bool]) -> dict:
    """Share of True values (None when there are none) and how many there are."""
    return {"acc": round(sum(values) / len(values), DIGITS) if values else None, "n": len(values)}


class _Tally:
    """Counts of one category in one article, with the items missed and spurious."""

    def __init__(self):
        self.tp = self.pred = self.gold = 0
        self.missed: list = []
        self.spurious: list = []

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold


def _list(value) -> list:
    return [x for x in value if isinstance(x, (dict, str))] if isinstance(value, list) else []


def _dicts(value) -> list:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _name(person) -> str | None:
    return person if isinstance(person, str) else person.get("name")


def _statement_item(s: dict, note: str | None = None) -> dict:
    item = {"speaker": s.get("speaker"), "text": s.get("text")}
    if note:
        item["note"] = note
    return item


def _meeting_item(m: dict) -> dict:
    return {"date": m.get("date"), "place": m.get("place"), "countries": sorted(m.get("countries") or []),
            "evidence": m.get("evidence")}


def _date_ok(gd: str, pd: str) -> bool:
    """Dates agree when either is unknown, or they agree as far as the coarser goes, or the
    predicted day lies inside a gold range."""
    pd = pd[:10]
    if not gd or not pd or gd[:10] == pd or gd.startswith(pd) or pd.startswith(gd[:10]):
        return True
    return "/" in gd and gd.split("/")[0][:len(pd)] <= pd <= gd.split("/")[-1]


def _place_keys(m: dict) -> set[str]:
    return {fold(x) for x in [m.get("place")] + list(m.get("place_aliases") or []) if isinstance(x, str) and x}


def score_article(gold: dict, predicted: dict | None, body: str | None = None) -> dict:
    """Score one article's extraction against its gold annotation (``body`` is not needed).

    Returns ``{category: prf row}`` for every category of ``CATEGORIES``,
    ``{accuracy: [bool, ...]}`` for every one of ``ACCURACIES`` (summed over
    articles by ``evaluate_dir``), and ``"missed"`` and ``"spurious"``: per
    category the gold items not found and the predicted items counted as wrong.
    """
    gold = gold if isinstance(gold, dict) else {}
    pred = predicted if isinstance(predicted, dict) else {}
    scored = set(gold.get("scored") or DEFAULT_SCORED)
    t = {cat: _Tally() for cat in CATEGORIES}
    acc: dict[str, list[bool]] = {k: [] for k in ACCURACIES}

    # people
    gp, pp = _list(gold.get("people")), _list(pred.get("people"))
    pairs = match(gp, pp, names_match)
    opt_g = {i for i, g in enumerate(gp) if _optional(g)}
    if "people" in scored:
        required = [(gi, pi) for gi, pi in pairs if gi not in opt_g]
        t["people"].add(len(required), len(pp) - (len(pairs) - len(required)), len(gp) - len(opt_g))
        matched_g, matched_p = {gi for gi, _ in pairs}, {pi for _, pi in pairs}
        t["people"].missed = [_name(g) for i, g in enumerate(gp) if i not in matched_g and i not in opt_g]
        t["people"].spurious = [_name(p) for i, p in enumerate(pp) if i not in matched_p]
        for gi, pi in pairs:
            if isinstance(gp[gi], dict) and gp[gi].get("country"):
                p_country = pp[pi].get("country") if isinstance(pp[pi], dict) else None
                acc["person_country"].append(gp[gi]["country"] == (p_country or None))

    def gold_person(name):
        """Index of the gold person a name refers to, else ("other", folded name)."""
        keys = person_keys(name)
        for i, g in enumerate(gp):
            if same_person(person_keys(g), keys):
                return i
        return ("other", fold(name))

    def pred_person(name):
        """As gold_person, through the predicted person's own name and aliases."""
        keys = person_keys(name)
        for p in pp:
            if same_person(person_keys(p), keys):
                keys = person_keys(p)
                break
        for i, g in enumerate(gp):
            if same_person(person_keys(g), keys):
                return i
        return ("other", fold(name))

    # countries
    gc = {c for c in gold.get("countries") or [] if isinstance(c, str)}
    pc = {c for c in pred.get("countries") or [] if isinstance(c, str)}
    if "countries" in scored:
        t["countries"].add(len(gc & pc), len(pc), len(gc))
        t["countries"].missed, t["countries"].spurious = sorted(gc - pc), sorted(pc - gc)

    # statements
    gs = _dicts(gold.get("statements")) if "statements" in scored else []
    ps = _dicts(pred.get("statements")) if "statements" in scored else []
    gtok = [tokens(s.get("text")) for s in gs]
    ptok = [tokens(s.get("text")) for s in ps]
    gi_of, pi_of = {id(s): i for i, s in enumerate(gs)}, {id(s): i for i, s in enumerate(ps)}

    def same_speaker(g, p) -> bool:
        a, b = gold_person(g or ""), pred_person(p or "")
        if isinstance(a, tuple) and isinstance(b, tuple):  # neither is a gold person: compare the names
            if not a[1] or not b[1]:
                return False
            b_keys = {b[1]}
            for q in pp:  # the predicted speaker's own aliases count too
                if same_person(person_keys(q), {b[1]}):
                    b_keys |= person_keys(q)
            return same_person({a[1]}, b_keys)
        return a == b

    def text_match(g, p) -> bool:
        gt, pt = gtok[gi_of[id(g)]], ptok[pi_of[id(p)]]
        if not gt or not pt:
            return False
        inter = len(gt & pt)
        return inter / len(gt | pt) >= 0.5 or inter / len(gt) >= 0.8

    def overlap(g, p) -> float:
        gt, pt = gtok[gi_of[id(g)]], ptok[pi_of[id(p)]]
        return len(gt & pt) / len(gt | pt) if gt | pt else 0

    speaker_ok = {}

    def right_speaker(gi, pi) -> bool:
        if (gi, pi) not in speaker_ok:
            speaker_ok[gi, pi] = same_speaker(gs[gi].get("speaker"), ps[pi].get("speaker"))
        return speaker_ok[gi, pi]

    spairs = match(gs, ps, text_match,
                   lambda g, p: overlap(g, p) + (1 if right_speaker(gi_of[id(g)], pi_of[id(p)]) else 0))
    opt_s = {i for i, g in enumerate(gs) if _optional(g)}
    optional_p = {pi for gi, pi in spairs if gi in opt_s}
    used_p = {pi for _, pi in spairs}

    def inside(pi, gi) -> bool:
        pt = ptok[pi]
        return bool(pt) and len(pt & gtok[gi]) / len(pt) >= 0.8

    absorbed = {pi for pi in range(len(ps)) if pi not in used_p and any(inside(pi, gi) for gi, _ in spairs)}
    absorbed_ok = {pi for pi in absorbed if any(inside(pi, gi) and right_speaker(gi, pi) for gi, _ in spairs)}
    required = [(gi, pi) for gi, pi in spairs if gi not in opt_s]
    t["statements_span"].add(len(required), len(ps) - len(optional_p) - len(absorbed), len(gs) - len(opt_s))
    ok = [(gi, pi) for gi, pi in spairs if right_speaker(gi, pi)]
    ok_required = [(gi, pi) for gi, pi in ok if gi not in opt_s]
    t["statements"].add(len(ok_required), len(ps) - len(optional_p) - len(absorbed_ok), len(gs) - len(opt_s))
    for gi, pi in spairs:
        acc["statement_kind"].append((gs[gi].get("kind") or "") == (ps[pi].get("kind") or ""))
    span_g, ok_g, ok_p = {gi for gi, _ in spairs}, {gi for gi, _ in ok}, {pi for _, pi in ok}
    pred_of = dict(spairs)
    for gi, g in enumerate(gs):
        if gi in opt_s:
            continue
        if gi not in span_g:
            t["statements_span"].missed.append(_statement_item(g))
            t["statements"].missed.append(_statement_item(g))
        elif gi not in ok_g:
            note = f"text found, wrong speaker: {ps[pred_of[gi]].get('speaker')!r}"
            t["statements"].missed.append(_statement_item(g, note))
    gold_of = {pi: gi for gi, pi in spairs}
    for pi, p in enumerate(ps):
        if pi in optional_p:
            continue
        if pi not in used_p and pi not in absorbed:
            t["statements_span"].spurious.append(_statement_item(p))
        if pi not in ok_p and pi not in absorbed_ok:
            note = f"wrong speaker, gold: {gs[gold_of[pi]].get('speaker')!r}" if pi in gold_of else None
            t["statements"].spurious.append(_statement_item(p, note))

    # meetings
    gm = _dicts(gold.get("meetings")) if "meetings" in scored else []
    pm = _dicts(pred.get("meetings")) if "meetings" in scored else []

    def meet_match(g, p) -> bool:
        if not _date_ok(g.get("date") or "", p.get("date") or ""):
            return False
        gcs, pcs = set(g.get("countries") or []), set(p.get("countries") or [])
        jaccard = len(gcs & pcs) / len(gcs | pcs) if gcs | pcs else 0
        evidence = (g.get("evidence") and p.get("evidence")
                    and len(tokens(g["evidence"]) & tokens(p["evidence"])) / max(1, len(tokens(g["evidence"]))) >= 0.5)
        return bool(_place_keys(g) & _place_keys(p)) or jaccard >= 0.5 or bool(evidence)

    mpairs = match(gm, pm, meet_match)
    opt_m = {i for i, g in enumerate(gm) if _optional(g)}
    required = [(gi, pi) for gi, pi in mpairs if gi not in opt_m]
    t["meetings"].add(len(required), len(pm) - (len(mpairs) - len(required)), len(gm) - len(opt_m))
    matched_g, matched_p = {gi for gi, _ in mpairs}, {pi for _, pi in mpairs}
    t["meetings"].missed = [_meeting_item(g) for i, g in enumerate(gm) if i not in matched_g and i not in opt_m]
    t["meetings"].spurious = [_meeting_item(p) for i, p in enumerate(pm) if i not in matched_p]
    for gi, pi in mpairs:
        g, p = gm[gi], pm[pi]
        gcs, pcs = set(g.get("countries") or []), set(p.get("countries") or [])
        t["meeting_countries"].add(len(gcs & pcs), len(pcs), len(gcs))
        if gcs - pcs:
            t["meeting_countries"].missed.append({"evidence": g.get("evidence"), "countries": sorted(gcs - pcs)})
        if pcs - gcs:
            t["meeting_countries"].spurious.append({"evidence": p.get("evidence"), "countries": sorted(pcs - gcs)})
        if g.get("date"):
            gd, pd = g["date"], (p.get("date") or "")[:10]
            acc["meeting_date"].append(pd == gd[:10] or ("/" in gd and gd.split("/")[0] <= pd <= gd.split("/")[-1]))
        if g.get("place"):
            acc["meeting_place"].append(bool(_place_keys(g) & _place_keys(p)))

    result: dict = {cat: prf(t[cat].tp, t[cat].pred, t[cat].gold) for cat in CATEGORIES}
    result.update(acc)
    result["missed"] = {cat: t[cat].missed for cat in CATEGORIES}
    result["spurious"] = {cat: t[cat].spurious for cat in CATEGORIES}
    return result


# --------------------------------------------------------------------------- folders

class EvaluationError(Exception):
    """An article that could not be extracted (missing, unreadable, failed to ingest or extract)."""


def find_article(gold_path: Path, gold: dict) -> Path | None:
    """The article beside a gold file: its ``article`` key, else NAME.txt / NAME.md / NAME.html."""
    folder = gold_path.parent
    named = gold.get("article") if isinstance(gold, dict) else None
    if isinstance(named, str) and named:
        candidate = folder / named
        if candidate.is_file():
            return candidate
    for suffix in ARTICLE_SUFFIXES:
        candidate = folder / f"{_stem(gold_path)}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _stem(gold_path: Path) -> str:
    name = gold_path.name
    return name[: -len(GOLD_SUFFIX)] if name.endswith(GOLD_SUFFIX) else gold_path.stem


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


def _predict(gold_path: Path, gold: dict, extract_fn: Callable | None, pred_dir: Path | None) -> dict:
    """The extraction to score: NAME.json from ``pred_dir``, else the extraction of the article."""
    if pred_dir is not None:
        path = pred_dir / f"{_stem(gold_path)}.json"
        if not path.is_file():
            raise EvaluationError(f"no prediction {path.name}")
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EvaluationError(f"unreadable prediction {path.name}: {exc}") from exc
    path = find_article(gold_path, gold)
    if path is None:
        raise EvaluationError("article file not found")
    article = _ingest_first(path)
    try:
        return extract_fn(article)
    except Exception as exc:
        raise EvaluationError(f"extraction failed: {type(exc).__name__}: {exc}") from exc


def _evaluate_one(gold_path: Path, extract_fn: Callable | None, pred_dir: Path | None) -> dict:
    try:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return {"article": gold_path.name, "gold": gold_path.name, "error": f"unreadable gold file: {exc}"}
    if not isinstance(gold, dict):
        return {"article": gold_path.name, "gold": gold_path.name, "error": "gold file is not a JSON object"}
    name = gold.get("article") if isinstance(gold.get("article"), str) else gold_path.name
    entry: dict = {"article": name, "gold": gold_path.name}
    try:
        predicted = _predict(gold_path, gold, extract_fn, pred_dir)
    except EvaluationError as exc:
        entry["error"] = str(exc)
        predicted = {}  # scored as an empty prediction, as score.py scores a missing prediction file
    entry.update(score_article(gold, predicted))
    return entry


def evaluate_dir(gold_dir: Path, extract_fn: Callable | None = None, pred_dir: Path | None = None) -> dict:
    """Score every ``NAME.gold.json`` in ``gold_dir``.

    The prediction is ``extract_fn(article)`` (default ``archive.extract.extract_article``) of
    the article beside the gold file, or ``pred_dir/NAME.json`` when ``pred_dir`` is given (the
    reference scorer's layout). Returns, summed over the articles, a P/R/F1 row per category and
    an accuracy per kind of attribute; ``"articles"``: one entry per gold file with its own rows,
    missed and spurious items, and an ``"error"`` when its prediction could not be made (it is
    then scored as empty); ``"scored"`` and ``"errors"``: how many articles of each.
    """
    gold_dir = Path(gold_dir)
    if extract_fn is None and pred_dir is None:
        from .extract import extract_article as extract_fn
    articles = [_evaluate_one(p, extract_fn, Path(pred_dir) if pred_dir else None)
                for p in sorted(gold_dir.glob(f"*{GOLD_SUFFIX}"))]
    counted = [a for a in articles if "people" in a]  # all but unreadable gold files
    report: dict = {}
    for cat in CATEGORIES:
        report[cat] = prf(*(sum(a[cat][k] for a in counted) for k in ("tp", "pred", "gold")))
    for kind in ACCURACIES:
        report[kind] = accuracy([v for a in counted for v in a[kind]])
    report["scored"] = sum(1 for a in articles if "error" not in a)
    report["errors"] = sum(1 for a in articles if "error" in a)
    report["articles"] = [{k: (accuracy(v) if k in ACCURACIES else v) for k, v in a.items()} for a in articles]
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
    if cat.startswith("statements"):
        text = f"{item.get('speaker') or '(no speaker)'}: \"{_truncate(item.get('text'))}\""
        return f"{text} ({item['note']})" if item.get("note") else text
    return str(item)


def format_report(report: dict, verbose: bool = False) -> str:
    """A plain-text table of P/R/F1 and counts, then the accuracies; with ``verbose``, the
    missed and spurious items per article."""
    articles = report.get("articles", [])
    lines = [f"{'category':<20}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for cat in CATEGORIES:
        s = report.get(cat)
        if s:
            lines.append(f"{cat:<20}{s['p']:>7.3f}{s['r']:>7.3f}{s['f1']:>7.3f}{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    for kind in ACCURACIES:
        a = report.get(kind)
        if a:
            value = "-" if a["acc"] is None else f"{a['acc']:.3f}"
            lines.append(f"{kind + ' accuracy':<27}{value:>7}   of {a['n']}")
    lines.append(f"{report.get('scored', 0)} article(s) scored, {report.get('errors', 0)} error(s)")
    for a in articles:
        if "error" in a:
            lines.append(f"error: {a.get('article')}: {a['error']} (scored as an empty prediction)")
    if verbose:
        for a in articles:
            if "people" not in a:
                continue
            counts = "  ".join(f"{cat} {a[cat]['tp']}/{a[cat]['fp']}/{a[cat]['fn']}" for cat in CATEGORIES)
            lines.append("")
            lines.append(f"== {a.get('article')}  (tp/fp/fn: {counts})")
            if not any(a.get(kind, {}).get(cat) for kind in ("missed", "spurious") for cat in CATEGORIES):
                lines.append("  nothing missed or spurious")
            for cat in CATEGORIES:
                for kind in ("missed", "spurious"):
                    for item in a.get(kind, {}).get(cat, []):
                        lines.append(f"  {kind:<8} {cat:<17} {_describe(cat, item)}")
    return "\n".join(lines)
