"""Meetings within one article, phenomenon by phenomenon, on sentences written for these tests.

Each test gives the exact records: (kind, status, date, place, countries, people, chair).
"""
import pytest

from archive.extract import extract_article
from archive.model import Article


def extract(text, published="2025-06-11", url=None):
    return extract_article(Article(name="t.txt", path="/t.txt", body=text, published=published, url=url))


def records(text, published="2025-06-11", key="meetings"):
    return [(m["kind"], m["status"], m["date"], m["place"], m["countries"], m["people"], m["chair"])
            for m in extract(text, published)[key]]


# --- participants come from the meeting's own clause ---------------------------------------------

def test_people_mentioned_in_another_clause_do_not_take_part():
    text = ("Kenyan Foreign Minister Ada Mwangi met her Ugandan counterpart Tom Okello in Kampala on Tuesday, "
            "a day after President Paul Kagame of Rwanda criticised both governments.")
    assert records(text) == [("meeting", "held", "2025-06-10", "Kampala", ["KE", "UG"],
                              ["Ada Mwangi", "Tom Okello"], "Ada Mwangi")]


def test_an_ambassadors_meeting_lists_only_who_met():
    text = ("On 17 May, Chinese Vice Foreign Minister Li Wei met the Japanese ambassador to China, Sato Ken, "
            "in Beijing and conveyed Premier Zhou Hua's regret over remarks by Japanese Prime Minister Ito Jun "
            "and South Korean President Kim Dae-ho.")
    assert records(text) == [("meeting", "held", "2025-05-17", "Beijing", ["CN", "JP"],
                              ["Li Wei", "Sato Ken"], "Li Wei")]


def test_topics_are_not_parties():
    text = "Egyptian Foreign Minister Samir Adel held talks with his Tunisian counterpart on the war in Sudan."
    assert records(text) == [("talks", "held", None, None, ["EG", "TN"], ["Samir Adel"], None)]


@pytest.mark.parametrize("text,kind,chair", [
    ("Peruvian President Rosa Flores hosted Bolivian President Juan Mamani on Monday.", "visit", "Rosa Flores"),
    ("Peruvian President Rosa Flores received Bolivian President Juan Mamani on Monday.", "visit", "Rosa Flores"),
    ("Peruvian President Rosa Flores telephoned Bolivian President Juan Mamani on Monday.", "call", None),
    ("Peruvian President Rosa Flores spoke by phone with Bolivian President Juan Mamani on Monday.", "call", None),
    ("Peruvian President Rosa Flores held talks with Bolivian President Juan Mamani on Monday.", "talks", None),
])
def test_meeting_verbs_take_subject_and_object(text, kind, chair):
    assert records(text) == [(kind, "held", "2025-06-09", None, ["BO", "PE"], ["Rosa Flores", "Juan Mamani"],
                              chair)]


def test_visit_takes_the_host_country():
    text = "Peruvian President Rosa Flores visited Ottawa on Monday."
    assert records(text) == [("visit", "held", "2025-06-09", "Ottawa", ["CA", "PE"], ["Rosa Flores"], None)]


def test_phone_call_with_words_between_verb_and_partner():
    text = "Brazilian President Rui Tavares also spoke yesterday evening with Mexican President Ana Ortega."
    assert records(text) == [("call", "held", "2025-06-10", None, ["BR", "MX"], ["Rui Tavares", "Ana Ortega"],
                              None)]


def test_a_meeting_between_a_and_b():
    text = "A meeting between Dutch Prime Minister Sanne de Vries and Belgian Prime Minister Luc Peeters took place."
    assert records(text) == [("meeting", "held", None, None, ["BE", "NL"], ["Sanne de Vries", "Luc Peeters"],
                              None)]


def test_counterparts_from_a_list_of_countries():
    text = "On June 3, Turkish Foreign Minister Emre Aydin met with his counterparts from Greece, Cyprus and Malta."
    assert records(text) == [("meeting", "held", "2025-06-03", None, ["CY", "GR", "MT", "TR"], ["Emre Aydin"],
                              "Emre Aydin")]


def test_demonyms_before_a_plural_title():
    text = "The Chilean and Korean presidents will talk on Friday."
    assert records(text) == [("talks", "planned", "2025-06-13", None, ["CL", "KR"], [], None)]


def test_the_chair_of_a_meeting_takes_part():
    text = ("The meeting in Nakuru, chaired by Kenyan Foreign Minister Ada Mwangi, was attended by Ugandan "
            "Foreign Minister Tom Okello and diplomats from Rwanda.")
    assert records(text) == [("meeting", "held", None, "Nakuru", ["KE", "RW", "UG"], ["Ada Mwangi", "Tom Okello"],
                              "Ada Mwangi")]


def test_a_group_of_countries_brings_its_members():
    text = "The leaders of the Gulf Cooperation Council met in Riyadh on Tuesday."
    assert records(text) == [("meeting", "held", "2025-06-10", "Riyadh", ["AE", "BH", "KW", "OM", "QA", "SA"], [],
                              None)]


# --- what is not a meeting -------------------------------------------------------------------------

def test_cancelled_visit_is_kept_as_cancelled_never_held():
    text = "Kenyan President Ali Mwangi cancelled a planned visit to Uganda."
    assert records(text) == []
    assert records(text, key="cancelled_meetings") == [
        ("visit", "cancelled", None, None, ["KE", "UG"], ["Ali Mwangi"], None)]


@pytest.mark.parametrize("text", [
    "Kenyan President Ali Mwangi refused to meet Ugandan President Ruth Nansubuga.",
    "Kenyan President Ali Mwangi did not meet Ugandan President Ruth Nansubuga.",
    "Kenyan President Ali Mwangi rejected talks with Ugandan President Ruth Nansubuga.",
    "Kenyan President Ali Mwangi threatened to stop talks with Ugandan President Ruth Nansubuga.",
    "Kenyan President Ali Mwangi urged Ugandan President Ruth Nansubuga to meet him.",
    "Talks between Kenya and Uganda were postponed indefinitely.",
    "Kenyan President Ali Mwangi could meet Ugandan President Ruth Nansubuga.",
])
def test_refused_negated_threatened_requested_and_hypothetical_meetings(text):
    assert records(text) == [] and records(text, key="cancelled_meetings") in ([], [
        ("talks", "cancelled", None, None, ["KE", "UG"], [], None)])


def test_background_mention_of_an_earlier_event():
    assert records("Rioters at last year's G20 summit in Hamburg were charged on Monday.") == []


@pytest.mark.parametrize("text", [
    "Kenyan Labour Minister Ali Mwangi said he would not meet the strikers' demands.",
    "Chile has traditionally favoured relations with the United States and the Asia-Pacific Economic "
    "Cooperation forum.",
    "Microsoft founder Bill Gates receives four million emails a year from Canada and the United States.",
])
def test_other_senses_of_meeting_words(text):
    assert records(text) == []


@pytest.mark.parametrize("text", [
    "Thousands of protesters gathered outside the Kenyan embassy in Kampala on Monday.",
    "The 2030 tournament will be co-hosted by Spain, Portugal and Morocco.",
    "The board of the mining company met in Toronto on Monday.",
    "Company chief executive Tom Berg met sales director Ana Ruiz on Monday.",
])
def test_gatherings_that_are_not_diplomatic(text):
    assert records(text) == []


def test_officials_of_two_countries_at_a_concert_are_still_a_meeting():
    text = ("Vietnamese President Tran Duc Khai and Cuban Vice President Ramiro Fuentes met at a concert in Hanoi "
            "on Monday.")
    assert records(text) == [("meeting", "held", "2025-06-09", "Hanoi", ["CU", "VN"],
                              ["Tran Duc Khai", "Ramiro Fuentes"], None)]


# --- also meetings -----------------------------------------------------------------------------------

def test_mediation():
    text = "Norway began mediation between Yemen and Djibouti last month."
    assert records(text) == [("mediation", "held", "2025-05", None, ["DJ", "NO", "YE"], [], None)]


def test_welcomed_to():
    text = "Japanese Prime Minister Taro Ishida welcomed Polish President Jan Nowak to Tokyo on Tuesday."
    assert records(text) == [("visit", "held", "2025-06-10", "Tokyo", ["JP", "PL"], ["Taro Ishida", "Jan Nowak"],
                              "Taro Ishida")]


def test_return_for_talks_is_planned():
    text = "The Kenyan and Ugandan delegations will return to Geneva for talks next week."
    assert records(text) == [("talks", "planned", "2025-06-18", "Geneva", ["CH", "KE", "UG"], [], None)]


def test_look_forward_to_meeting_is_planned():
    text = ("French President Paul Girard spoke by phone with Italian Prime Minister Marco Bellini on Monday. "
            "Both leaders said they look forward to meeting in person in Rome in July.")
    assert records(text) == [
        ("call", "held", "2025-06-09", None, ["FR", "IT"], ["Paul Girard", "Marco Bellini"], None),
        ("meeting", "planned", "2025-07", "Rome", ["FR", "IT"], ["Paul Girard", "Marco Bellini"], None)]


# --- dates ---------------------------------------------------------------------------------------------

def test_a_range_stays_a_range_and_the_next_summit_is_another_meeting():
    text = ("The summit, held on 7-9 December in Cusco, was attended by leaders from Peru, Chile and Bolivia. "
            "The next summit will be held in Lima in April 2026.")
    assert records(text, "2025-12-10") == [
        ("summit", "held", "2025-12-07/2025-12-09", "Cusco", ["BO", "CL", "PE"], [], None),
        ("summit", "planned", "2026-04", "Lima", ["PE"], [], None)]


def test_date_of_the_own_clause_not_of_the_reporting_clause():
    text = ("Spanish Foreign Minister Javier Ruiz told radio on Thursday that he looked forward to meeting "
            "Chinese Foreign Minister Zhao Ming.")
    assert records(text) == [("meeting", "planned", None, None, ["CN", "ES"], ["Javier Ruiz", "Zhao Ming"],
                              "Javier Ruiz")]


def test_month_and_year_keep_their_precision():
    text = ("Argentine Foreign Minister Luis Paz met Chilean Foreign Minister Ana Soto in Salta in March. "
            "Paz first met Bolivian Foreign Minister Eva Rojas in 2023.")
    result = extract(text)["meetings"]
    assert [(m["date"], m["date_precision"]) for m in result] == [("2025-03", "month"), ("2023", "year")]


def test_future_date_makes_a_meeting_planned():
    text = "German Chancellor Karl Weber meets French President Paul Girard in Paris on 20 June."
    assert records(text) == [("meeting", "planned", "2025-06-20", "Paris", ["DE", "FR"],
                              ["Karl Weber", "Paul Girard"], "Karl Weber")]


# --- one meeting per event ---------------------------------------------------------------------------

def test_mentions_of_one_event_are_one_meeting_with_every_sentence_as_evidence():
    text = ("Swiss Foreign Minister Urs Keller met Austrian Foreign Minister Eva Gruber in Geneva on Friday. "
            "The meeting lasted two hours. The talks focused on energy.")
    [m] = extract(text)["meetings"]
    assert (m["countries"], m["people"], m["date"]) == (["AT", "CH"], ["Urs Keller", "Eva Gruber"], "2025-06-06")
    assert len(m["spans"]) == 3


def test_separate_events_stay_separate():
    text = ("Swiss Foreign Minister Urs Keller met Austrian Foreign Minister Eva Gruber in Geneva on Friday. "
            "Keller later held a separate meeting with Italian Foreign Minister Marco Bellini. "
            "On Saturday, Keller spoke by phone with German Foreign Minister Karl Weber.")
    assert records(text) == [
        ("meeting", "held", "2025-06-06", "Geneva", ["AT", "CH"], ["Urs Keller", "Eva Gruber"], "Urs Keller"),
        ("meeting", "held", None, None, ["CH", "IT"], ["Urs Keller", "Marco Bellini"], None),
        ("call", "held", "2025-06-07", None, ["CH", "DE"], ["Urs Keller", "Karl Weber"], None)]


def test_every_participant_is_named_in_the_evidence():
    text = ("Swiss Foreign Minister Urs Keller met Austrian Foreign Minister Eva Gruber in Geneva on Friday. "
            "The two ministers will meet again in Vienna in July.")
    result = extract(text)
    by_id = {p["id"]: p for p in result["people"]}
    for m in result["meetings"]:
        for p in m["participants"]:
            assert any(s <= p["start"] and p["end"] <= e for s, e in m["spans"]), p
            words = text[p["start"]:p["end"]]
            if p["kind"] == "person":
                assert words in [by_id[p["ref"]]["name"], *by_id[p["ref"]]["aliases"], "The two ministers"]
    assert [text[p["start"]:p["end"]] for p in result["meetings"][1]["participants"]] == ["The two ministers"] * 4


def test_someone_new_in_the_same_sentence_is_another_encounter():
    text = ("Chinese Foreign Minister Zhao Ming will hold talks with Spanish Foreign Minister Javier Ruiz in Madrid "
            "on Monday, when he is also expected to be received by Prime Minister Elena Soto.")
    assert [(m["kind"], m["people"]) for m in extract(text)["meetings"]] == [
        ("talks", ["Zhao Ming", "Javier Ruiz"]), ("visit", ["Zhao Ming", "Elena Soto"])]


def test_a_sentence_opening_on_a_bare_group_names_the_parties_told_before():
    text = ("Thai Prime Minister Somchai Chan met Cambodian Prime Minister Hun Sok in Bangkok on Saturday. "
            "Foreign ministers had met on Friday evening to prepare the talks.")
    assert records(text, "2025-06-15") == [
        ("meeting", "held", "2025-06-14", "Bangkok", ["KH", "TH"], ["Somchai Chan", "Hun Sok"], "Somchai Chan"),
        ("meeting", "held", "2025-06-13", None, ["KH", "TH"], ["Somchai Chan", "Hun Sok"], None)]


def test_a_bilateral_summit_told_with_again_is_the_two_leaders_not_a_group_nearby():
    text = ("President Ana Lindqvist of Sweden spoke by phone today with President Tunde Okafor of Nigeria. "
            "Both Presidents noted that they look forward to meeting in person in June on the sidelines of the "
            "G-7 meeting in Cornwall and again in September for a bilateral Summit in Nigeria.")
    got = records(text, published="2013-04-29")
    assert got[0] == ("call", "held", "2013-04-29", None, ["NG", "SE"], ["Ana Lindqvist", "Tunde Okafor"], None)
    assert ("summit", "planned", "2013-09", None, ["NG", "SE"], ["Ana Lindqvist", "Tunde Okafor"], None) in got


def test_a_call_with_someone_to_do_something_is_a_call_with_them():
    text = "President Ana Lindqvist of Sweden spoke by phone today with French President Paul Marchal to coordinate actions."
    assert records(text, published="2014-10-10") == [
        ("call", "held", "2014-10-10", None, ["FR", "SE"], ["Ana Lindqvist", "Paul Marchal"], None)]


def test_a_summit_with_a_date_but_no_place_and_no_parties_is_no_meeting():
    assert records("Details are expected to be settled at the first Community Summit in April of 2005.",
                   published="2004-12-10") == []
    assert records("Details are expected to be settled at the first Community Summit in Lima in April of 2005.",
                   published="2004-12-10") == [("summit", "planned", "2005-04", "Lima", ["PE"], [], None)]


def test_a_summits_days_and_the_host_of_a_summit_of_unnamed_parties():
    text = ("March 2011\n\nThe ministers signed a water accord at the Fourth Summit on 15 March. The summit, held "
            "between 14-16 March at Arequipa, was attended by heads of state from Bolivia, Brazil and Chile. The "
            "First Summit was held at Quito in May 2005.")
    assert records(text, published=None) == [
        ("summit", "held", "2011-03-14/2011-03-16", "Arequipa", ["BO", "BR", "CL"], [], None),
        ("summit", "held", "2005-05", "Quito", ["EC"], [], None)]
