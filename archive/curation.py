"""The analyst's decisions, kept in a plain YAML file and applied after every load.

``curation.yml`` (beside the database unless ``--curation`` names another
file) lists aliases, merges, splits, renames and rejects. Decisions name
entities by name, and statements or meetings by their stable ``key``, never by
row id, so they survive re-extraction, schema upgrades and reloads from
scratch. Applying the file is idempotent: a decision already in effect changes
nothing. Rejected statements and meetings are flagged (``rejected = 1``), not
deleted, so removing a reject from the file brings the row back on next apply.

The file is checked against a schema (``FileSchema``) and errors name its line;
merges, aliases or renames that lead in a circle are reported and never applied.
It is written atomically, the previous version kept as ``curation.yml.bak``.
"""
from __future__ import annotations

import copy
import graphlib
import json
import os
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, ClassVar, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, create_model, model_validator

from . import corrections, events, resolve, review, store, upkeep

FILE_NAME = "curation.yml"
ENTITY_KINDS = ("person", "place", "organisation")
ROW_KINDS = ("statement", "meeting")
# Applied in this order, in passes until nothing changes (see ``apply``).
MAX_PASSES = 5
HEADER = """\
# Curation decisions for the archive, applied after every `archive load`.
# Written by `archive alias|merge|rename|split|distinct|kind|reject|set|add|remove`;
# safe to edit by hand (then run `archive curate`). People, places and organisations
# are named by name or alias ("Name (CC)" picks one of several); statements and
# meetings by their key ("article name@start-end"), with their article and text as a
# fallback when a new extraction moves them. A meeting merge joins the archive
# meetings of two reports; a meeting split takes the report `alias` out of the
# archive meeting of the report `from`. See docs/curation.md.
"""
class CurationError(Exception):
    """A decision that names nothing in the archive, or names it ambiguously; or a bad file."""


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


# What the file may hold: strict, so a number or a list where a name belongs is an error.
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
IsoDate = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
STRICT = ConfigDict(extra="forbid", strict=True)


class Rename(BaseModel):
    model_config = STRICT
    source: Name = Field(alias="from")
    to: Name


class Merge(BaseModel):
    model_config = STRICT
    source: Name = Field(alias="from")
    into: Name


class Alias(BaseModel):
    model_config = STRICT
    alias: Name
    of: Name
    # Only for a title ("The President"): the country and the dates it is tied to the person in.
    country: Name | None = None
    since: IsoDate | None = Field(None, alias="from")
    until: IsoDate | None = Field(None, alias="to")


class Split(BaseModel):
    model_config = STRICT
    source: Name = Field(alias="from")
    alias: Name


class Distinct(BaseModel):
    model_config = STRICT
    a: Name
    b: Name


class Retype(BaseModel):
    model_config = STRICT
    name: Name
    kind: Literal["person", "place", "organisation"]


class RowRef(BaseModel):
    """A statement or meeting: its key, and its article and text to find it again if the key moves."""

    model_config = STRICT
    key: Name
    article: str | None = None
    text: str | None = None


class Reject(RowRef):
    @model_validator(mode="before")
    @classmethod
    def _bare_key(cls, value):
        return {"key": value} if isinstance(value, str) else value  # "- KEY" is short for "- key: KEY"


class RejectEntity(BaseModel):
    model_config = STRICT
    name: Name

    @model_validator(mode="before")
    @classmethod
    def _bare_name(cls, value):
        return {"name": value} if isinstance(value, str) else value  # "- NAME" is short for "- name: NAME"


class _OneOf(BaseModel):
    """Entries that set exactly one of their ``CHOICES`` fields."""

    model_config = STRICT
    CHOICES: ClassVar[tuple] = ()

    @model_validator(mode="after")
    def _exactly_one(self):
        given = [f for f in self.CHOICES if getattr(self, f) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of {', '.join(self.CHOICES)}")
        return self


class SetPerson(_OneOf):
    CHOICES: ClassVar[tuple] = ("country", "role")
    name: Name
    country: Name | None = None
    role: Name | None = None


class SetPlace(_OneOf):
    CHOICES: ClassVar[tuple] = ("country",)
    name: Name
    country: Name | None = None


class SetMeeting(_OneOf, RowRef):
    CHOICES: ClassVar[tuple] = ("date", "place", "chair")
    date: IsoDate | None = None
    place: Name | None = None
    chair: Name | None = None


class SetStatement(_OneOf, RowRef):
    CHOICES: ClassVar[tuple] = ("speaker",)
    speaker: Name | None = None


class Participant(_OneOf, RowRef):
    CHOICES: ClassVar[tuple] = ("add_person", "add_country", "remove_person", "remove_country")
    add_person: Name | None = None
    add_country: Name | None = None
    remove_person: Name | None = None
    remove_country: Name | None = None


# section -> kind -> the shape of its entries; sections are applied in this order.
SCHEMA = {
    "renames": dict.fromkeys(ENTITY_KINDS, Rename),
    "merges": {**dict.fromkeys(ENTITY_KINDS, Merge), "meeting": Merge},
    "aliases": dict.fromkeys(ENTITY_KINDS, Alias),
    "splits": {**dict.fromkeys(ENTITY_KINDS, Split), "meeting": Split},
    "distinct": dict.fromkeys(ENTITY_KINDS, Distinct),
    "kinds": dict.fromkeys(ENTITY_KINDS, Retype),
    "rejects": {"statement": Reject, "meeting": Reject, **dict.fromkeys(ENTITY_KINDS, RejectEntity)},
    "sets": {"person": SetPerson, "place": SetPlace, "meeting": SetMeeting, "statement": SetStatement},
    "participants": {"meeting": Participant},
}
SECTIONS = {section: tuple(kinds) for section, kinds in SCHEMA.items()}
FileSchema = create_model("FileSchema", __config__=STRICT, **{
    section: (create_model(section, __config__=STRICT,
                           **{kind: (list[model] | None, None) for kind, model in kinds.items()}) | None, None)
    for section, kinds in SCHEMA.items()})


def fields(section: str, kind: str, required: bool = False) -> list[str]:
    """The keys of an entry of ``section``/``kind`` as the file spells them (only the required ones)."""
    model = SCHEMA[section].get(kind) or next(iter(SCHEMA[section].values()))
    return [info.alias or name for name, info in model.model_fields.items()
            if info.is_required() or not required]


def read(path) -> dict:
    """The decisions in ``path`` (empty if the file does not exist), checked against the schema."""
    path = Path(path)
    text = _read_text(path)
    if text is None:
        return {}
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise CurationError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', None) or exc})") from None
    try:
        checked = FileSchema.model_validate(data or {})
    except ValidationError as exc:
        raise _schema_error(path, text, exc) from None
    return checked.model_dump(by_alias=True, exclude_none=True)


def _read_text(path: Path) -> str | None:
    if not path.exists() and not path.is_symlink():
        return None
    if not path.is_file():
        raise CurationError(f"{path}: not a regular file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CurationError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CurationError(f"{path}: not UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def _schema_error(path: Path, text: str, error: ValidationError) -> CurationError:
    """The first schema error, with its line in the file; one line, however many there are."""
    problems = error.errors()
    first = problems[0]
    line = _line_of(yaml.compose(text, Loader=yaml.SafeLoader), first["loc"])
    more = f" (and {len(problems) - 1} more problem{'s' if len(problems) > 2 else ''})" if len(problems) > 1 else ""
    where = f" line {line}" if line else ""
    return CurationError(f"{path}{where}: {_problem(first)}{more}")


def _line_of(node, loc) -> int | None:
    """The line of the YAML node at ``loc`` (keys and list indexes), or of the nearest above it."""
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            node = None
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _problem(error: dict) -> str:
    """A schema error in the file's own terms."""
    loc, kind, value = error["loc"], error["type"], error.get("input")
    if kind == "extra_forbidden":
        *above, key = loc
        if not above:
            return f"unknown section {key!r} (expected one of {', '.join(SECTIONS)})"
        if len(above) == 1:
            return f"{above[0]} has no kind {key!r} (expected one of {', '.join(SECTIONS[above[0]])})"
        return f"{_entry(above)}: unknown key {key!r} (expected {', '.join(fields(loc[0], loc[1]))})"
    if kind == "value_error" and len(loc) == 3:  # an entry that breaks a rule of its own
        return f"{_entry(loc)}: {error['msg'].removeprefix('Value error, ')}"
    if len(loc) <= 3:  # a section, a kind or an entry of the wrong shape
        expected = {0: f"a mapping of sections ({', '.join(SECTIONS)})",
                    1: f"a mapping of kinds ({', '.join(SECTIONS[loc[0]])})" if loc else "",
                    2: "a list of entries",
                    3: f"an entry with {', '.join(fields(loc[0], loc[1], required=True))}" if loc else ""}[len(loc)]
        return f"{_entry(loc) if loc else 'the file'} should be {expected}, not {_shown(value)}"
    if kind == "missing":
        return f"{_entry(loc[:-1])}: missing {loc[-1]!r} (needs {', '.join(fields(loc[0], loc[1], required=True))})"
    return f"{_entry(loc[:-1])}: {_field_problem(error)}"


def _field_problem(error: dict) -> str:
    field_name, kind, value = error["loc"][-1] if error["loc"] else "", error["type"], error.get("input")
    if kind == "string_too_short":
        return f"{field_name!r} is blank"
    if kind == "string_type":
        hint = " (put it in quotes)" if isinstance(value, (int, float, bool)) else ""
        return f"{field_name!r} should be text, not {_shown(value)}{hint}"
    if kind == "string_pattern_mismatch":
        return f"{field_name!r} should be a date (YYYY, YYYY-MM or YYYY-MM-DD), not {_shown(value)}"
    if kind == "literal_error":
        return f"{field_name!r} should be one of {error['ctx']['expected']}, not {_shown(value)}"
    if kind == "value_error":
        return error["msg"].removeprefix("Value error, ")
    return f"{field_name!r}: {error['msg']}"


def _entry(loc) -> str:
    """``merges.person entry 2`` for ("merges", "person", 1)."""
    names = ".".join(str(part) for part in loc[:2])
    return f"{names} entry {loc[2] + 1}" if len(loc) > 2 else names


def _shown(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def check_entry(section: str, kind: str, entry: dict) -> dict:
    """One new decision checked against the schema, with names trimmed; CurationError if wrong."""
    try:
        return SCHEMA[section][kind].model_validate(entry).model_dump(by_alias=True, exclude_none=True)
    except ValidationError as exc:
        raise CurationError(_field_problem(exc.errors()[0])) from None


def write(path, data: dict) -> None:
    """Write the decisions as diffable YAML: one section per kind of decision.

    Atomically: the text goes to a temporary file that replaces ``path`` only when
    complete, and the previous version is kept as ``PATH.bak``.
    """
    clean = {s: {k: v for k, v in data.get(s, {}).items() if v} for s in SECTIONS}
    clean = {s: kinds for s, kinds in clean.items() if kinds}
    text = yaml.safe_dump(clean, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    path = Path(path)
    try:
        _replace(path, (HEADER + text).encode("utf-8"))
    except OSError as exc:
        raise CurationError(f"cannot write {path} ({exc.strerror or exc}); it is unchanged") from None


def backup_path(path) -> Path:
    return Path(path).with_name(Path(path).name + ".bak")


def _replace(path: Path, data: bytes) -> None:
    new = _written_beside(path, data)
    temporary = [new]
    try:
        if path.exists():
            temporary.append(_written_beside(path, path.read_bytes()))
            os.replace(temporary[-1], backup_path(path))
            os.chmod(new, path.stat().st_mode & 0o777)
        os.replace(new, path)
    finally:
        for name in temporary:
            name.unlink(missing_ok=True)


def _written_beside(path: Path, data: bytes) -> Path:
    """A new temporary file in ``path``'s folder holding ``data``, flushed to disk."""
    fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
    except BaseException:
        os.unlink(name)
        raise
    return Path(name)


def record(data: dict, section: str, kind: str, entry: dict) -> bool:
    """Add a decision to ``data`` unless it is already there; True if the decisions changed.

    A decision about the same thing as an earlier one (the same value set again, the same
    participant added after being removed) replaces it.
    """
    entries = data.setdefault(section, {}).setdefault(kind, [])
    same = [e for e in entries if _entry_key(section, e) == _entry_key(section, entry)]
    if entry in same or (same and section not in REPLACING):
        return False
    entries[:] = [e for e in entries if e not in same]
    entries.append(entry)
    return True


def recorded(data: dict, section: str, kind: str, entry: dict) -> bool:
    """True if ``data`` already holds this decision."""
    return any(_entry_key(section, e) == _entry_key(section, entry) and _same(section, e, entry)
               for e in (data.get(section) or {}).get(kind) or [])


# Sections whose later decision about the same thing replaces the earlier one.
REPLACING = ("sets", "participants")


def _same(section: str, a, b) -> bool:
    return section not in REPLACING or a == b


def _entry_key(section: str, entry) -> tuple:
    """What a decision is about: two with the same key are one decision (or, for REPLACING, one replaces the other)."""
    if isinstance(entry, str):
        return (entry,)
    if section in ("rejects", "sets", "participants") and "key" in entry:
        what = ()
        if section == "sets":
            what = tuple(f for f in entry if f not in ("key", "article", "text"))
        elif section == "participants":
            what = tuple(resolve.normalise(str(v)) for f, v in entry.items() if f not in ("key", "article", "text"))
        return (entry["key"], *what)
    if section == "sets":
        return (_key_of_name(entry["name"]), *(f for f in entry if f != "name"))
    if section == "distinct":
        return tuple(sorted(_key_of_name(entry[f]) for f in ("a", "b")))
    return tuple(_key_of_name(str(v)) for v in entry.values())


def _key_of_name(name: str) -> str:
    bare, country = _qualified(name)
    return resolve.normalise(bare) + (f" ({country})" if country else "")


def decisions(data: dict):
    """(section, kind, entry) for every decision, in application order."""
    for section, kinds in SECTIONS.items():
        for kind in kinds:
            for entry in data.get(section, {}).get(kind) or []:
                yield section, kind, entry


def describe(section: str, kind: str, entry) -> str:
    """A decision in words, as the command that makes it."""
    if isinstance(entry, str):
        return f"reject {kind} {entry if kind in ROW_KINDS else _quoted(entry)}"
    target = entry["key"] if "key" in entry else _quoted(entry.get("name", ""))
    if section == "rejects":
        return f"reject {kind} {target}"
    if section == "sets":
        field_name = next(f for f in entry if f not in ("key", "article", "text", "name"))
        return f"set {kind} {target} {field_name} {_quoted(entry[field_name])}"
    if section == "participants":
        change = next(f for f in entry if f not in ("key", "article", "text"))
        verb = change.split("_")[0]
        return f"{verb} {kind} {target} participant {_quoted(entry[change])}"
    if section == "kinds":
        return f"kind {kind} {target} {entry['kind']}"
    verb = {"renames": "rename", "merges": "merge", "aliases": "alias", "splits": "split",
            "distinct": "distinct"}[section]
    args = " ".join(_quoted(entry[f]) for f in fields(section, kind, required=True))
    scope = "".join(f" --{f} {entry[f]}" for f in ("country", "from", "to") if section == "aliases" and f in entry)
    return f"{verb} {kind} {args}{scope}"


def _quoted(text: str) -> str:
    return f'"{text}"'


# Cycles -----------------------------------------------------------------------

# Decisions that send one name to another: merges and aliases join names into one row,
# renames give a row another name. A circle of either never settles, so it is not applied.
LINKS = {"merges": ("merge", "from", "into"), "aliases": ("merge", "alias", "of"),
         "renames": ("rename", "from", "to")}


def cycles(data: dict) -> list[tuple[str, list[int]]]:
    """Each circle of merges and aliases, or of renames: (message, positions in ``decisions(data)``)."""
    edges = defaultdict(list)  # (graph, kind) -> [(from node, to node, position)]
    for position, (section, kind, entry) in enumerate(decisions(data)):
        if section in LINKS and not is_title_alias(section, kind, entry):
            graph, a, b = LINKS[section]
            source, target = _node(kind, entry[a]), _node(kind, entry[b])
            if source != target:  # a name sent to itself changes nothing
                edges[graph, kind].append((source, target, position))
    found = []
    for (graph, kind), links in edges.items():
        found += _circles(graph, kind, links, data)
    return found


def is_title_alias(section: str, kind: str, entry: dict) -> bool:
    """A person's alias that is a title ("The President"): it links statements, never rows."""
    return section == "aliases" and kind == "person" and resolve.is_title(entry["alias"])


def conflicts(data: dict) -> list[tuple[str, list[int]]]:
    """A merge or alias of two names that the file also declares distinct: neither is applied."""
    listed = list(decisions(data))
    distinct = {(kind, frozenset({_node(kind, entry["a"]), _node(kind, entry["b"])})): p
                for p, (section, kind, entry) in enumerate(listed) if section == "distinct"}
    found = []
    for p, (section, kind, entry) in enumerate(listed):
        if section in ("merges", "aliases") and not is_title_alias(section, kind, entry):
            _, a, b = LINKS[section]
            q = distinct.get((kind, frozenset({_node(kind, entry[a]), _node(kind, entry[b])})))
            if q is not None:
                found.append((f"{describe(*listed[p])} contradicts {describe(*listed[q])}: neither is applied",
                              [p, q]))
    return found


def _node(kind: str, name: str) -> tuple[str, str | None]:
    bare, country = _qualified(name)
    return _key(kind, bare), country


def _circles(graph: str, kind: str, links: list, data: dict) -> list[tuple[str, list[int]]]:
    """Circles found one at a time by graphlib, each removed before looking for the next."""
    found, listed = [], list(decisions(data))
    while True:
        sorter = graphlib.TopologicalSorter()
        for source, target, _ in links:
            sorter.add(target, source)
        try:
            sorter.prepare()
            return found
        except graphlib.CycleError as exc:
            circle = exc.args[1]
        steps = set(zip(circle, circle[1:]))  # each node leads to the next
        positions = [p for source, target, p in links if (source, target) in steps]
        links_in = [link for link in links if link[2] in positions]
        links = [link for link in links if link[2] not in positions]
        start = circle.index(links_in[0][0])  # told from the first decision in the file
        circle = circle[start:-1] + circle[:start + 1]
        names = " → ".join(f'"{_name_of(listed, positions, node)}"' for node in circle)
        what = "merges and aliases" if graph == "merge" else "renames"
        decided = "; ".join(describe(*listed[p]) for p in positions)
        found.append((f"{kind} {what} lead in a circle ({names}): not applied: {decided}", positions))


def _name_of(listed: list, positions: list[int], node) -> str:
    """The name as the file spells it, for a node of a circle."""
    for p in positions:
        section, kind, entry = listed[p]
        for f in fields(section, kind, required=True):
            if _node(kind, entry[f]) == node:
                return entry[f]
    return node[0]


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
    """``alias`` is another name of ``of``: rows named so are merged into it, the alias recorded.

    A person's title ("The President") is different: it changes holder, so it only links the
    statements made under it in one country and period (``corrections.title_alias``).
    """
    if is_title_alias("aliases", kind, entry):
        return corrections.title_alias(db, entry)
    if any(f in entry for f in ("country", "from", "to")):
        raise CurationError(f'"{entry["alias"]}" is not a title: only a title takes a country and dates')
    target = one(db, kind, entry["of"])
    corrections.mark(db, kind, [target], "aliases")
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
    corrections.mark(db, kind, [target], "aliases")
    return [merge_rows(db, kind, source, target) for source in sources]


def rename(db, kind: str, entry: dict) -> list[str]:
    """Give the row named ``from`` the canonical name ``to``; the old name stays an alias."""
    old, new = entry["from"], entry["to"]
    ids = find(db, kind, old)
    if not ids:
        renamed = [i for i in find(db, kind, new) if _has_name(db, kind, i, old)]
        if renamed:
            corrections.mark(db, kind, renamed, "name")
            return []
        raise CurationError(f'no {kind} named "{old}" in the archive')
    row_id = one(db, kind, old)
    spec, row = SPECS[kind], db[SPECS[kind].table].get(row_id)
    corrections.mark(db, kind, [row_id], "name")
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
        done = [r[0] for r in db.execute(f"SELECT id FROM {SPECS[kind].table} WHERE name = ? AND id != ?",
                                         [name.strip(), source])]
        if done:
            corrections.mark(db, kind, done, "split")
            return []  # already split
        raise CurationError(f'no article mentions {label(db, kind, source)} as "{name}"')
    return [split_off(db, kind, source, name, articles)]


def split_off(db, kind: str, source: int, name: str, articles: list[int], into: int | None = None) -> str:
    """Move the facts of ``articles`` from ``source`` to the row ``into`` (a new row called ``name`` if None)."""
    if into is None and set(articles) >= set(_articles_of(db, kind, source)):
        raise CurationError(f'every article calls {label(db, kind, source)} "{name}": '
                            f"use `archive rename {kind}` instead")
    new_id = into if into is not None else _new_row(db, kind, name)
    moved = _move(db, kind, source, new_id, articles)
    db.execute(f"DELETE FROM {SPECS[kind].aliases} WHERE {SPECS[kind].fk} = ? AND alias_norm = ?",
               [source, _key(kind, name)])
    if kind == "person":
        resolve.index_person(db, source)
        resolve.index_person(db, new_id)
    corrections.mark(db, kind, [new_id], "split")
    return f"split {label(db, kind, new_id)} from {label(db, kind, source)} ({_counts(moved)})"


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
    """Flag a statement or meeting as a wrong extraction; take a person, place or organisation out."""
    if kind not in ROW_KINDS:
        return corrections.reject_entity(db, kind, entry)
    table = REJECT_TABLES[kind]
    rows = db.execute(f"SELECT id, key, rejected FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                      [json.dumps(corrections.locate(db, kind, entry))]).fetchall()
    db.execute(f"UPDATE {table} SET rejected = 1 WHERE id IN (SELECT value FROM json_each(?))",
               [json.dumps([r[0] for r in rows])])
    return [f"rejected {kind} #{row_id} ({key})" for row_id, key, rejected in rows if not rejected]


def link_meetings(db, key: str, other: str, same: bool) -> list[str]:
    """Reports ``key`` and ``other`` tell the same archive meeting (``same``) or different ones;
    the archive meetings are rebuilt at once."""
    for k in (key, other):
        if not db.execute("SELECT 1 FROM meetings WHERE key = ?", [k]).fetchone():
            raise CurationError(f"no meeting with key {k!r} in the archive")
    if db.execute("SELECT 1 FROM event_links WHERE a = ? AND b = ? AND same = ?", [key, other, int(same)]).fetchone():
        return []
    db.execute("INSERT OR REPLACE INTO event_links (a, b, same) VALUES (?, ?, ?)", [key, other, int(same)])
    # The two reports' archive meetings and every report they can affect (events.relink), not the archive.
    marks = json.dumps([key, other])
    articles = {r[0] for r in db.execute("SELECT article_id FROM meetings WHERE key IN (SELECT value FROM json_each(?))",
                                         [marks]).fetchall()}
    before = {r[0] for r in db.execute("SELECT event_id FROM meetings WHERE event_id IS NOT NULL AND key IN "
                                       "(SELECT value FROM json_each(?))", [marks]).fetchall()}
    events.relink(db, articles, (), before)
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


def operation(section: str):
    """The function that applies a decision of ``section``: ``f(db, kind, entry) -> [change]``."""
    return OPERATIONS.get(section) or corrections.OPERATIONS[section]


# Moving facts between rows ----------------------------------------------------

def merge_rows(db, kind: str, source: int, target: int) -> str:
    """Move every fact and alias of ``source`` to ``target`` and delete ``source``."""
    spec = SPECS[kind]
    corrections.refuse_distinct(db, kind, source, target)
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
                f"{len(self.problems)} no longer apply")


def apply(db, data: dict, touched: store.Touched | None = None, review_list: bool = True) -> Report:
    """Apply every decision in one transaction; decisions that name nothing become problems.

    Passes repeat until nothing changes, so decisions that build on each other
    (a merge into a renamed row, a rename of a merged one) settle whatever their order.
    What no longer applies is also kept in the table ``curation_problems`` for
    ``archive review`` and the review page. The upkeep follows what the decisions changed
    (``upkeep.finish``); the review list's items of it, and of ``touched`` (what the load
    before touched), are made again, or, without ``review_list``, the stored list is dropped.
    """
    pending = list(decisions(data))
    report = Report(decisions=len(pending))
    refused = cycles(data) + conflicts(data)
    skipped = {p for _, positions in refused for p in positions}
    pending = [d for p, d in enumerate(pending) if p not in skipped]
    with store.database_errors(), store.transaction(db):
        upkeep.track(db)
        try:
            corrections.begin(db)
            report.changes += _unreject(db, data)
            report.changes += _unlink(db, data)
            for _ in range(MAX_PASSES):
                changes, failed = _pass(db, pending)
                report.changes += changes
                if not changes:
                    break
            report.problems = [message for message, _ in refused] + [
                f"{describe(*d)} no longer applies: {exc}" for d, exc in failed]
            corrections.end(db, report.problems)
            if report.changes or report.problems:  # else the archive is as the load (or the last curation) left it
                _review(db, upkeep.finish(db), touched, review_list)
        finally:
            upkeep.stop(db)
    return report


def _review(db, touched: store.Touched, also: store.Touched | None = None, review_list: bool = True) -> None:
    """The review list's items of what a decision (and the load before it, ``also``) touched, made again."""
    if not review_list:
        review.forget(db)
        return
    for name in ("articles", "people", "renamed", "organisations", "relocated"):
        getattr(touched, name).update(getattr(also, name) if also else ())
    review.update(db, store.now(), review.Scope(
        articles=touched.articles, people=touched.people, renamed=touched.renamed,
        organisations=touched.organisations, relocated=touched.relocated))


def _pass(db, pending: list) -> tuple[list[str], list]:
    """Apply each decision once: (changes, [(decision, error)])."""
    changes, failed = [], []
    for section, kind, entry in pending:
        try:
            changes += operation(section)(db, kind, entry)
        except CurationError as exc:
            failed.append(((section, kind, entry), exc))
    return changes, failed


def _unreject(db, data: dict) -> list[str]:
    """Rows flagged as rejected that no reject of the file names any more come back."""
    changes = []
    for kind, table in REJECT_TABLES.items():
        named = set()
        for entry in (data.get("rejects") or {}).get(kind) or []:
            try:
                named |= set(corrections.locate(db, kind, entry))
            except CurationError:
                pass
        rows = db.execute(f"SELECT id FROM {table} WHERE rejected = 1 AND id NOT IN "
                          f"(SELECT value FROM json_each(?))", [json.dumps(sorted(named))]).fetchall()
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


def apply_file(db, path, touched: store.Touched | None = None, review_list: bool = True) -> Report:
    """Read ``path`` and apply it (nothing to do if it does not exist); see ``apply``."""
    return apply(db, read(path), touched, review_list)


@dataclass
class Outcome:
    """What one decision did: its changes, notes on how it was read, and what became of the file."""

    changes: list[str]
    notes: list[str]
    entry: dict
    status: str  # "recorded", "already recorded" or "not recorded" (it changed nothing)


def decide(db, path, section: str, kind: str, entry: dict) -> Outcome:
    """Make one decision: apply it now (an error if it names nothing), then record it in ``path``.

    ``entry`` may name a statement or meeting by row id; it is recorded by key. A
    decision that changes nothing is not recorded. A decision that would close a
    circle with the file's decisions, or merge what the file declares distinct, is
    refused. The file is written inside the database transaction, so a failed write
    leaves both as they were.
    """
    data = read(path)
    with store.database_errors(), store.transaction(db):
        entry, notes = corrections.prepare(db, section, kind, entry)
        entry = check_entry(section, kind, entry)
        _refuse(data, section, kind, entry)
        upkeep.track(db)
        try:
            changes = operation(section)(db, kind, entry)
            _review(db, upkeep.finish(db))
        finally:
            upkeep.stop(db)
        if recorded(data, section, kind, entry):
            status = "already recorded"
        elif not changes:
            status = "not recorded"
        else:
            record(data, section, kind, entry)
            write(path, data)
            status = "recorded"
    return Outcome(changes, notes, entry, status)


def _refuse(data: dict, section: str, kind: str, entry: dict) -> None:
    trial = copy.deepcopy(data)
    if not record(trial, section, kind, entry):
        return
    position = next(p for p, (s, k, e) in enumerate(decisions(trial)) if s == section and k == kind and e is entry)
    for message, positions in cycles(trial) + conflicts(trial):
        if position in positions:
            raise CurationError(f"refused: {message.replace(': not applied', '').replace(': neither is applied', '')}")


def reject_entry(db, kind: str, ident: str) -> dict:
    """The file entry for rejecting a statement or meeting given by row id or key."""
    return corrections.row_entry(db, kind, ident)
