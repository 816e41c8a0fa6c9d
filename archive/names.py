"""Spelling keys for personal names, shared by extraction (within an article) and
resolution (across the archive): "Sergey"/"Sergei", "Yevgeny"/"Evgeny" fold alike."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from . import gazetteer, geo


def normalise(text: str | None) -> str:
    """Matching key for a name: no accents, casefolded, words separated by single spaces."""
    text = text or ""
    if text.isascii():  # nothing to decompose (most names and sentences): the same key, sooner
        plain = text
    else:
        plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).split())


_NOT_WORD = re.compile(r"[\W_]+")


@lru_cache(maxsize=1)
def _folds() -> tuple:
    return tuple(tuple(pair) for pair in gazetteer.load("names")["folds"])


@lru_cache(maxsize=4096)
def fold(token: str) -> str:
    """A transliteration-tolerant key for one name token (data/names.yml folds, then voicing and vowels)."""
    key = normalise(token).replace(" ", "")
    for a, b in _folds():
        key = key.replace(a, b)
    return geo.phonetic(key)
