"""Date expressions: absolute, year-less, weekday and relative dates, ranges, reference dates."""
import pytest

from archive.extract.dates import date_for_span, find_dates, reference_date

# 2022-03-31 is a Thursday.
THU = "2022-03-31"


def dates(text, reference=None):
    found = find_dates(text, reference)
    for d in found:
        assert text[d["start"]:d["end"]] == d["text"]
    return found


def only(text, reference=None):
    found = dates(text, reference)
    assert len(found) == 1, found
    return found[0]


def brief(text, reference=None):
    return [(d["text"], d["value"], d["precision"]) for d in dates(text, reference)]


# --- absolute dates ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, expr, value, precision", [
    ("The envoys met on August 15, 2021 in Geneva.", "August 15, 2021", "2021-08-15", "day"),
    ("The envoys met on Aug. 15, 2021 in Geneva.", "Aug. 15, 2021", "2021-08-15", "day"),
    ("The envoys met on Aug 15 2021 in Geneva.", "Aug 15 2021", "2021-08-15", "day"),
    ("The envoys met on 15 August 2021 in Geneva.", "15 August 2021", "2021-08-15", "day"),
    ("The treaty was signed on the 15th of August, 2021.", "15th of August, 2021", "2021-08-15", "day"),
    ("It was ratified on November 16th, 2004, by both houses.", "November 16th, 2004", "2004-11-16", "day"),
    ("Delegates must reply no later than December 31st 2004.", "December 31st 2004", "2004-12-31", "day"),
    ("The ceasefire held until September 2021.", "September 2021", "2021-09", "month"),
    ("The ceasefire held until Sept. 2021.", "Sept. 2021", "2021-09", "month"),
    ("The embassy closed in October of 2001.", "October of 2001", "2001-10", "month"),
    ("Talks were suspended in 2003 after the vote.", "2003", "2003", "year"),
    ("The border was closed for most of 2003.", "2003", "2003", "year"),
    ("Relations have been frozen since 2003.", "2003", "2003", "year"),
    ("The accord lapsed in mid-2003.", "2003", "2003", "year"),
    ("The accord lapsed in early 2003.", "2003", "2003", "year"),
    ("The minutes are dated 2021-08-15 in the archive.", "2021-08-15", "2021-08-15", "day"),
])
def test_absolute_dates(text, expr, value, precision):
    d = only(text)
    assert (d["text"], d["value"], d["precision"]) == (expr, value, precision)
    assert "approximate" not in d


def test_offsets_of_an_absolute_date():
    text = "Foreign ministers met on August 15, 2021 in Geneva."
    d = only(text)
    assert (d["start"], d["end"]) == (25, 40)


def test_weekday_before_a_date_is_part_of_it():
    text = "The vote is set for Tuesday, November 30, 2004 in the capital."
    assert only(text) == {"text": "Tuesday, November 30, 2004", "start": 20, "end": 46,
                          "value": "2004-11-30", "precision": "day"}


@pytest.mark.parametrize("text", [
    "More than 15,000 people marched to the embassy.",
    "Investigators reopened the Pan Am 103 file.",
    "The G20 ministers issued a communique.",
    "The ministry reported 2003 new applications.",
    "The agency handled 2000 cases last spring, not in 2000 cases alone.",
    "Resolution 1441 was adopted unanimously.",
    "May your talks be fruitful, the minister wrote.",
    "The march on the capital drew thousands.",
    "An interview with the Sunday Times caused a stir.",
    "The minister arrived on the 29th floor of the tower.",
    "Officials met on February 30 to settle the matter.",
])
def test_no_dates(text):
    assert dates(text, THU) == []


# --- year-less dates ------------------------------------------------------------------------

def test_year_less_dates_take_the_reference_year():
    assert brief("The summit opened March 31 in Vienna.", "2022-04-01") == [("March 31", "2022-03-31", "day")]
    assert brief("Delegations arrive on 17 November.", "2021-11-20") == [("17 November", "2021-11-17", "day")]


def test_year_less_dates_are_left_out_without_a_reference():
    assert dates("The summit opened March 31 and closed on 17 November.", None) == []


def test_year_less_date_rolls_back_a_year():
    assert brief("The envoy arrived on December 28.", "2005-01-03") == [("December 28", "2004-12-28", "day")]


def test_year_less_date_rolls_forward_a_year():
    assert brief("The talks resume on January 5.", "2004-12-20") == [("January 5", "2005-01-05", "day")]


def test_year_less_february_29_finds_a_leap_year():
    assert brief("The deadline is February 29.", "2023-11-10") == [("February 29", "2024-02-29", "day")]


def test_weekday_written_with_a_year_less_date_picks_the_year():
    # 2003-12-12 was a Friday, 2004-12-12 a Sunday; both are about six months from the reference
    assert brief("Launches were delayed (from Friday, December 12).", "2004-06-13") == [
        ("Friday, December 12", "2003-12-12", "day")]
    # ...but a misprinted weekday does not move the date a year away
    assert brief("Launches were delayed (from Friday, December 12).", "2004-12-20") == [
        ("Friday, December 12", "2004-12-12", "day")]


def test_bare_month_names_after_a_context_word():
    text = "The ban applies in December, expires last September and returns next May."
    assert brief(text, "2004-11-20") == [
        ("December", "2004-12", "month"),
        ("last September", "2004-09", "month"),
        ("next May", "2005-05", "month"),
    ]


def test_bare_month_nearest_to_the_reference():
    assert brief("Work began in early March.", "2004-11-20") == [("March", "2005-03", "month")]
    assert brief("Work began in early March.", "2004-07-20") == [("March", "2004-03", "month")]


# --- ranges ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expr, value", [
    ("The forum ran March 30-31 in Tunxi.", "March 30-31", "2022-03-30/2022-03-31"),
    ("The forum ran March 30 to 31 in Tunxi.", "March 30 to 31", "2022-03-30/2022-03-31"),
    ("The forum ran 30-31 March 2022 in Tunxi.", "30-31 March 2022", "2022-03-30/2022-03-31"),
    ("The forum ran from March 30 to April 2 in Tunxi.", "March 30 to April 2", "2022-03-30/2022-04-02"),
    ("The forum ran from 30 March to 2 April 2022.", "30 March to 2 April 2022", "2022-03-30/2022-04-02"),
    ("The forum ran between 7-9 December at Cusco.", "7-9 December", "2021-12-07/2021-12-09"),
    ("The forum ran between March 30 and April 2.", "March 30 and April 2", "2022-03-30/2022-04-02"),
])
def test_day_ranges(text, expr, value):
    d = only(text, "2022-04-10")
    assert (d["text"], d["value"], d["precision"]) == (expr, value, "day")


def test_range_across_new_year_takes_the_year_from_its_end():
    assert brief("Polls stay open from December 30 to January 2, 2005.") == [
        ("December 30 to January 2, 2005", "2004-12-30/2005-01-02", "day")]


def test_month_and_year_ranges():
    assert brief("Detainees held between September and December 1973 testified.") == [
        ("September and December 1973", "1973-09/1973-12", "month")]
    assert brief("The regime ruled from 1973 until 1990, and between 2003 and 2005 it was tried.") == [
        ("1973 until 1990", "1973/1990", "year"), ("2003 and 2005", "2003/2005", "year")]
    assert brief("Incidents recorded in 1961-2003 were listed.") == [("1961-2003", "1961/2003", "year")]


def test_and_is_no_range_without_between():
    assert brief("Votes were counted on March 3 and 4.", "2022-04-10") == [("March 3", "2022-03-03", "day")]
    assert brief("Votes were counted between March 3 and 4.", "2022-04-10") == [
        ("March 3 and 4", "2022-03-03/2022-03-04", "day")]
    assert brief("Votes were counted on 3 and 4 March.", "2022-04-10") == [("4 March", "2022-03-04", "day")]


# --- weekdays -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expr, value", [
    ("The ministers met on Tuesday in Ankara.", "Tuesday", "2022-03-29"),
    ("The ministers met Tuesday morning in Ankara.", "Tuesday morning", "2022-03-29"),
    ("The ministers met last Tuesday in Ankara.", "last Tuesday", "2022-03-29"),
    ("The ministers meet next Tuesday in Ankara.", "next Tuesday", "2022-04-05"),
    ("The ministers met on Thursday in Ankara.", "Thursday", "2022-03-31"),       # the reference day
    ("The ministers met last Thursday in Ankara.", "last Thursday", "2022-03-24"),  # a week ago
    ("The ministers meet next Thursday in Ankara.", "next Thursday", "2022-04-07"),
    ("The ministers met on Friday in Ankara.", "Friday", "2022-03-25"),
    ("The ministers will meet on Friday in Ankara.", "Friday", "2022-04-01"),
    ("The ministers will meet on Thursday in Ankara.", "Thursday", "2022-03-31"),
    ("The ministers met on Sunday in Ankara.", "Sunday", "2022-03-27"),
])
def test_weekdays(text, expr, value):
    assert brief(text, THU) == [(expr, value, "day")]


def test_future_cue_stays_in_its_sentence():
    text = "Talks will continue. The ministers met on Friday."
    assert brief(text, THU) == [("Friday", "2022-03-25", "day")]


def test_weekdays_need_a_reference():
    assert dates("The ministers met on Tuesday.") == []


# --- relative dates -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expr, value, precision", [
    ("The ministers spoke yesterday by phone.", "yesterday", "2022-03-30", "day"),
    ("The ministers spoke yesterday evening by phone.", "yesterday evening", "2022-03-30", "day"),
    ("Yesterday the ministers spoke by phone.", "Yesterday", "2022-03-30", "day"),
    ("The ministers spoke today by phone.", "today", "2022-03-31", "day"),
    ("The ministers spoke earlier today by phone.", "earlier today", "2022-03-31", "day"),
    ("The ministers spoke this afternoon by phone.", "this afternoon", "2022-03-31", "day"),
    ("The ministers spoke this morning by phone.", "this morning", "2022-03-31", "day"),
    ("The ministers speak tonight by phone.", "tonight", "2022-03-31", "day"),
    ("The ministers speak tomorrow by phone.", "tomorrow", "2022-04-01", "day"),
    ("The ministers spoke last month by phone.", "last month", "2022-02", "month"),
    ("The ministers spoke earlier this month by phone.", "earlier this month", "2022-03", "month"),
    ("The ministers spoke last year by phone.", "last year", "2021", "year"),
    ("The ministers speak next year by phone.", "next year", "2023", "year"),
    ("The ministers spoke two days ago by phone.", "two days ago", "2022-03-29", "day"),
    ("The ministers spoke 5 days ago by phone.", "5 days ago", "2022-03-26", "day"),
    ("The ministers spoke a month ago by phone.", "a month ago", "2022-02", "month"),
    ("The ministers spoke two years ago by phone.", "two years ago", "2020", "year"),
])
def test_relative_dates(text, expr, value, precision):
    d = only(text, THU)
    assert (d["text"], d["value"], d["precision"]) == (expr, value, precision)
    assert "approximate" not in d


@pytest.mark.parametrize("text, expr, value", [
    ("The ministers spoke last week by phone.", "last week", "2022-03-24"),
    ("The ministers speak next week by phone.", "next week", "2022-04-07"),
    ("The ministers spoke this week by phone.", "this week", "2022-03-31"),
    ("The ministers spoke three weeks ago by phone.", "three weeks ago", "2022-03-10"),
    ("The ministers spoke last weekend by phone.", "last weekend", "2022-03-26"),
    ("The ministers speak this weekend by phone.", "this weekend", "2022-04-02"),
])
def test_approximate_relative_dates(text, expr, value):
    d = only(text, THU)
    assert (d["text"], d["value"], d["precision"], d["approximate"]) == (expr, value, "day", True)


def test_relative_offsets():
    text = "Officials said yesterday that talks resume."
    assert only(text, THU) == {"text": "yesterday", "start": 15, "end": 24,
                               "value": "2022-03-30", "precision": "day"}


def test_relative_dates_need_a_reference():
    assert dates("The ministers spoke yesterday and two days ago, and last year.") == []


def test_dates_relative_to_the_previous_date():
    text = ("Talks opened on March 3, 2004. A few days later the delegates left. "
            "They returned two days later and signed the next day.")
    found = dates(text)
    assert [(d["text"], d["value"], d.get("approximate", False)) for d in found] == [
        ("March 3, 2004", "2004-03-03", False),
        ("A few days later", "2004-03-06", True),
        ("two days later", "2004-03-08", True),   # built on a guess, so still a guess
        ("the next day", "2004-03-09", True),
    ]


def test_exact_offsets_from_the_previous_date():
    text = "The envoy landed on 2 May 2010 and left three days later, returning the following year."
    assert brief(text) == [("2 May 2010", "2010-05-02", "day"), ("three days later", "2010-05-05", "day"),
                           ("the following year", "2011", "year")]


def test_days_later_without_an_earlier_date_is_left_out():
    assert dates("Days later the delegates left.", THU) == []


def test_the_day_before_something_is_not_a_date():
    text = "The envoy arrived on 2 May 2010; the day before the vote he met nobody."
    assert brief(text) == [("2 May 2010", "2010-05-02", "day")]
    text = "The envoy arrived on 2 May 2010, having met the minister the day before."
    assert brief(text) == [("2 May 2010", "2010-05-02", "day"), ("the day before", "2010-05-01", "day")]


# --- ordinals -------------------------------------------------------------------------------

def test_ordinal_day_of_the_reference_month():
    assert brief("The delegation arrives on the 12th, officials said.", "2022-04-02") == [
        ("12th", "2022-04-12", "day")]


def test_ordinal_day_nearest_the_reference():
    assert brief("The delegation arrived on the 29th and left.", "2022-04-02") == [("29th", "2022-03-29", "day")]


# --- several dates --------------------------------------------------------------------------

def test_dates_come_in_text_order_with_their_offsets():
    text = "Signed on 17 November, the pact took effect on December 1, 2004, a week after."
    found = dates(text, "2004-12-05")
    assert [(d["text"], d["start"], d["end"], d["value"]) for d in found] == [
        ("17 November", 10, 21, "2004-11-17"),
        ("December 1, 2004", 47, 63, "2004-12-01"),
    ]


# --- reference dates ------------------------------------------------------------------------

def test_reference_date_is_the_published_date():
    assert reference_date("Talks opened on March 3, 2004.", "2004-11-13") == "2004-11-13"
    assert reference_date("No dates here.", "2004-11-13T09:30:00Z") == "2004-11-13"


def test_reference_date_falls_back_to_the_latest_full_date_in_the_text():
    text = "Talks opened on March 3, 2004, ended on 5 April 2004 and resume in May 2005, on June 2."
    assert reference_date(text, None) == "2004-04-05"
    assert reference_date(text, "not a date") == "2004-04-05"


def test_reference_date_counts_the_end_of_a_range():
    assert reference_date("The forum ran 30-31 March 2022.", None) == "2022-03-31"


def test_reference_date_none():
    assert reference_date("The ministers met on Tuesday, in March and in 2003.", None) is None


def test_reference_from_text_resolves_relative_dates():
    text = "Geneva, December 22, 2004. The results were announced yesterday."
    ref = reference_date(text, None)
    assert brief(text, ref)[1] == ("yesterday", "2004-12-21", "day")


# --- date_for_span --------------------------------------------------------------------------

def test_date_for_span_prefers_the_finest_date_inside():
    text = "In 2003 the ministers met on March 3, 2003 in Rome."
    found = dates(text)
    assert date_for_span(found, 0, len(text))["value"] == "2003-03-03"
    assert date_for_span(found, 0, 7)["value"] == "2003"


def test_date_for_span_falls_back_to_the_same_sentence():
    text = "On March 3, 2003 the ministers met in Rome. They talked. On the next day Mr. Smith met them."
    found = dates(text)
    meeting = text.index("ministers met")
    assert date_for_span(found, meeting, meeting + 13) is None
    assert date_for_span(found, meeting, meeting + 13, window_text=text)["value"] == "2003-03-03"
    talked = text.index("They talked")
    assert date_for_span(found, talked, talked + 11, window_text=text) is None
    smith = text.index("Smith met")  # "Mr." does not end the sentence
    assert date_for_span(found, smith, smith + 9, window_text=text)["text"] == "the next day"


def test_date_for_span_ignores_entries_without_a_value():
    assert date_for_span([{"text": "x", "start": 0, "end": 1, "value": None, "precision": None}], 0, 5) is None


def test_floor_puts_yearless_dates_on_or_after_an_inferred_reference():
    from archive.extract.dates import find_dates

    text = "The envoys met on May 2. The treaty was signed on October 9, 2019."
    nearest = find_dates(text, "2019-10-09")
    floored = find_dates(text, "2019-10-09", floor=True)
    assert nearest[0]["value"] == "2019-05-02"
    assert floored[0]["value"] == "2020-05-02"
    assert floored[1]["value"] == "2019-10-09"


def test_floor_moves_counted_dates_along_and_leaves_ranges_with_a_year():
    from archive.extract.dates import find_dates

    text = "They met on May 2 and again a few days later. Signed on October 9, 2019. Talks on 30-31 March 2018."
    values = [d["value"] for d in find_dates(text, "2019-10-09", floor=True)]
    assert values == ["2020-05-02", "2020-05-05", "2019-10-09", "2018-03-30/2018-03-31"]


def test_an_opening_month_line_is_the_reference_of_an_undated_article():
    text = "December 2004\n\nThe summit, held between 7-9 December at Cusco, opened on 8 December."
    assert reference_date(text, None) == "2004-12-01"
    assert reference_date("The summit of December 2004 opened on 8 December.", None) is None
    assert reference_date(text, "2005-01-10") == "2005-01-10"
