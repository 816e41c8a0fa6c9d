"""Token-level view of what earlier extraction steps found, shared by later steps."""
from __future__ import annotations

from ..nlp import span_of


class Context:
    """Country and organisation mentions of one doc, indexed by token."""

    def __init__(self, doc, country_mentions: list[dict], organisations: list | None = None):
        self.doc = doc
        self.country_mentions = country_mentions
        self._country_by_tok: dict[int, tuple[str, int, int]] = {}
        self._blocked: set[int] = set()
        for m in country_mentions:
            span = span_of(doc, m["start"], m["end"])
            if span is None:
                continue
            for i in range(span.start, span.end):
                self._country_by_tok[i] = (m["iso2"], span.start, span.end)
                self._blocked.add(i)
        self.org_tokens: dict[int, object] = {}
        for org in organisations or []:
            for m in org.mentions:
                span = span_of(doc, m["start"], m["end"])
                if span is None:
                    continue
                for i in range(span.start, span.end):
                    self.org_tokens[i] = org
                    self._blocked.add(i)

    def block(self, start_tok: int, end_tok: int) -> None:
        self._blocked.update(range(start_tok, end_tok))

    def blocked_token(self, i: int) -> bool:
        return i in self._blocked

    def country_at(self, i: int) -> str | None:
        hit = self._country_by_tok.get(i)
        return hit[0] if hit else None

    def country_ending_at(self, i: int) -> str | None:
        hit = self._country_by_tok.get(i)
        return hit[0] if hit and hit[2] == i + 1 else None

    def country_start_token(self, i: int) -> int:
        return self._country_by_tok[i][1]

    def country_starting_at(self, j: int) -> str | None:
        hit = self._country_by_tok.get(j)
        return hit[0] if hit and hit[1] == j else None

    def country_end_token(self, j: int) -> int:
        return self._country_by_tok[j][2]

    def countries_in(self, start_char: int, end_char: int) -> list[str]:
        """ISO codes mentioned between two character offsets, in order, unique."""
        out = []
        for m in self.country_mentions:
            if m["start"] >= start_char and m["end"] <= end_char and m["iso2"] not in out:
                out.append(m["iso2"])
        return out
