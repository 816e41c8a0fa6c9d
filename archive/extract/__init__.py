"""Extraction: a pure function of one article (text + metadata + gazetteers)."""
from __future__ import annotations

from ..model import Article


def extract_article(article: Article) -> dict:
    """People, organisations, countries, places, dates, meetings and statements of one article."""
    from .pipeline import run

    return run(article)
