"""The spaCy pipeline, built once per process.

spaCy's blank English pipeline (rule-based tokenizer plus a sentencizer) needs
no model download, so extraction runs fully offline.
"""
from __future__ import annotations

from functools import lru_cache

import spacy


@lru_cache(maxsize=1)
def get_nlp():
    """A blank English pipeline with sentence boundaries; shared by all extractors."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def make_doc(text: str):
    """Tokenize and split ``text`` into sentences."""
    return get_nlp()(text)
