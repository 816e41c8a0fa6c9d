"""Ingest: files -> Article objects, front matter, boilerplate, HTML, JSONL, errors."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from archive import ingest
from archive.ingest import IngestError
from archive.model import Article

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_78fdf2874cc691ce.txt"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"

PROSE = (
    "The foreign ministers of Northland and Southland met on Tuesday in Varnholm to discuss "
    "a new fisheries agreement covering the northern straits."
)
MORE_PROSE = (
    "Northland's minister said the talks had been constructive and that both delegations "
    "hoped to sign a treaty before the winter session of parliament."
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def ingest_one(path: Path) -> Article | IngestError:
    items = list(ingest.iter_articles(path))
    assert len(items) == 1, items
    return items[0]


# --- front matter --------------------------------------------------------------------------


def test_front_matter_quoted_values_and_datetime(tmp_path):
    text = (
        "---\n"
        'title: "Ministers meet in Varnholm: a first round"\n'
        "published: 2023-05-14T09:30:00+02:00\n"
        "url: 'https://news.example.org/2023/ministers-meet'\n"
        "source: Example News\n"
        "license: CC BY 4.0\n"
        "author: Jo Writer\n"
        "---\n"
        "\n\n"
        f"{PROSE}\n\n{MORE_PROSE}\n"
    )
    article = ingest_one(write(tmp_path, "a.txt", text))
    assert isinstance(article, Article)
    assert article.title == "Ministers meet in Varnholm: a first round"
    assert article.published == "2023-05-14"
    assert article.url == "https://news.example.org/2023/ministers-meet"
    assert article.source == "Example News"
    assert article.license == "CC BY 4.0"
    assert article.meta == {"author": "Jo Writer"}
    assert article.body == f"{PROSE}\n\n{MORE_PROSE}"
    assert article.name == "a.txt"
    assert article.path == str((tmp_path / "a.txt").resolve())
    assert article.format == "txt"


def test_parse_front_matter_returns_fields_and_rest():
    fields, rest = ingest.parse_front_matter("---\nTitle: 'One'\n\n# a comment\nurl: x:y\n---\n\nBody.\n")
    assert fields == {"title": "One", "url": "x:y"}
    assert rest == "Body.\n"


def test_no_front_matter_keeps_text_whole():
    text = f"{PROSE}\n---\nnot: front matter\n---\n"
    assert ingest.parse_front_matter(text) == ({}, text)


def test_unterminated_front_matter_is_an_error(tmp_path):
    path = write(tmp_path, "open.txt", f"---\ntitle: Never closed\n{PROSE}\n")
    error = ingest_one(path)
    assert isinstance(error, IngestError)
    assert str(error).startswith(f"{path}: ")
    assert "never closed" in str(error)


def test_front_matter_line_that_is_not_key_value(tmp_path):
    path = write(tmp_path, "bad.md", f"---\ntitle: Fine\njust some words\n---\n{PROSE}\n")
    assert str(ingest_one(path)) == f"{path}: front matter line 3 is not 'key: value': 'just some words'"


def test_unparseable_published_is_kept_raw(tmp_path):
    article = ingest_one(write(tmp_path, "a.txt", f"---\npublished: sometime in spring\n---\n{PROSE}\n"))
    assert article.published is None
    assert article.meta["published_raw"] == "sometime in spring"


@pytest.mark.parametrize("value, expected", [
    ("2022-03-31", "2022-03-31"),
    ("2022-03-31T23:10:00Z", "2022-03-31"),
    ("2022-03-31 08:00", "2022-03-31"),
    ("March 31, 2022", "2022-03-31"),
    ("31 March 2022", "2022-03-31"),
    ("Mar 31, 2022", "2022-03-31"),
    ("", None),
    (None, None),
    ("next Tuesday", None),
    ("2022-02-30", None),
])
def test_normalise_date(value, expected):
    assert ingest.normalise_date(value) == expected


def test_markdown_title_from_heading(tmp_path):
    article = ingest_one(write(tmp_path, "note.md", f"# Talks in Varnholm\n\n{PROSE}\n"))
    assert article.format == "md"
    assert article.title == "Talks in Varnholm"
    assert article.body.startswith("# Talks in Varnholm")


# --- boilerplate ---------------------------------------------------------------------------


def test_trailing_boilerplate_block_is_removed():
    body = (
        f"{PROSE}\n\nHe declined to comment.\n\n"
        "Share this:\nFacebook\nTwitter\n\nTags: fisheries, Northland\n\n"
        "Copyright © 2023 Example News. All rights reserved.\n"
    )
    assert ingest.strip_boilerplate(body) == f"{PROSE}\n\nHe declined to comment."


def test_categorized_in_with_nothing_after_it():
    assert ingest.strip_boilerplate(f"{PROSE}\n\nCategorized in:\n") == PROSE


def test_boilerplate_words_inside_prose_are_kept():
    body = (
        f"{PROSE}\n\n"
        "Tags: small plastic markers clipped to the fins of the fish, were shown to reporters by the "
        "research team.\n\n"
        "Read more: the ministry said the full report would be published next week.\n\n"
        f"{MORE_PROSE}"
    )
    assert ingest.strip_boilerplate(body) == body


def test_byline_remnant_is_stripped_from_the_start_and_the_swallowed_capital_put_back():
    body = "{{byline|dateorthland's minister arrived late.\n\n" + PROSE + "\n\n{archive}}\n"
    assert ingest.strip_boilerplate(body) == "Northland's minister arrived late.\n\n" + PROSE
    assert ingest.strip_boilerplate("{{byline|datehe ministers met. " + PROSE).startswith("The ministers met. ")


def test_byline_remnant_restores_no_guess_from_another_word():
    assert ingest.strip_boilerplate("{{byline|dateim Roe, the envoy, met him in May.") == "im Roe, the envoy, met him in May."
    assert ingest.strip_boilerplate("{{byline|dateUN officials arrived. The gun was found.").startswith("UN officials")
    assert ingest.strip_boilerplate("{{byline|dateis new plan, he said, was his best.").startswith("His new plan")


def test_a_heading_before_a_paragraph_opening_with_a_particle_stays_apart():
    body = "Reaction from the region\n\nvan Dijk said it was fine."
    assert ingest.tidy_whitespace(body) == body


def test_byline_remnant_before_a_wiki_link_or_a_template():
    body = "{{byline|date[w:Varnholm Accord|Varnholm Accord]] talks opened.\n\n" + PROSE
    assert ingest.strip_boilerplate(body) == "Varnholm Accord talks opened.\n\n" + PROSE
    assert ingest.strip_boilerplate("{{byline|date{Publish}}\n" + PROSE) == PROSE
    assert ingest.strip_boilerplate("{{byline|date{Publish}}\n") == ""


def test_byline_remnant_any_case_and_only_at_the_start():
    assert ingest.strip_boilerplate("{{Byline|dateere it ends.") == "ere it ends."
    body = f"{PROSE} The {{{{byline|date template was used."
    assert ingest.strip_boilerplate(body) == body


def test_wiki_remnants_at_the_end_are_removed():
    body = f"{PROSE}\n\n<!--\n*editor note\n-->\n\n{{{{byline|date{{reviewed}}}}\n\nde:Ministertreffen in Varnholm\n"
    assert ingest.strip_boilerplate(body) == PROSE


def test_no_break_spaces_are_plain_spaces():
    assert ingest.tidy_whitespace("Director\u00a0Ana Roe met the\u202fminister.") == "Director Ana Roe met the minister."


def test_hard_wrapped_lines_are_joined_and_paragraphs_kept():
    body = ("The ministers met in Varnholm, where the talks on fisheries\n\ncontinued until late. Both sides,\n"
            "after a long night, agreed.\n\nA treaty will follow\n\nNew talks open in May.")
    assert ingest.tidy_whitespace(body) == ("The ministers met in Varnholm, where the talks on fisheries continued until "
                                         "late. Both sides, after a long night, agreed.\n\nA treaty will follow\n\n"
                                         "New talks open in May.")


def test_custom_boilerplate_file(tmp_path):
    file = write(tmp_path, "bp.txt", "# comment\n\nsponsored by\n")
    patterns = ingest.boilerplate_patterns(file)
    assert len(patterns) == 1 and patterns[0].match("Sponsored by Acme")


# --- decoding and unreadable files -----------------------------------------------------------


def test_non_utf8_file_error_message(tmp_path):
    path = write(tmp_path, "latin1.txt", "Caf\u00e9 talks resumed.".encode("latin-1"))
    error = ingest_one(path)
    assert isinstance(error, IngestError)
    assert str(error) == f"{path}: not UTF-8 text (byte 0xe9 at offset 3)"


def test_bom_and_crlf_are_normalised(tmp_path):
    data = b"\xef\xbb\xbf---\r\ntitle: T\r\n---\r\n" + f"{PROSE}\r\n\r\n{MORE_PROSE}\r\n".encode()
    article = ingest_one(write(tmp_path, "crlf.txt", data))
    assert article.title == "T"
    assert article.body == f"{PROSE}\n\n{MORE_PROSE}"


@pytest.mark.parametrize("content, reason", [
    ("", "empty article"),
    ("   \n\n  \n", "empty article"),
    ("---\ntitle: Only a title\n---\n", "empty article"),
    ("Share this:\nFacebook\n", "empty article (nothing left after removing boilerplate)"),
])
def test_empty_article(tmp_path, content, reason):
    path = write(tmp_path, "empty.txt", content)
    assert str(ingest_one(path)) == f"{path}: {reason}"


def test_binary_file_is_an_error(tmp_path):
    path = write(tmp_path, "junk.txt", b"PK\x03\x04\x00\x00binary")
    assert str(ingest_one(path)) == f"{path}: not a text file (NUL byte at offset 4)"


def test_directory_and_missing_file_are_errors(tmp_path):
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert str(ingest_one(folder)) == f"{folder}: is a directory, not a file"
    missing = tmp_path / "missing.txt"
    assert str(ingest_one(missing)) == f"{missing}: no such file"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_an_error(tmp_path):
    path = write(tmp_path, "secret.txt", PROSE)
    path.chmod(0)
    try:
        assert "permission denied" in str(ingest_one(path))
    finally:
        path.chmod(0o644)


def test_unsupported_suffix_is_an_error(tmp_path):
    path = write(tmp_path, "report.pdf", "%PDF-1.4")
    error = ingest_one(path)
    assert str(error).startswith(f"{path}: unsupported file type .pdf; expected one of .txt, .md")


# --- HTML ----------------------------------------------------------------------------------

HTML_PAGE = f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Ministers meet in Varnholm | Example News</title>
<meta property="og:title" content="Ministers meet in Varnholm">
<meta property="article:published_time" content="2023-05-14T09:30:00+02:00">
<link rel="canonical" href="https://news.example.org/2023/ministers-meet">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article>
<h1>Ministers meet in Varnholm</h1>
<p>{PROSE}</p>
<p>{MORE_PROSE}</p>
<p>Southland's delegation did not comment after the meeting, which lasted four hours.</p>
</article>
<footer><p>Copyright © 2023 Example News. All rights reserved.</p>
<p>Follow us on Twitter</p></footer>
</body></html>
"""


def test_html_page(tmp_path):
    article = ingest_one(write(tmp_path, "page.html", HTML_PAGE))
    assert isinstance(article, Article), article
    assert article.format == "html"
    assert article.title == "Ministers meet in Varnholm"
    assert article.published == "2023-05-14"
    assert article.url == "https://news.example.org/2023/ministers-meet"
    assert article.body.startswith(PROSE)
    assert MORE_PROSE in article.body
    for furniture in ("Home", "Sport", "Copyright", "Follow us"):
        assert furniture not in article.body


def test_html_without_text_is_an_error(tmp_path):
    path = write(tmp_path, "blank.htm", "<html><head><title>x</title></head><body></body></html>")
    assert str(ingest_one(path)) == f"{path}: no article text found in HTML"


# --- JSONL ---------------------------------------------------------------------------------


def test_jsonl_bad_line_does_not_stop_the_good_ones(tmp_path):
    lines = [
        json.dumps({"title": "First", "body": PROSE, "published": "2023-05-14", "url": "https://e.org/1"}),
        '{"title": "Broken", "body": ',
        "",
        json.dumps({"title": "Second", "text": MORE_PROSE, "source": "Wire", "desk": "world"}),
    ]
    path = write(tmp_path, "batch.jsonl", "\n".join(lines) + "\n")
    items = list(ingest.iter_articles(path))
    assert len(items) == 3
    first, error, second = items
    assert (first.name, first.title, first.published, first.body) == ("batch.jsonl#1", "First", "2023-05-14", PROSE)
    assert first.path == f"{path.resolve()}#1"
    assert first.format == "jsonl"
    assert isinstance(error, IngestError)
    assert str(error).startswith(f"{path} line 2: invalid JSON (")
    assert (second.name, second.body, second.source, second.meta) == ("batch.jsonl#4", MORE_PROSE, "Wire", {"desk": "world"})


@pytest.mark.parametrize("line, reason", [
    ('{"title": "No body"}', 'missing body (expected a "body" or "text" string)'),
    ('["not", "an", "object"]', "expected a JSON object, got list"),
    ('{"body": "   "}', "empty article"),
])
def test_jsonl_line_errors(tmp_path, line, reason):
    path = write(tmp_path, "x.jsonl", line + "\n")
    assert str(ingest_one(path)) == f"{path} line 1: {reason}"


# --- finding files -------------------------------------------------------------------------


def test_find_files_recurses_sorts_and_skips(tmp_path):
    for name in ("b.txt", "a.md", "sub/c.HTML", "sub/deeper/d.jsonl", "sub/e.htm",
                 ".hidden.txt", ".git/f.txg", ".cache/g.txt", "sub/a.gold.json", "notes.pdf"):
        write(tmp_path, name, PROSE)
    found = ingest.find_files([tmp_path])
    assert found == sorted(found)
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.md", "b.txt", "sub/c.HTML", "sub/deeper/d.jsonl", "sub/e.htm",
    ]


def test_find_files_deduplicates_and_keeps_explicit_files(tmp_path):
    txt = write(tmp_path, "a.txt", PROSE)
    pdf = write(tmp_path, "b.pdf", "%PDF")
    found = ingest.find_files([tmp_path, txt, tmp_path / "." / "a.txt", pdf])
    assert found == [txt, pdf]


# --- identity --------------------------------------------------------------------------------


def test_sha256_is_stable_and_follows_the_body(tmp_path):
    path = write(tmp_path, "a.txt", f"---\ntitle: T\n---\n{PROSE}\n")
    first, again = ingest_one(path), ingest_one(path)
    assert first.sha256 == again.sha256
    write(tmp_path, "a.txt", f"---\ntitle: T\n---\n{PROSE} Updated.\n")
    assert ingest_one(path).sha256 != first.sha256


# --- real files ----------------------------------------------------------------------------


def test_seed_article():
    article = ingest_one(SEED)
    assert isinstance(article, Article)
    assert article.name == SEED.name
    assert article.body.startswith("Lavrov said")
    assert "Categorized in" not in article.body
    assert article.body.endswith("established by the Taliban.")


@pytest.mark.skipif(not CORPUS.is_dir(), reason="no ../shared/corpus beside the repo")
def test_corpus_ingests_with_titles():
    files = ingest.find_files([CORPUS])
    assert len(files) > 100
    empty = []
    for file in files:
        for item in ingest.iter_articles(file):
            if isinstance(item, IngestError):
                # A few Wikinews pages lost all their text, leaving only a template remnant.
                assert "empty article (nothing left after removing boilerplate)" in str(item), str(item)
                empty.append(file.name)
                continue
            assert item.title, file
            assert not item.body.startswith("{{"), file
    assert len(empty) <= 6, empty
