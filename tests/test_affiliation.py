"""A person's country where no title before the name states it (archive/extract/affiliation.py)."""
from archive.extract import extract_article
from archive.model import Article


def countries(text, title=None):
    r = extract_article(Article(name="t.txt", path="t.txt", body=text, title=title))
    return {p["name"]: p["country"] for p in r["people"]}


def test_a_country_word_in_the_description_before_the_name():
    assert countries("Kenyan presidential adviser Wanjiru Kamau said the talks were useful.") == {"Wanjiru Kamau": "KE"}


def test_a_possessive_country_and_an_abbreviation_before_the_title():
    assert countries("Chile's U.N. Ambassador Tomas Iriarte told the council it must act.") == {"Tomas Iriarte": "CL"}


def test_an_apposition_before_the_name():
    assert countries("Norway's representative, Ingrid Solberg, said the vote was close.") == {"Ingrid Solberg": "NO"}


def test_an_apposition_after_the_name():
    assert countries("Omar Haddad, an envoy of Jordan's king, arrived on Monday.") == {"Omar Haddad": "JO"}


def test_the_delegation_a_person_leads():
    assert countries("A Peruvian delegation led by special envoy Lucia Quispe held talks in Quito.") == {
        "Lucia Quispe": "PE"}


def test_a_list_after_a_group_with_a_country():
    assert countries("Several Ghanaian ministers attended: Kofi Mensah (Trade), Kwame Owusu (Health) and Yaw Boateng "
                     "(Energy).") == {"Kofi Mensah": "GH", "Kwame Owusu": "GH", "Yaw Boateng": "GH"}


def test_an_office_holder_serves_where_the_sentence_is_set():
    assert countries("The envoy flew on to Lima. There he met President Rosa Huaman, who praised the plan.") == {
        "Rosa Huaman": "PE"}


def test_an_office_holder_serves_the_dateline_country():
    assert countries("LUSAKA, Zambia — Finance Minister Mutale Banda said the budget would pass.") == {
        "Mutale Banda": "ZM"}


def test_an_office_holder_serves_the_country_the_headline_opens_with():
    text = "Interior Minister Saeed Rana ordered the crossings closed on Sunday."
    assert countries(text, title="Pakistan closes border crossings after attack") == {"Saeed Rana": "PK"}
    assert countries(text, title="Pakistan and India trade accusations") == {"Saeed Rana": None}


def test_no_country_when_nothing_says_it():
    assert countries("Joana Pires, a lawyer, said the ruling was fair.") == {"Joana Pires": None}


def test_a_local_story_gives_its_people_without_a_role_its_country():
    text = ("HARARE, Zimbabwe — Voters in Zimbabwe queued for hours. Tendai Moyo, a teacher, said the lines were long. "
            "Zimbabwe's electoral body said turnout was high.")
    assert countries(text) == {"Tendai Moyo": "ZW"}
    text = ("HARARE, Zimbabwe — Zimbabwe and Zambia signed a power deal. Tendai Moyo, an engineer, said it was "
            "overdue. Zambia will build the line.")
    assert countries(text) == {"Tendai Moyo": None}


def test_a_delegation_that_was_led_and_a_side_led_by_ellipsis():
    assert countries("The Kenyan delegation was led by Amina Odhiambo, and the Tanzanian side by Deputy Minister "
                     "Juma Mwinyi.") == {"Amina Odhiambo": "KE", "Juma Mwinyi": "TZ"}


def test_an_apposition_naming_the_country_after_a_preposition():
    assert countries("Ana Ruiz, the energy adviser in Peru's new government, arrived.") == {"Ana Ruiz": "PE"}


def test_a_dateline_after_scraped_lines():
    text = "Share this article\nFacebook  Email\n\nQUITO — Interior Minister Rosa Lema said the border would open."
    assert countries(text) == {"Rosa Lema": "EC"}


def test_a_country_adjective_before_a_plain_noun_but_not_a_country_name_before_a_verb():
    assert countries("Kenyan sprinter Joseph Wambui won the race. Kenya sent Joseph Otieno home.") == {
        "Joseph Wambui": "KE", "Joseph Otieno": None}


def test_an_envoy_in_a_country_is_not_of_it():
    assert countries("The US envoy in Lebanon, Tom Baker, met officials.") == {"Tom Baker": "US"}


def test_a_story_whose_headline_opens_with_a_country_and_whose_text_names_no_other():
    body = "A court fined the journalist Jim Calloway for missing a hearing. Calloway said he would appeal."
    assert countries(body, title="US journalist fined for missed hearing") == {"Jim Calloway": "US"}
    assert countries(body + " He spoke to reporters in Canada.", title="US journalist fined for missed hearing") \
        == {"Jim Calloway": None}


def test_a_us_legislators_party_and_state_tag():
    assert countries("The bill was backed by Tom Arden (D-MI) and opposed by Jane Vell (R-Texas).") == {
        "Tom Arden": "US", "Jane Vell": "US"}


def test_the_country_a_diplomat_is_posted_to_is_not_theirs():
    assert countries("Vice Foreign Minister Ana Ruiz met with the Chilean ambassador to Peru Tomas Vidal in Lima.") \
        == {"Ana Ruiz": "PE", "Tomas Vidal": "CL"}


def test_titled_officials_of_an_article_about_one_country():
    body = ("Chile's copper mines reopened. Chilean unions welcomed the decision, and Chile's exports rose. "
            "Then-Prime Minister Ana Ibarra faced questions in parliament about the cost.")
    assert countries(body) == {"Ana Ibarra": "CL"}


def test_the_country_an_article_is_about_is_not_everyones():
    assert countries("Russia expanded its strikes on Monday. Russia said the targets were military. Tom Hale, an "
                     "analyst at the Brookings Institution in Washington, said Russia was testing the West.") == {
        "Tom Hale": None}
