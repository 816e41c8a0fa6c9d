"""What the archive does not know yet: undated and unresolved records, and the review list.

The index page shows the counts, each linking to the rows concerned; ``/-/review``
is ``archive review`` as a page (``archive.review``: what most likely hurts an
analyst, most damaging first), with the command that would fix each item. The list
looks at the whole archive (seconds on a million statements), so it is computed at
the end of every load and curation that changed something and stored in
``review_items``: the page reads the rows of the kind it shows, and a decision shows
at once. An archive whose list was never stored (written before) has it computed here
and kept in memory for as long as the database files are unchanged.
"""
from __future__ import annotations

import os
from collections import Counter

from .. import review
from . import links

# Counted once per load (archive_summary, see archive/summaries.py), not per request.
GAPS_SQL = """
select undated_articles as articles, undated_statements as statements, undated_meetings as meetings,
       unmapped_meetings, unresolved_places as places, unknown_speakers as speakers
from archive_summary
"""
NO_GAPS = {"articles": 0, "statements": 0, "meetings": 0, "unmapped_meetings": 0, "places": 0, "speakers": 0}
REVIEW_SHOWN = 200


async def gaps(datasette) -> list[dict]:
    """Each kind of gap with its count and a link to the rows, in the order the index lists them."""
    counts = (await links.database(datasette).execute(GAPS_SQL)).first() or NO_GAPS

    def table(name: str, params: dict) -> str:
        return links.table(datasette, name, params)

    return [
        {"n": counts["articles"], "what": "articles without a publication date",
         "url": table("articles", {"published__isblank": 1})},
        {"n": counts["statements"], "what": "statements without a date (their own or their article's)",
         "url": table("statement_rows", {"date__isblank": 1})},
        {"n": counts["meetings"], "what": "meetings without a date (their own or their article's)",
         "url": table("meeting_rows", {"date__isblank": 1})},
        {"n": counts["unmapped_meetings"], "what": "meetings with neither a located place nor a host country",
         "url": links.page(datasette, "/-/map") + "#unplaced"},
        {"n": counts["places"], "what": "places not located (no GeoNames settlement)",
         "url": table("places", {"resolved": 0})},
        {"n": counts["speakers"], "what": "statements whose speaker is neither a known person nor an organisation",
         "url": table("statement_rows", {"speaker_id__isnull": 1, "organisation_id__isnull": 1})},
    ]


_REVIEWED: dict[str, tuple[tuple, list]] = {}  # database path -> (its fingerprint, review items)


def _fingerprint(path: str) -> tuple | None:
    """What changes whenever the database is written: its file's and its write-ahead log's size and time."""
    found = []
    for name in (path, path + "-wal"):
        try:
            st = os.stat(name)
        except OSError:
            found.append(None)
        else:
            found.append((st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(found) if found[0] else None


async def review_items(datasette) -> list[review.Item]:
    """``archive review``'s items computed here (no stored list), again only when the database changed."""
    db = links.database(datasette)
    path = None if db.is_memory else db.path
    before = _fingerprint(path) if path else None
    cached = _REVIEWED.get(path)
    if before is not None and cached and cached[0] == before:
        return cached[1]
    items = await db.execute_fn(review.review)
    if before is not None and _fingerprint(path) == before:  # not written while it was computed
        _REVIEWED[path] = (before, items)
    return items


async def _stored_review(datasette, kind: str | None) -> tuple[dict, list[review.Item]] | None:
    """(items per kind, the first items of ``kind`` or all) as the last load or curation stored them;
    None if the archive has no stored list."""
    def read(conn):
        if review.stored_at(conn) is None:
            return None
        return review.stored_kinds(conn), review.stored(conn, kind, REVIEW_SHOWN)

    return await links.database(datasette).execute_fn(read)


async def review_context(datasette, kind: str | None = None) -> dict:
    """``archive review``'s items, most impactful first, optionally of one kind."""
    found = await _stored_review(datasette, kind)
    if found is not None:
        kinds, chosen = found
        total = sum(kinds.values()) if kind is None else kinds.get(kind, 0)
    else:
        items = await review_items(datasette)
        kinds = Counter(item.kind for item in items)
        chosen = [item for item in items if kind is None or item.kind == kind]
        total = len(chosen)
    return {
        "items": [_shaped(datasette, item) for item in chosen[:REVIEW_SHOWN]],
        "total": total,
        "kinds": [{"kind": k, "n": n, "url": links.page(datasette, "/-/review", kind=k)} for k, n in
                  sorted(kinds.items(), key=lambda item: (-item[1], item[0]))],
        "kind": kind,
        "all_url": links.page(datasette, "/-/review"),
    }


# Which rows an item points at: its details' "rows" ([table, id] pairs), else by its kind.
ITEM_TABLES = {"duplicate person": "people", "duplicate place": "places", "unresolved place": "places",
               "not a person?": "people", "low-confidence statement": "statements"}
ROW_LABELS = {"people": "person", "places": "place", "meetings": "meeting", "statements": "statement",
              "organisations": "organisation"}


def _shaped(datasette, item: review.Item) -> dict:
    pairs = item.details.get("rows")
    if pairs is None:
        table = ITEM_TABLES.get(item.kind)
        ids = item.details.get("ids") or ([item.details["id"]] if "id" in item.details else [])
        pairs = [[table, i] for i in ids] if table else []
    rows = [{"label": f"{ROW_LABELS.get(table, table)} {i}", "url": links.row(datasette, table, i)}
            for table, i in pairs]
    return {"kind": item.kind, "impact": item.impact, "summary": item.summary, "suggestion": item.suggestion,
            "commands": [c for c in item.details.get("commands") or [] if c != item.suggestion], "rows": rows}
