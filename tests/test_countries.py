"""Country mentions: gazetteer integrity, matching rules and lookup helpers.

Every sentence here is invented for the test.
"""
import pycountry
import pytest

from archive.extract.countries import (
    countries_of,
    country_name,
    find_country_mentions,
    iso_for_adjective,
    iso_for_name,
    load_gazetteer,
    load_reporting_verbs,
)
from archive.nlp import make_doc


def mentions(text):
    """(iso2, text, start, end, via) tuples, checking that offsets point at the text."""
    found = find_country_mentions(make_doc(text))
    for m in found:
        assert text[m["start"]:m["end"]] == m["text"]
        assert set(m) == {"iso2", "text", "start", "end", "via"}
    return [(m["iso2"], m["text"], m["start"], m["end"], m["via"]) for m in found]


def isos(text):
    return countries_of(find_country_mentions(make_doc(text)))


def at(text, sub, nth=0):
    """Start offset of the nth occurrence of ``sub`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(sub, start + 1)
    return start


# --- the gazetteer ---------------------------------------------------------------------------------------


def test_every_iso_code_has_an_entry_plus_kosovo():
    countries = load_gazetteer()["countries"]
    assert {c.alpha_2 for c in pycountry.countries} <= set(countries)
    assert "XK" in countries
    assert all(entry["names"] for entry in countries.values())


def test_territory_policy_codes_exist():
    gaz = load_gazetteer()
    for code in ("XK", "TW", "HK", "MO", "PS"):
        assert code in gaz["territories"]
        assert code in gaz["countries"]


def test_yaml_values_are_all_strings():
    # unquoted yes/no/on/off would silently become booleans
    gaz = load_gazetteer()
    for entry in gaz["countries"].values():
        for key in ("names", "adjectives", "capitals", "seats", "prefixes"):
            assert all(isinstance(v, str) for v in entry[key]), (entry["iso2"], key)
    for key in ("regions", "organisations"):
        assert all(isinstance(v, str) for v in gaz[key])
    for key in ("location_words", "skip_words", "function_words", "actor_verbs"):
        assert all(isinstance(v, str) for v in gaz[key])
    assert "on" in gaz["location_words"]


def test_regions_are_not_country_terms():
    terms = load_gazetteer()["terms"]
    for region in ("Africa", "Europe", "Asia", "Middle East", "Central Asia", "Balkans", "Caucasus", "Gulf"):
        assert region not in terms


def test_pycountry_official_names_are_merged():
    terms = load_gazetteer()["terms"]
    assert terms["Islamic Republic of Iran"] == ("IR", "name")
    assert terms["Hellenic Republic"] == ("GR", "name")
    assert "Korea, Republic of" not in terms


def test_reporting_verbs_cover_inflections():
    verbs = load_reporting_verbs()
    for form in ("said", "says", "say", "told", "warned", "emphasised", "emphasized", "criticised", "denied",
                 "reiterated", "underscored", "believes", "threatened", "wrote"):
        assert form in verbs


def test_every_statement_verb_makes_a_capital_act():
    # one list of reporting verbs (statements.yml): the say and act verbs of statements are actor verbs too
    from archive import gazetteer

    gaz = load_gazetteer()
    statement_verbs = gazetteer.word_set("statements", "say") | gazetteer.word_set("statements", "act")
    expected = {v for v in statement_verbs if not v.endswith("ing")} - set(gazetteer.word_list(
        "countries", "capital_context", "not_actor_words"))
    assert expected <= gaz["actor_verbs"]
    assert {"hinted", "extended", "slammed", "has"} <= gaz["actor_verbs"]
    assert not {"saying", "talks", "protests"} & gaz["actor_verbs"]


def test_capital_before_a_stance_verb_acts():
    assert isos("Ottawa hinted that it would sign the accord.") == ["CA"]
    assert isos("Canberra extended its support to the island states.") == ["AU"]
    assert isos("The talks in Ottawa hinted at progress.") == []


# --- names ---------------------------------------------------------------------------------------------


def test_plain_names_with_offsets():
    assert mentions("Russia and China signed a treaty.") == [
        ("RU", "Russia", 0, 6, "name"),
        ("CN", "China", 11, 16, "name"),
    ]


def test_official_long_names_win_over_their_parts():
    text = "Envoys of the People's Republic of China met the Islamic Republic of Iran delegation."
    assert mentions(text) == [
        ("CN", "People's Republic of China", 14, 40, "name"),
        ("IR", "Islamic Republic of Iran", 49, 73, "name"),
    ]


def test_us_forms_but_not_the_pronoun():
    text = "The U.S. and the US told us that the USA would help."
    assert mentions(text) == [
        ("US", "U.S.", 4, 8, "name"),
        ("US", "US", 17, 19, "name"),
        ("US", "USA", 37, 40, "name"),
    ]
    assert isos("Give us a minute, he told us.") == []


def test_united_states_of_america_is_one_mention():
    text = "The United States of America voted."
    assert mentions(text) == [("US", "United States of America", 4, 28, "name")]


def test_lowercase_words_never_match():
    assert mentions("We ate roast turkey off fine china with us.") == []


def test_the_netherlands_holland_dutch():
    text = "Ministers from the Netherlands, which some call Holland, and Dutch diplomats met."
    assert mentions(text) == [
        ("NL", "Netherlands", at(text, "Netherlands"), at(text, "Netherlands") + 11, "name"),
        ("NL", "Holland", at(text, "Holland"), at(text, "Holland") + 7, "name"),
        ("NL", "Dutch", at(text, "Dutch"), at(text, "Dutch") + 5, "demonym"),
    ]


def test_united_kingdom_forms():
    text = "Britain, the UK and the U.K. are one; Scotland, Wales and England too; a Briton and a Scottish MP."
    assert {m[0] for m in mentions(text)} == {"GB"}
    assert [m[1] for m in mentions(text)] == [
        "Britain", "UK", "U.K.", "Scotland", "Wales", "England", "Briton", "Scottish"]


def test_english_is_a_language_not_a_country():
    assert isos("The statement was issued in English and French.") == ["FR"]


def test_turkiye_turkey_turkish():
    text = "Türkiye, also written Turkiye or Turkey, and Turkish officials."
    assert [(m[0], m[1]) for m in mentions(text)] == [
        ("TR", "Türkiye"), ("TR", "Turkiye"), ("TR", "Turkey"), ("TR", "Turkish")]


def test_turkey_the_bird():
    assert isos("A turkey escaped the farm.") == []
    assert isos("Turkey dinner was served to the delegates.") == []
    assert isos("Turkey and Greece resumed talks.") == ["GR", "TR"]


def test_cote_divoire_spellings():
    for text in ("Côte d'Ivoire voted.", "Côte d’Ivoire voted.", "Cote d'Ivoire voted.", "Ivory Coast voted."):
        assert isos(text) == ["CI"], text
    assert isos("Ivorian troops withdrew.") == ["CI"]


def test_czechia_and_czech_republic():
    text = "Czechia, formerly the Czech Republic, sent Czech envoys."
    assert [(m[0], m[1]) for m in mentions(text)] == [
        ("CZ", "Czechia"), ("CZ", "Czech Republic"), ("CZ", "Czech")]


def test_uae_forms():
    assert isos("The UAE and the United Arab Emirates are the same; Emirati officials agreed.") == ["AE"]


def test_accent_free_and_saint_variants():
    assert isos("Sao Tome and Principe joined.") == ["ST"]
    assert isos("São Tomé and Príncipe joined.") == ["ST"]
    assert isos("St. Lucia and St Kitts and Nevis signed.") == ["KN", "LC"]


def test_taiwan_hong_kong_macau():
    assert isos("Taiwan, Hong Kong and Macau sent observers.") == ["HK", "MO", "TW"]
    assert isos("Taiwanese and Macanese traders met Hongkongers.") == ["HK", "MO", "TW"]
    assert isos("The Republic of China has few allies.") == ["TW"]


def test_kosovo_is_xk():
    text = "Kosovo declared independence; Kosovar leaders say Pristina will not yield."
    assert mentions(text) == [
        ("XK", "Kosovo", 0, 6, "name"),
        ("XK", "Kosovar", at(text, "Kosovar"), at(text, "Kosovar") + 7, "demonym"),
        ("XK", "Pristina", at(text, "Pristina"), at(text, "Pristina") + 8, "capital"),
    ]


def test_palestine_gaza_west_bank():
    text = "Palestinians in Gaza and the West Bank marched."
    assert mentions(text) == [
        ("PS", "Palestinians", 0, 12, "demonym"),
        ("PS", "Gaza", 16, 20, "name"),
        ("PS", "West Bank", 29, 38, "name"),
    ]
    assert isos("A Palestinian negotiator spoke.") == ["PS"]


# --- longest match ---------------------------------------------------------------------------------------


def test_papua_new_guinea_is_only_pg():
    text = "Papua New Guinea hosted the forum."
    assert mentions(text) == [("PG", "Papua New Guinea", 0, 16, "name")]


def test_the_guineas():
    text = "Guinea, Guinea-Bissau and Equatorial Guinea."
    assert mentions(text) == [
        ("GN", "Guinea", 0, 6, "name"),
        ("GW", "Guinea-Bissau", 8, 21, "name"),
        ("GQ", "Equatorial Guinea", 26, 43, "name"),
    ]


def test_north_and_south_korea():
    assert isos("North Korea fired a missile.") == ["KP"]
    assert isos("South Korea protested.") == ["KR"]
    assert isos("North Korean and South Korean officials met.") == ["KP", "KR"]
    assert isos("The DPRK and the ROK exchanged notes.") == ["KP", "KR"]


def test_bare_korea_is_south_korea():
    assert isos("Korea and Japan agreed.") == ["JP", "KR"]
    assert isos("Korean diplomats arrived.") == ["KR"]


def test_both_koreas():
    text = "The inter-Korean summit was held."
    assert mentions(text) == [
        ("KP", "inter-Korean", 4, 16, "demonym"),
        ("KR", "inter-Korean", 4, 16, "demonym"),
    ]
    assert isos("Relations between the two Koreas thawed.") == ["KP", "KR"]
    assert isos("Both North and South Korea attended.") == ["KP", "KR"]


def test_the_congos():
    assert mentions("DR Congo accused its neighbour.") == [("CD", "DR Congo", 0, 8, "name")]
    assert isos("The Democratic Republic of the Congo voted.") == ["CD"]
    assert isos("The DRC voted.") == ["CD"]
    assert isos("The Republic of the Congo voted.") == ["CG"]
    assert isos("Congo and Congolese troops.") == ["CG"]


def test_niger_and_nigeria():
    assert isos("Niger and Nigeria share a border.") == ["NE", "NG"]
    assert isos("Nigerien and Nigerian ministers met.") == ["NE", "NG"]


def test_dominica_and_the_dominican_republic():
    assert isos("Dominica and the Dominican Republic are different countries.") == ["DM", "DO"]
    assert isos("Dominican officials met.") == ["DO"]


def test_sudan_and_south_sudan():
    assert isos("South Sudan split from Sudan.") == ["SD", "SS"]
    assert isos("South Sudanese refugees.") == ["SS"]


def test_ireland_and_northern_ireland():
    assert isos("Northern Ireland borders Ireland.") == ["GB", "IE"]


def test_territories_with_country_words_inside():
    assert isos("The Turks and Caicos Islands voted.") == ["TC"]
    assert isos("American Samoa and Samoa are neighbours.") == ["AS", "WS"]
    assert isos("The British Virgin Islands and the U.S. Virgin Islands.") == ["VG", "VI"]


# --- compounds and possessives ---------------------------------------------------------------------------


def test_sino_japanese():
    text = "Sino-Japanese relations improved."
    assert mentions(text) == [
        ("CN", "Sino", 0, 4, "prefix"),
        ("JP", "Japanese", 5, 13, "demonym"),
    ]


def test_other_prefix_compounds():
    assert isos("The Franco-German axis.") == ["DE", "FR"]
    assert isos("The Russo-Ukrainian war.") == ["RU", "UA"]
    assert isos("The Indo-Pakistani border.") == ["IN", "PK"]


def test_prefix_without_a_country_partner_is_ignored():
    assert isos("The Indo-Pacific strategy.") == []
    assert isos("Anglo-Saxon law.") == []
    assert isos("General Franco ruled.") == []


def test_us_led_split_by_tokenizer():
    text = "A US-led coalition formed."
    assert mentions(text) == [("US", "US", 2, 4, "name")]


def test_hyphen_compound_kept_whole_by_tokenizer():
    # spaCy keeps "U.S.-Canada" and "U.K.-led" as single tokens
    assert [t.text for t in make_doc("U.S.-Canada")] == ["U.S.-Canada"]
    text = "The U.S.-Canada talks and a U.K.-led mission."
    assert mentions(text) == [
        ("US", "U.S.", 4, 8, "name"),
        ("CA", "Canada", 9, 15, "name"),
        ("GB", "U.K.", 28, 32, "name"),
    ]


def test_demonym_before_hyphen():
    assert mentions("Russian-made jets.") == [("RU", "Russian", 0, 7, "demonym")]
    assert isos("Afghan-Pakistani trade grew.") == ["AF", "PK"]


def test_possessives_straight_and_curly():
    text = "Afghanistan’s envoy and Pakistan's minister."
    assert mentions(text) == [
        ("AF", "Afghanistan", 0, 11, "name"),
        ("PK", "Pakistan", 24, 32, "name"),
    ]
    assert mentions("The U.S.'s position.") == [("US", "U.S.", 4, 8, "name")]


def test_demonyms_and_plurals():
    text = "Pakistani troops, Afghan refugees, Filipinos and Britons."
    assert [(m[0], m[1], m[4]) for m in mentions(text)] == [
        ("PK", "Pakistani", "demonym"),
        ("AF", "Afghan", "demonym"),
        ("PH", "Filipinos", "demonym"),
        ("GB", "Britons", "demonym"),
    ]


# --- capitals --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, iso", [
    ("Moscow said the talks were useful.", "RU"),
    ("Beijing warned against interference.", "CN"),
    ("Washington has rejected the offer.", "US"),
    ("Tehran denied the report.", "IR"),
    ("Moscow's decision surprised everyone.", "RU"),
    ("Moscow’s decision surprised everyone.", "RU"),
    ("Beijing on Tuesday warned of consequences.", "CN"),
    ("Tehran also denied it.", "IR"),
    ("Yesterday Kyiv rejected the plan.", "UA"),
    ("The sanctions were condemned by Washington.", "US"),
    ("Athens' position hardened.", "GR"),
    ("The Kabul government fell.", "AF"),
    ("Some analysts call him pro-Moscow.", "RU"),
])
def test_capital_as_actor(text, iso):
    found = mentions(text)
    assert [(m[0], m[4]) for m in found] == [(iso, "capital")]


def test_capital_actor_offsets():
    text = "Officials agreed, and then Tokyo announced a visit."
    assert mentions(text) == [("JP", "Tokyo", 27, 32, "capital")]


def test_coordinated_capitals_as_actors():
    assert isos("Moscow and Beijing agreed to cooperate.") == ["CN", "RU"]
    assert isos("Moscow, Beijing and Tehran said they disagreed.") == ["CN", "IR", "RU"]


@pytest.mark.parametrize("text", [
    "The talks were held in Moscow.",
    "She arrived in Moscow on Monday.",
    "He flew to Moscow and then from Moscow to Minsk.",
    "Talks in Moscow, Tehran and Doha ended.",
    "A Moscow-based analyst spoke.",
    "The mayor of Moscow said the roads were closed.",
    "Moscow talks ended without agreement.",
    "Paris protests grew larger.",
    "Mexico City hosted the summit.",
    "Relations between Washington and Moscow soured.",
    "Moscow is cold in winter, a Moscow resident noted, but it is a Moscow tradition.",
])
def test_capital_as_location_is_not_a_mention(text):
    found = [m for m in mentions(text) if m[4] == "capital"]
    if text.startswith("Moscow is cold"):
        # "Moscow is" counts (auxiliary after a capital reads as an actor); the attributive uses do not
        assert [m[2] for m in found] == [0]
    else:
        assert found == []


def test_a_comma_alone_does_not_make_a_list_of_places():
    # "in Vienna" is a place, but "Moscow said" after the comma is the Russian government
    assert mentions("Officials in Vienna, Moscow said, were wrong.") == [("RU", "Moscow", 21, 27, "capital")]
    assert isos("He flew to Beijing, and Beijing said no.") == ["CN"]


def test_empty_and_country_free_text():
    assert mentions("") == []
    assert mentions("The committee met on Tuesday to discuss the budget.") == []


def test_washington_the_person_and_the_newspaper():
    assert isos("George Washington said little.") == []
    assert isos("The Washington Post said the deal was close.") == []
    assert isos("Washington said the deal was close.") == ["US"]


def test_seats_of_government():
    assert mentions("The Kremlin said it would respond.") == [("RU", "Kremlin", 4, 11, "capital")]
    assert isos("The White House welcomed the move.") == ["US"]
    assert isos("Reporters waited at the Kremlin.") == []
    assert isos("Kremlin spokesman Dmitry Peskov declined to comment.") == ["RU"]


def test_capital_and_country_in_one_sentence():
    text = "Russia's foreign minister flew to Beijing, and Beijing said China was ready."
    assert mentions(text) == [
        ("RU", "Russia", 0, 6, "name"),
        ("CN", "Beijing", at(text, "Beijing", 1), at(text, "Beijing", 1) + 7, "capital"),
        ("CN", "China", at(text, "China"), at(text, "China") + 5, "name"),
    ]


# --- regions and organisations ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Leaders from Central Asia met.",
    "The Middle East peace process stalled.",
    "Southeast Asia and Latin America grew.",
    "Latin American and North American leaders met.",
    "Ships sailed the South China Sea and the Indian Ocean.",
    "Tensions on the Korean Peninsula rose.",
    "The Balkans, the Caucasus, Africa, Europe, Asia and the Gulf.",
    "Scandinavia and Kurdistan are regions.",
    "New Mexico and New Jersey are American states.",
])
def test_regions_are_not_countries(text):
    found = mentions(text)
    # only the final sentence has a real country word ("American")
    assert [m[0] for m in found] == (["US"] if "American states" in text else [])


def test_organisation_names_are_suppressed():
    assert isos("The United Nations and the Organization of American States met.") == []
    assert isos("Voice of America and the Bank of England reported.") == []
    assert isos("The Korean Central News Agency reported.") == []


def test_government_bodies_still_count():
    text = "The Russian Foreign Ministry summoned the envoy."
    assert mentions(text) == [("RU", "Russian", 4, 11, "demonym")]


def test_organisation_suppression_is_local():
    assert isos("The Organization of American States criticised Venezuela.") == ["VE"]


# --- ambiguous names -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "Michael Jordan retired.",
    "Jordan Peterson gave a lecture.",
    "Chad Smith played drums.",
    "Israel Adesanya won the fight.",
    "Georgia O'Keeffe painted flowers.",
    "The actor Tom Holland arrived.",
])
def test_person_names_are_not_countries(text):
    assert isos(text) == []


@pytest.mark.parametrize("text, iso", [
    ("King Abdullah of Jordan visited.", "JO"),
    ("In Jordan, refugees waited.", "JO"),
    ("Jordan King Abdullah met the envoy.", "JO"),
    ("Chad closed its border.", "TD"),
    ("The Israel Defense Forces said.", "IL"),
    ("Visiting Chad, the minister spoke.", "TD"),
])
def test_ambiguous_names_as_countries(text, iso):
    assert isos(text) == [iso]


def test_georgia_the_state_and_the_country():
    assert isos("He lives in Atlanta, Georgia, near the airport.") == []
    assert isos("Georgia, U.S. is humid.") == ["US"]
    assert isos("Armenia, Georgia and Azerbaijan met.") == ["AM", "AZ", "GE"]
    assert isos("Georgia's president spoke in Tbilisi.") == ["GE"]


def test_mentions_are_sorted_and_countries_of_is_unique():
    text = "Iran and Iraq, then Iran again, and Afghanistan."
    found = find_country_mentions(make_doc(text))
    assert [m["start"] for m in found] == sorted(m["start"] for m in found)
    assert countries_of(found) == ["AF", "IQ", "IR"]
    assert countries_of([]) == []


def test_offsets_in_a_longer_text():
    text = ("On Monday the Russian delegation arrived in Kabul.\n\n"
            "\u201cWe support Afghanistan\u2019s stability,\u201d a Chinese envoy said, while Washington "
            "has declined to comment. Pakistani and Iranian officials met in Doha.")
    found = mentions(text)
    assert [m[0] for m in found] == ["RU", "AF", "CN", "US", "PK", "IR"]
    assert found[1][1:4] == ("Afghanistan", at(text, "Afghanistan"), at(text, "Afghanistan") + 11)


# --- helpers ---------------------------------------------------------------------------------------------


def test_iso_for_adjective():
    assert iso_for_adjective("Russian") == "RU"
    assert iso_for_adjective("Afghan") == "AF"
    assert iso_for_adjective("U.S.") == "US"
    assert iso_for_adjective("Kosovar") == "XK"
    assert iso_for_adjective("Moscow") is None
    assert iso_for_adjective("russian") is None
    assert iso_for_adjective("Lovely") is None


def test_iso_for_name():
    assert iso_for_name("Russia") == "RU"
    assert iso_for_name("Russia's") == "RU"
    assert iso_for_name("Afghanistan’s") == "AF"
    assert iso_for_name("the Netherlands") == "NL"
    assert iso_for_name("Moscow") == "RU"
    assert iso_for_name("Pakistani") == "PK"
    assert iso_for_name("Kremlin") == "RU"
    assert iso_for_name("russia") is None
    assert iso_for_name("Sino") is None
    assert iso_for_name("Atlantis") is None


def test_country_name():
    assert country_name("RU") == "Russia"
    assert country_name("KR") == "South Korea"
    assert country_name("KP") == "North Korea"
    assert country_name("XK") == "Kosovo"
    assert country_name("US") == "United States"
    assert country_name("GB") == "United Kingdom"
    assert country_name("ir") == "Iran"
    with pytest.raises(KeyError):
        country_name("ZZ")


def test_demonyms_naming_languages_are_not_countries():
    assert isos("The museum guide is printed in these languages: Norwegian, Polish, Finnish and Greek.") == []
    assert isos("The envoy, who speaks fluent Russian, arrived late.") == []
    assert isos("Polish troops arrived on Monday; the Greek minister spoke to them in English.") == ["GR", "PL"]


def test_a_sentence_with_a_verb_of_speech_is_not_about_languages():
    assert isos("Lindqvist spoke after talks with her Russian and Chinese counterparts in Beijing.") == ["CN", "RU"]
