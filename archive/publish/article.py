"""The article page: the body with every extracted fact and mention highlighted in place."""
from __future__ import annotations

import json
from collections import Counter

from . import highlight, links
from .highlight import Span

STATEMENTS_SQL = """
select s.id, s.start, s."end", s.kind, s.text, s.cue, s.date, s.speaker_id, s.organisation_id,
       coalesce(p.name, o.name, s.speaker_name) as speaker
from statements s
left join people p on p.id = s.speaker_id
left join organisations o on o.id = s.organisation_id
where s.article_id = :id
  and s.id in (select id from statement_rows where article_id = :id)  -- not rejected by curation
order by s.start, s.id
"""
MEETINGS_SQL = """
select m.id, m.start, m."end", m.kind, m.date, m.planned, m.place_id, pl.name as place,
       m.chair_id, ch.name as chair, m.participants, m.participant_names
from meetings m
left join places pl on pl.id = m.place_id
left join people ch on ch.id = m.chair_id
where m.article_id = :id
  and m.id in (select id from meetings_view where article_id = :id)  -- not rejected by curation
order by m.start, m.id
"""
MENTIONS_SQL = """
select entity_type, entity_id, surface, start, "end" from mentions
where article_id = :id order by start, "end" desc
"""
# Names of the entities the article mentions, for tooltips and the lists beside the text.
NAMES_SQL = """
select 'person' as type, cast(id as text) as id, name from people where id in
  (select cast(entity_id as integer) from mentions where article_id = :id and entity_type = 'person')
union all
select 'organisation', cast(id as text), name from organisations where id in
  (select cast(entity_id as integer) from mentions where article_id = :id and entity_type = 'organisation')
union all
select 'place', cast(id as text), name from places where id in
  (select cast(entity_id as integer) from mentions where article_id = :id and entity_type = 'place')
union all
select 'country', iso2, name from countries where iso2 in
  (select entity_id from mentions where article_id = :id and entity_type = 'country')
"""
ENTITY_TABLES = {"person": "people", "organisation": "organisations", "place": "places",
                 "country": "countries"}
LIST_ORDER = ("person", "country", "place", "organisation", "date")


async def context(datasette, article_id: int) -> dict | None:
    """Everything the article template shows, or None if there is no such article."""
    db = links.database(datasette)
    params = {"id": article_id}
    article = (await db.execute("select * from articles where id = :id", params)).first()
    if article is None:
        return None
    statements = [dict(r) for r in await db.execute(STATEMENTS_SQL, params)]
    meetings = [dict(r) for r in await db.execute(MEETINGS_SQL, params)]
    mentions = [dict(r) for r in await db.execute(MENTIONS_SQL, params)]
    names = {(r["type"], r["id"]): r["name"] for r in await db.execute(NAMES_SQL, params)}
    body = article["body"] or ""
    spans = (_statement_spans(statements) + _meeting_spans(meetings)
             + _mention_spans(datasette, mentions, names))
    shown, dropped = highlight.valid_spans(body, spans)
    counts = Counter(span.kind for span in shown)
    for meeting in meetings:
        meeting["participants"] = json.loads(meeting["participants"] or "[]")
        meeting["participant_names"] = json.loads(meeting["participant_names"] or "[]")
    return {
        "article": dict(article),
        "original_url": links.external(article["url"]),
        "body_html": highlight.render(body, shown),
        "counts": {kind: counts.get(kind, 0) for kind in highlight.KINDS},
        "dropped": dropped,
        "statements": statements,
        "meetings": meetings,
        "entities": _entity_lists(datasette, mentions, names),
        "country_names": {key[1]: name for key, name in names.items() if key[0] == "country"},
    }


def _statement_spans(statements: list[dict]) -> list[Span]:
    return [Span(s["start"], s["end"], "statement", anchor=f"statement-{s['id']}", tag=f"S{s['id']}",
                 title=f"Statement {s['id']}: {s['speaker'] or 'unknown speaker'} ({s['kind'] or 'statement'})")
            for s in statements]


def _meeting_spans(meetings: list[dict]) -> list[Span]:
    return [Span(m["start"], m["end"], "meeting", anchor=f"meeting-{m['id']}", tag=f"M{m['id']}",
                 title=f"Meeting {m['id']}: {m['kind'] or 'meeting'}"
                       + (f" in {m['place']}" if m["place"] else "")
                       + (f", {m['date']}" if m["date"] else ""))
            for m in meetings]


def _mention_spans(datasette, mentions: list[dict], names: dict) -> list[Span]:
    spans = []
    for m in mentions:
        kind, entity_id = m["entity_type"], m["entity_id"]
        name = names.get((kind, entity_id)) or entity_id or m["surface"]
        href = _entity_url(datasette, kind, entity_id)
        spans.append(Span(m["start"], m["end"], kind, title=f"{kind}: {name}", href=href))
    return spans


def _entity_url(datasette, kind: str, entity_id) -> str | None:
    if entity_id is None:
        return None
    if kind in ENTITY_TABLES:
        return links.row(datasette, ENTITY_TABLES[kind], entity_id)
    if kind == "date" and len(entity_id) >= 7:
        return links.table(datasette, "statement_rows", {"date__startswith": entity_id[:7]})
    return None


def _entity_lists(datasette, mentions: list[dict], names: dict) -> list[dict]:
    """Per entity type: the entities named in the article, most mentioned first."""
    counted = Counter((m["entity_type"], m["entity_id"] or m["surface"]) for m in mentions)
    groups = []
    for kind in LIST_ORDER:
        items = [{"name": names.get((k, entity_id)) or entity_id, "count": n,
                  "url": _entity_url(datasette, k, entity_id)}
                 for (k, entity_id), n in counted.most_common() if k == kind]
        if items:
            groups.append({"kind": kind, "items": items})
    return groups
