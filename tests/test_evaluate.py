"""The scorer: name rule, one-to-one matching, optional gold, P/R/F1, folders and the CLI.

Every article text and annotation here is invented for these tests.
"""
from __future__ import annotations

import importlib
import json
import sys
import types
from pathlib import Path

import pytest

from archive import evaluate as ev
from archive.evaluate import format_report, names_match, normalise_name, prf, score_article
from archive.model import Article

BODY = (
    "Foreign Minister Marta Kowalczyk of Poland met her Norwegian counterpart Jonas Berg in Tromsø on Monday. "
    "Kowalczyk said that both countries would expand fishing quotas next year. "
    "\u201cWe have found a fair balance,\u201d Berg told reporters after the talks. "
    "Finland's envoy Aino Virtanen joined a second round of talks in Oslo on 4 May. "
    "The Arctic Council said it welcomed the agreement."
)


def counts(result: dict, cat: str) -> tuple[int, int, int]:
    return result[cat]["tp"], result[cat]["fp"], result[cat]["fn"]


def span_of(text: str, body: str = BODY) -> dict:
    start = body.index(text)
    return {"start": start, "end": start + len(text)}


# --------------------------------------------------------------------------- name rule

@pytest.mark.parametrize("raw, expected", [
    ("Mr. Jonas Berg", "jonas berg"),
    ("Prime Minister Zoë Ĺubić", "zoe lubic"),
    ("Sheikh Omar Al-Farsi", "omar al farsi"),
    ("the Foreign Minister Marta Kowalczyk", "marta kowalczyk"),
    ("Berg's", "berg"),
    ("Dr  O'Neill", "oneill"),
    ("The President", "president"),           # only titles: the titles are kept
    ("The Vice President", "vice president"),
    ("", ""),
    (None, ""),
])
def test_normalise_name(raw, expected):
    assert normalise_name(raw) == expected


@pytest.mark.parametrize("a, b, expected", [
    ("Jonas Berg", "JONAS BERG", True),
    ("Zoë Lubić", "Zoe Lubic", True),
    ("Berg", "Jonas Berg", True),                     # subset, same last token
    ("Marta Kowalczyk", "Anna Marta Kowalczyk", True),
    ("President Berg", "Jonas Berg", True),
    ("Jonas", "Jonas Berg", False),                   # last tokens differ
    ("Anna Berg", "Jonas Berg", False),               # neither is a subset
    ("The President", "President", True),
    ("The President", "The Vice President", False),   # title-only names match only exactly
    ("", "", False),
    (None, "Berg", False),
])
def test_names_match(a, b, expected):
    assert names_match(a, b) is expected
    assert names_match(b, a) is expected


def test_names_match_aliases_on_either_side():
    assert names_match("Jonas Berg", "the Norwegian minister", a_aliases=["Norwegian minister"])
    assert names_match("the Norwegian minister", "Jonas Berg", b_aliases=["Norwegian minister"])
    assert not names_match("Jonas Berg", "the Norwegian minister")


# --------------------------------------------------------------------------- P/R/F1

def test_prf_edge_cases():
    assert prf(0, 0, 0) == {"tp": 0, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    nothing_predicted = prf(0, 0, 3)
    assert (nothing_predicted["precision"], nothing_predicted["recall"], nothing_predicted["f1"]) == (0.0, 0.0, 0.0)
    nothing_to_find = prf(0, 2, 0)
    assert (nothing_to_find["precision"], nothing_to_find["recall"], nothing_to_find["f1"]) == (0.0, 0.0, 0.0)
    r = prf(3, 1, 2)
    assert r["precision"] == 0.75 and r["recall"] == 0.6
    assert r["f1"] == pytest.approx(2 * 0.75 * 0.6 / 1.35, abs=1e-4)
    assert prf(0, 1, 1)["f1"] == 0.0


# --------------------------------------------------------------------------- people

def test_people_prefers_exact_matches_and_ignores_organisations():
    gold = {"people": [{"name": "Erik Berg"}, {"name": "Jonas Berg"}, {"name": "Marta Kowalczyk"}]}
    predicted = {
        # "Berg" would pair with the first gold "… Berg" if exact matches were not taken first.
        "people": [{"name": "Berg"}, {"name": "Jonas Berg"}, {"name": "Aino Virtanen"}],
        "organisations": [{"name": "Arctic Council"}, {"name": "Marta Kowalczyk"}],
    }
    r = score_article(gold, predicted, BODY)
    assert counts(r, "people") == (2, 1, 1)
    assert r["missed"]["people"] == ["Marta Kowalczyk"]
    assert r["spurious"]["people"] == ["Aino Virtanen"]


def test_people_one_to_one_and_aliases():
    gold = {"people": [{"name": "Marta Kowalczyk", "aliases": ["the Polish minister"]}]}
    predicted = {"people": [{"name": "Polish Minister"}, {"name": "Kowalczyk"}]}
    r = score_article(gold, predicted, BODY)
    assert counts(r, "people") == (1, 1, 0)   # the second match to the same gold person is an FP

    predicted = {"people": [{"name": "M. K.", "aliases": ["Marta Kowalczyk"]}]}
    assert counts(score_article(gold, predicted, BODY), "people") == (1, 0, 0)


def test_optional_people_never_count():
    gold = {"people": [{"name": "Jonas Berg"}, {"name": "The Envoy", "optional": True},
                       {"name": "Aino Virtanen", "optional": True}]}
    predicted = {"people": [{"name": "Jonas Berg"}, {"name": "the envoy"}]}
    r = score_article(gold, predicted, BODY)
    assert counts(r, "people") == (1, 0, 0)   # matched optional: no TP/FP; unmatched optional: no FN
    assert r["missed"]["people"] == [] and r["spurious"]["people"] == []


# --------------------------------------------------------------------------- countries

def test_countries_are_sets_of_codes():
    gold = {"countries": ["PL", "NO", "FI"]}
    predicted = {"countries": ["no", "PL", "PL", "SE"]}
    r = score_article(gold, predicted, BODY)
    assert counts(r, "countries") == (2, 1, 1)
    assert r["missed"]["countries"] == ["FI"] and r["spurious"]["countries"] == ["SE"]


def test_empty_gold_and_prediction_is_perfect():
    r = score_article({}, {}, BODY)
    for cat in ev.CATEGORIES:
        assert counts(r, cat) == (0, 0, 0)
        assert r[cat]["f1"] == 1.0


# --------------------------------------------------------------------------- meetings

GOLD_MEETINGS = {
    "meetings": [
        {"date": "2023-05-01", "countries": ["PL", "NO"],
         "evidence": "Marta Kowalczyk of Poland met her Norwegian counterpart Jonas Berg in Tromsø"},
        {"date": "2023-05-04", "countries": ["PL", "NO", "FI"],
         "evidence": "joined a second round of talks in Oslo on 4 May"},
    ]
}


def test_meetings_match_by_overlapping_evidence():
    first = "met her Norwegian counterpart Jonas Berg in Tromsø on Monday"  # overlaps gold 1 partly
    second = "Aino Virtanen joined a second round"                          # overlaps gold 2 partly
    predicted = {"meetings": [
        {"date": None, "countries": ["PL", "NO", "SE"], "evidence": first, **span_of(first)},
        {"date": "2023-05-04", "countries": ["FI", "NO"], "evidence": second},  # no offsets: found by substring
    ]}
    r = score_article(GOLD_MEETINGS, predicted, BODY)
    assert counts(r, "meetings") == (2, 0, 0)
    # pair 1: PL,NO right, SE extra; pair 2: FI,NO right, PL missing
    assert counts(r, "meeting_countries") == (4, 1, 1)
    assert r["missed"]["meeting_countries"][0]["countries"] == ["PL"]
    assert r["spurious"]["meeting_countries"][0]["countries"] == ["SE"]


def test_predicted_offsets_are_used_only_when_they_fit_the_text():
    gold = {"meetings": [dict(GOLD_MEETINGS["meetings"][1])]}
    text = "second round of talks"
    wrong = {"start": 0, "end": len(text)}   # offsets that do not point at the text: the text wins
    right = span_of(text)
    no_text = span_of(text)                   # offsets alone are enough
    for extra in (wrong, right):
        r = score_article(gold, {"meetings": [{"evidence": text, **extra}]}, BODY)
        assert counts(r, "meetings") == (1, 0, 0)
    r = score_article(gold, {"meetings": [{"evidence": None, **no_text}]}, BODY)
    assert counts(r, "meetings") == (1, 0, 0)


def test_meetings_fall_back_to_date_and_two_countries():
    predicted = {"meetings": [
        {"date": "2023-05-04", "countries": ["FI", "PL"], "evidence": "a text that is not in the article"},
        {"date": "2023-05-01", "countries": ["PL", "SE"], "evidence": None},  # only one shared country
    ]}
    r = score_article(GOLD_MEETINGS, predicted, BODY)
    assert counts(r, "meetings") == (1, 1, 1)
    assert r["missed"]["meetings"][0]["date"] == "2023-05-01"


def test_meetings_are_one_to_one_and_optional_gold_is_ignored():
    gold = {"meetings": [
        dict(GOLD_MEETINGS["meetings"][0]),
        dict(GOLD_MEETINGS["meetings"][1], optional=True),
    ]}
    a = "Kowalczyk of Poland met"
    b = "counterpart Jonas Berg"
    c = "second round of talks in Oslo"
    predicted = {"meetings": [
        {"countries": ["PL", "NO"], "evidence": a},
        {"countries": ["PL", "NO"], "evidence": b},   # the same gold meeting again: FP
        {"countries": ["FI"], "evidence": c},         # matches the optional meeting: not counted
    ]}
    r = score_article(gold, predicted, BODY)
    assert counts(r, "meetings") == (1, 1, 0)
    assert counts(r, "meeting_countries") == (2, 0, 0)   # optional pairs add no country counts


# --------------------------------------------------------------------------- statements

GOLD_PEOPLE = [
    {"name": "Marta Kowalczyk", "aliases": ["Kowalczyk"]},
    {"name": "Jonas Berg", "aliases": []},
]
S1 = "both countries would expand fishing quotas next year"
S2 = "We have found a fair balance,"
S3 = "it welcomed the agreement"


def gold_statements(**extra) -> dict:
    return {"people": GOLD_PEOPLE, "statements": [
        {"speaker": "Marta Kowalczyk", "text": S1, "kind": "indirect"},
        {"speaker": "Jonas Berg", "text": S2, "kind": "direct"},
        {"speaker": "Arctic Council", "text": S3, "kind": "indirect", **extra},
    ]}


def test_statements_all_right_with_aliases_and_organisation_speaker():
    predicted = {
        "people": [{"id": "p1", "name": "Kowalczyk"}, {"id": "p2", "name": "Jonas Berg"}],
        "organisations": [{"id": "o1", "name": "The Arctic Council"}],
        "statements": [
            {"speaker": "Kowalczyk", "speaker_id": "p1", "text": "Kowalczyk said that " + S1},  # longer, covers it
            {"speaker": "Berg", "text": "We have found a fair balance"},                         # shorter
            {"speaker": None, "speaker_id": "o1", "text": S3, **span_of(S3)},                    # via speaker_id
        ],
    }
    r = score_article(gold_statements(), predicted, BODY)
    assert counts(r, "statements") == (3, 0, 0)
    assert counts(r, "statements_text_only") == (3, 0, 0)


def test_statement_with_wrong_speaker_is_fp_and_fn():
    predicted = {"statements": [
        {"speaker": "Jonas Berg", "text": S1},
        {"speaker": "Jonas Berg", "text": S2},
    ]}
    r = score_article(gold_statements(), predicted, BODY)
    assert counts(r, "statements") == (1, 1, 2)        # S1 wrong speaker (FP+FN), S3 missed
    assert counts(r, "statements_text_only") == (2, 0, 1)
    missed_texts = [m["text"] for m in r["missed"]["statements"]]
    assert missed_texts == [S1, S3]
    assert "wrong speaker" in r["missed"]["statements"][0]["note"]
    assert "wrong speaker" in r["spurious"]["statements"][0]["note"]


def test_statement_text_overlap_threshold_on_spans():
    # "expand fishing quotas" is 21 of the 52 characters of S1 but all of itself: a match;
    # a span with no more than half of the shorter inside S1 is not.
    inside = "expand fishing quotas"
    mostly_outside = "quotas next year. Kowalczyk said that both"  # 17 of 42 chars overlap S1
    predicted = {"statements": [
        {"speaker": "Kowalczyk", "text": inside},
        {"speaker": "Kowalczyk", "text": mostly_outside},
    ]}
    r = score_article(gold_statements(optional=True), predicted, BODY)
    assert counts(r, "statements") == (1, 1, 1)


def test_statement_token_overlap_when_text_is_not_in_body():
    predicted = {"statements": [
        {"speaker": "Marta Kowalczyk", "text": "Both countries will expand the fishing quotas."},  # paraphrase
        {"speaker": "Jonas Berg", "text": "We found some balance"},   # 2 of 4 tokens in S2: exactly 0.5
        {"speaker": "Jonas Berg", "text": "an entirely different remark"},
    ]}
    r = score_article(gold_statements(optional=True), predicted, BODY)
    assert counts(r, "statements") == (2, 1, 0)


def test_optional_statement_matched_with_any_speaker_is_not_counted():
    predicted = {"statements": [{"speaker": "Jonas Berg", "text": S3}]}
    r = score_article(gold_statements(optional=True), predicted, BODY)
    assert counts(r, "statements") == (0, 0, 2)
    assert counts(r, "statements_text_only") == (0, 0, 2)


def test_right_speaker_is_preferred_over_a_better_text_match():
    gold = {"people": GOLD_PEOPLE, "statements": [{"speaker": "Jonas Berg", "text": S2}]}
    predicted = {"statements": [
        {"speaker": "Marta Kowalczyk", "text": S2},
        {"speaker": "Jonas Berg", "text": "We have found a fair"},
    ]}
    r = score_article(gold, predicted, BODY)
    assert counts(r, "statements") == (1, 1, 0)


# --------------------------------------------------------------------------- report text

def test_format_report_lists_missed_and_spurious_when_verbose():
    long_text = "word " * 40
    article = score_article(
        {"people": [{"name": "Jonas Berg"}], "statements": [{"speaker": "Jonas Berg", "text": long_text}]},
        {"people": [{"name": "Aino Virtanen"}]}, BODY)
    report = {cat: article[cat] for cat in ev.CATEGORIES}
    report.update(scored=1, errors=1, articles=[
        {"article": "a.txt", **article},
        {"article": "b.txt", "error": "article file not found"},
    ])
    short = format_report(report)
    assert "people" in short and "0.000" in short and "error: b.txt: article file not found" in short
    assert "Jonas Berg" not in short
    verbose = format_report(report, verbose=True)
    assert "missed   people" in verbose and "Jonas Berg" in verbose
    assert "spurious people" in verbose and "Aino Virtanen" in verbose
    line = next(ln for ln in verbose.splitlines() if "statements" in ln and "missed" in ln)
    assert "…" in line and len(line) < 140


# --------------------------------------------------------------------------- folders and CLI

ARTICLE = (
    "Nordic ministers meet\n\n"
    "Foreign Minister Marta Kowalczyk of Poland met Jonas Berg of Norway in Tromsø on 1 May 2023. "
    "Kowalczyk said that both countries would expand fishing quotas. "
    "Berg said the talks were friendly.\n"
)
GOLD = {
    "article": "nordic.txt",
    "people": [{"name": "Marta Kowalczyk", "aliases": ["Kowalczyk"], "country": "PL"},
               {"name": "Jonas Berg", "aliases": ["Berg"], "country": "NO"}],
    "countries": ["PL", "NO"],
    "meetings": [{"date": "2023-05-01", "countries": ["PL", "NO"],
                  "evidence": "Marta Kowalczyk of Poland met Jonas Berg of Norway in Tromsø"}],
    "statements": [
        {"speaker": "Marta Kowalczyk", "kind": "indirect", "text": "both countries would expand fishing quotas"},
        {"speaker": "Jonas Berg", "kind": "indirect", "text": "the talks were friendly"},
    ],
}


def stub_extract(article: Article) -> dict:
    """An invented extractor: one person right, one spurious, one statement with the wrong speaker."""
    body = article.body
    ev_text = "met Jonas Berg of Norway"
    start = body.index(ev_text)
    return {
        "article": article.name,
        "people": [{"id": "p1", "name": "Kowalczyk"}, {"id": "p2", "name": "Tromsø"}],
        "organisations": [],
        "countries": ["NO", "PL", "SE"],
        "meetings": [{"date": "2023-05-01", "countries": ["NO", "PL"], "evidence": ev_text,
                      "start": start, "end": start + len(ev_text)}],
        "statements": [
            {"speaker": "Kowalczyk", "speaker_id": "p1", "text": "both countries would expand fishing quotas"},
            {"speaker": "Kowalczyk", "speaker_id": "p1", "text": "the talks were friendly"},
        ],
    }


EXPECTED = {
    "people": (1, 1, 1), "countries": (2, 1, 0), "meetings": (1, 0, 0),
    "meeting_countries": (2, 0, 0), "statements": (1, 1, 1), "statements_text_only": (2, 0, 0),
}


def _have_real_ingest() -> bool:
    try:
        importlib.import_module("archive.ingest")
    except ModuleNotFoundError:
        return False
    return True


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    (tmp_path / "nordic.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "nordic.gold.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "lost.gold.json").write_text(json.dumps({"article": "lost.txt", "people": []}), encoding="utf-8")
    return tmp_path


@pytest.fixture
def some_ingest(monkeypatch):
    """The real ``archive.ingest`` when it exists, else a minimal stand-in reading plain text."""
    if _have_real_ingest():
        return
    fake = types.ModuleType("archive.ingest")

    def iter_articles(path):
        path = Path(path)
        yield Article(name=path.name, path=str(path.resolve()), body=path.read_text(encoding="utf-8"))

    fake.iter_articles = iter_articles
    monkeypatch.setitem(sys.modules, "archive.ingest", fake)


def test_evaluate_dir_scores_and_reports_errors(gold_dir, some_ingest):
    report = ev.evaluate_dir(gold_dir, extract_fn=stub_extract)
    json.dumps(report)  # JSON-serialisable
    for cat, expected in EXPECTED.items():
        assert counts(report, cat) == expected, cat
    assert report["people"]["precision"] == 0.5
    assert report["scored"] == 1 and report["errors"] == 1
    by_name = {a["article"]: a for a in report["articles"]}
    assert "error" in by_name["lost.txt"]
    nordic = by_name["nordic.txt"]
    assert nordic["missed"]["people"] == ["Jonas Berg"]
    assert nordic["spurious"]["people"] == ["Tromsø"]
    assert nordic["spurious"]["countries"] == ["SE"]


def test_evaluate_dir_survives_a_failing_extractor(gold_dir, some_ingest):
    def broken(article):
        raise RuntimeError("boom")

    report = ev.evaluate_dir(gold_dir, extract_fn=broken)
    assert report["scored"] == 0 and report["errors"] == 2
    assert any("boom" in a["error"] for a in report["articles"])
    assert counts(report, "people") == (0, 0, 0)
    text = format_report(report)
    assert "no article could be scored" in text and "boom" in text


def test_cli_evaluate_json(gold_dir, monkeypatch):
    if not _have_real_ingest():
        pytest.skip("archive.ingest is not written yet")
    from click.testing import CliRunner

    import archive.extract
    from archive.cli import cli

    monkeypatch.setattr(archive.extract, "extract_article", stub_extract)
    result = CliRunner().invoke(cli, ["evaluate", str(gold_dir), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    for cat, expected in EXPECTED.items():
        assert counts(report, cat) == expected, cat
    assert report["statements"]["f1"] == 0.5
    assert report["errors"] == 1

    text = CliRunner().invoke(cli, ["evaluate", str(gold_dir), "-v"])
    assert text.exit_code == 0, text.output
    assert "Jonas Berg" in text.output and "wrong speaker" in text.output


def test_locate_tolerates_case_whitespace_and_quote_style():
    body = "He said: \u201cWe  have\nfound it\u2019s fair.\u201d"
    assert ev.locate(body, "We  have\nfound") == (10, 24)
    start, end = ev.locate(body, '"we have found it\'s fair."')
    assert body[start:end] == "\u201cWe  have\nfound it\u2019s fair.\u201d"
    assert ev.locate(body, "not there") is None
    assert ev.locate(body, "") is None and ev.locate("", "x") is None
