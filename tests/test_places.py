"""Places: a place is a place, with coordinates only for a confident match (invented sentences)."""
import pytest

from archive.extract import extract_article
from archive.model import Article


def places(text, published="2025-02-26"):
    r = extract_article(Article(name="t.txt", path="/t.txt", body=text, published=published))
    return [(p["name"], p["country"], p["kind"], p["resolved"]) for p in r["places"]]


@pytest.mark.parametrize("text", [
    "The engines were bought from Boeing last year.",
    "The new search engine answers questions in English.",
    "Shoppers can find it at Kmart and at Sears.",
    "The search is called Near Me and it shows shops.",
    "He was traded to the Lakers from Indiana Pacers guard Reggie Miller.",
    "The Republican majority in Congress passed the bill.",
    "The spam came from Google on Monday.",
])
def test_companies_brands_people_and_words_are_not_places(text):
    assert places(text) == []


def test_a_name_cut_short_is_not_a_place_but_the_town_before_it_is():
    assert places("Taricani works for a television station in Providence, Rhode Island.") == [
        ("Providence", "US", "settlement", True)]


def test_a_state_named_like_a_foreign_town_is_the_state_without_coordinates():
    assert places("Voters in the United States queued in Ohio and Florida on Tuesday.") == [
        ("Ohio", "US", "region", False), ("Florida", "US", "region", False)]


def test_place_words_inside_a_name():
    assert places("The researchers work in Salt Lake City, Utah.") == [("Salt Lake City", "US", "settlement", True)]


def test_a_venue_is_a_place_without_a_towns_coordinates():
    assert places("The ministers met at Hyderabad House on Wednesday.") == [("Hyderabad House", None, "venue", False)]


def test_a_site_named_by_its_first_word():
    assert places("Protesters marched outside Fort Benning on Sunday.") == [("Fort Benning", None, "venue", False)]


def test_a_venue_named_by_its_apposition():
    assert places("They had lunch at the Quinta do Lago, the president's country residence.") == [
        ("Quinta do Lago", None, "venue", False)]


def test_a_large_city_after_a_preposition_of_place_has_coordinates():
    assert places("The talks were held in Copenhagen on Monday.") == [("Copenhagen", "DK", "settlement", True)]


def test_a_large_city_gets_coordinates_without_the_articles_country():
    assert places("Delegates gathered in Mérida on Monday.") == [("Mérida", "MX", "settlement", True)]


def test_a_dateline_names_the_city_the_story_was_filed_from():
    assert places("NEW DELHI, Feb 26 (Example Wire) - The ministers met at Hyderabad House.") == [
        ("New Delhi", "IN", "settlement", True), ("Hyderabad House", None, "venue", False)]


def test_a_meeting_at_a_venue_or_without_a_town_takes_the_datelines_city():
    text = ("NEW DELHI, Feb 26 (Example Wire) - Austrian President Eva Gruber held talks with Indian Prime "
            "Minister Ravi Nair at Hyderabad House on Wednesday.")
    r = extract_article(Article(name="t.txt", path="/t.txt", body=text, published="2025-02-26"))
    assert [(m["place"], m["place_country"], m["countries"]) for m in r["meetings"]] == [
        ("New Delhi", "IN", ["AT", "IN"])]


def test_names_listed_with_places_are_places():
    assert [p[0] for p in places("Talks were held in Moscow, Tehran, Doha and recently Don Khe.")] == [
        "Moscow", "Tehran", "Doha", "Don Khe"]
