"""Reported speech from the dependency parse (archive/extract/attribution.py), on invented sentences."""
import pytest

from archive.extract import extract_article
from archive.model import Article


def said(text):
    r = extract_article(Article(name="t.txt", path="t.txt", body=text))
    return [(s["speaker"], s["kind"], s["text"]) for s in r["statements"]]


def test_closing_attribution_without_a_comma_rule():
    assert said("Talks with the rebels will resume in March, Interior Minister Ines Okafor told lawmakers.") == [
        ("Ines Okafor", "indirect", "Talks with the rebels will resume in March")]


def test_participle_attribution_takes_the_subject_of_the_sentence():
    assert said("Senator Lena Marsh left the hearing on Tuesday, saying it relied on rumours.") == [
        ("Lena Marsh", "indirect", "it relied on rumours")]


def test_noun_complement_of_a_denial():
    assert said("Prime Minister Tomas Mendes denied the allegations of bribery in the port deal.") == [
        ("Tomas Mendes", "indirect", "the allegations of bribery in the port deal")]


def test_coordinated_statements_stay_apart():
    assert said("Trade Minister Ken Sato said exports rose sharply, but said imports fell in May.") == [
        ("Ken Sato", "indirect", "exports rose sharply"), ("Ken Sato", "indirect", "imports fell in May")]


def test_generic_speakers_are_recorded_without_a_person():
    assert said("Diplomats say the two sides are close to a deal on fishing rights.") == [
        ("Diplomats", "indirect", "the two sides are close to a deal on fishing rights")]


def test_fronted_adverbial_is_never_the_content():
    assert said('Juliette Moreau is the new envoy. In a short interview, Juliette Moreau said, "We will talk to everyone."') == [
        ("Juliette Moreau", "direct", "We will talk to everyone.")]


def test_doubled_apostrophes_are_quotation_marks():
    assert said("Mayor Ada Abara opened the bridge. ''We are ready,'' Mrs. Abara said.") == [
        ("Ada Abara", "direct", "We are ready")]


def test_an_organisation_speaks():
    assert said("The Finnish Coast Guard said two vessels had been stopped near the border.") == [
        ("Finnish Coast Guard", "indirect", "two vessels had been stopped near the border")]


def test_a_spokesman_for_a_body_speaks_for_it():
    assert said("A spokesman for the Nordic Fisheries Council said the quota talks had failed.") == [
        ("Nordic Fisheries Council", "indirect", "the quota talks had failed")]


def test_noun_cues_owned_by_a_speaker():
    assert said("Mayor Ines Lindqvist spoke. Lindqvist's announcement that the ferry port would close came as a "
                "shock.")[-1] == ("Ines Lindqvist", "indirect", "the ferry port would close")
    assert said("Senator Ken Sato spoke. Sato's call for a ban on fishing drew criticism.")[-1] == (
        "Ken Sato", "indirect", "a ban on fishing")


def test_an_infinitive_complement_of_urge():
    assert said("Foreign Minister Lena Holm urged both sides to return to the talks in Oslo.") == [
        ("Lena Holm", "indirect", "urged both sides to return to the talks in Oslo")]


def test_a_title_case_reporting_verb_ends_the_speakers_name():
    assert said("Ines Okafor Explained Why She Felt Alone As A Child.\n\nShe spoke in Lima.") == [
        ("Ines Okafor", "indirect", "Why She Felt Alone As A Child")]
    assert said("Ken Sato Tells Voters They Need To Change Course.\n\nHe spoke in Lima.")[0][0] == "Ken Sato"
    assert said("Sultan Hilal bin Said met the envoy. Hilal bin Said said the talks were useful.") == [
        ("Hilal bin Said", "indirect", "the talks were useful")]


def test_an_act_verb_with_an_amount_an_agent_or_only_a_place_reports_nothing():
    assert said("Senator Ken Sato raised $2.3 million through the end of June.") == []
    assert said("Mayor Ines Okafor raised between March and May more than her rival.") == []
    assert said("Senator Ken Sato wrote on his blog on Monday.") == []
    assert said("Mayor Ines Okafor was criticized by voters on social media.") == []
    assert said("Senator Ken Sato raised concerns about the port deal.") == [
        ("Ken Sato", "indirect", "raised concerns about the port deal")]
    assert said("Mayor Ines Okafor promised to close the old port.") == [
        ("Ines Okafor", "indirect", "promised to close the old port")]


def test_a_reporting_verb_inside_a_quotation_gives_no_statement_of_its_own():
    assert said('Mayor Ines Okafor spoke on Monday. "If she wins here, Okafor can say the south is hers and nobody '
                'will stop her," the column read.') == []
    assert said('Senator Ken Sato lost the debate. "Every voter in the hall agreed that Sato said the tax would rise '
                'next year," the report read.') == []


def test_a_straight_opening_mark_may_close_with_a_curly_one():
    assert said('"We will not give up the port without a fight,” Mayor Ines Okafor said. "They can try," she added.') == [
        ("Ines Okafor", "direct", "We will not give up the port without a fight"),
        ("Ines Okafor", "direct", "They can try")]


def test_more_kinds_of_generic_speakers():
    assert said("Others argue that the port should stay open all year.") == [
        ("Others", "indirect", "the port should stay open all year")]
    assert said("Companies say that weaker rules would only make customers more vulnerable.") == [
        ("Companies", "indirect", "weaker rules would only make customers more vulnerable")]
    assert said("Several said they would rather keep the old tax rules in place.") == [
        ("Several", "indirect", "they would rather keep the old tax rules in place")]


def test_according_to_a_source_named_nowhere_else():
    assert said("The festival drew its biggest crowd in ten years, according to Norbury Weekly.") == [
        ("Norbury Weekly", "indirect", "The festival drew its biggest crowd in ten years")]
    assert said("According to Statline, the port handled more ships in May than in any month before.") == [
        ("Statline", "indirect", "the port handled more ships in May than in any month before")]
    assert said("The ministry spent more on roads in March, according to Monday's figures.") == []
    assert said("Exports rose by a fifth last year, according to Norlandic officials.") == []


def test_a_person_after_a_bodys_title_speaks_not_the_body():
    assert said('Nordic Fish Watch filed a suit. "The quota is far too low and must rise," said Nordic Fish Watch '
                'President Tom Hallen.') == [("Tom Hallen", "direct", "The quota is far too low and must rise")]


def test_a_fronted_phrase_before_a_closing_attribution_reports_nothing():
    assert said("Asked about the port deal on Monday, Mayor Ines Okafor said.") == []
    assert said("Asked if the port would close, Mayor Ines Okafor replied.") == []
    assert said("In May, the port will close for repairs, Mayor Ines Okafor said.") == [
        ("Ines Okafor", "indirect", "In May, the port will close for repairs")]
    assert said("United Fishers will strike in May, Mayor Ines Okafor said.") == [
        ("Ines Okafor", "indirect", "United Fishers will strike in May")]
    assert said("Mayor Ines Okafor spoke. Funding will come partly from the fishing fund, she added.") == [
        ("Ines Okafor", "indirect", "Funding will come partly from the fishing fund")]


def test_content_ending_open_or_in_another_attribution_is_no_statement():
    assert said("Mayor Ines Okafor spoke. Voters are saying that her office has heard what.") == []
    assert said("Mayor Ines Okafor spoke. Okafor did not tell reporters what is unclear is whether.") == []
    from archive.extract.attribution import _dangling
    assert _dangling("Okafor later said", "indirect") and _dangling("Mr. Sato said", "indirect")
    assert not _dangling("the rules that need to be said", "indirect")
    assert not _dangling("The founders of the town would agree", "direct")


def test_the_subject_after_an_inverted_verb_is_the_speaker_not_what_was_said():
    assert said("Senators rarely win the nomination because a record in Congress is a liability this year, "
                "said Tom Ardley, director of the Civic Politics Center at the University of Ohio.") == [
        ("Tom Ardley", "indirect", "Senators rarely win the nomination because a record in Congress is a liability "
                                   "this year")]


def test_testified_and_speculated_report_speech():
    assert said("An engineer, Anna Berlow, inspected the bridge. Berlow testified that the pilot had followed every "
                "rule before the crash, and the board agreed. A spokesman for the Blue Cross speculated that the "
                "number of displaced families could double by spring.") == [
        ("Anna Berlow", "indirect", "the pilot had followed every rule before the crash"),
        ("Blue Cross", "indirect", "the number of displaced families could double by spring")]


def test_a_readouts_infinitives_of_purpose_are_what_the_caller_said():
    assert said("Prime Minister Ana Lindqvist met President Okafor of Nigeria in Oslo on Tuesday to express her "
                "sympathy after the mine collapse in Jos, and to thank him for the work of the rescue teams.") == [
        ("Ana Lindqvist", "indirect", "to express her sympathy after the mine collapse in Jos"),
        ("Ana Lindqvist", "indirect", "to thank him for the work of the rescue teams")]


def test_an_infinitive_of_purpose_of_a_plain_verb_is_no_statement():
    assert said("President Ana Lindqvist travelled to Abuja on Monday to discuss the border plan with officials.") == []


def test_a_readouts_participle_after_with_is_what_its_subject_said():
    assert said("Minister Ana Lindqvist and Minister Tunde Okafor went over the grain accord, with "
                "Minister Lindqvist stressing the need for safe shipping lanes in the gulf.") == [
        ("Ana Lindqvist", "indirect", "stressing the need for safe shipping lanes in the gulf")]


def test_a_clause_that_continues_a_closing_attribution_is_said_too():
    assert said("Dr. Anna Berlow chairs the port authority. The harbour was closed twice last year, Berlow told "
                "the committee, but it is open now.") == [
        ("Anna Berlow", "indirect", "The harbour was closed twice last year"),
        ("Anna Berlow", "indirect", "it is open now")]


@pytest.mark.parametrize("text,expected", [
    ("According to research by the mapping company Spamex, a third of the roads in the district are unpaved.",
     [("Spamex", "indirect", "a third of the roads in the district are unpaved")]),
    ("According to Norwegian broadcaster NRK, the minister will resign on Friday.",
     [("NRK", "indirect", "the minister will resign on Friday")]),
    ("The archive was moved to a new building, according to a memo by the Ministry of Transport, and was "
     "reopened in May.", [("Ministry of Transport", "indirect", "The archive was moved to a new building")]),
    ("Exports fell by a third, according to a report by Reuters on Monday.",
     [("Reuters", "indirect", "Exports fell by a third")]),
    ("According to Austrian officials, the border will reopen on Monday.", []),
    ("According to Monday's figures, exports fell by a third.", []),
])
def test_the_source_of_according_to_is_the_name_the_phrase_ends_with(text, expected):
    assert said(text) == expected


def test_a_name_beside_a_common_noun_subject_speaks():
    assert said("The audit firm Netvale reported that most ministries had not yet filed their accounts.") == [
        ("Netvale", "indirect", "most ministries had not yet filed their accounts")]
    assert said("Judge Ernest Talbot opined that the contract had never been valid.") == [
        ("Ernest Talbot", "indirect", "the contract had never been valid")]


BOTH = ("Ana Lindqvist", "Tunde Okafor")


@pytest.mark.parametrize("text,said_together", [
    ("Swedish President Ana Lindqvist met Nigerian President Tunde Okafor in Lagos on Monday. The two leaders agreed "
     "that more must be done to fight the epidemic.", "more must be done to fight the epidemic"),
    ("Swedish President Ana Lindqvist spoke by phone today with Nigerian President Tunde Okafor. They also agreed "
     "that all countries should do their utmost to reopen the border.",
     "all countries should do their utmost to reopen the border"),
    ("President Ana Lindqvist and Prime Minister Tunde Okafor agreed on the need for a ceasefire as soon as possible.",
     "agreed on the need for a ceasefire as soon as possible"),
    ("Swedish President Ana Lindqvist spoke by phone today with Nigerian President Tunde Okafor. They agreed on the "
     "need to reopen the border crossings.", "agreed on the need to reopen the border crossings"),
    ("Swedish President Ana Lindqvist spoke by phone today with Nigerian President Tunde Okafor. The two leaders "
     "reviewed the sanctions adopted by Canada and Norway, and reiterated the need to act.",
     "reiterated the need to act"),
    ("President Ana Lindqvist and Prime Minister Tunde Okafor also spoke about the drought, agreeing that aid must "
     "reach the north quickly.", "aid must reach the north quickly"),
])
def test_what_two_people_say_together_is_each_ones_statement(text, said_together):
    assert said(text) == [(name, "indirect", said_together) for name in BOTH]


def test_who_they_are_needs_a_meeting_and_a_deputy_is_no_one():
    assert said("They said the plan would fail, and they agreed that nothing else would work.") == []
    assert said("The two leaders welcomed the new bridge and agreed that trade must grow.") == []
    assert said("Finance Minister Ana Lima and her deputy said the budget would be balanced.") == [
        ("Ana Lima", "indirect", "the budget would be balanced")]


def test_an_acronym_after_according_to_is_the_source():
    assert said("According to NORAID, two new clinics opened in the valley this year.") == [
        ("NORAID", "indirect", "two new clinics opened in the valley this year")]


def test_sources_named_with_common_words_and_bodies_that_conclude():
    assert said("According to the Relief Food Programme, three warehouses in the port were flooded overnight.") == [
        ("Relief Food Programme", "indirect", "three warehouses in the port were flooded overnight")]
    assert said("According to the Agency's Orbit Survey Program, the old satellite will fall back to Earth in "
                "March.") == [("Orbit Survey Program", "indirect", "the old satellite will fall back to Earth in March")]
    assert said("The Civic Science Board concluded that the old bridge needed new steel cables.") == [
        ("Civic Science Board", "indirect", "the old bridge needed new steel cables")]


@pytest.mark.parametrize("text,expected", [
    ("President Okafor welcoming the delegation at the airport came with", []),
    ("The talks failed, Nigerian President Okafor said on Monday, and he then flew home to Lagos with his wife.",
     [("Okafor", "indirect", "The talks failed")]),
    ("Nigerian President Okafor refused to express support for the plan during the debate, despite repeated "
     "questions from reporters, aides said.",
     [("Aides", "indirect", "Nigerian President Okafor refused to express support for the plan during the debate, "
                            "despite repeated questions from reporters")]),
    ("Swedish Prime Minister Ana Lindqvist spoke with Nigerian President Tunde Okafor on Monday, with President "
     "Okafor offering a ride to the airport in his own car.", []),
    ("After meeting Nigerian President Okafor, Swedish Prime Minister Lindqvist and Finnish President Niinisto said "
     "the talks had gone well.", [("Lindqvist", "indirect", "the talks had gone well"),
                                  ("Niinisto", "indirect", "the talks had gone well")]),
    ("Exports fell by 12 per cent, according to figures published in Brussels.", []),
    ("Swedish President Ana Lindqvist met Nigerian President Tunde Okafor in Lagos on Monday. Later, protesters "
     "gathered outside the palace. They said the visit was a betrayal of the workers.", []),
])
def test_what_readout_and_joint_rules_leave_alone(text, expected):
    assert said(text) == expected


def test_a_colon_closes_the_clause_before_the_attribution():
    assert said("The reply was swift: Amara Okafor said the plan would fail.") == [
        ("Amara Okafor", "indirect", "the plan would fail")]


def test_a_name_the_parser_took_for_an_adverb_is_still_the_subject():
    from types import SimpleNamespace

    from spacy.tokens import Doc

    from archive import nlp
    from archive.extract.attribution import _mislabelled_subject
    from archive.extract.statements import Speaker

    words = ["Okafor", "had", "left", ",", "Vaszuk", "told", "the", "court", "."]
    heads = [2, 2, 5, 5, 5, 5, 7, 5, 5]
    deps = ["nsubj", "aux", "ccomp", "punct", "advmod", "ROOT", "det", "dobj", "punct"]
    doc = Doc(nlp.get_nlp().vocab, words=words, heads=heads, deps=deps)
    speakers = SimpleNamespace(at={4: Speaker("Ana Vaszuk", "p1", "person")})
    assert _mislabelled_subject(doc[:], doc[5], speakers).i == 4
    assert _mislabelled_subject(doc[:], doc[5], SimpleNamespace(at={})) is None


@pytest.mark.parametrize("text,speaker", [
    ("The Civic Audit Board released a report on Monday. The report warned that the old bridge needed new cables.",
     "Civic Audit Board"),
    ("A report published on Monday by the Civic Audit Board found cracks. The report warned that the old bridge "
     "needed new cables.", "Civic Audit Board"),
    ("The Civic Audit Board's latest analysis warned that the old bridge needed new cables.", "Civic Audit Board"),
    ("The Civic Audit Board released a report on Monday. According to the report, the old bridge needed new cables.",
     "Civic Audit Board"),
    ("The Civic Audit Board (CAB) met on Monday. A CAB report warned that the old bridge needed new cables.",
     "Civic Audit Board"),
])
def test_a_document_speaks_for_the_body_that_issued_it(text, speaker):
    assert said(text)[-1] == (speaker, "indirect", "the old bridge needed new cables")


def test_a_document_without_its_issuer_names_no_speaker():
    assert said("The report warned that the old bridge needed new cables.") == []


def test_it_is_the_body_named_just_before():
    assert said("The Electoral Commission of Zambia published the count on Friday. It also announced that turnout "
                "had fallen to a record low.") == [
        ("Electoral Commission of Zambia", "indirect", "turnout had fallen to a record low")]
    assert said("The Electoral Commission of Zambia met on Monday. Voters waited for hours. It said the count was "
                "fair.") == []
    assert said("It is said that the ruling party had kept its majority.") == []


def test_a_clause_the_parser_cut_in_two_is_reported_whole():
    assert said("Senator Tom Walsh left the hall, insisting the party had enough pledged votes to win the seat.") == [
        ("Tom Walsh", "indirect", "the party had enough pledged votes to win the seat")]


def test_reported_words_run_to_the_end_of_a_quotation_they_open():
    assert said('Governor Tom Walsh said the new budget “was rushed. And I think the farmers will pay for it.” He '
                'left.') == [("Tom Walsh", "indirect", "the new budget “was rushed. And I think the farmers will pay for it.”")]
    assert said('Governor Tom Walsh said the plan was "a disaster" for farmers.') == [
        ("Tom Walsh", "indirect", 'the plan was "a disaster" for farmers')]
