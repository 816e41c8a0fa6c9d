"""Cell rendering: labels instead of ids, lists instead of JSON, every fact linked to its sentence.

Datasette calls ``render`` for every cell of every table, view, row and query
page, so cells it has nothing to add to return at once. Query pages do not say
which table a row comes from; their rows are recognised by their columns (a
``speaker`` or ``snippet`` makes a statement, ``evidence`` or ``chair`` a meeting).

- A foreign key shows its row's label, linked: Datasette expands them on table
  pages; on row pages (where it does not) the label is looked up here.
- JSON arrays show as lists: country codes as linked names, people as links.
- Statement and meeting rows link to their sentence in the article.
- An article's body shows as a short snippet; the whole text is on its article page.
"""
from __future__ import annotations

import json

from markupsafe import Markup, escape

from . import facts, links

STATEMENT_TABLES = {"statements", "statements_view", "statement_rows"}
MEETING_TABLES = {"meetings", "meetings_view", "archive_meetings", "meeting_rows"}
COUNTRY_LISTS = {"participants", "countries"}  # JSON arrays of ISO codes in fact rows
PEOPLE_LISTS = {"participant_names", "people"}  # JSON arrays of names in meeting rows
FACT_COLUMNS = {"article_id", "article", "text", "evidence", "snippet", "speaker", "chair", "place"}
# The canned query search_statements marks matches with these (see metadata.yml).
MATCH_OPEN, MATCH_CLOSE = "⟦", "⟧"
SNIPPET_CHARS = 220
# An empty JSON array shows as an empty cell, not "[]"; Datasette ignores an empty string.
EMPTY = Markup('<span class="archive-none"></span>')


def render(row, value, column, table, datasette):
    """HTML for the cell, an awaitable of it, or None to let Datasette render it."""
    label = value.get("label") if isinstance(value, dict) else None
    value = value["value"] if isinstance(value, dict) else value
    if value is None or value == "":
        return None
    fact = _fact_kind(table, row)
    if fact and column in FACT_COLUMNS:
        return _fact_cell(datasette, row, value, column, fact, label)
    if table == "articles" and column in ("title", "name"):
        return _link(links.article(datasette, _get(row, "id")), value)
    if table == "articles" and column == "body":
        return _snippet(datasette, row, value)
    if column == "curated":
        return _curated(value)
    if isinstance(value, str) and value.startswith("["):
        return _json_cell(datasette, row, value, column, fact)
    foreign = foreign_keys(datasette).get(table or "", {}).get(column)
    if foreign:
        return _foreign_key(datasette, foreign, value, label)
    return None


# Facts: statements and meetings -----------------------------------------------

def _fact_kind(table, row) -> str | None:
    if table in STATEMENT_TABLES:
        return "statement"
    if table in MEETING_TABLES:
        return "meeting"
    if table is None:
        keys = _keys(row)
        if keys & {"speaker", "snippet", "cue"}:
            return "statement"
        if keys & {"evidence", "chair", "participant_names"}:
            return "meeting"
    return None


def _fact_cell(datasette, row, value, column, fact, label):
    article_id = _get(row, "article_id")
    if column == "article_id":
        title = label or _get(row, "article")
        if title:
            return _article_link(datasette, row, value, fact, title)

        async def looked_up():
            return _article_link(datasette, row, value, fact,
                                 await _label(datasette, "articles", value) or f"article {value}")
        return looked_up
    if column == "article":
        return _article_link(datasette, row, article_id, fact, value) if article_id is not None else None
    if column in ("text", "snippet", "evidence"):
        if (column == "evidence") != (fact == "meeting"):
            return None
        return _with_context_link(datasette, row, value, fact, column == "snippet")
    if column == "speaker" and fact == "statement":
        if _get(row, "speaker_id") is not None:
            return _link(links.row(datasette, "people", _get(row, "speaker_id")), value)
        if _get(row, "organisation_id") is not None:
            return _link(links.row(datasette, "organisations", _get(row, "organisation_id")), value)
        return _link(links.find(datasette, "speaker", value), value)
    if column in ("chair", "place") and fact == "meeting":
        row_id = _get(row, f"{column}_id")
        if row_id is not None:
            return _link(links.row(datasette, "people" if column == "chair" else "places", row_id), value)
        return _link(links.find(datasette, "person" if column == "chair" else "place", value), value)
    return None


def _anchor(row, fact) -> str | None:
    fact_id = _get(row, "id")
    return f"{fact}-{fact_id}" if fact and fact_id is not None else None


def _article_link(datasette, row, article_id, fact, label) -> Markup:
    url = links.article(datasette, article_id, _anchor(row, fact))
    return Markup(f'<a class="archive-article" href="{escape(url)}" title="Read in the article">'
                  f'{escape(label)}</a>')


def _with_context_link(datasette, row, value, fact, is_snippet) -> Markup:
    text = escape(value)
    if is_snippet:
        text = Markup(str(text).replace(MATCH_OPEN, '<mark class="match">').replace(MATCH_CLOSE, "</mark>"))
    article_id = _get(row, "article_id")
    if article_id is None:
        return Markup(text)
    url = links.article(datasette, article_id, _anchor(row, fact))
    return Markup(f'{text} <a class="archive-context" href="{escape(url)}" '
                  f'title="Show this {fact} highlighted in its article">in&nbsp;context&nbsp;→</a>')


def _curated(value) -> Markup:
    """What the analyst set on the row: "✎ country, role", or an empty cell."""
    fields = facts.json_list(value)
    if not fields:
        return EMPTY
    return Markup(f'<span class="archive-curated" title="Set by the analyst in curation.yml">✎ '
                  f'{escape(", ".join(map(str, fields)))}</span>')


# JSON arrays --------------------------------------------------------------------

def _json_cell(datasette, row, value, column, fact):
    try:
        items = json.loads(value)
    except ValueError:  # text that only starts with "["
        return None
    if not isinstance(items, list) or not all(isinstance(i, (str, int, float)) for i in items):
        return None
    if not items:
        return EMPTY
    if column in COUNTRY_LISTS and fact:
        async def countries():
            names = await facts.country_names(datasette)
            return _joined(_link(links.row(datasette, "countries", c), names.get(c, c), title=c)
                           for c in map(str, items))
        return countries
    if column in PEOPLE_LISTS and fact == "meeting":
        ids = facts.json_list(_get(row, "person_ids"))
        if len(ids) == len(items):
            return _joined(_link(links.row(datasette, "people", pid), name) for pid, name in zip(ids, items))
        return _joined(_link(links.find(datasette, "person", str(name)), name) for name in items)
    if column == "person_ids":
        return _joined(_link(links.row(datasette, "people", pid), pid) for pid in items)
    return _joined(escape(item) for item in items)


def _joined(parts) -> Markup:
    return Markup('<span class="archive-list">' + ", ".join(str(p) for p in parts) + "</span>")


# Foreign keys -------------------------------------------------------------------

def foreign_keys(datasette) -> dict:
    """table -> column -> the table it references; read by ``load_foreign_keys`` at start-up."""
    return getattr(datasette, "_archive_foreign_keys", {})


async def load_foreign_keys(datasette) -> None:
    if not await links.is_archive(datasette):
        return
    every = await links.database(datasette).get_all_foreign_keys()
    datasette._archive_foreign_keys = {
        table: {fk["column"]: fk["other_table"] for fk in keys["outgoing"]} for table, keys in every.items()}


def _foreign_key(datasette, other_table: str, value, label):
    if label is not None:
        return _link(links.row(datasette, other_table, value), label, title=f"{other_table} {value}")

    async def looked_up():
        found = await _label(datasette, other_table, value)
        return _link(links.row(datasette, other_table, value), found or value, title=f"{other_table} {value}")
    return looked_up


async def _label(datasette, table: str, value) -> str | None:
    """The label (``label_column`` of metadata.yml, else name or title) of a row, by primary key."""
    db = links.database(datasette)
    column = await db.label_column_for_table(table)
    keys = await db.primary_keys(table)
    if not column or len(keys) != 1:
        return None
    # An article without a headline goes by its file name.
    label = f"coalesce([{column}], [name])" if column != "name" and "name" in await db.table_columns(table) \
        else f"[{column}]"
    row = (await db.execute(f"select {label} from [{table}] where [{keys[0]}] = ?", [value])).first()
    return row[0] if row else None


# Articles ---------------------------------------------------------------------

def _snippet(datasette, row, body: str) -> Markup:
    text = " ".join(body.split())
    short = text if len(text) <= SNIPPET_CHARS else text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    url = links.article(datasette, _get(row, "id"))
    return Markup(f'<span class="archive-snippet">{escape(short)}</span> '
                  f'<a class="archive-context" href="{escape(url)}">read&nbsp;→</a>')


# Helpers ------------------------------------------------------------------------

def _link(url: str, text, title: str | None = None) -> Markup:
    title_attr = f' title="{escape(title)}"' if title else ""
    return Markup(f'<a href="{escape(url)}"{title_attr}>{escape(text)}</a>')


def _keys(row) -> set:
    try:
        return set(row.keys())
    except AttributeError:
        return set()


def _get(row, key):
    try:
        value = row[key]
    except (IndexError, KeyError):
        return None
    return value["value"] if isinstance(value, dict) else value

