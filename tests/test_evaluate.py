"""The scorer: the reference scorer's rules (names, one-to-one matching, optional gold, absorbed
pieces, meetings), folders, the report, and agreement with ``../shared/eval/score.py``.

Every article text and annotation here is invented for these tests.
"""
from __future__ import annotations

import importlib
import importlib.util
import json
import subprocess
import sys
import types
from pathlib import Path

import pytest

from archive import evaluate as ev
from archive.evaluate import fold, format_report, names_match, prf, score_article
from archive.model import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SCORE_PY = SHARED / "eval" / "score.py"
FIXTURES = REPO / "tests" / "fixtures"


def counts(result: dict, cat: str) -> tuple[int, int, int]:
    return result[cat]["tp"], result[cat]["fp"], result[cat]["fn"]


# --------------------------------------------------------------------------- names

@pytest.mark.parametrize("raw, expected", [
    ("Mr. Tomáš Dvořák", "mr tomas dvorak"),
    ("The Arctic Council", "arctic council"),
    ("Berg's", "berg s"),
    ("  Jonas   BERG ", "jonas berg"),
    (None, ""),
])
def test_fold(raw, expected):
    assert fold(raw) == expected


@pytest.mark.parametrize("a, b, expected", [
    ("Jonas Berg", "JONAS BERG", True),
    ("Zoë Lubić", "Zoe Lubic", True),
    ("Berg", "Jonas Berg", True),                         # a bare surname ends the full name
    ("Marta Kowalczyk", "Anna Marta Kowalczyk", True),    # one inside the other, same last word
    ("President Berg", "Jonas Berg", True),               # titles off, then the bare surname
    ("House Speaker Jonas Berg", "Jonas Berg", True),
    ("Jonas", "Jonas Berg", False),                       # a first name alone
    ("Anna Berg", "Jonas Berg", False),                   # different given names
    ("Hu", "Hu Lin", False),                              # a family name written first
    ("The President", "The Vice President", True),        # "vice" is an honorific: both become "president"
    ("Secretary", "Secretary Berg", False),               # a bare title is no surname
    ("", "", False),
    (None, "Berg", False),
])
def test_names_match(a, b, expected):
    assert names_match(a, b) is expected
    assert names_match(b, a) is expected


def test_names_match_through_aliases():
    berg = {"name": "Jonas Berg", "aliases": ["the Norwegian minister"]}
    assert names_match(berg, "Norwegian Minister")
    assert not names_match({"name": "Jonas Berg"}, "Norwegian Minister")


# --------------------------------------------------------------------------- P/R/F1

def test_prf_follows_the_reference_edge_cases():
    assert prf(0, 0, 0) == {"tp": 0, "fp": 0, "fn": 0, "pred": 0, "gold": 0, "p": 1.0, "r": 1.0, "f1": 1.0}
    nothing_predicted = prf(0, 0, 3)
    assert (nothing_predicted["p"], nothing_predicted["r"], nothing_predicted["f1"]) == (0.0, 0.0, 0.0)
    nothing_to_find = prf(0, 2, 0)   # recall is 1.0 when there is nothing to find
    assert (nothing_to_find["p"], nothing_to_find["r"], nothing_to_find["f1"]) == (0.0, 1.0, 0.0)
    r = prf(1, 2, 4)
    assert (r["tp"], r["fp"], r["fn"], r["p"], r["r"], r["f1"]) == (1, 1, 3, 0.5, 0.25, 0.333)


# --------------------------------------------------------------------------- people and countries

def test_people_are_one_to_one_and_organisations_are_ignored():
    gold = {"people": [{"name": "Jonas Berg", "country": "NO"}, {"name": "Marta Kowalczyk", "country": "PL"}]}
    predicted = {"people": [{"name": "Jonas Berg", "country": "NO"}, {"name": "Berg"},
                            {"name": "Aino Virtanen"}],
                 "organisations": [{"name": "Marta Kowalczyk"}]}
    r = score_article(gold, predicted)
    assert counts(r, "people") == (1, 2, 1)   # the second "Berg" is spurious
    assert r["missed"]["people"] == ["Marta Kowalczyk"]
    assert r["spurious"]["people"] == ["Berg", "Aino Virtanen"]
    assert r["person_country"] == [True]


def test_required_gold_people_are_matched_before_optional_ones():
    gold = {"people": [{"name": "Erik Berg", "optional": True}, {"name": "Jonas Berg"},
                       {"name": "Aino Virtanen", "optional": True}]}
    predicted = {"people": [{"name": "Berg"}]}
    r = score_article(gold, predicted)
    assert counts(r, "people") == (1, 0, 0)   # "Berg" goes to the required Jonas Berg
    r = score_article(gold, {"people": [{"name": "Erik Berg"}, {"name": "Jonas Berg"}]})
    assert counts(r, "people") == (1, 0, 0)   # matching an optional person is neither TP nor FP
    assert r["missed"]["people"] == [] and r["spurious"]["people"] == []


def test_wrong_person_country_counts_in_the_accuracy():
    gold = {"people": [{"name": "Jonas Berg", "country": "NO"}, {"name": "Aino Virtanen", "country": "FI"},
                       {"name": "Marta Kowalczyk", "country": None}]}
    predicted = {"people": [{"name": "Jonas Berg", "country": "SE"}, {"name": "Aino Virtanen"},
                            {"name": "Marta Kowalczyk", "country": "PL"}]}
    assert score_article(gold, predicted)["person_country"] == [False, False]


def test_countries_are_sets_of_codes():
    r = score_article({"countries": ["PL", "NO", "FI"]}, {"countries": ["NO", "PL", "PL", "SE"]})
    assert counts(r, "countries") == (2, 1, 1)
    assert r["missed"]["countries"] == ["FI"] and r["spurious"]["countries"] == ["SE"]


def test_empty_gold_and_prediction_is_perfect():
    r = score_article({}, {})
    for cat in ev.CATEGORIES:
        assert counts(r, cat) == (0, 0, 0)
        assert r[cat]["f1"] == 1.0


def test_only_the_scored_fields_count():
    gold = {"scored": ["statements"], "people": [{"name": "Jonas Berg"}], "countries": ["NO"],
            "meetings": [{"countries": ["NO", "PL"], "evidence": "Berg met Kowalczyk"}]}
    r = score_article(gold, {"people": [{"name": "Aino Virtanen"}], "countries": ["FI"]})
    for cat in ("people", "countries", "meetings", "meeting_countries"):
        assert counts(r, cat) == (0, 0, 0), cat


# --------------------------------------------------------------------------- meetings

TROMSO = {"date": "2023-05-01", "place": "Tromsø", "countries": ["NO", "PL"],
          "evidence": "Foreign Minister Marta Kowalczyk of Poland met her Norwegian counterpart in Tromsø"}
OSLO = {"date": "2023-05-03/2023-05-04", "place": "Oslo", "countries": ["FI", "NO", "PL"],
        "evidence": "the three ministers held a second round of talks in Oslo"}


@pytest.mark.parametrize("pred, matched", [
    ({"date": "2023-05-01", "place": "TROMSØ", "countries": []}, True),                  # same place (folded)
    ({"date": "2023-05", "countries": ["NO"]}, True),                                    # coarser date, half the countries
    ({"date": None, "countries": ["SE"], "evidence": "Kowalczyk of Poland met her counterpart"}, True),  # evidence words
    ({"date": "2023-05-02", "place": "Tromsø", "countries": ["NO", "PL"]}, False),       # another day
    ({"date": "2023-05-01", "countries": ["NO", "SE", "DK"]}, False),                    # a third of the countries
])
def test_meetings_match_by_date_and_place_or_countries_or_evidence(pred, matched):
    r = score_article({"meetings": [TROMSO]}, {"meetings": [pred]})
    assert counts(r, "meetings") == ((1, 0, 0) if matched else (0, 1, 1))


def test_a_day_inside_a_gold_range_matches_and_counts_as_the_right_date():
    r = score_article({"meetings": [OSLO]}, {"meetings": [{"date": "2023-05-04", "place": "Oslo"}]})
    assert counts(r, "meetings") == (1, 0, 0)
    assert r["meeting_date"] == [True] and r["meeting_place"] == [True]


def test_meeting_countries_of_every_matched_pair():
    predicted = {"meetings": [
        {"date": "2023-05-01", "place": "Tromsø", "countries": ["NO", "PL", "SE"]},
        {"date": "2023-05-03", "place": None, "countries": ["FI", "NO"]},
    ]}
    r = score_article({"meetings": [TROMSO, dict(OSLO, optional=True)]}, predicted)
    assert counts(r, "meetings") == (1, 0, 0)            # the optional Oslo talks count neither way
    assert counts(r, "meeting_countries") == (4, 1, 1)   # ... but their countries do, as in score.py
    assert r["missed"]["meeting_countries"] == [{"evidence": OSLO["evidence"], "countries": ["PL"]}]
    assert r["spurious"]["meeting_countries"] == [{"evidence": None, "countries": ["SE"]}]
    assert r["meeting_date"] == [True, True] and r["meeting_place"] == [True, False]


def test_a_meeting_told_twice_is_one_match_and_one_spurious():
    twice = {"date": "2023-05-01", "place": "Tromsø", "countries": ["NO", "PL"]}
    r = score_article({"meetings": [TROMSO]}, {"meetings": [twice, dict(twice)]})
    assert counts(r, "meetings") == (1, 1, 0)
    assert [m["place"] for m in r["spurious"]["meetings"]] == ["Tromsø"]


# --------------------------------------------------------------------------- statements

PEOPLE = [{"name": "Marta Kowalczyk", "aliases": ["Kowalczyk"]}, {"name": "Jonas Berg", "aliases": ["Berg"]}]
S1 = "both countries would expand fishing quotas next year"
S2 = "We have found a fair balance between the fleets, and we will keep it"
S3 = "it welcomed the agreement on the northern waters"


def gold_statements(**extra) -> dict:
    return {"people": PEOPLE, "statements": [
        {"speaker": "Marta Kowalczyk", "text": S1, "kind": "indirect"},
        {"speaker": "Jonas Berg", "text": S2, "kind": "direct"},
        {"speaker": "Arctic Council", "text": S3, "kind": "indirect", **extra},
    ]}


def test_statements_with_aliases_and_an_organisation_speaker():
    predicted = {
        "people": [{"name": "Kowalczyk", "aliases": ["Marta Kowalczyk"]}, {"name": "Jonas Berg"}],
        "statements": [
            {"speaker": "Kowalczyk", "text": "Kowalczyk said that " + S1, "kind": "indirect"},
            {"speaker": "Mr. Berg", "text": S2, "kind": "indirect"},
            {"speaker": "The Arctic Council", "text": S3, "kind": "indirect"},
        ],
    }
    r = score_article(gold_statements(), predicted)
    assert counts(r, "statements") == (3, 0, 0)
    assert counts(r, "statements_span") == (3, 0, 0)
    assert sorted(r["statement_kind"]) == [False, True, True]


def test_statement_with_the_wrong_speaker_is_a_span_but_not_a_statement():
    predicted = {"statements": [{"speaker": "Jonas Berg", "text": S1}, {"speaker": "Berg", "text": S2}]}
    r = score_article(gold_statements(), predicted)
    assert counts(r, "statements_span") == (2, 0, 1)
    assert counts(r, "statements") == (1, 1, 2)
    assert r["missed"]["statements"] == [
        {"speaker": "Marta Kowalczyk", "text": S1, "note": "text found, wrong speaker: 'Jonas Berg'"},
        {"speaker": "Arctic Council", "text": S3}]
    assert r["spurious"]["statements"] == [
        {"speaker": "Jonas Berg", "text": S1, "note": "wrong speaker, gold: 'Marta Kowalczyk'"}]


@pytest.mark.parametrize("text, matched", [
    ("We have found a fair balance between the fleets", True),      # 9 of 13 words: >= half the union
    ("found a fair balance", False),                                # 4 of 13: too little
    ("We have found a fair balance between the fleets and we will keep it today", True),
])
def test_statement_texts_match_by_word_overlap(text, matched):
    gold = {"people": PEOPLE, "statements": [{"speaker": "Jonas Berg", "text": S2}]}
    r = score_article(gold, {"statements": [{"speaker": "Berg", "text": text}]})
    assert counts(r, "statements") == ((1, 0, 0) if matched else (0, 1, 1))


def test_pieces_of_a_matched_statement_are_not_spurious():
    first, second = "We have found a fair balance between the fleets,", "and we will keep it"
    gold = {"people": PEOPLE, "statements": [{"speaker": "Jonas Berg", "text": S2}]}
    r = score_article(gold, {"statements": [{"speaker": "Berg", "text": first}, {"speaker": "Berg", "text": second}]})
    assert counts(r, "statements") == (1, 0, 0)
    assert counts(r, "statements_span") == (1, 0, 0)
    # with the wrong speaker the piece still is no span error, but a statement error
    r = score_article(gold, {"statements": [{"speaker": "Berg", "text": first},
                                            {"speaker": "Kowalczyk", "text": second}]})
    assert counts(r, "statements_span") == (1, 0, 0)
    assert counts(r, "statements") == (1, 1, 0)


def test_optional_statement_matched_with_any_speaker_is_not_counted():
    r = score_article(gold_statements(optional=True), {"statements": [{"speaker": "Jonas Berg", "text": S3}]})
    assert counts(r, "statements") == (0, 0, 2)
    assert counts(r, "statements_span") == (0, 0, 2)


def test_right_speaker_is_preferred_over_a_better_text_match():
    gold = {"people": PEOPLE, "statements": [{"speaker": "Jonas Berg", "text": S2}]}
    predicted = {"statements": [{"speaker": "Marta Kowalczyk", "text": S2},
                                {"speaker": "Jonas Berg", "text": "We have found a fair balance between the fleets"}]}
    r = score_article(gold, predicted)
    assert counts(r, "statements") == (1, 1, 0)
    assert r["spurious"]["statements"] == [{"speaker": "Marta Kowalczyk", "text": S2}]


# --------------------------------------------------------------------------- report text

def test_format_report_lists_missed_and_spurious_when_verbose():
    long_text = "word " * 40
    article = score_article(
        {"people": [{"name": "Jonas Berg"}], "statements": [{"speaker": "Jonas Berg", "text": long_text}]},
        {"people": [{"name": "Aino Virtanen"}]})
    report = {cat: article[cat] for cat in ev.CATEGORIES}
    report.update({kind: ev.accuracy(article[kind]) for kind in ev.ACCURACIES})
    report.update(scored=1, errors=1, articles=[
        {"article": "a.txt", **article},
        {"article": "b.txt", "error": "article file not found"},
    ])
    short = format_report(report)
    assert "people" in short and "0.000" in short and "error: b.txt: article file not found" in short
    assert "person_country accuracy" in short
    assert "Jonas Berg" not in short
    verbose = format_report(report, verbose=True)
    assert "missed   people" in verbose and "Jonas Berg" in verbose
    assert "spurious people" in verbose and "Aino Virtanen" in verbose
    line = next(ln for ln in verbose.splitlines() if "statements " in ln and "missed" in ln)
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
LOST = {"article": "lost.txt", "people": [{"name": "Aino Virtanen"}], "countries": ["FI"]}


def stub_extract(article: Article) -> dict:
    """An invented extractor: one person right, one spurious, one statement with the wrong speaker."""
    return {
        "article": article.name,
        "people": [{"id": "p1", "name": "Kowalczyk", "country": "PL"}, {"id": "p2", "name": "Tromsø"}],
        "organisations": [],
        "countries": ["NO", "PL", "SE"],
        "meetings": [{"date": "2023-05-01", "countries": ["NO", "PL"], "evidence": "met Jonas Berg of Norway"}],
        "statements": [
            {"speaker": "Kowalczyk", "kind": "indirect", "text": "both countries would expand fishing quotas"},
            {"speaker": "Kowalczyk", "kind": "indirect", "text": "the talks were friendly"},
        ],
    }


EXPECTED = {   # nordic (tp, fp, fn), plus lost.txt scored as an empty prediction: 1 person and FI missed
    "people": (1, 1, 2), "countries": (2, 1, 1), "meetings": (1, 0, 0),
    "meeting_countries": (2, 0, 0), "statements_span": (2, 0, 0), "statements": (1, 1, 1),
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
    (tmp_path / "lost.gold.json").write_text(json.dumps(LOST), encoding="utf-8")
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


def test_evaluate_dir_scores_and_counts_a_missing_article_as_empty(gold_dir, some_ingest):
    report = ev.evaluate_dir(gold_dir, extract_fn=stub_extract)
    json.dumps(report)  # JSON-serialisable
    for cat, expected in EXPECTED.items():
        assert counts(report, cat) == expected, cat
    assert report["people"]["p"] == 0.5 and report["people"]["r"] == 0.333
    assert report["person_country"] == {"acc": 1.0, "n": 1}
    assert report["statement_kind"] == {"acc": 1.0, "n": 2}
    assert report["scored"] == 1 and report["errors"] == 1
    by_name = {a["article"]: a for a in report["articles"]}
    assert by_name["lost.txt"]["error"] == "article file not found"
    assert by_name["lost.txt"]["missed"]["people"] == ["Aino Virtanen"]
    nordic = by_name["nordic.txt"]
    assert nordic["missed"]["people"] == ["Jonas Berg"]
    assert nordic["spurious"]["people"] == ["Tromsø"]
    assert nordic["spurious"]["countries"] == ["SE"]


def test_evaluate_dir_reads_saved_predictions(gold_dir, tmp_path, some_ingest):
    pred = tmp_path / "pred"
    pred.mkdir()
    (pred / "nordic.json").write_text(json.dumps(stub_extract(Article(name="nordic.txt", path="", body=ARTICLE))))
    report = ev.evaluate_dir(gold_dir, pred_dir=pred)
    for cat, expected in EXPECTED.items():
        assert counts(report, cat) == expected, cat
    assert {a["article"]: a.get("error") for a in report["articles"]} == {"lost.txt": "no prediction lost.json",
                                                                          "nordic.txt": None}


def test_evaluate_dir_survives_a_failing_extractor(gold_dir, some_ingest):
    def broken(article):
        raise RuntimeError("boom")

    report = ev.evaluate_dir(gold_dir, extract_fn=broken)
    assert report["scored"] == 0 and report["errors"] == 2
    assert any("boom" in a["error"] for a in report["articles"])
    assert counts(report, "people") == (0, 0, 3)
    assert "boom" in format_report(report)


def test_cli_evaluate_json_and_verbose(gold_dir, monkeypatch):
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


# --------------------------------------------------------------------------- agreement with score.py

needs_score_py = pytest.mark.skipif(not SCORE_PY.is_file(), reason="../shared/eval/score.py is not present")


def _reference():
    spec = importlib.util.spec_from_file_location("reference_score", SCORE_PY)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _reference_counts(score, gold: dict, pred: dict) -> dict:
    acc = {k: score.PRF() for k in ev.CATEGORIES}
    for k in ev.ACCURACIES:
        acc[k] = []
    score.score_pair(gold, pred, acc)
    out = {k: (acc[k].tp_p, acc[k].n_p, acc[k].tp_g, acc[k].n_g) for k in ev.CATEGORIES}
    out.update({k: acc[k] for k in ev.ACCURACIES})
    return out


def _counts(result: dict) -> dict:
    out = {k: (result[k]["tp"], result[k]["pred"], result[k]["tp"], result[k]["gold"]) for k in ev.CATEGORIES}
    out.update({k: result[k] for k in ev.ACCURACIES})
    return out


def _invented_pairs():
    """Gold/prediction pairs of this file that exercise every rule."""
    pairs = [(gold_statements(), {"people": [{"name": "Kowalczyk"}],
                                  "statements": [{"speaker": "Kowalczyk", "text": S1},
                                                 {"speaker": "Jonas Berg", "text": S3},
                                                 {"speaker": "Berg", "text": "We have found a fair balance"},
                                                 {"speaker": "Berg", "text": "and we will keep it"}]}),
             (gold_statements(optional=True), {"statements": [{"speaker": "Jonas Berg", "text": S3},
                                                               {"speaker": "The Arctic Council", "text": S1}]}),
             ({"meetings": [TROMSO, dict(OSLO, optional=True)], "people": PEOPLE},
              {"meetings": [{"date": "2023-05", "countries": ["NO"]}, {"date": "2023-05-04", "place": "Oslo"},
                            dict(TROMSO, date="2023-05-02")], "people": [{"name": "Mr. Berg"}, {"name": "Erik Berg"}]}),
             (GOLD, stub_extract(Article(name="nordic.txt", path="", body=ARTICLE))),
             (LOST, {})]
    return pairs


@needs_score_py
@pytest.mark.parametrize("n", range(5))
def test_score_article_counts_as_score_py_does(n):
    gold, pred = _invented_pairs()[n]
    assert _counts(score_article(gold, pred)) == _reference_counts(_reference(), gold, pred)


@needs_score_py
@pytest.mark.parametrize("folder", [FIXTURES / "gold", FIXTURES / "gold2", SHARED / "gold" / "dev"],
                         ids=["gold", "gold2", "dev"])
def test_archive_evaluate_prints_the_figures_of_score_py(folder, tmp_path):
    if not folder.is_dir():
        pytest.skip(f"{folder} is not present")
    from click.testing import CliRunner

    from archive.cli import cli

    pred = tmp_path / "pred"
    result = CliRunner().invoke(cli, ["extract", str(folder), "--out", str(pred)])
    assert result.exit_code == 0, result.output
    out = subprocess.run([sys.executable, str(SCORE_PY), str(folder), str(pred), "--json"],
                         capture_output=True, text=True, check=True).stdout
    reference = json.loads(out)
    report = json.loads(CliRunner().invoke(cli, ["evaluate", str(folder), "--json"]).output)
    for key in ev.CATEGORIES + ev.ACCURACIES:
        assert {k: report[key][k] for k in reference[key]} == reference[key], key
    assert report["errors"] == 0 and not reference["missing_predictions"]
