"""An article body as HTML with its facts and entity mentions highlighted.

Spans come from character offsets stored in the database (end exclusive). They
may nest (a mention inside a statement) or cross (a statement running into a
meeting's evidence); crossing spans are split so the HTML nests properly, and
only the first piece of a span carries its ``id`` anchor.

displaCy's ``ent`` style cannot nest and its ``span`` style works on tokens with
inline styles, so this small renderer keeps exact character offsets and leaves
the look to ``static/archive.css`` (displaCy's colours).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from markupsafe import Markup, escape

# Facts open outside entities that start at the same offset.
FACT_KINDS = ("meeting", "statement")
ENTITY_KINDS = ("person", "organisation", "country", "place", "date")
KINDS = FACT_KINDS + ENTITY_KINDS


@dataclass(frozen=True)
class Span:
    """One highlighted stretch of the body."""

    start: int
    end: int
    kind: str                 # one of KINDS
    title: str = ""           # tooltip
    anchor: str | None = None  # element id, e.g. "statement-5"
    href: str | None = None   # where the label links to (entities)
    tag: str | None = None    # short visible tag, e.g. "S5"

    @property
    def is_fact(self) -> bool:
        return self.kind in FACT_KINDS


def valid_spans(body: str, spans: list[Span]) -> tuple[list[Span], int]:
    """Spans whose offsets fit the body, trimmed of edge whitespace, and how many were dropped."""
    kept = [_trimmed(body, s) for s in spans
            if isinstance(s.start, int) and isinstance(s.end, int) and 0 <= s.start < s.end <= len(body)]
    kept = [s for s in kept if s.start < s.end]
    return kept, len(spans) - len(kept)


def _trimmed(body: str, span: Span) -> Span:
    """The span without leading or trailing whitespace (evidence may start at a paragraph break)."""
    start, end = span.start, span.end
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return span if (start, end) == (span.start, span.end) else replace(span, start=start, end=end)


def render(body: str, spans: list[Span]) -> Markup:
    """HTML of ``body`` with every span wrapped; the text itself is escaped."""
    spans, _ = valid_spans(body, spans)
    starting = defaultdict(list)
    for span in sorted(spans, key=_open_order):
        starting[span.start].append(span)
    boundaries = sorted({0, len(body)} | {s.start for s in spans} | {s.end for s in spans})
    out: list[str] = []
    stack: list[Span] = []
    position = 0
    for boundary in boundaries:
        out.append(str(escape(body[position:boundary])))
        position = boundary
        stack = _close_at(boundary, stack, out)
        for span in starting.get(boundary, ()):
            out.append(_open(span, first=True))
            stack.append(span)
    return Markup("".join(out))


def _open_order(span: Span):
    """Outer spans first: facts before entities, then the longest."""
    return (span.start, 0 if span.is_fact else 1, -span.end, KINDS.index(span.kind))


def _close_at(boundary: int, stack: list[Span], out: list[str]) -> list[Span]:
    """Close every span ending here, closing and reopening the ones opened inside them."""
    ending = [i for i, span in enumerate(stack) if span.end <= boundary]
    if not ending:
        return stack
    lowest = ending[0]
    for span in reversed(stack[lowest:]):
        out.append(_close(span, last=span.end <= boundary))
    reopened = [span for span in stack[lowest:] if span.end > boundary]
    for span in reopened:
        out.append(_open(span, first=False))
    return stack[:lowest] + reopened


def _open(span: Span, first: bool) -> str:
    anchor = f' id="{escape(span.anchor)}"' if first and span.anchor else ""
    title = f' title="{escape(span.title)}"' if span.title else ""
    if span.is_fact:
        data = f' data-fact="{escape(span.anchor)}"' if span.anchor else ""
        tag = f'<a class="fact-tag" href="#{escape(span.anchor)}">{escape(span.tag)}</a>' \
            if first and span.tag and span.anchor else ""
        return f'<span class="fact fact-{span.kind}"{anchor}{data}{title}>{tag}'
    return f'<mark class="ent ent-{span.kind}"{anchor}{title}>'


def _close(span: Span, last: bool) -> str:
    if span.is_fact:
        return "</span>"
    if not last:
        return "</mark>"
    label = escape(span.kind)
    if span.href:
        label = Markup(f'<a href="{escape(span.href)}">{label}</a>')
    return f'<span class="ent-label">{label}</span></mark>'
