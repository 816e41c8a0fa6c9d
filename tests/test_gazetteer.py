"""The one loader of ``archive/data``: every word list is read through ``archive.gazetteer``."""
from __future__ import annotations

import pytest
import yaml

from archive import gazetteer
from archive.extract import meetings
from archive.extract.countries import load_gazetteer


def _lists(node, path=()):
    """(path, list) of every list in a parsed YAML tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _lists(value, path + (str(key),))
    elif isinstance(node, list):
        yield path, node
        for item in node:
            if isinstance(item, (dict, list)):
                yield from _lists(item, path)


@pytest.mark.parametrize("path", sorted(gazetteer.DATA_DIR.glob("*.yml")), ids=lambda p: p.name)
def test_data_lists_hold_no_yaml_booleans(path):
    # a bare on/no/yes in a word list would silently become a boolean
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for where, items in _lists(data):
        assert not any(isinstance(item, bool) for item in items), (path.name, where)


def test_word_list_keeps_file_order_and_reads_nested_sections():
    assert gazetteer.word_list("dates", "weekdays")[:2] == ("Monday", "Tuesday")
    assert "in" in gazetteer.word_set("countries", "capital_context", "location_words")
    assert gazetteer.word_list("dates", "no such key") == ()
    assert gazetteer.value("countries", "capital_context", "no such key") is None


def test_word_list_rejects_entries_that_are_not_strings(monkeypatch):
    monkeypatch.setattr(gazetteer, "load", lambda name: {"words": ["in", True]})
    gazetteer.word_list.cache_clear()
    try:
        with pytest.raises(ValueError, match="quote it"):
            gazetteer.word_list("fake", "words")
    finally:
        gazetteer.word_list.cache_clear()


def test_weekday_and_month_names_come_from_dates_yml():
    gaz = load_gazetteer()
    assert {"monday", "sunday", "january", "december"} <= gaz["function_words"]
    assert {"Monday", "Sunday"} <= gaz["skip_words"]


def test_party_counts_are_two_to_twelve_and_both():
    counts = meetings._data()["counts"]
    assert {"two", "twelve", "2", "12", "both"} <= counts
    assert not {"one", "a", "fifteen", "1", "13"} & counts


# --- no entries fitted to the dev articles ----------------------------------------------------------------

DEV = gazetteer.DATA_DIR.parents[1].parent / "shared" / "gold" / "dev"

# General terms that may well occur in the dev articles: well-known organisations, government
# bodies and plain English meeting words. Anything else found there verbatim was fitted to them.
GENERAL_TERMS = {
    "organisations.yml": {"Al Qaeda", "Islamic State", "the Islamic State", "the Taliban", "the EU",
                          "Foreign Ministry"},
    "meetings.yml": {"arrived in", "had lunch", "news conference", "state visit"},
}


def _entries(name: str) -> set[str]:
    """The words and phrases of a data file (organisation names and aliases, every word list)."""
    data = gazetteer.load(name)
    out = set()
    if name == "organisations":
        for org in data["organisations"]:
            out |= {org["name"], *(org.get("aliases") or [])}
        data = {k: v for k, v in data.items() if k != "organisations"}
    for _, items in _lists(data):
        out |= {item for item in items if isinstance(item, str)}
    return out


@pytest.mark.skipif(not DEV.is_dir(), reason="../shared/gold/dev is not present")
@pytest.mark.parametrize("name", ["organisations", "meetings"])
def test_no_multi_word_entry_is_copied_from_the_dev_articles(name):
    import re

    texts = [p.read_text(encoding="utf-8") for p in sorted(DEV.glob("*.txt"))]
    assert texts
    allowed = GENERAL_TERMS[f"{name}.yml"]
    flags = re.IGNORECASE if name == "meetings" else 0  # as the extractors match them
    copied = set()
    for entry in _entries(name):
        if len(entry.split()) < 2 or entry in allowed:
            continue
        pattern = re.compile(r"(?<!\w)" + re.escape(entry) + r"(?!\w)", flags)
        if any(pattern.search(text) for text in texts):
            copied.add(entry)
    assert not copied, f"{name}.yml entries found verbatim in ../shared/gold/dev: {sorted(copied)}"


def test_the_copy_check_sees_organisation_aliases_and_meeting_lists():
    assert {"White House", "the White House", "Foreign Ministry"} <= _entries("organisations")
    assert {"news conference", "held talks", "call off"} <= _entries("meetings")
