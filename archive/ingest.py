"""Files -> ``Article`` objects: .txt/.md with optional front matter, .html, .jsonl.

Bad input never raises out of ``iter_articles``: it yields an ``IngestError`` whose
message starts with the file path, so one broken file cannot stop a load.
"""
from __future__ import annotations

import codecs
import json
import os
import re
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from .model import Article

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
FORMATS = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}
# Annotation files that live beside articles (e.g. NAME.gold.json) are never articles.
COMPANION_SUFFIXES = (".gold.json",)
KNOWN_FIELDS = ("title", "published", "url", "source", "license")
BOILERPLATE_FILE = Path(__file__).parent / "data" / "boilerplate.txt"
# The source data set lost the opening of many Wikinews articles, leaving this glued to the body.
BYLINE_REMNANT = "{{byline|date"
# In a trailing block, lines up to this length (tag lists, share buttons) count as boilerplate
# too; longer lines are prose and are never cut.
SHORT_LINE = 80
MAX_BOILERPLATE_LINE = 200
DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%Y/%m/%d", "%d.%m.%Y")


class IngestError(Exception):
    """A file (or JSONL line) that cannot become an article; str() is "PATH: reason"."""

    def __init__(self, path: str | os.PathLike, reason: str, line: int | None = None):
        # One line always: reasons may quote library messages that span several.
        self.path, self.reason, self.line = str(path), " ".join(reason.splitlines()), line
        where = self.path if line is None else f"{self.path} line {line}"
        super().__init__(f"{where}: {self.reason}")


# --- finding files -----------------------------------------------------------------------


def find_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Supported files under the given files and folders, sorted and deduplicated.

    A file named explicitly is returned whatever its suffix, so that it fails loudly later.
    """
    found: dict[Path, Path] = {}
    for given in map(Path, paths):
        candidates = _walk(given) if given.is_dir() else [given]
        for file in candidates:
            found.setdefault(file.resolve(), file)
    return sorted(found.values())


def _walk(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and _is_article_name(name):
                yield Path(root) / name


def _is_article_name(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(COMPANION_SUFFIXES):
        return False
    return Path(lower).suffix in SUPPORTED_SUFFIXES


# --- reading files -----------------------------------------------------------------------


def iter_articles(path: str | os.PathLike) -> Iterator[Article | IngestError]:
    """Articles in one file; bad input is yielded as an ``IngestError``, never raised."""
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        expected = ", ".join(SUPPORTED_SUFFIXES)
        yield IngestError(path, f"unsupported file type {path.suffix or '(none)'}; expected one of {expected}")
        return
    try:
        data = _read_bytes(path)
        if fmt == "jsonl":
            yield from _iter_jsonl(data, path)
            return
        text = _decode(data, path)
        absolute = str(path.resolve())
        if fmt == "html":
            yield parse_html(text, name=path.name, path=absolute)
        else:
            yield parse_text(text, name=path.name, path=absolute, fmt=fmt)
    except IngestError as exc:
        # Errors name the path as the user gave it, not the resolved one: shorter and familiar.
        yield IngestError(path, exc.reason, exc.line)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except IsADirectoryError:
        raise IngestError(path, "is a directory, not a file") from None
    except FileNotFoundError:
        raise IngestError(path, "no such file") from None
    except PermissionError:
        raise IngestError(path, "cannot read file (permission denied)") from None
    except OSError as exc:
        raise IngestError(path, f"cannot read file ({exc.strerror or exc})") from None


def _decode(data: bytes, path: str | os.PathLike, line: int | None = None) -> str:
    """UTF-8 text (BOM dropped) with "\\n" newlines; NUL bytes mean a binary file."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise IngestError(path, f"not a text file (NUL byte at offset {nul})", line)
    skip = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = skip + exc.start
        raise IngestError(path, f"not UTF-8 text (byte 0x{data[offset]:02x} at offset {offset})", line) from None
    return normalise_newlines(text)


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- plain text and Markdown -------------------------------------------------------------


def parse_text(text: str, *, name: str, path: str, fmt: str = "txt") -> Article:
    """An article from .txt/.md text: optional front matter, then the body minus boilerplate."""
    try:
        fields, body = parse_front_matter(text)
    except ValueError as exc:
        raise IngestError(path, str(exc)) from None
    body = _clean_body(body, path)
    if fmt == "md" and not fields.get("title"):
        heading = _markdown_title(body)
        if heading:
            fields["title"] = heading
    return _make_article(name, path, body, fmt, fields)


def parse_front_matter(text: str) -> tuple[dict, str]:
    """Split off a leading ``---`` / ``key: value`` / ``---`` block: (fields, rest of the text).

    Raises ValueError for a block that never closes or holds a line that is not ``key: value``.
    """
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if close is None:
        raise ValueError("front matter opened with '---' on line 1 but never closed")
    fields: dict[str, str] = {}
    for number, line in enumerate(lines[1:close], start=2):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = re.match(r"([A-Za-z_][\w-]*)\s*:(.*)$", stripped)
        if not match:
            raise ValueError(f"front matter line {number} is not 'key: value': {stripped[:60]!r}")
        fields[match[1].lower()] = _unquote(match[2].strip())
    return fields, "\n".join(lines[close + 1:]).lstrip("\n")


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _markdown_title(body: str) -> str | None:
    """The text of a leading ``# Heading``, the usual title of a Markdown file."""
    match = re.match(r"#{1,2}\s+(.+?)\s*#*\s*(\n|$)", body)
    return match[1] if match else None


# --- boilerplate ---------------------------------------------------------------------------


def strip_boilerplate(body: str) -> str:
    """Drop a leading Wikinews ``{{byline|date`` remnant and a trailing block of scraper boilerplate."""
    body = body.strip()
    if body[:len(BYLINE_REMNANT)].lower() == BYLINE_REMNANT:  # the corpus has {{Byline| too
        body = body[len(BYLINE_REMNANT):]
    lines = body.split("\n")
    cut = _trailing_boilerplate_start(lines)
    if cut is not None:
        lines = lines[:cut]
    return "\n".join(lines).strip()


def _trailing_boilerplate_start(lines: list[str]) -> int | None:
    """Index of the first boilerplate line followed only by boilerplate, short or blank lines."""
    cut = None
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index].strip()
        if not line:
            continue
        if is_boilerplate_line(line):
            cut = index
        elif len(line) > SHORT_LINE:
            break  # real prose: nothing above it is trailing
    return cut


def is_boilerplate_line(line: str) -> bool:
    """True if the (stripped) line starts with one of the boilerplate patterns."""
    line = line.strip()
    if len(line) > MAX_BOILERPLATE_LINE:
        return False
    return any(pattern.match(line) for pattern in boilerplate_patterns())


@lru_cache(maxsize=None)
def boilerplate_patterns(file: Path = BOILERPLATE_FILE) -> tuple[re.Pattern, ...]:
    """The patterns of ``data/boilerplate.txt`` (one regex per line, ``#`` comments), loaded once."""
    patterns = []
    for number, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            patterns.append(re.compile(line, re.IGNORECASE))
        except re.error as exc:
            raise ValueError(f"{file}:{number}: bad boilerplate pattern {line!r} ({exc})") from None
    return tuple(patterns)


# --- HTML ----------------------------------------------------------------------------------


def parse_html(html: str, *, name: str, path: str) -> Article:
    """An article from an HTML page: trafilatura's main text and metadata, offline."""
    document = _trafilatura_document(html, path)
    if document is None or not (document.text or "").strip():
        raise IngestError(path, "no article text found in HTML")
    fields = {
        "title": document.title,
        "published": document.date,
        "url": document.url,
        "source": document.sitename,
        "license": document.license,
    }
    body = _clean_body(_html_body(document.text, document.title), path)
    return _make_article(name, path, body, "html", fields)


def _trafilatura_document(html: str, path: str):
    try:
        import trafilatura  # imported here: a broken HTML stack must not stop .txt loading
        from trafilatura.settings import set_date_params
    except ImportError as exc:
        raise IngestError(path, f"cannot read HTML: trafilatura unavailable ({exc})") from None
    try:
        # extensive=False: take dates from markup (meta tags, <time>, URL) only, never guess
        # one from the running text, where the first date is rarely the publication date.
        return trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False,
            date_extraction_params=set_date_params(False),
        )
    except Exception as exc:  # trafilatura and lxml raise many kinds on odd markup
        raise IngestError(path, f"HTML extraction failed ({type(exc).__name__}: {exc})") from None


def _html_body(text: str, title: str | None) -> str:
    """Paragraphs separated by blank lines, like the .txt files; a leading headline repeating the title dropped."""
    paragraphs = [line.strip() for line in normalise_newlines(text).split("\n") if line.strip()]
    if paragraphs and title and paragraphs[0].casefold() == title.strip().casefold():
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


# --- JSONL ---------------------------------------------------------------------------------


def _iter_jsonl(data: bytes, path: Path) -> Iterator[Article | IngestError]:
    """One article per non-blank line; a bad line is yielded as an error and the rest go on."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    absolute = str(path.resolve())
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            yield _parse_jsonl_line(raw, name=f"{path.name}#{number}", path=f"{absolute}#{number}")
        except IngestError as exc:
            yield IngestError(path, exc.reason, number)


def _parse_jsonl_line(raw: bytes, *, name: str, path: str) -> Article:
    text = _decode(raw, path)
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise IngestError(path, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(record, dict):
        raise IngestError(path, f"expected a JSON object, got {type(record).__name__}")
    body = record.pop("body", None)
    if body is None:
        body = record.pop("text", None)
    if not isinstance(body, str):
        raise IngestError(path, 'missing body (expected a "body" or "text" string)')
    if "\x00" in body:
        raise IngestError(path, "body contains a NUL character")
    body = _clean_body(normalise_newlines(body), path)
    return _make_article(name, path, body, "jsonl", record)


# --- shared --------------------------------------------------------------------------------


def _clean_body(raw: str, path: str) -> str:
    """The body without boilerplate; an IngestError if nothing is left."""
    body = strip_boilerplate(raw)
    if not body:
        detail = "" if not raw.strip() else " (nothing left after removing boilerplate)"
        raise IngestError(path, "empty article" + detail)
    return body


def _make_article(name: str, path: str, body: str, fmt: str, fields: dict) -> Article:
    """An Article from a body and raw fields: known fields cleaned, the others kept in ``meta``."""
    meta = {k: v for k, v in fields.items() if k not in KNOWN_FIELDS}
    known = {k: _clean(fields.get(k)) for k in KNOWN_FIELDS}
    raw_published = known["published"]
    known["published"] = normalise_date(raw_published)
    if raw_published and not known["published"]:
        meta["published_raw"] = raw_published
    return Article(name=name, path=path, body=body, format=fmt, meta=meta, **known)


def _clean(value) -> str | None:
    if value is None:
        return None
    value = str(value).strip()
    return value or None


def normalise_date(value: str | None) -> str | None:
    """ISO ``YYYY-MM-DD`` from an ISO date or datetime, or "March 31, 2022"/"31 March 2022"; else None."""
    if not value:
        return None
    value = value.strip()
    try:
        # fromisoformat takes "2022-03-31", "2022-03-31T10:00:00Z" and "+02:00" offsets;
        # the date as written is the publication date, so no timezone conversion.
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            continue
    return None
