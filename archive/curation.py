"""The analyst's decisions, kept in a plain YAML file and applied after every load.

``curation.yml`` (beside the database unless ``--curation`` names another
file) lists aliases, merges, splits, renames and rejects. Decisions name
entities by name, and statements or meetings by their stable ``key``, never by
row id, so they survive re-extraction, schema upgrades and reloads from
scratch. Applying the file is idempotent: a decision already in effect changes
nothing. Rejected statements and meetings are flagged (``rejected = 1``), not
deleted, so removing a reject from the file brings the row back on next apply.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import events, resolve, store

FILE_NAME = "curation.yml"
ENTITY_KINDS = ("person", "place", "organisation")
REJECT_KINDS = ("statement", "meeting")
# Applied in this order, in passes until nothing changes (see ``apply``).
MAX_PASSES = 5
SECTIONS = {"renames": ENTITY_KINDS, "merges": ENTITY_KINDS + ("meeting",), "aliases": ENTITY_KINDS,
            "splits": ENTITY_KINDS + ("meeting",), "rejects": REJECT_KINDS}
FIELDS = {"renames": ("from", "to"), "merges": ("from", "into"), "aliases": ("alias", "of"),
          "splits": ("from", "alias"), "rejects": ("key",)}
HEADER = """\
# Curation decisions for the archive, applied after every `archive load`.
# Written by `archive alias|merge|rename|split|reject`; safe to edit by hand
# (then run `archive curate`). Entities are named by name or alias; statements
# and meetings by their key ("article name@start-end"). A meeting merge joins the
# archive meetings of two reports; a meeting split takes the report `alias` out
# of the archive meeting of the report `from`.
"""


class CurationError(Exception):
    """A decision that names nothing in the archive, or names it ambiguously."""


@dataclass(frozen=True)
class Spec:
    """Where an entity kind lives and which columns point at it."""

    table: str
    aliases: str
    fk: str
    refs: tuple  # (table, column): rows that carry an article_id
    joins: tuple  # (table, column): join tables keyed on the column


SPECS = {
    "person": Spec("people", "person_aliases", "person_id",
                   (("statements", "speaker_id"), ("meetings", "chair_id")),
                   (("article_people", "person_id"), ("person_roles", "person_id"),
                    ("meeting_people", "person_id"))),
    "place": Spec("places", "place_aliases", "place_id", (("meetings", "place_id"),), ()),
    "organisation": Spec("organisations", "organisation_aliases", "organisation_id",
                         (("statements", "organisation_id"),), ()),
}
REJECT_TABLES = {"statement": "statements", "meeting": "meetings"}


# The file ---------------------------------------------------------------------

def default_path(db_path) -> Path:
    """``curation.yml`` in the database's folder."""
    return Path(db_path).parent / FILE_NAME


def read(path) -> dict:
    """The decisions in ``path`` (empty if the file does not exist), checked for shape."""
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    data = data or {}
    if not isinstance(data, dict):
        raise CurationError(f"{path}: expected sections {', '.join(SECTIONS)}")
    for section, kinds in data.items():
        if section not in SECTIONS or not isinstance(kinds, dict):
            raise CurationError(f"{path}: unknown section {section!r} (expected one of {', '.join(SECTIONS)})")
        for kind, entries in kinds.items():
            if kind not in SECTIONS[section] or not isinstance(entries, list):
                raise CurationError(f"{path}: {section} has no kind {kind!r} "
                                    f"(expected one of {', '.join(SECTIONS[section])})")
            for entry in entries:
                _check_entry(path, section, kind, entry)
    return data


def _check_entry(path, section: str, kind: str, entry) -> None:
    if section == "rejects" and isinstance(entry, str):
        return
    if not isinstance(entry, dict) or any(not entry.get(f) for f in FIELDS[section]):
        raise CurationError(f"{path}: {section}.{kind} entry {entry!r} needs {', '.join(FIELDS[section])}")


def write(path, data: dict) -> None:
    """Write the decisions as diffable YAML: one section per kind of decision."""
    clean = {s: {k: v for k, v in data.get(s, {}).items() if v} for s in SECTIONS}
    clean = {s: kinds for s, kinds in clean.items() if kinds}
    text = yaml.safe_dump(clean, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    Path(path).write_text(HEADER + text, encoding="utf-8")


def record(data: dict, section: str, kind: str, entry: dict) -> bool:
    """Add a decision to ``data`` unless it is already there; True if added."""
    entries = data.setdefault(section, {}).setdefault(kind, [])
    if any(_entry_key(section, e) == _entry_key(section, entry) for e in entries):
        return False
    entries.append(entry)
    return True


def _entry_key(section: str, entry) -> tuple:
    if isinstance(entry, str):
        return (entry,)
    return tuple(resolve.normalise(str(entry[f])) if section != "rejects" else entry[f]
                 for f in FIELDS[section])


def decisions(data: dict):
    """(section, kind, entry) for every decision, in application order."""
    for section, kinds in SECTIONS.items():
        for kind in kinds:
            for entry in data.get(section, {}).get(kind) or []:
                yield section, kind, entry


def describe(section: str, kind: str, entry) -> str:
    """A decision in words, as the command that makes it."""
    if section == "rejects":
        return f"reject {kind} {entry if isinstance(entry, str) else entry['key']}"
    verb = {"renames": "rename", "merges": "merge", "aliases": "alias", "splits": "split"}[section]
    args = " ".join(f'"{entry[f]}"' for f in FIELDS[section])
    return f"{verb} {kind} {args}"


# Finding entities -------------------------------------------------------------

def find(db, kind: str, name: str) -> list[int]:
    """Rows of ``kind`` with this name; failing that, with this name as an alias.

    "Name (CC)" keeps only rows of country CC, to tell namesakes apart.
    """
    spec = SPECS[kind]
    name, country = _qualified(name)
    key, where = _key(kind, name), "" if country is None else " AND country = ?"
    params = [] if country is None else [country]
    rows = db.execute(f"SELECT id, name FROM {spec.table} WHERE name_norm = ?{where} ORDER BY id",
                      [key, *params]).fetchall()
    exact = [r[0] for r in rows if r[1] == name.strip()]  # "Kovač" and "Kovac" share a key
    if rows:
        return exact or [r[0] for r in rows]
    only_names = " AND kind = 'name'" if kind == "person" else ""
    rows = db.execute(f"SELECT DISTINCT {spec.fk} FROM {spec.aliases} WHERE alias_norm = ?{only_names} "
                      f"AND {spec.fk} IN (SELECT id FROM {spec.table} WHERE 1{where}) ORDER BY {spec.fk}",
                      [key, *params]).fetchall()
    return [r[0] for r in rows]


def _qualified(name: str) -> tuple[str, str | None]:
    """("Claire Brandt", "DE") from "Claire Brandt (DE)"; (name, None) without a country."""
    match = re.fullmatch(r"(.+?)\s*\(([A-Za-z]{2})\)", name.strip())
    return (match.group(1), match.group(2).upper()) if match else (name, None)


def one(db, kind: str, name: str) -> int:
    """The single row ``name`` refers to; a clear error if none or several."""
    ids = find(db, kind, name)
    if not ids:
        raise CurationError(f'no {kind} named "{name}" in the archive')
    if len(ids) > 1:
        listed = ", ".join(label(db, kind, i) for i in ids)
        raise CurationError(f'"{name}" names {len(ids)} {kind} rows: {listed}; '
                            f'add the country to pick one, e.g. "{_qualified(name)[0]} (XX)"')
    return ids[0]


def _key(kind: str, name: str) -> str:
    name = _qualified(name)[0]
    return resolve.organisation_key(name) if kind == "organisation" else resolve.normalise(name)


def label(db, kind: str, row_id: int) -> str:
    """``"Olga Ivanova" (#11, RU)``: how messages name a row."""
    row = db[SPECS[kind].table].get(row_id)
    country = f", {row['country']}" if row.get("country") else ""
    return f'"{row["name"]}" (#{row_id}{country})'


def _has_name(db, kind: str, row_id: int, name: str) -> bool:
    return row_id in find(db, kind, name) or _key(kind, name) == db[SPECS[kind].table].get(row_id)["name_norm"]


# Operations -------------------------------------------------------------------

def alias(db, kind: str, entry: dict) -> list[str]:
    """``alias`` is another name of ``of``: rows named so are merged into it, the alias recorded."""
    target = one(db, kind, entry["of"])
    changes = [merge_rows(db, kind, other, target) for other in _holders(db, kind, entry["alias"])
               if other != target]
    if not _has_name(db, kind, target, entry["alias"]):
        _add_alias(db, kind, target, entry["alias"])
        changes.append(f'"{entry["alias"]}" is now an alias of {label(db, kind, target)}')
    return changes


def _add_alias(db, kind: str, row_id: int, name: str) -> None:
    """The analyst's alias is always a name (never a title), so it links articles."""
    if kind == "person":
        resolve.add_person_aliases(db, row_id, [name], kind="name")
        db.execute("UPDATE person_aliases SET kind = 'name' WHERE person_id = ? AND alias = ?",
                   [row_id, name.strip()])
        resolve.index_person(db, row_id)
    else:
        resolve.add_aliases(db, kind, row_id, [name])


def _holders(db, kind: str, name: str) -> list[int]:
    """Rows that ``name`` identifies: by their name, or by an alias that is more than a surname."""
    spec, key = SPECS[kind], _key(kind, name)
    ids = {r[0] for r in db.execute(f"SELECT id FROM {spec.table} WHERE name_norm = ?", [key])}
    if kind != "person" or len(resolve.name_tokens(name)) > 1:
        kind_sql = " AND kind = 'name'" if kind == "person" else ""
        ids |= {r[0] for r in db.execute(f"SELECT {spec.fk} FROM {spec.aliases} WHERE alias_norm = ?{kind_sql}",
                                         [key])}
    return sorted(ids)


def merge(db, kind: str, entry: dict) -> list[str]:
    """Merge the row(s) named ``from`` into the row named ``into``."""
    if kind == "meeting":
        return link_meetings(db, entry["from"], entry["into"], same=True)
    target = one(db, kind, entry["into"])
    sources = [i for i in find(db, kind, entry["from"]) if i != target]
    if not sources and not _has_name(db, kind, target, entry["from"]):
        raise CurationError(f'no {kind} named "{entry["from"]}" in the archive')
    return [merge_rows(db, kind, source, target) for source in sources]


def rename(db, kind: str, entry: dict) -> list[str]:
    """Give the row named ``from`` the canonical name ``to``; the old name stays an alias."""
    old, new = entry["from"], entry["to"]
    ids = find(db, kind, old)
    if not ids:
        if find(db, kind, new) and any(_has_name(db, kind, i, old) for i in find(db, kind, new)):
            return []
        raise CurationError(f'no {kind} named "{old}" in the archive')
    row_id = one(db, kind, old)
    spec, row = SPECS[kind], db[SPECS[kind].table].get(row_id)
    if row["name"] == new:
        return []
    other = db.execute(f"SELECT id FROM {spec.table} WHERE name_norm = ? AND id != ?",
                       [_key(kind, new), row_id]).fetchone()
    if other:
        raise CurationError(f'"{new}" is already the name of {label(db, kind, other[0])}: '
                            f'use `archive merge {kind} "{old}" "{new}"`')
    before = label(db, kind, row_id)
    _set_name(db, kind, row_id, new)
    _add_alias(db, kind, row_id, row["name"])
    return [f"renamed {before} to \"{new}\""]


def _set_name(db, kind: str, row_id: int, name: str) -> None:
    spec = SPECS[kind]
    update = {"name": name, "name_norm": _key(kind, name)}
    if kind == "person":
        update = resolve.person_row(name, db["people"].get(row_id)["country"])
        update.pop("country")
    db[spec.table].update(row_id, update)
    db.execute(f"DELETE FROM {spec.aliases} WHERE {spec.fk} = ? AND alias_norm = ?", [row_id, _key(kind, name)])
    if kind == "person":
        resolve.index_person(db, row_id)


def split(db, kind: str, entry: dict) -> list[str]:
    """The articles that call the row ``from`` by ``alias`` are about someone else: a new row."""
    if kind == "meeting":
        return link_meetings(db, entry["alias"], entry["from"], same=False)
    source, name = one(db, kind, entry["from"]), entry["alias"]
    articles = _articles_calling(db, kind, source, name)
    if not articles:
        if db.execute(f"SELECT 1 FROM {SPECS[kind].table} WHERE name = ? AND id != ?",
                      [name.strip(), source]).fetchone():
            return []  # already split
        raise CurationError(f'no article mentions {label(db, kind, source)} as "{name}"')
    if set(articles) >= set(_articles_of(db, kind, source)):
        raise CurationError(f'every article calls {label(db, kind, source)} "{name}": '
                            f"use `archive rename {kind}` instead")
    new_id = _new_row(db, kind, name)
    moved = _move(db, kind, source, new_id, articles)
    db.execute(f"DELETE FROM {SPECS[kind].aliases} WHERE {SPECS[kind].fk} = ? AND alias_norm = ?",
               [source, _key(kind, name)])
    if kind == "person":
        resolve.index_person(db, source)
        resolve.index_person(db, new_id)
    return [f"split {label(db, kind, new_id)} from {label(db, kind, source)} ({_counts(moved)})"]


def _articles_calling(db, kind: str, row_id: int, name: str) -> list[int]:
    """Articles with a mention of the row spelled ``name`` (case aside; accents count)."""
    rows = db.execute("SELECT DISTINCT article_id, surface FROM mentions WHERE entity_type = ? AND entity_id = ?",
                      [kind, str(row_id)]).fetchall()
    return sorted({a for a, surface in rows if surface.strip().casefold() == name.strip().casefold()})


def _articles_of(db, kind: str, row_id: int) -> list[int]:
    rows = db.execute("SELECT DISTINCT article_id FROM mentions WHERE entity_type = ? AND entity_id = ?",
                      [kind, str(row_id)]).fetchall()
    return [r[0] for r in rows]


def _new_row(db, kind: str, name: str) -> int:
    if kind == "person":
        return db["people"].insert(resolve.person_row(name, None)).last_pk
    return db[SPECS[kind].table].insert({"name": name, "name_norm": _key(kind, name)}).last_pk


def reject(db, kind: str, entry) -> list[str]:
    """Flag the statement or meeting with this key as a wrong extraction."""
    table, key = REJECT_TABLES[kind], entry if isinstance(entry, str) else entry["key"]
    rows = db.execute(f"SELECT id, rejected FROM {table} WHERE key = ?", [key]).fetchall()
    if not rows:
        raise CurationError(f"no {kind} with key {key!r} in the archive")
    db.execute(f"UPDATE {table} SET rejected = 1 WHERE key = ?", [key])
    return [f"rejected {kind} #{row_id} ({key})" for row_id, rejected in rows if not rejected]


def link_meetings(db, key: str, other: str, same: bool) -> list[str]:
    """Reports ``key`` and ``other`` tell the same archive meeting (``same``) or different ones;
    the archive meetings are rebuilt at once."""
    for k in (key, other):
        if not db.execute("SELECT 1 FROM meetings WHERE key = ?", [k]).fetchone():
            raise CurationError(f"no meeting with key {k!r} in the archive")
    if db.execute("SELECT 1 FROM event_links WHERE a = ? AND b = ? AND same = ?", [key, other, int(same)]).fetchone():
        return []
    db.execute("INSERT OR REPLACE INTO event_links (a, b, same) VALUES (?, ?, ?)", [key, other, int(same)])
    events.link(db)
    ours, theirs = _event_of(db, key), _event_of(db, other)
    if same:
        return [f"archive meeting #{theirs} now holds the report {key} ({_sources(db, theirs)} reports)"]
    return [f"report {key} is now archive meeting #{ours}, apart from #{theirs}"]


def _event_of(db, key: str):
    row = db.execute("SELECT event_id FROM meetings WHERE key = ?", [key]).fetchone()
    return row[0] if row else None


def _sources(db, event_id) -> int:
    return db.execute("SELECT count(*) FROM meetings WHERE event_id = ?", [event_id]).fetchone()[0]


def meeting_key(db, ident: str, report: bool = False) -> str:
    """The report key a command names: a key as is, or a number: an archive meeting's id (its first
    report) or, with ``report``, a report's id (``meetings.id``)."""
    if not ident.isdigit():
        return ident
    if report:
        row = db.execute("SELECT key FROM meetings WHERE id = ?", [int(ident)]).fetchone()
    else:
        row = db.execute("SELECT key FROM events WHERE id = ?", [int(ident)]).fetchone()
    if row is None:
        raise CurationError(f"no {'meeting report' if report else 'archive meeting'} with id {ident} in the archive")
    return row[0]


OPERATIONS = {"renames": rename, "merges": merge, "aliases": alias, "splits": split, "rejects": reject}


# Moving facts between rows ----------------------------------------------------

def merge_rows(db, kind: str, source: int, target: int) -> str:
    """Move every fact and alias of ``source`` to ``target`` and delete ``source``."""
    spec = SPECS[kind]
    src, message = db[spec.table].get(source), f"merged {label(db, kind, source)} into {label(db, kind, target)}"
    moved = _move(db, kind, source, target, None)
    _inherit(db, kind, src, target)
    db.execute(f"UPDATE OR IGNORE {spec.aliases} SET {spec.fk} = ? WHERE {spec.fk} = ?", [target, source])
    db[spec.table].delete(source)
    _add_alias(db, kind, target, src["name"])
    own = db[spec.table].get(target)["name_norm"]
    db.execute(f"DELETE FROM {spec.aliases} WHERE {spec.fk} = ? AND alias_norm = ?", [target, own])
    return f"{message} ({_counts(moved)})"


def _move(db, kind: str, old: int, new: int, articles: list[int] | None) -> dict:
    """Repoint references from ``old`` to ``new`` (only in ``articles`` if given); counts by table."""
    spec, moved = SPECS[kind], {}
    for table, column in spec.refs + spec.joins + (("mentions", "entity_id"),):
        where, params = _scope(table, articles)
        ids = [str(new), str(old)] if table == "mentions" else [new, old]
        if table == "mentions":
            where += f" AND entity_type = '{kind}'"
        cursor = db.execute(f"UPDATE OR IGNORE {table} SET {column} = ? WHERE {column} = ?{where}",
                            [*ids, *params])
        moved[table] = cursor.rowcount
        if (table, column) in spec.joins:  # rows the target already had
            db.execute(f"DELETE FROM {table} WHERE {column} = ?{where}", [old, *params])
    return moved


def _scope(table: str, articles: list[int] | None) -> tuple[str, list]:
    """SQL (and parameters) limiting ``table`` to rows of some articles; nothing if None."""
    if articles is None:
        return "", []
    in_articles = "article_id IN (SELECT value FROM json_each(?))"
    if table == "meeting_people":
        return f" AND meeting_id IN (SELECT id FROM meetings WHERE {in_articles})", [json.dumps(articles)]
    return f" AND {in_articles}", [json.dumps(articles)]


def _inherit(db, kind: str, source: dict, target: int) -> None:
    """Keep what the target lacks: a country, coordinates."""
    spec = SPECS[kind]
    db.execute(f"UPDATE {spec.table} SET country = COALESCE(country, ?) WHERE id = ?", [source["country"], target])
    if kind == "place" and source["resolved"] and not db["places"].get(target)["resolved"]:
        db["places"].update(target, {k: source[k] for k in ("latitude", "longitude", "geonames_id", "resolved")})


def _counts(moved: dict) -> str:
    names = {"statements": "statement", "meetings": "meeting", "article_people": "article",
             "meeting_people": "meeting participation", "mentions": "mention"}
    parts = [f"{n} {names[t]}{'s' if n != 1 else ''}" for t, n in moved.items() if n and t in names]
    return ", ".join(parts) or "no facts moved"


# Applying ---------------------------------------------------------------------

@dataclass
class Report:
    """What applying the curation file did."""

    decisions: int = 0
    changes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def describe(self) -> str:
        return (f"curation: {self.decisions} decisions, {len(self.changes)} changes, "
                f"{len(self.problems)} not applicable")


def apply(db, data: dict) -> Report:
    """Apply every decision in one transaction; decisions that name nothing become problems.

    Passes repeat until nothing changes, so decisions that build on each other
    (a merge into a renamed row, a rename of a merged one) settle whatever their order.
    """
    pending = list(decisions(data))
    report, failed = Report(decisions=len(pending)), []
    with db.atomic():
        report.changes += _unreject(db, data)
        report.changes += _unlink(db, data)
        for _ in range(MAX_PASSES):
            changes, failed = _pass(db, pending)
            report.changes += changes
            if not changes:
                break
        report.problems = [f"{describe(*d)}: {exc}" for d, exc in failed]
        store.finalize(db)
    return report


def _pass(db, pending: list) -> tuple[list[str], list]:
    """Apply each decision once: (changes, [(decision, error)])."""
    changes, failed = [], []
    for section, kind, entry in pending:
        try:
            changes += OPERATIONS[section](db, kind, entry)
        except CurationError as exc:
            failed.append(((section, kind, entry), exc))
    return changes, failed


def _unreject(db, data: dict) -> list[str]:
    """Rows flagged as rejected whose key the file no longer lists come back."""
    changes = []
    for kind, table in REJECT_TABLES.items():
        keys = [e if isinstance(e, str) else e["key"] for e in data.get("rejects", {}).get(kind) or []]
        rows = db.execute(f"SELECT id FROM {table} WHERE rejected = 1 AND key NOT IN "
                          f"(SELECT value FROM json_each(?))", [json.dumps(keys)]).fetchall()
        db.execute(f"UPDATE {table} SET rejected = 0 WHERE id IN (SELECT value FROM json_each(?))",
                   [json.dumps([r[0] for r in rows])])
        changes += [f"{kind} #{r[0]} no longer rejected" for r in rows]
    return changes


def _unlink(db, data: dict) -> list[str]:
    """Decisions on archive meetings that the file no longer lists are dropped."""
    kept = {(e["from"], e["into"], 1) for e in data.get("merges", {}).get("meeting") or []}
    kept |= {(e["alias"], e["from"], 0) for e in data.get("splits", {}).get("meeting") or []}
    gone = [r for r in db.execute("SELECT a, b, same FROM event_links").fetchall() if tuple(r) not in kept]
    for a, b, same in gone:
        db.execute("DELETE FROM event_links WHERE a = ? AND b = ? AND same = ?", [a, b, same])
    return [f"{'merge' if same else 'split'} of meeting reports {a} and {b} undone" for a, b, same in gone]


def apply_file(db, path) -> Report:
    """Read ``path`` and apply it (nothing to do if it does not exist)."""
    return apply(db, read(path))


def decide(db, path, section: str, kind: str, entry: dict) -> tuple[list[str], bool]:
    """Make one decision: apply it now (an error if it names nothing), then record it in ``path``.

    Returns the changes and whether the file gained an entry.
    """
    data = read(path)
    with db.atomic():
        changes = OPERATIONS[section](db, kind, entry)
        store.finalize(db)
    added = record(data, section, kind, entry)
    if added:
        write(path, data)
    return changes, added


def reject_entry(db, kind: str, ident: str) -> dict:
    """The file entry for rejecting a statement or meeting given by row id or key."""
    table = REJECT_TABLES[kind]
    column = "id" if ident.isdigit() else "key"
    row = db.execute(f"SELECT r.key, a.name, r.{'text' if kind == 'statement' else 'evidence'} "
                     f"FROM {table} r JOIN articles a ON a.id = r.article_id WHERE r.{column} = ?",
                     [int(ident) if column == "id" else ident]).fetchone()
    if row is None:
        raise CurationError(f"no {kind} with {'id' if column == 'id' else 'key'} {ident} in the archive")
    key, article, text = row
    return {"key": key, "article": article, "text": _excerpt(text or "")}


def _excerpt(text: str, width: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
