"""Read-only gazetteers: the YAML and text files under ``archive/data``.

Every word list the extractors use lives in one of these files and is read here,
so a concept has one list in one place. Users extend the files; code only reads
them (once per process).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed YAML data file ``archive/data/NAME.yml`` (shared: do not modify it)."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def value(name: str, *keys: str):
    """The value under ``keys`` (nested sections, outermost first) of data file ``name``; None if absent."""
    node = load(name)
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


@lru_cache(maxsize=None)
def word_list(name: str, *keys: str) -> tuple[str, ...]:
    """The list of words under ``keys`` of data file ``name``, in file order (empty if absent).

    Raises ``ValueError`` for an entry that is not a string: YAML reads a bare
    ``on``, ``no`` or ``yes`` as a boolean, so such words must be quoted.
    """
    words = tuple(value(name, *keys) or ())
    for word in words:
        if not isinstance(word, str):
            raise ValueError(f"{name}.yml {'.'.join(keys)}: {word!r} is not a string (quote it)")
    return words


@lru_cache(maxsize=None)
def word_set(name: str, *keys: str) -> frozenset:
    """The set of words under ``keys`` of data file ``name`` (see ``word_list``)."""
    return frozenset(word_list(name, *keys))


@lru_cache(maxsize=None)
def lines(name: str) -> frozenset:
    """The entries of the text file ``archive/data/NAME.txt``: one per line, blanks and ``#`` comments left out."""
    path = DATA_DIR / f"{name}.txt"
    if not path.exists():
        return frozenset()
    return frozenset(line.strip() for line in path.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.lstrip().startswith("#"))
