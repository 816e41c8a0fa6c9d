"""Files -> ``Article`` objects: .txt/.md with optional front matter, .html, .jsonl.

Bad input never raises out of ``find_files`` or ``iter_articles``: a file (or
JSONL line) that cannot become an article is yielded as an ``IngestError``
whose message starts with the file path, so one broken file cannot stop a load.
Only regular files are read, within the size limits of ``archive.limits``; an
article longer than ``limits.MAX_ARTICLE_CHARS`` is split into parts.
"""
from __future__ import annotations

import codecs
import errno
import json
import os
import re
import stat
from dataclasses import replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator
from urllib.parse import urlparse

from . import limits
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
# An HTML page is an article only if some paragraph is prose: this long, with a sentence end.
# Menus, link lists and tag clouds are short lines without one.
PROSE_CHARS = 40
SENTENCE_END = re.compile(r"[.!?。！？][\"'”’)]*(\s|$)")
# Where a long article is split, best first: paragraph, line, sentence, word.
SPLIT_AT = ("\n\n", "\n", ". ", " ")
FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
              (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


class IngestError(Exception):
    """A file (or JSONL line) that cannot become an article; str() is "PATH: reason"."""

    def __init__(self, path: str | os.PathLike, reason: str, line: int | None = None):
        # One line always: reasons may quote library messages that span several.
        self.path, self.reason, self.line = display_path(path), " ".join(reason.splitlines()), line
        where = self.path if line is None else f"{self.path} line {line}"
        super().__init__(f"{where}: {self.reason}")


def display_path(path: str | os.PathLike) -> str:
    """The path as printable text: bytes of a file name that are not UTF-8 become ``\\xNN``.

    Such names reach Python as lone surrogates, which neither SQLite nor a terminal accepts.
    """
    return os.fsencode(path).decode("utf-8", "backslashreplace")


# --- finding files -----------------------------------------------------------------------


def find_files(paths: Iterable[str | os.PathLike]) -> list[Path]:
    """Supported files under the given files and folders, sorted and deduplicated; never raises.

    Folders are walked recursively, following links to folders but reading each folder
    once, so a link loop ends. A file named explicitly is returned whatever its suffix,
    so that it fails loudly later. A folder that cannot be read, and an article-named
    entry that is no regular file (a pipe, a device, a broken link, a link loop), are
    returned too: ``iter_articles`` says why each cannot be read.
    """
    found: dict[str, Path] = {}
    seen: set[tuple[int, int]] = set()
    for given in map(Path, paths):
        candidates = _walk(given, seen) if given.is_dir() else [given]
        for file in candidates:
            found.setdefault(os.path.realpath(file), file)
    return sorted(found.values())


def _walk(top: Path, seen: set[tuple[int, int]]) -> Iterator[Path]:
    """Article files under ``top``, and the folders that cannot be listed; without recursion,
    so no depth of nesting can overflow the stack."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                continue  # reached again through a link
            seen.add((info.st_dev, info.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError:
            yield folder
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if _is_folder(entry):
                stack.append(Path(entry.path))
            elif _is_article_name(entry.name):
                yield Path(entry.path)


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_article_name(name: str) -> bool:
    lower = name.lower()
    if lower.endswith(COMPANION_SUFFIXES):
        return False
    return Path(lower).suffix in SUPPORTED_SUFFIXES


# --- reading files -----------------------------------------------------------------------


def iter_articles(path: str | os.PathLike) -> Iterator[Article | IngestError]:
    """Articles in one file, long ones split into parts; bad input is yielded as an
    ``IngestError``, never raised."""
    for item in _read_file(Path(path)):
        if isinstance(item, Article):
            yield from split_long(item, path)
        else:
            yield item


def _read_file(path: Path) -> Iterator[Article | IngestError]:
    try:
        with _open_regular(path) as file:
            fmt = FORMATS.get(path.suffix.lower())
            if fmt is None:
                expected = ", ".join(SUPPORTED_SUFFIXES)
                raise IngestError(path, f"unsupported file type {path.suffix or '(none)'}; expected one of {expected}")
            if fmt == "jsonl":
                yield from _iter_jsonl(file, path)
                return
            data = _read_limited(file, path)
        text = _decode(data, path)
        absolute = display_path(os.path.realpath(path))
        if fmt == "html":
            yield parse_html(text, name=display_path(path.name), path=absolute)
        else:
            yield parse_text(text, name=display_path(path.name), path=absolute, fmt=fmt)
    except IngestError as exc:
        # Errors name the path as the user gave it, not the resolved one: shorter and familiar.
        yield IngestError(path, exc.reason, exc.line)


def _open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, if it is a regular file; else an IngestError saying what it is.

    O_NONBLOCK lets a named pipe open at once (to be refused) instead of waiting for a writer.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise IngestError(path, _open_failure(path, exc)) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IngestError(path, _folder_problem(path))
        if not stat.S_ISREG(mode):
            raise IngestError(path, f"not a regular file ({_kind(mode)}); only regular files are read")
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _open_failure(path: Path, exc: OSError) -> str:
    if exc.errno == errno.ELOOP:
        return "symbolic link loop (the link leads back to itself)"
    if exc.errno == errno.ENOENT:
        return "broken symbolic link (its target does not exist)" if os.path.islink(path) else "no such file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot read {'folder' if os.path.isdir(path) else 'file'} (permission denied)"
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        return f"not a regular file ({_kind(mode)}); only regular files are read"
    return f"cannot read file ({exc.strerror or exc})"


def _folder_problem(path: Path) -> str:
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        return f"cannot read folder ({reason}); its files were not loaded"
    return "is a directory, not a file"


def _kind(mode: int) -> str:
    return next((name for test, name in FILE_KINDS if test(mode)), "not a regular file")


def _read_limited(file: BinaryIO, path: Path) -> bytes:
    """The whole file, if it is no larger than ``limits.MAX_FILE_BYTES``."""
    limit = limits.MAX_FILE_BYTES
    size = os.fstat(file.fileno()).st_size
    data = file.read(limit + 1) if size <= limit else b""
    if size > limit or len(data) > limit:
        raise IngestError(path, f"file too large ({_mib(max(size, len(data)))}; the limit is {_mib(limit)})")
    return data


def _mib(size: int) -> str:
    return f"{size / 2**20:.1f} MiB"


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


# --- long articles -------------------------------------------------------------------------


def split_long(article: Article, given: str | os.PathLike | None = None, limit: int | None = None) -> list[Article]:
    """The article, or its parts if the body is longer than ``limit`` characters
    (default ``limits.MAX_ARTICLE_CHARS``).

    Parts are named ``NAME``, ``NAME#part2``, ... so that the first keeps the article's
    identity; titles say "(part K of N)"; the first part carries a warning.
    """
    limit = limit or limits.MAX_ARTICLE_CHARS
    if len(article.body) <= limit:
        return [article]
    bodies = split_text(article.body, limit)
    count = len(bodies)
    parts = []
    for k, body in enumerate(bodies, start=1):
        suffix = "" if k == 1 else f"#part{k}"
        title = f"{article.title} (part {k} of {count})" if article.title else None
        parts.append(replace(article, name=article.name + suffix, path=article.path + suffix,
                             body=body, title=title, warnings=[]))
    where = display_path(given) if given is not None else article.path
    if article.format == "jsonl":
        where = f"{where} line {article.name.rsplit('#', 1)[-1]}"
    parts[0].warnings = [f"{where}: {len(article.body):,} characters, over the {limit:,}-character limit: "
                         f"split into {count} parts ({article.name} to {article.name}#part{count})"]
    return parts


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at the best boundary in the
    second half of each piece; whitespace at the cuts is dropped."""
    pieces = []
    while len(text) > limit:
        cut = _cut_point(text, limit)
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    pieces.append(text)
    return [p for p in pieces if p]


def _cut_point(text: str, limit: int) -> int:
    for separator in SPLIT_AT:
        at = text.rfind(separator, limit // 2, limit)
        if at > 0:
            return at + len(separator)
    return limit


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


# --- hard wraps ----------------------------------------------------------------------------

# A line (or paragraph) break between a lower-case letter or comma and a lower-case letter is a hard wrap
# inside a sentence ("restrictions\n\non travel"): a paragraph or a headline never ends that way.
_HARD_WRAP = re.compile(r"(?<=[a-z,])[ \t]*\n(?:[ \t]*\n)?[ \t]*(?=[a-z]+[\s,.;:])(?!(?:van|von|de|del|der|da|di|du|al|el|la|le|bin|ibn)\s)")


# No-break and thin spaces that scraped pages put between a title and a name ("Director\u00a0Ana Roe").
_ODD_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " "})


def tidy_whitespace(body: str) -> str:
    """The body with hard-wrapped lines joined, so that a wrapped sentence stays one sentence, and no-break
    spaces made plain spaces (one character for one: offsets do not move)."""
    return _HARD_WRAP.sub(" ", body.translate(_ODD_SPACES))


# --- boilerplate ---------------------------------------------------------------------------


def strip_boilerplate(body: str) -> str:
    """Drop a leading Wikinews ``{{byline|date`` remnant and a trailing block of scraper boilerplate."""
    body = body.strip()
    if body[:len(BYLINE_REMNANT)].lower() == BYLINE_REMNANT:  # the corpus has {{Byline| too
        body = _restore_opening(body[len(BYLINE_REMNANT):])
    lines = body.split("\n")
    cut = _trailing_boilerplate_start(lines)
    if cut is not None:
        lines = lines[:cut]
    return "\n".join(lines).strip()


_WIKI_LINK_REMNANT = re.compile(r"\[?\[?w:[^|\]\n]*\|([^\]\n]*)\]\]")
_TEMPLATE_REMNANT = re.compile(r"\{?\{?\w+\}\}[ \t]*\n?")


def _restore_opening(body: str) -> str:
    """The body after a ``{{byline|date`` remnant, which swallowed the character that followed it: a
    wiki link's first bracket ("[w:Ann Roe|Ann Roe]] said" is "Ann Roe said"), a template's first brace
    ("{Publish}}", dropped), or the first letter of the article ("orthland's minister" for "Northland's minister")."""
    template = _TEMPLATE_REMNANT.match(body)
    if template:
        return body[template.end():].lstrip()
    body = _WIKI_LINK_REMNANT.sub(r"\1", body, count=1) if _WIKI_LINK_REMNANT.match(body) else body
    return _restore_first_letter(body)


def _restore_first_letter(body: str) -> str:
    """Put back the capital the remnant swallowed: the one that makes the first word a word the rest of
    the article writes with that capital ("orthland" and "Northland" later; "he" and "The"), or in any case
    when a lower-case word follows ("is new" and "his"); left as it is when no letter does, and a name-like
    start ("im Roe", "UN") is only restored from the same word with its capital."""
    first = re.match(r"[a-z][A-Za-z'’-]*|[A-Z]{1,3}\b", body)
    if not first:
        return body
    fragment, rest = first[0].split("'")[0].split("’")[0], body[first.end():]
    name_next = re.match(r"\s+[A-Z]", rest) is not None  # "im Roe": a first name, no guess from "him"
    for flags in (0,) if fragment[0].isupper() or name_next else (0, re.IGNORECASE):
        counts = {letter: len(re.findall(rf"\b{letter}{re.escape(fragment)}\b", rest, flags))
                  for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
        letter = max(counts, key=counts.get)
        if counts[letter]:
            return letter + body
    return body


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
    if not has_prose(body):
        raise IngestError(path, "no article text found in HTML (only short lines, such as a menu or a list of links)")
    return _make_article(name, path, body, "html", fields)


def has_prose(body: str) -> bool:
    """True if some paragraph reads as prose: long enough and ending a sentence."""
    return any(len(line) >= PROSE_CHARS and SENTENCE_END.search(line) for line in body.split("\n"))


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


def _iter_jsonl(file: BinaryIO, path: Path) -> Iterator[Article | IngestError]:
    """One article per non-blank line, read line by line; a bad line is yielded as an error
    and the rest go on."""
    absolute = display_path(os.path.realpath(path))
    name = display_path(path.name)
    for number, raw in enumerate(_lines(file, limits.MAX_LINE_BYTES), start=1):
        if raw is None:
            yield IngestError(path, f"line too long (over {_mib(limits.MAX_LINE_BYTES)}, the limit); skipped", number)
            continue
        if number == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        if not raw.strip():
            continue
        try:
            yield _parse_jsonl_line(raw, name=f"{name}#{number}", path=f"{absolute}#{number}")
        except IngestError as exc:
            yield IngestError(path, exc.reason, number)


def _lines(file: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """The file's lines without their newline; None for a line over ``limit`` bytes, which is skipped."""
    while line := file.readline(limit + 1):
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = file.readline(2**20)
            yield None
        else:
            yield line.rstrip(b"\n")


def _parse_jsonl_line(raw: bytes, *, name: str, path: str) -> Article:
    text = _decode(raw, path)
    try:
        record = json.loads(text, parse_int=_json_int)
    except json.JSONDecodeError as exc:
        raise IngestError(path, f"invalid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:
        raise IngestError(path, "invalid JSON (nested too deeply)") from None
    except ValueError as exc:
        raise IngestError(path, f"invalid JSON ({exc})") from None
    if not isinstance(record, dict):
        raise IngestError(path, f"expected a JSON object, got {type(record).__name__}")
    body = record.pop("body", None)
    if body is None:
        body = record.pop("text", None)
    if not isinstance(body, str):
        raise IngestError(path, 'missing body (expected a "body" or "text" string)')
    for field, value in [("body", body)] + [(k, record.get(k)) for k in KNOWN_FIELDS]:
        if isinstance(value, str):
            _check_text(path, field, value)
    body = _clean_body(normalise_newlines(body), path)
    return _make_article(name, path, body, "jsonl", record)


def _json_int(digits: str) -> int | str:
    """A JSON integer; one too long for Python's int conversion stays its digits (never an article field)."""
    try:
        return int(digits)
    except ValueError:
        return digits


def _check_text(path: str, field: str, value: str) -> None:
    """JSON escapes can spell what no text file holds: NUL characters and lone UTF-16 surrogates."""
    if "\x00" in value:
        raise IngestError(path, f"{field} contains a NUL character")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise IngestError(path, f"{field} is not valid Unicode text (lone surrogate "
                                f"\\u{ord(value[exc.start]):04x} at character {exc.start})") from None


# --- shared --------------------------------------------------------------------------------


def _clean_body(raw: str, path: str) -> str:
    """The body without boilerplate and hard line wraps; an IngestError if nothing is left."""
    body = tidy_whitespace(strip_boilerplate(raw))
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
    if known["url"] and not _parses_as_url(known["url"]):
        meta["url_raw"], known["url"] = known["url"], None
    return Article(name=name, path=path, body=body, format=fmt, meta=meta, **known)


def _parses_as_url(value: str) -> bool:
    try:
        urlparse(value).hostname  # noqa: B018  raises on a malformed host such as "http://["
    except ValueError:
        return False
    return True


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
