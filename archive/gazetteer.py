"""Read-only gazetteers: the YAML and text files under ``archive/data``.

Users extend these files; code only reads them (once per process).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

DATA_DIR = Path(__file__).parent / "data"


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """The parsed YAML data file ``archive/data/NAME.yml``."""
    with open(DATA_DIR / f"{name}.yml", encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


@lru_cache(maxsize=None)
def word_set(name: str, key: str) -> frozenset:
    """A set of words from list ``key`` of data file ``name``."""
    return frozenset(load(name).get(key) or [])
